"""The insight tables: inbox items, feedback and turn events.

Every statement is SQLAlchemy Core, so the repositories work in an ORM session (the
admin's pages) and on a plain connection (the turn's unit of work) alike; the caller
owns the transaction. A person appears only as a ``user_hash``
(knowledge.insights.hashing); ``forget_user`` deletes all their rows.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, desc, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from knowledge.insights.grouping import SIMILARITY, group_texts
from knowledge.insights.records import (
    FeedbackRecord,
    InboxRecord,
    InboxStatus,
    MalformedResolution,
    Resolution,
    TurnRecord,
)
from knowledge.storage import models
from knowledge.storage.db import aware_utc, utcnow

logger = logging.getLogger(__name__)

Session = AsyncSession | AsyncConnection
MAX_TEXT = 1000  # characters of a question kept in the inbox
MAX_GROUPED = 1000  # the newest items of a listing that are grouped
MAX_RESOLUTION = 100


# ---- turn events and feedback ---------------------------------------------------------------


class TurnEventRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # One statement built once: every turn writes a row, so its cost counts.
    INSERT = models.TurnEvent.__table__.insert()

    async def add(self, record: TurnRecord, user_hash: str, at: dt.datetime | None = None) -> None:
        await self.session.execute(
            self.INSERT,
            {
                "at": at or utcnow(),
                "channel": record.channel,
                "user_hash": user_hash,
                "intent": record.intent,
                "outcome": str(record.outcome),
                "procedure_code": record.procedure_code,
                "faq_id": record.faq_id,
                "province_key": record.province_key,
                "unit_key": record.unit_key,
            },
        )


class FeedbackRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    async def add(
        self, record: FeedbackRecord, user_hash: str, at: dt.datetime | None = None
    ) -> None:
        """Store a 👍/👎; a 👎's reason completes the person's latest 👎 on the same
        answer that has none yet (see ``FeedbackRecord``)."""
        if record.reason is not None and not record.helpful:
            if await self._explain(record, user_hash):
                return
        await self.session.execute(
            models.Feedback.__table__.insert().values(
                created_at=at or utcnow(),
                channel=record.channel,
                user_hash=user_hash,
                helpful=record.helpful,
                reason=str(record.reason) if record.reason is not None else None,
                answer_kind=str(record.answer_kind),
                procedure_code=record.procedure_code,
                faq_id=record.faq_id,
            )
        )

    async def _explain(self, record: FeedbackRecord, user_hash: str) -> bool:
        table = models.Feedback.__table__
        latest = await self.session.scalar(
            select(table.c.id)
            .where(
                table.c.user_hash == user_hash,
                table.c.channel == record.channel,
                table.c.helpful.is_(False),
                table.c.reason.is_(None),
                table.c.answer_kind == str(record.answer_kind),
                _same(table.c.procedure_code, record.procedure_code),
                _same(table.c.faq_id, record.faq_id),
            )
            .order_by(desc(table.c.id))
            .limit(1)
        )
        if latest is None:
            return False
        await self.session.execute(
            update(table).where(table.c.id == latest).values(reason=str(record.reason))
        )
        return True


def _same(column, value):
    return column.is_(None) if value is None else column == value


# ---- the inbox --------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxEntry:
    """One stored inbox item (its text redacted before it was stored)."""

    id: int
    created_at: dt.datetime
    channel: str
    reason: str
    text: str
    intent: str | None
    procedure_code: str | None
    faq_id: int | None
    province_key: str | None
    unit_key: str | None
    status: str
    resolution: str | None
    resolved_by: str | None
    resolved_at: dt.datetime | None


@dataclass(frozen=True)
class InboxFilter:
    """Which items to list: ``status`` None is every status; ``province_key`` alone is
    the whole province, with ``unit_key`` one unit of it."""

    status: str | None = InboxStatus.OPEN
    channel: str | None = None
    province_key: str | None = None
    unit_key: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class InboxGroup:
    """Similar questions together: how many, when first and last asked, where from."""

    items: tuple[InboxEntry, ...]  # newest first

    @property
    def id(self) -> int:
        """The group's handle: its newest item."""
        return self.items[0].id

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(i.id for i in self.items)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def text(self) -> str:
        """The wording asked most often (the newest among equals)."""
        counts = Counter(i.text for i in self.items)
        return max(self.items, key=lambda i: counts[i.text]).text

    @property
    def texts(self) -> tuple[str, ...]:
        """Every distinct wording, the most frequent first."""
        return tuple(t for t, _ in Counter(i.text for i in self.items).most_common())

    @property
    def first_at(self) -> dt.datetime:
        return min(i.created_at for i in self.items)

    @property
    def last_at(self) -> dt.datetime:
        return max(i.created_at for i in self.items)

    def _counted(self, values) -> tuple[tuple[str, int], ...]:
        return tuple(Counter(v for v in values if v is not None).most_common())

    @property
    def channels(self) -> tuple[tuple[str, int], ...]:
        return self._counted(i.channel for i in self.items)

    @property
    def reasons(self) -> tuple[tuple[str, int], ...]:
        return self._counted(i.reason for i in self.items)

    @property
    def units(self) -> tuple[tuple[tuple[str, str | None], int], ...]:
        """(province key, unit key or None) of the items that have one, with counts."""
        return self._counted(
            (i.province_key, i.unit_key) if i.province_key else None for i in self.items
        )

    @property
    def procedure_codes(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self._counted(i.procedure_code for i in self.items))

    @property
    def faq_ids(self) -> tuple[int, ...]:
        return tuple(f for f, _ in self._counted(i.faq_id for i in self.items))


@dataclass(frozen=True)
class InboxChoices:
    """What the inbox's filters can offer: values present in the table."""

    channels: tuple[str, ...]
    units: tuple[tuple[str, str | None], ...]  # (province key, unit key or None)
    reasons: tuple[str, ...]


def _entry(row) -> InboxEntry:
    return InboxEntry(
        id=row.id,
        created_at=aware_utc(row.created_at),
        channel=row.channel,
        reason=row.reason,
        text=row.text,
        intent=row.intent,
        procedure_code=row.procedure_code,
        faq_id=row.faq_id,
        province_key=row.province_key,
        unit_key=row.unit_key,
        status=row.status,
        resolution=row.resolution,
        resolved_by=row.resolved_by,
        resolved_at=aware_utc(row.resolved_at),
    )


async def group_items(
    items: Sequence[InboxEntry], threshold: float = SIMILARITY
) -> list[InboxGroup]:
    """``items`` (newest first) in groups of similar questions, the largest group first,
    then the most recently asked; grouped in a worker thread."""
    indices = await asyncio.to_thread(group_texts, [i.text for i in items], threshold)
    groups = [InboxGroup(tuple(items[k] for k in members)) for members in indices]
    groups.sort(key=lambda g: (-g.count, -g.last_at.timestamp(), -g.id))
    return groups


class InboxRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.table = models.InboxItem.__table__

    async def add(self, record: InboxRecord, user_hash: str, at: dt.datetime | None = None) -> int:
        result = await self.session.execute(
            self.table.insert()
            .values(
                created_at=at or utcnow(),
                channel=record.channel,
                user_hash=user_hash,
                reason=str(record.reason),
                text=record.text[:MAX_TEXT],
                intent=record.intent,
                procedure_code=record.procedure_code,
                faq_id=record.faq_id,
                province_key=record.province_key,
                unit_key=record.unit_key,
                status=InboxStatus.OPEN.value,
            )
            .returning(self.table.c.id)
        )
        return int(result.scalar_one())

    async def get(self, item_id: int) -> InboxEntry | None:
        row = await self.session.execute(select(self.table).where(self.table.c.id == item_id))
        found = row.first()
        return _entry(found) if found is not None else None

    async def items(
        self, where: InboxFilter | None = None, limit: int = MAX_GROUPED
    ) -> list[InboxEntry]:
        """The newest ``limit`` items matching ``where`` (open ones by default), newest
        first."""
        where = where or InboxFilter()
        t = self.table.c
        conditions = []
        if where.status:
            conditions.append(t.status == where.status)
        if where.channel:
            conditions.append(t.channel == where.channel)
        if where.province_key:
            conditions.append(t.province_key == where.province_key)
            if where.unit_key:
                conditions.append(t.unit_key == where.unit_key)
        if where.reason:
            conditions.append(t.reason == where.reason)
        rows = await self.session.execute(
            select(self.table)
            .where(*conditions)
            .order_by(desc(t.created_at), desc(t.id))
            .limit(limit)
        )
        return [_entry(row) for row in rows]

    async def groups(
        self,
        where: InboxFilter | None = None,
        threshold: float = SIMILARITY,
        limit: int = MAX_GROUPED,
    ) -> list[InboxGroup]:
        """The newest ``limit`` matching items in groups of similar questions, the
        largest group first (then the most recently asked)."""
        return await group_items(await self.items(where, limit), threshold)

    async def group_of(self, item_id: int, threshold: float = SIMILARITY) -> InboxGroup | None:
        """The group of open items that ``item_id`` belongs to (it included, whatever
        its status), as the inbox would show it unfiltered."""
        item = await self.get(item_id)
        if item is None:
            return None
        for group in await self.groups(None, threshold):
            if item_id in group.ids:
                return group
        return InboxGroup((item,))

    async def resolve(
        self, ids: Sequence[int], resolution: str, by: str, at: dt.datetime | None = None
    ) -> int:
        """Mark the open items among ``ids`` resolved by ``resolution`` ("faq:12",
        "variant:12", "alias:1.001193"); how many were."""
        return await self._close(ids, InboxStatus.RESOLVED, resolution[:MAX_RESOLUTION], by, at)

    async def dismiss(self, ids: Sequence[int], by: str, at: dt.datetime | None = None) -> int:
        """Mark the open items among ``ids`` dismissed; how many were."""
        return await self._close(ids, InboxStatus.DISMISSED, None, by, at)

    async def resolve_group(
        self, item_id: int, resolution: str, by: str, at: dt.datetime | None = None
    ) -> int:
        """Resolve ``item_id`` and the open items like it (after, e.g., an FAQ entry was
        made from it: ``resolve_group(from_inbox, f"faq:{entry_id}", username)``)."""
        group = await self.group_of(item_id)
        return await self.resolve(group.ids if group else (), resolution, by, at)

    async def reopen_waiting(self, targets: Sequence[str], after: int | None) -> int:
        """Open again the resolved items whose resolution is one of ``targets`` ("faq:12")
        carried by a draft newer than revision ``after`` (None: any draft) -- the draft
        that was to answer them was discarded before it was published; how many were."""
        t = self.table.c
        prefixes = [t.resolution.startswith(f"{target}@", autoescape=True) for target in targets]
        if not prefixes:
            return 0
        rows = await self.session.execute(
            select(t.id, t.resolution).where(t.status == InboxStatus.RESOLVED.value, or_(*prefixes))
        )
        ids = []
        for item_id, text in rows:
            try:
                draft = Resolution.parse(text).draft
            except MalformedResolution:
                continue
            if draft is not None and (after is None or draft > after):
                ids.append(item_id)
        if not ids:
            return 0
        await self.session.execute(
            update(self.table)
            .where(t.id.in_(ids))
            .values(
                status=InboxStatus.OPEN.value, resolution=None, resolved_by=None, resolved_at=None
            )
        )
        logger.info("inbox: %d item(s) open again (their draft was discarded)", len(ids))
        return len(ids)

    async def _close(
        self,
        ids: Sequence[int],
        status: InboxStatus,
        resolution: str | None,
        by: str,
        at: dt.datetime | None,
    ) -> int:
        if not ids:
            return 0
        t = self.table.c
        result = await self.session.execute(
            update(self.table)
            .where(t.id.in_(list(ids)), t.status == InboxStatus.OPEN.value)
            .values(
                status=status.value,
                resolution=resolution,
                resolved_by=by[:50],
                resolved_at=at or utcnow(),
            )
        )
        closed = result.rowcount or 0
        logger.info("inbox: %d item(s) %s by %s (%s)", closed, status.value, by, resolution)
        return closed

    async def choices(self) -> InboxChoices:
        t = self.table.c
        channels = await self.session.execute(select(t.channel).distinct().order_by(t.channel))
        units = await self.session.execute(
            select(t.province_key, t.unit_key).where(t.province_key.is_not(None)).distinct()
        )
        reasons = await self.session.execute(select(t.reason).distinct().order_by(t.reason))
        return InboxChoices(
            channels=tuple(r[0] for r in channels),
            units=tuple(sorted(((r[0], r[1]) for r in units), key=lambda u: (u[0], u[1] or ""))),
            reasons=tuple(r[0] for r in reasons),
        )


# ---- "delete my data" -------------------------------------------------------------------------


async def forget_user(session: Session, user_hash: str) -> int:
    """Delete every insight row of one person; how many went."""
    removed = 0
    for model in (models.InboxItem, models.Feedback, models.TurnEvent):
        result = await session.execute(delete(model).where(model.user_hash == user_hash))
        removed += result.rowcount or 0
    return removed
