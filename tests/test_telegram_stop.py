"""Stopping the Telegram bot (serve stopping, a restart): a message to another chat that
is being sent at that moment -- a volunteer's words relayed to a citizen, a staff
member's answer -- is sent and recorded as sent before the bot shuts down. Cut half-way,
it would go again after the restart, or its database work would be cut (an error in
the log, a traceback at stop)."""

from __future__ import annotations

import asyncio

from bot.telegram_bot import PollingConfig, TelegramRunner, build_application
from flows.types import Reply
from knowledge.storage.outbox import OutboxRepository, OutgoingMessage
from tests.fake_telegram import FakeTelegram

WAIT_S = 60  # an upper bound on waiting for an event, for a loaded machine

RELAY = OutgoingMessage(
    "relay:stop-1", "telegram", "777001", Reply("Dạ, cán bộ đã trả lời anh/chị ạ.").to_dict()
)


async def test_a_message_to_another_chat_being_sent_as_the_bot_stops_is_finished_first(services):
    async with FakeTelegram() as fake:
        application = build_application(
            fake.token, services.dialogue, base_url=fake.base_url, outbox=services.db
        )
        runner = TelegramRunner(application, PollingConfig(timeout_s=5))
        await asyncio.wait_for(runner.start(), WAIT_S)
        # the network is slow at that moment: the relay's send waits, and is answered
        # only once the bot has stopped taking updates and is shutting down
        held = fake.hold_next("sendMessage")
        finishing = application.post_stop

        async def network_back(app) -> None:
            held.release()
            await finishing(app)

        application.post_stop = network_back
        try:
            async with services.db.write_session() as session:  # a volunteer's turn
                await OutboxRepository(session).add(RELAY)
            for listener in services.dialogue.outbox_listeners:
                listener([RELAY])  # ... whose commit hands its relay on to be sent
            await asyncio.wait_for(held.arrived.wait(), WAIT_S)
        finally:
            await asyncio.wait_for(runner.stop(), WAIT_S)

        sent = [m["text"] for m in fake.calls("sendMessage") if m["chat_id"] == 777001]
        assert sent == [RELAY.body["text"]]  # sent once
        async with services.db.session() as session:
            assert await OutboxRepository(session).status_of(RELAY.key) == "sent"
