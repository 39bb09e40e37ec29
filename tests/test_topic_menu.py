"""A citizen who names only a broad area ("thủ tục đất đai", "hỏi về bhxh") is shown the
procedures people most often need in it, as buttons, instead of "em chưa có thủ tục
này" — and a message that says more than the area is answered as before.

The stories are tables of what the citizen says and what the bot then shows.
"""

from __future__ import annotations

import gzip
import json

import pytest
import yaml

from flows.topic_menu import TOPICS_FILE, TopicsFile, named_topic
from knowledge.catalogue import SEED_NATIONAL

# (the citizen says, the area's heading in the reply, the first procedure offered)
AREA_STORIES = [
    ("thủ tục đất đai", "về đất đai", "Đăng ký đất đai, tài sản gắn liền với đất"),
    ("tôi muốn hỏi về đất đai", "về đất đai", "Đăng ký đất đai, tài sản gắn liền với đất"),
    ("hoi ve bhxh", "về bảo hiểm xã hội", "Giải quyết hưởng bảo hiểm xã hội một lần"),
    ("cho em hỏi mấy thủ tục hộ tịch", "về hộ tịch", "Đăng ký khai sinh"),
    ("các thủ tục về cư trú", "về cư trú", "Đăng ký thường trú"),
    ("thu tuc ho kinh doanh", "về hộ kinh doanh", "Đăng ký thành lập hộ kinh doanh"),
    ("thủ tục xuất nhập cảnh", "về hộ chiếu, xuất nhập cảnh", "Cấp hộ chiếu phổ thông"),
    ("hỏi về xe cộ", "về đăng ký xe", "Đăng ký, cấp biển số xe lần đầu"),
]


@pytest.mark.parametrize(("says", "heading", "first"), AREA_STORIES)
async def test_an_area_alone_gets_its_procedures_to_choose_from(conversation, says, heading, first):
    replies = await conversation.say(says)
    assert replies[0].kind == "topic_menu"
    assert f"Dạ, {heading}" in replies[0].text and "em chưa có thủ tục này" not in replies[0].text
    assert replies[0].buttons[0].label.startswith(first)
    assert replies[0].buttons[-1].payload == "cmd:human"  # none of them: a person


async def test_a_procedure_chosen_from_the_area_is_answered_what_was_asked(conversation):
    await conversation.say("thủ tục hộ tịch lệ phí bao nhiêu")
    await conversation.press("Đăng ký kết hôn")
    title = "Dạ, đây là thông tin thủ tục: Đăng ký kết hôn (mã 1.000894)"
    assert conversation.text.startswith(f"{title}\n\nLệ phí:")


async def test_a_number_typed_picks_the_area_s_procedure(conversation):
    await conversation.say("tôi muốn hỏi về đất đai")
    await conversation.say("5")
    assert "Tách thửa hoặc hợp thửa đất" in conversation.text


# (the citizen says, the kind of the bot's first reply): more than an area is no menu
SAYS_MORE = [
    ("công chứng di chúc", "procedure_requirements"),  # a procedure named
    ("hồ sơ đất đai của tôi đến đâu rồi", "dossier_ask_code"),  # a dossier asked after
    ("tách thửa đất cần giấy tờ gì", "procedure_requirements"),
    # a procedure's own name, though it could head an area: answered as that procedure,
    # how it is done (its papers and steps; the steps first, then which case, when the
    # papers differ by case)
    ("làm hộ chiếu", "procedure_requirements"),
    # a paper several procedures issue, reissue or exchange: which one, not the area
    ("bằng lái xe", "choose_procedure"),
]


@pytest.mark.parametrize(("says", "kind"), SAYS_MORE)
async def test_a_message_that_says_more_than_an_area_is_answered_as_asked(conversation, says, kind):
    replies = await conversation.say(says)
    assert replies[0].kind == kind


async def test_the_licence_named_alone_offers_what_is_done_with_it(conversation):
    await conversation.say("bằng lái xe")
    offered = [b.label for r in conversation.last for b in r.buttons]
    assert "Cấp giấy phép lái xe" in offered  # issued after the test
    assert "Đổi giấy phép lái xe" in offered  # exchanged


@pytest.mark.parametrize(
    "text",
    [
        "đất nhà tôi bị lấn chiếm",  # a story about land, not the area
        "đất đai và hộ tịch",  # two areas: which one?
        "bảo hiểm xã hội một lần",  # a procedure's own words
        "chung thuc ban sao mat bao nhieu tien",  # "ban sao" is "bản sao", no "bạn"
        "",
    ],
)
def test_no_single_area_is_named(text):
    assert named_topic(text) is None


def test_every_procedure_the_menus_offer_is_in_the_shipped_catalogue():
    data = TopicsFile.model_validate(yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8")))
    with gzip.open(SEED_NATIONAL, "rt", encoding="utf-8") as fh:
        codes = {p["code"] for p in json.load(fh)["procedures"]}
    offered = {code for topic in data.topics.values() for code in topic.codes}
    assert offered and offered <= codes
