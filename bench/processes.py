"""What the HTTP benchmarks share: free ports, servers started in their own processes
(and stopped again), and a throwaway PostgreSQL started by the project's own helper."""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator

import aiohttp


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def wait_healthy(url: str, process: asyncio.subprocess.Process, timeout_s: float) -> None:
    """Until ``url`` answers 200 (fails when the process exits or time runs out)."""
    deadline = time.monotonic() + timeout_s
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
            with contextlib.suppress(aiohttp.ClientError, OSError):
                async with session.get(url, timeout=aiohttp.ClientTimeout(total=2)) as resp:
                    if resp.status == 200:
                        return
            await asyncio.sleep(0.2)  # polling a server that is starting: nothing to wait on
    raise RuntimeError(f"server not healthy within {timeout_s} s")


@contextlib.asynccontextmanager
async def served(
    args: list[str], env: dict, health: str, timeout_s: float = 180
) -> AsyncIterator[asyncio.subprocess.Process]:
    """A server process, healthy, until the block ends (then SIGTERM, SIGKILL after 30 s)."""
    process = await asyncio.create_subprocess_exec(
        *args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        await wait_healthy(health, process, timeout_s)
        yield process
    finally:
        await stop_process(process, 30)


async def stop_process(process: asyncio.subprocess.Process, timeout_s: float) -> None:
    """SIGTERM (when still running), then SIGKILL if it has not exited in ``timeout_s``."""
    if process.returncode is None:
        process.terminate()
    try:
        await asyncio.wait_for(process.wait(), timeout_s)
    except TimeoutError:
        process.kill()
        await process.wait()


@contextlib.asynccontextmanager
async def throwaway_postgres(url: str | None) -> AsyncIterator[str]:
    """The given PostgreSQL, or a throwaway one started by the project's own helper
    (tests/postgres_server.py, the same server the tests use)."""
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
