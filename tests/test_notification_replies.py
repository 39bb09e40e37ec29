"""Lan follows her dossier. When the centre records it done, the bot tells her in two
messages: the change, then what to do next. Both reach her chat, in that order, once --
never the first alone -- and two announcers of the same change (the push and the
sweep, deciding at the same time) still tell her once.

The story runs on the in-memory unit of work and on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from bot.notifier import Notifier
from flows.dossier import DossierFlow, Notification
from flows.templates import default_templates
from flows.types import Reply
from knowledge.dossiers.records import StatusChange
from knowledge.dossiers.registry import LocalRegistry
from knowledge.dossiers.router import DossierRouter
from knowledge.dossiers.store import dossier_key
from knowledge.dossiers.subscriptions import Subscription
from knowledge.procedures.records import Catalogue
from knowledge.storage.outbox import OutboxRepository
from knowledge.storage.unit_of_work import SqlUnitOfWork
from tests.fakes import FakeUnitOfWork, InMemoryStore

CODE = "000.00.04.H51-250701-0001"
NEXT_STEP = "Dạ, anh/chị mang giấy hẹn đến bộ phận một cửa để nhận kết quả ạ."

# what Lan's chat receives when the centre records her dossier done (status 9)
TOLD = ["Đang xử lý → Đã xử lý xong", NEXT_STEP]


class WithNextStep(DossierFlow):
    """The dossier flow whose status-change message is followed by a second reply."""

    async def notifications_for(self, change: StatusChange) -> list[Notification]:
        notes = await super().notifications_for(change)
        second = Reply(NEXT_STEP, kind="dossier_next_step")
        return [replace(note, replies=(*note.replies, second)) for note in notes]


def flow_over(registry) -> WithNextStep:
    return WithNextStep(
        DossierRouter(registry, []),
        registry,
        Catalogue(),
        default_templates(),
        "https://dichvucong.gov.vn",
    )


def _in_order(texts: list[str]) -> bool:
    """Each of TOLD in its own message, in order, and nothing else."""
    return len(texts) == len(TOLD) and all(t in text for t, text in zip(TOLD, texts, strict=True))


# --- in memory --------------------------------------------------------------------------------


class InMemoryFollowers:
    """The registry as the dossier flow reads it: the followers the store holds, no
    record of the dossier itself (the message is its head alone)."""

    name = "memory"

    def __init__(self, store: InMemoryStore) -> None:
        self.store = store

    async def subscribers(self, code: str) -> list[Subscription]:
        t0 = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)
        return [
            Subscription(n, channel, chat, sub.user_id, key, sub.last_status, True, t0)
            for n, ((channel, chat, key), sub) in enumerate(self.store.subscriptions.items(), 1)
            if key == dossier_key(code) and sub.active
        ]

    async def lookup(self, code: str):
        return None


async def test_lan_gets_both_messages_in_order_once_in_memory():
    store = InMemoryStore()
    store.follow(("web", "lan", dossier_key(CODE)), "lan", 4)
    flow = flow_over(InMemoryFollowers(store))
    change = StatusChange(CODE, 4, 9, changed=True)

    push, sweep = FakeUnitOfWork(store), FakeUnitOfWork(store)
    await flow.announce(push, change)
    await flow.announce(sweep, change)  # decided before the push commits
    await push.commit()
    await sweep.commit()

    assert _in_order([m.body["text"] for m in store.outbox])
    assert {m.recipient for m in store.outbox} == {"lan"}
    assert push.sent == store.outbox and sweep.sent == []


# --- SQLite and PostgreSQL ----------------------------------------------------------------


async def _chat(db) -> list[str]:
    """What the bot queued for Lan's web chat since last asked, oldest first."""
    async with db.write_transaction() as conn:
        bodies = await OutboxRepository(conn).take("web", "lan", dt.datetime.now(dt.UTC))
    return [b["text"] for b in bodies]


async def _lan_follows(db) -> tuple[LocalRegistry, StatusChange]:
    registry = LocalRegistry(db)
    await registry.record_status(CODE, 4)
    await registry.subscribe("web", "lan", "lan", CODE, 4)
    return registry, await registry.record_status(CODE, 9)


async def test_lan_gets_both_messages_in_order_once(db):
    registry, change = await _lan_follows(db)
    notifier = Notifier(flow_over(registry), registry)

    assert await notifier.notify(change) == 1  # one follower told
    assert await notifier.sweep() == 0  # nobody left untold
    assert await notifier.notify(change) == 0  # pushed again: told already

    assert _in_order(await _chat(db))


async def test_two_announcers_of_one_change_tell_her_once(db):
    registry, change = await _lan_follows(db)
    flow = flow_over(registry)

    push, sweep = SqlUnitOfWork(db), SqlUnitOfWork(db)
    await flow.announce(push, change)
    await flow.announce(sweep, change)  # decided before the push commits
    await push.commit()
    await sweep.commit()

    assert len(push.sent) == 2 and sweep.sent == []
    assert _in_order(await _chat(db))
