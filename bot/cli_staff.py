"""`citizenbot staff ...`: accounts of the staff admin, from the server's shell.

The password of `staff add` is read from standard input — typed twice without echo on
a terminal, else the first line of the input (`... staff add an --role editor < file`)
— and never from the command line, where other users and the shell history see it.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from typing import TextIO

from bot.config import AppConfig

ACTOR = "cli"


class PasswordError(Exception):
    pass


def read_password(stdin: TextIO | None = None) -> str:
    """The new password: asked twice (no echo) on a terminal, else one line of input."""
    from knowledge.staff.passwords import MIN_PASSWORD_CHARS

    stdin = stdin or sys.stdin
    if stdin.isatty():
        password = getpass.getpass("Mật khẩu / password: ")
        if getpass.getpass("Nhập lại / again: ") != password:
            raise PasswordError("the two passwords differ")
    else:
        password = stdin.readline().rstrip("\r\n")
    if len(password) < MIN_PASSWORD_CHARS:
        raise PasswordError(f"a password has at least {MIN_PASSWORD_CHARS} characters")
    return password


async def _with_accounts(config: AppConfig, work):
    from knowledge.staff.accounts import StaffAccounts
    from knowledge.storage.db import Database

    db = Database(config.database_url)
    try:
        await db.migrate()
        async with db.session() as session:
            return await work(StaffAccounts(session, policy=config.admin.policy))
    finally:
        await db.close()


def _fail(message: str) -> int:
    print(f"citizenbot: {message}", file=sys.stderr)
    return 1


def _cmd_staff_add(config: AppConfig, args) -> int:
    from knowledge.staff.accounts import StaffError, check_username
    from knowledge.staff.roles import Role

    try:
        username = check_username(args.username)
        role = Role.parse(args.role)
        password = read_password()
    except (StaffError, ValueError, PasswordError) as exc:
        return _fail(str(exc))

    async def add(accounts):
        return await accounts.create(username, password, role, ACTOR)

    try:
        record = asyncio.run(_with_accounts(config, add))
    except StaffError as exc:
        return _fail(str(exc))
    print(f"Created {record.role.key} account {record.username}")
    return 0


def _cmd_staff_list(config: AppConfig, args) -> int:
    async def everyone(accounts):
        return await accounts.all()

    records = asyncio.run(_with_accounts(config, everyone))
    if not records:
        print("No staff accounts yet: citizenbot staff add USERNAME --role admin")
        return 0
    width = max(len(r.username) for r in records)
    for r in records:
        state = "active" if r.active else "disabled"
        last = r.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if r.last_login_at else "never"
        print(f"{r.username:<{width}}  {r.role.key:<6}  {state:<8}  last sign-in: {last}")
    return 0


def _cmd_staff_disable(config: AppConfig, args) -> int:
    from knowledge.staff.accounts import StaffError

    async def disable(accounts):
        return await accounts.disable(args.username, ACTOR)

    try:
        record = asyncio.run(_with_accounts(config, disable))
    except StaffError as exc:
        return _fail(str(exc))
    print(f"Disabled {record.username} (its sessions are closed)")
    return 0


def add_staff_commands(sub: argparse._SubParsersAction) -> None:
    """`staff add|list|disable` under the main parser's subcommands."""
    staff = sub.add_parser("staff", help="staff accounts of the web admin (/admin)")
    commands = staff.add_subparsers(dest="staff_command", required=True)
    add = commands.add_parser(
        "add", help="create an account; the password is read from standard input"
    )
    add.add_argument("username")
    add.add_argument("--role", choices=("admin", "editor", "viewer"), required=True)
    add.set_defaults(func=_cmd_staff_add)
    commands.add_parser("list", help="every account, its role and state").set_defaults(
        func=_cmd_staff_list
    )
    disable = commands.add_parser("disable", help="stop an account signing in (now)")
    disable.add_argument("username")
    disable.set_defaults(func=_cmd_staff_disable)
