"""What a story tells of a civil-status registration that chooses one of its twins
(used by nlu/retrieval.py with the foreign twins, nlu/foreign_twins.py):

- someone who already holds personal papers but was never registered at birth ("Mẹ tôi
  67 tuổi, có chứng minh nhân dân … nhưng chưa từng có giấy khai sinh"): the twin "…
  cho người đã có hồ sơ, giấy tờ cá nhân", not the plain one a newborn's parents ask for;
- the register itself gone ("giấy chứng nhận kết hôn bị mất, xã cũng không còn lưu
  sổ"): the twin "đăng ký lại …" (kết hôn, khai sinh, khai tử, nuôi con nuôi), not a
  new registration, nor a copy of an extract the register can no longer give.

The words that tell them are data (``nlu/civil_twins.yml``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from knowledge.yaml_data import load_yaml
from nlu.ages import AGE_SAID_RE
from nlu.terms import fold_tokens

CIVIL_TWINS_PATH = Path(__file__).with_name("civil_twins.yml")
HELD_GAP = 3  # words between "có" and the paper held ("có sổ hộ khẩu cũ": "sổ")
NEVER_GAP = 5  # words between the negation and the registration ("chưa bao giờ được đăng ký")
GONE_GAP = 6  # words between the register and its loss ("sổ lưu năm đó cũng không còn")
CHILD_AGE = 14  # an age said below this is a child's


def _folded(raw) -> tuple[str, ...]:
    return tuple(sorted({p for p in (" ".join(fold_tokens(str(w))) for w in raw or ()) if p}))


def _one(raw) -> str:
    return " ".join(fold_tokens(str(raw or "")))


def _any(phrases: Sequence[str]) -> str:
    return "(?:" + "|".join(re.escape(p) for p in phrases) + ")"


@dataclass(frozen=True)
class CivilTwins:
    """The folded phrases of ``nlu/civil_twins.yml`` (sorted tuples: the index's cache
    key holds this table, and must not vary with the hash seed)."""

    held_marker: str = ""  # the words the twin for people with papers adds to its name
    held: tuple[str, ...] = ()
    unheld: tuple[str, ...] = ()
    negations: tuple[str, ...] = ()
    registration: tuple[str, ...] = ()
    child: tuple[str, ...] = ()
    plain: str = ""  # the words a registration's name has ...
    again: str = ""  # ... where its twin for a register gone has these
    registers: tuple[str, ...] = ()
    gone: tuple[str, ...] = ()
    register_gone: tuple[str, ...] = ()
    extracts: tuple[str, ...] = ()  # names of copies made from the register

    @classmethod
    def load(cls, path: Path = CIVIL_TWINS_PATH) -> CivilTwins:
        if not path.exists():
            return cls()
        data = load_yaml(path) or {}
        held = data.get("papers_held") or {}
        never = held.get("never") or {}
        lost = data.get("register_lost") or {}
        return cls(
            _one(held.get("marker")),
            _folded(held.get("held")),
            _folded(held.get("unheld")),
            _folded(never.get("negations")),
            _folded(never.get("registration")),
            _folded(held.get("child")),
            _one(lost.get("plain")),
            _one(lost.get("again")),
            _folded(lost.get("registers")),
            _folded(lost.get("gone")),
            _folded(lost.get("register_gone")),
            _folded(lost.get("extracts")),
        )

    @cached_property
    def _held_patterns(self) -> tuple[re.Pattern[str], ...] | None:
        if not (self.held and self.negations and self.registration):
            return None
        # "có" a paper, not "chưa có", "không có" it nor "muốn có", "để có" it
        unheld = "".join(f"(?<!\\b{re.escape(w)} )" for w in self.unheld)
        held = re.compile(rf"{unheld}\bco(?: \w+){{0,{HELD_GAP}}} {_any(self.held)}\b")
        never = re.compile(
            rf"\b{_any(self.negations)}(?: \w+){{0,{NEVER_GAP}}} {_any(self.registration)}\b"
        )
        child = re.compile(rf"\b{_any(self.child)}\b" if self.child else r"(?!)")
        return held, never, child

    @cached_property
    def _gone_pattern(self) -> re.Pattern[str] | None:
        alternatives = []
        if self.registers and self.gone:
            alternatives.append(
                rf"{_any(self.registers)}(?: \w+){{0,{GONE_GAP}}} {_any(self.gone)}"
            )
        if self.register_gone:
            alternatives.append(_any(self.register_gone))
        return re.compile(rf"\b(?:{'|'.join(alternatives)})\b") if alternatives else None

    def papers_held(self, tokens: Sequence[str]) -> bool:
        """Whether the folded words ``tokens`` tell of someone holding personal papers
        who was never registered at birth (and no baby, nor a child's age, is told)."""
        patterns = self._held_patterns
        if patterns is None:
            return False
        held, never, child = patterns
        text = " ".join(tokens)
        if not (never.search(text) and held.search(text)) or child.search(text):
            return False
        ages = [int(a or b) for a, b in AGE_SAID_RE.findall(text)]
        return not any(age < CHILD_AGE for age in ages)

    def register_lost(self, tokens: Sequence[str]) -> bool:
        """Whether the folded words ``tokens`` tell that the register itself is gone
        ("xã cũng không còn lưu sổ", "sổ hộ tịch năm đó bị lũ cuốn mất")."""
        pattern = self._gone_pattern
        return pattern is not None and pattern.search(" ".join(tokens)) is not None
