"""A procedure's steps as a short answer gives them: on a phone, each stage's line (or
each step's first sentence) instead of every paragraph the national record holds; the
whole steps are ``flows.record_text.step_lines`` ("Xem đầy đủ")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from flows.record_text import (
    ENUMERATOR_RE,
    STAGE_RE,
    STEP_CUT,
    STEP_CUT_OUTSIDE_BRACKETS,
    TRAILING_PUNCTUATION,
    cut_clear,
    step_lines,
    step_texts,
    without_list_marks,
)


@dataclass(frozen=True)
class ShortSteps:
    """The steps as a short answer gives them, and how much of them it leaves out."""

    lines: tuple[str, ...]
    shortened: bool  # a stage's details or a step's end left out
    more_steps: int = 0  # steps not shown at all, after the last one shown

    @property
    def left_out(self) -> bool:
        """Whether anything of the whole steps is not shown."""
        return self.shortened or self.more_steps > 0


# Steps this long or shorter are given whole in a short answer too
SHORT_STEPS_CHARS = 900
# else each stage's (or step's) line is cut here: its first sentence when that fits
SHORT_STEP_CHARS = 200
# and no more than this many lines (a record has up to 59 steps)
MAX_SHORT_STEPS = 8


def short_step_lines(texts: Sequence[str]) -> ShortSteps:
    """See ``_short_step_lines``; a record's steps are cut once, however many parts of
    one answer ask (the steps' lines and the button their "more" line names)."""
    return _short_step_lines(tuple(texts))


@lru_cache(maxsize=512)
def _short_step_lines(texts: tuple[str, ...]) -> ShortSteps:
    """A procedure's steps for an answer that asked for them, short on a phone: whole
    when ``step_lines`` fit in ``SHORT_STEPS_CHARS``; else, where the source names its
    stages, each stage's line (``_short``) without what the source says under it;
    else our numbers, each step's line short. No more than ``MAX_SHORT_STEPS`` lines.
    The whole steps: ``step_lines`` ("Xem đầy đủ")."""
    whole = step_lines(texts)
    if sum(len(line) + 1 for line in whole) <= SHORT_STEPS_CHARS:
        return ShortSteps(tuple(whole), shortened=False)
    raw, staged = step_texts(texts)
    if staged:
        stages = [text for text in raw if STAGE_RE.match(text)]
        cases = _case_heads(raw)
        lines, heads = [], set()
        for at, text in enumerate(raw):
            if at in cases:
                heads.add(len(lines))
                lines.append(_short(without_list_marks(_first_line(text))))
            if not STAGE_RE.match(text):
                continue
            head = without_list_marks(_first_line(text))
            lines.append(_short(head))
            detail = _first_detail(raw, at, head, cases)
            if detail:
                lines.append(f"- {_short(detail)}")
        shortened = len(stages) < len(raw) or any("\n" in text.strip() for text in stages)
    else:
        plain = [without_list_marks(text) for text in raw]
        lines = [f"{n}. {_short(text)}" for n, text in enumerate(plain, 1)]
        heads, shortened = set(), False
    shortened |= any(line.endswith("…") for line in lines)
    if len(lines) > MAX_SHORT_STEPS:
        shown = MAX_SHORT_STEPS
        while shown - 1 in heads:  # a case's head without its stages: with the rest
            shown -= 1
        return ShortSteps(tuple(lines[:shown]), shortened, len(lines) - shown)
    return ShortSteps(tuple(lines), shortened)


_STAGE_NUMBER_RE = re.compile(r"^Bước\s*(\d+)", re.IGNORECASE)


def _case_heads(raw: Sequence[str]) -> set[int]:
    """Where the source numbers its stages again for each case ("Trình tự chấp thuận đối
    với trường hợp …:" Bước 1, 2; "… giữa các tỉnh …:" Bước 1, 2, 3), the texts that head
    each run of stages (the text just before a "Bước 1"), but "Trình tự thực hiện:":
    shown so that two "Bước 1" say which case each is."""
    numbers = [int(m.group(1)) for text in raw if (m := _STAGE_NUMBER_RE.match(text))]
    if all(a < b for a, b in zip(numbers, numbers[1:], strict=False)):
        return set()
    return {
        at
        for at, text in enumerate(raw[:-1])
        if not STAGE_RE.match(text)
        and (m := _STAGE_NUMBER_RE.match(raw[at + 1])) is not None
        and int(m.group(1)) == 1
        and not _BARE_HEAD_RE.match(without_list_marks(text))
    }


# A head that names no case ("Trình tự thực hiện:")
_BARE_HEAD_RE = re.compile(r"^(?:trình tự|cách thức)(?: thực hiện)?\W*$", re.IGNORECASE)


# A stage whose own words are this short only names it ("Bước 2: Nộp hồ sơ")
BARE_STAGE_CHARS = 40


def _first_detail(
    raw: Sequence[str], at: int, head: str, cases: set[int] = frozenset()
) -> str | None:
    """What a stage that only names itself ("Bước 2: Nộp hồ sơ") says first under it
    (where and how the papers are filed): its own next line, else the text after it
    when that is no stage nor the next case's head (``_case_heads``). None for a stage
    that says what is done in its own line."""
    named = STAGE_RE.match(head)
    if named is None or len(head[named.end() :].strip()) > BARE_STAGE_CHARS:
        return None
    rest = [line for line in raw[at].splitlines()[1:] if without_list_marks(line)]
    if not rest and at + 1 < len(raw) and not STAGE_RE.match(raw[at + 1]) and at + 1 not in cases:
        rest = [line for line in raw[at + 1].splitlines() if without_list_marks(line)]
    # never what the stage's line already says ("Bước 1:\n- Đối với tổ chức": shown as
    # "Bước 1: Đối với tổ chức", not again under it)
    rest = [line for line in rest if without_list_marks(line) not in head]
    # without its own letter: "- Người đang làm việc: …", not "- a) Người đang làm việc"
    return ENUMERATOR_RE.sub("", without_list_marks(rest[0]), count=1) if rest else None


def _first_line(stage: str) -> str:
    """A stage's first line ("Bước 3: Nhận kết quả" of "Bước 3: Nhận kết quả\nNgười đề
    nghị … nhận kết quả tại …"), with the next one when the first only names the stage
    ("Bước 2:\nNộp hồ sơ tại …") or introduces it ("… thực hiện:\nKiểm tra hồ sơ …")."""
    lines = [line for line in stage.splitlines() if line.strip()]
    named = STAGE_RE.match(lines[0])
    bare = named and not lines[0][named.end() :].strip(TRAILING_PUNCTUATION + "-")
    if bare or lines[0].rstrip().endswith(":"):  # "… thực hiện:\nKiểm tra hồ sơ …"
        return "\n".join(lines[:2])
    return lines[0]


def _short(text: str) -> str:
    """A step's (or stage's) line cut to ``SHORT_STEP_CHARS`` (``STEP_CUT``): its first
    sentence when that fits, else after a clause, never beside a negation ("hồ sơ |
    không hợp lệ", "hồ sơ không | hợp lệ") nor after a word that goes on a phrase
    ("thì", "của"), so that what is shown never says the opposite of the source nor
    hangs."""
    outside = cut_clear(text, SHORT_STEP_CHARS, STEP_CUT_OUTSIDE_BRACKETS)
    if outside and len(outside) <= SHORT_STEP_CHARS + 1:  # "… cấp tỉnh…", not "(Phòng …"
        return outside
    return cut_clear(text, SHORT_STEP_CHARS, STEP_CUT) or text
