"""retire three curated records now answered by the national catalogue

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 16:25:00

The curated records for judicial records, household-business registration and the
first land-use certificate had no national code and (for the last two) no facts; the
national catalogue's records (3.000333, 1.001612, 1.013978) now answer for them, and
the domain brief says the portal's record is the one to follow for judicial records.
A database seeded by an earlier release still holds them; they would show up as
second, emptier copies of those procedures.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

RETIRED = (
    "cap_phieu_ly_lich_tu_phap",
    "dang_ky_ho_kinh_doanh",
    "cap_gcn_quyen_su_dung_dat_lan_dau",
)


def upgrade() -> None:
    procedures = sa.table("procedures", sa.column("slug"), sa.column("source_kind"))
    op.execute(
        procedures.delete().where(
            procedures.c.slug.in_(RETIRED), procedures.c.source_kind == "curated"
        )
    )


def downgrade() -> None:
    """Nothing to restore: the records are in the git history of procedures.yml."""
