"""`citizenbot volunteer ...`: invitations and volunteers, from the server's shell.

`volunteer invite --unit UNIT` makes a one-time invitation (valid 7 days) and prints
its Telegram deep link, ``https://t.me/<bot>?start=<token>``. The bot's username comes
from ``telegram.bot_username``, else Telegram's getMe with the bot token.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.config import AppConfig

logger = logging.getLogger(__name__)

ACTOR = "cli"
GET_ME_TIMEOUT_S = 10.0


def _fail(message: str) -> int:
    print(f"citizenbot: {message}", file=sys.stderr)
    return 1


async def _bot_username(config: AppConfig) -> str | None:
    if config.telegram.bot_username:
        return config.telegram.bot_username
    if not config.telegram.token:
        return None
    from telegram import Bot
    from telegram.error import TelegramError

    bot = Bot(
        config.telegram.token, base_url=config.telegram.base_url or "https://api.telegram.org/bot"
    )
    try:
        async with asyncio.timeout(GET_ME_TIMEOUT_S):
            async with bot:
                return bot.username
    except (TelegramError, TimeoutError) as exc:
        logger.warning("could not ask Telegram for the bot's username: %s", type(exc).__name__)
        return None


async def _with_people(config: AppConfig, work):
    """Run ``work(dialogue_parts, unit_of_work_factory)`` over the configured database."""
    from flows.places import PlaceFlow
    from flows.templates import default_templates
    from flows.volunteers import VolunteerFlow
    from knowledge.places.admin_map import get_admin_map
    from knowledge.places.centres import CentreDirectory
    from knowledge.storage.db import Database
    from knowledge.storage.unit_of_work import SqlUnitOfWork

    admin_map = await asyncio.to_thread(get_admin_map, config.cache_dir)
    db = Database(config.database_url)
    try:
        await db.migrate()
        places = PlaceFlow(admin_map, CentreDirectory(db), default_templates())
        flow = VolunteerFlow(admin_map)
        return await work(places, flow, lambda: SqlUnitOfWork(db), db)
    finally:
        await db.close()


def _cmd_invite(config: AppConfig, args) -> int:
    from knowledge.volunteers.records import invite_link

    async def work(places, flow, unit_of_work, db):
        unit = places.unit_of(places.resolve(args.unit))
        if unit is None:
            return None
        async with unit_of_work() as uow:
            invite = flow.invite(uow, unit.province_key, unit.key, ACTOR)
            await uow.commit()
        return unit, invite, await _bot_username(config)

    made = asyncio.run(_with_people(config, work))
    if made is None:
        return _fail(
            f"no single current commune or ward is named {args.unit!r}; write it with its "
            'province, e.g. --unit "phường Bến Thành, TP Hồ Chí Minh"'
        )
    unit, invite, username = made
    expires = invite.expires_at.strftime("%d/%m/%Y %H:%M UTC")
    print(f"Invitation for {unit.name} ({unit.province_key}), single use, valid until {expires}:")
    if username:
        print(invite_link(username, invite.token))
    else:
        print(f"token: {invite.token}")
        print(
            "citizenbot: set telegram.bot_username (or TELEGRAM_BOT_TOKEN) to print the link "
            "https://t.me/<bot username>?start=<token>",
            file=sys.stderr,
        )
    return 0


def _cmd_list(config: AppConfig, args) -> int:
    from knowledge.volunteers.repository import VolunteerRepository

    async def work(places, flow, unit_of_work, db):
        async with db.session() as session:
            return places.map, await VolunteerRepository(session).all()

    admin_map, volunteers = asyncio.run(_with_people(config, work))
    if not volunteers:
        print("No volunteers yet: citizenbot volunteer invite --unit UNIT")
        return 0
    for v in volunteers:
        unit = admin_map.unit(v.province_key, v.unit_key)
        duty = "on duty" if v.on_duty else "off duty"
        name = unit.name if unit else v.unit_key
        print(f"TNV {v.id:<5} {name} ({v.province_key})  {v.status.value:<9}  {duty}")
    return 0


def _status_command(status_name: str):
    def run(config: AppConfig, args) -> int:
        from knowledge.volunteers.records import VolunteerStatus

        status = VolunteerStatus(status_name)

        async def work(places, flow, unit_of_work, db):
            async with unit_of_work() as uow:
                volunteer = await flow.change_status(uow, args.id, status)
                await uow.commit()
            return volunteer

        if asyncio.run(_with_people(config, work)) is None:
            return _fail(f"no volunteer {args.id}")
        print(f"Volunteer {args.id} is now {status.value}")
        return 0

    return run


def add_volunteer_commands(sub: argparse._SubParsersAction) -> None:
    """`volunteer invite|list|suspend|reinstate|remove` under the main parser."""
    volunteer = sub.add_parser(
        "volunteer", aliases=["volunteers"], help="community digital-tech volunteers"
    )
    commands = volunteer.add_subparsers(dest="volunteer_command", required=True)
    invite = commands.add_parser("invite", help="a one-time Telegram invitation link (7 days)")
    invite.add_argument("--unit", required=True, help='e.g. "phường Bến Thành, TP Hồ Chí Minh"')
    invite.set_defaults(func=_cmd_invite)
    commands.add_parser("list", help="every volunteer, unit and state").set_defaults(func=_cmd_list)
    for name, status, text in (
        ("suspend", "suspended", "stop a volunteer receiving requests (now)"),
        ("reinstate", "active", "let a suspended volunteer help again"),
        ("remove", "removed", "take a volunteer out of their unit (now)"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("id", type=int, help="the volunteer's number (volunteer list)")
        command.set_defaults(func=_status_command(status))
