"""dossiers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 04:03:51.195690
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dossier_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("chat_id", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.String(length=100), nullable=False),
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "chat_id", "code"),
    )
    with op.batch_alter_table("dossier_subscriptions", schema=None) as batch_op:
        batch_op.create_index("ix_dossier_subscriptions_code", ["code", "active"], unique=False)

    op.create_table(
        "dossiers",
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("procedure_code", sa.String(length=40), nullable=True),
        sa.Column("procedure_name", sa.String(length=300), nullable=True),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("appointment_on", sa.Date(), nullable=True),
        sa.Column("agency", sa.String(length=300), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("missing_documents", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "web_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("web_notifications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_web_notifications_user", ["user_id", "delivered_at"], unique=False
        )

    op.create_table(
        "dossier_status_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("appointment_on", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["code"], ["dossiers.code"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dossier_status_events", schema=None) as batch_op:
        batch_op.create_index("ix_dossier_status_events_code", ["code", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dossier_status_events", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_status_events_code")

    op.drop_table("dossier_status_events")
    with op.batch_alter_table("web_notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_web_notifications_user")

    op.drop_table("web_notifications")
    op.drop_table("dossiers")
    with op.batch_alter_table("dossier_subscriptions", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_subscriptions_code")

    op.drop_table("dossier_subscriptions")
