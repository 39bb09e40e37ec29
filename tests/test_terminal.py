"""Anyone can try the assistant in a terminal, interactively or with piped input."""

from __future__ import annotations

import io
import subprocess
import sys

import yaml

from bot.terminal import render, run_chat
from flows.types import Button, Reply
from tests.conftest import ROOT


def _config_file(tmp_path, model_dir):
    data = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    data["database"]["url"] = f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}"
    data["nlu"]["model_dir"] = str(model_dir)
    data["nlu"]["data_dir"] = str(ROOT / "nlu" / "data")
    path = tmp_path / "config.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_piped_chat_answers_one_block_per_line(tmp_path, trained_model_dir):
    lines = "lam giay khai sinh can gi\ncòn lệ phí thì sao?\n\n😀\n"
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat"],
        input=lines,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "CITIZENBOT_CONFIG": str(_config_file(tmp_path, trained_model_dir)),
        },
    )
    assert done.returncode == 0, done.stderr
    blocks = [b for b in done.stdout.strip().split("\n\n") if b.strip()]
    assert len(blocks) >= 4
    assert "Giấy chứng sinh" in done.stdout
    assert "Miễn lệ phí" in done.stdout
    assert "Traceback" not in done.stderr


async def test_a_number_picks_the_offered_button(services):
    stdin = io.StringIO("lệ phí bao nhiêu\n1\n")
    stdout = io.StringIO()
    await run_chat(services.dialogue, stdin=stdin, stdout=stdout)
    out = stdout.getvalue()
    question, answer = out.split("[1]", 1)
    assert "thủ tục nào" in question
    assert "Lệ phí:" in answer


async def test_each_run_of_chat_is_a_conversation_of_its_own(services):
    # two people trying the bot in two terminals never share a conversation
    first = io.StringIO()
    await run_chat(services.dialogue, stdin=io.StringIO("đăng ký kết hôn\n"), stdout=first)
    assert "Đăng ký kết hôn" in first.getvalue()
    second = io.StringIO()
    await run_chat(services.dialogue, stdin=io.StringIO("lệ phí bao nhiêu\n"), stdout=second)
    assert "thủ tục nào" in second.getvalue()
    assert "Đăng ký kết hôn" not in second.getvalue().split("[1]")[0]


def test_buttons_render_as_numbered_options():
    text = render([Reply("Chọn:", buttons=(Button("A", "a"), Button("B", "b")))])
    assert text.splitlines() == ["Chọn:", "  [1] A", "  [2] B"]
