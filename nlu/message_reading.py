"""How the procedure index (nlu/retrieval.py) reads a message: its folded words, with
typos corrected and glued words split ("khaisinh"); which of them are particles, and
which particles their diacritics show ("hỏi", not "hoi"); each word as written. And the
particles whose folding may name another word in a procedure's name: folded, the "hỏi"
of "xin hỏi" is the "hồi" of "thu hồi", "muốn" is "mượn" (``sure_particles``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

from nlu.deaths import clause_ends, death_words
from nlu.retrieval_tables import STOP_WEIGHT, IndexTables
from nlu.terms import Synonyms, analyse, guessed_stops, written_words
from nlu.typos import Typos


@dataclass(frozen=True)
class Reading:
    """A message as the index reads it (``read_message``)."""

    tokens: tuple[str, ...]  # folded, typos corrected, glued words split
    stops: frozenset[int]  # positions of question words and particles
    sure_stops: frozenset[int]  # ... known by their diacritics, not guessed ("hỏi", not "hoi")
    similarity: dict[int, float]  # position -> how close a corrected word was
    said: tuple[str, ...]  # each word as written ("" where corrected or split)


def read_message(text: str, tables: IndexTables, synonyms: Synonyms, typos: Typos) -> Reading:
    """The message's words with typos corrected and glued words split ("khaisinh"),
    the positions of particles (and of those written with their diacritics), the
    similarity of each corrected word, and each word as the user wrote it ("" where it
    was corrected or split): everyday phrases are told by their diacritics too."""
    tokens, stops = analyse(text)
    written = written_words(text)
    guessed = guessed_stops(text)
    similarity: dict[int, float] = {}
    corrected: list[str] = []
    said: list[str] = []
    new_stops: set[int] = set()
    new_guessed: set[int] = set()
    lost, taken = synonyms.lost_words, synonyms.taken_after
    deaths = death_words()
    ends = clause_ends(text) if deaths.word in tokens else frozenset()
    for pos, token in enumerate(tokens):
        if token in lost and pos + 1 < len(tokens) and tokens[pos + 1] in taken:
            continue  # "mất bao lâu" is how long it takes: nothing was lost
        if token == deaths.word and deaths.tells(tokens, written, pos, pos in ends):
            # "bố mẹ đều đã mất": a death, in the words of the death procedures
            corrected.extend(deaths.read_as)
            said.extend([""] * len(deaths.read_as))
            continue
        if pos in stops:
            new_stops.add(len(corrected))
        if pos in guessed:
            new_guessed.add(len(corrected))
        if token in tables.known or token in tables.postings or token.isdigit():
            corrected.append(token)
            said.append(written[pos] if pos < len(written) else "")
            continue
        fix = typos.correct(token)  # (nlu/typos.py)
        if fix is not None:
            similarity[len(corrected)] = fix[1]
            corrected.append(fix[0])
            said.append("")
            continue
        parts = _unglue(token, tables.name_vocab) or (token,)
        corrected.extend(parts)
        said.extend([written[pos] if pos < len(written) and len(parts) == 1 else ""] * len(parts))
    new_stops -= _named_pairs(corrected, new_guessed, tables.content_pairs)
    sure = frozenset(p for p in new_stops if not said[p].isascii())  # ("" is ascii)
    return Reading(tuple(corrected), frozenset(new_stops), sure, similarity, tuple(said))


def _named_pairs(tokens: list[str], guessed: set[int], pairs: frozenset[str]) -> set[int]:
    """Of the words read as particles by guessing their diacritics, those that make a
    procedure name's word pair with a neighbour ("mat so do": "sổ đỏ", not "số do"),
    a pair the name has as words, not as particles ("có phải" stays particles)."""
    named = set()
    for pos in guessed:
        for a, b in ((pos - 1, pos), (pos, pos + 1)):
            if a >= 0 and b < len(tokens) and f"{tokens[a]} {tokens[b]}" in pairs:
                named.add(pos)
    return named


def _unglue(token: str, vocab: frozenset[str]) -> tuple[str, str] | None:
    """Two words of procedure names typed without the space between them."""
    for i in range(2, len(token) - 1):
        if token[:i] in vocab and token[i:] in vocab:
            return token[:i], token[i:]
    return None


def sure_particles(
    terms: Mapping[str, float], written: Mapping[str, float], reading: Reading
) -> frozenset[str]:
    """The message's terms that are particles by their diacritics ("hỏi", "số", "đâu";
    not "hoi", which may be "hồi"), and the word pairs they make with a word: a name's
    word of the same folding is another word ("thu hồi", "sổ", "lần đầu"), covered only
    as much as a particle weighs (``IndexTables.other_words``). Not those an everyday
    phrase or a loose pair raised (``terms`` against the message's own ``written``)."""
    tokens = reading.tokens
    # the foldings said elsewhere as words, or typed bare: "thẻ … gia hạn thế nào" says
    # the pair "hạn thẻ" apart, whatever "hạn thế" is; "the bhyt … ntn" ("như thế nào")
    # says "thẻ"
    elsewhere = {t for pos, t in enumerate(tokens) if pos not in reading.sure_stops}
    said: set[str] = set()
    for pos in reading.sure_stops:
        if tokens[pos] in elsewhere:
            continue
        said.add(tokens[pos])
        said.update(f"{a} {b}" for a, b in pairwise(tokens[max(pos - 1, 0) : pos + 2]))
    return frozenset(
        term
        for term in said
        if written.get(term, 1.0) <= STOP_WEIGHT and terms.get(term, 0.0) <= written[term]
    )
