"""the outbox remembers which worker claimed a message

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 03:00:00

A message a worker claimed stays claimed for its lease (long enough for a slow send).
When that worker dies, the others see it at once: each live worker renews a short
"alive" lease (``job_leases``), and a claim whose holder is not alive is taken over
without waiting for the long lease to run out.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("claimed_by")
