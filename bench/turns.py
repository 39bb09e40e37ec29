"""``citizenbot bench load``: whole turns over real HTTP, at several concurrencies.

The serving process (``citizenbot serve``) runs on SQLite and on PostgreSQL, side by
side with the floor measured in the same run: a bare aiohttp endpoint doing one small
read and write per request (``bench.floor``). Each request is a citizen's message
to ``POST /api/chat`` from one of many users (the API key speaks for them, and each
user sends a few messages, well under the per-user rate limit). Figures: turns per
second, p50/p99 latency, errors (any answer but 200, or no answer).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.core import percentile

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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _wait_healthy(url: str, process: asyncio.subprocess.Process, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
            with contextlib.suppress(aiohttp.ClientError, OSError):
                async with session.get(url, timeout=aiohttp.ClientTimeout(total=2)) as resp:
                    if resp.status == 200:
                        return
            await asyncio.sleep(0.2)
    raise RuntimeError(f"server not healthy within {timeout_s} s")


@contextlib.asynccontextmanager
async def _process(args: list[str], env: dict, health: str) -> AsyncIterator[None]:
    process = await asyncio.create_subprocess_exec(
        *args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        await _wait_healthy(health, process, timeout_s=180)
        yield
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()


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


@contextlib.asynccontextmanager
async def _postgres(url: str | None) -> AsyncIterator[str]:
    """The given PostgreSQL, or a throwaway one started by the project's own helper."""
    if url:
        yield url
        return
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.postgres_server", stdout=subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 120)).decode()
        match = re.match(r"CITIZENBOT_DATABASE_URL=(\S+)", line)
        if not match:
            raise RuntimeError(f"PostgreSQL did not start: {line!r}")
        yield match.group(1)
    finally:
        process.terminate()
        await process.wait()


async def bench_load(config_path: Path, n: int, postgres_url: str | None) -> str:
    rows: list[tuple[str, LevelResult]] = []
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        port = _free_port()
        floor_url = f"sqlite+aiosqlite:///{Path(tmp) / 'floor.db'}"
        floor_args = [sys.executable, "-m", "bench.floor", str(port), floor_url]
        base = f"http://127.0.0.1:{port}"
        async with _process(floor_args, _env(floor_url, config_path), base + "/healthz"):
            for r in await _measure(base, "/turn", {}, n, "floor"):
                rows.append(("floor: bare aiohttp, one read + one write (SQLite)", r))
        async with _postgres(postgres_url) as pg_url:
            for label, url in (("SQLite", sqlite_url), ("PostgreSQL", pg_url)):
                port = _free_port()
                args = [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)]
                base = f"http://127.0.0.1:{port}"
                headers = {"Authorization": f"Bearer {BENCH_KEY}"}
                async with _process(args, _env(url, config_path), base + "/healthz"):
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


def run_load(config_path: Path, n: int, postgres_url: str | None) -> str:
    return asyncio.run(bench_load(config_path, n, postgres_url))
