"""The local dossier registry: the dossiers the service centre feeds us itself.

:class:`LocalRegistry` is the source of truth for a CSV export (``citizenbot dossier
import``, the file read by :mod:`knowledge.dossiers.import_file`) or status pushes
(:meth:`LocalRegistry.record_status`). Every status it records is appended to the
history (``dossier_status_events``); the current row is updated in the same
transaction, so the two never disagree.

Decisions:

* A status pushed for a code we never imported is accepted: the dossier row is created
  with that status (source as given), because the centre's system knows the dossier even
  when the CSV export has not caught up. National codes are stored canonical; other
  codes (systems with their own format, seen when polling an HTTP source) as given.
* Every :meth:`~LocalRegistry.record_status` call is one history event, even when the
  status did not change (a new note or appointment date is news); the returned
  :class:`~knowledge.dossiers.records.StatusChange` says whether the status changed. An import
  adds an event (source ``"import"``) only when a row's status differs.
* Concurrent writers: the read-modify-write of one code is serialised (``BEGIN
  IMMEDIATE`` on SQLite, the dossier row read ``FOR UPDATE`` on PostgreSQL) and a locked
  database is retried (see :mod:`knowledge.dossiers.store`).
* Personal data never enters: the import reads only the columns it knows and ignores
  the rest (``ho_ten``, ``cccd``, ``so_dien_thoai`` ...), reporting their names.

The registry object also carries the subscriptions
(:class:`~knowledge.dossiers.subscriptions.SubscriptionRepository`) and the web chat's
outbox (:class:`~knowledge.dossiers.web_outbox.WebOutbox`): one object for the dialogue
and the notifier. Everything returned is a plain frozen dataclass, never an ORM object.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.dossiers.codes import EXAMPLE_CODE
from knowledge.dossiers.import_file import read_dossier_file
from knowledge.dossiers.records import (
    DossierRecord,
    SourceUnavailable,
    StatusChange,
    StatusEvent,
)
from knowledge.dossiers.store import check_status, dossier_key, utc_now
from knowledge.dossiers.subscriptions import SubscriptionRepository
from knowledge.dossiers.web_outbox import WebOutbox
from knowledge.storage import models
from knowledge.storage.db import DatabaseUnavailable, aware_utc, insert_for

logger = logging.getLogger(__name__)

REGISTRY_SOURCE = "registry"
IMPORT_SOURCE = "import"

_SOURCE_MAX = 40
_CODE_MAX = 80
_CHUNK = 500


class InvalidCode(ValueError):
    """Text that is not a national dossier code."""

    def __init__(self, code: object) -> None:
        super().__init__(f"not a dossier code: {code!r} (example: {EXAMPLE_CODE})")
        self.code = code


class RegistryUnavailable(SourceUnavailable, DatabaseUnavailable):
    """The registry's database could not answer a lookup.

    Both a :class:`SourceUnavailable` (what every dossier source raises) and a
    :class:`DatabaseUnavailable`, so either ``except`` catches it.
    """

    def __init__(self, operation: str) -> None:
        # SourceUnavailable.__init__ reaches DatabaseUnavailable.__init__ through the MRO;
        # set the attributes and the message of both explicitly.
        SourceUnavailable.__init__(self, REGISTRY_SOURCE, "database unavailable")
        self.operation = operation
        self.args = (
            f"dossier source {REGISTRY_SOURCE} unavailable: database unavailable "
            f"during {operation}",
        )


@dataclass(frozen=True)
class ImportReport:
    """What ``import_csv`` did; ``ignored_columns`` were in the file and not read."""

    created: int
    updated: int
    events: int
    ignored_columns: tuple[str, ...] = ()
    kind: str = "dossiers"


def _record(row: models.Dossier) -> DossierRecord:
    return DossierRecord(
        code=row.code,
        status=row.status,
        source=REGISTRY_SOURCE,
        procedure_code=row.procedure_code,
        procedure_name=row.procedure_name,
        received_on=row.received_on,
        appointment_on=row.appointment_on,
        agency=row.agency,
        note=row.note,
        missing_documents=tuple(row.missing_documents or ()),
        updated_at=aware_utc(row.updated_at),
    )


def _event(row: models.DossierStatusEvent) -> StatusEvent:
    return StatusEvent(
        code=row.code,
        status=row.status,
        recorded_at=aware_utc(row.recorded_at),
        source=row.source,
        note=row.note,
        appointment_on=row.appointment_on,
    )


class LocalRegistry(SubscriptionRepository, WebOutbox):
    """Dossiers kept in our own database; a :class:`~knowledge.dossiers.records.DossierSource`.

    It also carries the subscription methods of :class:`SubscriptionRepository` and the
    web chat's outbox of :class:`WebOutbox` (one object for the dialogue and the notifier).
    """

    name = REGISTRY_SOURCE

    async def lookup(self, code: str) -> DossierRecord | None:
        """The dossier, or None when the registry does not know the code.

        Raises :class:`RegistryUnavailable` (a ``SourceUnavailable`` and a
        ``DatabaseUnavailable``) when the database cannot answer.
        """
        try:
            async with self._read("dossier lookup") as session:
                row = await session.get(models.Dossier, dossier_key(code))
                return _record(row) if row is not None else None
        except DatabaseUnavailable as exc:
            raise RegistryUnavailable("dossier lookup") from exc.__cause__

    async def record_status(
        self,
        code: str,
        status: int,
        note: str | None = None,
        appointment_on: dt.date | None = None,
        source: str = "api",
    ) -> StatusChange:
        """Append a status to the history and make it the current one, atomically.

        ``note`` and ``appointment_on`` replace the current values when given. A code
        the registry does not know yet is created with this status. A national code is
        stored in canonical form; a code of a system with its own format (recorded when
        polling an HTTP source) is kept as given, stripped. Empty text, whitespace
        inside, or more than 80 characters is an :class:`InvalidCode`.

        Raises :class:`InvalidCode`, :class:`InvalidStatus`, or ``DatabaseUnavailable``.
        """
        canonical = dossier_key(code) if isinstance(code, str) else ""
        if not canonical or len(canonical) > _CODE_MAX or any(c.isspace() for c in canonical):
            raise InvalidCode(code)
        check_status(status)
        source = (source or "api")[:_SOURCE_MAX]

        async def work(session: AsyncSession) -> StatusChange:
            now = utc_now()
            old_status: int | None = None
            inserted = await session.execute(
                insert_for(session, models.Dossier)
                .values(
                    code=canonical,
                    status=status,
                    note=note,
                    appointment_on=appointment_on,
                    missing_documents=[],
                    source=source,
                    updated_at=now,
                )
                .on_conflict_do_nothing(index_elements=["code"])
                .returning(models.Dossier.code)
            )
            created = inserted.scalar_one_or_none() is not None
            row = await session.scalar(
                select(models.Dossier)
                .where(models.Dossier.code == canonical)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
            now = utc_now()  # taken under the row lock: recorded_at follows commit order
            if not created:
                old_status = row.status
                row.status = status
                row.source = source
                row.updated_at = now
                if note is not None:
                    row.note = note
                if appointment_on is not None:
                    row.appointment_on = appointment_on
            session.add(
                models.DossierStatusEvent(
                    code=canonical,
                    status=status,
                    note=note,
                    appointment_on=appointment_on,
                    source=source,
                    recorded_at=now,
                )
            )
            await session.flush()
            return StatusChange(
                code=canonical,
                old_status=old_status,
                new_status=status,
                changed=old_status != status,
                record=_record(row),
            )

        return await self._write("record dossier status", work)

    async def history(self, code: str) -> list[StatusEvent]:
        """Every recorded status of the dossier, oldest first."""
        async with self._read("dossier history") as session:
            rows = await session.scalars(
                select(models.DossierStatusEvent)
                .where(models.DossierStatusEvent.code == dossier_key(code))
                .order_by(models.DossierStatusEvent.id)
            )
            return [_event(r) for r in rows]

    async def count(self) -> int:
        """Number of dossiers in the registry."""
        async with self._read("dossier count") as session:
            return await session.scalar(select(func.count()).select_from(models.Dossier)) or 0

    async def import_csv(self, path: Path | str) -> ImportReport:
        """Validate a dossier file whole, then upsert it in one transaction.

        CSV (``.csv``) or TSV; a header row with ``code`` and ``status`` and optionally
        ``procedure_code``, ``procedure_name``, ``received_on``, ``appointment_on``
        (YYYY-MM-DD), ``agency``, ``note``, ``missing_documents`` (separated by ``;``).
        Other columns are ignored. Raises ``CatalogueError`` naming the row; nothing is
        written then.
        """
        path = Path(path)
        rows, ignored = await asyncio.to_thread(read_dossier_file, path)
        if ignored:
            logger.info("dossier import %s: ignored column(s) %s", path, ", ".join(ignored))

        async def work(session: AsyncSession) -> ImportReport:
            now = utc_now()
            ordered = sorted(rows, key=lambda r: r.code)  # one lock order for every writer
            # New codes first, skipping any another writer creates meanwhile (PostgreSQL).
            created_codes: set[str] = set()
            for start in range(0, len(ordered), _CHUNK):
                chunk = ordered[start : start + _CHUNK]
                inserted = await session.execute(
                    insert_for(session, models.Dossier)
                    .values(
                        [
                            {
                                "missing_documents": [],
                                **item.values,
                                "code": item.code,
                                "status": item.status,
                                "source": IMPORT_SOURCE,
                                "updated_at": now,
                            }
                            for item in chunk
                        ]
                    )
                    .on_conflict_do_nothing(index_elements=["code"])
                    .returning(models.Dossier.code)
                )
                created_codes.update(inserted.scalars())
            existing: dict[str, models.Dossier] = {}
            for start in range(0, len(ordered), _CHUNK):
                chunk = [item.code for item in ordered[start : start + _CHUNK]]
                found = await session.scalars(
                    select(models.Dossier)
                    .where(models.Dossier.code.in_(chunk))
                    .order_by(models.Dossier.code)
                    .with_for_update()
                    .execution_options(populate_existing=True)
                )
                existing.update({r.code: r for r in found})
            now = utc_now()  # under the locks, like record_status
            events = 0
            for item in rows:
                row = existing[item.code]
                new = item.code in created_codes
                if not new:
                    for column, value in item.values.items():
                        setattr(row, column, value)
                    row.updated_at = now
                if new or row.status != item.status:
                    row.status = item.status
                    row.source = IMPORT_SOURCE
                    session.add(
                        models.DossierStatusEvent(
                            code=item.code,
                            status=item.status,
                            note=item.values.get("note"),
                            appointment_on=item.values.get("appointment_on"),
                            source=IMPORT_SOURCE,
                            recorded_at=now,
                        )
                    )
                    events += 1
            await session.flush()
            return ImportReport(
                created=len(created_codes),
                updated=len(rows) - len(created_codes),
                events=events,
                ignored_columns=ignored,
            )

        return await self._write("dossier import", work)
