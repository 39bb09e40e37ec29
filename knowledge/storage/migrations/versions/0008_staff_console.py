"""the staff console: accounts, FAQ entries, revisions, audit, inbox, feedback, analytics

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 21:40:00
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "staff_accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(50), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", TZ, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("last_login_at", TZ, nullable=True),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "staff_id",
            sa.Integer(),
            sa.ForeignKey("staff_accounts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("last_seen_at", TZ, nullable=False),
    )
    op.create_table(
        "staff_logins",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("username", sa.String(50), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("address_hash", sa.String(64), nullable=True),
    )
    op.create_index("ix_staff_logins_at", "staff_logins", ["at"])
    op.create_table(
        "faq_entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("variants", sa.JSON(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("source_url", sa.String(500), nullable=False),
        sa.Column("procedure_code", sa.String(40), nullable=True),
        sa.Column("province_key", sa.String(100), nullable=True),
        sa.Column("unit_key", sa.String(100), nullable=True),
        sa.Column("verified_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_index("ix_faq_entries_status", "faq_entries", ["status"])
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("item_key", sa.String(100), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("author", sa.String(50), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("published_by", sa.String(50), nullable=True),
        sa.Column("published_at", TZ, nullable=True),
    )
    op.create_index("ix_revisions_item", "revisions", ["kind", "item_key", "id"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("actor", sa.String(50), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("item_key", sa.String(100), nullable=True),
        sa.Column("revision_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
    )
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    op.create_index("ix_audit_events_actor", "audit_events", ["actor", "at"])
    op.create_index("ix_audit_events_kind", "audit_events", ["kind", "at"])
    generation = op.create_table(
        "knowledge_generation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("changed_at", TZ, nullable=False),
    )
    op.bulk_insert(generation, [{"id": 1, "generation": 0, "changed_at": dt.datetime.now(dt.UTC)}])
    op.create_table(
        "inbox_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("user_hash", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("intent", sa.String(50), nullable=True),
        sa.Column("procedure_code", sa.String(40), nullable=True),
        sa.Column("faq_id", sa.Integer(), nullable=True),
        sa.Column("province_key", sa.String(100), nullable=True),
        sa.Column("unit_key", sa.String(100), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("resolution", sa.String(100), nullable=True),
        sa.Column("resolved_by", sa.String(50), nullable=True),
        sa.Column("resolved_at", TZ, nullable=True),
    )
    op.create_index("ix_inbox_items_status", "inbox_items", ["status", "created_at"])
    op.create_index("ix_inbox_items_user_hash", "inbox_items", ["user_hash"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("user_hash", sa.String(64), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(30), nullable=True),
        sa.Column("answer_kind", sa.String(20), nullable=False),
        sa.Column("procedure_code", sa.String(40), nullable=True),
        sa.Column("faq_id", sa.Integer(), nullable=True),
    )
    op.create_index("ix_feedback_at", "feedback", ["created_at"])
    op.create_index("ix_feedback_user_hash", "feedback", ["user_hash"])
    op.create_table(
        "turn_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("user_hash", sa.String(64), nullable=False),
        sa.Column("intent", sa.String(50), nullable=True),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("procedure_code", sa.String(40), nullable=True),
        sa.Column("faq_id", sa.Integer(), nullable=True),
        sa.Column("province_key", sa.String(100), nullable=True),
        sa.Column("unit_key", sa.String(100), nullable=True),
    )
    op.create_index("ix_turn_events_at", "turn_events", ["at"])
    op.create_index("ix_turn_events_user_hash", "turn_events", ["user_hash"])


def downgrade() -> None:
    for table in (
        "turn_events",
        "feedback",
        "inbox_items",
        "knowledge_generation",
        "audit_events",
        "revisions",
        "faq_entries",
        "staff_logins",
        "staff_sessions",
        "staff_accounts",
    ):
        op.drop_table(table)
