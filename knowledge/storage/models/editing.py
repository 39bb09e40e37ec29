"""Editing the knowledge in the staff console (issue 10).

Live tables (procedures, faq_entries, service_centres, hotlines) hold what the bot
answers with. An edit is a ``revisions`` row (a draft) until an admin publishes it;
every change is an ``audit_events`` row; ``knowledge_generation`` is raised by every
publish or import so each worker process knows to rebuild its indexes.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.storage.models.base import Base


class FaqEntry(Base):
    """A question staff answer once: phrasings, the answer, its source, its scope.

    ``status`` is ``draft`` until first published, then ``published`` (or ``retired``);
    the bot answers only published entries. A scoped entry (``province_key`` and
    optionally ``unit_key``) is given only for that unit.
    """

    __tablename__ = "faq_entries"
    __table_args__ = (Index("ix_faq_entries_status", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    variants: Mapped[list] = mapped_column(JSON, default=list)
    answer: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(String(500))
    procedure_code: Mapped[str | None] = mapped_column(String(40))
    province_key: Mapped[str | None] = mapped_column(String(100))
    unit_key: Mapped[str | None] = mapped_column(String(100))
    verified_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Revision(Base):
    """One version of one knowledge item (``kind``: procedure, faq, centre, hotline).

    ``item_key`` names the live row (procedure slug, FAQ id, centre id, hotline id); it is
    empty for a new centre, hotline or procedure until first published. ``data`` is the
    whole item as its schema validates it. ``status``: ``draft``, ``published`` (what
    the live row holds or held), ``discarded``.
    """

    __tablename__ = "revisions"
    __table_args__ = (Index("ix_revisions_item", "kind", "item_key", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    item_key: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10))
    data: Mapped[dict] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    published_by: Mapped[str | None] = mapped_column(String(50))
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEvent(Base):
    """Who changed what, when, and the item before and after (append-only)."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_at", "at"),
        Index("ix_audit_events_actor", "actor", "at"),
        Index("ix_audit_events_kind", "kind", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(String(20))
    item_key: Mapped[str | None] = mapped_column(String(100))
    revision_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)


class KnowledgeGeneration(Base):
    """One row: raised by every publish and import; workers rebuild when it moves."""

    __tablename__ = "knowledge_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
