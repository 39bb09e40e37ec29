"""SQLAlchemy ORM models of the knowledge store.

Conversation state and users live here too so several bot workers can share
them through one database.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Procedure(Base):
    """One procedure record: JSON validated by ``knowledge.procedures.records``.

    ``code``, ``name`` and ``source_kind`` are copies of record fields, for look-ups.
    """

    __tablename__ = "procedures"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    code: Mapped[str | None] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(300))
    source_kind: Mapped[str] = mapped_column(String(20))
    record: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class Conversation(Base):
    """Dialogue state of one user on one channel, as JSON."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(100))
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    # raised by every save; a save that read an older version is refused (see 0006)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class User(Base):
    """A person known to the bot on one channel, with a role (citizen, volunteer, staff)."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("channel", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20), default="citizen")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    last_seen_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class ServiceCentre(Base):
    """A commune-level Public Administrative Service Centre, as a published list gives it.

    ``province`` and ``unit_name`` keep the text of the source; ``province_key`` and
    ``unit_key`` point at the matching current unit of the administrative map when one
    was found at import time. ``caution`` and ``describes_place`` are derived from the
    row at import time (see ``knowledge.places.centres``).
    """

    __tablename__ = "service_centres"
    __table_args__ = (
        UniqueConstraint("province", "unit_name", "centre_name"),
        Index("ix_service_centres_unit", "province_key", "unit_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    province: Mapped[str] = mapped_column(String(200))
    unit_name: Mapped[str] = mapped_column(String(200))
    province_key: Mapped[str | None] = mapped_column(String(100))
    unit_key: Mapped[str | None] = mapped_column(String(100))
    centre_name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(200))
    hours: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    source_url: Mapped[str] = mapped_column(String(500))
    verified_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    caution: Mapped[bool] = mapped_column(default=False)
    describes_place: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class Hotline(Base):
    """A national or provincial hotline (or city-level centre contact) with its source.

    ``verified`` is False when the source note marks the row UNVERIFIED: such a number
    must not be stated as fact.
    """

    __tablename__ = "hotlines"
    __table_args__ = (UniqueConstraint("scope", "service"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(200))
    service: Mapped[str] = mapped_column(String(300))
    contact: Mapped[str] = mapped_column(Text)
    details: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    verified: Mapped[bool] = mapped_column(default=True)
    verified_on: Mapped[dt.date] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


# --- dossiers (issue 4) -------------------------------------------------------------------
#
# No personal data: a dossier row holds what the public lookup shows (status, procedure,
# dates, handling agency), never the applicant's name, ID number or phone number.


class Dossier(Base):
    """The current state of one dossier in the local registry (fed by the centre)."""

    __tablename__ = "dossiers"

    code: Mapped[str] = mapped_column(String(80), primary_key=True)
    procedure_code: Mapped[str | None] = mapped_column(String(40))
    procedure_name: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    appointment_on: Mapped[dt.date | None] = mapped_column(Date)
    agency: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    missing_documents: Mapped[list] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class DossierStatusEvent(Base):
    """One recorded status of a dossier: the history, append-only."""

    __tablename__ = "dossier_status_events"
    __table_args__ = (Index("ix_dossier_status_events_code", "code", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(ForeignKey("dossiers.code", ondelete="CASCADE"))
    status: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    appointment_on: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class DossierSubscription(Base):
    """A chat that wants to hear when a dossier's status changes.

    ``code`` is not a foreign key: dossiers served by a provincial HTTP source have no
    row in the local registry.
    """

    __tablename__ = "dossier_subscriptions"
    __table_args__ = (
        UniqueConstraint("channel", "chat_id", "code"),
        Index("ix_dossier_subscriptions_code", "code", "active"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(80))
    last_status: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class OutboxMessage(Base):
    """Every message the bot decided to send but that is not yet delivered (and, kept a
    while, those delivered): written in the transaction that decided it, sent by one
    deliverer per channel (the web chat's is the browser fetching its messages).

    ``key`` makes enqueueing idempotent (the same decision twice is one message);
    ``status`` is ``pending`` (due at ``not_before``), ``sending`` (claimed by a
    deliverer until ``not_before``, or until its worker ``claimed_by`` is no longer
    alive), ``sent`` or ``failed``.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("key"),
        Index("ix_outbox_due", "status", "not_before"),
        Index("ix_outbox_recipient", "channel", "recipient", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(100))
    body: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(String(300))
    claimed_by: Mapped[str | None] = mapped_column(String(100))


# --- the staff console (issue 10) --------------------------------------------------------
#
# Live tables (procedures, faq_entries, service_centres, hotlines) hold what the bot
# answers with. An edit is a ``revisions`` row (a draft) until an admin publishes it;
# every change is an ``audit_events`` row; ``knowledge_generation`` is raised by every
# publish or import so each worker process knows to rebuild its indexes.


class StaffAccount(Base):
    """A centre staff member who signs in to the admin (``viewer``, ``editor``, ``admin``)."""

    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # the province whose handoff requests the member sees (None: every province)
    province_key: Mapped[str | None] = mapped_column(String(100))


class StaffSession(Base):
    """A signed-in browser. ``token_hash`` is the SHA-256 of the cookie's random token
    (the token itself is never stored); ``csrf_token`` is the form token of the session."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class StaffLogin(Base):
    """Every sign-in attempt, successful or not (the address is kept as a hash)."""

    __tablename__ = "staff_logins"
    __table_args__ = (Index("ix_staff_logins_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    username: Mapped[str] = mapped_column(String(50))
    staff_id: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))  # ok, bad_password, locked, ...
    address_hash: Mapped[str | None] = mapped_column(String(64))


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


# --- what the bot could not answer, feedback and analytics (issue 10) ---------------------
#
# No message text in clear: inbox texts are redacted (ID, phone numbers, e-mail, names)
# before they are stored; ``user_hash`` is a keyed hash of channel and user id, so a
# person's rows can be deleted with the rest of their data and counted without the id.


class InboxItem(Base):
    """A turn the bot could not answer: a fallback, "not in the catalogue", a 👎, or a
    request for a person. ``status``: ``open``, ``resolved`` (became an FAQ entry, a
    phrasing or an alias: ``resolution`` says which), ``dismissed``."""

    __tablename__ = "inbox_items"
    __table_args__ = (Index("ix_inbox_items_status", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    channel: Mapped[str] = mapped_column(String(20))
    user_hash: Mapped[str] = mapped_column(String(64), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)  # redacted
    intent: Mapped[str | None] = mapped_column(String(50))
    procedure_code: Mapped[str | None] = mapped_column(String(40))
    faq_id: Mapped[int | None] = mapped_column(Integer)
    province_key: Mapped[str | None] = mapped_column(String(100))
    unit_key: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default="open")
    resolution: Mapped[str | None] = mapped_column(String(100))
    resolved_by: Mapped[str | None] = mapped_column(String(50))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Feedback(Base):
    """👍/👎 on one answer, with the procedure or FAQ entry it was about."""

    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    channel: Mapped[str] = mapped_column(String(20))
    user_hash: Mapped[str] = mapped_column(String(64), index=True)
    helpful: Mapped[bool] = mapped_column()
    reason: Mapped[str | None] = mapped_column(String(30))
    answer_kind: Mapped[str] = mapped_column(String(20))
    procedure_code: Mapped[str | None] = mapped_column(String(40))
    faq_id: Mapped[int | None] = mapped_column(Integer)


class TurnEvent(Base):
    """One turn, for analytics: what was understood and how it ended, never the text."""

    __tablename__ = "turn_events"
    __table_args__ = (Index("ix_turn_events_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    channel: Mapped[str] = mapped_column(String(20))
    user_hash: Mapped[str] = mapped_column(String(64), index=True)
    intent: Mapped[str | None] = mapped_column(String(50))
    outcome: Mapped[str] = mapped_column(String(20))
    procedure_code: Mapped[str | None] = mapped_column(String(40))
    faq_id: Mapped[int | None] = mapped_column(Integer)
    province_key: Mapped[str | None] = mapped_column(String(100))
    unit_key: Mapped[str | None] = mapped_column(String(100))


# ---- people behind the bot (issue 11) ---------------------------------------------------
# Volunteers join a unit by a one-time invitation; a citizen's request for a person is a
# ``handoff_requests`` row, and what is relayed both ways a ``handoff_messages`` row. No
# names are stored: a volunteer is "TNV số <id>", a citizen "yêu cầu <number>"; texts are
# redacted (flows/redact.py) before they are written.


class VolunteerInvite(Base):
    """A one-time invitation to volunteer for a unit; only the token's SHA-256 is kept."""

    __tablename__ = "volunteer_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    province_key: Mapped[str] = mapped_column(String(100))
    unit_key: Mapped[str] = mapped_column(String(100))
    created_by: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    volunteer_id: Mapped[int | None] = mapped_column(Integer)


class Volunteer(Base):
    """A Telegram account helping residents of one unit. ``status``: ``active``,
    ``suspended`` or ``removed``; ``on_duty``: whether they get new requests."""

    __tablename__ = "volunteers"
    __table_args__ = (
        UniqueConstraint("channel", "user_id"),
        Index("ix_volunteers_unit", "province_key", "unit_key", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(100))
    chat_id: Mapped[str] = mapped_column(String(100))
    province_key: Mapped[str] = mapped_column(String(100))
    unit_key: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10))
    on_duty: Mapped[bool] = mapped_column()
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class HandoffRequest(Base):
    """A citizen asked for a person. ``status``: ``open`` (waiting), ``claimed`` (a
    volunteer or staff member is talking with them), ``closed``. ``escalated_at``: nobody
    claimed it in time and it went to the staff queue. ``transcript``: the last turns
    before the request, redacted. ``claimer``: ``v:<volunteer id>`` or ``s:<username>``."""

    __tablename__ = "handoff_requests"
    __table_args__ = (
        Index("ix_handoff_citizen", "channel", "user_id", "status"),
        Index("ix_handoff_unit", "province_key", "unit_key", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(100))
    chat_id: Mapped[str] = mapped_column(String(100))
    province_key: Mapped[str] = mapped_column(String(100))
    unit_key: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(String(30))
    transcript: Mapped[list] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10))
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    claimer: Mapped[str | None] = mapped_column(String(60))
    escalated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    rating: Mapped[int | None] = mapped_column(Integer)


class HandoffMessage(Base):
    """One message relayed within a request. ``sender``: ``citizen``, ``volunteer``,
    ``staff``; ``author``: who (``v:<id>`` / ``s:<username>``; none for the citizen)."""

    __tablename__ = "handoff_messages"
    __table_args__ = (Index("ix_handoff_messages_request", "request_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("handoff_requests.id", ondelete="CASCADE"))
    sender: Mapped[str] = mapped_column(String(10))
    author: Mapped[str | None] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ProcessedTurn(Base):
    """An input a channel may deliver again (a Telegram update), handled once: written
    in the transaction of the turn it caused (``channel:turn id``)."""

    __tablename__ = "processed_turns"
    __table_args__ = (Index("ix_processed_turns_at", "processed_at"),)

    turn_key: Mapped[str] = mapped_column(String(120), primary_key=True)
    processed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class JobLease(Base):
    """Which worker runs a periodic job (``name``) until ``expires_at``."""

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
