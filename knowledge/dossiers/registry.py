"""The local dossier registry, dossier subscriptions and the web chat's outbox.

:class:`LocalRegistry` is the source of truth for dossiers the service centre feeds us
itself: a CSV export (``citizenbot dossier import``) or status pushes
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
* Concurrent writers: on SQLite a write transaction starts with ``BEGIN IMMEDIATE``
  (writers queue on the database lock, readers are not blocked under WAL); on
  PostgreSQL the dossier row is read ``FOR UPDATE``. Either way the read-modify-write
  of one code is serialised. "database is locked" and deadlocks are retried with
  backoff for up to ~4 s, then :class:`~knowledge.storage.db.DatabaseUnavailable` is raised.
* Personal data never enters: the import reads only the columns it knows and ignores
  the rest (``ho_ten``, ``cccd``, ``so_dien_thoai`` ...), reporting their names.

Everything returned is a plain frozen dataclass, never an ORM object.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.data_files import CatalogueError, read_table
from knowledge.dossiers.codes import EXAMPLE_CODE, normalize_code
from knowledge.dossiers.records import (
    STATUS_NAMES,
    DossierRecord,
    SourceUnavailable,
    StatusChange,
    StatusEvent,
)
from knowledge.storage import models
from knowledge.storage.db import Database, DatabaseUnavailable, insert_for
from knowledge.storage.outbox import OutboxRepository, OutgoingMessage

logger = logging.getLogger(__name__)

T = TypeVar("T")

REGISTRY_SOURCE = "registry"
IMPORT_SOURCE = "import"

# Columns of a dossier import file. Anything else is ignored and never stored.
IMPORT_REQUIRED_COLUMNS = ("code", "status")
IMPORT_COLUMNS = (
    "code",
    "procedure_code",
    "procedure_name",
    "status",
    "received_on",
    "appointment_on",
    "agency",
    "note",
    "missing_documents",
)
_MAX_LEN = {"procedure_code": 40, "procedure_name": 300, "agency": 300, "note": 2000}
_SOURCE_MAX = 40
_CODE_MAX = 80

# How long a write keeps retrying a locked database (seconds, in all).
WRITE_RETRY_S = 4.0
_CHUNK = 500
_DB_ERRORS = (OperationalError, InterfaceError, PoolTimeout, OSError)
_TRANSIENT = ("database is locked", "deadlock", "could not serialize", "database table is locked")


class InvalidStatus(ValueError):
    """A status outside the national codes 1–10."""

    def __init__(self, status: object) -> None:
        super().__init__(f"dossier status must be an integer 1–10, got {status!r}")
        self.status = status


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


@dataclass(frozen=True)
class Subscription:
    """A chat waiting for news about one dossier."""

    id: int
    channel: str
    chat_id: str
    user_id: str
    code: str
    last_status: int | None
    active: bool
    created_at: dt.datetime


def check_status(status: object) -> int:
    """``status`` as an int when it is a national status code, else :class:`InvalidStatus`."""
    if isinstance(status, bool) or not isinstance(status, int) or status not in STATUS_NAMES:
        raise InvalidStatus(status)
    return status


def dossier_key(code: str) -> str:
    """The key a code is stored under: its canonical form, or the stripped text for codes
    of systems with their own format."""
    return normalize_code(code) or code.strip()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands back naive datetimes; everything here is written in UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


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
        updated_at=_aware(row.updated_at),
    )


def _event(row: models.DossierStatusEvent) -> StatusEvent:
    return StatusEvent(
        code=row.code,
        status=row.status,
        recorded_at=_aware(row.recorded_at),
        source=row.source,
        note=row.note,
        appointment_on=row.appointment_on,
    )


def _subscription(row: models.DossierSubscription) -> Subscription:
    return Subscription(
        id=row.id,
        channel=row.channel,
        chat_id=row.chat_id,
        user_id=row.user_id,
        code=row.code,
        last_status=row.last_status,
        active=row.active,
        created_at=_aware(row.created_at),
    )


def _transient(exc: BaseException) -> bool:
    message = str(getattr(exc, "orig", None) or exc).lower()
    return any(marker in message for marker in _TRANSIENT)


class _Store:
    """Shared plumbing: sessions, write transactions, retries, error mapping."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @asynccontextmanager
    async def _read(self, operation: str) -> AsyncIterator[AsyncSession]:
        try:
            async with self.db.sessions() as session:
                yield session
        except _DB_ERRORS as exc:
            logger.warning("database error during %s: %s", operation, type(exc).__name__)
            raise DatabaseUnavailable(operation) from exc

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncSession]:
        """A write transaction that holds the write lock from the start on SQLite."""
        async with self.db.sessions() as session:
            try:
                if self.db.is_sqlite:
                    await session.execute(text("BEGIN IMMEDIATE"))
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def _write(self, operation: str, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run ``work`` in one write transaction, retrying a locked database for ~4 s."""
        deadline = time.monotonic() + WRITE_RETRY_S
        delay = 0.02
        while True:
            try:
                async with self._transaction() as session:
                    return await work(session)
            except (*_DB_ERRORS, DBAPIError) as exc:
                retry = _transient(exc) and time.monotonic() + delay < deadline
                if isinstance(exc, DBAPIError) and not isinstance(exc, _DB_ERRORS) and not retry:
                    raise  # an integrity or data error: a bug, not an outage
                if not retry:
                    logger.warning("database error during %s: %s", operation, type(exc).__name__)
                    raise DatabaseUnavailable(operation) from exc
                await asyncio.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 0.5)


async def tell_once(session: AsyncSession, subscription_id: int, status: int) -> bool:
    """Record that a subscriber was told ``status``; False when they had been already
    (compare and set: of two announcers of one change, one sends)."""
    check_status(status)
    table = models.DossierSubscription
    result = await session.execute(
        update(table)
        .where(
            table.id == subscription_id,
            table.active.is_(True),
            (table.last_status.is_(None)) | (table.last_status != status),
        )
        .values(last_status=status)
    )
    return result.rowcount == 1


# --- subscriptions and the web outbox --------------------------------------------------------


class SubscriptionRepository(_Store):
    """Who wants to hear about which dossier, and the web chat's outbox."""

    async def subscribe(
        self, channel: str, chat_id: str, user_id: str, code: str, last_status: int | None
    ) -> bool:
        """Follow ``code`` in this chat; True when new (or re-activated), False when the
        chat already followed it (its ``last_status`` is then updated)."""
        key = dossier_key(code)
        table = models.DossierSubscription

        async def work(session: AsyncSession) -> bool:
            inserted = await session.execute(
                insert_for(session, table)
                .values(
                    channel=channel,
                    chat_id=chat_id,
                    user_id=user_id,
                    code=key,
                    last_status=last_status,
                    active=True,
                    created_at=_now(),
                )
                .on_conflict_do_nothing(index_elements=["channel", "chat_id", "code"])
                .returning(table.id)
            )
            if inserted.scalar_one_or_none() is not None:
                return True
            where = (table.channel == channel, table.chat_id == chat_id, table.code == key)
            revived = await session.execute(
                update(table)
                .where(*where, table.active.is_(False))
                .values(active=True, user_id=user_id, last_status=last_status)
                .returning(table.id)
            )
            if revived.scalar_one_or_none() is not None:
                return True
            await session.execute(
                update(table).where(*where).values(user_id=user_id, last_status=last_status)
            )
            return False

        return await self._write("dossier subscribe", work)

    async def unsubscribe(self, channel: str, chat_id: str, code: str | None = None) -> int:
        """Stop following ``code`` (or every dossier) in this chat; how many stopped."""
        table = models.DossierSubscription

        async def work(session: AsyncSession) -> int:
            query = update(table).where(
                table.channel == channel, table.chat_id == chat_id, table.active.is_(True)
            )
            if code is not None:
                query = query.where(table.code == dossier_key(code))
            result = await session.execute(query.values(active=False))
            return result.rowcount or 0

        return await self._write("dossier unsubscribe", work)

    async def subscribers(self, code: str) -> list[Subscription]:
        """The active subscriptions to one dossier."""
        table = models.DossierSubscription
        async with self._read("dossier subscribers") as session:
            rows = await session.scalars(
                select(table)
                .where(table.code == dossier_key(code), table.active.is_(True))
                .order_by(table.id)
            )
            return [_subscription(r) for r in rows]

    async def active_codes(self) -> list[str]:
        """Every dossier code somebody follows, sorted."""
        table = models.DossierSubscription
        async with self._read("dossier active codes") as session:
            rows = await session.scalars(
                select(table.code).where(table.active.is_(True)).distinct().order_by(table.code)
            )
            return list(rows)

    async def set_last_status(self, subscription_id: int, status: int) -> None:
        """Remember the status this subscriber was last told."""
        check_status(status)
        table = models.DossierSubscription

        async def work(session: AsyncSession) -> None:
            await session.execute(
                update(table).where(table.id == subscription_id).values(last_status=status)
            )

        await self._write("dossier set last status", work)

    async def unannounced(self) -> list[StatusChange]:
        """Local dossiers whose status some active follower has not been told (an
        announcement lost to a crash or a client that hung up): one change per code."""
        sub, dossier = models.DossierSubscription, models.Dossier
        async with self._read("dossier unannounced changes") as session:
            rows = await session.execute(
                select(dossier.code, dossier.status)
                .join(sub, sub.code == dossier.code)
                .where(
                    sub.active.is_(True),
                    (sub.last_status.is_(None)) | (sub.last_status != dossier.status),
                )
                .distinct()
                .order_by(dossier.code)
            )
            return [StatusChange(code, None, status, True) for code, status in rows.all()]

    async def for_chat(self, channel: str, chat_id: str) -> list[Subscription]:
        """The dossiers one chat follows."""
        table = models.DossierSubscription
        async with self._read("dossier subscriptions of a chat") as session:
            rows = await session.scalars(
                select(table)
                .where(table.channel == channel, table.chat_id == chat_id, table.active.is_(True))
                .order_by(table.id)
            )
            return [_subscription(r) for r in rows]

    async def push_web(self, user_id: str, text: str, key: str | None = None) -> bool:
        """Queue a message for a web chat user in the outbox (``key``: its identity; a
        repeated key is queued once). True when queued now."""
        message = OutgoingMessage(
            key or f"web:{user_id}:{uuid.uuid4().hex}",
            "web",
            user_id,
            {"text": text, "kind": "dossier_changed"},
        )

        async def work(session: AsyncSession) -> bool:
            return await OutboxRepository(session).add(message)

        return await self._write("web outbox push", work)

    async def pop_web(self, user_id: str) -> list[str]:
        """The user's undelivered messages, oldest first, marked delivered (each is
        handed out once, even to concurrent callers)."""

        async def work(session: AsyncSession) -> list[str]:
            bodies = await OutboxRepository(session).take("web", user_id, _now())
            return [str(body.get("text", "")) for body in bodies]

        return await self._write("web outbox pop", work)

    async def web_waiting(self, user_id: str) -> int:
        """How many messages wait for a web chat user (nothing is handed out)."""
        async with self._read("web outbox count") as session:
            return await OutboxRepository(session).waiting("web", user_id)


class LocalRegistry(SubscriptionRepository):
    """Dossiers kept in our own database; a :class:`~knowledge.dossiers.records.DossierSource`.

    It also carries the subscription and web-outbox methods of
    :class:`SubscriptionRepository` (one object for the dialogue and the notifier).
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
            now = _now()
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
            now = _now()  # taken under the row lock: recorded_at follows commit order
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
            now = _now()
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
            now = _now()  # under the locks, like record_status
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


# --- the import file ------------------------------------------------------------------------


@dataclass(frozen=True)
class _ImportRow:
    code: str
    status: int
    values: dict  # column -> value, for the optional columns present in the file


def _date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        pass
    # Spreadsheets in Vietnam often write dd/mm/yyyy.
    day, _, rest = raw.partition("/")
    month, _, year = rest.partition("/")
    if day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4:
        return dt.date(int(year), int(month), int(day))
    raise ValueError(raw)


def read_dossier_file(path: Path) -> tuple[list[_ImportRow], tuple[str, ...]]:
    """Parse and validate a dossier file: (rows, names of the ignored columns).

    Raises ``CatalogueError`` with the row number for the first problem found.
    """
    header, table = read_table(path)
    if len(set(header)) != len(header):
        raise CatalogueError(str(path), "row 1", "a column appears twice")
    missing = [c for c in IMPORT_REQUIRED_COLUMNS if c not in header]
    if missing:
        raise CatalogueError(
            str(path),
            "row 1",
            f"missing column(s): {', '.join(missing)} (columns: {', '.join(IMPORT_COLUMNS)})",
        )
    present = [c for c in IMPORT_COLUMNS if c in header and c not in IMPORT_REQUIRED_COLUMNS]
    ignored = tuple(c for c in header if c not in IMPORT_COLUMNS)
    rows: list[_ImportRow] = []
    seen: dict[str, int] = {}
    for number, cells in table:
        where = f"row {number}"
        raw_code = cells.get("code", "")
        code = normalize_code(raw_code)
        if code is None:
            raise CatalogueError(
                str(path),
                where,
                f"'code' is not a dossier code: {raw_code!r} (example: {EXAMPLE_CODE})",
            )
        where = f"row {number} ({code})"
        if code in seen:
            raise CatalogueError(str(path), where, f"same dossier code as row {seen[code]}")
        seen[code] = number
        raw_status = cells.get("status", "")
        if not raw_status.isdigit() or int(raw_status) not in STATUS_NAMES:
            raise CatalogueError(
                str(path), where, f"'status' must be a number from 1 to 10, not {raw_status!r}"
            )
        values: dict = {}
        for column in present:
            raw = cells.get(column, "")
            if column in ("received_on", "appointment_on"):
                try:
                    values[column] = _date(raw) if raw else None
                except ValueError:
                    raise CatalogueError(
                        str(path), where, f"'{column}' must be a date YYYY-MM-DD, not {raw!r}"
                    ) from None
            elif column == "missing_documents":
                values[column] = [d.strip() for d in raw.replace("\n", ";").split(";") if d.strip()]
            else:
                limit = _MAX_LEN.get(column)
                if limit and len(raw) > limit:
                    raise CatalogueError(
                        str(path), where, f"'{column}' is longer than {limit} characters"
                    )
                values[column] = raw or None
        received, due = values.get("received_on"), values.get("appointment_on")
        if received and due and due < received:
            raise CatalogueError(str(path), where, "'appointment_on' is before 'received_on'")
        rows.append(_ImportRow(code=code, status=int(raw_status), values=values))
    return rows, ignored
