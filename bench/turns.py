"""``citizenbot bench turns``: whole web-chat turns over real HTTP, at several concurrencies.

The serving process (``citizenbot serve``) runs on SQLite and on PostgreSQL, side by
side with the floor measured in the same run: a bare aiohttp endpoint doing one small
read and write per request (``bench.floor``). Each request is a citizen's message
to ``POST /api/chat`` from one of many users (the API key speaks for them, and each
user sends a few messages, well under the per-user rate limit). Figures: turns per
second, p50/p99 latency, errors (any answer but 200, or no answer).

The load generator shares the machine's cores with the server it measures, so it spends
as little CPU as it can: each simulated client holds one keep-alive HTTP/1.1 connection
and writes its requests and reads the answers itself (``KeepAliveClient``, about a
quarter of the CPU of an aiohttp client session per request).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

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
TIMEOUT_S = 30
# what a request may end in besides an answer: counted as errors by their names
# (a MalformedResponse is a ValueError)
CONNECTION_ERRORS = (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError)
_STATUS_LINE = re.compile(r"HTTP/(?P<version>[0-9]\.[0-9]) (?P<status>[0-9]{3})(?: .*)?")
_HEADER_LINE = re.compile(r"(?P<name>[!#$%&'*+\-.^_`|~0-9A-Za-z]+):(?P<value>.*)")


class MalformedResponse(ValueError):
    """An answer whose head is not HTTP/1.x: ``line`` is the first line that is not."""

    def __init__(self, line: str) -> None:
        super().__init__(f"not an HTTP/1.x response head line: {line[:80]!r}")
        self.line = line


class KeepAliveClient:
    """One HTTP/1.1 connection to ``url``'s host, one request at a time (connects on
    the first request and again after the server closed it or a request failed).
    Reads answers with ``Content-Length`` or chunked."""

    def __init__(self, url: str, headers: dict[str, str] | None = None) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.path = parts.path or "/"
        lines = [f"Host: {parts.netloc}", "Content-Type: application/json"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        self._head = f"POST {self.path} HTTP/1.1\r\n" + "".join(f"{x}\r\n" for x in lines)
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def post_json(self, body: object) -> int:
        """POST ``body`` as JSON; the answer's status (its body is read and dropped)."""
        data = json.dumps(body).encode()
        try:
            if self._writer is None:
                self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
            assert self._reader is not None
            self._writer.write(
                f"{self._head}Content-Length: {len(data)}\r\n\r\n".encode("latin-1") + data
            )
            status, length, chunked, close = _parse_head(await self._reader.readuntil(b"\r\n\r\n"))
            if chunked:
                await _skip_chunks(self._reader)
            elif length:
                await self._reader.readexactly(length)
        except BaseException:
            self.close()
            raise
        if close:
            self.close()
        return status

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


def _parse_head(head: bytes) -> tuple[int, int, bool, bool]:
    """(status, content length, chunked, connection closes) of a response's head (its
    lines and the blank one ending it); ``MalformedResponse`` for a line that is not
    HTTP's."""
    status_line, *header_lines = head.decode("latin-1").removesuffix("\r\n\r\n").split("\r\n")
    found = _STATUS_LINE.fullmatch(status_line)
    if found is None:
        raise MalformedResponse(status_line)
    length, chunked, close = 0, False, found["version"] == "1.0"
    for line in header_lines:
        header = _HEADER_LINE.fullmatch(line)
        if header is None:
            raise MalformedResponse(line)
        name, value = header["name"].lower(), header["value"].strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding":
            chunked = "chunked" in value
        elif name == "connection":
            close = value == "close"
    return int(found["status"]), length, chunked, close


async def _skip_chunks(reader: asyncio.StreamReader) -> None:
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        await reader.readexactly(size + 2)  # the chunk and its CRLF
        if size == 0:
            return


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

    async def worker(client: KeepAliveClient) -> None:
        while not queue.empty():
            i = queue.get_nowait()
            body = {"user_id": f"bench-{run}-{i % users}", "text": MESSAGES[i % len(MESSAGES)]}
            started = time.perf_counter()
            try:
                async with asyncio.timeout(TIMEOUT_S):
                    status = await client.post_json(body)
                if status != 200:
                    errors[str(status)] += 1
            except (*CONNECTION_ERRORS, TimeoutError) as exc:
                errors[type(exc).__name__] += 1
            latencies.append((time.perf_counter() - started) * 1000)

    clients = [KeepAliveClient(url, headers) for _ in range(concurrency)]
    try:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for client in clients))
        seconds = time.perf_counter() - started
    finally:
        for client in clients:
            client.close()
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
