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
from pathlib import Path
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


def _admin_map(config: AppConfig):
    from knowledge.places.admin_map import get_admin_map

    return get_admin_map(Path(config.cache_dir))


def find_province(config: AppConfig, text: str) -> str:
    """The key of the province ``text`` names (a key, "TP Hồ Chí Minh", "Hà Nội"), or
    ValueError."""
    admin_map = _admin_map(config)
    province = admin_map.province(text.strip()) or admin_map.find_province(text)
    if province is None:
        raise ValueError(f"unknown province {text!r} (a name such as 'Hà Nội', or its key)")
    return province.key


def _cmd_staff_add(config: AppConfig, args) -> int:
    from knowledge.staff.accounts import StaffError, check_username
    from knowledge.staff.roles import Role

    try:
        username = check_username(args.username)
        role = Role.parse(args.role)
        province_key = find_province(config, args.province) if args.province else None
        password = read_password()
    except (StaffError, ValueError, PasswordError) as exc:
        return _fail(str(exc))

    async def add(accounts):
        return await accounts.create(username, password, role, ACTOR, province_key)

    try:
        record = asyncio.run(_with_accounts(config, add))
    except StaffError as exc:
        return _fail(str(exc))
    where = f" (requests of {record.province_key})" if record.province_key else ""
    print(f"Created {record.role.key} account {record.username}{where}")
    return 0


def _cmd_staff_list(config: AppConfig, args) -> int:
    async def everyone(accounts):
        return await accounts.all()

    records = asyncio.run(_with_accounts(config, everyone))
    if not records:
        print("No staff accounts yet: citizenbot staff add USERNAME --role admin")
        return 0
    width = max(len(r.username) for r in records)
    admin_map = _admin_map(config) if any(r.province_key for r in records) else None
    for r in records:
        state = "active" if r.active else "disabled"
        last = r.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if r.last_login_at else "never"
        province = "all"
        if r.province_key:
            found = admin_map.province(r.province_key) if admin_map else None
            province = f"{found.name} ({r.province_key})" if found else r.province_key
        print(
            f"{r.username:<{width}}  {r.role.key:<6}  {state:<8}  last sign-in: {last:<20}  "
            f"province: {province}"
        )
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
    add.add_argument(
        "--province",
        help="only this province's requests for a person and volunteers (a name or key; "
        "default: every province)",
    )
    add.set_defaults(func=_cmd_staff_add)
    commands.add_parser("list", help="every account, its role, state and province").set_defaults(
        func=_cmd_staff_list
    )
    disable = commands.add_parser("disable", help="stop an account signing in (now)")
    disable.add_argument("username")
    disable.set_defaults(func=_cmd_staff_disable)
