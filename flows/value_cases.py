"""Which case a channel row's time or fee belongs to, named from the row's own case text
when that text is too long to repeat: "2 ngày làm việc (cấp chứng nhận đăng ký xe); 7
ngày làm việc (cấp lại biển số định danh)".

A label is a piece of the case text, never more: the name the case begins with
("Trường hợp thay đổi tên tổ chức: …"), else the clause that states the value ("Cấp
chứng nhận đăng ký xe: Không quá 02 ngày làm việc", "… 01 ngày làm việc … đối với các
phương tiện thương mại", "Trường hợp cần kiểm tra thực tế … thì trong thời hạn 40
ngày"), else a heading the case begins with ("Cảng thủy nội địa tiếp nhận phương tiện
thủy nước ngoài: …"). Its framing words go ("Đối với trường hợp"), and a long one is cut
at a word, never beside a negation. The words are data (flows/channel_facts.yml,
``value_cases``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from flows.case_label_words import TRAILING_PUNCTUATION, label_words, shared_words, starts
from flows.record_text import ENUMERATOR_RE, INVISIBLE_RE, VALUE_LABEL_CUT, cut_clear
from knowledge.yaml_data import load_yaml

FACTS_FILE = Path(__file__).with_name("channel_facts.yml")
MAX_GAP = 40  # "X: Không quá 02 ngày": at most this much between a heading's colon and the value
MAX_NAME = 400  # a case's name is its heading, not a paragraph
MAX_AFTER = 120  # "01 ngày làm việc kể từ … đối với X": at most this much between the value and X
# Where a clause of a case text ends: a sentence, a semicolon, a list mark ("+ ", " - ",
# "*"), a line, or the source's numbering ("(2) ", " b) ").
_CLAUSE_END_RE = re.compile(
    r"(?<=[.;!?])\s+|;|\s[-+•]\s+|(?<=[.)])-\s*|\*|\n|\s\(\d{1,2}\)\s|(?<=\s)[a-zđ]\)\s",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+|\n")
# a heading that introduces a numbered list of its own: "…đề nghị: (1) Cấp đổi …"
_LIST_START_RE = re.compile(r"\s*(?:\(\d{1,2}\)|[a-zđ]\)|\d{1,2}\.)\s", re.IGNORECASE)
_LETTER_RE = re.compile(r"[^\W\d_]")
_HEAD_RE = re.compile(r"([^:]*):")  # a heading before its colon
_LAST_PART_RE = re.compile(r":([^:]*)$")  # what follows the last colon
_BOTH = "\x1f"  # between the labels of two clauses stating one value, until said


@dataclass(frozen=True)
class _Words:
    amount_re: re.Pattern[str]  # a number and its unit
    kinds: dict[str, str]  # a unit, as written lower case -> its kind ("ngày làm việc" -> "ngày")
    at_once_kinds: frozenset[str]
    at_once: tuple[str, ...]
    headed_kinds: frozenset[str]
    case_openers: tuple[str, ...]
    framings: tuple[str, ...]
    case_after: tuple[str, ...]
    condition_end: tuple[str, ...]
    not_cases: tuple[str, ...]
    not_case_names: tuple[str, ...]
    short_not_cases: tuple[str, ...]
    time_framings: tuple[str, ...]
    says_nothing: tuple[str, ...]
    time_within: tuple[str, ...]
    max_label: int
    joiner: str


def _longest_first(phrases: list[str]) -> tuple[str, ...]:
    return tuple(sorted((" ".join(str(p).lower().split()) for p in phrases), key=len, reverse=True))


@cache
def _words() -> _Words:
    data = load_yaml(FACTS_FILE)["value_cases"]
    kinds = {str(unit).lower(): kind for kind, units in data["units"].items() for unit in units}
    units = "|".join(re.escape(u) for u in _longest_first(list(kinds)))
    amount_re = re.compile(
        rf"(?<![\d.,/])\(?(\d{{1,3}}(?:[.,]\d{{3}})+|\d+)\)?\s*({units})(?![^\W\d_])",
        re.IGNORECASE,
    )
    return _Words(
        amount_re=amount_re,
        kinds=kinds,
        at_once_kinds=frozenset(kinds[str(u).lower()] for u in data["at_once"]["units"]),
        at_once=_longest_first(data["at_once"]["phrases"]),
        headed_kinds=frozenset(str(kind) for kind in data["headed_kinds"]),
        case_openers=_longest_first(data["case_openers"]),
        framings=_longest_first(data["framings"]),
        case_after=_longest_first(data["case_after"]),
        condition_end=_longest_first(data["condition_end"]),
        not_cases=_longest_first(data["not_cases"]),
        not_case_names=_longest_first(data["not_case_names"]),
        short_not_cases=_longest_first(data["short_not_cases"]),
        time_framings=_longest_first(data["time_framings"]),
        says_nothing=_longest_first(data["says_nothing"]),
        time_within=_longest_first(data["time_within"]),
        max_label=int(data["max_label"]),
        joiner=str(data["joiner"]),
    )


def _amount(text: str) -> tuple[int, str] | None:
    """The first amount a text states, as a number and its unit's kind: "02 ngày làm
    việc" -> (2, "ngày"), "500.000đ" -> (500000, "tiền")."""
    match = _words().amount_re.search(text)
    if match is None:
        return None
    return int(re.sub(r"[.,]", "", match.group(1))), _words().kinds[match.group(2).lower()]


def _stated(text: str, amount: tuple[int, str]) -> list[tuple[int, int]]:
    """Where ``text`` states ``amount``; for a time of hours, where it says "at once"
    ("Cấp ngay") when it states no number of that kind."""
    words = _words()
    spans = [
        m.span()
        for m in words.amount_re.finditer(text)
        if (int(re.sub(r"[.,]", "", m.group(1))), words.kinds[m.group(2).lower()]) == amount
    ]
    if spans or amount[1] not in words.at_once_kinds:
        return spans
    if any(words.kinds[m.group(2).lower()] == amount[1] for m in words.amount_re.finditer(text)):
        return []
    lower = text.lower()
    return [
        (m.start(), m.end())
        for phrase in words.at_once
        for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", lower)
    ]


def _starts_with(text: str, phrase: str) -> bool:
    return text == phrase or text.startswith(phrase + " ")


def _begins(text: str, phrase: str) -> bool:
    """Whether ``text`` begins with the whole words ``phrase`` ("trực tiếp, qua mạng …",
    "trực tiếp: nộp …" begin with "trực tiếp")."""
    return re.match(rf"{re.escape(phrase)}(?![^\W_])", text) is not None


def _strip_framings(text: str) -> str:
    changed = True
    while changed:
        changed = False
        lower = text.lower()
        for framing in _words().framings:
            if _starts_with(lower, framing):
                text, changed = text[len(framing) :].lstrip(" ,:"), True
                break
    return text


def _clean(head: str, kind: str | None = None) -> str | None:
    """A heading or clause as a label: without numbering, framing words and end marks;
    None where it names no case — nor where it states a time (or an amount) of the
    value's ``kind`` itself ("Trong thời hạn 05 ngày làm việc: …")."""
    words = _words()
    text = " ".join(INVISIBLE_RE.sub("", head).split()).strip(" -+•*")
    text = ENUMERATOR_RE.sub("", text, count=1).strip(" -+•*")
    if any(_starts_with(text.lower(), phrase) for phrase in words.not_cases):
        return None
    text = _strip_framings(_before_unopened(text)).rstrip(TRAILING_PUNCTUATION)
    lower = text.lower()
    if len(text.split()) < 2 or any(
        lower == name or lower.endswith(" " + name) for name in words.not_case_names
    ):
        return None
    stated = {words.kinds[m.group(2).lower()] for m in words.amount_re.finditer(text)}
    if text.count("(") != text.count(")") or kind in stated:
        return None
    return text


def _named(text: str, kind: str | None) -> str | None:
    """The name a case or a clause begins with: "Trường hợp X: …", "(1) Trường hợp X: …",
    "Đối với trường hợp X thì …" -> X; none where the heading introduces a list of its
    own ("Trường hợp tổ chức, cá nhân đề nghị: (1) Cấp đổi …")."""
    words = _words()
    text = ENUMERATOR_RE.sub("", text.lstrip(" -+•*"), count=1)
    if not any(_starts_with(text.lower(), opener) for opener in words.case_openers):
        return None
    lower = text.lower()
    ends = [text.find(":"), text.find("*"), *(lower.find(f" {w} ") for w in words.condition_end)]
    ends += [m.start() for m in re.finditer(r"\.\s", text)][:1]
    # the value itself ends it too ("Đối với cảng … nước ngoài (05 ngày làm việc …")
    ends += [
        m.start() for m in words.amount_re.finditer(text) if words.kinds[m.group(2).lower()] == kind
    ][:1]
    end = min((e for e in ends if e > 0), default=len(text))
    if end > MAX_NAME or (text[end : end + 1] == ":" and _LIST_START_RE.match(text, end + 1)):
        return None
    return _clean(text[:end].rstrip(" ("), kind)


def _heading(text: str, kind: str | None) -> str | None:
    """A heading the case text begins with ("Cảng thủy nội địa tiếp nhận phương tiện thủy
    nước ngoài: + Trong thời hạn …"), when it names a case."""
    text = text.lstrip(" -+•*")
    first = _CLAUSE_END_RE.search(text)
    headed = _HEAD_RE.match(text, 0, first.start() if first else len(text))
    if headed is None:
        return None
    head = headed.group(1)
    if len(head) > MAX_NAME or _LIST_START_RE.match(text, len(head) + 1):
        return None
    return _clean(head, kind)


def _clause_label(text: str, start: int, end: int, kind: str) -> str | None:
    """The case named by the clause stating a value at ``text[start:end]``: the heading
    before it, what follows "đối với" close after it (to the sentence's end: "loại E;
    Giấy phép vận tải loại F, G lần đầu trong năm"), or the condition it begins with."""
    words = _words()
    begins = [m.end() for m in _CLAUSE_END_RE.finditer(text, 0, start)]
    before = text[begins[-1] if begins else 0 : start]
    if ":" in before:
        *heads, gap = before.split(":")
        if len(gap.strip()) <= MAX_GAP and (label := _clean(heads[-1], kind)):
            return label
    clause_end = _CLAUSE_END_RE.search(text, end)
    within = text[end : clause_end.start() if clause_end else len(text)]
    for opener in words.case_after:
        at = re.search(rf"(?<!\w){re.escape(opener)}(?!\w)", within.lower())
        if at and at.start() <= MAX_AFTER and ":" not in within[: at.start()]:
            if label := _clean(_to_sentence_end(text, end + at.end()), kind):
                return label
    return _named(before, kind)


def _to_sentence_end(text: str, start: int) -> str:
    """``text`` from ``start`` to its sentence's end, past a ";" that goes on a list
    ("loại E; Giấy phép vận tải loại F, G lần đầu trong năm") but not one that begins a
    case of its own ("cần xác minh; trường hợp từ chối …")."""
    end = _SENTENCE_END_RE.search(text, start)
    said = text[start : end.start() if end else len(text)]
    for at in (m.start() for m in re.finditer(";", said)):
        rest = ENUMERATOR_RE.sub("", said[at + 1 :].lstrip(" -+•*"), count=1).lower()
        if any(_starts_with(rest, o) for o in (*_words().case_openers, *_words().framings)):
            return said[:at]
    return said


@lru_cache(maxsize=4096)
def value_label(value: str, case: str) -> str | None:
    """The label of the case ``case`` (a channel row's case text) that ``value`` (its
    time or fee, as said) belongs to, whole (``shown_labels`` cuts it); None when none
    is found reliably. A value that is a bare number ("1": a fee cell holding a list's
    number) gets none, nor one ending in brackets of its own ("i (ô lệ phí trên Cổng
    …)"): a second pair would not read."""
    if not _LETTER_RE.search(value) or value.rstrip().endswith(")"):
        return None
    text = INVISIBLE_RE.sub("", case)
    amount = _amount(value)
    kind = amount[1] if amount else None
    if name := _named(text, kind):
        return name
    found: list[str] = []
    for start, end in _stated(text, amount) if amount else []:
        label = _clause_label(text, start, end, amount[1])
        if label and label.lower() not in {f.lower() for f in found}:
            found.append(label)
    if len(found) == 1:
        return found[0]
    if len(found) == 2:
        return _BOTH.join(found)
    if found or kind not in _words().headed_kinds:
        return None
    return _heading(text, kind)


@lru_cache(maxsize=4096)
def short_case_named(value: str, case: str) -> bool:
    """Whether a case short enough to be said whole names the case of ``value`` (its
    channel row's time or fee): it does where a label is found in it ("Trường hợp
    không phải xác minh: …"); not where it tells the way of filing ("Tại TTPVHCC cấp
    tỉnh, xã", "Trực tiếp: nộp hồ sơ …"), says nothing after its heading ("phí: không
    ghi"), restates the time itself ("06 ngày làm việc, kể từ ngày nhận đủ hồ sơ"
    beside "6 ngày làm việc") or is a time beside a fee ("Kể từ khi nhận đủ hồ sơ")."""
    words = _words()
    text = " ".join(INVISIBLE_RE.sub("", case).split()).strip(" -+•*")
    lower = text.lower()
    if value_label(value, case):
        return True
    if any(_begins(lower, p) for p in (*words.not_cases, *words.short_not_cases)):
        return False
    last = _LAST_PART_RE.search(lower)
    if last and last.group(1).strip(TRAILING_PUNCTUATION) in words.says_nothing:
        return False
    said, own = _amount(value), _amount(text)
    if own and said and own == said:
        return False
    is_time = said is not None and said[1] in words.headed_kinds
    if not is_time and (
        (own and own[1] in words.headed_kinds)
        or any(_begins(lower, p) for p in words.time_framings)
        or any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", lower) for p in words.time_within)
    ):
        return False
    return True


@lru_cache(maxsize=4096)
def names_own_case(value: str) -> bool:
    """Whether a value says its case itself: a fee's note "Thẻ tạm trú có thời hạn không
    quá 02 năm: 145 USD/thẻ"."""
    amount = _amount(value)
    if amount is None:
        return False
    for start, _ in _stated(value, amount):
        begins = [m.end() for m in _CLAUSE_END_RE.finditer(value, 0, start)]
        before = value[begins[-1] if begins else 0 : start]
        if ":" in before:
            *heads, gap = before.split(":")
            if len(gap.strip()) <= MAX_GAP and _clean(heads[-1], amount[1]):
                return True
    return False


def shown_labels(labels: Sequence[str]) -> dict[str, str] | None:
    """How each of a channel's labels is said: cut to a few words (``max_label``), a
    label whose cut reads like another's beginning showing where it differs ("… khoáng
    sản nhóm IV"); None where two cannot be told apart."""
    fulls = list(dict.fromkeys(labels))
    shown = {label: _shortened(label) for label in fulls}
    for a in fulls:
        for b in fulls:
            if a != b and _alike(shown[a], b):
                _show_difference(a, b, shown)
    said = [shown[label] for label in fulls]
    if any(s is None for s in said) or any(
        _reads_like(shown[a], shown[b]) for a in fulls for b in fulls if a != b
    ):
        return None
    joiner = _words().joiner
    return {
        label: joiner.join(_lower_first(part) for part in (shown[label] or "").split(_BOTH))
        for label in fulls
    }


def _reads_like(shown: str | None, other: str | None) -> bool:
    """Whether a label as shown cannot be told from another as shown: the same, or all
    it says before its cut is how the other begins."""
    if shown is None or other is None:
        return True
    mine, theirs = shown.casefold(), other.removeprefix("… ").casefold()
    return mine == other.casefold() or (
        mine.endswith("…") and theirs.startswith(mine.removesuffix("…"))
    )


def _alike(shown: str | None, other: str) -> bool:
    """Whether a label as shown says nothing ``other`` does not begin with."""
    if shown is None or shown.startswith("…"):
        return False
    return other.casefold().startswith(shown.removesuffix("…").casefold())


def _show_difference(a: str, b: str, shown: dict[str, str | None]) -> None:
    """``a`` and ``b``, alike as shown: each that goes on past their shared words shows
    where it parts — from there when a phrase begins there ("… khi thay đổi địa điểm
    …"), else from the word a comma ends ("… hợp lệ, cơ quan Kiểm lâm …"), else from
    three words before ("… khoáng sản nhóm IV": a word is often two syllables)."""
    wa, wb = a.split(), b.split()
    shared = shared_words([wa, wb])
    comma = shared > 0 and any(w[shared - 1][-1] in TRAILING_PUNCTUATION for w in (wa, wb))
    for label, words in ((a, wa), (b, wb)):
        if len(words) <= shared:
            continue
        phrase = any(starts(words, shared, w) for w in label_words().breaks)
        back = 0 if phrase else 2 if comma else 3
        tail = _shortened(" ".join(words[max(shared - back, 1) :]))
        shown[label] = "… " + tail if tail else None


def _before_unopened(text: str) -> str:
    """``text`` up to a closing bracket it did not open: what follows "đối với" inside
    brackets ends with them ("03 ngày … (đối với tất cả các cơ sở chăn nuôi …)")."""
    depth = 0
    for at, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return text[:at]
    return text


def _lower_first(text: str) -> str:
    """ "Cấp chứng nhận đăng ký xe" as said inside a sentence: "cấp chứng nhận …"; a name
    ("Sở Xây dựng", "Cảng vụ Hàng hải", "Cấp Giấy phép …") or an abbreviation ("ABTC")
    keeps its capital."""
    first, *rest = text.split()
    if first[1:] != first[1:].lower() or any(w[:1].isupper() for w in rest[:2]):
        return text
    return text[:1].lower() + text[1:]


def _shortened(text: str) -> str | None:
    """``text`` cut to ``max_label`` (``VALUE_LABEL_CUT``: at a phrase, else a word, with
    "…"), never beside a negation ("… không…" or "…| không tiếp nhận") nor inside
    brackets; each of two clauses' labels on its own. None when too little is left."""
    if _BOTH in text:
        parts = [_shortened(part) for part in text.split(_BOTH)]
        return None if None in parts else _BOTH.join(p for p in parts if p)
    return cut_clear(text, _words().max_label, VALUE_LABEL_CUT)
