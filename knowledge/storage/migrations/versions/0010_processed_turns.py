"""inputs already handled: a channel's update id is written with the turn it caused

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 00:45:00

Telegram delivers an update again when it did not hear it was handled (a webhook
answered late, a worker killed mid-turn): the update's id is a row here, written in the
turn's transaction, so an update is never handled twice, whichever worker gets it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "processed_turns",
        sa.Column("turn_key", sa.String(120), primary_key=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_processed_turns_at", "processed_turns", ["processed_at"])


def downgrade() -> None:
    op.drop_table("processed_turns")
