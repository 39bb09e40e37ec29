"""How a record's text is put into a reply: cut to a length after a whole sentence,
a procedure's name as said in a sentence, case labels for buttons, a paper's name
without the source's own numbering."""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.procedures.records import DocumentInfo

MAX_FIELD_CHARS = 700  # a long text field is cut here in a short answer
MAX_CASE_LABEL = 60
# Where a sentence ends, for cutting (``cut_text``): never at ":" or ";", after which the
# thing itself is often named ("… thì hồ sơ còn có: Phiếu thu thập thông tin dân cư").
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")
TRAILING_PUNCTUATION = " .;:,"
_PROCEDURE_WORD_RE = re.compile(r"thủ tục\s+", re.IGNORECASE)


def cut_text(text: str, limit: int = MAX_FIELD_CHARS) -> str:
    """``text`` on one line, cut to ``limit`` characters: after its last whole sentence
    when that keeps at least half, else after a word, with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    sentences = [m.start() for m in SENTENCE_END_RE.finditer(head)]
    if sentences and sentences[-1] >= limit // 2:
        return head[: sentences[-1]] + " …"
    return head.rsplit(" ", 1)[0] + "…"


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


# A case's numbering, dropped from its button: "a)", "1.", "(ii)", "(1.1)", "a.2)", "II.", "(*)"
ENUMERATOR_RE = re.compile(
    r"^\s*(?:\((?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[ivx]{1,5}|\*)\)"
    r"|(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ](?:\.\d{1,2})*|[ivx]{1,5})[).:]"
    r"|[-+•])\s+",
    re.IGNORECASE,
)


def _word_key(word: str) -> str:
    """A word compared for a shared beginning: "hoạch," is "hoạch"."""
    return word.rstrip(TRAILING_PUNCTUATION).lower()


def case_labels(cases: Sequence[str]) -> list[str]:
    """Short button labels for cases: their numbering and the words all cases begin
    with ("Đối với trường hợp thực hiện thủ tục ...") are dropped, so each label shows
    what sets it apart. Numbering stays where two labels would read the same.

    The shared words are dropped only up to where the cases differ: a Vietnamese word
    may be two syllables ("trường hợp"), so stopping earlier, to leave each label two
    words, could cut one in half ("Trường hợp chung" read "Hợp chung"), and so could
    stopping where the same word differs only by a comma ("quy hoạch," and "quy
    hoạch tổng mặt bằng" read "Hoạch, …"); then nothing is dropped."""
    marks, bodies = [], []
    for case in cases:
        match = ENUMERATOR_RE.match(case)
        marks.append(match.group(0).strip() + " " if match else "")
        bodies.append(case[match.end() :].split() if match else case.split())
    shared = 0
    if len(bodies) > 1:
        shortest = min(len(b) for b in bodies)
        while shared < shortest and len({b[shared].lower() for b in bodies}) == 1:
            shared += 1
        if shortest - shared < 2 or len({_word_key(b[shared]) for b in bodies}) == 1:
            shared = 0
    plain = [" ".join(words[shared:]) for words in bodies]
    plain = [body[:1].upper() + body[1:] for body in plain]
    if len({body.lower() for body in plain}) < len(plain):
        plain = [mark + " ".join(words) for mark, words in zip(marks, bodies, strict=True)]
    return [cut_text(body, MAX_CASE_LABEL) for body in plain]


def document_name(doc: DocumentInfo) -> str:
    """A paper's name without the numbering the source gave it ("(5)", "(ii)", "a)")."""
    return ENUMERATOR_RE.sub("", doc.name, count=1) or doc.name
