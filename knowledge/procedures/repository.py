"""Procedure records in the database: read, written and replaced within the caller's
session (the caller owns the transaction). The record's schema and the in-memory view
are :mod:`knowledge.procedures.records`."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.procedures.records import Catalogue, ProcedureInfo, from_stored, record_to_dict
from knowledge.storage import models


class ProcedureRepository:
    """Reads and writes procedure records within one session (the caller owns the transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list(self) -> list[ProcedureInfo]:
        return [from_stored(json.loads(r)) for r in await self.stored()]

    async def stored(self) -> list[str]:
        """Every record as stored (JSON text), by slug: parse them off the event loop
        with ``Catalogue.from_stored`` when there are thousands."""
        rows = await self.session.execute(
            select(models.Procedure.record).order_by(models.Procedure.slug)
        )
        return [r for (r,) in rows]

    async def get(self, slug: str) -> ProcedureInfo | None:
        record = await self.session.scalar(
            select(models.Procedure.record).where(models.Procedure.slug == slug)
        )
        return from_stored(json.loads(record)) if record else None

    async def count(self, source_kind: str | None = None) -> int:
        query = select(func.count(models.Procedure.id))
        if source_kind is not None:
            query = query.where(models.Procedure.source_kind == source_kind)
        return int(await self.session.scalar(query) or 0)

    async def upsert_many(self, infos: Sequence[ProcedureInfo]) -> tuple[int, int]:
        """Insert or replace records by slug; returns (created, updated).

        Core statements in batches: the national catalogue is thousands of records.
        """
        table = models.Procedure.__table__
        slugs = [i.slug for i in infos]
        existing: set[str] = set()
        for start in range(0, len(slugs), 500):
            batch = slugs[start : start + 500]
            rows = await self.session.execute(select(table.c.slug).where(table.c.slug.in_(batch)))
            existing.update(slug for (slug,) in rows)
        values = [
            {
                "b_slug": info.slug,
                "code": info.code,
                "name": info.name[:300],
                "source_kind": info.source_kind,
                "record": json.dumps(record_to_dict(info), ensure_ascii=False),
            }
            for info in infos
        ]
        new = [v for v in values if v["b_slug"] not in existing]
        old = [v for v in values if v["b_slug"] in existing]
        if new:
            await self.session.execute(
                insert(table),
                [{"slug": v.pop("b_slug"), **v} for v in new],
            )
        if old:
            await self.session.execute(
                update(table)
                .where(table.c.slug == bindparam("b_slug"))
                .values(
                    code=bindparam("code"),
                    name=bindparam("name"),
                    source_kind=bindparam("source_kind"),
                    record=bindparam("record"),
                    updated_at=func.now(),
                ),
                old,
            )
        return len(new), len(old)

    async def delete_missing(self, keep: Sequence[str]) -> int:
        """Remove procedures whose slug is not in ``keep`` (a full-catalogue import)."""
        result = await self.session.execute(
            delete(models.Procedure).where(models.Procedure.slug.not_in(list(keep)))
        )
        return result.rowcount or 0

    async def catalogue(self) -> Catalogue:
        """Every stored record, as the catalogue the dialogue answers from."""
        return Catalogue(await self.list())
