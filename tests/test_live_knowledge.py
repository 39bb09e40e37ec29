"""What staff publish answers in the running bot without a restart.

The watcher of each process sees the knowledge generation move, indexes the published
catalogue and FAQ entries off the event loop and swaps them in between turns.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from bot.live_knowledge import KnowledgeWatcher
from flows.types import Turn
from knowledge.catalogue import import_file
from knowledge.editing import Editing
from knowledge.editing.generation import current_generation
from knowledge.procedures.records import record_to_dict
from knowledge.procedures.repository import ProcedureRepository

CHECKED = dt.date(2026, 11, 30)
NEW_ENTRY = {
    "question": "Trẻ em dưới 14 tuổi có được tự đi nộp hồ sơ hành chính không?",
    "variants": ["Con tôi 12 tuổi tự đi nộp hồ sơ được không?"],
    "answer": "Dạ, người chưa đủ 14 tuổi cần cha, mẹ hoặc người giám hộ làm thay.",
    "source_url": "https://dichvucong.gov.vn/p/home/dvc-huong-dan-cong-dan.html",
    "verified_on": CHECKED.isoformat(),
}
PARAPHRASE = "be 12 tuoi tu di nop ho so dc ko"


@pytest.fixture
async def watcher(services) -> KnowledgeWatcher:
    watcher = KnowledgeWatcher(services, interval_s=1.0)
    async with services.db.session() as session:
        watcher.generation = await current_generation(session)
    return watcher


async def publish(services, kind: str, key: str | None, data: dict) -> str:
    async with services.db.session() as session:
        editing = Editing(session)
        draft = await editing.save_draft(kind, key, data, "bien-tap")
        return await editing.publish(draft, "quan-tri")


async def ask(services, user: str, text: str):
    return await services.dialogue.handle(Turn("web", user, text=text))


async def test_a_published_faq_entry_answers_once_the_watcher_has_looked(services, watcher):
    before = await ask(services, "lan", PARAPHRASE)
    assert all(r.kind != "faq_answer" for r in before)
    assert not await watcher.check()  # nothing published yet: nothing rebuilt

    await publish(services, "faq", None, NEW_ENTRY)
    assert await watcher.check()

    replies = await ask(services, "minh", PARAPHRASE)
    assert replies[0].kind == "faq_answer"
    assert "cha, mẹ hoặc người giám hộ" in replies[0].text
    assert "dichvucong.gov.vn" in replies[0].text and "30/11/2026" in replies[0].text
    assert not await watcher.check()  # and only once


async def test_an_edited_procedure_fee_is_what_the_bot_says_after_the_swap(services, watcher):
    slug = "dang_ky_khai_sinh"
    async with services.db.session() as session:
        record = await ProcedureRepository(session).get(slug)
    data = record_to_dict(record)
    for channel in data["channels"]:
        channel["fee_vnd"], channel["fee_note"] = 12345, "Mức thu thử nghiệm của cán bộ"
    await publish(services, "procedure", slug, data)

    question = "lam giay khai sinh het bao nhieu tien"
    old = await ask(services, "hoa", question)
    assert "12.345 đồng" not in " ".join(r.text for r in old)  # not before the swap
    assert await watcher.check()
    new = await ask(services, "hoa", question)
    assert "12.345 đồng" in " ".join(r.text for r in new)


async def test_a_kb_import_on_a_running_deployment_is_picked_up_too(services, watcher, tmp_path):
    faq_file = tmp_path / "faq.yml"
    faq_file.write_text(yaml.safe_dump({"faq": [NEW_ENTRY]}, allow_unicode=True), encoding="utf-8")
    await import_file(services.db, faq_file)
    assert await watcher.check()
    replies = await ask(services, "tu", PARAPHRASE)
    assert replies[0].kind == "faq_answer"


async def test_names_that_are_no_one_s_name_are_ready_before_the_first_turn(services, watcher):
    """Which capitalised words are place or procedure names (kept when a question is
    redacted for the inbox) takes a few tenths of a second to make: made at start and,
    for a newly published catalogue, off the event loop before it answers, so no turn
    holds up the others making them."""
    insights = services.dialogue.insights
    assert insights.ready_for(services.catalogue)  # at start

    await publish(services, "faq", None, NEW_ENTRY)
    assert await watcher.check()
    assert insights.ready_for(services.catalogue)  # the new catalogue, before any turn
    kept = insights.redacted("Tôi ở phường Bến Nghé, tên Nguyễn Văn An")
    assert "Bến Nghé" in kept and "Nguyễn Văn An" not in kept
