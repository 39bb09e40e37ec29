"""Dossier sources of truth: the local registry, a provincial HTTP system, the router.

The provincial system is the project's own simulator (knowledge.dossiers.simulator),
started here on 127.0.0.1 with a random port. Every wait is bounded.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import os
import random
import signal
import socket
import subprocess
import sys
import time

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import select, text

from knowledge.data_files import CatalogueError
from knowledge.dossiers.http_source import HttpJsonSource, HttpSourceSettings
from knowledge.dossiers.records import DossierRecord, SourceUnavailable
from knowledge.dossiers.registry import InvalidCode, LocalRegistry
from knowledge.dossiers.router import DossierRouter, DossierSettings, build_router
from knowledge.dossiers.simulator import (
    FAKE_PERSON,
    SAMPLE_DATA,
    create_simulator_app,
    request_count,
)
from knowledge.dossiers.store import InvalidStatus
from knowledge.dossiers.subscriptions import SubscriptionRepository
from knowledge.storage import models
from knowledge.storage.db import Database, DatabaseUnavailable
from tests.conftest import ROOT
from tests.fakes import Ticks

CODE = "000.00.04.H51-250701-0001"
HTTP_CODE = "000.00.07.H29-250701-0001"  # served by the simulated provincial system
PERSONAL_VALUES = ("Nguyễn Văn A", "079099000001", "0900000001", "Trần Thị B", "0912345678")

SIM_RECORDS = {
    HTTP_CODE: {
        "status": 5,
        "procedure_code": "1.004222",
        "procedure_name": "Đăng ký thường trú",
        "received_on": "2025-07-01",
        "appointment_on": "2025-07-08",
        "agency": "Công an xã Mẫu",
        "note": "Cần bổ sung giấy tờ",
        "missing_documents": ["Giấy tờ chứng minh chỗ ở hợp pháp"],
    },
    "000.00.07.H29-250702-0001": {"status": 11},  # not a national status
}


# The registry tests run on SQLite, and on PostgreSQL too where CITIZENBOT_TEST_POSTGRES_URL
# names a scratch database (postgresql+asyncpg://...; its dossier tables are emptied).
POSTGRES_URL = os.environ.get("CITIZENBOT_TEST_POSTGRES_URL")
DATABASES = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
DOSSIER_TABLES = ("dossier_status_events", "dossiers", "dossier_subscriptions", "outbox")


@pytest.fixture(params=DATABASES)
async def db(request, tmp_path):
    if request.param == "sqlite":
        database = Database(f"sqlite+aiosqlite:///{tmp_path / 'dossiers.db'}")
    else:
        database = Database(POSTGRES_URL)
    await database.migrate()
    if request.param == "postgresql":
        async with database.session() as session:
            await session.execute(text(f"TRUNCATE {', '.join(DOSSIER_TABLES)} RESTART IDENTITY"))
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
async def simulator():
    server = TestServer(create_simulator_app(SIM_RECORDS), host="127.0.0.1")
    await server.start_server()
    try:
        yield server
    finally:
        await server.close()


def _settings(server: TestServer, **overrides) -> HttpSourceSettings:
    values = {
        "name": "tinh-mau",
        "url_template": f"http://127.0.0.1:{server.port}/api/hoso/{{code}}",
        "prefixes": ("000.00.07.H29",),
        "timeout_s": 2.0,
        "retries_on_5xx": 1,
        "breaker_failures": 3,
        "breaker_reset_s": 30.0,
    }
    values.update(overrides)
    return HttpSourceSettings(**values)


@pytest.fixture
async def source_for(simulator):
    made: list[HttpJsonSource] = []

    def make(**overrides) -> HttpJsonSource:
        source = HttpJsonSource(_settings(simulator, **overrides))
        made.append(source)
        return source

    try:
        yield make
    finally:
        for source in made:
            await source.close()


async def _fail_next(server: TestServer, mode: str, count: int, delay_s: float | None = None):
    body = {"mode": mode, "count": count}
    if delay_s is not None:
        body["delay_s"] = delay_s
    async with aiohttp.ClientSession() as session:
        async with session.post(server.make_url("/_control/fail"), json=body) as response:
            assert response.status == 200, await response.text()


def _write_csv(path, text_: str):
    path.write_text(text_, encoding="utf-8")
    return path


# --- the local registry -----------------------------------------------------------------


async def test_an_imported_file_keeps_dossier_columns_and_never_stores_personal_ones(db, tmp_path):
    path = _write_csv(
        tmp_path / "export.csv",
        "code,ho_ten,cccd,so_dien_thoai,procedure_code,status,received_on,appointment_on,"
        "agency,note\n"
        "000.00.04.h51 250701 0001,Trần Thị B,079099000001,0912345678,1.001193,4,"
        "2025-07-01,2025-07-08,UBND xã Mẫu,đang thẩm định\n"
        "000.00.04.H51-250702-0001,Nguyễn Văn A,079099000002,0900000001,2.000815,10,"
        "2/7/2025,02/07/2025,UBND xã Mẫu,\n",
    )
    registry = LocalRegistry(db)
    report = await registry.import_csv(path)
    assert (report.created, report.updated, report.events) == (2, 0, 2)
    assert report.ignored_columns == ("ho_ten", "cccd", "so_dien_thoai")

    record = await registry.lookup("000.00.04.H51-250701-0001")
    assert record == DossierRecord(
        code=CODE,
        status=4,
        source="registry",
        procedure_code="1.001193",
        received_on=dt.date(2025, 7, 1),
        appointment_on=dt.date(2025, 7, 8),
        agency="UBND xã Mẫu",
        note="đang thẩm định",
        updated_at=record.updated_at,
    )
    second = await registry.lookup("000.00.04.h51-250702-0001")
    assert second.status == 10 and second.appointment_on == dt.date(2025, 7, 2)
    assert second.received_on == dt.date(2025, 7, 2)  # d/m/yyyy too
    assert [e.source for e in await registry.history(CODE)] == ["import"]

    # Nothing personal anywhere in the database.
    dump = []
    async with db.session() as session:
        for table in models.Base.metadata.sorted_tables:
            rows = await session.execute(select(table))
            dump.extend(str(value) for row in rows.all() for value in row)
    everything = " ".join(dump)
    for personal in ("Trần Thị B", "Nguyễn Văn A", "079099000001", "0912345678", "0900000001"):
        assert personal not in everything


@pytest.mark.parametrize(
    ("bad_row", "mentions"),
    [
        ("000.00.04.H51-250702-0001,11,2025-07-02", "row 3 (000.00.04.H51-250702-0001): 'status'"),
        ("000.00.04.H51-250702-0001,bốn,2025-07-02", "'status' must be a number from 1 to 10"),
        ("000.00.04.H51-250702,4,2025-07-02", "row 3: 'code' is not a dossier code"),
        ("0909123456,4,2025-07-02", "example: 000.00.04.H51-250701-0001"),
        ("000.00.04.H51-250702-0001,4,2025-13-40", "'received_on' must be a date YYYY-MM-DD"),
        ("000.00.04.H51-250702-0001,4,31/02/2025", "'received_on' must be a date YYYY-MM-DD"),
        ("000.00.04.H51-250702-0001,4,02/07/25", "or DD/MM/YYYY, not '02/07/25'"),
        ("000.00.04.H51-250702-0001,4,02/07/2025/1", "not '02/07/2025/1'"),
        ("000.00.04.H51-250702-0001,4,2/7", "row 3 (000.00.04.H51-250702-0001): 'received_on'"),
        ("000.00.04.h51 250701 0001,4,2025-07-01", "row 3 (000.00.04.H51-250701-0001): same"),
    ],
)
async def test_a_bad_row_stops_the_import_with_its_row_number_and_nothing_is_written(
    db, tmp_path, bad_row, mentions
):
    path = _write_csv(
        tmp_path / "bad.csv",
        f"code,status,received_on\n{CODE},4,2025-07-01\n{bad_row}\n",
    )
    registry = LocalRegistry(db)
    with pytest.raises(CatalogueError) as err:
        await registry.import_csv(path)
    assert mentions in str(err.value)
    assert await registry.count() == 0
    assert await registry.lookup(CODE) is None


async def test_an_import_without_the_status_column_is_refused(db, tmp_path):
    path = _write_csv(tmp_path / "bad.csv", f"code,agency\n{CODE},UBND\n")
    with pytest.raises(CatalogueError, match="row 1: missing column"):
        await LocalRegistry(db).import_csv(path)


async def test_reimporting_records_an_event_only_when_the_status_changed(db, tmp_path):
    registry = LocalRegistry(db)
    header = "code,status,note\n"
    await registry.import_csv(_write_csv(tmp_path / "a.csv", f"{header}{CODE},2,tiếp nhận\n"))
    same = await registry.import_csv(_write_csv(tmp_path / "b.csv", f"{header}{CODE},2,vẫn\n"))
    assert (same.created, same.updated, same.events) == (0, 1, 0)
    moved = await registry.import_csv(_write_csv(tmp_path / "c.csv", f"{header}{CODE},4,xử lý\n"))
    assert moved.events == 1
    assert [(e.status, e.source, e.note) for e in await registry.history(CODE)] == [
        (2, "import", "tiếp nhận"),
        (4, "import", "xử lý"),
    ]
    assert (await registry.lookup(CODE)).note == "xử lý"


async def test_the_shipped_sample_file_imports_cleanly(db):
    report = await LocalRegistry(db).import_csv(SAMPLE_DATA)
    assert report.created >= 5 and report.ignored_columns == ()
    record = await LocalRegistry(db).lookup("000.00.04.H51-250701-0002")
    assert record.status == 5 and len(record.missing_documents) == 2


async def test_a_status_push_keeps_the_history_and_tells_whether_it_changed(db):
    registry = LocalRegistry(db)
    first = await registry.record_status("000.00.04.h51 250701 0001", 2, note="đã nhận")
    assert (first.code, first.old_status, first.new_status, first.changed) == (CODE, None, 2, True)
    assert first.record.status == 2 and first.record.note == "đã nhận"
    again = await registry.record_status(CODE, 2)
    assert (again.old_status, again.changed) == (2, False)
    due = dt.date(2025, 7, 20)
    moved = await registry.record_status(CODE, 5, note="thiếu giấy", appointment_on=due)
    assert (moved.old_status, moved.new_status, moved.changed) == (2, 5, True)
    record = await registry.lookup(CODE)
    assert (record.status, record.note, record.appointment_on) == (5, "thiếu giấy", due)
    history = await registry.history(CODE)
    assert [(e.status, e.source) for e in history] == [(2, "api"), (2, "api"), (5, "api")]
    assert all(e.recorded_at.tzinfo is not None for e in history)
    assert history[0].recorded_at <= history[-1].recorded_at


@pytest.mark.parametrize("status", [0, 11, -1, "4", 4.0, True, None])
async def test_a_status_outside_the_national_codes_is_refused(db, status):
    with pytest.raises(InvalidStatus):
        await LocalRegistry(db).record_status(CODE, status)
    assert await LocalRegistry(db).count() == 0


@pytest.mark.parametrize("code", ["", "   ", "000.00.04.H51 250701 0001 và", "x" * 81, None])
async def test_a_status_push_for_text_that_is_not_a_code_is_refused(db, code):
    with pytest.raises(InvalidCode, match="000.00.04.H51-250701-0001"):
        await LocalRegistry(db).record_status(code, 4)
    assert await LocalRegistry(db).count() == 0


async def test_a_code_in_a_systems_own_format_is_recorded_as_given(db):
    # Polling an HTTP source of a system with its own codes records them too.
    registry = LocalRegistry(db)
    change = await registry.record_status(" HCM-2025-000123 ", 4, source="tphcm")
    assert change.code == "HCM-2025-000123"
    assert (await registry.lookup("HCM-2025-000123")).status == 4
    assert [e.source for e in await registry.history("HCM-2025-000123")] == ["tphcm"]


async def test_fifty_concurrent_pushes_on_one_dossier_lose_nothing(db):
    registry = LocalRegistry(db)
    statuses = [random.randint(1, 10) for _ in range(50)]
    results = await asyncio.wait_for(
        asyncio.gather(
            *(registry.record_status(CODE, s, note=f"#{i}") for i, s in enumerate(statuses))
        ),
        timeout=30,
    )
    history = await registry.history(CODE)
    assert len(history) == 50
    assert sorted(e.note for e in history) == sorted(f"#{i}" for i in range(50))
    assert (await registry.lookup(CODE)).status == history[-1].status
    # Every push saw the status the previous one (in commit order) left behind.
    assert sum(1 for r in results if r.old_status is None) == 1
    by_note = {r.record.note: r for r in results}
    for before, after in zip(history, history[1:], strict=False):
        assert by_note[after.note].old_status == before.status


async def test_fifty_concurrent_pushes_on_different_dossiers_lose_nothing(db):
    registry = LocalRegistry(db)
    codes = [f"000.00.04.H51-250701-{n:04d}" for n in range(1, 11)]
    pushes = [(codes[i % 10], random.randint(1, 10)) for i in range(50)]
    await asyncio.wait_for(
        asyncio.gather(*(registry.record_status(c, s, source="test") for c, s in pushes)),
        timeout=30,
    )
    assert await registry.count() == 10
    for code in codes:
        history = await registry.history(code)
        assert len(history) == 5
        assert (await registry.lookup(code)).status == history[-1].status


async def test_imports_beside_concurrent_pushes_lose_nothing(db, tmp_path):
    registry = LocalRegistry(db)
    codes = [f"000.00.04.H51-250701-{n:04d}" for n in range(1, 21)]
    files = []
    for n in range(3):
        rows = "".join(f"{c},{(i + n) % 10 + 1}\n" for i, c in enumerate(reversed(codes)))
        files.append(_write_csv(tmp_path / f"f{n}.csv", f"code,status\n{rows}"))
    work = [registry.import_csv(f) for f in files]
    work += [registry.record_status(codes[i % 20], 4, source="test") for i in range(20)]
    results = await asyncio.wait_for(asyncio.gather(*work), timeout=60)
    assert sum(r.created for r in results[:3]) == 20 - sum(
        1 for r in results[3:] if r.old_status is None
    )
    assert await registry.count() == 20
    for code in codes:
        history = await registry.history(code)
        assert (await registry.lookup(code)).status == history[-1].status


async def test_a_locked_database_is_retried_then_gives_up_as_unavailable(db, monkeypatch):
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from knowledge.dossiers import store as dossier_store

    registry = LocalRegistry(db)
    calls = []

    async def locked_twice(session):
        calls.append(time.monotonic())
        if len(calls) <= 2:
            raise OperationalError("UPDATE", {}, sqlite3.OperationalError("database is locked"))
        return "done"

    assert await registry._write("test", locked_twice) == "done"
    assert len(calls) == 3

    async def always_locked(session):
        raise OperationalError("UPDATE", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(dossier_store, "WRITE_RETRY_S", 0.3)
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as err:
        await registry._write("record dossier status", always_locked)
    assert err.value.operation == "record dossier status"
    assert 0.05 < time.monotonic() - started < 1.0  # gave up before the next wait passed 0.3 s


async def test_a_registry_whose_database_fails_says_so_as_an_unavailable_source(tmp_path):
    broken = Database(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")  # never migrated
    try:
        with pytest.raises(SourceUnavailable) as err:
            await LocalRegistry(broken).lookup(CODE)
        assert isinstance(err.value, DatabaseUnavailable)
        with pytest.raises(DatabaseUnavailable):
            await LocalRegistry(broken).record_status(CODE, 4)
        with pytest.raises(DatabaseUnavailable):
            await SubscriptionRepository(broken).subscribers(CODE)
    finally:
        await broken.close()


@pytest.mark.parametrize("repository", [SubscriptionRepository, LocalRegistry])
async def test_subscriptions_follow_a_dossier_per_chat(db, repository):
    subs = repository(db)
    assert await subs.subscribe("telegram", "chat1", "u1", "000.00.04.h51 250701 0001", 4)
    assert not await subs.subscribe("telegram", "chat1", "u1", CODE, 5)  # already following
    assert await subs.subscribe("web", "w1", "w1", CODE, None)
    assert await subs.subscribe("telegram", "chat1", "u1", "000.00.04.H51-250702-0001", 2)
    followers = await subs.subscribers(CODE)
    assert [(s.channel, s.chat_id, s.last_status) for s in followers] == [
        ("telegram", "chat1", 5),
        ("web", "w1", None),
    ]
    assert await subs.active_codes() == [CODE, "000.00.04.H51-250702-0001"]
    await subs.set_last_status(followers[1].id, 9)
    assert [s.last_status for s in await subs.subscribers(CODE)] == [5, 9]
    assert len(await subs.for_chat("telegram", "chat1")) == 2

    assert await subs.unsubscribe("telegram", "chat1", CODE) == 1
    assert [s.channel for s in await subs.subscribers(CODE)] == ["web"]
    assert await subs.unsubscribe("telegram", "chat1") == 1
    assert await subs.for_chat("telegram", "chat1") == []
    assert await subs.unsubscribe("telegram", "chat1") == 0
    assert await subs.subscribe("telegram", "chat1", "u1", CODE, 6)  # following again
    assert await subs.active_codes() == [CODE]


async def test_the_web_outbox_hands_each_message_out_once(db):
    subs = LocalRegistry(db)
    await subs.push_web("w1", "Hồ sơ đã xử lý xong")
    await subs.push_web("w1", "Hồ sơ đã trả kết quả")
    await subs.push_web("w2", "khác")
    first, second = await asyncio.gather(subs.pop_web("w1"), subs.pop_web("w1"))
    assert sorted([first, second], key=len) == [[], ["Hồ sơ đã xử lý xong", "Hồ sơ đã trả kết quả"]]
    assert await subs.pop_web("w1") == []
    assert await subs.pop_web("w2") == ["khác"]


# --- a provincial system over HTTP --------------------------------------------------------


async def test_a_provincial_dossier_is_read_through_the_field_mapping(source_for):
    record = await source_for().lookup("000.00.07.h29 250701 0001")
    assert record == DossierRecord(
        code=HTTP_CODE,
        status=5,
        source="tinh-mau",
        procedure_code="1.004222",
        procedure_name="Đăng ký thường trú",
        received_on=dt.date(2025, 7, 1),
        appointment_on=dt.date(2025, 7, 8),
        agency="Công an xã Mẫu",
        note="Cần bổ sung giấy tờ",
        missing_documents=("Giấy tờ chứng minh chỗ ở hợp pháp",),
    )


async def test_personal_fields_the_system_sends_never_reach_the_record(source_for, simulator):
    # The simulator really does send them...
    async with aiohttp.ClientSession() as session:
        async with session.get(simulator.make_url(f"/api/hoso/{HTTP_CODE}")) as response:
            raw = await response.json()
    assert raw["data"]["hoTen"] == FAKE_PERSON["hoTen"]
    assert raw["data"]["soCCCD"] and raw["data"]["soDienThoai"]
    # ...and none of them is copied, whatever field it might hide in.
    record = await source_for().lookup(HTTP_CODE)
    values = []
    for value in dataclasses.asdict(record).values():
        values.extend(value if isinstance(value, tuple | list) else [value])
    for value in values:
        for personal in FAKE_PERSON.values():
            assert personal not in str(value)


async def test_a_code_the_system_does_not_know_is_none(source_for, simulator):
    source = source_for()
    assert await source.lookup("000.00.07.H29-250709-0009") is None
    assert source.breaker.state == "closed"


async def test_one_server_error_is_retried_and_the_answer_used(source_for, simulator):
    await _fail_next(simulator, "500", 1)
    before = request_count(simulator.app)
    record = await source_for(retries_on_5xx=1).lookup(HTTP_CODE)
    assert record is not None and record.status == 5
    assert request_count(simulator.app) - before == 2


async def test_two_server_errors_make_the_source_unavailable(source_for, simulator):
    await _fail_next(simulator, "500", 2)
    with pytest.raises(SourceUnavailable) as err:
        await source_for(retries_on_5xx=1).lookup(HTTP_CODE)
    assert err.value.reason == "http 500" and err.value.source == "tinh-mau"


async def test_each_failure_is_logged_once_with_the_code_and_nothing_personal(
    source_for, simulator, caplog
):
    await _fail_next(simulator, "500", 2)
    with caplog.at_level("DEBUG", logger="knowledge.dossiers.http_source"):
        with pytest.raises(SourceUnavailable):
            await source_for(retries_on_5xx=1).lookup(HTTP_CODE)
        assert (await source_for().lookup(HTTP_CODE)).status == 5
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert [r.getMessage() for r in warnings] == [
        f"dossier source tinh-mau failed for {HTTP_CODE}: http 500"
    ]
    for record in caplog.records:
        for personal in FAKE_PERSON.values():
            assert personal not in record.getMessage()


async def test_a_slow_system_times_out_within_the_limit(source_for, simulator):
    await _fail_next(simulator, "slow", 1, delay_s=5)
    started = time.monotonic()
    with pytest.raises(SourceUnavailable) as err:
        await asyncio.wait_for(source_for(timeout_s=0.5).lookup(HTTP_CODE), timeout=5)
    assert err.value.reason == "timeout"
    assert time.monotonic() - started < 1.2


async def test_a_reply_that_is_not_json_is_malformed(source_for, simulator):
    await _fail_next(simulator, "malformed", 1)
    with pytest.raises(SourceUnavailable) as err:
        await source_for().lookup(HTTP_CODE)
    assert err.value.reason == "malformed"


@pytest.mark.parametrize(
    ("code", "fields"),
    [
        ("000.00.07.H29-250702-0001", None),  # status 11: not a national status
        (HTTP_CODE, {"status": "data.khongCo"}),  # no status at all
        (HTTP_CODE, {"status": "data.hoTen"}),  # a status that is not a number
        (HTTP_CODE, {"status": "data.trangThai", "received_on": "data.coQuanXuLy"}),  # no date
        (HTTP_CODE, {"status": "data.trangThai", "agency": "data"}),  # an object, not text
        (HTTP_CODE, {"status": "data.trangThai", "code": "data.soCCCD"}),  # another dossier
    ],
)
async def test_a_reply_with_wrong_or_missing_values_is_malformed(source_for, code, fields):
    overrides = {"fields": fields} if fields else {}
    with pytest.raises(SourceUnavailable) as err:
        await source_for(**overrides).lookup(code)
    assert err.value.reason == "malformed"


async def test_a_system_with_its_own_status_values_is_mapped_to_national_ones(simulator):
    app = create_simulator_app({HTTP_CODE: {"status": 4}})
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    source = HttpJsonSource(
        _settings(server, fields={"status": "data.tenTrangThai"}, status_map={"Đang xử lý": 4})
    )
    try:
        assert (await source.lookup(HTTP_CODE)).status == 4
    finally:
        await source.close()
        await server.close()


async def test_the_circuit_opens_after_repeated_failures_and_recovers(source_for, simulator):
    source = source_for(retries_on_5xx=0, breaker_failures=3, breaker_reset_s=30)
    source.breaker.clock = clock = Ticks()  # the breaker's seconds, moved by the story
    await _fail_next(simulator, "500", 100)
    for _ in range(3):
        with pytest.raises(SourceUnavailable, match="http 500"):
            await source.lookup(HTTP_CODE)
    assert source.breaker.state == "open"
    hits = request_count(simulator.app)
    clock.now += 29
    for _ in range(5):
        with pytest.raises(SourceUnavailable) as err:
            await source.lookup(HTTP_CODE)
        assert err.value.reason == "circuit open"
    assert request_count(simulator.app) == hits  # failing fast: the system was not called

    # After reset_s one trial call goes out; it fails, so the circuit opens again.
    clock.now += 1
    with pytest.raises(SourceUnavailable, match="http 500"):
        await source.lookup(HTTP_CODE)
    assert request_count(simulator.app) == hits + 1
    with pytest.raises(SourceUnavailable, match="circuit open"):
        await source.lookup(HTTP_CODE)

    # The system recovers: the next trial succeeds and the circuit closes.
    await _fail_next(simulator, "500", 0)
    clock.now += 30
    assert (await source.lookup(HTTP_CODE)).status == 5
    assert source.breaker.state == "closed"
    assert (await source.lookup(HTTP_CODE)).status == 5


async def test_a_system_that_is_down_is_unavailable_not_an_error(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    source = HttpJsonSource(
        HttpSourceSettings(
            name="down",
            url_template=f"http://127.0.0.1:{port}/api/hoso/{{code}}",
            timeout_s=2,
        )
    )
    try:
        with pytest.raises(SourceUnavailable) as err:
            await source.lookup(HTTP_CODE)
        assert err.value.reason == "connection failed"
    finally:
        await source.close()


@pytest.mark.parametrize(
    "bad",
    [
        {"url_template": "http://example.invalid/api/hoso"},  # no {code}
        {"url_template": "ftp://example.invalid/{code}"},
        {"fields": {"trangThai": "data.trangThai"}},  # not one of our fields
        {"fields": {"agency": "data.coQuanXuLy"}},  # no status
        {"status_map": {"DXL": 12}},
        {"timeout_s": 0},
    ],
)
def test_bad_source_settings_are_refused_with_a_reason(bad):
    values = {"name": "x", "url_template": "http://127.0.0.1/api/hoso/{code}", **bad}
    with pytest.raises(ValueError):
        HttpSourceSettings(**values)


# --- the router ------------------------------------------------------------------------------


async def test_the_router_sends_each_code_to_the_system_for_its_unit(db, simulator):
    await LocalRegistry(db).record_status(CODE, 9)
    settings = DossierSettings(sources=(_settings(simulator),), poll_interval_s=60)
    router = build_router(db, settings)
    try:
        (http,) = router.http_sources()
        assert router.source_for("000.00.07.h29 250701 0001") is http
        assert router.source_for(CODE) is router.default
        assert isinstance(router.default, LocalRegistry)
        provincial = await router.lookup("000.00.07.h29-250701-0001")
        assert (provincial.source, provincial.status) == ("tinh-mau", 5)
        local = await router.lookup(CODE)
        assert (local.source, local.status) == ("registry", 9)
        assert await router.lookup("000.00.04.H51-250709-0009") is None
    finally:
        await router.close()
    shared = LocalRegistry(db)
    assert build_router(db, settings, registry=shared).default is shared


def test_the_longest_matching_route_wins():
    registry, province, unit, city = (object() for _ in range(4))
    router = DossierRouter(
        registry,
        [("*.H29", province), ("000.00.07.h29", unit), ("HCM-", city)],
    )
    assert router.source_for("000.00.07.H29-250701-0001") is unit
    assert router.source_for("000.00.08.H29-250701-0001") is province
    assert router.source_for("000.00.07.H30-250701-0001") is registry
    assert router.source_for("hcm-2025-123") is city
    assert router.source_for("0909123456") is registry


def test_settings_refuse_a_prefix_claimed_twice():
    first = HttpSourceSettings(
        name="a", url_template="http://127.0.0.1/{code}", prefixes=("000.00.07.H29",)
    )
    second = HttpSourceSettings(
        name="b", url_template="http://127.0.0.1/{code}", prefixes=("000.00.07.h29",)
    )
    with pytest.raises(ValueError, match="claimed"):
        DossierSettings(sources=(first, second), poll_interval_s=60)


# --- the command line ----------------------------------------------------------------------


def _cli_env(tmp_path) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "NO_PROXY": "127.0.0.1,localhost",
        "CITIZENBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
    }


def test_dossier_import_from_the_command_line(tmp_path, cli):
    def run(*args):
        return cli("dossier", *args)

    export = _write_csv(
        tmp_path / "export.csv",
        f"code,status,ho_ten,so_dien_thoai\n{CODE},4,Trần Thị B,0912345678\n",
    )
    done = run("import", str(export))
    assert done.returncode == 0, done.stderr
    assert "Imported 1 dossiers (1 new, 0 updated, 1 status changes)" in done.stdout
    assert "ho_ten, so_dien_thoai" in done.stdout

    broken = _write_csv(tmp_path / "broken.csv", f"code,status\n{CODE},42\n")
    done = run("import", str(broken))
    assert done.returncode == 1
    assert "row 2" in done.stderr and "'status'" in done.stderr
    assert "Traceback" not in done.stderr


def test_dossier_simulate_serves_the_sample_from_the_command_line(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "dossier", "simulate", "--port", str(port)],
        cwd=ROOT,
        env=_cli_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/api/hoso/000.00.04.H51-250701-0001"
        deadline = time.monotonic() + 60
        while True:
            try:
                body = _http_get(url)
                break
            except OSError:
                assert process.poll() is None, process.communicate(timeout=10)
                assert time.monotonic() < deadline, "the simulator did not start"
                time.sleep(0.2)
        assert '"trangThai": 4' in body
    finally:
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate(timeout=10)
    assert "Dossier simulator" in out
    assert "Traceback" not in err


def _http_get(url: str) -> str:
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=5) as response:
        return response.read().decode("utf-8")
