"""`citizenbot staff ...`: the first admin is made on the server's command line.

The password comes from standard input — typed twice on a terminal, one line from a
pipe — never from the command line, and never shows up in what the command prints or
logs. The account then signs in through the web form; `staff disable` shuts it out.
"""

from __future__ import annotations

import io
import os
import pty
import select
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import select as sql_select

from bot.cli import build_parser
from bot.cli_staff import PasswordError, read_password
from knowledge.storage.models import AuditEvent
from tests.conftest import ROOT

PASSWORD = "Mat-khau-cua-Lan-2025"


def _env(database) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "NO_PROXY": "127.0.0.1,localhost",
        "CITIZENBOT_DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "CITIZENBOT_LOGGING__LEVEL": "DEBUG",  # whatever is logged, the password is not
    }


@pytest.fixture
def citizenbot(fresh_database):
    """`citizenbot ARGS` as a real process on the database the web app of the test uses."""

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            cwd=ROOT,
            env=_env(fresh_database),
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            timeout=300,
        )

    return run


async def test_an_admin_made_on_the_command_line_signs_in_through_the_form(
    citizenbot, admin_browser
):
    made = citizenbot("staff", "add", "Lan", "--role", "admin", stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "Created admin account lan"
    assert PASSWORD not in made.stdout + made.stderr

    listed = citizenbot("staff", "list")
    assert listed.returncode == 0
    assert listed.stdout.split()[:4] == ["lan", "admin", "active", "last"]

    browser = admin_browser()
    page = await browser.sign_in("lan", PASSWORD)
    assert page.status == 302 and page.location == "/admin"
    assert "Xin chào, lan" in (await browser.get("/admin")).text


async def test_a_disabled_account_is_shut_out_at_once(citizenbot, admin_browser, services):
    assert citizenbot("staff", "add", "minh", "--role", "editor", stdin=PASSWORD).returncode == 0
    browser = admin_browser()
    assert (await browser.sign_in("minh", PASSWORD)).status == 302

    disabled = citizenbot("staff", "disable", "minh")
    assert disabled.returncode == 0, disabled.stderr
    assert (await browser.get("/admin")).status == 302  # the open session ended
    assert (await browser.sign_in("minh", PASSWORD)).status == 401
    assert "disabled" in citizenbot("staff", "list").stdout

    async with services.db.session() as session:
        events = (await session.execute(sql_select(AuditEvent))).scalars()
        audit = [(e.actor, e.kind, e.action, e.item_key) for e in events]
    assert audit == [("cli", "staff", "create", "minh"), ("cli", "staff", "disable", "minh")]
    unknown = citizenbot("staff", "disable", "nobody")
    assert unknown.returncode == 1 and "no account 'nobody'" in unknown.stderr


def test_the_password_never_goes_on_the_command_line(capsys):
    with pytest.raises(SystemExit) as refused:
        build_parser().parse_args(["staff", "add", "lan", "--role", "admin", "--password", "x"])
    assert refused.value.code == 2
    assert "unrecognized arguments: --password" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        build_parser().parse_args(["staff", "add", "lan", "--role", "boss"])


def test_short_or_missing_passwords_are_refused(citizenbot, fresh_database):
    short = citizenbot("staff", "add", "lan", "--role", "admin", stdin="ngan-qua\n")
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    assert "ngan-qua" not in short.stdout + short.stderr
    with sqlite3.connect(fresh_database) as db:
        assert db.execute("SELECT count(*) FROM staff_accounts").fetchone() == (0,)
    with pytest.raises(PasswordError):
        read_password(io.StringIO(""))  # no input at all
    assert read_password(io.StringIO(PASSWORD + "\r\nrest")) == PASSWORD


def _on_a_terminal(database, args: list[str], answers: list[str]) -> tuple[int, str]:
    """Run the command with a terminal of its own, answer its prompts; (status, screen)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal is its controlling terminal
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "bot.cli", *args], _env(database))
    screen = b""
    answers = list(answers)
    while True:
        ready, _, _ = select.select([fd], [], [], 120)
        assert ready, f"the command said nothing for 2 minutes: {screen!r}"
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        screen += chunk
        if answers and chunk.endswith(b": "):  # a prompt (echo is already off)
            os.write(fd, answers.pop(0).encode() + b"\n")
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), screen.decode("utf-8", "replace")


def test_on_a_terminal_the_password_is_typed_twice_without_echo(fresh_database):
    args = ["staff", "add", "lan", "--role", "admin"]
    status, screen = _on_a_terminal(fresh_database, args, [PASSWORD, "something-else"])
    assert status == 1 and "the two passwords differ" in screen
    status, screen = _on_a_terminal(fresh_database, args, [PASSWORD, PASSWORD])
    assert status == 0 and "Created admin account lan" in screen
    assert screen.count("Mật khẩu") == 1 and "Nhập lại" in screen
    assert PASSWORD not in screen  # not echoed


def test_an_account_can_be_limited_to_one_province(citizenbot, fresh_database):
    made = citizenbot(
        "staff", "add", "hoa", "--role", "editor", "--province", "TP Hồ Chí Minh", stdin=PASSWORD
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "Created editor account hoa (requests of thanhphohochiminh)"
    assert citizenbot("staff", "add", "lan", "--role", "admin", stdin=PASSWORD).returncode == 0
    with sqlite3.connect(fresh_database) as db:
        rows = db.execute("SELECT username, province_key FROM staff_accounts ORDER BY username")
        assert rows.fetchall() == [("hoa", "thanhphohochiminh"), ("lan", None)]

    listed = citizenbot("staff", "list").stdout.splitlines()
    assert listed[0].startswith("hoa ") and listed[0].endswith(
        "province: Thành phố Hồ Chí Minh (thanhphohochiminh)"
    )
    assert listed[1].startswith("lan ") and listed[1].endswith("province: all")

    unknown = citizenbot("staff", "add", "minh", "--role", "editor", "--province", "Atlantis")
    assert unknown.returncode == 1 and "unknown province 'Atlantis'" in unknown.stderr
