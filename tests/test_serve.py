"""`citizenbot serve` as a real process: REST API, health and Telegram polling together."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import aiohttp
import pytest

from bot.process_memory import limit_malloc_arenas
from tests.conftest import ROOT
from tests.fake_telegram import FakeTelegram
from tests.served_bot import STOP_TIMEOUT_S, Output, free_port, wait_healthy
from tests.test_terminal import _config_file

WAIT_S = 60  # an upper bound on waiting for what the bot sends, for a loaded machine


@pytest.fixture
async def fake_telegram():
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()


async def test_serve_answers_on_the_api_and_on_telegram_then_stops_cleanly(
    tmp_path, trained_model_dir, fake_telegram
):
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "NO_PROXY": "127.0.0.1,localhost",
        "PTB_TIMEDELTA": "1",
        "CITIZENBOT_CONFIG": str(_config_file(tmp_path, trained_model_dir)),
        "TELEGRAM_BOT_TOKEN": fake_telegram.token,
        "TELEGRAM_BASE_URL": fake_telegram.base_url,
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "serve",
        "--port",
        str(port),
        cwd=ROOT,
        env=env,
        stderr=asyncio.subprocess.PIPE,
    )
    output = Output(proc.stderr)
    try:
        async with aiohttp.ClientSession() as session:
            await wait_healthy(f"http://127.0.0.1:{port}/healthz", proc, output)
            async with session.post(
                f"http://127.0.0.1:{port}/api/chat",
                json={"text": "lam giay khai sinh can gi"},
            ) as resp:
                assert resp.status == 200
                assert "Giấy chứng sinh" in (await resp.json())["replies"][0]["text"]

        await fake_telegram.wait_for_method("setMyCommands", timeout=WAIT_S)
        since = len(fake_telegram.sent)
        fake_telegram.user_sends_text(4242, "đk tạm trú hết bao nhiêu tiền")
        sent = await fake_telegram.wait_for_method("sendMessage", since=since, timeout=WAIT_S)
        assert "15.000 đồng" in sent[0]["text"]
        assert sent[0]["parse_mode"] == "HTML"
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        stderr = await output.ended(STOP_TIMEOUT_S)
        code = await asyncio.wait_for(proc.wait(), STOP_TIMEOUT_S)
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert fake_telegram.token not in stderr


# A citizenbot process keeps glibc to two malloc arenas (its threads would each take one
# and keep what they freed); an operator's MALLOC_ARENA_MAX is left to glibc.
def test_a_serving_process_limits_its_malloc_arenas(monkeypatch):
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert limit_malloc_arenas() is True  # this Linux has glibc (as the CI machine)
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert limit_malloc_arenas() is False
