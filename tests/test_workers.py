"""`citizenbot serve --workers 2`: two serving processes on one port and one database; a
worker killed with SIGKILL is started again, and the others keep answering meanwhile.
`citizenbot db upgrade` makes the schema of a new database."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import aiohttp
import psutil

from tests.served_bot import ROOT, START_TIMEOUT_S, STOP_TIMEOUT_S, ServedBot

API_KEY = "workers-test-key-0123456789"


async def ask(bot: ServedBot, user: str) -> int:
    """A citizen's message; a connection the killed worker had taken but not answered is
    reset, and is sent again once, as a reverse proxy would."""
    headers = {"Authorization": f"Bearer {API_KEY}"}
    body = {"user_id": user, "text": "lấy vợ cần giấy tờ gì"}
    async with aiohttp.ClientSession() as session:
        for attempt in (1, 2):
            try:
                url = f"{bot.base_url}/api/chat"
                async with session.post(url, json=body, headers=headers) as resp:
                    await resp.read()
                    return resp.status
            except aiohttp.ClientOSError:
                if attempt == 2:
                    raise
    raise AssertionError("unreachable")


def _running(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:  # reaped meanwhile
        return False


async def workers_of(
    bot: ServedBot, count: int, gone: psutil.Process | None = None
) -> list[psutil.Process]:
    """The supervisor's live workers once there are ``count`` of them, ``gone`` (a
    killed worker) not among them (bounded wait; a process is its pid and start time)."""
    parent = psutil.Process(bot.process.pid)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        children = [c for c in parent.children() if _running(c)]
        if len(children) == count and gone not in children:
            return children
        await asyncio.sleep(0.1)  # (processes are looked at: nothing to wait on)
    raise AssertionError(f"expected {count} workers, found {len(children)}")


async def listening(workers: list[psutil.Process]) -> None:
    """Once every one of ``workers`` has its socket open (bounded wait: a worker loads
    its models first, some 20 s, several times that on a loaded machine): a worker still
    loading them is alive but answers nobody yet."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if all(
            any(c.status == psutil.CONN_LISTEN for c in w.net_connections(kind="tcp"))
            for w in workers
        ):
            return
        await asyncio.sleep(0.1)
    raise AssertionError("a worker never opened its socket")


async def test_two_workers_serve_one_port_and_a_killed_one_comes_back(
    tmp_path, seeded_database, trained_model_dir, build_cache_dir
):
    shutil.copy(seeded_database, tmp_path / "bot.db")
    bot = ServedBot(tmp_path, trained_model_dir, build_cache_dir)
    bot.env["CITIZENBOT_API_KEY"] = API_KEY
    async with bot.serving("--workers", "2"):
        first, second = await workers_of(bot, 2)
        await listening([first, second])  # both answer, not only the first one up
        statuses = await asyncio.gather(*(ask(bot, f"u{i}") for i in range(20)))
        assert statuses == [200] * 20

        os.kill(first.pid, signal.SIGKILL)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while _running(first):  # until the kernel has closed the killed worker's socket
            assert time.monotonic() < deadline, "the killed worker is still running"
            await asyncio.sleep(0.01)
        assert await ask(bot, "during") == 200  # the other worker answers meanwhile
        again = await workers_of(bot, 2, gone=first)
        assert first not in again
        await listening(again)  # the new worker starts (loads its models) and answers too
        statuses = await asyncio.gather(*(ask(bot, f"v{i}") for i in range(20)))
        assert statuses == [200] * 20
    assert bot.process.returncode == 0  # SIGTERM stopped the supervisor and its workers
    assert not psutil.pid_exists(second.pid) or psutil.Process(second.pid).status() == "zombie"


def test_db_upgrade_brings_a_new_database_to_the_current_schema(tmp_path):
    database = tmp_path / "new.db"
    env = {"PATH": "/usr/bin:/bin", "CITIZENBOT_DATABASE_URL": f"sqlite+aiosqlite:///{database}"}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "up to date" in done.stdout
    with sqlite3.connect(database) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"job_leases", "processed_turns", "handoff_requests", "volunteers"} <= tables
