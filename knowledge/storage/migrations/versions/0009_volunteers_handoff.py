"""people behind the bot: volunteer invitations, volunteers, handoff requests and messages

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("staff_accounts") as batch:
        batch.add_column(sa.Column("province_key", sa.String(100), nullable=True))
    op.create_table(
        "volunteer_invites",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("province_key", sa.String(100), nullable=False),
        sa.Column("unit_key", sa.String(100), nullable=False),
        sa.Column("created_by", sa.String(50), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("used_at", TZ, nullable=True),
        sa.Column("volunteer_id", sa.Integer(), nullable=True),
    )
    op.create_table(
        "volunteers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("user_id", sa.String(100), nullable=False),
        sa.Column("chat_id", sa.String(100), nullable=False),
        sa.Column("province_key", sa.String(100), nullable=False),
        sa.Column("unit_key", sa.String(100), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("on_duty", sa.Boolean(), nullable=False),
        sa.Column("joined_at", TZ, nullable=False),
        sa.Column("changed_at", TZ, nullable=False),
        sa.UniqueConstraint("channel", "user_id"),
    )
    op.create_index("ix_volunteers_unit", "volunteers", ["province_key", "unit_key", "status"])
    op.create_table(
        "handoff_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.Integer(), nullable=False, unique=True),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("user_id", sa.String(100), nullable=False),
        sa.Column("chat_id", sa.String(100), nullable=False),
        sa.Column("province_key", sa.String(100), nullable=False),
        sa.Column("unit_key", sa.String(100), nullable=False),
        sa.Column("reason", sa.String(30), nullable=False),
        sa.Column("transcript", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("opened_at", TZ, nullable=False),
        sa.Column("claimed_at", TZ, nullable=True),
        sa.Column("claimer", sa.String(60), nullable=True),
        sa.Column("escalated_at", TZ, nullable=True),
        sa.Column("closed_at", TZ, nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
    )
    op.create_index("ix_handoff_citizen", "handoff_requests", ["channel", "user_id", "status"])
    op.create_index("ix_handoff_unit", "handoff_requests", ["province_key", "unit_key", "status"])
    op.create_table(
        "handoff_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "request_id",
            sa.Integer(),
            sa.ForeignKey("handoff_requests.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("sender", sa.String(10), nullable=False),
        sa.Column("author", sa.String(60), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_handoff_messages_request", "handoff_messages", ["request_id", "id"])


def downgrade() -> None:
    op.drop_table("handoff_messages")
    op.drop_table("handoff_requests")
    op.drop_table("volunteers")
    op.drop_table("volunteer_invites")
    with op.batch_alter_table("staff_accounts") as batch:
        batch.drop_column("province_key")
