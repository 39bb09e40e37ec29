"""``citizenbot bench load``: Telegram traffic end to end, through the webhook.

Each row is one deployment started for the run: ``citizenbot serve`` in webhook mode
(``--workers N``) on SQLite with one worker and on PostgreSQL with 1, 2 and 4 workers
(the PostgreSQL the tests use, a fresh database each), and, as the ceiling, a bare
aiohttp endpoint (``bench.floor``) that does one small PostgreSQL read and write per
update and echoes its text with one ``sendMessage``. The Telegram side is
``bench.telegram_traffic``: a fake Bot API over HTTP, and many chats posting updates
as Telegram does (each chat's next update once the previous one was answered).
Measured from "update posted" to "reply received by the fake Telegram": updates per
second, p50/p95/p99, errors (posts not acknowledged), lost, duplicated and
out-of-order replies, and the resident memory of each worker.

The fake Bot API has no rate limit, so the bot's own (``telegram.messages_per_second``,
30 by Telegram's rules) is lifted for the run: with it, no row could pass 30 updates/s.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psutil
from sqlalchemy.engine import make_url

from bench.fake_bot_api import FakeBotApi
from bench.processes import free_port, served, throwaway_postgres
from bench.telegram_traffic import TEXTS, TrafficResult, send_traffic
from knowledge.storage.db import Database

SECRET = "bench-webhook-secret-0123456789"
WEBHOOK_PATH = "/telegram/webhook-bench"
DEPLOYMENTS = (("SQLite", 1), ("PostgreSQL", 1), ("PostgreSQL", 2), ("PostgreSQL", 4))
WARM_CHATS = 16


@dataclass(frozen=True)
class Row:
    label: str
    workers: int
    result: TrafficResult
    rss_mib: tuple[float, ...]
    cpu_ms_per_update: float  # all its workers' CPU (user + system) over the measured updates


def _env(config: Path, database_url: str, api: FakeBotApi) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "CITIZENBOT_"))}
    env.update(
        CITIZENBOT_CONFIG=str(config),
        CITIZENBOT_DATABASE_URL=database_url,
        CITIZENBOT_TELEGRAM__MODE="webhook",
        CITIZENBOT_TELEGRAM__MESSAGES_PER_SECOND="10000",
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_BASE_URL=api.base_url,
        TELEGRAM_WEBHOOK_URL=f"https://bench.invalid{WEBHOOK_PATH}",
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        CITIZENBOT_SESSION_SECRET="bench-session-secret-" + "x" * 32,
        NO_PROXY="127.0.0.1,localhost",
    )
    return env


async def _new_postgres_database(server_url: str, name: str) -> str:
    """A fresh database on the server of ``server_url``; its URL."""
    admin = Database(server_url)
    try:
        engine = admin.engine.execution_options(isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            await conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            await conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _workers(process: psutil.Process, count: int) -> list[psutil.Process]:
    """The serving processes: the supervisor's children, or the process itself."""
    if count == 1:
        return [process]
    return [c for c in process.children() if c.status() != psutil.STATUS_ZOMBIE]


async def _all_listening(process: psutil.Process, count: int, port: int) -> None:
    """Until every worker listens on ``port`` (each has loaded its models)."""
    for _ in range(1800):
        workers = _workers(process, count)
        listening = [
            w
            for w in workers
            if any(c.laddr and c.laddr.port == port for c in w.net_connections("tcp"))
        ]
        if len(workers) == count and len(listening) == count:
            return
        await asyncio.sleep(0.1)  # a starting process gives no event to wait on
    raise RuntimeError(f"{count} workers did not all listen on port {port}")


@dataclass(frozen=True)
class Deployment:
    label: str
    args: list[str]
    env: dict
    port: int
    path: str  # where updates are posted
    workers: int = 1
    sets_webhook: bool = True


async def _measure(api: FakeBotApi, deployment: Deployment, chats: int, first: int) -> Row:
    """Start ``deployment``, warm it up, measure ``chats`` chats sending every text."""
    api.webhook = None
    health = f"http://127.0.0.1:{deployment.port}/healthz"
    async with served(deployment.args, deployment.env, health) as process:
        await _all_listening(psutil.Process(process.pid), deployment.workers, deployment.port)
        if deployment.sets_webhook:
            await api.wait_webhook(60)
        urls = [f"http://127.0.0.1:{deployment.port}{deployment.path}"]
        per_chat = len(TEXTS)
        await send_traffic(
            api, urls, SECRET, chats=WARM_CHATS, per_chat=per_chat, first_chat_id=first
        )
        workers = _workers(psutil.Process(process.pid), deployment.workers)
        before = _cpu_s(workers)
        result = await send_traffic(
            api, urls, SECRET, chats=chats, per_chat=per_chat, first_chat_id=first + 1000
        )
        spent = _cpu_s(workers) - before
        rss = tuple(w.memory_info().rss / 2**20 for w in workers)
    updates = chats * per_chat
    return Row(deployment.label, deployment.workers, result, rss, 1000 * spent / updates)


def _cpu_s(workers: list[psutil.Process]) -> float:
    """The CPU seconds (user + system) the workers have used so far."""
    return sum(sum(w.cpu_times()[:2]) for w in workers)


async def bench_load(config: Path, chats: int, postgres_url: str | None) -> str:
    rows: list[Row] = []
    python = sys.executable
    async with FakeBotApi() as api, throwaway_postgres(postgres_url) as server:
        first = 7_000_000
        floor_db = await _new_postgres_database(server, "bench_floor")
        port = free_port()
        floor = Deployment(
            "floor: bare aiohttp, one read + one write, echo (PostgreSQL)",
            [python, "-m", "bench.floor", str(port), floor_db, f"{api.base_url}{api.token}"],
            _env(config, floor_db, api),
            port,
            "/webhook",
            sets_webhook=False,
        )
        rows.append(await _measure(api, floor, chats, first))
        with tempfile.TemporaryDirectory() as tmp:
            for number, (database, workers) in enumerate(DEPLOYMENTS, start=1):
                if database == "SQLite":
                    url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
                else:
                    url = await _new_postgres_database(server, f"bench_load_{workers}")
                port = free_port()
                args = [python, "-m", "bot.cli", "serve", "--port", str(port)]
                if workers > 1:
                    args += ["--workers", str(workers)]
                label = f"citizenbot serve, webhook ({database})"
                deployment = Deployment(
                    label, args, _env(config, url, api), port, WEBHOOK_PATH, workers
                )
                rows.append(await _measure(api, deployment, chats, first + number * 10_000))
    return _table(rows, chats)


def _table(rows: list[Row], chats: int) -> str:
    lines = [
        f"Telegram updates end to end through the webhook ({chats} chats at once, "
        f"{len(TEXTS)} updates each; 2-core machine, load generator and fake Telegram "
        "on it too)",
        "",
        "| server | workers | updates/s | p50 ms | p95 ms | p99 ms | errors | lost | "
        "duplicated | out of order | RSS MiB per worker | worker CPU ms per update |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        r = row.result
        errors = sum(n for _, n in r.post_errors)
        kinds = ", ".join(f"{k}: {n}" for k, n in r.post_errors)
        rss = " / ".join(f"{m:.0f}" for m in row.rss_mib)
        lines.append(
            f"| {row.label} | {row.workers} | {r.per_second:.0f} | {r.p50_ms:.0f} | "
            f"{r.p95_ms:.0f} | {r.p99_ms:.0f} | {errors}{f' ({kinds})' if kinds else ''} | "
            f"{r.lost} | {r.duplicated} | {r.out_of_order} | {rss} | "
            f"{row.cpu_ms_per_update:.1f} |"
        )
    floor = rows[0].result.per_second
    served = [r for r in rows[1:] if "PostgreSQL" in r.label]
    one = next((r.result.per_second for r in served if r.workers == 1), 0)
    if floor:
        lines += ["", f"One PostgreSQL worker: {one / floor:.0%} of the floor."]
    return "\n".join(lines)


def run_load(config: Path, chats: int, postgres_url: str | None) -> str:
    return asyncio.run(bench_load(config, chats, postgres_url))
