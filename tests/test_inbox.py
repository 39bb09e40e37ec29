"""What the bot could not answer reaches the staff's inbox, redacted, grouped, and is
turned into knowledge or dismissed; every turn is counted for analytics; a person's
rows go with the rest of their data."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import select

from bot.admin.inbox_pages import resolution_label
from flows.types import Turn
from knowledge.editing import Editing
from knowledge.faq.repository import FaqRepository
from knowledge.faq.schema import FaqEntryData
from knowledge.insights.grouping import group_texts
from knowledge.insights.hashing import KEY_FILE_SUFFIX, key_for_database, user_hash
from knowledge.insights.records import (
    AnswerKind,
    FeedbackReason,
    FeedbackRecord,
    InboxReason,
    InboxRecord,
    MalformedResolution,
    Outcome,
    Resolution,
    ResolutionKind,
    TurnRecord,
)
from knowledge.insights.repository import (
    FeedbackRepository,
    InboxFilter,
    InboxRepository,
    TurnEventRepository,
    forget_user,
)
from knowledge.storage import models
from knowledge.storage.unit_of_work import SqlUnitOfWork
from tests.conftest import AdminBrowser

UTC = dt.UTC
MONDAY = dt.datetime(2025, 7, 7, 2, 0, tzinfo=UTC)
KEY = b"k" * 32
NAMED = "Tôi là Nguyễn Văn An, sđt 0912345678, thủ tục cấp phép bay flycam cần gì"
NAMED_STORED = "Tôi là [tên], sđt [số], thủ tục cấp phép bay flycam cần gì"


def at(hours: float) -> dt.datetime:
    return MONDAY + dt.timedelta(hours=hours)


# ---- the dialogue files what it could not answer (in memory) ------------------------------


async def test_a_fallback_lands_in_the_inbox_redacted(conversation, memory_store):
    [reply] = await conversation.say("hôm qua chị Hoa bảo em mang cái kia lên")
    assert reply.kind == "not_understood"
    [item] = memory_store.inbox
    assert item.reason == InboxReason.FALLBACK
    assert item.text == "hôm qua chị [tên] bảo em mang cái kia lên"
    assert item.intent is None  # not understood: no intent is counted for it
    assert memory_store.turn_events[-1].outcome == Outcome.FALLBACK


async def test_not_in_the_catalogue_and_a_request_for_a_person_land_too(conversation, memory_store):
    await conversation.say(NAMED)
    [human] = await conversation.say("cho tôi gặp nhân viên")
    assert human.kind == "handoff_ask_unit"  # asks where, to find a person nearby
    assert [(i.reason, i.text) for i in memory_store.inbox] == [
        (InboxReason.NOT_IN_CATALOGUE, NAMED_STORED),
        (InboxReason.HUMAN, "cho tôi gặp nhân viên"),
    ]


async def test_answered_and_small_talk_questions_stay_out(conversation, memory_store):
    for text in ("làm giấy khai sinh cần gì", "xin chào", "phường Bến Nghé giờ thuộc đâu"):
        await conversation.say(text)
    assert memory_store.inbox == []


async def test_every_turn_is_counted_with_its_intent_outcome_procedure_and_unit(
    conversation, memory_store
):
    await conversation.say("trung tâm hành chính công phường Tân Định ở đâu")
    await conversation.say("làm giấy khai sinh cần gì")
    await conversation.say("lệ phí kết hôn và tạm trú")  # two procedures: which?
    await conversation.press("proc:dang_ky_ket_hon:fee")
    await conversation.say("asdkj qwe zzz")
    events = [(e.intent, e.outcome, e.procedure_code, e.unit_key) for e in memory_store.turn_events]
    assert events == [
        ("find_service_centre", Outcome.ANSWERED, None, "phuongtandinh"),
        ("ask_procedure_requirements", Outcome.ANSWERED, "1.001193", "phuongtandinh"),
        ("ask_procedure_fee", Outcome.CLARIFY, None, "phuongtandinh"),
        (None, Outcome.ANSWERED, "1.000894", "phuongtandinh"),
        (None, Outcome.FALLBACK, None, "phuongtandinh"),
    ]
    assert {(e.channel, e.user_id) for e in memory_store.turn_events} == {("test", "u1")}


async def test_delete_my_data_removes_inbox_feedback_and_turn_rows(conversation, memory_store):
    await conversation.say("asdkj qwe zzz")
    await conversation.say("làm giấy khai sinh cần gì")
    await conversation.press("👎")
    other = replace(memory_store.turn_events[0], user_id="someone-else")
    memory_store.turn_events.append(other)
    assert memory_store.inbox and memory_store.feedback
    await conversation.say("xóa dữ liệu của tôi")
    [deleted] = await conversation.payload("delete:yes")
    assert deleted.kind == "deleted"
    assert memory_store.inbox == [] and memory_store.feedback == []
    assert memory_store.turn_events == [other]  # nothing of the person, not even this turn


# ---- the real dialogue on the database -------------------------------------------------------


async def test_the_database_holds_the_redacted_question_and_no_user_id(services, config):
    user = "web-inbox-7f3k2"
    text = "email tôi là an@example.com, thủ tục cấp phép bay flycam cần gì"
    await services.dialogue.handle(Turn("web", user, text=text))
    async with services.db.engine.connect() as conn:
        rows = list(await conn.execute(select(models.InboxItem.text, models.InboxItem.user_hash)))
        events = list(await conn.execute(select(models.TurnEvent.user_hash)))
    assert [r.text for r in rows] == ["email tôi là [email], thủ tục cấp phép bay flycam cần gì"]
    key = key_for_database(config.database_url)
    assert (
        {r.user_hash for r in rows}
        == {e.user_hash for e in events}
        == {user_hash("web", user, key)}
    )
    await services.dialogue.handle(Turn("web", user, text="xóa dữ liệu của tôi"))
    await services.dialogue.handle(Turn("web", user, payload="delete:yes"))
    async with services.db.engine.connect() as conn:
        for model in (models.InboxItem, models.Feedback, models.TurnEvent):
            assert list(await conn.execute(select(model.id))) == [], model.__tablename__


# ---- the hash that stands for a person ---------------------------------------------------------


def test_a_sqlite_database_keeps_its_hash_key_beside_it(tmp_path) -> None:
    first = tmp_path / "one.db"
    url = f"sqlite+aiosqlite:///{first}"
    key = key_for_database(url, env={})
    assert key == key_for_database(url, env={})
    assert (tmp_path / f"one.db{KEY_FILE_SUFFIX}").stat().st_mode & 0o077 == 0
    assert key != key_for_database(f"sqlite+aiosqlite:///{tmp_path / 'two.db'}", env={})
    secret = {"CITIZENBOT_SESSION_SECRET": "s" * 40}
    assert key_for_database(url, env=secret) == key_for_database("postgresql+asyncpg://x/y", secret)
    assert key_for_database(url, env=secret) != key
    assert user_hash("web", "lan", key) != user_hash("telegram", "lan", key)
    assert len(user_hash("web", "lan", key)) == 64


# ---- grouping -----------------------------------------------------------------------------------

GROUPING = [
    ("thủ tục cấp phép bay flycam cần gì", "xin cấp phép bay flycam ở đâu", True),
    ("cap phep bay flycam", "Cấp phép bay Flycam ạ", True),
    ("giấy phép karaoke", "cho tôi hỏi giấy phép kinh doanh karaoke", True),
    ("chị [tên] hỏi làm căn cước", "anh [tên] hỏi làm căn cước", True),
    ("lệ phí kết hôn", "kết hôn cần gì", False),  # two words against four: compared whole
    ("làm", "làm giấy khai sinh", False),
    ("giấy phép karaoke", "cấp phép bay flycam", False),
]


@pytest.mark.parametrize(("first", "second", "together"), GROUPING)
def test_questions_asking_the_same_thing_group_together(first, second, together) -> None:
    assert (len(group_texts([first, second])) == 1) is together


# ---- the repositories, on SQLite and PostgreSQL ------------------------------------------------


def inbox(text: str, channel: str = "telegram", user: str = "u1", **fields) -> InboxRecord:
    fields.setdefault("reason", InboxReason.FALLBACK)
    return InboxRecord(channel, user, text=text, **fields)


async def _fill(session) -> dict[str, int]:
    repo = InboxRepository(session)
    ids = {}
    rows = [
        ("flycam", inbox("cấp phép bay flycam ở đâu", province_key="hanoi", unit_key="badinh"), 1),
        ("flycam2", inbox("cap phep bay flycam o dau vay", "web", "u2"), 5),
        ("flycam3", inbox("xin cấp phép bay flycam ở đâu ạ", province_key="hanoi"), 9),
        ("karaoke", inbox("giấy phép karaoke", reason=InboxReason.NOT_IN_CATALOGUE), 3),
        ("hi", inbox("alo"), 4),
    ]
    for name, record, hours in rows:
        ids[name] = await repo.add(
            record, user_hash(record.channel, record.user_id, KEY), at(hours)
        )
    return ids


async def test_similar_questions_are_grouped_with_counts_and_dates(db):
    async with db.session() as session:
        ids = await _fill(session)
    async with db.session() as session:
        groups = await InboxRepository(session).groups()
    flycam = groups[0]
    assert set(flycam.ids) == {ids["flycam"], ids["flycam2"], ids["flycam3"]}
    assert (flycam.count, flycam.first_at, flycam.last_at) == (3, at(1), at(9))
    assert dict(flycam.channels) == {"telegram": 2, "web": 1}
    assert dict(flycam.units) == {("hanoi", "badinh"): 1, ("hanoi", None): 1}
    assert [g.count for g in groups] == [3, 1, 1]
    assert {g.text for g in groups[1:]} == {"giấy phép karaoke", "alo"}


async def test_the_inbox_filters_by_unit_channel_status_and_reason(db):
    async with db.session() as session:
        ids = await _fill(session)
        repo = InboxRepository(session)

        async def listed(**where) -> set[int]:
            return {i.id for i in await repo.items(InboxFilter(**where))}

        assert await listed(channel="web") == {ids["flycam2"]}
        assert await listed(province_key="hanoi") == {ids["flycam"], ids["flycam3"]}
        assert await listed(province_key="hanoi", unit_key="badinh") == {ids["flycam"]}
        assert await listed(reason="not_in_catalogue") == {ids["karaoke"]}
        choices = await repo.choices()
        assert choices.channels == ("telegram", "web")
        assert choices.units == (("hanoi", None), ("hanoi", "badinh"))


async def test_resolving_and_dismissing_say_who_and_when(db):
    async with db.session() as session:
        ids = await _fill(session)
        repo = InboxRepository(session)
        resolved = await repo.resolve_group(ids["flycam2"], "faq:12", "lan", at(20))
        assert resolved == 3
        assert await repo.dismiss([ids["hi"], ids["flycam"]], "binh", at(21)) == 1
        open_now = {i.id for i in await repo.items()}
        assert open_now == {ids["karaoke"]}
        item = await repo.get(ids["flycam3"])
        assert (item.status, item.resolution, item.resolved_by, item.resolved_at) == (
            "resolved",
            "faq:12",
            "lan",
            at(20),
        )
        hi = await repo.get(ids["hi"])
        assert (hi.status, hi.resolution, hi.resolved_by) == ("dismissed", None, "binh")
        everything = await repo.groups(InboxFilter(status=None))
        assert sum(g.count for g in everything) == 5


async def test_feedback_reasons_complete_the_thumbs_down(db):
    person = user_hash("web", "lan", KEY)
    down = FeedbackRecord("web", "lan", False, AnswerKind.PROCEDURE, "1.001193")
    async with db.session() as session:
        repo = FeedbackRepository(session)
        await repo.add(down, person, at(1))
        await repo.add(replace(down, reason=FeedbackReason.WRONG_INFO), person, at(2))
        await repo.add(replace(down, reason=FeedbackReason.UNCLEAR), person, at(3))
        await repo.add(replace(down, helpful=True), person, at(4))
    async with db.session() as session:
        rows = await session.execute(
            select(models.Feedback.helpful, models.Feedback.reason).order_by(models.Feedback.id)
        )
        assert [tuple(r) for r in rows] == [
            (False, "wrong_info"),
            (False, "unclear"),  # a second reason without a new 👎 is a 👎 of its own
            (True, None),
        ]


def test_a_resolution_is_written_and_read_back_as_kind_and_key() -> None:
    for resolution in (
        Resolution(ResolutionKind.FAQ, "12"),
        Resolution(ResolutionKind.ALIAS, "1.001193"),
        Resolution(ResolutionKind.ALIAS, "dang_ky_khai_sinh"),
        Resolution(ResolutionKind.VARIANT, "7", draft=34),
    ):
        assert Resolution.parse(str(resolution)) == resolution
    assert str(Resolution(ResolutionKind.VARIANT, "7")) == "variant:7"
    assert str(Resolution(ResolutionKind.FAQ, "12", draft=34)) == "faq:12@34"
    assert Resolution.parse("faq:12@34").target == "faq:12"
    for stored in ("faq", "faq:", "moved:3", ":12", "Faq:12", "faq:12@", "faq:12@x"):
        with pytest.raises(MalformedResolution) as caught:
            Resolution.parse(stored)
        assert caught.value.text == stored


def test_the_page_says_what_a_group_became_and_shows_an_unknown_one_as_stored() -> None:
    assert resolution_label("faq:12") == "thành câu hỏi thường gặp số 12"
    assert resolution_label("alias:1.001193") == "thành tên gọi của thủ tục 1.001193"
    assert resolution_label("faq:12@34") == (
        "thành câu hỏi thường gặp số 12 (bản nháp #34; nếu bản nháp bị bỏ, câu hỏi sẽ trở lại đây)"
    )
    assert resolution_label("moved:3") == "moved:3"
    assert resolution_label("faq") == "faq"
    assert resolution_label(None) == ""


async def test_the_unit_of_work_writes_at_commit_and_forgets_a_person(db):
    uow = SqlUnitOfWork(db)
    async with uow:
        uow.record_turn(TurnRecord("telegram", "42", Outcome.FALLBACK, province_key="hanoi"))
        uow.add_inbox_item(inbox("số 0912 [số]", user="42"))
        uow.record_feedback(FeedbackRecord("telegram", "42", True, AnswerKind.FAQ, faq_id=3))
        uow.record_turn(TurnRecord("telegram", "43", Outcome.ANSWERED))
        await uow.commit()
    person = user_hash("telegram", "42", key_for_database(db.url))
    async with db.session() as session:
        for model, count in (
            (models.TurnEvent, 2),
            (models.InboxItem, 1),
            (models.Feedback, 1),
        ):
            rows = list(await session.scalars(select(model.user_hash)))
            assert len(rows) == count and person in rows and "42" not in rows
    async with uow:
        uow.delete_user_data("telegram", "42")
        assert await uow.commit() == 3
    async with db.session() as session:
        assert len(list(await session.scalars(select(models.TurnEvent.id)))) == 1
        assert await forget_user(session, person) == 0
        await TurnEventRepository(session).add(TurnRecord("web", "x", Outcome.OTHER), "h")


# ---- the page: /admin/inbox ---------------------------------------------------------------------


@pytest.fixture
def staff_browser(admin_browser, signed_in):
    """``await staff_browser("an", "editor")``: signed in; ``staff_browser(None)``: a stranger."""

    async def open_browser(username: str | None, role: str = "viewer") -> AdminBrowser:
        if username is None:
            return admin_browser()
        return await signed_in(username, role)

    return open_browser


async def _ask(services, *texts: str, user: str = "citizen-1") -> None:
    for text in texts:
        await services.dialogue.handle(Turn("telegram", user, text=text, chat_id=user))


async def _items(services) -> list:
    async with services.db.session() as session:
        return await InboxRepository(session).items(InboxFilter(status=None))


async def test_a_stranger_sees_nothing_of_the_inbox(services, staff_browser):
    await _ask(services, "asdkj qwe zzz")
    [item] = await _items(services)
    stranger = await staff_browser(None)
    page = await stranger.get("/admin/inbox")
    assert page.status == 302 and page.location.startswith("/admin/login")
    refused = await stranger.post(f"/admin/inbox/{item.id}/dismiss", {"ids": str(item.id)})
    assert refused.status == 401
    assert (await _items(services))[0].status == "open"


async def test_a_viewer_reads_the_redacted_questions_but_cannot_act(services, staff_browser):
    await _ask(services, NAMED)
    await _ask(services, "asdkj qwe zzz <script>", user="citizen-2")
    viewer = await staff_browser("xem", "viewer")
    page = await viewer.get("/admin/inbox")
    assert page.status == 200
    assert NAMED_STORED in page.text
    assert "Nguyễn Văn An" not in page.text and "0912345678" not in page.text
    assert "<script>" not in page.text and "&lt;script&gt;" in page.text
    assert "Bỏ qua" not in page.text  # no actions for a viewer
    [item, *_] = await _items(services)
    token = (await viewer.get("/admin")).csrf_token
    refused = await viewer.post(
        f"/admin/inbox/{item.id}/dismiss", {"ids": str(item.id), "csrf_token": token}
    )
    assert refused.status == 403
    by_channel = await viewer.get("/admin/inbox?channel=web")
    assert "asdkj" not in by_channel.text


async def test_a_viewer_filters_by_province_or_ward_and_a_forged_unit_is_refused(
    services, staff_browser
):
    async with services.db.session() as session:
        await _fill(session)
    viewer = await staff_browser("xem", "viewer")
    ward = await viewer.get("/admin/inbox?unit=hanoi/badinh")
    assert ward.status == 200
    assert '<option value="hanoi/badinh" selected>' in ward.text
    assert "cấp phép bay flycam ở đâu" in ward.text
    assert "xin cấp phép bay flycam ở đâu ạ" not in ward.text  # the province's, not the ward's
    province = await viewer.get("/admin/inbox?unit=hanoi")
    assert '<option value="hanoi" selected>' in province.text
    assert "xin cấp phép bay flycam ở đâu ạ" in province.text
    assert "giấy phép karaoke" not in province.text
    for forged in ("hanoi/badinh/x", "hanoi/", "/badinh", "hanoi badinh", "<script>"):
        refused = await viewer.get("/admin/inbox", params={"unit": forged, "channel": "web"})
        assert refused.status == 400, forged
        assert "Đơn vị lọc không hợp lệ" in refused.text
        assert "<script>" not in refused.text
        # the other filters still apply: the web channel's question, from no unit
        assert "cap phep bay flycam o dau vay" in refused.text
        assert "giấy phép karaoke" not in refused.text


# A status, reason or channel that is none of the page's is refused as plainly as a
# forged unit, and the list keeps the filters that were well formed.
async def test_a_forged_status_reason_or_channel_is_refused_and_the_rest_kept(
    services, staff_browser
):
    async with services.db.session() as session:
        await _fill(session)
    viewer = await staff_browser("xem", "viewer")
    for name, forged in (("status", "<script>"), ("reason", "nope"), ("channel", "a b")):
        refused = await viewer.get("/admin/inbox", params={name: forged, "unit": "hanoi"})
        assert refused.status == 400, name
        assert "Bộ lọc không hợp lệ" in refused.text
        assert "<script>" not in refused.text
        # the province filter still applies
        assert "xin cấp phép bay flycam ở đâu ạ" in refused.text
        assert "giấy phép karaoke" not in refused.text
    fine = await viewer.get("/admin/inbox", params={"status": "all", "reason": "fallback"})
    assert fine.status == 200


async def test_a_form_posted_with_a_forged_unit_is_refused_before_acting(services, staff_browser):
    await _ask(services, "asdkj qwe zzz")
    [item] = await _items(services)
    editor = await staff_browser("bien", "editor")
    forged = {"ids": str(item.id), "unit": "hanoi/badinh/../x"}
    refused = await editor.submit(f"/admin/inbox/{item.id}/dismiss", forged)
    assert refused.status == 400 and "Đơn vị lọc không hợp lệ" in refused.text
    assert (await _items(services))[0].status == "open"
    back = {"ids": str(item.id), "unit": "hanoi/badinh", "channel": "telegram"}
    done = await editor.submit(f"/admin/inbox/{item.id}/dismiss", back)
    assert done.status == 303
    assert done.location == "/admin/inbox?channel=telegram&unit=hanoi/badinh&done=dismissed&n=1"


async def test_an_editor_dismisses_a_group_in_one_click(services, staff_browser):
    await _ask(services, "cấp phép bay flycam ở đâu", "asdkj qwe zzz")
    await _ask(services, "xin cấp phép bay flycam ở đâu ạ", user="citizen-2")
    editor = await staff_browser("bien", "editor")
    page = await editor.get("/admin/inbox")
    assert page.text.count('action="/admin/inbox/') >= 6  # faq, alias, dismiss per group
    flycam = [i for i in await _items(services) if "flycam" in i.text]
    ids = ",".join(str(i.id) for i in flycam)
    done = await editor.submit(f"/admin/inbox/{flycam[0].id}/dismiss", {"ids": ids})
    assert done.status == 303 and "done=dismissed" in done.location
    after = await editor.get(done.location)
    assert "Đã bỏ qua 2 câu hỏi." in after.text and "flycam" not in after.text
    statuses = {i.text: (i.status, i.resolved_by) for i in await _items(services)}
    assert statuses["cấp phép bay flycam ở đâu"] == ("dismissed", "bien")
    assert statuses["asdkj qwe zzz"] == ("open", None)
    dismissed = await editor.get("/admin/inbox?status=dismissed")
    assert "flycam" in dismissed.text and "bien" in dismissed.text


async def test_an_editor_starts_a_faq_entry_from_a_group(services, staff_browser):
    await _ask(services, "cấp phép bay flycam ở đâu")
    [item] = await _items(services)
    editor = await staff_browser("bien", "editor")
    done = await editor.submit(f"/admin/inbox/{item.id}/faq", {"ids": str(item.id)})
    assert done.status == 303
    assert done.location == (
        f"/admin/faq/new?question=c%E1%BA%A5p+ph%C3%A9p+bay+flycam+%E1%BB%9F+%C4%91%C3%A2u"
        f"&from_inbox={item.id}"
    )
    form = await editor.get(done.location)  # the question is there, to be edited
    assert 'value="cấp phép bay flycam ở đâu"' in form.text
    assert f'name="from_inbox" value="{item.id}"' in form.text
    entry = {
        "from_inbox": str(item.id),
        "question": "Xin phép bay flycam ở đâu?",
        "variants": "cấp phép bay flycam ở đâu",
        "answer": "Dạ, việc này không thuộc trung tâm phục vụ hành chính công của phường.",
        "source_url": "https://dichvucong.gov.vn",
        "verified_on": "2025-06-01",  # the test's clock is at 15/06/2025
    }
    saved = await editor.submit("/admin/faq/new", entry)
    assert saved.status == 303
    faq_id = saved.location.split("?")[0].rsplit("/", 1)[1]
    async with services.db.session() as session:
        stored = await InboxRepository(session).get(item.id)
        draft = (await Editing(session).pending("faq"))[faq_id]
    assert (stored.status, stored.resolution, stored.resolved_by) == (
        "resolved",
        f"faq:{faq_id}@{draft}",  # resolved by that draft, while it waits for an admin
        "bien",
    )


async def test_an_editor_adds_a_group_as_a_phrasing_of_an_faq_entry(services, staff_browser):
    async with services.db.session() as session:
        entry = FaqEntryData(
            question="Trung tâm có làm việc thứ Bảy không?",
            answer="Có, sáng thứ Bảy.",
            source_url="https://dichvucong.gov.vn",
            verified_on=dt.date(2025, 7, 1),
        )
        faq_id = await FaqRepository(session).create(entry, status="published")
    await _ask(services, "hôm qua chị Hoa bảo em mang cái kia lên")
    [item] = await _items(services)
    editor = await staff_browser("bien", "editor")
    data = {"ids": str(item.id), "faq_id": str(faq_id), "text": "thứ bảy có làm việc không"}
    done = await editor.submit(f"/admin/inbox/{item.id}/variant", data)
    assert done.status == 303 and "done=variant" in done.location
    after = await editor.get(done.location)  # the page says what was done
    assert after.status == 200
    assert f"Đã thêm cách hỏi vào bản nháp của câu hỏi thường gặp số {faq_id}" in after.text
    async with services.db.session() as session:
        [draft] = await Editing(session).drafts("faq")
        assert draft.item_key == str(faq_id) and draft.author == "bien"
        assert draft.data["variants"] == ["thứ bảy có làm việc không"]
        stored = await InboxRepository(session).get(item.id)
    assert (stored.status, stored.resolution) == ("resolved", f"variant:{faq_id}@{draft.id}")


async def test_an_editor_adds_a_group_as_an_alias_of_a_procedure(services, staff_browser):
    await _ask(services, "thủ tục cấp phép bay flycam cần gì")
    [item] = await _items(services)
    editor = await staff_browser("bien", "editor")
    masked = await editor.submit(
        f"/admin/inbox/{item.id}/alias",
        {"ids": str(item.id), "procedure": "1.001193", "text": "khai sinh cho [tên]"},
    )
    assert masked.status == 400 and "phần đã che" in masked.text
    done = await editor.submit(
        f"/admin/inbox/{item.id}/alias",
        {"ids": str(item.id), "procedure": "1.001193", "text": "làm giấy chào đời"},
    )
    assert done.status == 303 and "done=alias" in done.location
    after = await editor.get(done.location)
    assert after.status == 200
    assert "Đã thêm tên gọi vào bản nháp của thủ tục 1.001193" in after.text
    async with services.db.session() as session:
        [draft] = await Editing(session).drafts("procedure")
        assert draft.item_key == "dang_ky_khai_sinh"
        assert draft.data["aliases"][-1] == "làm giấy chào đời"
        stored = await InboxRepository(session).get(item.id)
    assert (stored.status, stored.resolution) == ("resolved", f"alias:1.001193@{draft.id}")


# Staff type a procedure's name as the catalogue writes it, or in lower case; names that
# begin with "Đ" are most of them ("Đăng ký ..."), and SQLite's lower() knows only ASCII.
async def test_an_editor_names_the_procedure_in_vietnamese_and_a_known_alias_is_said_so(
    services, staff_browser
):
    await _ask(services, "thủ tục cấp phép bay flycam cần gì")
    await _ask(services, "asdkj qwe zzz", user="citizen-2")
    flycam, other = sorted(await _items(services), key=lambda i: "flycam" not in i.text)
    editor = await staff_browser("bien", "editor")
    done = await editor.submit(
        f"/admin/inbox/{flycam.id}/alias",
        {"ids": str(flycam.id), "procedure": "đăng ký khai sinh", "text": "làm giấy chào đời"},
    )
    assert done.status == 303 and "done=alias" in done.location
    known = await editor.submit(
        f"/admin/inbox/{other.id}/alias",
        {"ids": str(other.id), "procedure": "Đăng ký khai sinh", "text": "làm khai sinh"},
    )
    assert known.status == 303 and "done=already_alias" in known.location
    after = await editor.get(known.location)
    assert "Tên gọi này đã có trong thủ tục 1.001193" in after.text
    async with services.db.session() as session:
        [draft] = await Editing(session).drafts("procedure")
    assert draft.item_key == "dang_ky_khai_sinh"


# ---- a question waits on the draft made from it ------------------------------------------------


async def _inbox_status(services, item_id: int) -> tuple[str, str | None]:
    async with services.db.session() as session:
        stored = await InboxRepository(session).get(item_id)
    return stored.status, stored.resolution


async def _open_questions(browser: AdminBrowser) -> str:
    return (await browser.get("/admin/inbox")).text


async def test_a_question_made_into_an_faq_draft_comes_back_when_the_draft_is_discarded(
    services, staff_browser
):
    await _ask(services, "cấp phép bay flycam ở đâu")
    [item] = await _items(services)
    editor = await staff_browser("bien", "editor")
    entry = {
        "from_inbox": str(item.id),
        "question": "Xin phép bay flycam ở đâu?",
        "answer": "Dạ, việc này không thuộc trung tâm phục vụ hành chính công của phường.",
        "source_url": "https://dichvucong.gov.vn",
    }
    saved = await editor.submit("/admin/faq/new", entry)
    assert saved.status == 303
    assert "cấp phép bay flycam ở đâu" not in await _open_questions(editor)  # being handled

    async with services.db.session() as session:
        [draft] = await Editing(session).drafts("faq")
    discarded = await editor.submit(f"/admin/revisions/{draft.id}/discard")
    assert discarded.status == 303

    assert await _inbox_status(services, item.id) == ("open", None)
    assert "cấp phép bay flycam ở đâu" in await _open_questions(editor)  # to answer again


async def test_a_question_whose_faq_draft_is_published_stays_resolved(services, staff_browser):
    await _ask(services, "cấp phép bay flycam ở đâu")
    [item] = await _items(services)
    editor = await staff_browser("bien", "editor")
    admin = await staff_browser("quan", "admin")
    entry = {
        "from_inbox": str(item.id),
        "question": "Xin phép bay flycam ở đâu?",
        "answer": "Dạ, việc này không thuộc trung tâm phục vụ hành chính công của phường.",
        "source_url": "https://dichvucong.gov.vn",
    }
    faq_id = (await editor.submit("/admin/faq/new", entry)).location.split("?")[0].rsplit("/")[-1]
    assert (await admin.submit(f"/admin/faq/{faq_id}/publish")).status == 303
    # a later edit of the entry, thrown away, does not bring the answered question back
    changed = {**entry, "answer": "Dạ, anh/chị hỏi Cục Hàng không.", "from_inbox": ""}
    assert (await editor.submit(f"/admin/faq/{faq_id}", changed)).status == 303
    async with services.db.session() as session:
        [draft] = await Editing(session).drafts("faq")
    assert (await editor.submit(f"/admin/revisions/{draft.id}/discard")).status == 303

    status, resolution = await _inbox_status(services, item.id)
    assert status == "resolved" and resolution.startswith(f"faq:{faq_id}@")


async def test_a_phrasing_or_an_alias_whose_draft_is_discarded_gives_the_question_back(
    services, staff_browser
):
    async with services.db.session() as session:
        entry = FaqEntryData(
            question="Trung tâm có làm việc thứ Bảy không?",
            answer="Có, sáng thứ Bảy.",
            source_url="https://dichvucong.gov.vn",
            verified_on=dt.date(2025, 6, 1),
        )
        faq_id = await FaqRepository(session).create(entry, status="published")
    await _ask(services, "hôm qua chị Hoa bảo em mang cái kia lên")  # not understood
    await _ask(services, "thủ tục cấp phép bay flycam cần gì", user="citizen-2")
    saturday, flycam = sorted(await _items(services), key=lambda i: "flycam" in i.text)
    editor = await staff_browser("bien", "editor")
    variant = {"ids": str(saturday.id), "faq_id": str(faq_id), "text": "thứ bảy có mở không"}
    assert (await editor.submit(f"/admin/inbox/{saturday.id}/variant", variant)).status == 303
    alias = {"ids": str(flycam.id), "procedure": "1.001193", "text": "làm giấy chào đời"}
    assert (await editor.submit(f"/admin/inbox/{flycam.id}/alias", alias)).status == 303
    async with services.db.session() as session:
        drafts = await Editing(session).drafts()
    assert {d.kind for d in drafts} == {"faq", "procedure"}

    for draft in drafts:
        assert (await editor.submit(f"/admin/revisions/{draft.id}/discard")).status == 303

    assert await _inbox_status(services, saturday.id) == ("open", None)
    assert await _inbox_status(services, flycam.id) == ("open", None)
