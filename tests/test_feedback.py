"""Every factual answer carries 👍/👎; a 👎 asks why and offers a person, and lands the
question in the staff's inbox; feedback is stored with the procedure or FAQ entry."""

from __future__ import annotations

import datetime as dt

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import refresh_faq
from bot.telegram_render import inline_keyboard
from bot.web import create_app
from bot.web_session import HEADER as SESSION_HEADER
from flows.actions import AnswerRef, ExplainRating, RateAnswer, RequestHuman, parse_action
from knowledge.faq.repository import FaqRepository
from knowledge.faq.schema import FaqEntryData
from knowledge.insights.records import AnswerKind, FeedbackReason, InboxReason, Outcome
from tests.conftest import Conversation

BIRTH = "1.001193"  # Đăng ký khai sinh

PAYLOADS = [
    ("fb:up:p:1.001193", RateAnswer(AnswerRef("p", "1.001193"), True)),
    ("fb:down:p:dang_ky_khai_sinh", RateAnswer(AnswerRef("p", "dang_ky_khai_sinh"), False)),
    ("fb:down:f:12", RateAnswer(AnswerRef("f", "12"), False)),
    ("fb:up:c", RateAnswer(AnswerRef("c"), True)),
    ("fb:up:a", RateAnswer(AnswerRef("a"), True)),
    ("fbwhy:wrong_info:p:1.001193", ExplainRating(AnswerRef("p", "1.001193"), "wrong_info")),
    ("fbwhy:not_my_question:f:3", ExplainRating(AnswerRef("f", "3"), "not_my_question")),
    ("fbwhy:unclear:c", ExplainRating(AnswerRef("c"), "unclear")),
    ("cmd:human", RequestHuman()),
]


@pytest.mark.parametrize(("payload", "action"), PAYLOADS)
def test_every_feedback_payload_parses_into_its_action(payload, action) -> None:
    assert parse_action(payload) == action


@pytest.mark.parametrize(
    "payload",
    [
        "fb:up",
        "fb:maybe:p:1.001193",
        "fb:up:p",
        "fb:up:f:abc",
        "fb:up:f:0",
        "fb:up:c:extra",
        "fb:up:x:1",
        "fbwhy:because:p:1.001193",
        "fbwhy:wrong_info",
        "fb:up:p:<b>",
        "cmd:human:now",
    ],
)
def test_a_feedback_payload_we_never_send_is_refused(payload) -> None:
    assert parse_action(payload) is None


async def test_a_procedure_answer_carries_thumbs_with_its_code(conversation):
    [answer] = await conversation.say("làm giấy khai sinh cần gì")
    payloads = [b.payload for b in answer.buttons]
    assert payloads[-2:] == [f"fb:up:p:{BIRTH}", f"fb:down:p:{BIRTH}"]
    assert [b.label for b in answer.buttons[-2:]] == ["👍", "👎"]
    # on Telegram the thumbs share one row of their own, under the other buttons
    rows = inline_keyboard(answer.buttons).inline_keyboard
    assert [b.callback_data for b in rows[-1]] == [f"fb:up:p:{BIRTH}", f"fb:down:p:{BIRTH}"]
    assert all(not b.callback_data.startswith("fb:") for row in rows[:-1] for b in row)


async def test_questions_and_menus_carry_no_thumbs(conversation):
    for text in ("lệ phí khai sinh và kết hôn", "xin chào", "asdkj qwe zzz"):
        for reply in await conversation.say(text):
            assert not any(b.payload.startswith("fb:") for b in reply.buttons), text


async def test_a_thumbs_up_is_thanked_and_stored_with_the_procedure(conversation, memory_store):
    await conversation.say("làm giấy khai sinh cần gì")
    [thanks] = await conversation.press("👍")
    assert thanks.kind == "feedback_thanks"
    [row] = memory_store.feedback
    assert (row.helpful, row.answer_kind, row.procedure_code, row.reason) == (
        True,
        AnswerKind.PROCEDURE,
        BIRTH,
        None,
    )
    assert memory_store.inbox == []
    assert memory_store.turn_events[-1].outcome == Outcome.FEEDBACK
    assert memory_store.turn_events[-1].procedure_code == BIRTH


async def test_a_thumbs_down_asks_why_offers_a_person_and_files_the_question(
    conversation, memory_store
):
    await conversation.say("Tôi là Nguyễn Văn An, làm giấy khai sinh cho con cần gì")
    [why] = await conversation.press("👎")
    assert why.kind == "feedback_why"
    assert [b.label for b in why.buttons] == [
        "Sai thông tin",
        "Không đúng câu hỏi",
        "Khó hiểu",
        "Gặp người hỗ trợ",
    ]
    [row] = memory_store.feedback
    assert (row.helpful, row.procedure_code, row.reason) == (False, BIRTH, None)
    [item] = memory_store.inbox
    assert item.reason == InboxReason.THUMBS_DOWN
    assert item.procedure_code == BIRTH
    assert item.text == "Tôi là [tên], làm giấy khai sinh cho con cần gì"

    [noted] = await conversation.press("Sai thông tin")
    assert noted.kind == "feedback_noted"
    [row] = memory_store.feedback  # the same 👎, now with its reason
    assert (row.helpful, row.procedure_code, row.reason) == (False, BIRTH, "wrong_info")
    assert len(memory_store.inbox) == 1

    [person] = await conversation.press("Gặp người hỗ trợ")
    assert person.kind == "handoff_ask_unit"  # a person of the citizen's own ward
    assert "phường/xã nơi anh/chị ở" in person.text
    assert len(memory_store.inbox) == 1  # the question is in the inbox once
    assert memory_store.turn_events[-1].outcome == Outcome.HANDOFF


async def test_the_same_thumb_twice_counts_once(conversation, memory_store):
    await conversation.say("làm giấy khai sinh cần gì")
    answer = conversation.last
    await conversation.press("👍")
    conversation.last = answer
    await conversation.press("👍")
    assert len(memory_store.feedback) == 1


async def test_a_reason_without_a_thumb_before_it_is_a_thumbs_down(conversation, memory_store):
    await conversation.say("làm giấy khai sinh cần gì")
    [noted] = await conversation.payload(f"fbwhy:unclear:p:{BIRTH}")
    assert noted.kind == "feedback_noted"
    [row] = memory_store.feedback
    assert (row.helpful, row.reason) == (False, FeedbackReason.UNCLEAR)
    assert [i.reason for i in memory_store.inbox] == [InboxReason.THUMBS_DOWN]


@pytest.mark.parametrize(
    "payload",
    ["fb:up:p:9.999999", "fb:down:p:no_such_procedure", "fbwhy:unclear:p:0.000000", "fb:up:q"],
)
async def test_a_forged_feedback_payload_gets_the_outdated_reply(
    conversation, memory_store, payload
):
    [reply] = await conversation.payload(payload)
    assert reply.kind == "unknown_button"
    assert "9.999999" not in reply.text and "no_such" not in reply.text
    assert memory_store.feedback == [] and memory_store.inbox == []


async def test_a_centre_answer_is_rated_as_a_centre(conversation, memory_store):
    replies = await conversation.say("trung tâm hành chính công phường Tân Định ở đâu")
    rated = [r for r in replies if any(b.payload == "fb:up:c" for b in r.buttons)]
    assert rated == [replies[-1]]
    await conversation.press("fb:down:c")
    [row] = memory_store.feedback
    assert (row.helpful, row.answer_kind, row.procedure_code) == (False, AnswerKind.CENTRE, None)
    [item] = memory_store.inbox
    assert item.text == "trung tâm hành chính công phường Tân Định ở đâu"
    assert item.unit_key == "phuongtandinh"


async def test_a_place_answer_is_rated_as_a_place(conversation, memory_store):
    [answer] = await conversation.say("phường Bến Nghé giờ thuộc đâu")
    assert [b.payload for b in answer.buttons][-2:] == ["fb:up:a", "fb:down:a"]
    await conversation.press("fb:up:a")
    assert memory_store.feedback[0].answer_kind == AnswerKind.PLACE


async def test_a_chosen_procedure_remembers_the_question_typed_before(conversation, memory_store):
    await conversation.say("lệ phí khai sinh và kết hôn")
    await conversation.press("proc:dang_ky_ket_hon:fee")
    await conversation.press("👎")
    assert [i.text for i in memory_store.inbox] == ["lệ phí khai sinh và kết hôn"]


async def test_the_web_chat_shows_the_thumbs_and_takes_them_back(services):
    client = TestClient(TestServer(create_app(services)))
    await client.start_server()
    try:
        first = await client.post("/api/chat", json={"text": "làm giấy khai sinh cần gì"})
        body = await first.json()
        buttons = body["replies"][0]["buttons"]
        assert {"label": "👎", "payload": f"fb:down:p:{BIRTH}"} in buttons
        session = {SESSION_HEADER: body["session"]}
        second = await client.post(
            "/api/chat", json={"payload": f"fb:down:p:{BIRTH}"}, headers=session
        )
        [why] = (await second.json())["replies"]
        assert why["kind"] == "feedback_why"
        assert {"label": "Gặp người hỗ trợ", "payload": "cmd:human"} in why["buttons"]
    finally:
        await client.close()
    async with services.db.engine.connect() as conn:
        rows = await conn.exec_driver_sql("SELECT helpful, procedure_code FROM feedback")
        assert [tuple(r) for r in rows] == [(False, BIRTH)]


async def test_an_faq_answer_is_rated_with_its_entry(services, fake_dialogue, memory_store):
    async with services.db.session() as session:
        entry = FaqEntryData(
            question="Quên mật khẩu VNeID thì phải làm sao?",
            variants=["Không đăng nhập được VNeID vì quên mật khẩu"],
            answer="Dạ, anh/chị bấm “Quên mật khẩu” trên màn hình đăng nhập.",
            source_url="https://dichvucong.gov.vn/p/home/dvc-huong-dan-cong-dan.html",
            verified_on=dt.date(2026, 11, 30),
        )
        faq_id = await FaqRepository(session).create(entry, status="published")
    await refresh_faq(services.db, services.faq)
    conversation = Conversation(services, dialogue=fake_dialogue)
    [answer] = await conversation.say("quen mat khau vneid thi lam sao")
    assert answer.kind == "faq_answer"
    assert [b.payload for b in answer.buttons][-2:] == [f"fb:up:f:{faq_id}", f"fb:down:f:{faq_id}"]
    await conversation.press("👎")
    [row] = memory_store.feedback
    assert (row.helpful, row.answer_kind, row.faq_id, row.procedure_code) == (
        False,
        AnswerKind.FAQ,
        faq_id,
        None,
    )
    [item] = memory_store.inbox
    assert (item.faq_id, item.text) == (faq_id, "quen mat khau vneid thi lam sao")
    assert memory_store.turn_events[0].outcome == Outcome.FAQ
    assert memory_store.turn_events[0].faq_id == faq_id
    [outdated] = await conversation.payload(f"fb:up:f:{faq_id + 1000}")  # no such entry
    assert outdated.kind == "unknown_button"
