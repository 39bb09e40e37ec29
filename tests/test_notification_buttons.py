"""Lan follows her dossier; when its status changes the bot tells her outside her turn,
with a "Hủy theo dõi" button. Typing "1", "số 1" or the button's words then presses
that button, as it does a turn's buttons -- not button 1 of the answer before the
message ("Lệ phí" of a procedure).

The story runs on the in-memory unit of work. Her turns racing the announcement run on
the real services (SQLite, the workers' conversation cache, Telegram's outbox): whichever
commits last has its buttons remembered, the other runs again after it, nothing is lost.
What the storage promises (saved with the message or not at all) runs on both databases.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from bot.notifier import Notifier
from flows.state import ConversationState
from flows.types import Turn
from knowledge.dossiers.records import StatusChange
from knowledge.dossiers.registry import LocalRegistry
from knowledge.dossiers.store import dossier_key
from knowledge.dossiers.subscriptions import Subscription
from knowledge.storage.conversations import FollowerConversation
from knowledge.storage.outbox import OutboxRepository, OutgoingMessage
from knowledge.storage.unit_of_work import ConcurrentUpdate, ConversationCache, SqlUnitOfWork
from tests.conftest import Conversation
from tests.fakes import FakeUnitOfWork, InMemoryStore, dialogue_over

CODE = "000.00.04.H51-250701-0001"
NOTICE = "<trung tâm: hồ sơ đã xử lý xong>"  # the centre records status 9; the bot tells her

# (Lan says, the bot answers with this)
STORY = [
    (f"tra hồ sơ {CODE}", "Tình trạng: Đang xử lý"),
    ("[Theo dõi hồ sơ]", "em sẽ nhắn anh/chị mỗi khi hồ sơ"),
    ("đăng ký khai sinh cần giấy tờ gì", "Giấy tờ cần chuẩn bị:"),
    (NOTICE, "Đang xử lý → Đã xử lý xong"),
]
UNFOLLOWED = "em đã dừng theo dõi 1 hồ sơ"


class StoredFollowers:
    """The registry as the dossier flow reads it, its followers those the in-memory
    unit of work wrote (``store``), its dossiers the sample registry's."""

    def __init__(self, registry: LocalRegistry, store: InMemoryStore) -> None:
        self.registry = registry
        self.store = store

    async def subscribers(self, code: str) -> list[Subscription]:
        return [
            Subscription(n, channel, chat, sub.user_id, key, sub.last_status, True, _T0)
            for n, ((channel, chat, key), sub) in enumerate(self.store.subscriptions.items(), 1)
            if key == dossier_key(code) and sub.active
        ]

    async def lookup(self, code: str):
        return await self.registry.lookup(code)


_T0 = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)


class World:
    """Lan's web chat on the in-memory unit of work, and the centre's status changes."""

    def __init__(self, dsvc) -> None:
        self.dsvc = dsvc
        self.store = InMemoryStore()
        self.dialogue = dialogue_over(dsvc, lambda: FakeUnitOfWork(self.store))
        self.dossiers = copy.copy(dsvc.dossiers)
        self.dossiers.registry = StoredFollowers(dsvc.registry, self.store)

    def person(self, user_id: str, channel: str = "web") -> Conversation:
        return Conversation(self.dsvc, user_id=user_id, channel=channel, dialogue=self.dialogue)

    async def status(self, status: int) -> list[OutgoingMessage]:
        """The centre records ``status``; what the bot queued for the followers."""
        change = await self.dsvc.registry.record_status(CODE, status)
        before = len(self.store.outbox)
        async with FakeUnitOfWork(self.store) as uow:
            await self.dossiers.announce(uow, change)
            await uow.commit()
        return self.store.outbox[before:]

    def offered(self, channel: str, user_id: str) -> list[str]:
        stored = self.store.conversations[(channel, user_id)]
        return [b.label for b in ConversationState.from_dict(stored.state).offered]


@pytest.fixture
def world(dsvc) -> World:
    return World(dsvc)


@pytest.mark.parametrize("typed", ["1", "số 1", "hủy theo dõi"])
async def test_lan_types_the_status_messages_button_not_the_answers_before_it(world, typed):
    lan = world.person("lan")
    for says, answer in [*STORY, (typed, UNFOLLOWED)]:
        if says == NOTICE:
            (message,) = await world.status(9)
            assert answer in message.body["text"], says
        else:
            assert answer in await lan.tell(says), says
    assert world.store.followed("web", "lan") == []


async def test_only_the_followers_own_chat_remembers_the_message_and_none_is_made(world):
    lan, minh = world.person("lan"), world.person("minh", "telegram")
    await lan.tell(f"tra hồ sơ {CODE}")
    await lan.tell("[Theo dõi hồ sơ]")
    await lan.tell("đăng ký khai sinh cần giấy tờ gì")
    # Minh followed it in a group; he talks to the bot in his own chat
    group = Turn("telegram", "minh", payload=f"follow:{CODE}", chat_id="group-7")
    await world.dialogue.handle(group)
    await minh.tell("đăng ký khai sinh cần giấy tờ gì")
    # Hoa follows it with nothing said to the bot that is still stored
    world.store.follow(("web", "hoa", dossier_key(CODE)), "hoa", 4)

    told = await world.status(9)
    assert sorted(m.recipient for m in told) == ["group-7", "hoa", "lan"]
    assert world.offered("web", "lan") == ["Hủy theo dõi"]
    assert world.offered("telegram", "minh")[0] == "Lệ phí"  # the group's message is not his chat's
    assert ("web", "hoa") not in world.store.conversations
    assert "Lệ phí" in await minh.tell("1")


# --- her turns racing the announcement, on the real services (Telegram, cached) ------------


def _lan(dsvc, dialogue=None) -> Conversation:
    return Conversation(dsvc, user_id="lan", channel="telegram", dialogue=dialogue)


async def _chat(dsvc) -> list[str]:
    """What the bot queued for Lan's Telegram chat since last asked, in order."""
    async with dsvc.db.write_transaction() as conn:
        bodies = await OutboxRepository(conn).take("telegram", "lan", dt.datetime.now(dt.UTC))
    return [b["text"] for b in bodies]


async def _follows_and_asks(dsvc, lan: Conversation) -> StatusChange:
    await lan.tell(f"tra hồ sơ {CODE}")
    await lan.tell("[Theo dõi hồ sơ]")
    await lan.tell("đăng ký khai sinh cần giấy tờ gì")
    await _chat(dsvc)
    return await dsvc.registry.record_status(CODE, 9)


async def test_lans_worker_cached_her_answer_yet_1_after_the_message_unfollows(dsvc):
    lan = _lan(dsvc)  # the services' dialogue: its conversation cache saw her answer
    change = await _follows_and_asks(dsvc, lan)
    assert await Notifier(dsvc.dossiers, dsvc.registry).notify(change) == 1
    assert UNFOLLOWED in await lan.tell("1")
    assert await dsvc.registry.for_chat("telegram", "lan") == []


class AnnouncedMeanwhile(SqlUnitOfWork):
    """Lan's turn, whose first commit comes just after the centre's message was queued."""

    pending: list = []

    async def commit(self) -> int:
        while self.pending:
            await self.pending.pop()()
        return await super().commit()


class TurnMeanwhile:
    """The dossier flow, but Lan's turn commits while the first announcement is decided."""

    def __init__(self, dossiers, turn) -> None:
        self.dossiers = dossiers
        self.pending = [turn]

    async def announce(self, uow, change: StatusChange) -> int:
        told = await self.dossiers.announce(uow, change)
        while self.pending:
            await self.pending.pop()()
        return told


async def test_her_turn_and_the_message_crossing_remember_the_buttons_of_the_later(dsvc):
    cache = ConversationCache()
    lan = _lan(dsvc, dialogue_over(dsvc, lambda: AnnouncedMeanwhile(dsvc.db, cache)))
    change = await _follows_and_asks(dsvc, lan)
    notifier = Notifier(dsvc.dossiers, dsvc.registry)

    # the message is queued first: her turn runs again after it, and its answer is the
    # last she sees, so "1" is that answer's first button
    AnnouncedMeanwhile.pending = [lambda: notifier.notify(change)]
    assert "Lệ phí:" in await lan.tell("lệ phí")
    (told, answered) = await _chat(dsvc)
    assert "Đang xử lý → Đã xử lý xong" in told and "Lệ phí:" in answered
    assert "Giấy tờ cần chuẩn bị:" in await lan.tell("1")
    await _chat(dsvc)

    # her turn commits first: the message is announced again after it, and is the last
    # she sees, so "1" is its "Hủy theo dõi"
    change = await dsvc.registry.record_status(CODE, 10)
    racing = TurnMeanwhile(dsvc.dossiers, lambda: lan.tell("lệ phí"))
    assert await Notifier(racing, dsvc.registry).notify(change) == 1
    (answered, told) = await _chat(dsvc)
    assert "Lệ phí:" in answered and "Đã xử lý xong → Đã trả kết quả" in told
    assert UNFOLLOWED in await lan.tell("1")


# --- the unit of work on the real databases ---------------------------------------------------


def _message(n: int) -> OutgoingMessage:
    return OutgoingMessage(f"dossier:test:{n}", "web", "lan", {"text": f"tin {n}"})


async def _announce(db, sub_id: int, status: int, n: int, read_version: int | None = None):
    """An announcer's unit of work telling Lan ``status``, her buttons saved with it."""
    uow = SqlUnitOfWork(db)
    stored = await uow.load_conversation("web", "lan")
    state = {**stored.state, "offered": [{"label": "Hủy theo dõi", "payload": f"unfollow:{n}"}]}
    version = stored.version if read_version is None else read_version
    conversation = FollowerConversation("web", "lan", state, version)
    uow.tell_subscriber(sub_id, status, (_message(n),), conversation)
    return uow


async def test_the_buttons_are_saved_with_the_message_or_not_at_all(db):
    registry = LocalRegistry(db)
    async with SqlUnitOfWork(db) as uow:
        uow.save_conversation("web", "lan", {"turns": 3}, 0, "citizen")
        await uow.commit()
    await registry.subscribe("web", "lan", "lan", CODE, 4)
    (sub,) = await registry.subscribers(CODE)

    first, late = await _announce(db, sub.id, 9, 1), await _announce(db, sub.id, 9, 2)
    await first.commit()
    assert first.sent == [_message(1)]
    stored = await SqlUnitOfWork(db).load_conversation("web", "lan")
    assert (stored.version, stored.state["turns"]) == (2, 3)
    assert stored.state["offered"][0]["payload"] == "unfollow:1"

    # a second announcer of the same change tells nobody and saves nothing (its
    # conversation's version is stale, yet no error: it had nothing to save)
    await late.commit()
    assert late.sent == []
    assert (await SqlUnitOfWork(db).load_conversation("web", "lan")).version == 2

    # a turn saved after the conversation was read: nothing is queued, nobody is told
    stale = await _announce(db, sub.id, 10, 3, read_version=1)
    with pytest.raises(ConcurrentUpdate):
        await stale.commit()
    assert [s.last_status for s in await registry.subscribers(CODE)] == [9]
    again = await _announce(db, sub.id, 10, 4)
    await again.commit()
    assert again.sent == [_message(4)]
    assert (await SqlUnitOfWork(db).load_conversation("web", "lan")).version == 3
