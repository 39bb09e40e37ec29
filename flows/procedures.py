"""Finding the procedure a message is about: the retrieval index over the catalogue,
and telling "names a procedure we do not have" from "names no procedure at all"."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from flows.mentions import mentions
from knowledge.procedures.records import Catalogue
from nlu.cues import without_cues
from nlu.record_words import record_opening
from nlu.retrieval import ProcedureIndex, RetrievalEntry
from nlu.terms import content_words, fold_tokens, shipped_synonyms, stop_words

INTENT_ASPECT = {
    "ask_procedure_requirements": "requirements",
    "ask_procedure_fee": "fee",
    "ask_procedure_time": "time",
    "ask_procedure_where": "where",
    "ask_online_submission": "online",
}
# A procedure asked about in general, or wanted ("thủ tục đăng ký kết hôn", "thẻ căn cước
# bị gãy muốn đổi thẻ mới"): how it is done, the papers and then the steps.
HOW_IT_IS_DONE = ("requirements", "steps")


def index_for(
    catalogue: Catalogue, vocabulary: Iterable[str] = (), cache_dir: Path | None = None
) -> ProcedureIndex:
    """The retrieval index over every procedure's names, for the NLU's `procedure` entity.

    ``vocabulary``: everyday words (e.g. the NLU's training examples) that are known
    words, never typos of a procedure word. Built once per distinct catalogue (and
    kept in ``cache_dir`` for the next start).
    """
    entries = tuple(
        RetrievalEntry(
            value=i.slug,
            names=(i.name, *i.aliases),
            code=i.code,
            popularity=i.popularity or 0.0,
            level=i.level,
            curated=i.is_curated,
        )
        for i in catalogue.all()
    )
    # a record's opening: its name, its aliases and everyday phrasings together (a story
    # says words that several of them have), then its prose
    openings = tuple(record_opening((i.name, *i.aliases, *i.prose()[1:])) for i in catalogue.all())
    return _index(entries, tuple(vocabulary), cache_dir, openings)


@lru_cache(maxsize=4)
def _index(
    entries: tuple[RetrievalEntry, ...],
    vocabulary: tuple[str, ...],
    cache_dir: Path | None,
    openings: tuple[str, ...] = (),
) -> ProcedureIndex:
    return ProcedureIndex.cached(entries, shipped_synonyms(), vocabulary, cache_dir, openings)


@cache
def _mention_words() -> tuple[tuple[str, ...], frozenset[str]]:
    data = mentions()
    verbs = tuple(sorted(data["procedure_verbs"], key=len, reverse=True))
    return verbs, frozenset(data["question_words"])


def asks_for_a_hotline(text: str) -> bool:
    """True when the text asks for a hotline ("hotline Hà Nội", "đường dây nóng")."""
    folded = f" {' '.join(fold_tokens(text))} "
    return any(f" {words} " in folded for words in mentions()["hotline_words"])


def names_nothing(text: str) -> bool:
    """True when the text, its aspect and yes/no phrases taken out, names nothing but
    how or where a procedure is done ("làm trên vneid được không", "ai giải quyết",
    "nộp qua bưu điện được không"): in a conversation about a procedure, a follow-up
    about it, whatever procedure its channel words happen to match."""
    _, question_words = _mention_words()
    quiet = question_words | frozenset(mentions()["follow_up_words"])
    return not (content_words(without_cues(text)) - quiet)


def mentions_unknown_procedure(text: str) -> bool:
    """True when the text names some procedure ("làm hộ chiếu") the index did not match:
    a procedure verb followed by a word that is neither a question word, nor a
    particle, nor a word of an aspect ("có làm online được không" names nothing)."""
    verbs, question_words = _mention_words()
    question_words = question_words | stop_words()
    folded = f" {without_cues(text)} "
    for verb in verbs:
        start = folded.find(f" {verb} ")
        while start >= 0:
            after = folded[start + len(verb) + 2 :].split()
            if any(word not in question_words for word in after[:3]):
                return True
            start = folded.find(f" {verb} ", start + 1)
    return False
