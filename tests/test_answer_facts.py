"""Trust: an answer states no number that the record it cites does not hold.

Every procedure of the shipped catalogue (the 18 curated records over the national
crawl) is answered in full ("Xem đầy đủ"): each amount, duration, count, form number and
date in the answer must be in the record — written with or without thousands dots — so
the bot never quotes a fee or a time the record does not say. The title (the national
code) and the source line (its link and date) are the citation itself, and a list's own
numbering ("1.", "2.") is no fact.
"""

from __future__ import annotations

import dataclasses
import json
import re

_NUMBER = re.compile(r"\d[\d.,]*\d|\d")
_NUMBERING = re.compile(r"^\s*\d+\.\s")
_LINK = re.compile(r"https?://\S+")


def _digits(text: str) -> set[str]:
    return {re.sub(r"[.,]", "", n) for n in _NUMBER.findall(text)}


def _record_text(info) -> str:
    return json.dumps(dataclasses.asdict(info), ensure_ascii=False, default=str)


async def test_every_number_in_a_full_answer_is_in_its_record(services):
    answers = services.dialogue.answers
    unsupported = []
    infos = services.catalogue.all()
    assert len(infos) > 2600  # the whole national catalogue is checked
    for info in infos:
        reply = answers.answer(info, ("all",), guided=False)
        held = _digits(_record_text(info))
        for line in reply.text.splitlines()[1:-1]:  # not the title, not the source
            said = _digits(_LINK.sub("", _NUMBERING.sub("", line)))
            unsupported += [(info.code, n, line[:80]) for n in said - held]
    assert unsupported == []


def test_a_number_the_record_lacks_is_caught():
    # the check itself: a fee the record does not hold is found
    held = _digits('{"fee_vnd": 20000, "time": "3 ngày làm việc"}')
    assert _digits("Lệ phí: 20.000 đồng; 3 ngày làm việc") <= held
    assert _digits("Lệ phí: 50.000 đồng") - held == {"50000"}
