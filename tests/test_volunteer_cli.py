"""`citizenbot volunteer ...` as an admin types it on the server."""

from __future__ import annotations

import re


def test_an_invitation_from_the_command_line_and_its_mistakes(cli):
    done = cli("volunteer", "invite", "--unit", "phường Bến Thành, TP Hồ Chí Minh")
    assert done.returncode == 0, done.stderr
    assert "Phường Bến Thành" in done.stdout and "single use" in done.stdout
    # no bot username configured and no token: the token, and how to get the link
    assert re.search(r"token: [A-Za-z0-9_-]{32}", done.stdout)
    assert "telegram.bot_username" in done.stderr

    unknown = cli("volunteer", "invite", "--unit", "phường Không Có Thật")
    assert unknown.returncode == 1
    assert "no single current commune or ward" in unknown.stderr
    assert "Traceback" not in unknown.stderr

    listed = cli("volunteer", "list")
    assert listed.returncode == 0 and "No volunteers yet" in listed.stdout

    missing = cli("volunteer", "suspend", "99")
    assert missing.returncode == 1 and "no volunteer 99" in missing.stderr


def test_the_plural_an_admin_may_type_is_the_same_command(cli):
    listed = cli("volunteers", "list")
    assert listed.returncode == 0, listed.stderr
    assert "No volunteers yet" in listed.stdout
