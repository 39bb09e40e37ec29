"""``citizenbot bench turns``: whole web-chat turns over real HTTP, at several concurrencies.

The serving process (``citizenbot serve``) runs on SQLite and on PostgreSQL, side by
side with the floor measured in the same run: a bare aiohttp endpoint doing one small
read and write per request (``bench.floor``). Each request is a citizen's message
to ``POST /api/chat`` from one of many users (the API key speaks for them, and each
user sends a few messages, well under the per-user rate limit). Figures: turns per
second, p50/p99 latency, errors (any answer but 200, or no answer).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.core import percentile
from bench.processes import free_port, served, throwaway_postgres

LEVELS = (1, 8, 32, 64)
MESSAGES = (
    "lấy vợ cần giấy tờ gì",
    "đăng ký tạm trú mất bao lâu",
    "phường Bến Nghé quận 1 giờ thuộc phường nào",
    "xin chào",
    "làm căn cước cho con dưới 6 tuổi ở đâu",
)
BENCH_KEY = "bench-key-not-a-secret-0123456789"
TURNS_PER_USER = 5


@dataclass(frozen=True)
class LevelResult:
    concurrency: int
    turns: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    error_kinds: tuple[tuple[str, int], ...]

    @property
    def per_second(self) -> float:
        return self.turns / self.seconds if self.seconds else 0.0


async def _level(url: str, concurrency: int, n: int, headers: dict, run: str) -> LevelResult:
    users = max(1, n // TURNS_PER_USER)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    timeout = aiohttp.ClientTimeout(total=30)

    async def worker(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            i = queue.get_nowait()
            body = {"user_id": f"bench-{run}-{i % users}", "text": MESSAGES[i % len(MESSAGES)]}
            started = time.perf_counter()
            try:
                async with session.post(url, json=body, headers=headers) as resp:
                    await resp.read()
                    if resp.status != 200:
                        errors[str(resp.status)] += 1
            except (aiohttp.ClientError, TimeoutError) as exc:
                errors[type(exc).__name__] += 1
            latencies.append((time.perf_counter() - started) * 1000)

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    return LevelResult(
        concurrency,
        n,
        seconds,
        percentile(latencies, 50),
        percentile(latencies, 99),
        sum(errors.values()),
        tuple(sorted(errors.items())),
    )


async def _measure(base: str, path: str, headers: dict, n: int, name: str) -> list[LevelResult]:
    await _level(base + path, 8, 40, headers, f"{name}-warm")  # warm caches and pools
    return [await _level(base + path, c, n, headers, f"{name}-{c}") for c in LEVELS]


def _env(database_url: str, config: Path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("TELEGRAM_BOT_TOKEN", "CITIZENBOT_DATABASE_URL")
    }
    env.update(
        CITIZENBOT_DATABASE_URL=database_url,
        CITIZENBOT_API_KEY=BENCH_KEY,
        CITIZENBOT_CONFIG=str(config),
        NO_PROXY="127.0.0.1,localhost",
        CITIZENBOT_SESSION_SECRET="bench-session-secret-" + "x" * 32,
    )
    return env


async def bench_turns(config_path: Path, n: int, postgres_url: str | None) -> str:
    rows: list[tuple[str, LevelResult]] = []
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        port = free_port()
        floor_url = f"sqlite+aiosqlite:///{Path(tmp) / 'floor.db'}"
        floor_args = [sys.executable, "-m", "bench.floor", str(port), floor_url]
        base = f"http://127.0.0.1:{port}"
        async with served(floor_args, _env(floor_url, config_path), base + "/healthz"):
            for r in await _measure(base, "/turn", {}, n, "floor"):
                rows.append(("floor: bare aiohttp, one read + one write (SQLite)", r))
        async with throwaway_postgres(postgres_url) as pg_url:
            for label, url in (("SQLite", sqlite_url), ("PostgreSQL", pg_url)):
                port = free_port()
                args = [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)]
                base = f"http://127.0.0.1:{port}"
                headers = {"Authorization": f"Bearer {BENCH_KEY}"}
                async with served(args, _env(url, config_path), base + "/healthz"):
                    for r in await _measure(base, "/api/chat", headers, n, label):
                        rows.append((f"citizenbot serve, whole turns ({label})", r))
    lines = [
        f"Turns over real HTTP ({n} per level; one serving process; 2-core machine)",
        "",
        "| server | concurrency | turns/s | p50 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|",
    ]
    for label, r in rows:
        kinds = ", ".join(f"{k}: {v}" for k, v in r.error_kinds)
        lines.append(
            f"| {label} | {r.concurrency} | {r.per_second:.0f} | {r.p50_ms:.0f} | "
            f"{r.p99_ms:.0f} | {r.errors}{f' ({kinds})' if kinds else ''} |"
        )
    return "\n".join(lines)


def run_turns(config_path: Path, n: int, postgres_url: str | None) -> str:
    return asyncio.run(bench_turns(config_path, n, postgres_url))
