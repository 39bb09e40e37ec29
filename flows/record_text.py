"""How a record's text is put into a reply: cut to a length after a whole sentence, or
where its meaning stays (``cut_clear``: a step's line, a case's button, a value's case),
a procedure's name as said in a sentence or a title, case labels for buttons, a paper's
name without the source's own numbering and the papers in the source's order, the
passages of a record that answer a question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from flows.case_label_words import (
    TRAILING_PUNCTUATION,
    breaks_at,
    label_word,
    label_words,
    shared_words,
    starts,
    word_key,
)
from knowledge.procedures.records import DocumentInfo

MAX_FIELD_CHARS = 700  # a long text field is cut here in a short answer
MAX_CASE_LABEL = 60
# A title names the procedure in full up to here: 189 national names are longer (one of
# 560 characters), and the code beside it identifies the record.
MAX_TITLE_CHARS = 250
# Where a sentence ends, for cutting (``cut_text``): never at ":" or ";", after which the
# thing itself is often named ("… thì hồ sơ còn có: Phiếu thu thập thông tin dân cư").
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")
_PROCEDURE_WORD_RE = re.compile(r"thủ tục\s+", re.IGNORECASE)


# Characters a reader never sees, left inside words by the crawl: "đăng k\u200eý" (30
# notes of civil-status records), a soft hyphen
INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")


def same_text(value: str) -> str:
    """A text as compared for repeats: spacing, letter case and a closing stop aside
    ("1.500.000 đồng." is "1.500.000 đồng"; "… chưa đủ thông tin." is "… chưa đủ thông
    tin")."""
    return " ".join(value.split()).rstrip(TRAILING_PUNCTUATION).casefold()


def cut_text(text: str, limit: int = MAX_FIELD_CHARS) -> str:
    """``text`` on one line, without invisible characters, cut to ``limit`` characters:
    after its last whole sentence when that keeps at least half, else after a word,
    with "…"."""
    text = " ".join(INVISIBLE_RE.sub("", text).split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    sentences = [m.start() for m in SENTENCE_END_RE.finditer(head)]
    if sentences and sentences[-1] >= limit // 2:
        return head[: sentences[-1]] + " …"
    return head.rsplit(" ", 1)[0] + "…"


def cut_list(text: str, limit: int = MAX_FIELD_CHARS) -> str:
    """A list of names ("Chi cục Kiểm dịch thực vật vùng I, Chi cục … vùng II, …") cut to
    ``limit`` characters after its last whole name, with ", …"; text that is no list, or
    whose first name is already too long, is cut as ``cut_text`` cuts it."""
    text = " ".join(INVISIBLE_RE.sub("", text).split())
    if len(text) <= limit:
        return text
    head = text[: limit - 3]
    at = len(head) if text.startswith(", ", len(head)) else head.rfind(", ")
    if at <= 0:
        return cut_text(text, limit)
    return head[:at] + ", …"


_BULLET_RE = re.compile(r"^\s*[-+•]\s*")


def address_text(text: str) -> str:
    """A record's address for dossiers on one line: a list written as "- " lines (a
    centre, a post office, a portal) is said as its items joined with "; ", a line
    without a dash continuing the item before it ("…đường Nguyễn Chí Thanh,\nphường
    Thành Sen…"); other text as it is."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or not _BULLET_RE.match(lines[0]):
        return text
    items: list[str] = []
    for line in lines:
        bullet = _BULLET_RE.match(line)
        line = line[bullet.end() :] if bullet else line.strip()
        if items and not bullet:
            items[-1] += " " + line
        elif line:
            items.append(line)
    return (
        "; ".join(item.rstrip(" .;") for item in items[:-1])
        + "; " * (len(items) > 1)
        + (items[-1] if items else "")
    )


# A level written with a capital inside an agency's name: "Công an cấp Xã", "cấp Tỉnh"
_LEVEL_CAPITAL_RE = re.compile(r"\bcấp (Xã|Tỉnh|Huyện)\b")


def agency_text(text: str) -> str:
    """An agency's name as a sentence writes it: "Công an cấp xã", not "cấp Xã"."""
    return _LEVEL_CAPITAL_RE.sub(lambda m: "cấp " + m.group(1).lower(), text)


def display_name(name: str) -> str:
    """A procedure's name as put into a sentence or a title: without the "Thủ tục" many
    national names begin with (the title says it already) and without a final period.
    "Thủ tục đăng ký khai sinh." -> "Đăng ký khai sinh"."""
    name = " ".join(name.split()).rstrip(TRAILING_PUNCTUATION)
    match = _PROCEDURE_WORD_RE.match(name)
    if match and len(name) > match.end():
        name = name[match.end() :]
        name = name[:1].upper() + name[1:]
    return name


def short_name(name: str, limit: int = MAX_TITLE_CHARS) -> str:
    """``display_name`` cut for a title: before the last ";" or "," (else word) that keeps
    at least half of ``limit``, with "…" ("Đăng ký biến động … chuyển nhượng, thừa kế,
    tặng cho quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất …")."""
    name = display_name(name)
    if len(name) <= limit:
        return name
    head = name[:limit]
    cut = max(head.rfind(";"), head.rfind(","))
    if cut >= limit // 2:
        return head[:cut] + " …"
    return head.rsplit(" ", 1)[0] + " …"


# A case's numbering, dropped from its button: "a)", "1.", "(ii)", "(1.1)", "a.2)", "II.",
# "(*)", and a list's bullet ("-", "+", "•", "*")
ENUMERATOR_RE = re.compile(
    r"^\s*(?:\((?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[ivx]{1,5}|\*)\)"
    r"|(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ](?:\.\d{1,2})*|[ivx]{1,5})[).:]"
    r"|[-+•*])\s+",
    re.IGNORECASE,
)
# The source's list marks inside a text the answer gives on one line: at its start, at a
# line's start, and after a sentence or a colon ("kèm ghi chú: + 160.000/hộ chiếu",
# "135.000 đồng/lần. - Trường hợp …", "kiểm tra hồ sơ:\n+ Nếu hồ sơ đầy đủ"); a dash
# between words stays ("Công chức tư pháp - hộ tịch").
# A doubled mark ("tiếp nhận: ++ Trường hợp …") is one too, and so is a mark glued to
# the stage it begins ("+Bước 1."); a mark that ends a text ("… casino. +", "Khai thuế
# tài nguyên +") is dropped.
_LIST_MARK_RE = re.compile(
    r"(?:^\s*|(?<=[.;:])\s+|[ \t]*\n\s*)(?:[-+•*]{1,2}\s+|\+(?=Bước\s*\d))"
    r"|\s+[-+•]{1,2}\s*$"  # not "*": a footnote's mark
)
# A stage of a procedure as its source names it: "Bước 1:", "Bước 2.", "Bước 3 -"
STAGE_RE = re.compile(r"^Bước\s*\d+", re.IGNORECASE)
# A stage the crawl glued to the line before it ("…gov.vn).\nb) Bước 2: Tiếp nhận …",
# "Trình tự thực hiện:\n- Bước 1: …"), or to the sentence before it on the same line
# ("… chỉ tiêu trên tờ khai hải quan. Bước 2: Cơ quan hải quan …", "… đến Việt Nam Bước
# 1: Khi đưa hàng …", "… nhà thầu phụ nước ngoài + Bước 1. Nhà thầu …"): a stage begins
# its own line, after a sentence or a list mark, or as "Bước 2:".
_GLUED_STAGE_RE = re.compile(
    r"\n+(?=\s*(?:[-+•*]{1,2}\s*|[a-zđ\d]{1,2}[).]\s*)?Bước\s*\d)"
    r"|(?:(?<=[.;!?])[ \t]+(?:[-+•*]{1,2}[ \t]*)?|[ \t]+)(?=Bước\s*\d{1,2}\s*:)"
    r"|(?:(?<=[.;!?])[ \t]+(?:[-+•*]{1,2}[ \t]*)?|[ \t]+[-+•*]{1,2}[ \t]*)"
    r"(?=Bước\s*\d{1,2}\s*\.\s)",
    re.IGNORECASE,
)


# A stage its list mark is glued to ("+Bước 1. Tổ chức …")
_MARKED_STAGE_RE = re.compile(r"^[-+•*]{1,2}\s*(?=Bước\s*\d)", re.IGNORECASE)


def without_list_marks(text: str) -> str:
    """``text`` without the list marks of its source (see ``_LIST_MARK_RE``)."""
    return _LIST_MARK_RE.sub(lambda m: " " if m.start() else "", text).strip()


def step_texts(texts: Sequence[str]) -> tuple[list[str], bool]:
    """The steps' texts without their source's marks, a stage the crawl glued to the end
    of the text before it on a line of its own ("… dichvucong.gov.vn).\nb) Bước 2: Tiếp
    nhận và kiểm tra hồ sơ": 148 national records), and whether the source names its
    stages."""
    pieces = [piece for text in texts for piece in _GLUED_STAGE_RE.split(text)]
    plain = [ENUMERATOR_RE.sub("", f"{text} ", count=1).strip() for text in pieces]
    plain = [text.lstrip(TRAILING_PUNCTUATION) for text in plain]  # ". - Trong thời hạn …"
    plain = [_MARKED_STAGE_RE.sub("", text, count=1) for text in plain]  # "+Bước 1."
    plain = [text for text in plain if any(c.isalnum() for c in without_list_marks(text))]
    return plain, sum(1 for text in plain if STAGE_RE.match(text)) >= 2


# The whole steps ("Xem đầy đủ") cut only a step past this (1% of the catalogue's, up to
# 22,600 characters); the source cited under them has the rest
WHOLE_STEP_CHARS = 2000


def step_lines(texts: Sequence[str], limit: int = WHOLE_STEP_CHARS) -> list[str]:
    """A procedure's steps, a line each. Where the source names its stages ("Bước 1:
    Chuẩn bị hồ sơ", "Bước 2: Nộp hồ sơ"), each stage is a line as the source numbers
    it and what the source says between them a "- " line under it — never our number in
    front of its own ("1. Bước 1: …", "7. Bước 3: …"); else our numbers."""
    raw, staged = step_texts(texts)
    plain = [without_list_marks(text) for text in raw]
    if not staged:
        return [f"{n}. {cut_text(text, limit)}" for n, text in enumerate(plain, 1)]
    return [
        cut_text(text, limit) if STAGE_RE.match(text) else f"- {cut_text(text, limit)}"
        for text in plain
    ]


def _phrase_ends(words: Sequence[str], within: int) -> list[int]:
    """Where, among the first ``within`` words of a label, the words before may be
    dropped and the rest read alone: after the framings it begins with ("Thành phần hồ
    sơ" "đối với trường hợp") or an opener (flows/case_label_words.yml)."""
    lw = label_words()
    ends, at = [], 0
    while framing := next((f for f in lw.framings if starts(words, at, f)), None):
        at += len(framing)
        ends.append(at)
    for start in range(at, within):
        ends += [start + len(o) for o in lw.openers if starts(words, start, o)]
    return sorted(e for e in set(ends) if e <= within)


def _dropped(bodies: list[list[str]]) -> list[int]:
    """How many of its first words each label drops: the words all labels begin with,
    else as many as end a phrase (``_phrase_ends``), keeping every label two words at
    least. Not past a shared word that the next word of a label modifies ("cấp | lại",
    "tạm | nhập": no label then drops it), nor, in a label, up to a word that only goes
    on a phrase ("của cá nhân": that label keeps its phrase's head). None where the
    labels part at the same word, once with a comma ("quy hoạch," and "quy hoạch tổng
    mặt bằng")."""
    if len(bodies) < 2:
        return [0] * len(bodies)
    lw = label_words()
    shortest = min(len(b) for b in bodies)
    shared = 0
    while shared < shortest and len({b[shared].lower() for b in bodies}) == 1:
        shared += 1
    if shared < shortest and len({word_key(b[shared]) for b in bodies}) == 1:
        return [0] * len(bodies)
    modified = shared > 0 and label_word(bodies[0][shared - 1]) in lw.prefixes
    modified |= any(starts(b, shared, m) for b in bodies for m in lw.modifiers)
    dropped = []
    for body in bodies:
        whole = not modified and not any(starts(body, shared, c) for c in lw.complements)
        ends = [*_phrase_ends(body, shared), *([shared] if whole else [])]
        fits = [end for end in ends if shortest - end >= 2]
        dropped.append(max(fits, default=0))
    return dropped


# What ends a clause a step's line may be cut after (``CutRule.after_clause``), and where
# its clause ends when the clause is given whole
CLAUSE_MARKS = (",", ";", ":")
_CLAUSE_END_RE = re.compile(r"(?<=[.!?,;:])\s+")


@dataclass(frozen=True)
class CutRule:
    """Where ``cut_clear`` cuts a text too long for its place."""

    # True (a step's line): its first sentence when that fits ("Bước 1." is none), else
    # after a clause keeping half, else after the latest clear word, never keeping less
    # than a third; where no cut is clear, the clause whole. False (a label): where a
    # phrase of its own begins (after ",", ";", "." or before a break word: "… ra công
    # chúng | của công ty") in the last third, else after the latest clear word.
    after_clause: bool = False
    # Which cut is clear of a negation: "beside", never just before or after one ("…
    # | không tiếp nhận", "… hợp pháp không…"); "clause", nor two words after one, nor
    # with one in the rest of the clause cut, nor after a word that goes on a phrase
    # ("của", "thì"); "", any cut (a break word after a negation begins no phrase).
    negation: Literal["", "beside", "clause"] = ""
    brackets: bool = False  # never inside brackets


# A step's line in the short steps (flows/short_steps.py): the opposite of the source
# is never shown, nor a hanging clause
STEP_CUT = CutRule(after_clause=True, negation="clause")
# and, where such a cut fits, never inside brackets ("… Công an cấp tỉnh…", not "… cấp
# tỉnh (Phòng Cảnh sát …, Công an các tỉnh…")
STEP_CUT_OUTSIDE_BRACKETS = CutRule(after_clause=True, negation="clause", brackets=True)
# A case's button (``case_labels``)
BUTTON_CUT = CutRule()
# A value's case said in a sentence (flows/value_cases.py)
VALUE_LABEL_CUT = CutRule(negation="beside", brackets=True)


def cut_clear(text: str, limit: int, rule: CutRule) -> str | None:
    """``text`` on one line, whole when it fits in ``limit`` characters, else cut with
    "…" where its meaning stays, as ``rule`` says: never where what is shown says the
    opposite of the source ("hồ sơ | không hợp lệ") or hangs. None for a label no clear
    cut of two words or more is left for."""
    text = " ".join(INVISIBLE_RE.sub("", text).split())
    if len(text) <= limit:
        return text
    if rule.after_clause:
        stage = STAGE_RE.match(text)  # "Bước 1. Nộp hồ sơ" is no sentence "Bước 1."
        first = _sentence_end(text, stage.end() + 2 if stage else 0)
        if first and first.start() <= limit:
            return text[: first.start()] + " …"
    words = text[:limit].split(" ")[:-1]  # whole words, room for "…"
    shortest = limit // 3 if rule.after_clause else 0
    chosen = latest = None  # the cut at a clause or phrase; the latest clear cut
    for at in range(len(words), 1, -1):
        kept = " ".join(words[:at])
        if len(kept) < shortest:
            break
        if not _clear(text, words, at, rule):
            continue
        if _at_phrase(words, at, limit, rule):
            chosen = kept
            break
        latest = latest or kept
    chosen = chosen or latest
    if chosen is None:
        if not rule.after_clause:
            return None
        end = _CLAUSE_END_RE.search(text, limit)  # a negation in every cut: the clause whole
        chosen = text[: end.start() if end else len(text)]
        if len(chosen) > 2 * limit:
            return cut_text(text, limit)
    if len(chosen) == len(text):
        return text
    return chosen.rstrip(TRAILING_PUNCTUATION) + "…"


# A list's number or letter ("Nộp hồ sơ 1. Người tham gia", "a. Trường hợp"): its "."
# ends no sentence
_ENUMERATOR_END_RE = re.compile(r"(?:^|\s)(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]\d?|[ivx]{1,4})\.$", re.I)


def _sentence_end(text: str, start: int) -> re.Match[str] | None:
    """Where the first sentence of ``text`` from ``start`` ends: not after a list's own
    number ("Bước 2. Nộp hồ sơ 1. Người tham gia: …" is no sentence "… hồ sơ 1.")."""
    for end in SENTENCE_END_RE.finditer(text, start):
        if not _ENUMERATOR_END_RE.search(text, 0, end.start()):
            return end
    return None


def _at_phrase(words: Sequence[str], at: int, limit: int, rule: CutRule) -> bool:
    """Whether a cut before word ``at`` is where ``rule`` would rather cut: after a
    clause keeping half (a step), where a phrase begins in the last third (a label)."""
    kept = " ".join(words[:at])
    if rule.after_clause:
        return kept.endswith(CLAUSE_MARKS) and len(kept) >= limit // 2
    if at == len(words) or len(kept.rstrip(TRAILING_PUNCTUATION)) < limit * 2 // 3:
        return False  # the phrase begins with a word shown whole, past two thirds
    return words[at - 1].endswith((",", ";", ".")) or breaks_at(words, at)


def _clear(text: str, words: Sequence[str], at: int, rule: CutRule) -> bool:
    """Whether a cut before word ``at`` of ``text`` is clear of what ``rule`` keeps
    whole: a negation, brackets."""
    kept = " ".join(words[:at])
    if rule.brackets and kept.count("(") > kept.count(")"):
        return False
    if not rule.negation:
        return True
    lw = label_words()
    after = text[len(kept) :].split()
    looked = [words[at - 1], *after[:1]]
    if rule.negation == "clause":
        if label_word(words[at - 1]) in lw.goes_on:
            return False
        looked.append(words[at - 2])
        if not kept.endswith(CLAUSE_MARKS):  # the rest of the clause cut
            ends = [n for n, w in enumerate(after) if w.endswith((*CLAUSE_MARKS, "."))]
            looked += after[: ends[0] + 1 if ends else len(after)]
    return not any(label_word(w) in lw.negations for w in looked)


def _button(text: str) -> str:
    """``text`` cut for a button (``BUTTON_CUT``)."""
    return cut_clear(text, MAX_CASE_LABEL, BUTTON_CUT) or cut_text(text, MAX_CASE_LABEL)


def case_labels(cases: Sequence[str]) -> list[str]:
    """Short button labels for cases: their numbering and the words all cases begin
    with ("Đối với trường hợp thực hiện thủ tục ...") are dropped, so each label shows
    what sets it apart. Numbering stays where two labels would read the same.

    Where what is left would be a fragment, the shared words are dropped only up to a
    framing ("Trường hợp", "Đối với", "Hồ sơ") or an opener ("của", "đối với")
    (flows/case_label_words.yml): "Hồ sơ đề nghị sát hạch của cá nhân" reads "Sát hạch
    của cá nhân", not "Của cá nhân"; "… hàng hóa tạm nhập, tái xuất" reads "Hàng hóa tạm
    nhập, tái xuất", not "Nhập, tái xuất". A label too long is cut where a phrase
    begins (``BUTTON_CUT``)."""
    marks, bodies = [], []
    for case in cases:
        match = ENUMERATOR_RE.match(case)
        marks.append(match.group(0).strip() + " " if match else "")
        bodies.append(case[match.end() :].split() if match else case.split())
    dropped = _dropped(bodies)
    plain = [" ".join(words[n:]).rstrip(" .;") for n, words in zip(dropped, bodies, strict=True)]
    plain = [body[:1].upper() + body[1:] for body in plain]
    if len({body.lower() for body in plain}) < len(plain):
        plain = [mark + " ".join(words) for mark, words in zip(marks, bodies, strict=True)]
    labels = [_button(body) for body in plain]
    return _apart(labels, [body.split() for body in plain])


# Of two labels that read the same once cut, each keeps its first words (up to a comma
# among the first few, else before a break word, else this many), then "…" and the
# two words before where they differ
LABEL_HEAD_WORDS = 4


def _head(words: list[str]) -> list[str]:
    """A label's first words: up to the first comma among its first five, else up to a
    break word after its second, else four (a word is often two syllables)."""
    for i, word in enumerate(words[:5]):
        if word.endswith(","):
            return words[: i + 1]
    for at in range(2, min(len(words), 6)):
        if breaks_at(words, at):
            return words[:at]
    return words[:LABEL_HEAD_WORDS]


def _apart(labels: list[str], words: list[list[str]]) -> list[str]:
    """``labels``, where two or more read the same once cut ("Giao đất, cho thuê đất
    không thông qua hình thức đấu giá…" twice), made to show where their cases differ:
    "Giao đất … thuộc diện chấp thuận chủ trương…" and "Giao đất … thuộc diện không
    chấp thuận…". Several alike are told apart a group at a time."""
    shown = list(labels)
    for _ in range(len(labels)):  # each round splits at least one group further
        groups: dict[str, list[int]] = {}
        for i, label in enumerate(shown):
            groups.setdefault(label.lower(), []).append(i)
        alike = [members for members in groups.values() if len(members) > 1]
        if not alike:
            break
        changed = False
        for members in alike:
            differ = shared_words([words[i] for i in members])
            for i in members:
                head = _head(words[i])
                tail = words[i][max(differ - 2, len(head)) :]
                said = " ".join(head).rstrip(TRAILING_PUNCTUATION)
                said += " … " + " ".join(tail) if tail else ""
                label = _button(said.rstrip(TRAILING_PUNCTUATION))
                changed |= label != shown[i]
                shown[i] = label
        if not changed:
            break
    return shown


# The name of a file the portal's page attached, glued by the crawl to the end of a
# paper's name without its diacritics: "(… Thông tư số 53/2025/TT-BCA).1.MuCT01banhnhkmtheo",
# "… NĐ-CP.Mus12-Phlc", "… (song ngữ Việt-Anh)6.nxincpgianhnsaiGPcatchcCNN" (26 records).
_ATTACHMENT_RE = re.compile(r"(?:(?:\d{1,2}\.)+|(?<=[.;)]))[A-Za-z][A-Za-z0-9.\-]{9,}$")


# A sentence's period glued to the next one by the crawl: "ký xác nhận.Trường hợp …"
_GLUED_PERIOD_RE = re.compile(r"(?<=\w\w)\.(?=\w\w)")


def _glued_period(match: re.Match[str]) -> str:
    text, at = match.string, match.start()
    words_meet = text[at - 1].islower() and text[at + 1].isupper() and text[at + 2].islower()
    return ". " if words_meet else "."


def leading_notes(notes: Sequence[str], limit: int) -> list[str]:
    """A record's first ``limit`` notes, without a last one that only introduces the
    notes after it ("Đối với giấy tờ nộp, xuất trình:")."""
    shown = list(notes[:limit])
    while shown and len(shown) < len(notes) and shown[-1].rstrip().endswith(":"):
        shown.pop()
    return shown


def document_name(doc: DocumentInfo) -> str:
    """A paper's name without the numbering the source gave it ("(5)", "(ii)", "a)"),
    without the name of an attached file the crawl glued to its end, and with a space
    after a sentence the crawl glued to the next ("xác nhận. Trường hợp")."""
    name = ENUMERATOR_RE.sub("", doc.name, count=1) or doc.name
    name = _ATTACHMENT_RE.sub("", name).rstrip(" ;") or name
    return _GLUED_PERIOD_RE.sub(_glued_period, name)


# The source's own mark of a paper in its list: "a)", "đ)", "(3)", "2."
_SOURCE_MARK_RE = re.compile(r"^\s*(?:\((\d{1,2})\)|(\d{1,2})[.)]|([a-zđ])\))\s", re.IGNORECASE)
_LETTERS = "abcdđefghijklmnopqrstuvwxyz"


def source_order(docs: Sequence[DocumentInfo]) -> list[DocumentInfo]:
    """The papers of one case in the order their source numbered them: the crawl of
    the portal lists them shuffled in 154 records ("d) … b) Đơn đề nghị … a) Sổ BHXH").
    Only when every paper carries a mark of the same kind (all letters or all numbers);
    otherwise the record's order."""
    marks = [_SOURCE_MARK_RE.match(d.name) for d in docs]
    if len(docs) < 2 or not all(marks):
        return list(docs)
    numbers = [m.group(1) or m.group(2) for m in marks if m]
    letters = [m.group(3).lower() for m in marks if m and m.group(3)]
    if len(numbers) == len(docs) and all(numbers):
        keys = [int(n) for n in numbers]
    elif len(letters) == len(docs):
        keys = [_LETTERS.index(letter) for letter in letters]
    else:
        return list(docs)
    return [doc for _, doc in sorted(zip(keys, docs, strict=True), key=lambda kd: kd[0])]
