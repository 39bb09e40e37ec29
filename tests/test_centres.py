"""Citizens find their service centre and hotline; staff keep both lists in TSV/CSV."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from contextlib import asynccontextmanager

import pytest

from knowledge.catalogue import (
    CatalogueError,
    export_file,
    import_file,
    import_kind,
    seed_if_empty,
)
from knowledge.places.admin_map import get_admin_map
from knowledge.places.centre_tables import (
    CENTRE_COLUMNS,
    SEED_CENTRES,
    SEED_HOTLINES,
    SEED_VERIFIED_ON,
    read_centres,
    read_hotlines,
)
from knowledge.places.centres import CentreDirectory, CentreRepository, fold_province
from knowledge.procedures.repository import ProcedureRepository
from knowledge.storage.db import Database, DatabaseUnavailable
from tests.conftest import ROOT

SHARED = ROOT.parent / "shared" / "domain"
HCMC = "TP Hồ Chí Minh"
# The brief's 13 hotline rows, plus Hà Nội's two support lines and HCMC's Saturday plan.
ADDED_HOTLINES = 3
HOTLINES = 13 + ADDED_HOTLINES


@pytest.fixture
async def db(tmp_path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'kb.db'}")
    await database.migrate()
    yield database
    await database.close()


@pytest.fixture
async def seeded(db):
    assert await seed_if_empty(db)
    return db


def _rows(path) -> list[dict[str, str]]:
    delimiter = "," if path.suffix == ".csv" else "\t"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def _write(path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)


@asynccontextmanager
async def _centres(db):
    """A repository over one short session."""
    async with db.session() as session:
        yield CentreRepository(session)


# --- the shipped seed ------------------------------------------------------------------


@pytest.mark.skipif(not SHARED.exists(), reason="shared domain folder not present")
def test_shipped_seed_is_the_domain_brief_data_plus_sourced_rows():
    assert SEED_CENTRES.read_bytes() == (SHARED / "centres.tsv").read_bytes()
    brief = _rows(SHARED / "hotlines.tsv")
    seed = _rows(SEED_HOTLINES)
    # Every row of the brief is shipped unchanged (the seed adds a verified_on column).
    assert [{k: r[k] for k in brief[0]} for r in seed[: len(brief)]] == brief
    assert all(not r["verified_on"] for r in seed[: len(brief)])
    # Rows added since carry their own public source page and the date they were checked.
    added = seed[len(brief) :]
    assert len(added) == ADDED_HOTLINES
    for row in added:
        assert row["source_url"].startswith("https://"), row["service"]
        assert dt.date.fromisoformat(row["verified_on"]) >= SEED_VERIFIED_ON
        assert "UNVERIFIED" not in row["note"]


async def test_first_start_loads_all_185_centres_and_the_hotlines(seeded):
    async with _centres(seeded) as repo:
        assert await repo.count() == 185
        assert await repo.count_hotlines() == len(_rows(SEED_HOTLINES)) == HOTLINES
        centres = await repo.list_centres()
    assert sum(1 for c in centres if c.province == HCMC) == 168
    for centre in centres:
        assert centre.source_url.startswith("https://"), centre.centre_name
        assert centre.verified_on == SEED_VERIFIED_ON
    # Seeding again changes nothing.
    assert not await seed_if_empty(seeded)


async def test_seeding_fills_centres_in_a_database_that_already_has_procedures(db):
    await import_file(db, ROOT / "knowledge" / "data" / "procedures.yml")
    assert await seed_if_empty(db)
    async with _centres(db) as repo:
        assert await repo.count() == 185
    async with db.session() as session:
        assert await ProcedureRepository(session).count() >= 15


def test_rows_the_researcher_was_unsure_of_carry_a_caution():
    infos = read_centres(SEED_CENTRES, SEED_VERIFIED_ON)
    by_unit = {i.unit_name: i for i in infos}
    for marker in ("UNVERIFIED", "UNCERTAIN", "CONFLICT", "Address from a GitHub copy"):
        noted = [i for i in infos if marker in i.note]
        assert all(i.caution for i in noted), marker
    assert by_unit["Phường Thanh Khê"].caution  # UNCERTAIN: centre assumed at the ward HQ
    assert by_unit["Phường Bình Tây"].caution  # CONFLICT with another dataset
    assert by_unit["Phường Thạnh Mỹ Tây"].caution  # address from a GitHub copy
    assert not by_unit["Phường Tân Định"].caution  # seen verbatim in the cited page
    assert not by_unit["Phường Bình Lộc"].caution  # the ward's own portal
    assert sum(i.caution for i in infos) == 157


def test_rows_that_describe_a_place_instead_of_an_address_are_marked():
    infos = read_centres(SEED_CENTRES, SEED_VERIFIED_ON)
    places = {i.unit_name for i in infos if i.describes_place}
    assert places == {
        "Phường Ninh Kiều",
        "Phường Phan Đình Phùng",
        "Phường Thành Sen",
        "Phường Long Hoa",
        "Xã Ba Chúc",
        "Xã Gia Phú",
    }
    by_unit = {i.unit_name: i for i in infos}
    assert by_unit["Phường Ninh Kiều"].address.startswith("Trụ sở UBND quận Ninh Kiều cũ")
    assert not by_unit["Phường Tân Định"].describes_place


def test_nothing_is_filled_in_that_the_file_does_not_say():
    rows = _rows(SEED_CENTRES)
    infos = read_centres(SEED_CENTRES, SEED_VERIFIED_ON)
    for row, info in zip(rows, infos, strict=True):
        assert info.address == (row["address"] or None)
        assert info.phone == (row["phone"] or None)
        assert info.hours == (row["hours"] or None)
        assert info.lat is None and info.lon is None
    assert sum(1 for i in infos if i.phone) == 8


# --- lookups the dialogue makes --------------------------------------------------------


async def test_citizen_asking_for_their_ward_centre_gets_address_phone_hours_and_source(seeded):
    async with _centres(seeded) as repo:
        centres = await repo.list_centres()
        xuan_hoa = next(c for c in centres if c.unit_name == "Phường Xuân Hòa")
        assert (xuan_hoa.province_key, xuan_hoa.unit_key) == ("thanhphohochiminh", "phuongxuanhoa")
        found = await repo.for_unit(xuan_hoa.province_key, xuan_hoa.unit_key)
        in_city = await repo.for_province(xuan_hoa.province_key)
    assert [c.centre_name for c in found] == ["Trung tâm Phục vụ hành chính công phường Xuân Hòa"]
    centre = found[0]
    assert centre.address == "99 Trần Quốc Thảo (số cũ 101), phường Xuân Hòa"
    assert centre.phone == "028.39326868"
    assert centre.hours.startswith("T2-T6 07:30-11:30, 13:00-17:00")
    assert centre.source_url.startswith("https://thuviennhadat.vn/")
    assert centre.verified_on == SEED_VERIFIED_ON
    assert xuan_hoa in in_city
    assert all(c.province == HCMC for c in in_city)


async def test_every_seed_centre_is_linked_to_its_current_unit(seeded):
    admin_map = get_admin_map()
    async with _centres(seeded) as repo:
        centres = await repo.list_centres()
    unlinked = [f"{c.unit_name} ({c.province})" for c in centres if c.unit_key is None]
    assert unlinked == []
    hcmc = [c for c in centres if c.province == HCMC]
    assert len(hcmc) == 168
    assert {c.province_key for c in hcmc} == {"thanhphohochiminh"}
    assert len({c.unit_key for c in hcmc}) == 168
    for centre in centres:
        unit = admin_map.unit(centre.province_key, centre.unit_key)
        assert unit is not None and unit.name == centre.unit_name, centre.unit_name


async def test_hanoi_hotlines_are_the_rows_the_file_has(seeded):
    async with _centres(seeded) as repo:
        hotlines = await repo.hotlines_for("Hà Nội")
        same = [await repo.hotlines_for(q) for q in ("ha noi", "Thành phố Hà Nội", "thanhphohanoi")]
    assert all(found == hotlines for found in same)
    provincial = [h for h in hotlines if not h.national]
    expected = [r for r in _rows(SEED_HOTLINES) if r["scope"] == "Hà Nội"]
    assert [h.contact for h in provincial] == [r["number_or_contact"] for r in expected]
    assert [h.service for h in provincial] == [
        "Đường dây nóng 24/7 về TTHC",
        "Trung tâm Phục vụ hành chính công TP Hà Nội",
        "Tổng đài hỗ trợ thủ tục hành chính",
        "Tổng đài thông minh hỗ trợ thủ tục hành chính",
    ]
    # The numbers the domain brief mentions, now with the city centre's own page as source.
    callable_ = {h.contact: h.source_url for h in provincial if h.is_phone}
    assert set(callable_) == {"024.1022 (nhánh 7, 8)", "1900.1009"}
    assert all(url.startswith("https://ttpvhcc.hanoi.gov.vn/") for url in callable_.values())
    assert all(h.source_url.startswith("https://") for h in provincial)


async def test_city_wide_hours_statement_is_kept_apart_from_numbers_to_call(seeded):
    async with _centres(seeded) as repo:
        hotlines = await repo.hotlines_for("TP.HCM")
    hours = [h for h in hotlines if h.is_hours]
    assert [h.service for h in hours] == ["Giờ làm việc sáng thứ Bảy (dự kiến)"]
    saturday = hours[0]
    assert not saturday.is_phone and saturday.verified
    assert "dự kiến" in saturday.contact and "130 trong 168" in saturday.contact
    assert "dự thảo" in saturday.details
    assert saturday.source_url.startswith("https://thanhnien.vn/")
    assert saturday.verified_on == dt.date(2026, 12, 1)
    assert not any(h.is_hours for h in hotlines if h is not saturday)


async def test_unverified_national_portal_number_is_flagged_so_it_is_never_stated(seeded):
    async with _centres(seeded) as repo:
        hotlines = await repo.hotlines_for("TP.HCM")
    national = [h for h in hotlines if h.national]
    assert {h.contact for h in national} == {"18001096", "https://dichvucong.gov.vn"}
    portal_number = next(h for h in national if h.contact == "18001096")
    assert portal_number.verified is False
    assert all(h.verified for h in hotlines if h is not portal_number)
    provincial = [h for h in hotlines if not h.national]
    assert [h.service for h in provincial][0] == "Tổng đài 1022"
    assert all(h.scope == HCMC for h in provincial)


def test_province_names_fold_to_one_form():
    assert fold_province("TP Hồ Chí Minh") == fold_province("tp.hcm") == "hochiminh"
    assert fold_province("Thành phố Hà Nội") == fold_province("ha noi") == "hanoi"
    assert fold_province("Bình Dương (cũ, nay thuộc TP.HCM)") == "binhduong"
    assert fold_province("Tỉnh Đồng Nai") == "dongnai"


# --- staff files in and out ------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".tsv", ".csv"])
async def test_export_then_import_round_trips_centres_and_hotlines_without_loss(
    seeded, tmp_path, suffix
):
    async with _centres(seeded) as repo:
        centres_before = await repo.list_centres()
        hotlines_before = await repo.list_hotlines()
    centres_file = tmp_path / f"centres{suffix}"
    hotlines_file = tmp_path / f"hotlines{suffix}"
    assert await export_file(seeded, centres_file) == 185
    assert await export_file(seeded, hotlines_file, kind="hotlines") == HOTLINES
    assert list(_rows(centres_file)[0]) == list(CENTRE_COLUMNS)

    fresh = Database(f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}")
    await fresh.migrate()
    try:
        report = await import_file(fresh, centres_file)  # dates come from the file now
        assert (report.kind, report.created) == ("centres", 185)
        assert (await import_file(fresh, hotlines_file)).kind == "hotlines"
        async with _centres(fresh) as repo:
            assert await repo.list_centres() == centres_before
            assert await repo.list_hotlines() == hotlines_before
        again = tmp_path / f"again{suffix}"
        await export_file(fresh, again, kind="centres")
        assert again.read_bytes() == centres_file.read_bytes()
    finally:
        await fresh.close()


async def test_reimport_updates_a_centre_instead_of_duplicating_it(seeded, tmp_path):
    rows = _rows(SEED_CENTRES)
    rows[0]["phone"] = "028.0000000 (sửa)"
    rows[0]["lat"], rows[0]["lon"] = "10.79", "106.69"
    for row in rows[1:]:
        row["lat"] = row["lon"] = ""
    edited = tmp_path / "edited.tsv"
    _write(edited, rows)
    report = await import_file(seeded, edited, dt.date(2026, 12, 1))
    assert (report.created, report.updated) == (0, 185)
    async with _centres(seeded) as repo:
        assert await repo.count() == 185
        first = (await repo.list_centres())[0]
    assert first.phone == "028.0000000 (sửa)"
    assert (first.lat, first.lon) == (10.79, 106.69)
    assert first.verified_on == dt.date(2026, 12, 1)


def _break(rows, change):
    rows = [dict(r) for r in rows]
    rows[-1].update(change)
    return rows


BROKEN_CENTRES = [
    ("no centre name", {"centre_name": ""}, "row 186", "'centre_name' is empty"),
    ("bad url", {"source_url": "thuviennhadat.vn/trang"}, "row 186", "source_url"),
    ("no url", {"source_url": ""}, "row 186", "'source_url' is empty"),
    ("bad lat", {"lat": "abc", "lon": "106.7"}, "row 186", "'lat'"),
    ("swapped lat/lon", {"lat": "106.7", "lon": "10.8"}, "row 186", "'lat'"),
    ("lat without lon", {"lat": "10.8", "lon": ""}, "row 186", "together"),
    ("bad date", {"verified_on": "22/11/2026"}, "row 186", "verified_on"),
]


@pytest.mark.parametrize(
    ("case", "change", "where", "mentions"), BROKEN_CENTRES, ids=[b[0] for b in BROKEN_CENTRES]
)
async def test_broken_centre_file_is_rejected_whole_with_a_clear_message(
    db, tmp_path, case, change, where, mentions
):
    rows = [dict(r, lat="", lon="", verified_on="") for r in _rows(SEED_CENTRES)]
    bad = tmp_path / "bad.tsv"
    _write(bad, _break(rows, change))
    with pytest.raises(CatalogueError) as err:
        await import_file(db, bad, SEED_VERIFIED_ON)
    assert err.value.where.startswith(where)
    assert mentions in err.value.problem
    async with _centres(db) as repo:
        assert await repo.count() == 0


async def test_centre_file_missing_a_column_is_rejected(db, tmp_path):
    rows = [{k: v for k, v in r.items() if k != "note"} for r in _rows(SEED_CENTRES)]
    bad = tmp_path / "bad.tsv"
    _write(bad, rows)
    with pytest.raises(CatalogueError) as err:
        await import_file(db, bad, SEED_VERIFIED_ON)
    assert (err.value.where, err.value.problem) == ("row 1", "missing column(s): note")


async def test_a_centre_listed_twice_or_a_misspelt_column_is_named_by_its_row(db, tmp_path):
    lines = SEED_CENTRES.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "twice.tsv"
    # A blank line keeps its place in the numbering, as in a spreadsheet.
    bad.write_text("\n".join([*lines[:3], "", lines[2]]) + "\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as err:
        await import_file(db, bad, SEED_VERIFIED_ON)
    assert err.value.where == "row 5"
    assert err.value.problem.startswith("same centre as row 3")
    typo = tmp_path / "typo.tsv"
    typo.write_text(lines[0].replace("note", "notes") + "\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="missing column"):
        await import_file(db, typo, SEED_VERIFIED_ON)
    extra = tmp_path / "extra.tsv"
    extra.write_text(lines[0] + "\tadress\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="unknown column.*adress"):
        await import_file(db, extra, SEED_VERIFIED_ON)
    async with _centres(db) as repo:
        assert await repo.count() == 0


async def test_hotline_without_a_source_page_must_be_marked_unverified(db, tmp_path):
    rows = _rows(SEED_HOTLINES)
    assert not rows[0]["source_url"].startswith("http")  # the shipped national number
    rows[0]["note"] = "confirmed"
    bad = tmp_path / "bad.tsv"
    _write(bad, rows)
    with pytest.raises(CatalogueError) as err:
        await import_file(db, bad, SEED_VERIFIED_ON)
    assert err.value.where.startswith("row 2")
    assert "UNVERIFIED" in err.value.problem
    async with _centres(db) as repo:
        assert await repo.count_hotlines() == 0


def test_table_files_are_told_apart_by_their_header(tmp_path):
    assert import_kind(SEED_CENTRES) == "centres"
    assert import_kind(SEED_HOTLINES) == "hotlines"
    other = tmp_path / "other.csv"
    other.write_text("name,phone\nA,1\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="centre_name"):
        import_kind(other)


def test_table_without_dates_needs_a_default_date():
    with pytest.raises(CatalogueError, match="verified_on"):
        read_hotlines(SEED_HOTLINES)


def test_kb_commands_import_and_export_centres_and_hotlines(tmp_path, cli):
    run = cli
    done = run("kb", "import", str(SEED_CENTRES), "--verified-on", "2026-11-22")
    assert done.returncode == 0, done.stderr
    # The database already holds the shipped centres (a first start seeds them).
    assert "Imported 185 centres (0 new, 185 updated)" in done.stdout
    assert "185 of 185 linked to a current unit" in done.stdout
    done = run("kb", "import", str(SEED_HOTLINES), "--verified-on", "2026-11-22")
    assert done.returncode == 0, done.stderr
    assert f"Imported {HOTLINES} hotlines" in done.stdout

    out = tmp_path / "centres.csv"
    done = run("kb", "export", str(out))
    assert done.returncode == 0, done.stderr
    assert "Exported 185 centres" in done.stdout
    exported = _rows(out)
    assert len(exported) == 185
    assert {r["verified_on"] for r in exported} == {"2026-11-22"}
    hotlines = tmp_path / "hotlines.tsv"
    done = run("kb", "export", str(hotlines), "--kind", "hotlines")
    assert done.returncode == 0, done.stderr
    assert len(_rows(hotlines)) == HOTLINES

    broken = tmp_path / "broken.tsv"
    _write(broken, _break(_rows(SEED_CENTRES), {"source_url": "not a url"}))
    done = run("kb", "import", str(broken))
    assert done.returncode == 1
    assert "row 186" in done.stderr and "source_url" in done.stderr
    assert "Traceback" not in done.stderr
    done = run("kb", "export", str(tmp_path / "p.tsv"), "--kind", "procedures")
    assert done.returncode == 1
    assert ".yml" in done.stderr and "Traceback" not in done.stderr


def test_centre_records_are_plain_frozen_data():
    info = read_centres(SEED_CENTRES, SEED_VERIFIED_ON)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.address = "x"  # type: ignore[misc]


async def test_centres_read_while_the_database_is_unreachable_say_so_with_the_operation() -> None:
    # Nothing listens on port 1: the dialogue gets DatabaseUnavailable (its polite "busy"
    # reply), never the driver's error.
    db = Database("postgresql+asyncpg://nobody:nothing@127.0.0.1:1/none")
    try:
        with pytest.raises(DatabaseUnavailable) as raised:
            await CentreDirectory(db).of_unit("ho_chi_minh", "ben_nghe")
        assert raised.value.operation == "read service centres"
    finally:
        await db.close()
