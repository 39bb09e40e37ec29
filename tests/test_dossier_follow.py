"""Following a dossier is part of the turn: written when the turn commits, with its
conversation, or not at all.

The dialogue's story runs on the in-memory unit of work (fast); the storage side runs on
both real databases (``any_database``: SQLite, then PostgreSQL).
"""

from __future__ import annotations

import asyncio

import pytest

from flows.types import Turn
from knowledge.dossiers.registry import LocalRegistry
from knowledge.storage.db import Database
from knowledge.storage.unit_of_work import ConcurrentUpdate, SqlUnitOfWork
from tests.conftest import Conversation

CODE = "000.00.04.H51-250701-0001"


# --- the dialogue, on the in-memory unit of work --------------------------------------------


@pytest.fixture
def lan(services, fake_dialogue) -> Conversation:
    return Conversation(services, user_id="lan", channel="web", dialogue=fake_dialogue)


async def test_lan_follows_her_dossier_is_told_she_already_does_then_stops(lan, memory_store):
    await lan.payload(f"follow:{CODE}")
    assert lan.last[0].kind == "dossier_followed"
    assert "em sẽ nhắn anh/chị mỗi khi hồ sơ" in lan.text
    assert memory_store.followed("web", "lan") == [CODE]

    await lan.payload(f"follow:{CODE.lower()}")
    assert f"đang theo dõi hồ sơ {CODE} rồi" in lan.text
    assert memory_store.followed("web", "lan") == [CODE]

    await lan.press("Hủy theo dõi")
    assert "em đã dừng theo dõi 1 hồ sơ" in lan.text
    assert memory_store.followed("web", "lan") == []

    await lan.payload("cmd:unfollow")
    assert "chưa theo dõi hồ sơ nào" in lan.text


async def test_in_a_telegram_group_the_second_member_hears_the_chat_already_follows(
    fake_dialogue, memory_store
):
    minh = Turn("telegram", "minh", payload=f"follow:{CODE}", chat_id="group-7")
    hoa = Turn("telegram", "hoa", payload=f"follow:{CODE}", chat_id="group-7")
    assert "em sẽ nhắn" in (await fake_dialogue.handle(minh))[0].text
    assert "đang theo dõi" in (await fake_dialogue.handle(hoa))[0].text
    assert memory_store.followed("telegram", "group-7") == [CODE]


async def test_a_follow_that_lost_its_turn_race_is_written_once(services, memory_store):
    from tests.fakes import FakeUnitOfWork, dialogue_over

    class Raced(FakeUnitOfWork):
        """Another worker saves lan's conversation while her first commit runs."""

        raced = False

        async def commit(self) -> int:
            if not Raced.raced:
                Raced.raced = True
                other = FakeUnitOfWork(self.store)
                other.save_conversation("web", "lan", {"turns": 1}, 0, "citizen")
                await other.commit()
            return await super().commit()

    dialogue = dialogue_over(services, lambda: Raced(memory_store))
    replies = await dialogue.handle(Turn("web", "lan", payload=f"follow:{CODE}"))
    # the turn ran again on the newer conversation; its first try wrote nothing
    assert replies[0].kind == "dossier_followed"
    assert memory_store.followed("web", "lan") == [CODE]
    assert memory_store.conversations[("web", "lan")].version == 2


# --- the unit of work on the real databases ---------------------------------------------------


async def _follow_in_a_turn(db: Database, user: str, chat: str) -> tuple[SqlUnitOfWork, bool]:
    """A turn in which ``user`` presses "Theo dõi hồ sơ" in ``chat``, not yet committed."""
    uow = SqlUnitOfWork(db)
    stored = await uow.load_conversation("telegram", user)
    new = await uow.follow_dossier("telegram", chat, user, CODE, 4)
    uow.save_conversation("telegram", user, {"turns": 1}, stored.version, "citizen")
    return uow, new


async def test_the_follow_is_written_when_the_turn_commits_and_not_before(db):
    registry = LocalRegistry(db)
    uow, new = await _follow_in_a_turn(db, "minh", "c1")
    assert new is True
    assert await registry.for_chat("telegram", "c1") == []  # decided, not yet written
    await uow.commit()
    followed = await registry.for_chat("telegram", "c1")
    assert [(s.code, s.user_id, s.last_status) for s in followed] == [(CODE, "minh", 4)]

    # a turn that ends without committing (it failed before the end) leaves nothing
    async with SqlUnitOfWork(db) as unfinished:
        assert await unfinished.unfollow_dossiers("telegram", "c1", None) == 1
    assert len(await registry.for_chat("telegram", "c1")) == 1

    async with SqlUnitOfWork(db) as uow:
        assert await uow.follow_dossier("telegram", "c1", "minh", CODE.lower(), 5) is False
        assert await uow.unfollow_dossiers("telegram", "c1", CODE) == 1
        assert len(await registry.for_chat("telegram", "c1")) == 1
        await uow.commit()
    assert await registry.for_chat("telegram", "c1") == []


async def test_a_turn_that_lost_its_conversation_race_follows_nothing(db):
    registry = LocalRegistry(db)
    uow, _ = await _follow_in_a_turn(db, "minh", "c1")
    winner, _ = await _follow_in_a_turn(db, "minh", "c2")  # another worker, same user
    await winner.commit()
    with pytest.raises(ConcurrentUpdate):
        await uow.commit()
    assert await registry.for_chat("telegram", "c1") == []
    assert len(await registry.for_chat("telegram", "c2")) == 1


async def test_simultaneous_follows_of_one_dossier_in_one_chat_make_one_subscription(db):
    registry = LocalRegistry(db)
    # five members of one group press "Theo dõi hồ sơ" at the same moment
    turns = [await _follow_in_a_turn(db, f"member-{n}", "group-7") for n in range(5)]
    assert all(new for _, new in turns)  # each read "not followed yet"
    await asyncio.gather(*(uow.commit() for uow, _ in turns))  # no error
    (subscription,) = await registry.subscribers(CODE)
    assert subscription.chat_id == "group-7"

    # the same user pressing twice at once: one turn wins, the other runs again and
    # then reads "already followed"
    first, _ = await _follow_in_a_turn(db, "lan", "lan")
    second, _ = await _follow_in_a_turn(db, "lan", "lan")
    outcomes = await asyncio.gather(first.commit(), second.commit(), return_exceptions=True)
    assert sorted(type(o).__name__ for o in outcomes) == ["ConcurrentUpdate", "int"]
    _, new = await _follow_in_a_turn(db, "lan", "lan")
    assert new is False
    assert [s.chat_id for s in await registry.subscribers(CODE)] == ["group-7", "lan"]
