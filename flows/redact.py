"""Personal data out of text before it is shown, logged or stored.

``redact_numbers`` masks ID-card and phone numbers in what the bot shows (``***``).
``redact`` is what goes into the staff's inbox: ID, passport and phone numbers become
``[số]``, e-mail addresses ``[email]`` and personal names ``[tên]``. A name is found

* after a cue that introduces one, in any case: "họ tên: nguyễn văn an", "tên tôi là Lan",
  "mình tên hoa", "em tên lan", "họ tên lan" (a given name ending the sentence) -- not
  after "đổi tên", "sang tên", "đứng tên" (a procedure's words), nor "tên xe", "tên thủ
  tục", "họ tên người mất";
* after "tôi là", "em là"... when it is capitalised or starts with a common family
  name: "tôi là Trần Bình" (not "tôi là sinh viên");
* right after a kinship or courtesy word: "chị Lan", "ông Nguyễn Văn Tư";
* as a run of two to four capitalised words that is no known place or procedure name
  (``KnownNames``) and follows no place word: "Nguyễn Văn An" goes, "Hồ Chí Minh",
  "phường Bến Nghé" and "Sở Tư Pháp" stay.

The word lists are data (flows/redact.yml, folded: lower case, no diacritics). Redaction
errs on the side of hiding: a person who shares a ward's name stays, a capitalised phrase
we do not know goes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from knowledge.text import fold
from knowledge.yaml_data import load_yaml

NUMBER = "[số]"
EMAIL = "[email]"
NAME = "[tên]"

MAX_NAME_WORDS = 4
VOCABULARY_FILE = Path(__file__).with_name("redact.yml")

# 9+ digits, possibly grouped by spaces, dots or dashes: CCCD (12), CMND (9), phones (10-11).
_LONG_NUMBER = re.compile(r"(?<![\w.])(?:\+?84|0)?(?:\d[\s.\-]?){8,}\d(?![\w])")
# The same for storage, also "+84 912 345 678" and "(028) 3829 1234".
_PERSONAL_NUMBER = re.compile(r"(?<![\w.,])\+?\(?(?:\d[\s.\-()]{0,2}){8,}\d(?!\w)")
_PASSPORT = re.compile(r"(?<!\w)[A-Z]\d{7,8}(?!\w)")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+")
_FOLDED_WORD = re.compile(r"[a-z0-9]+")
_CUE_GAP = re.compile(r"\s*[:\-–]?\s*")
_CLAUSE_END = re.compile(r"[.,;!?\n]")


def redact_numbers(text: str) -> str:
    """Replace ID-card and phone-like numbers with ``***``."""
    return _LONG_NUMBER.sub("***", text)


@dataclass(frozen=True)
class KnownNames:
    """Place and procedure names whose capitalised words are no person's name: every run
    of 2 to 4 consecutive words of each name, folded ("ho chi minh", "ben nghe")."""

    phrases: frozenset[str] = frozenset()

    @classmethod
    def from_names(cls, names: Iterable[str]) -> KnownNames:
        phrases: set[str] = set()
        for name in names:
            words = _FOLDED_WORD.findall(fold(name))
            for size in range(2, MAX_NAME_WORDS + 1):
                for i in range(len(words) - size + 1):
                    phrases.add(" ".join(words[i : i + size]))
        return cls(frozenset(phrases))

    def __contains__(self, folded_phrase: str) -> bool:
        return folded_phrase in self.phrases


Phrases = dict[str, tuple[tuple[str, ...], ...]]  # first word -> phrases, longest first


@dataclass(frozen=True)
class _Vocabulary:
    name_cues: Phrases
    form_cues: Phrases
    colon_cues: Phrases
    blockers: frozenset[str]
    form_plain: frozenset[str]
    closing: frozenset[str]
    self_cues: Phrases
    honorifics: frozenset[str]
    surnames: frozenset[str]
    stops: frozenset[str]
    place_words: Phrases
    leading: frozenset[str]

    @cached_property
    def longest_place_word(self) -> int:
        return max(len(p) for found in self.place_words.values() for p in found)


@cache
def _vocabulary() -> _Vocabulary:
    data = load_yaml(VOCABULARY_FILE)

    def phrases(key: str) -> Phrases:
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted((tuple(p.split()) for p in data[key]), key=len, reverse=True):
            by_first.setdefault(phrase[0], []).append(phrase)
        return {first: tuple(found) for first, found in by_first.items()}

    return _Vocabulary(
        name_cues=phrases("name_cues"),
        form_cues=phrases("form_cues"),
        colon_cues=phrases("colon_cues"),
        blockers=frozenset(data["cue_blockers"]),
        form_plain=frozenset(data["form_plain_words"]),
        closing=frozenset(data["closing_words"]),
        self_cues=phrases("self_cues"),
        honorifics=frozenset(data["honorifics"]),
        surnames=frozenset(data["surnames"]),
        stops=frozenset(data["name_stops"]),
        place_words=phrases("place_words"),
        leading=frozenset(data["leading_words"]),
    )


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    raw: str
    folded: str

    @property
    def capitalised(self) -> bool:
        """ "Lan", "Đức", "A" -- not "UBND" or "lan"."""
        return self.raw[0].isupper() and (len(self.raw) == 1 or self.raw[1:].islower())


def redact(text: str, known: KnownNames | None = None) -> str:
    """``text`` with numbers, e-mail addresses and personal names replaced by
    ``[số]``, ``[email]`` and ``[tên]`` (see the module docstring)."""
    text = unicodedata.normalize("NFC", text)
    spans = [(m.start(), m.end(), EMAIL) for m in _EMAIL.finditer(text)]
    spans += [(m.start(), m.end(), NUMBER) for m in _PERSONAL_NUMBER.finditer(text)]
    spans += [(m.start(), m.end(), NUMBER) for m in _PASSPORT.finditer(text)]
    words = [_Word(m.start(), m.end(), m.group(), fold(m.group())) for m in _WORD.finditer(text)]
    names = _Names(text, words, known or KnownNames(), _vocabulary())
    spans += [(words[a].start, words[b - 1].end, NAME) for a, b in names.find()]
    return _apply(text, spans)


def _apply(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Replace non-overlapping spans (the earliest, then the longest, wins)."""
    out, at = [], 0
    for start, end, placeholder in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < at:
            continue
        out += [text[at:start], placeholder]
        at = end
    out.append(text[at:])
    return "".join(out)


class _Names:
    """Finds the word ranges [a, b) of one message that are personal names."""

    def __init__(self, text: str, words: list[_Word], known: KnownNames, vocab: _Vocabulary):
        self.text = text
        self.words = words
        self.known = known
        self.v = vocab
        self.taken: set[int] = set()

    def find(self) -> list[tuple[int, int]]:
        found = []
        for rule in (self._after_cues, self._after_honorifics, self._capitalised_runs):
            for a, b in rule():
                if b > a and not self.taken.intersection(range(a, b)):
                    found.append((a, b))
                    self.taken.update(range(a, b))
        return found

    # ---- the rules ----

    def _after_cues(self) -> Iterable[tuple[int, int]]:
        i = 0
        while i < len(self.words):
            found = None if self._blocked(i) else self._cued_name(i)
            if found is not None:
                start, end = found
                yield start, end
                i = max(end, start)
                continue
            i += 1

    def _cued_name(self, i: int) -> tuple[int, int] | None:
        """The name a cue starting at word ``i`` introduces: [start, end), maybe empty
        ("tên là gì"); None when no cue starts there."""
        for cues, read in (
            (self.v.name_cues, lambda start, colon: self._read_name(start, any_first=True)),
            (self.v.form_cues, self._read_form_name),
            (
                self.v.colon_cues,
                lambda start, colon: self._read_name(start, True) if colon else start,
            ),
            (self.v.self_cues, lambda start, colon: self._read_self_name(start)),
        ):
            size = self._phrase_at(i, cues)
            if size and self._cue_gap(i + size):
                start = i + size
                return start, read(start, self._colon_before(start))
        return None

    def _after_honorifics(self) -> Iterable[tuple[int, int]]:
        for i, word in enumerate(self.words[:-1]):
            if word.folded in self.v.honorifics and word.raw.islower() and self._joined(i):
                end = self._capitalised_from(i + 1)
                if end - (i + 1) >= 2 and self._known(i + 1, end):
                    continue
                yield i + 1, end

    def _capitalised_runs(self) -> Iterable[tuple[int, int]]:
        i = 0
        while i < len(self.words):
            if not self.words[i].capitalised or i in self.taken:
                i += 1
                continue
            end = self._capitalised_from(i)
            yield from self._judge_run(i, end)
            i = end

    def _judge_run(self, a: int, b: int) -> Iterable[tuple[int, int]]:
        """A run of capitalised words [a, b): the part of it that is a name, if any."""
        if self._place_word_before(a) or (b - a >= 2 and self._known(a, b)):
            return
        honorific = False
        while a < b and self.words[a].folded in self.v.leading | self.v.honorifics:
            honorific = self.words[a].folded in self.v.honorifics
            a += 1
        if a >= b or b - a > MAX_NAME_WORDS:
            return
        if self._starts_with_place_word(a, b):
            return
        if b - a >= 2 and self._known(a, b):
            return
        if b - a >= 2 or honorific:
            yield a, b

    # ---- reading names ----

    def _read_name(self, start: int, any_first: bool) -> int:
        """A capitalised name, or up to four lower-case words before a stop word; a
        lower-case one must start with a family name unless ``any_first``."""
        if start >= len(self.words):
            return start
        if self.words[start].capitalised:
            return self._capitalised_from(start)
        if not any_first and self.words[start].folded not in self.v.surnames:
            return start
        end = start
        while (
            end < len(self.words)
            and end - start < MAX_NAME_WORDS
            and self.words[end].folded not in self.v.stops
            and (end == start or self._joined(end - 1))
        ):
            end += 1
        return end

    def _read_form_name(self, start: int, colon: bool) -> int:
        """After "họ tên": any name after a colon; without one a capitalised name, one
        starting with a family name, or a lower-case given name that ends the sentence
        and holds no word of a question ("họ tên lan"; not "họ tên người mất")."""
        end = self._read_name(start, any_first=True)
        if colon or end == start:
            return end
        first = self.words[start]
        if first.capitalised or first.folded in self.v.surnames:
            return end
        while end - start > 1 and self.words[end - 1].folded in self.v.closing:
            end -= 1  # "họ tên lan đấy"
        plain = any(w.folded in self.v.form_plain for w in self.words[start:end])
        return end if not plain and self._ends_sentence(end) else start

    def _ends_sentence(self, end: int) -> bool:
        """Nothing but closing words ("ạ", "nhé") follows word ``end - 1`` before the end
        of the message or a punctuation mark."""
        for i in range(end, len(self.words)):
            if _CLAUSE_END.search(self.text[self.words[i - 1].end : self.words[i].start]):
                return True
            if self.words[i].folded not in self.v.closing:
                return False
        return True

    def _read_self_name(self, start: int) -> int:
        """After "tôi là": a capitalised name, or a lower-case one starting with a
        common family name and at least two words long."""
        if start >= len(self.words):
            return start
        if self.words[start].capitalised:
            return self._capitalised_from(start)
        if self.words[start].folded in self.v.surnames:
            end = self._read_name(start, any_first=False)
            return end if end - start >= 2 else start
        return start

    def _capitalised_from(self, start: int) -> int:
        end = start
        while (
            end < len(self.words)
            and end - start < MAX_NAME_WORDS
            and self.words[end].capitalised
            and (end == start or self._joined(end - 1))
        ):
            end += 1
        return end

    # ---- helpers ----

    def _joined(self, i: int) -> bool:
        """Word i and word i+1 are separated by spaces only."""
        if i + 1 >= len(self.words):
            return False
        gap = self.text[self.words[i].end : self.words[i + 1].start]
        return gap.isspace()

    def _cue_gap(self, start: int) -> bool:
        """The cue ending before word ``start`` is followed by spaces or a colon only."""
        if start >= len(self.words):
            return False
        gap = self.text[self.words[start - 1].end : self.words[start].start]
        return bool(gap) and _CUE_GAP.fullmatch(gap) is not None

    def _colon_before(self, start: int) -> bool:
        return ":" in self.text[self.words[start - 1].end : self.words[start].start]

    def _blocked(self, i: int) -> bool:
        """A word before word ``i`` makes the cue there a procedure's ("đổi tên là")."""
        return i > 0 and self._joined(i - 1) and self.words[i - 1].folded in self.v.blockers

    def _phrase_at(self, i: int, phrases: Phrases) -> int:
        """The length of the longest of ``phrases`` starting at word ``i`` (0: none)."""
        if i < 0 or i >= len(self.words):
            return 0
        for phrase in phrases.get(self.words[i].folded, ()):
            size = len(phrase)
            if i + size > len(self.words):
                continue
            if all(self.words[i + k].folded == phrase[k] for k in range(size)) and all(
                self._joined(i + k) for k in range(size - 1)
            ):
                return size
        return 0

    def _place_word_before(self, a: int) -> bool:
        if a == 0 or not self._joined(a - 1):
            return False
        return any(
            self._phrase_at(a - size, self.v.place_words) == size
            for size in range(1, self.v.longest_place_word + 1)
        )

    def _starts_with_place_word(self, a: int, b: int) -> bool:
        size = self._phrase_at(a, self.v.place_words)
        return bool(size) and " ".join(w.folded for w in self.words[a : a + size]) not in (
            self.v.surnames
        )

    def _known(self, a: int, b: int) -> bool:
        return " ".join(w.folded for w in self.words[a:b]) in self.known
