"""The insight rows of one turn, kept until the turn's commit writes them.

``SqlUnitOfWork`` holds one ``InsightWrites``: the dialogue's ``record_turn``,
``add_inbox_item`` and ``record_feedback`` add to it, and ``commit`` writes it in the
turn's transaction, each person as ``user_hash`` under the database's key; ``forget``
is the insight part of "delete my data".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from knowledge.insights.hashing import key_for_database, user_hash
from knowledge.insights.records import FeedbackRecord, InboxRecord, TurnRecord
from knowledge.insights.repository import (
    FeedbackRepository,
    InboxRepository,
    TurnEventRepository,
    forget_user,
)

Record = TurnRecord | InboxRecord | FeedbackRecord


@dataclass
class InsightWrites:
    records: list[Record] = field(default_factory=list)

    def add(self, record: Record) -> None:
        self.records.append(record)

    def clear(self) -> None:
        self.records.clear()

    async def write(self, session: AsyncSession | AsyncConnection, database_url: str) -> None:
        """Write every record, in the caller's transaction."""
        if not self.records:
            return
        key = key_for_database(database_url)
        at = dt.datetime.now(dt.UTC)
        for record in self.records:
            person = user_hash(record.channel, record.user_id, key)
            match record:
                case TurnRecord():
                    await TurnEventRepository(session).add(record, person, at)
                case InboxRecord():
                    await InboxRepository(session).add(record, person, at)
                case FeedbackRecord():
                    await FeedbackRepository(session).add(record, person, at)


async def forget(
    session: AsyncSession | AsyncConnection, database_url: str, channel: str, user_id: str
) -> int:
    """Delete the insight rows of one person; how many went."""
    person = user_hash(channel, user_id, key_for_database(database_url))
    return await forget_user(session, person)
