"""One outbox for every outgoing message: queued with its decision, delivered once.

Run on SQLite and on PostgreSQL; the deliverer's clock is injected (no sleeps).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import pytest

from bot.deliverer import Deliverer, RecipientGone, RetryLater
from knowledge.storage.db import Database
from knowledge.storage.leases import LeaseRepository, alive_lease
from knowledge.storage.outbox import OutboxRepository, OutgoingMessage, OwnReplies, sending_own
from tests.fakes import ManualClock

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


class Stalled:
    """A worker whose alive lease was not renewed lately."""

    def alive(self) -> bool:
        return False

    def may_take_over(self) -> bool:
        return False


class Newcomer:
    """A worker alive, but not yet for a whole lease."""

    def alive(self) -> bool:
        return True

    def may_take_over(self) -> bool:
        return False


class Phone:
    """A channel that records what reached each recipient; it can be told to fail."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str]] = []
        self.failures: list[Exception] = []

    async def send(self, recipient: str, body: dict) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.received.append((recipient, body["text"]))


async def _queue(db: Database, *messages: OutgoingMessage) -> list[bool]:
    async with db.session() as session:
        repo = OutboxRepository(session)
        return [await repo.add(m, now=T0) for m in messages]


def _msg(key: str, text: str, recipient: str = "lan") -> OutgoingMessage:
    return OutgoingMessage(key, "telegram", recipient, {"text": text, "kind": "answer"})


async def test_the_same_decision_twice_is_one_message_delivered_in_order(db):
    clock, phone = ManualClock(T0), Phone()
    assert await _queue(db, _msg("a", "một"), _msg("b", "hai"), _msg("a", "một")) == [
        True,
        True,
        False,
    ]
    deliverer = Deliverer(db, "telegram", phone, clock=clock)
    assert await deliverer.deliver_due() == 2
    assert await deliverer.deliver_due() == 0
    assert phone.received == [("lan", "một"), ("lan", "hai")]


async def test_a_rate_limit_is_honoured_then_the_message_goes(db):
    clock, phone = ManualClock(T0), Phone()
    await _queue(db, _msg("a", "một"))
    phone.failures.append(RetryLater(30))
    deliverer = Deliverer(db, "telegram", phone, clock=clock)
    assert await deliverer.deliver_due() == 0
    clock.advance(29)
    assert await deliverer.deliver_due() == 0  # Telegram said 30 s
    clock.advance(2)
    assert await deliverer.deliver_due() == 1
    assert phone.received == [("lan", "một")]


async def test_failures_are_retried_with_growing_pauses_then_marked_failed(db, caplog):
    clock, phone = ManualClock(T0), Phone()
    await _queue(db, _msg("a", "một"))
    phone.failures = [ConnectionError("down")] * 3
    deliverer = Deliverer(db, "telegram", phone, clock=clock, max_attempts=3, first_pause_s=2)
    for pause in (2, 4):
        assert await deliverer.deliver_due() == 0
        clock.advance(pause - 0.5)
        assert await deliverer.deliver_due() == 0  # not due yet
        clock.advance(0.5)
    with caplog.at_level(logging.WARNING):
        assert await deliverer.deliver_due() == 0
    assert "failed after 3 attempts" in caplog.text
    clock.advance(3600)
    assert await deliverer.deliver_due() == 0
    async with db.session() as session:
        assert await OutboxRepository(session).status_of("a") == "failed"
    assert phone.received == []


async def test_a_recipient_who_blocked_the_bot_is_reported_once(db):
    clock, phone, gone = ManualClock(T0), Phone(), []

    async def on_gone(channel: str, recipient: str) -> None:
        gone.append((channel, recipient))

    await _queue(db, _msg("a", "một"))
    phone.failures.append(RecipientGone("blocked"))
    deliverer = Deliverer(db, "telegram", phone, clock=clock, on_gone=on_gone)
    assert await deliverer.deliver_due() == 0
    clock.advance(3600)
    assert await deliverer.deliver_due() == 0
    assert gone == [("telegram", "lan")]


async def test_a_deliverer_killed_between_commit_and_send_loses_and_repeats_nothing(db):
    clock, phone = ManualClock(T0), Phone()
    await _queue(db, _msg("a", "một"), _msg("b", "hai"))
    # The first deliverer claims both messages and dies before sending either.
    async with db.session() as session:
        claimed = await OutboxRepository(session).claim(
            "telegram", clock(), dt.timedelta(seconds=60)
        )
    assert [m.key for m in claimed] == ["a", "b"]
    restarted = Deliverer(db, "telegram", phone, clock=clock, lease_s=60)
    assert await restarted.deliver_due() == 0  # still claimed by the dead one
    clock.advance(61)
    assert await restarted.deliver_due() == 2
    clock.advance(3600)
    assert await restarted.deliver_due() == 0
    assert phone.received == [("lan", "một"), ("lan", "hai")]


async def _hold_alive(db: Database, holder: str, now: dt.datetime, seconds: float) -> None:
    async with db.session() as session:
        lease = alive_lease(holder)
        assert await LeaseRepository(session).hold(
            lease, holder, now, dt.timedelta(seconds=seconds)
        )


async def _claim(db: Database, now: dt.datetime, holder: str, limit: int = 20) -> list[str]:
    async with db.session() as session:
        claimed = await OutboxRepository(session).claim(
            "telegram", now, dt.timedelta(seconds=60), limit, holder=holder
        )
    return [m.key for m in claimed]


async def test_a_chats_later_messages_wait_while_another_worker_sends_its_first(db):
    clock, phone = ManualClock(T0), Phone()
    await _queue(db, _msg("a1", "một"), _msg("a2", "hai"))
    await _hold_alive(db, "worker-1", T0, 3)
    assert await _claim(db, T0, "worker-1", limit=1) == ["a1"]  # worker 1 is sending "một"
    await _queue(db, _msg("b1", "chào", recipient="binh"), _msg("a3", "ba"))
    other = Deliverer(db, "telegram", phone, clock=clock, holder="worker-2")
    assert await other.deliver_due() == 1  # Bình's; Lan's wait behind "một"
    assert phone.received == [("binh", "chào")]
    async with db.session() as session:
        await OutboxRepository(session).sent(1, T0)  # worker 1 is done with "một"
    assert await other.deliver_due() == 2
    assert phone.received[1:] == [("lan", "hai"), ("lan", "ba")]


async def test_a_message_to_retry_later_holds_back_the_chats_next_ones(db):
    clock, phone = ManualClock(T0), Phone()
    await _queue(db, _msg("a1", "một"), _msg("a2", "hai"), _msg("b1", "chào", recipient="binh"))
    phone.failures.append(RetryLater(30))
    deliverer = Deliverer(db, "telegram", phone, clock=clock)
    assert await deliverer.deliver_due() == 1
    assert phone.received == [("binh", "chào")]
    clock.advance(10)
    assert await deliverer.deliver_due() == 0  # "hai" waits behind "một"
    clock.advance(21)
    assert await deliverer.deliver_due() == 2
    assert phone.received[1:] == [("lan", "một"), ("lan", "hai")]


async def test_what_a_dead_worker_claimed_is_taken_over_once_it_stops_being_alive(db):
    clock, phone = ManualClock(T0), Phone()
    await _queue(db, _msg("a1", "một"), _msg("a2", "hai"))
    await _hold_alive(db, "worker-1", T0, 3)
    assert await _claim(db, T0, "worker-1") == ["a1", "a2"]  # then worker 1 is killed
    survivor = Deliverer(db, "telegram", phone, clock=clock, holder="worker-2")
    clock.advance(2)
    assert await survivor.deliver_due() == 0  # worker 1 may still be sending
    clock.advance(2)  # its alive lease ran out, long before the 60 s claim
    assert await survivor.deliver_due() == 2
    assert phone.received == [("lan", "một"), ("lan", "hai")]


async def test_a_worker_whose_alive_lease_may_have_lapsed_sends_nothing_it_claimed(db):
    # Its event loop stalled past the lease: the others may already be sending its
    # claims, so it gives them back instead of sending them a second time.
    clock, phone, other_phone = ManualClock(T0), Phone(), Phone()
    await _queue(db, _msg("a1", "một"), _msg("a2", "hai"))
    stalled = Deliverer(db, "telegram", phone, clock=clock, holder="w1", liveness=Stalled())
    assert await stalled.deliver_due() == 0
    assert phone.received == []
    other = Deliverer(db, "telegram", other_phone, clock=clock, holder="w2")
    assert await other.deliver_due() == 2  # given back: due at once, in order
    assert other_phone.received == [("lan", "một"), ("lan", "hai")]


async def test_the_background_loop_leaves_fresh_replies_to_the_turn_that_queued_them(db):
    clock, phone = ManualClock(T0), Phone()
    await _queue(db, _msg("a1", "một"))
    deliverer = Deliverer(db, "telegram", phone, clock=clock)
    late = dt.timedelta(seconds=2)
    assert await deliverer.deliver_due(older_than=late) == 0  # the turn's handler sends it
    clock.advance(3)  # ... unless it did not: then the loop does
    assert await deliverer.deliver_due(older_than=late) == 1
    assert phone.received == [("lan", "một")]


async def test_a_worker_alive_for_less_than_a_lease_leaves_dead_workers_claims_alone(db):
    # Just started, or just back from a database outage: the dead-looking worker may be
    # alive and about to record what it sent, so its claims wait for their own lease.
    clock, phone = ManualClock(T0), Phone()
    await _queue(db, _msg("a1", "một"))
    assert await _claim(db, T0, "worker-1") == ["a1"]  # no alive lease: looks dead
    newcomer = Deliverer(db, "telegram", phone, clock=clock, holder="w2", liveness=Newcomer())
    assert await newcomer.deliver_due() == 0
    clock.advance(61)  # the claim's own lease ran out: due for anyone
    assert await newcomer.deliver_due() == 1
    assert phone.received == [("lan", "một")]


async def test_deliverers_racing_send_each_chats_messages_once_and_in_order(db):
    clock = ManualClock(T0)
    chats = [f"chat-{c}" for c in range(8)]
    await _queue(
        db, *(_msg(f"{chat}-{i}", str(i), recipient=chat) for i in range(6) for chat in chats)
    )
    phone = Phone()
    deliverers = [
        Deliverer(db, "telegram", phone, clock=clock, holder=f"w{n}", batch=5) for n in range(3)
    ]
    for n in range(3):
        await _hold_alive(db, f"w{n}", T0, 60)
    for _ in range(20):
        await asyncio.gather(*(d.deliver_due() for d in deliverers), return_exceptions=True)
    for chat in chats:
        assert [text for to, text in phone.received if to == chat] == [str(i) for i in range(6)]
    assert len(phone.received) == 48


class Beaten(Exception):
    """Another turn saved the conversation first: this one is rolled back."""


async def _commit(
    db: Database, own: OwnReplies, *messages: OutgoingMessage, roll_back: bool = False
) -> None:
    """A turn's transaction queueing ``messages`` (rolled back when ``roll_back``)."""
    try:
        async with db.engine.begin() as conn:
            repo = OutboxRepository(conn)
            sent = [m for m in messages if await repo.add(m, now=T0)]
            if roll_back:
                raise Beaten
    except Beaten:
        return
    own.committed(sent)


async def _turn_queues(db: Database, own: OwnReplies, *messages: OutgoingMessage) -> None:
    """One turn's commit queueing ``messages`` while its handler sends its own replies."""
    with sending_own(own):
        await _commit(db, own, *messages)


def _own(recipient: str = "lan", holder: str = "w1") -> OwnReplies:
    return OwnReplies("telegram", recipient, holder, dt.timedelta(seconds=60))


async def test_a_turns_replies_are_claimed_in_its_commit_and_sent_by_its_handler(db):
    clock, phone = ManualClock(T0), Phone()
    await _hold_alive(db, "w1", T0, 60)
    own = _own()
    await _turn_queues(db, own, _msg("t1-0", "một"), _msg("t1-1", "hai"))
    assert [m.key for m in own.claimed()] == ["t1-0", "t1-1"] and not own.waiting()
    other = Deliverer(db, "telegram", Phone(), clock=clock, holder="w2")
    clock.advance(10)
    assert await other.deliver_due() == 0  # claimed by the handler's worker, alive
    handler = Deliverer(db, "telegram", phone, clock=clock, holder="w1")
    assert await handler.send_own(own.claimed()) == 2
    assert phone.received == [("lan", "một"), ("lan", "hai")]
    async with db.session() as session:
        assert await OutboxRepository(session).status_of("t1-1") == "sent"
    clock.advance(3600)
    assert await other.deliver_due() == 0


async def test_a_turns_replies_wait_behind_the_chats_unfinished_message(db):
    clock, phone = ManualClock(T0), Phone()
    await _queue(db, _msg("a1", "một"))  # queued before, not sent yet
    own = _own()
    await _turn_queues(db, own, _msg("t2-0", "hai"), _msg("t2-1", "ba"))
    assert own.claimed() == [] and own.waiting()
    deliverer = Deliverer(db, "telegram", phone, clock=clock, holder="w1")
    assert await deliverer.deliver_due(recipient="lan") == 3
    assert phone.received == [("lan", "một"), ("lan", "hai"), ("lan", "ba")]


async def test_a_turn_run_again_sends_only_what_its_last_attempt_committed(db):
    clock, phone = ManualClock(T0), Phone()
    own = _own()
    with sending_own(own):
        await _commit(db, own, _msg("t3-0", "cũ"), _msg("t3-1", "cũ"), roll_back=True)
        await _commit(db, own, _msg("t3-0", "mới"))  # the turn, run again, says less
    (claimed,) = own.claimed()
    assert claimed.body["text"] == "mới"
    assert await Deliverer(db, "telegram", phone, clock=clock).send_own([claimed]) == 1
    assert phone.received == [("lan", "mới")]


async def test_replies_claimed_by_a_handler_killed_before_sending_go_once_it_is_dead(db):
    clock, phone = ManualClock(T0), Phone()
    await _hold_alive(db, "w1", T0, 3)
    own = _own()
    await _turn_queues(db, own, _msg("t4-0", "một"))  # then worker 1 is killed
    survivor = Deliverer(db, "telegram", phone, clock=clock, holder="w2")
    assert await survivor.deliver_due() == 0
    clock.advance(4)  # worker 1's alive lease ran out
    assert await survivor.deliver_due() == 1
    assert phone.received == [("lan", "một")]


async def test_a_stalled_handler_gives_its_turns_replies_back_unsent(db):
    clock, phone = ManualClock(T0), Phone()
    own = _own()
    await _turn_queues(db, own, _msg("t5-0", "một"))
    stalled = Deliverer(db, "telegram", phone, clock=clock, holder="w1", liveness=Stalled())
    assert await stalled.send_own(own.claimed()) == 0
    other = Deliverer(db, "telegram", phone, clock=clock, holder="w2")
    assert await other.deliver_due() == 1  # given back: due at once
    assert phone.received == [("lan", "một")]


async def test_many_handlers_sending_at_once_record_every_message_sent(db):
    clock, phone = ManualClock(T0), Phone()
    handler = Deliverer(db, "telegram", phone, clock=clock, holder="w1")
    owns = [_own(f"chat-{n}") for n in range(12)]
    for n, own in enumerate(owns):
        await _turn_queues(db, own, _msg(f"t6-{n}", str(n), recipient=own.recipient))
    sent = await asyncio.gather(*(handler.send_own(own.claimed()) for own in owns))
    assert sent == [1] * 12
    async with db.session() as session:
        repo = OutboxRepository(session)
        assert {await repo.status_of(f"t6-{n}") for n in range(12)} == {"sent"}
    clock.advance(3600)
    assert await handler.deliver_due() == 0


class Hanging(Phone):
    """A channel whose first send never ends (the handler is cancelled meanwhile)."""

    def __init__(self) -> None:
        super().__init__()
        self.sending = asyncio.Event()

    async def send(self, recipient: str, body: dict) -> None:
        self.sending.set()
        await asyncio.Event().wait()


async def test_a_deliverer_cancelled_mid_send_gives_back_what_it_had_not_started(db):
    clock, phone = ManualClock(T0), Phone()
    await _queue(db, _msg("a1", "một"), _msg("b1", "chào", recipient="binh"))
    await _hold_alive(db, "w1", T0, 600)  # its worker lives on
    hanging = Hanging()
    cancelled = Deliverer(db, "telegram", hanging, clock=clock, holder="w1")
    sending = asyncio.ensure_future(cancelled.deliver_due())
    await hanging.sending.wait()  # "một" is on its way when the request is cancelled
    sending.cancel()
    with pytest.raises(asyncio.CancelledError):
        await sending
    await asyncio.gather(*cancelled._giving_back)
    other = Deliverer(db, "telegram", phone, clock=clock, holder="w2")
    assert await other.deliver_due() == 1  # Bình's, given back
    clock.advance(61)  # "một" may have gone: sent again once its claim ran out
    assert await other.deliver_due() == 1
    assert phone.received == [("binh", "chào"), ("lan", "một")]


async def test_the_web_chat_takes_its_messages_once(db):
    web = [OutgoingMessage(k, "web", "lan", {"text": t}) for k, t in (("w1", "một"), ("w2", "hai"))]
    await _queue(db, *web)
    async with db.session() as session:
        repo = OutboxRepository(session)
        assert await repo.waiting("web", "lan") == 2
        assert [b["text"] for b in await repo.take("web", "lan", T0)] == ["một", "hai"]
        assert await repo.take("web", "lan", T0) == []
        assert await repo.claim("web", T0, dt.timedelta(seconds=60)) == []


async def test_two_announcers_of_one_change_tell_each_follower_once(dsvc):
    import asyncio

    from bot.notifier import Notifier
    from flows.types import Turn

    code = "000.00.04.H51-250701-0001"
    for user in ("lan", "minh"):
        replies = await dsvc.dialogue.handle(Turn("web", user, payload=f"follow:{code}"))
        assert replies[0].kind == "dossier_followed"
    change = await dsvc.registry.record_status(code, 9)
    first, second = Notifier(dsvc.dossiers, dsvc.registry), Notifier(dsvc.dossiers, dsvc.registry)
    told = await asyncio.gather(first.notify(change), second.notify(change))
    assert sum(told) == 2
    for user in ("lan", "minh"):
        (message,) = await dsvc.registry.pop_web(user)
        assert code in message
    assert await first.notify(change) == 0


async def test_a_change_saved_but_never_announced_is_announced_by_the_sweep(dsvc):
    # The pushing client hung up (or the process died) between saving the change and
    # announcing it: the next sweep (at start and on every poll) tells the follower.
    from bot.notifier import Notifier
    from flows.types import Turn

    code = "000.00.04.H51-250701-0001"
    await dsvc.dialogue.handle(Turn("web", "lan", payload=f"follow:{code}"))
    await dsvc.registry.record_status(code, 9)  # saved; nobody announced it
    notifier = Notifier(dsvc.dossiers, dsvc.registry)
    assert await notifier.sweep() == 1
    (message,) = await dsvc.registry.pop_web("lan")
    assert code in message
    assert await notifier.sweep() == 0
