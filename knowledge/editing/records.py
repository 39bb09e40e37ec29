"""What the editing history is made of: a version of an item (``RevisionRecord``), the
fields that changed between two versions, an audit event to write and one read back,
and the audit's filters. Plain data; :mod:`knowledge.editing.review` does the work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from knowledge.editing.errors import EditingError
from knowledge.storage.models import AuditEvent

# The author of the revision that keeps an imported item's data before its first edit.
BASELINE_AUTHOR = "kb import"
AUDIT_LIMIT = 500


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


def changes(before: dict | None, after: dict | None) -> tuple[FieldChange, ...]:
    """The top-level fields whose value differs, in the order the data lists them."""
    before, after = before or {}, after or {}
    names = list(dict.fromkeys([*after, *before]))
    return tuple(
        FieldChange(name, before.get(name), after.get(name))
        for name in names
        if before.get(name) != after.get(name)
    )


@dataclass(frozen=True)
class RevisionRecord:
    """One version of one item, as history and drafts list it."""

    id: int
    kind: str
    item_key: str | None
    status: str
    data: dict
    label: str
    author: str
    created_at: dt.datetime
    published_by: str | None
    published_at: dt.datetime | None

    @property
    def was_live(self) -> bool:
        """The bot answered with this version at some time."""
        return self.published_at is not None or self.author == BASELINE_AUTHOR


class StaleForm(EditingError):
    """A draft made from a form opened before someone else's change to the item;
    ``newer`` is the version saved since (None if it is gone)."""

    def __init__(self, newer: RevisionRecord | None) -> None:
        super().__init__("stale_form", f"revision {newer.id}" if newer else "")
        self.newer = newer


@dataclass(frozen=True)
class AuditEntry:
    """An audit event to write with the change it records (``UnitOfWork.record_audit``)."""

    at: dt.datetime
    actor: str
    kind: str
    action: str
    item_key: str | None
    before: dict | None = None
    after: dict | None = None


async def write_audit(connection, entry: AuditEntry) -> None:
    """Insert ``entry`` in the caller's transaction."""
    values = dict(
        at=entry.at,
        actor=entry.actor[:50],
        action=entry.action,
        kind=entry.kind,
        item_key=entry.item_key,
        before=entry.before,
        after=entry.after,
    )
    await connection.execute(AuditEvent.__table__.insert().values(**values))


@dataclass(frozen=True)
class AuditRecord:
    """One change: who, when, what, before and after."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    kind: str
    item_key: str | None
    revision_id: int | None
    before: dict | None
    after: dict | None
    label: str
    changes: tuple[FieldChange, ...] = field(default=())


@dataclass(frozen=True)
class AuditFilter:
    """Which audit events to list: by person, kind, item, and days (inclusive, in Vietnam)."""

    actor: str | None = None
    kind: str | None = None
    item_key: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    limit: int = AUDIT_LIMIT
