"""Staff edit the knowledge base with review and history, on SQLite and PostgreSQL.

An editor's change is a draft; an admin publishes it, which writes what the bot answers
with, keeps the earlier version, records who changed what (before and after) and raises
the knowledge generation. Any earlier version can be restored, and that is a change too.
"""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.catalogue import SEED_NATIONAL, SEED_PROCEDURES, read_procedures
from knowledge.editing import (
    BASELINE_AUTHOR,
    AuditFilter,
    Editing,
    EditingError,
    InvalidData,
    StaleForm,
    current_generation,
)
from knowledge.editing.forms import data_of, error_fields, form_of, form_posted
from knowledge.editing.kinds import kind_of
from knowledge.faq.repository import FaqRepository
from knowledge.faq.schema import FaqEntryData
from knowledge.insights.records import InboxReason, InboxRecord
from knowledge.insights.repository import InboxRepository
from knowledge.places.centres import CentreRepository
from knowledge.procedures.records import record_to_dict, validate_record
from knowledge.procedures.repository import ProcedureRepository
from tests.fakes import ManualClock

DAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)  # 16:00 in Vietnam

FAQ = {
    "question": "Trung tâm phường Tân Định có làm việc chiều thứ Bảy không?",
    "variants": ["tt tan dinh lam chieu t7 ko", "thứ bảy chiều có mở cửa không"],
    "answer": "Không. Trung tâm chỉ làm việc sáng thứ Bảy, 7:30–11:30.",
    "source_url": "https://tphcm.gov.vn/thong-bao/gio-lam-viec",
    "verified_on": "2026-03-01",
}

BIRTH = {
    "slug": "khai_sinh_thu",
    "code": "1.001193",
    "name": "Đăng ký khai sinh",
    "source_url": "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193",
    "verified_on": "2026-01-15",
    "channels": [
        {"channel": "in_person", "available": True, "time": "1 ngày", "fee_vnd": 0},
        {"channel": "online", "available": True, "time": "1 ngày", "fee_vnd": 0},
    ],
    "documents": [
        {"name": "Tờ khai đăng ký khai sinh", "original": 1},
        {"name": "Văn bản cam đoan", "case": "Không có giấy chứng sinh", "original": 1},
    ],
}

CENTRE = {
    "province": "TP Hồ Chí Minh",
    "unit_name": "Phường Tân Định",
    "centre_name": "Trung tâm Phục vụ hành chính công phường Tân Định",
    "address": "58B Nguyễn Đình Chiểu, phường Tân Định",
    "phone": "028.39102126",
    "hours": "Thứ Hai – Thứ Sáu 7:30–17:00",
    "lat": "10.789",
    "lon": "106.69",
    "source_url": "https://thuviennhadat.vn/phap-luat/trung-tam-phuc-vu-hanh-chinh-cong",
    "verified_on": "2026-02-20",
    "note": "",
}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(DAY)


def editing(session, clock) -> Editing:
    return Editing(session, clock=clock)


async def test_an_faq_entry_is_a_draft_until_an_admin_publishes_it(db, clock):
    async with db.session() as s:
        draft = await editing(s, clock).save_draft("faq", None, FAQ, "bien_tap")
    async with db.session() as s:
        edits = editing(s, clock)
        (revision,) = await edits.drafts()
        key = revision.item_key
        entry = await FaqRepository(s).get(int(key))
        assert entry is not None and entry.status == "draft"
        assert await FaqRepository(s).published() == []
        assert await current_generation(s) == 0
        assert await edits.live("faq", key) is None
        assert revision.id == draft and revision.author == "bien_tap"

    async with db.session() as s:
        assert await editing(s, clock).publish(draft, "quan_tri") == key

    async with db.session() as s:
        edits = editing(s, clock)
        (entry,) = await FaqRepository(s).published()
        assert entry.data.answer == FAQ["answer"]
        assert entry.data.variants == FAQ["variants"]
        assert await current_generation(s) == 1
        assert await edits.drafts() == []
        (published,) = await edits.history("faq", key)
        assert (published.status, published.published_by) == ("published", "quan_tri")
        publish, saved = await edits.audit()
        assert (saved.action, saved.actor, saved.before) == ("draft", "bien_tap", None)
        assert (publish.action, publish.actor, publish.item_key) == ("publish", "quan_tri", key)
        assert publish.before is None
        assert publish.after["question"] == FAQ["question"]


async def test_a_second_edit_supersedes_the_first_and_the_audit_shows_before_and_after(db, clock):
    async with db.session() as s:
        edits = editing(s, clock)
        first = await edits.save_draft("faq", None, FAQ, "bien_tap")
        key = await edits.publish(first, "quan_tri")
    changed = {**FAQ, "answer": "Có. Từ tháng 4/2026 trung tâm mở cả chiều thứ Bảy."}
    async with db.session() as s:
        edits = editing(s, clock)
        second = await edits.save_draft("faq", key, changed, "bien_tap")
        # Until it is published, the bot still answers with the first version.
        assert (await edits.live("faq", key))["answer"] == FAQ["answer"]
        await edits.publish(second, "quan_tri")

    async with db.session() as s:
        edits = editing(s, clock)
        assert (await FaqRepository(s).get(int(key))).data.answer == changed["answer"]
        newest, oldest = await edits.history("faq", key)
        assert (newest.id, newest.status) == (second, "published")
        assert (oldest.id, oldest.status) == (first, "superseded")
        assert oldest.was_live
        publish = (await edits.audit(AuditFilter(actor="quan_tri")))[0]
        assert publish.before["answer"] == FAQ["answer"]
        assert publish.after["answer"] == changed["answer"]
        # the new answer goes out dated the day it was written, not the old date
        assert [c.field for c in publish.changes] == ["answer", "verified_on"]
        assert publish.after["verified_on"] == "2026-03-02"
        assert await current_generation(s) == 2


async def test_a_newer_draft_replaces_an_unpublished_one_and_a_discarded_draft_changes_nothing(
    db, clock
):
    async with db.session() as s:
        edits = editing(s, clock)
        key = await edits.publish(await edits.save_draft("faq", None, FAQ, "a"), "quan_tri")
        one = await edits.save_draft("faq", key, {**FAQ, "answer": "Bản nháp một."}, "a")
        two = await edits.save_draft("faq", key, {**FAQ, "answer": "Bản nháp hai."}, "b")
        assert [d.id for d in await edits.drafts()] == [two]
        assert (await edits.revision(one)).status == "superseded"
        await edits.discard(two, "quan_tri")

    async with db.session() as s:
        edits = editing(s, clock)
        assert await edits.drafts() == []
        assert (await edits.live("faq", key))["answer"] == FAQ["answer"]
        assert (await edits.revision(two)).status == "discarded"
        discard = (await edits.audit())[0]
        assert (discard.action, discard.actor, discard.after) == ("discard", "quan_tri", None)
        assert discard.before["answer"] == "Bản nháp hai."
        assert await current_generation(s) == 1  # only the publish moved it
        with pytest.raises(EditingError) as refused:
            await edits.publish(two, "quan_tri")
        assert refused.value.reason == "not_a_draft"
        with pytest.raises(EditingError) as unknown:
            await edits.publish(9999, "quan_tri")
        assert unknown.value.reason == "unknown_revision"


async def test_a_new_entry_whose_only_draft_is_discarded_is_withdrawn(db, clock):
    async with db.session() as s:
        edits = editing(s, clock)
        draft = await edits.save_draft("faq", None, FAQ, "bien_tap")
        key = (await edits.revision(draft)).item_key
        await edits.discard(draft, "bien_tap")
        assert (await FaqRepository(s).get(int(key))).status == "retired"


async def _question(s, text: str, resolution: str) -> int:
    """An inbox question already resolved by ``resolution``."""
    record = InboxRecord("telegram", "citizen", InboxReason.FALLBACK, text)
    inbox = InboxRepository(s)
    item = await inbox.add(record, "hash")
    await inbox.resolve([item], resolution, "bien_tap")
    return item


async def test_discarding_a_draft_gives_back_only_the_questions_still_waiting_for_it(db, clock):
    async with db.session() as s:
        edits = editing(s, clock)
        first = await edits.save_draft("faq", None, FAQ, "bien_tap")
        key = (await edits.revision(first)).item_key
        answered = await _question(s, "tt tân định chiều t7", f"faq:{key}@{first}")
        await edits.publish(first, "quan_tri")
        more = {**FAQ, "variants": [*FAQ["variants"], "chiều thứ bảy có làm không"]}
        second = await edits.save_draft("faq", key, more, "bien_tap")
        waiting = await _question(s, "chiều thứ bảy có làm không", f"variant:{key}@{second}")
        elsewhere = await _question(s, "khai sinh online", f"faq:{int(key) + 1}@{second + 1}")
        await edits.discard(second, "quan_tri")

        inbox = InboxRepository(s)
        assert (await inbox.get(waiting)).status == "open"  # its draft is gone: ask again
        assert (await inbox.get(answered)).status == "resolved"  # its draft was published
        assert (await inbox.get(elsewhere)).status == "resolved"  # another entry's


async def test_restoring_an_earlier_version_publishes_it_again_as_an_audited_change(db, clock):
    async with db.session() as s:
        edits = editing(s, clock)
        first = await edits.save_draft("faq", None, FAQ, "bien_tap")
        key = await edits.publish(first, "quan_tri")
        wrong = {**FAQ, "answer": "Sai: trung tâm nghỉ cả ngày thứ Bảy."}
        await edits.publish(await edits.save_draft("faq", key, wrong, "bien_tap"), "quan_tri")

    async with db.session() as s:
        restored = await editing(s, clock).restore(first, "quan_tri")

    async with db.session() as s:
        edits = editing(s, clock)
        assert (await FaqRepository(s).get(int(key))).data.answer == FAQ["answer"]
        history = await edits.history("faq", key)
        assert [(r.id, r.status) for r in history][0] == (restored, "published")
        assert [r.status for r in history[1:]] == ["superseded", "superseded"]
        restore = (await edits.audit())[0]
        assert (restore.action, restore.actor, restore.revision_id) == (
            "restore",
            "quan_tri",
            restored,
        )
        assert restore.before["answer"] == wrong["answer"]
        assert restore.after["answer"] == FAQ["answer"]
        assert await current_generation(s) == 3


async def _import_birth(db) -> None:
    async with db.session() as s:
        await ProcedureRepository(s).upsert_many([validate_record(BIRTH)])


async def test_a_procedure_edit_changes_one_channel_and_the_imported_original_can_be_restored(
    db, clock
):
    await _import_birth(db)
    edited = {
        **BIRTH,
        "channels": [
            {"channel": "in_person", "available": True, "time": "1 ngày", "fee_vnd": 0},
            {"channel": "online", "available": True, "time": "Trong ngày", "fee_vnd": 0},
            {"channel": "post", "available": False},
        ],
    }
    async with db.session() as s:
        edits = editing(s, clock)
        draft = await edits.save_draft("procedure", "khai_sinh_thu", edited, "bien_tap")
        await edits.publish(draft, "quan_tri")

    async with db.session() as s:
        edits = editing(s, clock)
        info = await ProcedureRepository(s).get("khai_sinh_thu")
        assert info.channel("online").time == "Trong ngày"
        assert info.channel("post").available is False
        published, original = await edits.history("procedure", "khai_sinh_thu")
        assert (original.author, original.status) == (BASELINE_AUTHOR, "superseded")
        assert original.data == record_to_dict(validate_record(BIRTH))
        publish = (await edits.audit(AuditFilter(kind="procedure")))[0]
        assert [c.field for c in publish.changes] == ["verified_on", "channels"]
        await edits.restore(original.id, "quan_tri")

    async with db.session() as s:
        info = await ProcedureRepository(s).get("khai_sinh_thu")
        assert info.channel("online").time == "1 ngày"
        assert info.channel("post") is None


# Two editors open an imported procedure's form at once; the second to save is refused,
# told whose version came since, and the first's fee stays in the draft. Publishing
# keeps the version a form was made from; a restore moves it.
async def test_a_form_opened_before_someone_elses_change_saves_nothing(db, clock):
    await _import_birth(db)
    fee = {**BIRTH, "channels": [{**BIRTH["channels"][0], "fee_vnd": 8000}]}
    steps = {**BIRTH, "steps": [{"text": "Nộp tờ khai tại trung tâm."}]}
    async with db.session() as s:
        edits = editing(s, clock)
        opened = await edits.version("procedure", "khai_sinh_thu")
        assert opened == 0  # never edited: the import is its only version
        mine = await edits.save_draft("procedure", "khai_sinh_thu", fee, "an", based_on=opened)
        with pytest.raises(StaleForm) as stale:
            await edits.save_draft("procedure", "khai_sinh_thu", steps, "binh", based_on=opened)
        assert (stale.value.newer.id, stale.value.newer.author) == (mine, "an")
        assert [d.id for d in await edits.drafts()] == [mine]

        await edits.publish(mine, "quan_tri")
        assert await edits.version("procedure", "khai_sinh_thu") == mine
        again = await edits.save_draft("procedure", "khai_sinh_thu", steps, "binh", based_on=mine)
        await edits.discard(again, "binh")
        [*_, original] = await edits.history("procedure", "khai_sinh_thu")
        restored = await edits.restore(original.id, "quan_tri")
        with pytest.raises(StaleForm):
            await edits.save_draft("procedure", "khai_sinh_thu", steps, "binh", based_on=again)
        assert await edits.version("procedure", "khai_sinh_thu") == restored


# The bot cites verified_on as "cập nhật dd/mm/yyyy". A new fee with the old date left
# in the form would go out as "updated" months ago: it is dated the day of the edit. New
# ways of asking are no new facts and keep the date; a date staff chose is theirs, unless
# it is after today.
async def test_a_changed_fact_is_dated_today_unless_staff_chose_the_date(db, clock):
    await _import_birth(db)
    fee = {**BIRTH, "channels": [{**BIRTH["channels"][0], "fee_vnd": 8000}]}
    async with db.session() as s:
        edits = editing(s, clock)
        dated = await edits.save_draft("procedure", "khai_sinh_thu", fee, "an")
        assert (await edits.revision(dated)).data["verified_on"] == "2026-03-02"
        aliases = {**BIRTH, "aliases": ["làm giấy chào đời"]}
        kept = await edits.save_draft("procedure", "khai_sinh_thu", aliases, "an")
        assert (await edits.revision(kept)).data["verified_on"] == BIRTH["verified_on"]
        chosen = {**fee, "verified_on": "2026-02-27"}
        mine = await edits.save_draft("procedure", "khai_sinh_thu", chosen, "an")
        assert (await edits.revision(mine)).data["verified_on"] == "2026-02-27"
        for future in ({**fee, "verified_on": "2026-03-03"}, {**FAQ, "verified_on": "2030-01-01"}):
            kind, key = ("procedure", "khai_sinh_thu") if "slug" in future else ("faq", None)
            with pytest.raises(InvalidData) as refused:
                await edits.save_draft(kind, key, future, "an")
            assert "không được sau hôm nay" in refused.value.errors["verified_on"]
        assert [d.id for d in await edits.drafts()] == [mine]


# An entry limited to a place the map does not know, or tied to a procedure the
# catalogue does not have, would never be answered: it is refused, whatever its way in.
async def test_an_faq_entry_naming_an_unknown_place_or_procedure_is_refused(db, clock):
    async with db.session() as s:
        edits = editing(s, clock)
        for field, wrong in (
            ("province_key", {"province_key": "atlantis"}),
            ("unit_key", {"province_key": "thanhphohanoi", "unit_key": "phuongatlantis"}),
            ("procedure_code", {"procedure_code": "9.999999"}),
        ):
            with pytest.raises(InvalidData) as refused:
                await edits.save_draft("faq", None, {**FAQ, **wrong}, "an")
            assert set(refused.value.errors) == {field}
        ward = {**FAQ, "province_key": "thanhphohanoi", "unit_key": "phuongbadinh"}
        assert await edits.save_draft("faq", None, ward, "an")


async def test_a_new_procedure_gets_its_slug_as_key_when_published(db, clock):
    new = {**BIRTH, "slug": "khai_tu_thu", "code": "1.000656", "name": "Đăng ký khai tử"}
    async with db.session() as s:
        edits = editing(s, clock)
        draft = await edits.save_draft("procedure", None, new, "bien_tap")
        assert (await edits.revision(draft)).item_key is None
        assert await edits.publish(draft, "quan_tri") == "khai_tu_thu"
        assert (await ProcedureRepository(s).get("khai_tu_thu")).name == "Đăng ký khai tử"


async def test_invalid_procedure_data_is_refused_with_a_vietnamese_message_per_field(db, clock):
    await _import_birth(db)
    broken = {
        **BIRTH,
        "name": "",
        "source_url": "dichvucong.gov.vn",
        "verified_on": "15/01/2026",
        "channels": [{"channel": "online", "fee_vnd": "năm mươi nghìn"}],
        "documents": [{"name": "Tờ khai", "copies": -1}],
    }
    async with db.session() as s:
        edits = editing(s, clock)
        with pytest.raises(InvalidData) as refused:
            await edits.save_draft("procedure", "khai_sinh_thu", broken, "bien_tap")
        assert refused.value.errors == {
            "name": "Bắt buộc nhập.",
            "source_url": "Phải là địa chỉ trang web bắt đầu bằng http:// hoặc https://.",
            "verified_on": "Ngày phải có dạng NNNN-TT-NN, ví dụ 2025-07-01.",
            "channels.0.fee_vnd": "Phải là số nguyên, ví dụ 50000.",
            "documents.0.copies": "Không được nhỏ hơn 0.",
        }
        twice = {**BIRTH, "channels": [{"channel": "online"}, {"channel": "online"}]}
        with pytest.raises(InvalidData) as refused:
            await edits.save_draft("procedure", "khai_sinh_thu", twice, "bien_tap")
        assert list(refused.value.errors) == ["channels"]
        with pytest.raises(InvalidData) as refused:
            await edits.save_draft("procedure", "khai_sinh_thu", {**BIRTH, "slug": "x"}, "b")
        assert "mã định danh" in refused.value.errors["slug"]
        with pytest.raises(InvalidData) as refused:
            await edits.save_draft("procedure", None, BIRTH, "bien_tap")
        assert refused.value.errors == {"slug": "Đã có thủ tục với mã định danh này."}
        assert await edits.drafts() == []
        assert await edits.audit() == []


async def test_an_faq_without_answer_or_source_is_refused_in_vietnamese(db, clock):
    async with db.session() as s:
        with pytest.raises(InvalidData) as refused:
            await editing(s, clock).save_draft(
                "faq", None, {**FAQ, "answer": " ", "source_url": "tphcm"}, "bien_tap"
            )
    assert refused.value.errors["answer"] == "Vui lòng nhập câu trả lời."
    assert "http" in refused.value.errors["source_url"]


async def test_a_centre_is_published_linked_to_its_unit_with_its_flags_derived(db, clock):
    async with db.session() as s:
        edits = editing(s, clock)
        draft = await edits.save_draft("centre", None, CENTRE, "bien_tap")
        key = await edits.publish(draft, "quan_tri")
    async with db.session() as s:
        (centre,) = await CentreRepository(s).list_centres()
        assert (centre.phone, centre.lat, centre.lon) == ("028.39102126", 10.789, 106.69)
        assert centre.unit_key is not None and not centre.caution
        assert centre.verified_on == dt.date(2026, 2, 20)
        edits = editing(s, clock)
        moved = {**CENTRE, "phone": "028.3910 9999", "note": "RELOCATED in 2026"}
        await edits.publish(await edits.save_draft("centre", key, moved, "bien_tap"), "quan_tri")
    async with db.session() as s:
        (centre,) = await CentreRepository(s).list_centres()
        assert centre.phone == "028.3910 9999" and centre.caution
        publish = (await editing(s, clock).audit(AuditFilter(kind="centre")))[0]
        assert [c.field for c in publish.changes] == ["phone", "verified_on", "note"]


async def test_centre_and_hotline_rules_are_the_import_rules_in_vietnamese(db, clock):
    async with db.session() as s:
        edits = editing(s, clock)
        with pytest.raises(InvalidData) as refused:
            await edits.save_draft(
                "centre", None, {**CENTRE, "lat": "106.7", "lon": "", "phone": ""}, "b"
            )
        assert refused.value.errors == {
            "lat": "Phải là số thập phân từ 4 đến 24 (một điểm ở Việt Nam)."
        }
        with pytest.raises(InvalidData) as refused:
            await edits.save_draft("centre", None, {**CENTRE, "lon": ""}, "b")
        assert refused.value.errors == {
            "lon": "Cần nhập cả vĩ độ và kinh độ, hoặc để trống cả hai."
        }
        hotline = {
            "scope": "National",
            "service": "Tổng đài Cổng Dịch vụ công quốc gia",
            "contact": "18001096",
            "source_url": "seen in a mock-up of the portal footer",
            "note": "",
            "verified_on": "2026-02-01",
        }
        with pytest.raises(InvalidData) as refused:
            await edits.save_draft("hotline", None, hotline, "b")
        assert list(refused.value.errors) == ["source_url"]
        assert "UNVERIFIED" in refused.value.errors["source_url"]
        unverified = {**hotline, "note": "UNVERIFIED - confirm on the portal"}
        await edits.publish(await edits.save_draft("hotline", None, unverified, "b"), "quan_tri")
        (stored,) = await CentreRepository(s).list_hotlines()
        assert stored.contact == "18001096" and stored.verified is False


async def test_the_audit_is_filtered_by_person_kind_and_days_in_vietnam(db, clock):
    async with db.session() as s:
        edits = editing(s, clock)
        clock.now = dt.datetime(2026, 3, 1, 16, 30, tzinfo=dt.UTC)  # 2 March, 23:30 in Vietnam
        faq = await edits.save_draft("faq", None, FAQ, "lan")
        clock.now = dt.datetime(2026, 3, 2, 17, 30, tzinfo=dt.UTC)  # 3 March, 00:30
        await edits.publish(faq, "minh")
        clock.now = dt.datetime(2026, 3, 5, 2, 0, tzinfo=dt.UTC)
        await edits.save_draft("centre", None, CENTRE, "lan")

    cases = [
        ({}, [("lan", "draft", "centre"), ("minh", "publish", "faq"), ("lan", "draft", "faq")]),
        ({"actor": "lan"}, [("lan", "draft", "centre"), ("lan", "draft", "faq")]),
        ({"kind": "faq"}, [("minh", "publish", "faq"), ("lan", "draft", "faq")]),
        ({"until": dt.date(2026, 3, 2)}, [("lan", "draft", "faq")]),
        (
            {"since": dt.date(2026, 3, 3), "until": dt.date(2026, 3, 4)},
            [("minh", "publish", "faq")],
        ),
        ({"actor": "minh", "kind": "centre"}, []),
    ]
    async with db.session() as s:
        edits = editing(s, clock)
        for filters, expected in cases:
            events = await edits.audit(AuditFilter(**filters))
            assert [(e.actor, e.action, e.kind) for e in events] == expected, filters
        assert await edits.actors() == ["lan", "minh"]


def _as_posted(form) -> dict[str, str]:
    data = dict(form.values)
    for section, rows in form.rows.items():
        for number, row in enumerate(rows):
            data.update({f"{section}-{number}-{cell}": value for cell, value in row.items()})
    return data


def test_every_field_of_every_shipped_record_survives_the_procedure_form():
    records = [record_to_dict(i) for i in read_procedures(SEED_PROCEDURES)]
    national = [record_to_dict(i) for i in read_procedures(SEED_NATIONAL)]
    for record in records + national:
        posted = form_posted("procedure", _as_posted(form_of("procedure", record)))
        assert kind_of("procedure").validate(data_of("procedure", posted).data) == record


def test_a_form_row_left_blank_is_dropped_and_errors_point_at_the_row_typed_in():
    record = record_to_dict(validate_record(BIRTH))
    fields = _as_posted(form_of("procedure", record))
    fields["channels-0-channel"] = fields["channels-0-available"] = ""
    fields["channels-0-time"] = fields["channels-0-fee_vnd"] = ""
    fields["channels-3-channel"] = "post"
    fields["channels-3-fee_vnd"] = "mười nghìn"
    meaning = data_of("procedure", form_posted("procedure", fields))
    assert [c["channel"] for c in meaning.data["channels"]] == ["online", "post"]
    with pytest.raises(InvalidData) as refused:
        kind_of("procedure").validate(meaning.data)
    assert error_fields(refused.value.errors, meaning.rows) == {
        "channels-3-fee_vnd": "Phải là số nguyên, ví dụ 50000."
    }
    fields["channels-3-fee_vnd"] = "10.000"
    meaning = data_of("procedure", form_posted("procedure", fields))
    assert kind_of("procedure").validate(meaning.data)["channels"][1]["fee_vnd"] == 10000


async def test_an_imported_faq_entry_keeps_its_original_and_only_live_versions_are_restored(
    db, clock
):
    async with db.session() as s:
        imported, _ = await FaqRepository(s).import_published(FaqEntryData.model_validate(FAQ))
        key = str(imported)
        edits = editing(s, clock)
        first = await edits.save_draft("faq", key, {**FAQ, "answer": "Nháp một."}, "bien_tap")
        second = await edits.save_draft("faq", key, {**FAQ, "answer": "Nháp hai."}, "bien_tap")
        await edits.publish(second, "quan_tri")
        newest, superseded_draft, original = await edits.history("faq", key)
        assert (original.author, original.data["answer"]) == (BASELINE_AUTHOR, FAQ["answer"])
        assert superseded_draft.id == first and not superseded_draft.was_live
        with pytest.raises(EditingError) as refused:
            await edits.restore(first, "quan_tri")
        assert refused.value.reason == "never_published"
        await edits.restore(original.id, "quan_tri")
        assert (await FaqRepository(s).get(imported)).data.answer == FAQ["answer"]
