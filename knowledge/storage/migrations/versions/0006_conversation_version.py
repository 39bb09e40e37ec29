"""conversation state carries a version, for optimistic concurrency

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 19:05:00

A turn reads the conversation with its version and saves only if nobody saved a newer
one meanwhile (another request of the same user, another worker); otherwise the turn
is run again on the newer state. Existing rows start at version 1.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("version")
