"""FAQ answers in the citizen's own words, and only to what an entry is about.

Staff wrote "Người thân có được nộp hồ sơ thay không?"; a son asks "con đi nộp giúp mẹ
được không" — everyday helper words ("giúp", "hộ", "dùm") next to an errand or a
relative say "thay" (nlu/faq_words.yml). Staff wrote "Trung tâm có máy photo giấy tờ
không?"; "trung tâm có cho mượn bút không" shares its frame but not its object, and gets
no FAQ answer.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.app import refresh_faq
from flows.faq import FaqAnswers
from knowledge.faq.repository import FaqRepository
from knowledge.faq.schema import FaqEntryData
from nlu.faq_index import FaqDocument, FaqIndex
from nlu.faq_words import faq_words
from nlu.terms import analyse
from tests.conftest import Conversation

SOURCE = "https://dichvucong.gov.vn/p/home/dvc-huong-dan-cong-dan.html"
CHECKED = dt.date(2026, 12, 1)

PHOTOCOPY = FaqEntryData(
    question="Trung tâm có máy photo giấy tờ không?",
    variants=["Quên mang bản sao thì photo ở đâu?"],
    answer="Dạ, tầng 1 của trung tâm có quầy photo giấy tờ.",
    source_url=SOURCE,
    verified_on=CHECKED,
)
RELATIVE = FaqEntryData(
    question="Người thân có được nộp hồ sơ thay không?",
    variants=["Nhờ người khác đi nộp hồ sơ hộ được không?"],
    answer="Dạ, người thân được nộp hồ sơ thay anh/chị.",
    source_url=SOURCE,
    verified_on=CHECKED,
)


@pytest.fixture
async def citizen(services, fake_dialogue) -> Conversation:
    """A citizen talking to the dialogue after staff published the two entries above
    (next to the shipped seed entries)."""
    if fake_dialogue.faq.holder is not services.faq:
        fake_dialogue.faq = FaqAnswers(services.faq, fake_dialogue.t, services.catalogue)
    async with services.db.session() as session:
        repo = FaqRepository(session)
        for entry in (PHOTOCOPY, RELATIVE):
            await repo.create(entry, status="published")
    await refresh_faq(services.db, services.faq)
    return Conversation(services, dialogue=fake_dialogue)


async def entry_ids(services) -> dict[str, int]:
    async with services.db.session() as session:
        return {e.data.question: e.id for e in await FaqRepository(session).published()}


ASKED = [
    # (what the citizen types, the entry that answers; None: no FAQ answer)
    ("con đi nộp giúp mẹ được không", RELATIVE),
    ("con di nop giup me duoc khong", RELATIVE),
    ("co may photo giay to o trung tam khong", PHOTOCOPY),
    # the frame of the photocopier entry, another object
    ("trung tâm có cho mượn bút không", None),
    ("trung tam co cho muon but ko", None),
    # "làm hộ chiếu" is a passport, not an errand done for someone
    ("làm hộ chiếu cho con cần giấy tờ gì", None),
]


@pytest.mark.parametrize(("message", "entry"), ASKED, ids=[m for m, _ in ASKED])
async def test_an_entry_answers_its_rewordings_and_not_another_object(
    citizen, services, message, entry
):
    [reply, *_] = await citizen.say(message)
    ids = await entry_ids(services)
    answered = reply.meta.get("faq_id") if reply.kind == "faq_answer" else None
    assert answered == (ids[entry.question] if entry else None), citizen.text


HELPERS = [
    # (message, the words its helper words add for the FAQ index)
    ("con đi nộp giúp mẹ", ["thay", "nguoi", "than"]),
    ("lấy kết quả hộ cho bạn", ["thay", "nguoi", "than"]),
    ("anh trai nop ho so dum", ["thay"]),
    ("tôi nhận thay kết quả được không", ["thay"]),
    ("làm hộ chiếu cho con", []),
    ("đăng ký hộ kinh doanh", []),
    ("thay đổi họ tên", []),
    ("giúp tôi làm căn cước", []),
]


@pytest.mark.parametrize(("message", "added"), HELPERS, ids=[m for m, _ in HELPERS])
def test_helper_words_say_thay_only_for_an_errand_or_a_relative(message, added):
    assert faq_words().on_behalf.expand(analyse(message)[0]) == added


def test_an_entry_of_a_small_index_without_background_keeps_every_word_as_key():
    index = FaqIndex(
        [
            FaqDocument(1, ("Trung tâm có máy photo không?", "Photo giấy tờ ở đâu?")),
            FaqDocument(2, ("Quên mật khẩu VNeID thì làm sao?",)),
        ]
    )
    assert index.match("trung tam co may photo ko").id == 1
    assert index.match("trung tâm có cho mượn bút không") is None
