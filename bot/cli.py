"""The `citizenbot` command line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

from bench.cli import add_bench_commands
from bot import log_privacy
from bot.cli_knowledge import add_knowledge_commands
from bot.cli_nlu import add_nlu_commands
from bot.cli_staff import add_staff_commands
from bot.cli_volunteers import add_volunteer_commands
from bot.config import AppConfig, ConfigError, load_config
from bot.settings_sources import env_name

logger = logging.getLogger(__name__)


def _setup_logging(config: AppConfig | None, quiet: bool = False) -> None:
    level = "WARNING" if quiet else (config.log_level if config else "INFO")
    logging.basicConfig(
        level=level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    log_privacy.install(logging.getLogger().handlers)
    # httpx logs every request URL, which contains the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def _cmd_config(config: AppConfig, args) -> int:
    from bot.config import describe

    source, rows = describe(args.config)
    print(f"config file: {source}")
    width = max(len(name) for name, _, _ in rows)
    for name, value, origin in rows:
        variable = env_name(tuple(name.split(".")))
        print(f"{name:<{width}}  {value}  ({origin}; {variable})")
    return 0


def _cmd_chat(config: AppConfig, args) -> int:
    from bot.app import create_services
    from bot.terminal import run_chat

    async def main() -> int:
        services = await create_services(config)
        try:
            return await run_chat(services.dialogue)
        finally:
            await services.close()

    return asyncio.run(main())


def _cmd_serve(config: AppConfig, args) -> int:
    from bot.serve import serve

    port = args.port or config.server.port
    if args.worker is not None:  # one of the supervisor's workers
        asyncio.run(serve(config, port, args.worker, args.workers))
        return 0
    if args.workers > 1:
        from bot.workers import run_workers

        if config.database_url.startswith("sqlite"):
            logger.warning("several workers on SQLite take turns writing: use PostgreSQL")
        return run_workers(args.workers, port, config.source)
    asyncio.run(serve(config, port))
    return 0


def _cmd_db_upgrade(config: AppConfig, args) -> int:
    from knowledge.storage.db import Database

    async def upgrade() -> None:
        db = Database(config.database_url)
        try:
            await db.migrate()
        finally:
            await db.close()

    asyncio.run(upgrade())
    print("The database schema is up to date.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="citizenbot", description=__doc__)
    parser.add_argument(
        "--config",
        type=Path,
        help="config file (default: $CITIZENBOT_CONFIG, else ./config.yml, else the project's)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser(
        "config", help="the settings in use: file, values, where each came from"
    ).set_defaults(func=_cmd_config)
    sub.add_parser("chat", help="talk to the assistant in the terminal").set_defaults(
        func=_cmd_chat
    )

    serve = sub.add_parser(
        "serve", help="web server and (with TELEGRAM_BOT_TOKEN) the Telegram bot"
    )
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument(
        "--workers", type=int, default=1, help="serving processes on the port (see README)"
    )
    serve.add_argument("--worker", type=int, default=None, help=argparse.SUPPRESS)
    serve.set_defaults(func=_cmd_serve)

    add_nlu_commands(sub)

    db = sub.add_parser("db", help="the database").add_subparsers(dest="db_command", required=True)
    db.add_parser(
        "upgrade", help="apply the migrations (once, even with several processes starting)"
    ).set_defaults(func=_cmd_db_upgrade)

    add_knowledge_commands(sub)
    add_bench_commands(sub)
    add_staff_commands(sub)
    add_volunteer_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"citizenbot: configuration error: {exc}", file=sys.stderr)
        return 2
    quiet = args.command in ("chat", "nlu", "bench")
    if args.command == "rasa":
        quiet = False
    _setup_logging(config, quiet=quiet)
    try:
        return args.func(config, args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        from knowledge.data_files import CatalogueError
        from nlu.rasa_env import RasaEnvError

        if isinstance(exc, CatalogueError | RasaEnvError):
            print(f"citizenbot: {exc}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
