"""The repositories on both databases: what SQLite stores, a real PostgreSQL stores too.

Each test runs twice, on its own fresh SQLite file and on its own fresh database of the
session's PostgreSQL server (see ``any_database`` in fixtures_databases.py). The last tests start
several processes at once on one new database, as several bot workers do at start-up,
and check that the migrations ran once and left the schema at head.
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from dataclasses import replace

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from knowledge.catalogue import SEED_PROCEDURES, read_procedures
from knowledge.dossiers.registry import LocalRegistry
from knowledge.places.centre_tables import (
    SEED_CENTRES,
    SEED_HOTLINES,
    SEED_VERIFIED_ON,
    read_centres,
    read_hotlines,
)
from knowledge.places.centres import CentreDirectory, CentreRepository
from knowledge.procedures.repository import ProcedureRepository
from knowledge.storage import models
from knowledge.storage.conversations import ConversationRepository
from knowledge.storage.db import Database, _switch_to_wal, alembic_config
from tests.conftest import BACKENDS, ROOT, SIM_CODE


async def _open(url: str):
    database = Database(url)
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
async def db(any_database):
    """This test's own migrated, empty database (SQLite, then PostgreSQL)."""
    async for database in _open(any_database):
        yield database


@pytest.fixture
async def seeded(seeded_any_database):
    """This test's own database as a first start leaves it (SQLite, then PostgreSQL)."""
    async for database in _open(seeded_any_database):
        yield database


# --- procedures ---------------------------------------------------------------------------


async def test_staff_import_the_catalogue_then_correct_one_record(db):
    shipped = read_procedures(SEED_PROCEDURES)
    async with db.session() as session:
        assert await ProcedureRepository(session).upsert_many(shipped) == (len(shipped), 0)

    birth = next(i for i in shipped if i.code == "1.001193")
    corrected = replace(
        birth, name=f"{birth.name} (đã sửa)", aliases=(*birth.aliases, "làm giấy khai sinh")
    )
    async with db.session() as session:
        assert await ProcedureRepository(session).upsert_many([corrected]) == (0, 1)

    async with db.session() as session:
        repo = ProcedureRepository(session)
        assert await repo.count() == len(shipped)
        assert await repo.count("curated") == len(shipped)
        assert await repo.count("portal_crawl") == 0
        stored = await repo.list()
        assert [i.slug for i in stored] == sorted(i.slug for i in shipped)
        assert await repo.get(birth.slug) == corrected
        others = {i.slug: i for i in shipped if i.slug != birth.slug}
        assert {i.slug: i for i in stored if i.slug != birth.slug} == others


async def test_a_full_import_removes_the_procedures_it_no_longer_lists(db):
    shipped = read_procedures(SEED_PROCEDURES)
    async with db.session() as session:
        await ProcedureRepository(session).upsert_many(shipped)
    async with db.session() as session:
        removed = await ProcedureRepository(session).delete_missing([shipped[0].slug])
    assert removed == len(shipped) - 1
    async with db.session() as session:
        assert [i.slug for i in await ProcedureRepository(session).list()] == [shipped[0].slug]


async def test_a_first_start_holds_the_national_catalogue_with_its_sources(seeded):
    async with seeded.session() as session:
        repo = ProcedureRepository(session)
        national = await repo.count("portal_crawl")
        catalogue = await ProcedureRepository(session).catalogue()
    assert national > 2000
    birth = catalogue.by_code("1.001193")
    assert birth is not None and "khai sinh" in birth.name.lower()
    assert birth.source_url.startswith("https://")


# --- centres and hotlines -----------------------------------------------------------------


async def test_a_citizen_of_tan_dinh_is_sent_to_the_ward_centre_and_the_city_hotlines(seeded):
    async with seeded.session() as session:
        repo = CentreRepository(session)
        centres = await repo.for_unit("thanhphohochiminh", "phuongtandinh")
        city = await repo.for_province("thanhphohochiminh")
        hotlines = await repo.hotlines_for("TP Hồ Chí Minh")
    assert [c.centre_name for c in centres] == ["Trung tâm Phục vụ hành chính công phường Tân Định"]
    assert centres[0].source_url.startswith("http")
    assert len(city) > 100 and centres[0] in city
    provincial = [h for h in hotlines if not h.national]
    assert provincial and all(h.scope == "TP Hồ Chí Minh" for h in provincial)
    assert hotlines[: len(provincial)] == provincial  # the city's own lines come first
    assert any(h.national and not h.verified for h in hotlines)  # never stated as fact
    # what the dialogue reads: the same centres, and only the verified hotlines
    read_centres, read_hotlines = await CentreDirectory(seeded).of_unit(
        "thanhphohochiminh", "phuongtandinh"
    )
    assert read_centres == centres
    assert read_hotlines == [h for h in hotlines if h.verified]


async def test_staff_reimport_centres_and_hotlines_without_duplicates(db):
    centres = read_centres(SEED_CENTRES, SEED_VERIFIED_ON)[:3]
    hotlines = read_hotlines(SEED_HOTLINES, SEED_VERIFIED_ON)
    async with db.session() as session:
        repo = CentreRepository(session)
        assert await repo.upsert_centres(centres) == (3, 0)
        assert await repo.upsert_hotlines(hotlines) == (len(hotlines), 0)

    moved = replace(centres[1], address="43 Nguyễn Văn Bá, phường Thủ Đức", phone="1022")
    async with db.session() as session:
        repo = CentreRepository(session)
        assert await repo.upsert_centres([centres[0], moved, centres[2]]) == (0, 3)
        assert await repo.upsert_hotlines(hotlines[:2]) == (0, 2)

    async with db.session() as session:
        repo = CentreRepository(session)
        assert await repo.count() == 3
        assert await repo.list_centres() == [centres[0], moved, centres[2]]
        assert await repo.count_hotlines() == len(hotlines)
        assert await repo.list_hotlines() == hotlines


# --- conversations and users --------------------------------------------------------------


async def test_a_conversation_comes_back_as_it_was_left_and_only_for_that_person(db):
    state = {"pending": {"type": "choose_place", "options": ["Phường Tân Định", "Xã Vĩnh Bảo"]}}
    async with db.session() as session:
        repo = ConversationRepository(session)
        new = await repo.load("telegram", "lan")
        assert (new.state, new.version) == ({}, 0)
        assert await repo.save("telegram", "lan", state, new.version)
        await repo.touch_user("telegram", "lan")

    async with db.session() as session:
        repo = ConversationRepository(session)
        stored = await repo.load("telegram", "lan")
        assert (stored.state, stored.version) == (state, 1)
        assert (await repo.load("web", "lan")).version == 0  # another channel, another person
        assert await repo.save("telegram", "lan", {"turns": 2}, stored.version)
        await repo.touch_user("telegram", "lan")  # already known: nothing changes

    async with db.session() as session:
        stored = await ConversationRepository(session).load("telegram", "lan")
        rows = await session.scalar(text("SELECT count(*) FROM conversations"))
        users = await session.scalar(text("SELECT count(*) FROM users"))
    assert (stored.state, stored.version, rows, users) == ({"turns": 2}, 2, 1, 1)


async def test_a_turn_that_read_an_older_state_does_not_overwrite_a_newer_one(db):
    async with db.session() as session:
        repo = ConversationRepository(session)
        # Two first messages at once: both read "nothing yet", one save wins, no error.
        assert await repo.save("web", "hoa", {"turns": 1}, 0)
        assert not await repo.save("web", "hoa", {"turns": 1, "lost": True}, 0)
    async with db.session() as session:
        repo = ConversationRepository(session)
        read = await repo.load("web", "hoa")
        assert await repo.save("web", "hoa", {"turns": 2}, read.version)
        assert not await repo.save("web", "hoa", {"turns": 2, "lost": True}, read.version)
    async with db.session() as session:
        stored = await ConversationRepository(session).load("web", "hoa")
    assert (stored.state, stored.version) == ({"turns": 2}, 2)


async def test_delete_my_data_removes_everything_about_that_web_user_and_nothing_else(db):
    registry = LocalRegistry(db)
    async with db.session() as session:
        repo = ConversationRepository(session)
        for user in ("lan", "minh"):
            await repo.save("web", user, {"turns": 1}, 0)
            await repo.touch_user("web", user)
    for user in ("lan", "minh"):
        await registry.subscribe("web", user, user, SIM_CODE, 4)
        await registry.push_web(user, "Hồ sơ của bạn đã có kết quả.")

    async with db.session() as session:
        removed = await ConversationRepository(session).delete_user_data("web", "lan")
    assert removed == 4  # conversation, user, subscription, waiting message

    async with db.session() as session:
        repo = ConversationRepository(session)
        assert (await repo.load("web", "lan")).version == 0
        assert (await repo.load("web", "minh")).state == {"turns": 1}
    assert [s.user_id for s in await registry.subscribers(SIM_CODE)] == ["minh"]
    assert await registry.pop_web("lan") == []
    assert await registry.pop_web("minh") == ["Hồ sơ của bạn đã có kết quả."]


# --- dossiers: subscriptions, statuses, the web outbox ------------------------------------


async def test_minh_follows_his_dossier_stops_and_follows_again(db):
    registry = LocalRegistry(db)
    assert await registry.subscribe("telegram", "c1", "minh", SIM_CODE, 4) is True
    assert await registry.subscribe("telegram", "c1", "minh", SIM_CODE, 5) is False
    assert await registry.subscribe("web", "hoa", "hoa", SIM_CODE.lower(), None) is True

    followers = await registry.subscribers(SIM_CODE)
    assert [(s.channel, s.user_id, s.last_status) for s in followers] == [
        ("telegram", "minh", 5),
        ("web", "hoa", None),
    ]
    assert await registry.active_codes() == [SIM_CODE]

    assert await registry.unsubscribe("telegram", "c1", SIM_CODE) == 1
    assert await registry.unsubscribe("telegram", "c1", SIM_CODE) == 0
    assert [s.user_id for s in await registry.subscribers(SIM_CODE)] == ["hoa"]

    assert await registry.subscribe("telegram", "c1", "minh", SIM_CODE, 6) is True
    assert [s.user_id for s in await registry.for_chat("telegram", "c1")] == ["minh"]


async def test_the_centre_pushes_statuses_and_the_history_keeps_each_one(db):
    registry = LocalRegistry(db)
    first = await registry.record_status(SIM_CODE, 2, note="Đã tiếp nhận")
    assert (first.old_status, first.new_status, first.changed) == (None, 2, True)
    again = await registry.record_status(SIM_CODE, 2, note="Bổ sung giấy tờ")
    assert (again.old_status, again.changed) == (2, False)
    done = await registry.record_status(SIM_CODE, 4)

    assert done.record.status == 4 and done.record.note == "Bổ sung giấy tờ"
    assert done.record.updated_at.tzinfo is not None
    record = await registry.lookup(SIM_CODE)
    assert record is not None and record.status == 4
    assert [e.status for e in await registry.history(SIM_CODE)] == [2, 2, 4]
    assert await registry.count() == 1


async def test_a_web_notification_is_handed_out_once_even_to_concurrent_pollers(db):
    registry = LocalRegistry(db)
    for text_ in ("Hồ sơ đã được tiếp nhận.", "Hồ sơ đã có kết quả."):
        await registry.push_web("lan", text_)
    handed = await asyncio.gather(*(registry.pop_web("lan") for _ in range(4)))
    assert sorted(message for batch in handed for message in batch) == [
        "Hồ sơ đã có kết quả.",
        "Hồ sơ đã được tiếp nhận.",
    ]


# --- migrations: several processes start together ----------------------------------------

# One worker: waits for the word "go" on stdin, then migrates (what bot.app does at start).
WORKER = """
import asyncio, sys
from knowledge.storage.db import Database

async def main():
    database = Database(sys.argv[1])
    try:
        await database.migrate()
    finally:
        await database.close()

print("ready", flush=True)
sys.stdin.readline()
asyncio.run(main())
"""
WORKERS = 3


@pytest.fixture(params=BACKENDS)
def blank_database(request, tmp_path):
    """URL of a database with no tables at all, on each backend."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
        return
    databases = request.getfixturevalue("postgres_databases")
    name = databases.create()
    try:
        yield databases.address.url(name)
    finally:
        databases.drop(name)


def _start_together(url: str, count: int) -> list[subprocess.CompletedProcess]:
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, url],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    for worker in workers:  # every one has imported everything and is waiting
        assert worker.stdout.readline().strip() == "ready"
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(worker.args, worker.returncode, out, err))
    return results


async def test_workers_starting_together_migrate_the_new_database_once(blank_database):
    results = _start_together(blank_database, WORKERS)
    assert [r.returncode for r in results] == [0] * WORKERS, [r.stderr[-2000:] for r in results]

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    async for database in _open(blank_database):
        async with database.engine.connect() as conn:
            versions = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
            tables = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    assert versions == [(head,)]
    assert set(models.Base.metadata.tables) <= tables


class WalSwitchMeetingOthers:
    """A driver cursor whose ``PRAGMA journal_mode=WAL`` fails ``busy`` times with
    ``error``, as when other connections switch the same new file at once (SQLite then
    answers at once, without its busy timeout: the real race is the test above)."""

    def __init__(self, busy: int, error: str = "database is locked") -> None:
        self.busy, self.error, self.tried = busy, error, 0

    def execute(self, sql: str) -> None:
        assert sql == "PRAGMA journal_mode=WAL"
        self.tried += 1
        if self.tried <= self.busy:
            raise sqlite3.OperationalError(self.error)


def test_a_new_file_switched_to_wal_by_others_at_once_waits_its_turn():
    cursor, pauses = WalSwitchMeetingOthers(busy=3), []
    _switch_to_wal(cursor, pause=lambda: pauses.append("pause"))
    assert cursor.tried == 4
    assert len(pauses) == 3


def test_a_switch_to_wal_that_stays_locked_or_fails_otherwise_is_reported():
    stays_locked = WalSwitchMeetingOthers(busy=10)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _switch_to_wal(stays_locked, attempts=5, pause=lambda: None)
    assert stays_locked.tried == 5
    broken = WalSwitchMeetingOthers(busy=1, error="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk"):
        _switch_to_wal(broken, pause=lambda: None)
    assert broken.tried == 1  # (only a lock is waited for)


async def test_the_migrated_schema_is_what_the_models_describe(db):
    def differences(connection) -> list:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return compare_metadata(context, models.Base.metadata)

    async with db.engine.connect() as conn:
        assert await conn.run_sync(differences) == []


async def test_migrating_a_database_already_at_head_changes_nothing(db):
    await db.migrate()
    await asyncio.gather(db.migrate(), db.migrate())
    async with db.session() as session:
        count = await session.scalar(text("SELECT count(*) FROM alembic_version"))
    assert count == 1
