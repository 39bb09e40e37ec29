"""A paper asked about while a procedure is discussed: "có cần mang theo cccd không"
after the documents of a marriage asks whether an identity paper is among them, not
about the identity-card procedure "cccd" names. Which paper is asked, and which of a
record's documents name it. Word lists: ``bring_words`` and ``papers`` in
flows/mentions.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from flows.mentions import mentions
from flows.procedures import mentions_unknown_procedure
from knowledge.procedures.records import DocumentInfo, ProcedureInfo
from nlu.normalize import fold, normalize
from nlu.terms import content_words

_WORD = re.compile(r"\w+")
_PAPER = "paper"  # stands for the paper named, to see whether a verb is said of it


@dataclass(frozen=True)
class AskedPaper:
    """A paper asked about: its kind's phrases (``papers`` in mentions.yml, with
    diacritics), or, of a kind not listed, the folded words it was asked with."""

    phrases: tuple[str, ...] = ()
    words: frozenset[str] = frozenset()


@cache
def _lists() -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...], frozenset[str]]:
    """The bring phrases and each kind's phrases, as word tuples (longest first), and
    the folded words that name nothing in a question about a paper (question and
    follow-up words, words said of a paper, and procedure verbs: "khi đi đăng ký")."""
    data = mentions()

    def tuples(phrases) -> tuple[tuple[str, ...], ...]:
        found = (tuple(_WORD.findall(normalize(p))) for p in phrases)
        return tuple(sorted({w for w in found if w}, key=lambda w: (-len(w), w)))

    quiet: set[str] = set()
    for key in ("question_words", "follow_up_words", "procedure_verbs", "paper_words"):
        for phrase in data[key]:  # its words as said alone, and as read in a message
            quiet |= {*fold(phrase).split(), *content_words(phrase)}
    return tuples(data["bring_words"]), tuple(tuples(k) for k in data["papers"]), frozenset(quiet)


@dataclass(frozen=True)
class _Said:
    """The words of a text, and folded, each made once: ``_find`` compares phrases with
    them many times."""

    words: tuple[str, ...]
    folded: tuple[str, ...]
    accented: bool

    @classmethod
    def of(cls, words: list[str] | tuple[str, ...]) -> _Said:
        words = tuple(words)
        folded = tuple(_folded_word(w) for w in words)
        return cls(words, folded, any(not w.isascii() for w in words))


@lru_cache(maxsize=8192)
def _folded_word(word: str) -> str:
    return fold(word)


def _find(said: _Said, phrase: tuple[str, ...], start: int = 0, *, only_at: bool = False) -> int:
    """Where ``phrase`` begins in the words ``said`` (from ``start``; with ``only_at``,
    at ``start`` alone), else -1. A phrase of one word is compared with its diacritics
    ("ảnh" is no "anh") unless ``said`` has none; a longer one without ("giấy tờ tuỳ
    thân" is "giấy tờ tùy thân")."""
    words = said.words
    if len(phrase) > 1 or not said.accented:
        words = said.folded
        phrase = tuple(_folded_word(w) for w in phrase)
    last = start if only_at else len(words) - len(phrase)
    for i in range(start, last + 1):
        if words[i : i + len(phrase)] == phrase:
            return i
    return -1


def _names_nothing(words: list[str]) -> bool:
    return not (content_words(" ".join(words)) - _lists()[2])


def asked_paper(text: str, yes_no: bool) -> AskedPaper | None:
    """The paper ``text`` asks whether to bring ("có cần mang theo cccd không", "có phải
    mang theo ảnh không"; a listed kind also without a word of bringing in a yes/no
    question: "có cần cccd không"), else None. Nothing but question words may come
    before it ("làm cccd có cần mang ảnh không" asks about the identity card)."""
    bring, kinds, quiet = _lists()
    said = _WORD.findall(normalize(text))
    whole = _Said.of(said)
    paper: list[str] | None = None
    for start in range(len(said)):
        phrase = next((p for p in bring if _find(whole, p, start, only_at=True) == start), None)
        if phrase is not None:
            if _names_nothing(said[:start]):
                paper = said[start + len(phrase) :]
            break
    if paper is None:
        if not yes_no:
            return None
        paper = said
    paper_said = whole if paper is said else _Said.of(paper)
    named = [k for k in kinds if any(_find(paper_said, p) >= 0 for p in k)]
    if not named:
        if paper is said or mentions_unknown_procedure(" ".join(paper)):
            return None
        words = frozenset(content_words(" ".join(paper)) - quiet)
        return AskedPaper(words=words) if words else None
    rest = list(paper)
    for phrase in named[0]:
        at = _find(_Said.of(rest), phrase)
        if at >= 0:
            rest[at : at + len(phrase)] = [_PAPER]
    # "có cần mang theo cccd không" names nothing else; "cần mang giấy tờ gì khi làm hộ
    # chiếu" names a procedure (a verb said of the paper), "có cần làm lại cccd không" too
    if not _names_nothing([w for w in rest if w != _PAPER]):
        return None
    if mentions_unknown_procedure(" ".join(rest)):
        return None
    return AskedPaper(phrases=tuple(" ".join(p) for p in named[0]))


def paper_asked_of(text: str, yes_no: bool) -> AskedPaper | None:
    """The paper a message asks whether to bring for the procedure it names before
    ("làm hộ chiếu cho con có cần giấy khai sinh không"): ``asked_paper`` of what
    follows its first bring or need phrase, as the message names it, else None."""
    bring, _, _ = _lists()
    asking = (*bring, *_needed())
    said = _WORD.findall(normalize(text))
    whole = _Said.of(said)
    for start in range(1, len(said)):
        if any(_find(whole, p, start, only_at=True) == start for p in asking):
            paper = asked_paper(" ".join(said[start:]), yes_no)
            break
    else:
        return None
    # only the kind's phrases the message says: "sổ hộ khẩu" is not every residence
    # paper of its kind ("Tờ khai thay đổi thông tin cư trú")
    phrases = tuple(
        p for p in (paper.phrases if paper else ()) if _find(whole, tuple(p.split())) >= 0
    )
    return AskedPaper(phrases=phrases) if phrases else None


@cache
def _needed() -> tuple[tuple[str, ...], ...]:
    """``needed_words`` (flows/mentions.yml) as word tuples."""
    return tuple(tuple(_WORD.findall(normalize(p))) for p in mentions().get("needed_words", ()))


def documents_naming(info: ProcedureInfo, paper: AskedPaper) -> list[DocumentInfo]:
    """The record's documents that name ``paper`` (in their name or note); a phrase of
    the procedure's own name names no paper of it ("hộ chiếu" in a passport's forms)."""
    own = content_words(info.name)
    phrases = [p.split() for p in paper.phrases if not content_words(p) <= own]
    found = []
    for doc in info.documents:
        line = f"{doc.name} {doc.note or ''}"
        if phrases:
            said = _Said.of(_WORD.findall(normalize(line)))
            if any(_find(said, tuple(p)) >= 0 for p in phrases):
                found.append(doc)
        elif paper.words and paper.words <= content_words(line):
            found.append(doc)
    return found
