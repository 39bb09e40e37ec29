"""Editing with review and history: drafts, publishing, discarding, restoring, the audit.

An edit is a ``revisions`` row (a *draft*) until an admin publishes it. Publishing
validates the data again with its kind's schema, writes the live row the bot answers
from, marks the item's earlier published revision *superseded*, records an audit event
with the item before and after, and raises the knowledge generation — all in the
caller's transaction (``Editing`` never commits). Restoring makes a new revision from an
old one's data and publishes it, audited as ``restore``.

The first time an item that came from ``kb import`` (or the seed) is edited, its live
data is kept as a published revision by :data:`BASELINE_AUTHOR`, so the original can be
restored like any other version.

Who may do what (editors draft, admins publish) is the caller's check: ``Editing`` only
records who did it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy import and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.editing.errors import EditingError, InvalidData, editing_message
from knowledge.editing.generation import bump_generation
from knowledge.editing.inbox import reopen_questions
from knowledge.editing.kinds import KINDS, CentreLinker, Kind, kind_of, link_in_thread
from knowledge.editing.records import (
    BASELINE_AUTHOR,
    AuditFilter,
    AuditRecord,
    RevisionRecord,
    StaleForm,
    changes,
)
from knowledge.storage.db import aware_utc
from knowledge.storage.models import AuditEvent, Revision

logger = logging.getLogger(__name__)

ACTIONS = ("draft", "publish", "discard", "restore")
STATUSES = ("draft", "published", "superseded", "discarded")
# Dates of the audit's filters are days in Vietnam.
VN_TZ = dt.timezone(dt.timedelta(hours=7))
# Fields whose change is not a change of what citizens are told: ways of asking, the
# ranking, internal notes -- and the date itself. Changing any other field of an item
# whose date was left as it was dates the draft today (``Editing._dated``).
NOT_FACTS = frozenset({"verified_on", "question", "variants", "aliases", "popularity", "note"})


def _label(kind: str, key: str | None, data: dict) -> str:
    """The item's name; events of other kinds (e.g. "staff") show their key."""
    if kind in KINDS:
        return kind_of(kind).label(data)
    return key or ""


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), VN_TZ).astimezone(dt.UTC)


class Editing:
    """The editing workflow over one session (the caller owns the transaction)."""

    def __init__(
        self,
        session: AsyncSession,
        *,
        clock: Callable[[], dt.datetime] | None = None,
        link_centres: CentreLinker = link_in_thread,
    ) -> None:
        self.session = session
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._link = link_centres

    # --- writing ------------------------------------------------------------------------

    async def save_draft(
        self,
        kind: str,
        item_key: str | None,
        data: dict,
        author: str,
        *,
        replaces: int | None = None,
        based_on: int | None = None,
    ) -> int:
        """Validate ``data`` and keep it as a draft of the item (a new item when
        ``item_key`` is None); returns the revision id. The item's earlier draft, if
        any, is superseded; so is the draft ``replaces`` (a new item's draft edited
        again). Raises ``InvalidData`` with Vietnamese messages per field.

        ``based_on`` is the item's :meth:`version` the editor's form was made from:
        when someone saved or restored a version since, the draft is not saved
        (``StaleForm``, naming that version), so that nobody's edit is silently
        replaced by a form opened before it."""
        spec = kind_of(kind)
        item = spec.parse_or_refuse(data)
        if based_on is not None and item_key is not None:
            await self._refuse_stale(kind, item_key, based_on)
        if item_key is None:  # a new item's date after today: refused before any write
            self._dated(spec.dump(item), None)
        if replaces is not None:
            replaced = await self._draft(replaces)
            if replaced.kind != kind:
                raise EditingError("not_a_draft", f"{replaces} is a {replaced.kind}")
        if item_key is not None and not await spec.exists(self.session, item_key):
            raise EditingError("unknown_item", f"{kind} {item_key}")
        await spec.check(self.session, item_key, item)
        if item_key is None:
            item_key = await spec.reserve(self.session, item)
        normalised = spec.dump(item)
        before = await spec.read_live(self.session, item_key) if item_key else None
        normalised = self._dated(normalised, before)
        if item_key is not None:
            await self._keep_baseline(spec, item_key, before)
            await self.session.execute(
                update(Revision)
                .where(
                    Revision.kind == kind, Revision.item_key == item_key, Revision.status == "draft"
                )
                .values(status="superseded")
            )
        if replaces is not None:
            replaced.status = "superseded"
        revision = Revision(
            kind=kind,
            item_key=item_key,
            status="draft",
            data=normalised,
            author=author,
            created_at=self._clock(),
        )
        self.session.add(revision)
        await self.session.flush()
        await self._audit("draft", author, kind, item_key, revision.id, before, normalised)
        logger.info("draft %d of %s %s saved by %s", revision.id, kind, item_key, author)
        return revision.id

    def _today(self) -> dt.date:
        return self._clock().astimezone(VN_TZ).date()

    def _dated(self, data: dict, live: dict | None) -> dict:
        """The draft's ``verified_on`` as the bot will cite it ("cập nhật dd/mm/yyyy").

        A date typed after today (in Vietnam) is refused. When the draft changes what
        citizens are told but keeps the live version's date, the date becomes today:
        otherwise the new fee or address would go out as "updated" on the old day."""
        typed = data.get("verified_on")
        if not isinstance(typed, str):
            return data
        today = self._today()
        kept = live is not None and typed == live.get("verified_on")
        if not kept and dt.date.fromisoformat(typed) > today:
            raise InvalidData({"verified_on": editing_message("future_date")})
        if not kept:
            return data
        facts = [c.field for c in changes(live, data) if c.field not in NOT_FACTS]
        return {**data, "verified_on": today.isoformat()} if facts else data

    async def publish(self, revision_id: int, admin: str) -> str:
        """Publish a draft: the live row, the history, the audit, the generation.

        Returns the item's key (a new item gets its key here). Raises ``EditingError``
        when the revision is unknown or no longer a draft, ``InvalidData`` when its data
        breaks the schema (or a unique name) now."""
        revision = await self._draft(revision_id)
        return await self._publish(revision, admin, "publish")

    async def discard(self, revision_id: int, actor: str) -> None:
        """Throw a draft away (kept in the history as ``discarded``); inbox questions
        it was made from are open again (``knowledge.editing.inbox``)."""
        revision = await self._draft(revision_id)
        revision.status = "discarded"
        await self.session.flush()
        await self._audit(
            "discard", actor, revision.kind, revision.item_key, revision.id, revision.data, None
        )
        other = revision.item_key is not None and await self.session.scalar(
            select(Revision.id).where(
                Revision.kind == revision.kind,
                Revision.item_key == revision.item_key,
                Revision.status.in_(("draft", "published")),
            )
        )
        if not other:
            await kind_of(revision.kind).discarded(self.session, revision.item_key)
        await reopen_questions(self.session, revision)  # the inbox questions it was to answer
        logger.info("draft %d discarded by %s", revision.id, actor)

    async def restore(self, revision_id: int, admin: str) -> int:
        """Publish again the data of a version the bot once answered with, as a new
        revision (audited as ``restore``); returns the new revision's id."""
        old = await self.session.get(Revision, revision_id)
        if old is None:
            raise EditingError("unknown_revision", str(revision_id))
        if old.item_key is None or not self._record(old).was_live:
            raise EditingError("never_published", str(revision_id))
        revision = Revision(
            kind=old.kind,
            item_key=old.item_key,
            status="draft",
            data=old.data,
            author=admin,
            created_at=self._clock(),
        )
        self.session.add(revision)
        await self.session.flush()
        await self._publish(revision, admin, "restore")
        return revision.id

    async def _publish(self, revision: Revision, actor: str, action: str) -> str:
        spec = kind_of(revision.kind)
        item = spec.parse_or_refuse(revision.data)
        await spec.check(self.session, revision.item_key, item)
        key = revision.item_key
        before = await spec.read_live(self.session, key) if key is not None else None
        if key is not None:
            await self._keep_baseline(spec, key, before)
        key = await spec.write_live(self.session, key, item, self._link)
        await self.session.execute(
            update(Revision)
            .where(
                Revision.kind == revision.kind,
                Revision.item_key == key,
                Revision.status == "published",
                Revision.id != revision.id,
            )
            .values(status="superseded")
        )
        after = spec.dump(item)
        revision.item_key = key
        revision.status = "published"
        revision.data = after
        revision.published_by = actor
        revision.published_at = self._clock()
        await self.session.flush()
        await self._audit(action, actor, revision.kind, key, revision.id, before, after)
        generation = await bump_generation(self.session)
        logger.info(
            "%s %s published (revision %d, %s by %s, generation %d)",
            revision.kind,
            key,
            revision.id,
            action,
            actor,
            generation,
        )
        return key

    async def _keep_baseline(self, spec: Kind, key: str, live: dict | None) -> None:
        """Keep an imported item's live data as a revision before its first change."""
        if live is None:
            return
        known = await self.session.scalar(
            select(Revision.id).where(
                Revision.kind == spec.name,
                Revision.item_key == key,
                Revision.status == "published",
            )
        )
        if known is None:
            self.session.add(
                Revision(
                    kind=spec.name,
                    item_key=key,
                    status="published",
                    data=live,
                    author=BASELINE_AUTHOR,
                    created_at=self._clock(),
                )
            )
            await self.session.flush()

    async def version(self, kind: str, item_key: str) -> int:
        """The item's newest revision id (0: none yet): what an edit form is made from.
        Publishing a draft keeps it; saving a draft or restoring moves it."""
        newest = await self.session.scalar(
            select(func.max(Revision.id)).where(
                Revision.kind == kind, Revision.item_key == item_key
            )
        )
        return int(newest or 0)

    async def _refuse_stale(self, kind: str, item_key: str, based_on: int) -> None:
        newest = await self.version(kind, item_key)
        if newest != based_on:
            row = await self.session.get(Revision, newest)
            raise StaleForm(self._record(row) if row is not None else None)

    async def _draft(self, revision_id: int) -> Revision:
        # Locked on PostgreSQL: of two admins publishing one draft at once, the second
        # waits and then finds it published. (SQLite has one writer at a time.)
        revision = await self.session.get(
            Revision, revision_id, with_for_update=True, populate_existing=True
        )
        if revision is None:
            raise EditingError("unknown_revision", str(revision_id))
        if revision.status != "draft":
            raise EditingError("not_a_draft", f"{revision_id} is {revision.status}")
        return revision

    async def _audit(
        self,
        action: str,
        actor: str,
        kind: str,
        key: str | None,
        revision_id: int | None,
        before: dict | None,
        after: dict | None,
    ) -> None:
        self.session.add(
            AuditEvent(
                at=self._clock(),
                actor=actor,
                action=action,
                kind=kind,
                item_key=key,
                revision_id=revision_id,
                before=before,
                after=after,
            )
        )
        await self.session.flush()

    # --- reading ------------------------------------------------------------------------

    async def live(self, kind: str, item_key: str) -> dict | None:
        """The item as the bot answers with it now (None: not live)."""
        return await kind_of(kind).read_live(self.session, item_key)

    async def revision(self, revision_id: int) -> RevisionRecord | None:
        row = await self.session.get(Revision, revision_id)
        return self._record(row) if row is not None else None

    async def history(self, kind: str, item_key: str) -> list[RevisionRecord]:
        """Every version of the item, newest first."""
        kind_of(kind)
        rows = await self.session.scalars(
            select(Revision)
            .where(Revision.kind == kind, Revision.item_key == item_key)
            .order_by(Revision.id.desc())
        )
        return [self._record(r) for r in rows]

    async def drafts(self, kind: str | None = None) -> list[RevisionRecord]:
        """Drafts waiting for review, newest first."""
        query = select(Revision).where(Revision.status == "draft")
        if kind is not None:
            query = query.where(Revision.kind == kind)
        rows = await self.session.scalars(query.order_by(Revision.id.desc()))
        return [self._record(r) for r in rows]

    async def pending(self, kind: str) -> dict[str, int]:
        """Item key -> id of its waiting draft, for one kind (lists mark edited items)."""
        rows = await self.session.execute(
            select(Revision.item_key, Revision.id).where(
                Revision.kind == kind, Revision.status == "draft", Revision.item_key.is_not(None)
            )
        )
        return {key: number for key, number in rows}

    async def audit(self, filters: AuditFilter | None = None) -> list[AuditRecord]:
        """Audit events, newest first, filtered by person, kind, item and days."""
        filters = filters or AuditFilter()
        conditions = []
        if filters.actor:
            conditions.append(AuditEvent.actor == filters.actor)
        if filters.kind:
            conditions.append(AuditEvent.kind == filters.kind)
        if filters.item_key:
            conditions.append(AuditEvent.item_key == filters.item_key)
        if filters.since:
            conditions.append(AuditEvent.at >= _start_of(filters.since))
        if filters.until:
            conditions.append(AuditEvent.at < _start_of(filters.until + dt.timedelta(days=1)))
        query = select(AuditEvent)
        if conditions:
            query = query.where(and_(*conditions))
        rows = await self.session.scalars(
            query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(filters.limit)
        )
        return [self._audit_record(r) for r in rows]

    async def actors(self) -> list[str]:
        """Everyone who appears in the audit (for its filter)."""
        rows = await self.session.scalars(
            select(AuditEvent.actor).distinct().order_by(AuditEvent.actor)
        )
        return list(rows)

    @staticmethod
    def _record(row: Revision) -> RevisionRecord:
        return RevisionRecord(
            id=row.id,
            kind=row.kind,
            item_key=row.item_key,
            status=row.status,
            data=row.data,
            label=kind_of(row.kind).label(row.data or {}),
            author=row.author,
            created_at=aware_utc(row.created_at),
            published_by=row.published_by,
            published_at=aware_utc(row.published_at),
        )

    @staticmethod
    def _audit_record(row: AuditEvent) -> AuditRecord:
        return AuditRecord(
            id=row.id,
            at=aware_utc(row.at),
            actor=row.actor,
            action=row.action,
            kind=row.kind,
            item_key=row.item_key,
            revision_id=row.revision_id,
            before=row.before,
            after=row.after,
            label=_label(row.kind, row.item_key, row.after or row.before or {}),
            changes=changes(row.before, row.after),
        )
