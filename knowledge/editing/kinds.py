"""The four kinds of knowledge staff edit, each with its one schema and its live table.

=========  ====================================  =============================  ==========
kind       schema                                live table                     item key
=========  ====================================  =============================  ==========
procedure  ``procedures.records.ProcedureInfo``  ``procedures`` (repository)    slug
faq        ``faq.schema.FaqEntryData``           ``faq_entries`` (repository)   entry id
centre     ``places.centre_schema.CentreData``   ``service_centres``            row id
hotline    ``places.centre_schema.HotlineData``  ``hotlines``                   row id
=========  ====================================  =============================  ==========

The same schemas validate ``kb import``. A kind validates a revision's data, reads the
item as it is live (the "before" of a change) and writes it (the publish step).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.editing.errors import InvalidData, editing_message, field_errors
from knowledge.faq.repository import FaqRepository
from knowledge.faq.schema import FaqEntryData
from knowledge.places.admin_map import get_admin_map
from knowledge.places.centre_schema import CentreData, HotlineData, centre_info, hotline_info
from knowledge.places.centres import CentreInfo, link_units
from knowledge.procedures.records import RECORD, record_to_dict
from knowledge.procedures.repository import ProcedureRepository
from knowledge.storage import models

KINDS = ("procedure", "faq", "centre", "hotline")

# Links centres to units of the administrative map (blocking on the map's first load).
CentreLinker = Callable[[list[CentreInfo]], Awaitable[list[CentreInfo]]]


async def link_in_thread(infos: list[CentreInfo]) -> list[CentreInfo]:
    return await asyncio.to_thread(link_units, infos)


@dataclass(frozen=True)
class Kind:
    """How the workflow handles one kind; every method works in the caller's session."""

    name: str

    def parse(self, data: dict) -> Any:
        """The validated item (the schema's own type); raises ``ValidationError``."""
        raise NotImplementedError

    def dump(self, item: Any) -> dict:
        """The JSON shape stored in a revision (inverse of ``parse``)."""
        raise NotImplementedError

    def label(self, data: dict) -> str:
        """A short human name of the item, for lists and the audit."""
        raise NotImplementedError

    async def read_live(self, session: AsyncSession, key: str) -> dict | None:
        raise NotImplementedError

    async def check(self, session: AsyncSession, key: str | None, item: Any) -> None:
        """Rules that need the database (unique names); raises ``InvalidData``."""

    async def reserve(self, session: AsyncSession, item: Any) -> str | None:
        """The key a new item gets when its first draft is saved (None: at publish)."""
        return None

    async def write_live(
        self, session: AsyncSession, key: str | None, item: Any, link: CentreLinker
    ) -> str:
        """Make ``item`` what the bot answers with; returns the item's key."""
        raise NotImplementedError

    async def discarded(self, session: AsyncSession, key: str | None) -> None:
        """Called when the last draft of an item is discarded."""

    async def exists(self, session: AsyncSession, key: str) -> bool:
        return await self.read_live(session, key) is not None

    def parse_or_refuse(self, data: Any) -> Any:
        """The validated item, or ``InvalidData`` with Vietnamese messages per field."""
        if not isinstance(data, dict):
            raise InvalidData({"": editing_message("invalid")})
        try:
            return self.parse(data)
        except ValidationError as exc:
            raise InvalidData(field_errors(exc)) from None

    def validate(self, data: Any) -> dict:
        """The data as the schema normalises it, or ``InvalidData`` in Vietnamese."""
        return self.dump(self.parse_or_refuse(data))


def _int_key(key: str | None) -> int | None:
    try:
        return int(key) if key is not None else None
    except ValueError:
        return None


def _row_data(kind: Kind, row: Any, schema: type[BaseModel]) -> dict | None:
    """A live row in its schema's shape (as stored, should the row break a newer rule)."""
    if row is None:
        return None
    values = {field: getattr(row, field) for field in schema.model_fields}
    try:
        return kind.dump(schema.model_validate(values))
    except ValidationError:
        return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


class ProcedureKind(Kind):
    def parse(self, data: dict) -> Any:
        return RECORD.validate_python(data)

    def dump(self, item: Any) -> dict:
        return record_to_dict(item)

    def label(self, data: dict) -> str:
        code = data.get("code")
        return f"{data.get('name', '')} ({code})" if code else str(data.get("name", ""))

    async def read_live(self, session: AsyncSession, key: str) -> dict | None:
        info = await ProcedureRepository(session).get(key)
        return record_to_dict(info) if info is not None else None

    async def check(self, session: AsyncSession, key: str | None, item: Any) -> None:
        if key is not None and item.slug != key:
            raise InvalidData({"slug": editing_message("slug_changed")})
        if key is None and await ProcedureRepository(session).get(item.slug) is not None:
            raise InvalidData({"slug": editing_message("slug_taken")})

    async def write_live(self, session, key, item, link) -> str:
        await ProcedureRepository(session).upsert_many([item])
        return item.slug


class FaqKind(Kind):
    def parse(self, data: dict) -> Any:
        return FaqEntryData.model_validate(data)

    def dump(self, item: Any) -> dict:
        return item.model_dump(mode="json")

    def label(self, data: dict) -> str:
        return str(data.get("question", ""))

    async def read_live(self, session: AsyncSession, key: str) -> dict | None:
        number = _int_key(key)
        entry = await FaqRepository(session).get(number) if number is not None else None
        if entry is None or entry.status != "published":
            return None  # a draft entry is not what the bot answers with
        return self.dump(entry.data)

    async def exists(self, session: AsyncSession, key: str) -> bool:
        number = _int_key(key)
        return number is not None and await FaqRepository(session).get(number) is not None

    async def check(self, session: AsyncSession, key: str | None, item: Any) -> None:
        """The procedure and the place an entry names exist: an entry limited to an
        unknown unit, or tied to an unknown procedure, would never be answered."""
        errors: dict[str, str] = {}
        code = item.procedure_code
        if code is not None:
            table = models.Procedure
            found = await session.scalar(
                select(table.id).where((table.code == code) | (table.slug == code)).limit(1)
            )
            if found is None:
                errors["procedure_code"] = editing_message("unknown_procedure")
        if item.province_key is not None:
            admin_map = await asyncio.to_thread(get_admin_map)
            if admin_map.province(item.province_key) is None:
                errors["province_key"] = editing_message("unknown_province")
            elif item.unit_key and admin_map.unit(item.province_key, item.unit_key) is None:
                errors["unit_key"] = editing_message("unknown_unit")
        if errors:
            raise InvalidData(errors)

    async def reserve(self, session: AsyncSession, item: Any) -> str | None:
        return str(await FaqRepository(session).create(item, status="draft"))

    async def write_live(self, session, key, item, link) -> str:
        repository = FaqRepository(session)
        if key is None:
            return str(await repository.create(item, status="published"))
        await repository.apply(int(key), item, status="published")
        return key

    async def discarded(self, session: AsyncSession, key: str | None) -> None:
        repository = FaqRepository(session)
        number = _int_key(key)
        entry = await repository.get(number) if number is not None else None
        if entry is not None and entry.status == "draft":  # never published: withdraw it
            await repository.set_status(entry.id, "retired")


class CentreKind(Kind):
    def parse(self, data: dict) -> Any:
        return CentreData.model_validate(data)

    def dump(self, item: Any) -> dict:
        return item.model_dump(mode="json")

    def label(self, data: dict) -> str:
        return f"{data.get('centre_name', '')} ({data.get('province', '')})"

    async def read_live(self, session: AsyncSession, key: str) -> dict | None:
        number = _int_key(key)
        row = await session.get(models.ServiceCentre, number) if number is not None else None
        return _row_data(self, row, CentreData)

    async def check(self, session: AsyncSession, key: str | None, item: Any) -> None:
        table = models.ServiceCentre
        same = await session.scalar(
            select(table.id).where(
                table.province == item.province,
                table.unit_name == item.unit_name,
                table.centre_name == item.centre_name,
                table.id != (_int_key(key) or 0),
            )
        )
        if same is not None:
            raise InvalidData({"centre_name": editing_message("centre_taken")})

    async def write_live(self, session, key, item, link) -> str:
        number = _int_key(key)
        row = await session.get(models.ServiceCentre, number) if number is not None else None
        if row is None:
            row = models.ServiceCentre()
            session.add(row)
        (info,) = await link([centre_info(item)])
        for field in (*CentreData.model_fields, "caution", "describes_place"):
            setattr(row, field, getattr(info, field))
        row.province_key, row.unit_key = info.province_key, info.unit_key
        await session.flush()
        return str(row.id)


class HotlineKind(Kind):
    def parse(self, data: dict) -> Any:
        return HotlineData.model_validate(data)

    def dump(self, item: Any) -> dict:
        return item.model_dump(mode="json")

    def label(self, data: dict) -> str:
        return f"{data.get('service', '')} ({data.get('scope', '')})"

    async def read_live(self, session: AsyncSession, key: str) -> dict | None:
        number = _int_key(key)
        row = await session.get(models.Hotline, number) if number is not None else None
        return _row_data(self, row, HotlineData)

    async def check(self, session: AsyncSession, key: str | None, item: Any) -> None:
        table = models.Hotline
        same = await session.scalar(
            select(table.id).where(
                table.scope == item.scope,
                table.service == item.service,
                table.id != (_int_key(key) or 0),
            )
        )
        if same is not None:
            raise InvalidData({"service": editing_message("hotline_taken")})

    async def write_live(self, session, key, item, link) -> str:
        number = _int_key(key)
        row = await session.get(models.Hotline, number) if number is not None else None
        if row is None:
            row = models.Hotline()
            session.add(row)
        info = hotline_info(item)
        for field in (*HotlineData.model_fields, "verified"):
            setattr(row, field, getattr(info, field))
        await session.flush()
        return str(row.id)


_KINDS: dict[str, Kind] = {
    "procedure": ProcedureKind("procedure"),
    "faq": FaqKind("faq"),
    "centre": CentreKind("centre"),
    "hotline": HotlineKind("hotline"),
}


def kind_of(name: str) -> Kind:
    """The kind named ``name``; ``ValueError`` for an unknown one."""
    try:
        return _KINDS[name]
    except KeyError:
        raise ValueError(f"unknown kind {name!r} (one of: {', '.join(KINDS)})") from None
