"""`citizenbot serve`: the web server and, with a token, the Telegram bot, in one loop."""

from __future__ import annotations

import asyncio
import logging
import signal

from aiohttp import web

from bot.app import create_services
from bot.config import AppConfig
from bot.web import create_app

logger = logging.getLogger(__name__)


async def serve(config: AppConfig, port: int) -> None:
    """Run until SIGINT/SIGTERM; closes everything it opened."""
    services = await create_services(config)
    runner = web.AppRunner(create_app(services), handler_cancellation=True)
    telegram = None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await runner.setup()
        site = web.TCPSite(runner, config.server.host, port)
        await site.start()
        logger.info("web server on http://%s:%d", config.server.host, port)
        if config.telegram.token:
            from bot.telegram_bot import TelegramRunner, build_application

            application = build_application(
                config.telegram.token,
                services.dialogue,
                base_url=config.telegram.base_url,
                connect_timeout=config.telegram.connect_timeout_s,
                read_timeout=config.telegram.read_timeout_s,
            )
            telegram = TelegramRunner(application)
            await telegram.start()
            logger.info("telegram bot polling")
        else:
            logger.info("TELEGRAM_BOT_TOKEN not set: Telegram bot not started")
        await stop.wait()
    finally:
        if telegram is not None:
            await telegram.stop()
        await runner.cleanup()
        await services.close()
