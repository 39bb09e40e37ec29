"""periodic jobs run by one worker at a time: a lease per job

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 01:00:00

Several workers on one database each start the periodic jobs (dossier polling, handoff
escalation, housekeeping); a job runs only in the worker holding its lease, renewed at
every run. A worker that dies stops renewing, and another takes the job over once the
lease has expired.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_leases",
        sa.Column("name", sa.String(50), primary_key=True),
        sa.Column("holder", sa.String(100), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("job_leases")
