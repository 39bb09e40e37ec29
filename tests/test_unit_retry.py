"""Work that writes as a turn does (a turn, a blocked chat's clean-up) runs in one unit
of work through ``Dialogue.run_unit``: when another writer got there first, it runs
again on what is stored now; the outbox listeners hear only the commit that went
through; work that keeps losing says the database is unavailable."""

from __future__ import annotations

import pytest

from flows import dialogue as dialogue_module
from knowledge.storage.db import DatabaseUnavailable
from knowledge.storage.outbox import OutgoingMessage
from knowledge.storage.people import ConflictingWrite

NOTICE = OutgoingMessage("visit:1", "web", "u1", {"text": "Dạ, em đã ghi nhận."})


@pytest.fixture(autouse=True)
def no_pause(monkeypatch):
    monkeypatch.setattr(dialogue_module, "RETRY_PAUSE_S", 0.0)


async def test_work_beaten_by_another_writer_runs_again_and_is_told_once(fake_dialogue):
    heard: list[list[OutgoingMessage]] = []
    fake_dialogue.outbox_listeners.append(heard.append)
    versions_read: list[int] = []

    async def note_a_visit(uow) -> str:
        stored = await uow.load_conversation("web", "u1")
        versions_read.append(stored.version)
        if len(versions_read) == 1:  # meanwhile another worker saves the same conversation
            async with fake_dialogue.unit_of_work() as rival:
                rival.save_conversation("web", "u1", {}, stored.version, "citizen")
                await rival.commit()
        uow.save_conversation("web", "u1", {}, stored.version, "citizen")
        uow.send(NOTICE)
        return "noted"

    done = await fake_dialogue.run_unit(note_a_visit, "a visit", operation="note a visit")

    assert done == ("noted", 0)  # (nothing deleted)
    assert versions_read == [0, 1]  # the second try read what the other worker saved
    assert heard == [[NOTICE]]


async def test_work_that_always_loses_says_the_database_is_unavailable(fake_dialogue):
    heard: list[list[OutgoingMessage]] = []
    fake_dialogue.outbox_listeners.append(heard.append)
    tries = 0

    async def claim_a_request_always_taken(uow) -> None:
        nonlocal tries
        tries += 1
        raise ConflictingWrite("request 000123")

    with pytest.raises(DatabaseUnavailable) as raised:
        await fake_dialogue.run_unit(
            claim_a_request_always_taken, "a claim", operation="claim a request"
        )

    assert (raised.value.operation, tries) == ("claim a request", dialogue_module.TURN_ATTEMPTS)
    assert heard == []
