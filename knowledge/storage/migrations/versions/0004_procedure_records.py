"""procedure records as validated JSON (room for the national catalogue)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 15:40:00

The national catalogue brings about 2,600 procedures with documents, steps and
channel rows per case. Each procedure becomes one row holding its whole record as
JSON (validated by ``knowledge.procedures.records``); the five per-field tables go. Records
already stored are carried over unchanged.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OLD_CHILDREN = ("procedure_aliases", "procedure_channels", "procedure_documents", "procedure_steps")


def _old_records(conn) -> list[dict]:
    rows = conn.execute(sa.text("SELECT * FROM procedures ORDER BY id")).mappings().all()
    children: dict[str, dict[int, list[dict]]] = {}
    for table in OLD_CHILDREN:
        grouped: dict[int, list[dict]] = {}
        for child in conn.execute(
            sa.text(f"SELECT * FROM {table} ORDER BY procedure_id, position")  # noqa: S608
        ).mappings():
            grouped.setdefault(child["procedure_id"], []).append(dict(child))
        children[table] = grouped
    records = []
    for row in rows:
        pid = row["id"]

        def loads(value):
            return json.loads(value) if isinstance(value, str) else (value or [])

        records.append(
            {
                "slug": row["slug"],
                "code": row["code"],
                "name": row["name"],
                "aliases": [a["alias"] for a in children["procedure_aliases"].get(pid, [])],
                "field": row["field"],
                "level": row["level"],
                "agency": row["agency"],
                "who_may_apply": row["who_may_apply"],
                "online_level": row["online_level"],
                "portal_url": row["portal_url"],
                "result": row["result"],
                "conditions": row["conditions"],
                "legal_basis": loads(row["legal_basis"]),
                "notes": loads(row["notes"]),
                "channels": [
                    {k: c[k] for k in ("channel", "available", "time", "fee_vnd", "fee_note")}
                    for c in children["procedure_channels"].get(pid, [])
                ],
                "documents": [
                    {k: d[k] for k in ("case", "name", "form", "original", "copies", "note")}
                    for d in children["procedure_documents"].get(pid, [])
                ],
                "steps": [
                    {"case": s["case"], "text": s["text"]}
                    for s in children["procedure_steps"].get(pid, [])
                ],
                "source_url": row["source_url"],
                "verified_on": str(row["verified_on"]),
                "source_kind": "curated",
            }
        )
    return records


def upgrade() -> None:
    conn = op.get_bind()
    records = _old_records(conn)
    for table in OLD_CHILDREN:
        op.drop_table(table)
    op.drop_table("procedures")
    table = op.create_table(
        "procedures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("source_kind", sa.String(length=20), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.create_index("ix_procedures_code", "procedures", ["code"])
    if records:
        op.bulk_insert(
            table,
            [
                {
                    "slug": r["slug"],
                    "code": r["code"],
                    "name": r["name"],
                    "source_kind": "curated",
                    "record": json.dumps(r, ensure_ascii=False),
                }
                for r in records
            ],
        )


def downgrade() -> None:
    raise NotImplementedError("procedure records cannot be split back into per-field tables")
