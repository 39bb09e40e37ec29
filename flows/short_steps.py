"""A procedure's steps as a short answer gives them: on a phone, each stage's line (or
each step's first sentence) instead of every paragraph the national record holds; the
whole steps are ``flows.record_text.step_lines`` ("Xem đầy đủ")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from flows.record_text import (
    STAGE_RE,
    STEP_CUT,
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
        lines = []
        for at, text in enumerate(raw):
            if not STAGE_RE.match(text):
                continue
            head = without_list_marks(_first_line(text))
            lines.append(_short(head))
            detail = _first_detail(raw, at, head)
            if detail:
                lines.append(f"- {_short(detail)}")
        shortened = len(stages) < len(raw) or any("\n" in text.strip() for text in stages)
    else:
        plain = [without_list_marks(text) for text in raw]
        lines = [f"{n}. {_short(text)}" for n, text in enumerate(plain, 1)]
        shortened = False
    shortened |= any(line.endswith("…") for line in lines)
    if len(lines) > MAX_SHORT_STEPS:
        return ShortSteps(tuple(lines[:MAX_SHORT_STEPS]), shortened, len(lines) - MAX_SHORT_STEPS)
    return ShortSteps(tuple(lines), shortened)


# A stage whose own words are this short only names it ("Bước 2: Nộp hồ sơ")
BARE_STAGE_CHARS = 40


def _first_detail(raw: Sequence[str], at: int, head: str) -> str | None:
    """What a stage that only names itself ("Bước 2: Nộp hồ sơ") says first under it
    (where and how the papers are filed): its own next line, else the text after it
    when that is no stage. None for a stage that says what is done in its own line."""
    named = STAGE_RE.match(head)
    if named is None or len(head[named.end() :].strip()) > BARE_STAGE_CHARS:
        return None
    rest = [line for line in raw[at].splitlines()[1:] if without_list_marks(line)]
    if not rest and at + 1 < len(raw) and not STAGE_RE.match(raw[at + 1]):
        rest = [line for line in raw[at + 1].splitlines() if without_list_marks(line)]
    shown = head.splitlines()
    rest = [line for line in rest if without_list_marks(line) not in shown]
    return without_list_marks(rest[0]) if rest else None


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
    return cut_clear(text, SHORT_STEP_CHARS, STEP_CUT) or text
