"""`citizenbot serve --workers N`: N serving processes on one port, one database.

The supervisor starts N copies of `serve --worker I` (the kernel spreads connections
among them: SO_REUSEPORT), passes SIGINT/SIGTERM on, and starts again a worker that
died. What must happen once is decided by the database, not by the supervisor:
migrations run under a lock, every outbox message is claimed by one deliverer,
every Telegram update is written with its turn (``processed_turns``), and each periodic
job runs in the worker holding its lease (bot/periodic.py). Worker 0 polls Telegram or
registers the webhook; in webhook mode every worker answers Telegram's posts.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

logger = logging.getLogger(__name__)

RESTART_LIMIT = 20  # workers that keep dying are not restarted for ever: at most this many
RESTART_WINDOW_S = 600.0  # ... restarts within this many seconds


class RestartBudget:
    """At most ``limit`` restarts within any ``window_s`` seconds: a worker that dies now
    and then, over weeks, is always started again; workers dying in a loop are not."""

    def __init__(
        self,
        limit: int = RESTART_LIMIT,
        window_s: float = RESTART_WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._recent: deque[float] = deque()

    def allow(self) -> bool:
        """Whether one more restart is allowed now (it is counted if so)."""
        now = self.clock()
        while self._recent and now - self._recent[0] >= self.window_s:
            self._recent.popleft()
        if len(self._recent) >= self.limit:
            return False
        self._recent.append(now)
        return True


def run_workers(count: int, port: int, config_file: Path) -> int:
    """Supervise ``count`` workers until SIGINT/SIGTERM; the exit code."""
    env = {**os.environ, "CITIZENBOT_CONFIG": str(config_file)}

    def start(index: int) -> subprocess.Popen:
        command = [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)]
        process = subprocess.Popen(
            [*command, "--worker", str(index), "--workers", str(count)], env=env
        )
        logger.info("worker %d started (pid %d)", index, process.pid)
        return process

    workers = {index: start(index) for index in range(count)}
    stopping = False

    def stop(signum, _frame) -> None:
        nonlocal stopping
        stopping = True
        for process in workers.values():
            if process.poll() is None:
                process.send_signal(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    budget = RestartBudget()
    gave_up = False
    while workers:
        pid, status = os.wait()  # blocks until a worker exits (signals interrupt it)
        index = next((i for i, p in workers.items() if p.pid == pid), None)
        if index is None:
            continue
        workers[index].returncode = os.waitstatus_to_exitcode(status)
        if stopping:
            del workers[index]
            continue
        if not budget.allow():
            logger.error(
                "workers keep dying (%d restarts in %d s): stopping",
                budget.limit,
                budget.window_s,
            )
            gave_up = True
            stop(signal.SIGTERM, None)
            del workers[index]
            continue
        logger.warning(
            "worker %d (pid %d) exited with %s; starting it again",
            index,
            pid,
            workers[index].returncode,
        )
        workers[index] = start(index)
        if stopping:  # SIGTERM came while it was being started: it stops too
            workers[index].send_signal(signal.SIGTERM)
    return 0 if stopping and not gave_up else 1
