"""Centre staff keep the procedure catalogue in YAML: import, export, validation."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from sqlalchemy import text

from knowledge.catalogue import (
    SEED_PROCEDURES,
    CatalogueError,
    export_file,
    import_file,
    read_procedures,
)
from knowledge.procedures.records import CHANNELS
from knowledge.procedures.repository import ProcedureRepository
from knowledge.storage.db import Database


@pytest.fixture
async def db(tmp_path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'kb.db'}")
    await database.migrate()
    yield database
    await database.close()


def test_shipped_catalogue_has_fifteen_sourced_procedures():
    infos = read_procedures(SEED_PROCEDURES)
    assert len(infos) >= 15
    for info in infos:
        assert info.source_url.startswith(("http://", "https://")), info.slug
        assert isinstance(info.verified_on, dt.date), info.slug
        assert info.aliases, info.slug
        assert [c.channel for c in info.channels] == list(CHANNELS), info.slug


def test_facts_marked_unsure_in_the_domain_brief_are_stored_as_unknown():
    infos = {i.slug: i for i in read_procedures(SEED_PROCEDURES)}
    marriage = infos["dang_ky_ket_hon"]
    assert all(c.fee_vnd is None and c.fee_note is None for c in marriage.channels)
    licence = infos["doi_giay_phep_lai_xe"]
    assert all(c.fee_vnd is None and c.time is None for c in licence.channels)
    # Judicial records: the domain brief says the portal's record is the one to follow,
    # so no curated record hides it.
    assert "cap_phieu_ly_lich_tu_phap" not in infos
    assert all(i.code != "3.000333" for i in infos.values())


async def test_export_round_trips_the_imported_catalogue_without_loss(db, tmp_path):
    await import_file(db, SEED_PROCEDURES)
    out = tmp_path / "export.yml"
    assert await export_file(db, out) == len(read_procedures(SEED_PROCEDURES))
    by_slug = lambda infos: {i.slug: i for i in infos}  # noqa: E731
    assert by_slug(read_procedures(out)) == by_slug(read_procedures(SEED_PROCEDURES))


async def test_reimport_updates_records_instead_of_duplicating(db, tmp_path):
    await import_file(db, SEED_PROCEDURES)
    data = yaml.safe_load(SEED_PROCEDURES.read_text(encoding="utf-8"))
    data["procedures"][0]["name"] = "Đăng ký khai sinh (sửa)"
    edited = tmp_path / "edited.yml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = await import_file(db, edited)
    assert report.created == 0
    async with db.session() as session:
        repo = ProcedureRepository(session)
        assert await repo.count() == len(data["procedures"])
        assert (await repo.get(data["procedures"][0]["slug"])).name.endswith("(sửa)")


BROKEN = [
    ("no source", {"source_url": None}, "source_url"),
    ("bad date", {"verified_on": "22/11/2026"}, "verified_on"),
    ("bad channel", {"channels": [{"channel": "fax"}]}, "channel"),
    ("negative fee", {"channels": [{"channel": "online", "fee_vnd": -5}]}, "fee_vnd"),
    ("bad slug", {"slug": "khai sinh!"}, "slug"),
    ("bad online level", {"online_level": "always"}, "online_level"),
    ("document without name", {"documents": [{"case": "A"}]}, "name"),
    ("popularity above 1", {"popularity": 3}, "popularity"),
    (
        "channel twice for one case",
        {"channels": [{"channel": "online"}, {"channel": "online"}]},
        "channel",
    ),
]


@pytest.mark.parametrize(("case", "change", "mentions"), BROKEN, ids=[b[0] for b in BROKEN])
async def test_invalid_catalogue_is_rejected_whole_with_a_clear_message(
    db, tmp_path, case, change, mentions
):
    data = yaml.safe_load(SEED_PROCEDURES.read_text(encoding="utf-8"))
    data["procedures"][-1].update(change)
    bad = tmp_path / "bad.yml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueError) as err:
        await import_file(db, bad)
    assert mentions in str(err.value)
    async with db.session() as session:
        assert await ProcedureRepository(session).count() == 0


def test_kb_commands_import_and_export_from_the_command_line(tmp_path, cli):
    run = cli
    done = run("kb", "import", str(SEED_PROCEDURES))
    assert done.returncode == 0, done.stderr
    assert "Imported" in done.stdout
    out = tmp_path / "out.yml"
    done = run("kb", "export", str(out))
    assert done.returncode == 0, done.stderr
    assert len(yaml.safe_load(out.read_text(encoding="utf-8"))["procedures"]) >= 15
    broken = tmp_path / "broken.yml"
    broken.write_text("procedures: [oops", encoding="utf-8")
    done = run("kb", "import", str(broken))
    assert done.returncode == 1
    assert "not valid YAML" in done.stderr
    assert "Traceback" not in done.stderr


def database_at(path, revision: str):
    """A database made by an earlier release, and the step (for ``conn.run_sync``) that
    brings its schema to ``revision``."""
    from alembic import command

    from knowledge.storage.db import alembic_config

    def upgrade(connection) -> None:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)

    return Database(f"sqlite+aiosqlite:///{path}"), upgrade


async def test_upgrading_retires_curated_records_the_national_catalogue_replaced(tmp_path):
    database, upgrade = database_at(tmp_path / "old.db", "0004")
    async with database.engine.begin() as conn:
        await conn.run_sync(upgrade)
        for slug, kind in (
            ("cap_phieu_ly_lich_tu_phap", "curated"),
            ("dang_ky_khai_sinh", "curated"),
        ):
            await conn.execute(
                text(
                    "INSERT INTO procedures (slug, code, name, source_kind, record) "
                    "VALUES (:slug, NULL, 'x', :kind, '{}')"
                ),
                {"slug": slug, "kind": kind},
            )
    await database.migrate()
    async with database.engine.begin() as conn:
        slugs = {row[0] for row in await conn.execute(text("SELECT slug FROM procedures"))}
    await database.close()
    assert slugs == {"dang_ky_khai_sinh"}


async def test_records_of_the_old_per_field_tables_are_carried_over(tmp_path):
    """A database made by the previous release keeps its procedures, now as records."""
    database, upgrade = database_at(tmp_path / "old.db", "0003")
    async with database.engine.begin() as conn:
        await conn.run_sync(upgrade)
        await conn.execute(
            text(
                "INSERT INTO procedures (id, slug, code, name, legal_basis, notes, source_url,"
                " verified_on) VALUES (1, 'khai_sinh', '1.001193', 'Đăng ký khai sinh',"
                " '[\"Luật Hộ tịch 2014\"]', '[]', 'https://example.gov.vn/ks', '2026-11-22')"
            )
        )
        await conn.execute(
            text(
                "INSERT INTO procedure_channels (procedure_id, position, channel, available,"
                " time, fee_vnd) VALUES (1, 0, 'in_person', 1, '1 ngày', 0)"
            )
        )
        await conn.execute(
            text(
                'INSERT INTO procedure_documents (procedure_id, position, "case", name,'
                " original) VALUES (1, 0, 'Trường hợp chung', 'Tờ khai', 1)"
            )
        )
        await conn.execute(
            text(
                "INSERT INTO procedure_aliases (procedure_id, position, alias)"
                " VALUES (1, 0, 'làm giấy khai sinh')"
            )
        )
    await database.migrate()
    async with database.session() as session:
        info = await ProcedureRepository(session).get("khai_sinh")
    await database.close()
    assert info.code == "1.001193" and info.is_curated
    assert info.aliases == ("làm giấy khai sinh",)
    assert info.legal_basis == ("Luật Hộ tịch 2014",)
    assert info.channel("in_person").time == "1 ngày" and info.channel("in_person").fee_vnd == 0
    assert info.documents[0].name == "Tờ khai" and info.documents[0].original == 1
