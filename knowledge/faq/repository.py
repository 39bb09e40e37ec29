"""FAQ entries in the database: drafts, published entries and retired ones.

The repository works inside the caller's session and never commits: the admin's
publishing step, ``kb import`` and the seed each commit their own unit of work.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.faq.schema import FaqEntryData
from knowledge.storage import models
from knowledge.storage.db import utcnow

logger = logging.getLogger(__name__)

STATUSES = ("draft", "published", "retired")


class UnknownFaqEntry(LookupError):
    """No FAQ entry has this id."""


@dataclass(frozen=True)
class FaqEntry:
    """One stored FAQ entry: its id, status, validated content and last change."""

    id: int
    status: str
    data: FaqEntryData
    updated_at: dt.datetime


def _columns(data: FaqEntryData) -> dict:
    return {
        "question": data.question,
        "variants": list(data.variants),
        "answer": data.answer,
        "source_url": data.source_url,
        "procedure_code": data.procedure_code,
        "province_key": data.province_key,
        "unit_key": data.unit_key,
        "verified_on": data.verified_on,
    }


def _entry(row: models.FaqEntry) -> FaqEntry:
    data = FaqEntryData.model_validate(
        {
            "question": row.question,
            "variants": list(row.variants or []),
            "answer": row.answer,
            "source_url": row.source_url,
            "procedure_code": row.procedure_code,
            "province_key": row.province_key,
            "unit_key": row.unit_key,
            "verified_on": row.verified_on,
        }
    )
    return FaqEntry(id=row.id, status=row.status, data=data, updated_at=row.updated_at)


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"unknown FAQ status {status!r}; expected one of {STATUSES}")


class FaqRepository:
    """FAQ entries of one session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def create(self, data: FaqEntryData, status: str = "draft") -> int:
        """Store a new entry; returns its id."""
        _check_status(status)
        row = models.FaqEntry(**_columns(data), status=status, updated_at=utcnow())
        self._session.add(row)
        await self._session.flush()
        logger.info("FAQ entry %d created (%s)", row.id, status)
        return row.id

    async def get(self, entry_id: int) -> FaqEntry | None:
        row = await self._session.get(models.FaqEntry, entry_id)
        return _entry(row) if row is not None else None

    async def apply(self, entry_id: int, data: FaqEntryData, status: str = "published") -> None:
        """Replace the entry's content (publishing a reviewed version)."""
        _check_status(status)
        await self._update(entry_id, **_columns(data), status=status)

    async def set_status(self, entry_id: int, status: str) -> None:
        _check_status(status)
        await self._update(entry_id, status=status)

    async def published(self) -> list[FaqEntry]:
        """The entries the bot answers, oldest first."""
        rows = await self._session.scalars(
            select(models.FaqEntry)
            .where(models.FaqEntry.status == "published")
            .order_by(models.FaqEntry.id)
        )
        return [_entry(row) for row in rows]

    async def all(self) -> list[FaqEntry]:
        rows = await self._session.scalars(select(models.FaqEntry).order_by(models.FaqEntry.id))
        return [_entry(row) for row in rows]

    async def count(self) -> int:
        return await self._session.scalar(select(func.count()).select_from(models.FaqEntry)) or 0

    async def find_by_question(self, question: str) -> FaqEntry | None:
        """The entry asking exactly this question (the key of ``kb import``)."""
        row = await self._session.scalar(
            select(models.FaqEntry)
            .where(models.FaqEntry.question == question.strip())
            .order_by(models.FaqEntry.id)
            .limit(1)
        )
        return _entry(row) if row is not None else None

    async def import_published(self, data: FaqEntryData) -> tuple[int, bool]:
        """Publish ``data`` under its question: updates the entry with the same question
        text, else creates one. Returns (id, created)."""
        existing = await self.find_by_question(data.question)
        if existing is None:
            return await self.create(data, status="published"), True
        if existing.data != data or existing.status != "published":
            await self.apply(existing.id, data, status="published")
        return existing.id, False

    async def _update(self, entry_id: int, **values) -> None:
        result = await self._session.execute(
            update(models.FaqEntry)
            .where(models.FaqEntry.id == entry_id)
            .values(**values, updated_at=utcnow())
        )
        if result.rowcount == 0:
            raise UnknownFaqEntry(entry_id)
