"""one outbox for every outgoing message

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 19:05:00

Dossier notifications (and soon relays and broadcasts) are written to ``outbox`` in the
transaction that decided them and delivered per channel. The web chat's own queue
(``web_notifications``) becomes the outbox's ``web`` channel: its undelivered messages
are carried over.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("recipient", sa.String(100), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(300), nullable=True),
        sa.UniqueConstraint("key"),
    )
    op.create_index("ix_outbox_due", "outbox", ["status", "not_before"])
    op.create_index("ix_outbox_recipient", "outbox", ["channel", "recipient", "status"])
    connection = op.get_bind()
    old = sa.table(
        "web_notifications",
        sa.column("id", sa.Integer()),
        sa.column("user_id", sa.String()),
        sa.column("text", sa.Text()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("delivered_at", sa.DateTime(timezone=True)),
    )
    rows = connection.execute(
        sa.select(old.c.id, old.c.user_id, old.c.text, old.c.created_at).where(
            old.c.delivered_at.is_(None)
        )
    ).all()
    outbox = sa.table(
        "outbox",
        sa.column("key", sa.String()),
        sa.column("channel", sa.String()),
        sa.column("recipient", sa.String()),
        sa.column("body", sa.JSON()),
        sa.column("status", sa.String()),
        sa.column("attempts", sa.Integer()),
        sa.column("not_before", sa.DateTime(timezone=True)),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    if rows:
        op.bulk_insert(
            outbox,
            [
                {
                    "key": f"web-notification:{r.id}",
                    "channel": "web",
                    "recipient": r.user_id,
                    "body": {"text": r.text, "kind": "dossier_changed"},
                    "status": "pending",
                    "attempts": 0,
                    "not_before": r.created_at,
                    "created_at": r.created_at,
                }
                for r in rows
            ],
        )
    op.drop_table("web_notifications")


def downgrade() -> None:
    op.create_table(
        "web_notifications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.String(100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_web_notifications_user", "web_notifications", ["user_id", "delivered_at"])
    op.drop_table("outbox")
