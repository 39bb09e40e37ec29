"""A follow-up about losing the paper of the procedure being discussed: "còn nếu bị mất
thì sao" after "đổi bằng lái xe" is about "Cấp lại giấy phép lái xe", the catalogue's
procedure for that same paper lost, when it has one (its words: flows/lost_paper.yml).

A procedure's paper is its name after the verb ("Đổi | giấy phép lái xe"); a procedure
for it lost is named "Cấp lại" or "Trình báo mất" and then the same paper (one paper's
name may be the start of the other's: "hộ chiếu phổ thông" and "hộ chiếu phổ thông ở
trong nước"), in the same field of the catalogue.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from knowledge.procedures.records import Catalogue, ProcedureInfo
from knowledge.yaml_data import load_yaml
from nlu.terms import base_name, content_words, fold_tokens, shipped_synonyms

WORDS_PATH = Path(__file__).with_name("lost_paper.yml")
_WORD = re.compile(r"\w+")
MIN_PAPER_WORDS = 2  # a paper named by fewer words than this ("thẻ") is no paper


@dataclass(frozen=True)
class LostPaperWords:
    """The words of ``lost_paper.yml``: phrases as tuples of words as written (lower
    case), ``said_with`` folded."""

    lost_names: tuple[tuple[str, ...], ...]
    first_names: tuple[tuple[str, ...], ...]  # longest first
    name_ends: tuple[tuple[str, ...], ...]
    said_with: frozenset[str]


@dataclass(frozen=True)
class _LostProcedure:
    info: ProcedureInfo
    paper: tuple[str, ...]
    says_lost: bool  # its name says the paper was lost ("... do bị mất")


@cache
def lost_paper_words(path: Path = WORDS_PATH) -> LostPaperWords:
    data = load_yaml(path) or {}

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        found = (
            _WORD.findall(unicodedata.normalize("NFC", str(p)).lower()) for p in data.get(key) or ()
        )
        return tuple(sorted((tuple(p) for p in found if p), key=len, reverse=True))

    said = frozenset(fold_tokens(" ".join(w for p in phrases("said_with") for w in p)))
    return LostPaperWords(phrases("lost_names"), phrases("first_names"), phrases("name_ends"), said)


def says_a_loss(text: str) -> bool:
    """Whether ``text`` says something was lost ("bị mất", "đánh rơi"; not "mất bao
    lâu", how long it takes)."""
    synonyms = shipped_synonyms()
    tokens = fold_tokens(text)
    said = [
        t
        for t, after in zip(tokens, [*tokens[1:], ""], strict=True)
        if t not in synonyms.lost_words or after not in synonyms.taken_after
    ]
    return synonyms.says_lost(said)


def asks_only_of_a_loss(text: str, paper_words: frozenset[str] = frozenset()) -> bool:
    """Whether ``text`` says a paper was lost and asks nothing else ("còn nếu bị mất thì
    sao", "nếu đánh rơi thì làm thế nào"; not "mất bao lâu", not "mất sổ đỏ thì sao").
    ``paper_words`` (folded) may be said too: the paper's own ("bằng bị mất rồi thì sao"
    after "đổi bằng lái xe")."""
    if not says_a_loss(text):
        return False
    synonyms = shipped_synonyms()
    loss_words = set(synonyms.lost_words) | {w for p in synonyms.lost_said for w in p.split()}
    return not content_words(text) - loss_words - lost_paper_words().said_with - paper_words


def lost_paper_procedure(catalogue: Catalogue, info: ProcedureInfo) -> ProcedureInfo | None:
    """The catalogue's procedure for the paper of ``info`` lost, or None (``info`` is
    already one, names no paper, or the catalogue has none for it)."""
    words = lost_paper_words()
    said = _name_words(info.name)
    verb = _starts_with(said, words.first_names)
    if verb is None or _starts_with(said, words.lost_names) is not None:
        return None  # no paper named, or already the procedure for it lost
    paper = _paper(said, verb)
    if paper is None:
        return None
    best: tuple[tuple, ProcedureInfo] | None = None
    for lost in _lost_procedures(catalogue):
        if lost.info.slug == info.slug or not _same_field(lost.info, info):
            continue
        shared = _shared_start(paper, lost.paper)
        if shared is None:
            continue
        # the longest shared name, one saying the paper was lost, at the same level, with
        # everyday phrasings (citizens use it), the most used
        key = (
            shared,
            lost.says_lost,
            lost.info.level == info.level,
            bool(lost.info.aliases),
            lost.info.popularity or 0.0,
        )
        if best is None or key > best[0]:
            best = (key, lost.info)
    return best[1] if best else None


@lru_cache(maxsize=4)
def _lost_procedures(catalogue: Catalogue) -> tuple[_LostProcedure, ...]:
    """The catalogue's procedures for a lost paper, with their paper (once a catalogue)."""
    words = lost_paper_words()
    lost_words = shipped_synonyms().lost_words
    found = []
    for info in catalogue.all():
        said = _name_words(info.name)
        verb = _starts_with(said, words.lost_names)
        paper = _paper(said, verb) if verb is not None else None
        if paper is not None:
            says = bool(lost_words & set(fold_tokens(info.name)))
            found.append(_LostProcedure(info, paper, says))
    return tuple(found)


def _name_words(name: str) -> tuple[str, ...]:
    """A procedure's name as words written (lower case), without "Thủ tục" and level."""
    return tuple(_WORD.findall(unicodedata.normalize("NFC", base_name(name)).lower()))


def _starts_with(
    said: tuple[str, ...], phrases: Sequence[tuple[str, ...]]
) -> tuple[str, ...] | None:
    """The first of ``phrases`` (longest first) that ``said`` starts with, or None."""
    return next((p for p in phrases if said[: len(p)] == p), None)


def _paper(said: tuple[str, ...], verb: tuple[str, ...]) -> tuple[str, ...] | None:
    """The paper a procedure's name (``said``) names after its ``verb`` ("Đổi giấy phép
    lái xe": "giay phep lai xe", folded), up to where the rest of the name begins; None
    when it names too few words. Words are compared as written: "khi" (when) ends a
    paper's name, "khí" (vũ khí) does not."""
    paper = said[len(verb) :]
    for i in range(len(paper)):
        if _starts_with(paper[i:], lost_paper_words().name_ends) is not None:
            paper = paper[:i]
            break
    folded = tuple(fold_tokens(" ".join(paper)))
    return folded if len(folded) >= MIN_PAPER_WORDS else None


def _shared_start(a: tuple[str, ...], b: tuple[str, ...]) -> int | None:
    """How many words two papers' names share, when one is the start of the other."""
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) if longer[: len(shorter)] == shorter else None


def _same_field(a: ProcedureInfo, b: ProcedureInfo) -> bool:
    return bool(a.field) and a.field == b.field
