"""the outbox is indexed by when its messages were sent

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 06:00:00

The periodic housekeeping looks for messages sent long ago: the web chat's handed out
more than 15 minutes ago (every pass) and every message past its retention. Without an
index each look read the whole outbox.
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_outbox_sent", "outbox", ["status", "sent_at"])


def downgrade() -> None:
    op.drop_index("ix_outbox_sent", table_name="outbox")
