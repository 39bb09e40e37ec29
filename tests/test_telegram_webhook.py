"""Webhook mode: Telegram posts each update to the bot's web server, which answers only
once the update is handled -- so one not handled is posted again, and one handled is
never handled twice. The real Application and web app, a fake Bot API over HTTP."""

from __future__ import annotations

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.card_image import card_images
from bot.telegram_bot import TelegramRunner, WebhookConfig, build_application
from bot.telegram_webhook import ALLOWED_UPDATES, add_webhook_route
from bot.web import create_app
from knowledge.storage.db import DatabaseUnavailable
from tests.fake_telegram import FakeTelegram
from tests.fakes import FakeUnitOfWork, dialogue_over

SECRET = "webhook-secret_0123456789"
CITIZEN = 8101
PATH = "/telegram/webhook-7f3a"


class OutageOnce(FakeUnitOfWork):
    """The in-memory unit of work whose next ``outages`` commits find the database out."""

    outages = 0

    async def commit(self) -> int:
        if OutageOnce.outages:
            OutageOnce.outages -= 1
            self._clear()
            raise DatabaseUnavailable("save conversation")
        return await super().commit()


@pytest.fixture
async def served(services):
    """The bot's web app (webhook route added before it starts) over the real dialogue."""
    async with FakeTelegram() as fake:
        application = build_application(
            fake.token,
            services.dialogue,
            base_url=fake.base_url,
            outbox=services.db,
            images=card_images(services.dialogue.people.tools),
        )
        app = create_app(services)
        server = TestServer(app, port=0)
        # the route is added before the server starts (aiohttp freezes the router)
        add_webhook_route(app, application, f"http://127.0.0.1{PATH}", SECRET)
        await server.start_server()
        url = f"http://127.0.0.1:{server.port}{PATH}"
        runner = TelegramRunner(application, WebhookConfig(url, SECRET, max_connections=12))
        await runner.start()
        try:
            yield fake, url
        finally:
            await runner.stop()
            await server.close()


def replies_to(fake: FakeTelegram, chat: int) -> list[str]:
    return [m["text"] for m in fake.calls("sendMessage") if m["chat_id"] == chat]


async def test_the_webhook_is_registered_with_its_secret(served):
    fake, url = served
    assert fake.webhook["url"] == url
    assert fake.webhook["secret_token"] == SECRET
    assert fake.webhook["allowed_updates"] == list(ALLOWED_UPDATES)
    assert fake.webhook["max_connections"] == 12


async def test_a_post_without_the_right_secret_is_refused_and_not_handled(served):
    fake, _ = served
    fake.user_sends_text(CITIZEN, "lấy vợ cần giấy tờ gì")
    update = fake.last_update()
    assert await fake.post_update(update, secret="") == 401
    assert await fake.post_update(update, secret="wrong-secret") == 401
    assert replies_to(fake, CITIZEN) == []


async def test_an_update_is_answered_before_its_post_is_acknowledged_and_only_once(served):
    fake, _ = served
    fake.user_sends_text(CITIZEN, "lấy vợ cần giấy tờ gì")
    update = fake.last_update()
    assert await fake.post_update(update) == 200
    first = replies_to(fake, CITIZEN)
    assert first and "kết hôn" in first[0].lower()  # sent before the 200
    # Telegram did not hear the 200 and posts it again: acknowledged, not answered again
    assert await fake.post_update(update) == 200
    assert replies_to(fake, CITIZEN) == first


async def test_a_post_that_is_not_an_update_gets_a_clear_400(served):
    fake, url = served

    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json={"hello": 1}, headers=headers) as resp:
            assert resp.status == 400
            assert (await resp.json())["error"] == "bad_update"
        async with session.post(url, data=b"\xff\x00", headers=headers) as resp:
            assert resp.status == 415


async def test_a_post_before_the_bot_has_started_gets_503_and_is_posted_again_later(services):
    # The web server listens a moment before the bot starts (and another instance, or
    # Telegram's retry, takes the post); it must never fail with a 500 and a traceback.
    async with FakeTelegram() as fake:
        application = build_application(fake.token, services.dialogue, base_url=fake.base_url)
        app = create_app(services)
        add_webhook_route(app, application, f"http://127.0.0.1{PATH}", SECRET)
        async with TestServer(app, port=0) as server:
            fake.webhook = {"url": str(server.make_url(PATH)), "secret_token": SECRET}
            fake.user_sends_text(CITIZEN, "lấy vợ cần giấy tờ gì")
            assert await fake.post_update(fake.last_update()) == 503
        assert replies_to(fake, CITIZEN) == []


async def test_an_update_not_handled_is_refused_so_telegram_sends_it_again(services, memory_store):
    dialogue = dialogue_over(services, lambda: OutageOnce(memory_store))
    async with FakeTelegram() as fake:
        application = build_application(
            fake.token, dialogue, base_url=fake.base_url, images=card_images(dialogue.people.tools)
        )
        app = create_app(services)
        add_webhook_route(app, application, f"http://127.0.0.1{PATH}", SECRET)
        server = TestServer(app, port=0)
        await server.start_server()
        url = f"http://127.0.0.1:{server.port}{PATH}"
        runner = TelegramRunner(application, WebhookConfig(url, SECRET))
        await runner.start()
        try:
            fake.user_sends_text(CITIZEN, "xin chào")
            update = fake.last_update()
            OutageOnce.outages = 1  # the turn's commit meets the outage
            assert await fake.post_update(update) == 500
            busy = replies_to(fake, CITIZEN)
            assert busy and "thử lại" in busy[-1]  # the citizen heard it is busy
            assert await fake.post_update(update) == 200  # the database is back
            assert len(replies_to(fake, CITIZEN)) == len(busy) + 1
            assert await fake.post_update(update) == 200
            assert len(replies_to(fake, CITIZEN)) == len(busy) + 1  # once
        finally:
            OutageOnce.outages = 0
            await runner.stop()
            await server.close()
