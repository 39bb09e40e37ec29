"""The procedure catalogue: plain records and their repository."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from knowledge import models

CHANNELS = ("in_person", "online", "post")


@dataclass(frozen=True)
class ChannelInfo:
    """How one channel works for a procedure; ``None`` means "not known"."""

    channel: str
    available: bool | None = None
    time: str | None = None
    fee_vnd: int | None = None
    fee_note: str | None = None


@dataclass(frozen=True)
class DocumentInfo:
    case: str
    name: str
    form: str | None = None
    original: int | None = None
    copies: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class StepInfo:
    case: str
    text: str


@dataclass(frozen=True)
class ProcedureInfo:
    """One procedure of the catalogue, shaped like the national procedure record."""

    slug: str
    name: str
    source_url: str
    verified_on: dt.date
    code: str | None = None
    aliases: tuple[str, ...] = ()
    field: str | None = None
    level: str | None = None
    agency: str | None = None
    who_may_apply: str | None = None
    online_level: str | None = None
    portal_url: str | None = None
    result: str | None = None
    conditions: str | None = None
    legal_basis: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    channels: tuple[ChannelInfo, ...] = ()
    documents: tuple[DocumentInfo, ...] = ()
    steps: tuple[StepInfo, ...] = ()

    def channel(self, name: str) -> ChannelInfo | None:
        for info in self.channels:
            if info.channel == name:
                return info
        return None


def _to_info(row: models.Procedure) -> ProcedureInfo:
    return ProcedureInfo(
        slug=row.slug,
        code=row.code,
        name=row.name,
        aliases=tuple(a.alias for a in row.aliases),
        field=row.field,
        level=row.level,
        agency=row.agency,
        who_may_apply=row.who_may_apply,
        online_level=row.online_level,
        portal_url=row.portal_url,
        result=row.result,
        conditions=row.conditions,
        legal_basis=tuple(row.legal_basis or ()),
        notes=tuple(row.notes or ()),
        channels=tuple(
            ChannelInfo(c.channel, c.available, c.time, c.fee_vnd, c.fee_note) for c in row.channels
        ),
        documents=tuple(
            DocumentInfo(d.case, d.name, d.form, d.original, d.copies, d.note)
            for d in row.documents
        ),
        steps=tuple(StepInfo(s.case, s.text) for s in row.steps),
        source_url=row.source_url,
        verified_on=row.verified_on,
    )


def _fill(row: models.Procedure, info: ProcedureInfo) -> None:
    row.code = info.code
    row.name = info.name
    row.field = info.field
    row.level = info.level
    row.agency = info.agency
    row.who_may_apply = info.who_may_apply
    row.online_level = info.online_level
    row.portal_url = info.portal_url
    row.result = info.result
    row.conditions = info.conditions
    row.legal_basis = list(info.legal_basis)
    row.notes = list(info.notes)
    row.source_url = info.source_url
    row.verified_on = info.verified_on
    row.aliases = [models.ProcedureAlias(position=i, alias=a) for i, a in enumerate(info.aliases)]
    row.channels = [
        models.ProcedureChannel(
            position=i,
            channel=c.channel,
            available=c.available,
            time=c.time,
            fee_vnd=c.fee_vnd,
            fee_note=c.fee_note,
        )
        for i, c in enumerate(info.channels)
    ]
    row.documents = [
        models.ProcedureDocument(
            position=i,
            case=d.case,
            name=d.name,
            form=d.form,
            original=d.original,
            copies=d.copies,
            note=d.note,
        )
        for i, d in enumerate(info.documents)
    ]
    row.steps = [
        models.ProcedureStep(position=i, case=s.case, text=s.text) for i, s in enumerate(info.steps)
    ]


_LOAD = (
    selectinload(models.Procedure.aliases),
    selectinload(models.Procedure.channels),
    selectinload(models.Procedure.documents),
    selectinload(models.Procedure.steps),
)


class ProcedureRepository:
    """Reads and writes procedures within one session (the caller owns the transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list(self) -> list[ProcedureInfo]:
        rows = await self.session.scalars(
            select(models.Procedure).options(*_LOAD).order_by(models.Procedure.slug)
        )
        return [_to_info(r) for r in rows]

    async def get(self, slug: str) -> ProcedureInfo | None:
        row = await self.session.scalar(
            select(models.Procedure).options(*_LOAD).where(models.Procedure.slug == slug)
        )
        return _to_info(row) if row else None

    async def count(self) -> int:
        rows = await self.session.scalars(select(models.Procedure.id))
        return len(rows.all())

    async def upsert_many(self, infos: Sequence[ProcedureInfo]) -> tuple[int, int]:
        """Insert or replace procedures by slug; returns (created, updated)."""
        existing = {
            r.slug: r for r in await self.session.scalars(select(models.Procedure).options(*_LOAD))
        }
        created = updated = 0
        for info in infos:
            row = existing.get(info.slug)
            if row is None:
                row = models.Procedure(slug=info.slug)
                self.session.add(row)
                created += 1
            else:
                updated += 1
                # Delete the old child rows first: the new ones reuse their unique keys.
                for children in (row.aliases, row.channels, row.documents, row.steps):
                    children.clear()
                await self.session.flush()
            _fill(row, info)
        await self.session.flush()
        return created, updated

    async def delete_missing(self, keep: Sequence[str]) -> int:
        """Remove procedures whose slug is not in ``keep`` (a full-catalogue import)."""
        result = await self.session.execute(
            delete(models.Procedure).where(models.Procedure.slug.not_in(list(keep)))
        )
        return result.rowcount or 0


class Catalogue:
    """An in-memory snapshot of the procedures, read on every turn.

    The catalogue is small and read far more often than written, so each
    process keeps a copy and reloads it after an import.
    """

    def __init__(self, infos: Sequence[ProcedureInfo] = ()) -> None:
        self._by_slug = {i.slug: i for i in infos}

    @classmethod
    async def load(cls, session: AsyncSession) -> Catalogue:
        return cls(await ProcedureRepository(session).list())

    def get(self, slug: str | None) -> ProcedureInfo | None:
        return self._by_slug.get(slug) if slug else None

    def all(self) -> list[ProcedureInfo]:
        return list(self._by_slug.values())

    def __len__(self) -> int:
        return len(self._by_slug)
