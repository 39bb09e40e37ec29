"""Faults while loaded: real `citizenbot serve` processes in webhook mode on a real
PostgreSQL, Telegram played by a fake Bot API over HTTP, many citizens writing at once
(bench.telegram_traffic posts their updates as Telegram does, again when a post fails).

A worker killed with SIGKILL half-way, PostgreSQL stopped for a while, Telegram
answering 429 and then 5xx: every citizen still gets each answer, in order, and once --
except, after the SIGKILL, the few replies the killed worker had just sent but not yet
recorded as sent: those are sent again (delivery is at least once).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import signal
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
import yaml

from bench.fake_bot_api import FakeBotApi
from bench.processes import stop_process
from bench.telegram_traffic import SECRET_HEADER, TrafficResult, is_busy, send_traffic
from bot.serve import ALIVE_EVERY_S
from tests import postgres_server as pg
from tests.served_bot import ROOT, free_port

logger = logging.getLogger(__name__)

SECRET = "faults-under-load_0123456789"
WEBHOOK_PATH = "/telegram/webhook-faults"
CHATS, PER_CHAT = 25, 8  # 200 updates a story
START_TIMEOUT_S = 180
WORKER_1_STARTED = r"worker 1 started \(pid (\d+)\)"  # the supervisor's log line


@pytest.fixture(scope="module")
def postgres():
    """A PostgreSQL server of this module's own (one story stops it at once, as a crash
    would: durable, as in production), fresh databases on it."""
    server = pg.start(durable=True)
    try:
        yield server
    finally:
        server.stop()


async def fresh_database(server: pg.LocalPostgres) -> str:
    """A new, empty database: the workers migrate and seed it as they start."""
    name = f"faults_{uuid.uuid4().hex[:8]}"
    await pg.create_database(server.address, name)
    return server.address.url(name)


class Log:
    """A process's stderr read as it comes: kept in a file, and waited on line by line."""

    def __init__(self, stream: asyncio.StreamReader, path: Path) -> None:
        self.lines: list[str] = []
        self.ended = False
        self._changed = asyncio.Event()
        self.task = asyncio.create_task(self._read(stream, path))

    async def _read(self, stream: asyncio.StreamReader, path: Path) -> None:
        with path.open("w", encoding="utf-8") as out:
            async for raw in stream:
                line = raw.decode("utf-8", errors="replace").rstrip("\n")
                out.write(line + "\n")
                self.lines.append(line)
                self._notify()
        self.ended = True
        self._notify()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def matching(self, pattern: str) -> list[re.Match]:
        found = (re.search(pattern, line) for line in self.lines)
        return [match for match in found if match]

    async def wait_for(self, pattern: str, count: int = 1, timeout: float = 60) -> list[re.Match]:  # noqa: ASYNC109
        """The first ``count`` lines matching ``pattern``, once they were written."""
        async with asyncio.timeout(timeout):
            while len(self.matching(pattern)) < count:
                if self.ended:
                    tail = "\n".join(self.lines[-30:])
                    raise AssertionError(f"the process ended before {pattern!r}:\n{tail}")
                await self._changed.wait()
        return self.matching(pattern)[:count]


@dataclass(frozen=True)
class Served:
    process: asyncio.subprocess.Process
    url: str  # where Telegram posts the updates
    log: Log


@contextlib.asynccontextmanager
async def serving(
    folder: Path,
    database_url: str,
    api: FakeBotApi,
    model_dir: Path,
    cache_dir: Path,
    workers: int = 1,
) -> AsyncIterator[Served]:
    """`citizenbot serve [--workers N]` in webhook mode, until every worker is up."""
    data = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    data["nlu"]["model_dir"] = str(model_dir)
    data["nlu"]["data_dir"] = str(ROOT / "nlu" / "data")
    data["cache_dir"] = str(cache_dir)
    config = folder / "config.yml"
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "NO_PROXY": "127.0.0.1,localhost",
        "PTB_TIMEDELTA": "1",
        "CITIZENBOT_CONFIG": str(config),
        "CITIZENBOT_DATABASE_URL": database_url,
        "CITIZENBOT_SESSION_SECRET": "faults-under-load-session-secret-0123456789",
        "CITIZENBOT_TELEGRAM__MODE": "webhook",
        # the fake has no flood limit of its own; the 429 story makes one
        "CITIZENBOT_TELEGRAM__MESSAGES_PER_SECOND": "1000",
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_BASE_URL": api.base_url,
        "TELEGRAM_WEBHOOK_URL": f"https://citizenbot.example.test{WEBHOOK_PATH}",
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
    }
    options = ["--workers", str(workers)] if workers > 1 else []
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot.cli", "serve", "--port", str(port), *options),
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    log = Log(process.stderr, folder / "serve.log")
    try:
        await log.wait_for("telegram bot started", count=workers, timeout=START_TIMEOUT_S)
        yield Served(process, f"http://127.0.0.1:{port}{WEBHOOK_PATH}", log)
    finally:
        await stop_process(process, 60)
        await log.task


def assert_every_answer_once_in_order(
    result: TrafficResult, api: FakeBotApi, *moments: object
) -> None:
    assert result.acknowledged == result.updates == CHATS * PER_CHAT
    counts = result.lost, result.duplicated, result.out_of_order, result.unexpected
    assert counts == (0, 0, 0, 0), (counts, twice(api), moments)


def twice(api: FakeBotApi) -> dict[int, list[tuple[str, list[float]]]]:
    """For a failure's message: each chat's replies received more than once, and when."""
    found: dict[int, list[tuple[str, list[float]]]] = {}
    for chat in api.chats():
        times: dict[str, list[float]] = {}
        for reply in api.replies(chat):
            if not is_busy(reply.text):
                times.setdefault(reply.text, []).append(round(reply.at, 3))
        repeated = [(text[:40], at) for text, at in times.items() if len(at) > 1]
        if repeated:
            found[chat] = repeated
    return found


async def post_with_secret(url: str, secret: str | None) -> int:
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 1_750_000_000,
            "chat": {"id": 690001, "type": "private", "first_name": "Dân"},
            "from": {"id": 690001, "is_bot": False, "first_name": "Dân"},
            "text": "xin chào",
        },
    }
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json=update, headers=headers) as resp:
            return resp.status


async def traffic_with(
    fault: Callable[[FakeBotApi], Awaitable[None]], at: int, api: FakeBotApi, bot: Served
) -> TrafficResult:
    """Citizens writing as usual, and ``fault`` starting once ``at`` updates were
    acknowledged (the traffic goes on meanwhile); both run to their end."""
    started: list[asyncio.Task] = []

    def start_fault(acknowledged: int) -> None:
        if acknowledged == at:
            started.append(asyncio.create_task(fault(api)))

    result = await send_traffic(
        api, [bot.url], SECRET, chats=CHATS, per_chat=PER_CHAT, on_acknowledged=start_fault
    )
    await started[0]
    return result


def replies_seen(api: FakeBotApi, busy: bool) -> list[float]:
    """When each apology (``busy``) or each real answer reached Telegram."""
    return sorted(
        reply.at
        for chat in api.chats()
        for reply in api.replies(chat)
        if is_busy(reply.text) == busy
    )


async def test_a_worker_killed_half_way_loses_no_update_and_repeats_only_what_was_in_flight(
    postgres, tmp_path, trained_model_dir, build_cache_dir
):
    # two workers start at the same moment on a new database: migrated and seeded once
    database = await fresh_database(postgres)
    async with (
        FakeBotApi() as api,
        serving(tmp_path, database, api, trained_model_dir, build_cache_dir, 2) as bot,
    ):
        assert (await api.wait_webhook(10))["secret_token"] == SECRET
        assert not bot.log.matching(r"exited with|Traceback")  # neither died seeding it
        assert await post_with_secret(bot.url, "wrong-secret") == 401
        assert await post_with_secret(bot.url, None) == 401

        killed: list[int] = []
        killed_at: list[float] = []
        starts = len(bot.log.matching(WORKER_1_STARTED))

        def kill_half_way(acknowledged: int) -> None:
            if acknowledged == CHATS * PER_CHAT // 2:
                killed.append(int(bot.log.matching(WORKER_1_STARTED)[-1].group(1)))
                os.kill(killed[0], signal.SIGKILL)
                killed_at.append(time.monotonic())

        result = await send_traffic(
            api, [bot.url], SECRET, chats=CHATS, per_chat=PER_CHAT, on_acknowledged=kill_half_way
        )

        assert result.resent > 0  # the kill cut posts short: Telegram posted them again
        assert api.replies(690001) == []  # the posts with a wrong secret were not handled
        # the supervisor started the killed worker again
        restarted = await bot.log.wait_for(WORKER_1_STARTED, count=starts + 1)
        assert int(restarted[-1].group(1)) != killed[0]
        assert bot.log.matching(rf"worker 1 \(pid {killed[0]}\) exited with -9; starting it again")
        assert result.acknowledged == result.updates == CHATS * PER_CHAT
        assert (result.lost, result.out_of_order, result.unexpected) == (0, 0, 0)
        # At least once: a reply the killed worker had sent but not yet recorded as sent
        # (a few milliseconds, tens under load) is sent again by the other worker. Only
        # those go twice -- their first copy reached Telegram before the kill -- never more.
        # The first copy may reach the fake a moment after os.kill returns (its bytes
        # were on the way); the second cannot come before the dead worker's alive lease,
        # renewed at most ALIVE_EVERY_S before the kill, has run out (3 renewals).
        takeover = killed_at[0] + ALIVE_EVERY_S
        for chat, repeated in twice(api).items():
            for text, times in repeated:
                assert len(times) == 2 and times[0] < takeover <= times[1], (chat, text)


async def test_postgres_stopped_under_load_gets_busy_replies_and_service_is_back_soon(
    postgres, tmp_path, trained_model_dir, build_cache_dir
):
    database = await fresh_database(postgres)
    resumed: list[float] = []

    async def database_out_for_a_while(api: FakeBotApi) -> None:
        await asyncio.to_thread(postgres.pause)
        paused = time.monotonic()
        # out until citizens were told the system is busy a hundred and fifty times (some
        # seconds: Telegram posts each update again, a little later each time)
        told = await api.wait_until(lambda: len(replies_seen(api, busy=True)) >= 150, 60)
        await asyncio.to_thread(postgres.resume)
        resumed.append(time.monotonic())
        logger.info("PostgreSQL was out for %.1f s", resumed[0] - paused)
        assert told, "no busy replies while the database was out"

    async with (
        FakeBotApi() as api,
        serving(tmp_path, database, api, trained_model_dir, build_cache_dir) as bot,
    ):
        third_of_the_way = CHATS * PER_CHAT // 3
        result = await traffic_with(database_out_for_a_while, third_of_the_way, api, bot)

        assert result.busy_replies >= 150
        assert bot.process.returncode is None  # the server stayed up throughout
        # A functional bound stated by the issue (service back within 5 s of the
        # database), not a speed measurement: generous, and timed by the fake Telegram.
        first_answer = next(at for at in replies_seen(api, busy=False) if at > resumed[0])
        logger.info("first answer %.2f s after the database was back", first_answer - resumed[0])
        assert first_answer - resumed[0] < 5.0
        assert_every_answer_once_in_order(result, api)


async def test_telegram_refusing_with_429_then_5xx_delays_replies_but_loses_none(
    postgres, tmp_path, trained_model_dir, build_cache_dir
):
    database = await fresh_database(postgres)

    async def telegram_refuses_for_a_while(api: FakeBotApi) -> None:
        api.refuse(429, retry_after=1)
        await api.wait_until(lambda: api.refused[429] >= 20, 60)
        api.refuse(502)
        await api.wait_until(lambda: api.refused[502] >= 20, 60)
        api.accept()

    async with (
        FakeBotApi() as api,
        serving(tmp_path, database, api, trained_model_dir, build_cache_dir) as bot,
    ):
        quarter_of_the_way = CHATS * PER_CHAT // 4
        result = await traffic_with(telegram_refuses_for_a_while, quarter_of_the_way, api, bot)

        assert_every_answer_once_in_order(result, api)
        assert api.refused[429] >= 20 and api.refused[502] >= 20
        assert api.other_sends == []
        assert bot.process.returncode is None
