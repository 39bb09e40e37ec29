"""centres, hotlines

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 03:41:39.482220
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hotlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("service", sa.String(length=300), nullable=False),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("scope", "service"),
    )
    op.create_table(
        "service_centres",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("province", sa.String(length=200), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column("province_key", sa.String(length=100), nullable=True),
        sa.Column("unit_key", sa.String(length=100), nullable=True),
        sa.Column("centre_name", sa.String(length=300), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(length=200), nullable=True),
        sa.Column("hours", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("source_url", sa.String(length=500), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("caution", sa.Boolean(), nullable=False),
        sa.Column("describes_place", sa.Boolean(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("province", "unit_name", "centre_name"),
    )
    with op.batch_alter_table("service_centres", schema=None) as batch_op:
        batch_op.create_index("ix_service_centres_unit", ["province_key", "unit_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("service_centres", schema=None) as batch_op:
        batch_op.drop_index("ix_service_centres_unit")

    op.drop_table("service_centres")
    op.drop_table("hotlines")
