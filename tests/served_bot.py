"""A real `citizenbot serve` process and a real Chromium, for end-to-end tests.

``ServedBot`` writes a config for a fresh SQLite database, runs CLI commands against it
(``staff add`` with the password on stdin, as an admin would) and starts the server;
``chromium`` launches Debian's Chromium (scripts/browser.sh installs it) through
Playwright with ``executable_path`` (Playwright cannot download browsers here).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CITIZENBOT_CHROMIUM", "/usr/bin/chromium")
# Upper bounds on waiting for a server process, for a loaded 2-core machine (a CI run
# beside other work): starting (migrating, loading the models) and stopping.
START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 60.0
# Without the background-networking flags Chromium keeps trying to reach Google's hosts,
# which this closed network refuses.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServedBot:
    """One deployment in a temporary folder: its config, its database, its server."""

    def __init__(self, folder: Path, model_dir: Path, cache_dir: Path | None = None) -> None:
        data = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
        data["database"]["url"] = f"sqlite+aiosqlite:///{folder / 'bot.db'}"
        data["nlu"]["model_dir"] = str(model_dir)
        data["nlu"]["data_dir"] = str(ROOT / "nlu" / "data")
        if cache_dir is not None:
            data["cache_dir"] = str(cache_dir)
        self.config = folder / "config.yml"
        self.config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/root"),
            "NO_PROXY": "127.0.0.1,localhost",
            "PTB_TIMEDELTA": "1",
            "CITIZENBOT_CONFIG": str(self.config),
        }
        self.stderr = ""

    def run(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
        """One CLI command against this deployment (e.g. ``staff add``)."""
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=self.env,
            timeout=300,
        )

    @asynccontextmanager
    async def serving(self, *options: str) -> AsyncIterator[ServedBot]:
        """`citizenbot serve` (with ``options``, e.g. "--workers", "2") until the block ends;
        ``self.process`` is its process."""
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "serve",
            "--port",
            str(self.port),
            *options,
            cwd=ROOT,
            env=self.env,
            stderr=asyncio.subprocess.PIPE,
        )
        self.process = proc
        output = Output(proc.stderr)
        try:
            await wait_healthy(f"{self.base_url}/healthz", proc, output)
            yield self
        finally:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
            self.stderr = await output.ended(STOP_TIMEOUT_S)
            await asyncio.wait_for(proc.wait(), STOP_TIMEOUT_S)


class Output:
    """A process's stderr, read as it comes: a pipe nobody reads fills up (64 KB of log
    lines) and the process then stops, blocked on writing its log."""

    def __init__(self, stream: asyncio.StreamReader) -> None:
        self._chunks: list[bytes] = []
        self._task = asyncio.create_task(self._read(stream))

    async def _read(self, stream: asyncio.StreamReader) -> None:
        while chunk := await stream.read(65536):
            self._chunks.append(chunk)

    async def ended(self, within_s: float) -> str:
        """All of it, once the process has closed it (bounded wait)."""
        await asyncio.wait_for(self._task, within_s)
        return b"".join(self._chunks).decode("utf-8", errors="replace")


async def wait_healthy(url: str, proc, output: Output, within_s: float = START_TIMEOUT_S) -> None:
    """Until the server answers its health check (it migrates and loads models first:
    some 20 s, several times that on a loaded machine); fails if it exits first (with
    the end of its ``output``), or has not answered within ``within_s``. Asked every
    0.1 s: a server still starting has nothing to wait on."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within_s
    async with aiohttp.ClientSession() as session:
        while loop.time() < deadline:
            if proc.returncode is not None:
                err = (await output.ended(STOP_TIMEOUT_S))[-2000:]
                raise AssertionError(f"serve exited early with {proc.returncode}: {err}")
            try:
                async with session.get(url, timeout=aiohttp.ClientTimeout(total=30)) as resp:
                    if resp.status == 200:
                        return
            except (aiohttp.ClientError, TimeoutError):
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"serve did not become healthy within {within_s:.0f} s")


@asynccontextmanager
async def chromium() -> AsyncIterator[object]:
    """A headless Chromium browser (Playwright's ``Browser``)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            yield browser
        finally:
            await browser.close()
