"""Gazetteer entity extraction: find a canonical value (e.g. a procedure code) in a message.

Matching works on accent-folded words, so "dang ky ket hon" finds "đăng ký kết
hôn"; it tolerates typos ("khai snh"), glued words ("khaisinh") and i/y
spellings ("đăng kí"). Each name of each entry gets a score 0-100:

* coverage: the share of the name's words found in the message, each word
  weighted by how rare it is among the entries (IDF) and scaled down when it
  is a generic word ("làm", "giấy", "cho": see ``generic_words.yml``), so
  "tạm trú" finds "làm tạm trú" but "làm" alone finds nothing;
* times a proximity factor (matched words in order and close together);
* times a conflict factor when a missing word of the name faces another
  content word in the message ("làm hộ chiếu" is not "làm hộ khẩu");
* a word whose diacritics contradict the name's ("bao lâu" vs "báo tử") counts
  less, when the user types with diacritics.

A name whose matched words lie strictly inside an about-as-good longer match of
another entry is pushed down, so the more specific name wins. The best entry is
*resolved* when it scores at least ``resolve_score`` and leads the runner-up by
``margin``; otherwise the caller gets candidates to offer as buttons.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from nlu.normalize import normalize, strip_diacritics
from nlu.types import Entity

logger = logging.getLogger(__name__)

GENERIC_WORDS_PATH = Path(__file__).with_name("generic_words.yml")
MAX_CHARS = 600  # longer messages are matched on their first MAX_CHARS characters
GENERIC_WEIGHT = 0.25  # share of its IDF weight a generic word keeps in a name
FUZZY_CUTOFF = 75.0  # rapidfuzz ratio for a typo'd word (3 letters or more)
GLUED_SIM = 95.0  # a piece of a glued word ("khaisinh" -> "khai", "sinh")
ACCENT_CONTRADICTED = 0.6  # user wrote other diacritics on this word ("tư" vs "tử")
ACCENT_MISSING = 0.85  # user writes diacritics but not on this word ("bao" vs "báo")
CONFLICT = 0.6  # a missing name word faces another content word
SUBSUMED_PENALTY = 15.0

_TOKEN_RE = re.compile(r"\w+")
_I_Y_RE = re.compile(r"(?<=^[bdhklmnpqrstvx])y$")  # "ký"/"kí", "lý"/"lí": one spelling
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền sắc ngã hỏi nặng


@dataclass(frozen=True)
class GazetteerEntry:
    """A canonical ``value`` and the names people use for it."""

    value: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class EntityMatch:
    """The outcome of ``Gazetteer.find``.

    ``resolved`` is the clear winner or None; ``candidates`` are up to five
    values with scores in [0, 1], best first (the winner included).
    """

    resolved: Entity | None
    candidates: tuple[Entity, ...] = ()


@dataclass(frozen=True)
class _Words:
    """A tokenised text: normalised words, canonical folded forms, diacritic keys."""

    words: tuple[str, ...]
    folded: tuple[str, ...]
    accents: tuple[tuple[str, frozenset[str]], ...]
    generic: tuple[bool, ...]
    accented: bool  # the text carries diacritics somewhere


@dataclass(frozen=True)
class _Name:
    entry: int
    tokens: tuple[str, ...]
    accents: tuple[tuple[str, frozenset[str]], ...]
    generic: tuple[bool, ...]
    weights: tuple[float, ...]


@dataclass(frozen=True)
class _Scored:
    entry: int
    score: float
    positions: frozenset[int]
    span: tuple[int, int]


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """The generic words of ``generic_words.yml``, normalised (diacritics kept)."""
    with GENERIC_WORDS_PATH.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return frozenset(normalize(str(w)) for w in data.get("words") or () if str(w).strip())


@lru_cache(maxsize=1)
def _generic_folded() -> frozenset[str]:
    return frozenset(_canon_token(w) for w in generic_words())


def _canon_token(token: str) -> str:
    return _I_Y_RE.sub("i", strip_diacritics(token))


def _accent_key(token: str) -> tuple[str, frozenset[str]]:
    """The word without tone marks (vowel marks and đ kept) and its tones, so that
    "hoà"/"hòa" and "kí"/"ký" compare equal but "bao"/"báo" do not."""
    decomposed = unicodedata.normalize("NFD", token)
    tones = frozenset(ch for ch in decomposed if ch in _TONE_MARKS)
    toneless = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
    return _I_Y_RE.sub("i", toneless), tones


def _has_diacritics(text: str) -> bool:
    """Whether the user typed diacritics (judged on the raw text, not on expansions
    of abbreviations such as "dc" -> "được")."""
    sample = unicodedata.normalize("NFC", text[: MAX_CHARS * 2]).lower()
    return any(ch.isalpha() and not ch.isascii() and strip_diacritics(ch) != ch for ch in sample)


def _split(text: str) -> _Words:
    words = tuple(_TOKEN_RE.findall(normalize(text)[:MAX_CHARS]))
    folded = tuple(_canon_token(w) for w in words)
    generic, generic_folded = generic_words(), _generic_folded()
    accented = _has_diacritics(text)
    return _Words(
        words=words,
        folded=folded,
        accents=tuple(_accent_key(w) for w in words),
        # A word typed without diacritics is generic if any accented reading of it is.
        generic=tuple(
            w in generic or (w.isascii() and f in generic_folded)
            for w, f in zip(words, folded, strict=True)
        ),
        accented=accented,
    )


class Gazetteer:
    """An index over entries of one entity type; ``find`` is called on every message."""

    def __init__(
        self,
        entries: Iterable[GazetteerEntry],
        type_: str = "procedure",
        *,
        resolve_score: float = 85.0,
        margin: float = 8.0,
        min_candidate_score: float = 30.0,
        max_candidates: int = 5,
    ) -> None:
        self.entries: tuple[GazetteerEntry, ...] = tuple(entries)
        self.type = type_
        self.resolve_score = resolve_score
        self.margin = margin
        self.min_candidate_score = min_candidate_score
        self.max_candidates = max_candidates
        self._names: list[_Name] = []
        self._by_token: dict[str, list[int]] = defaultdict(list)
        self._build()

    def __len__(self) -> int:
        return len(self.entries)

    def _build(self) -> None:
        generic = generic_words()
        split: list[tuple[int, _Words]] = []
        doc_freq: dict[str, int] = defaultdict(int)
        for index, entry in enumerate(self.entries):
            seen: set[str] = set()
            for name in dict.fromkeys(entry.names):
                words = _split(name)
                if words.folded:
                    split.append((index, words))
                    seen.update(words.folded)
            for token in seen:
                doc_freq[token] += 1
        n_entries = max(len(self.entries), 1)
        for entry_index, words in split:
            # In a name, only the accented spelling decides whether a word is generic.
            is_generic = tuple(w in generic for w in words.words)
            weights = tuple(
                (math.log((n_entries + 1) / (doc_freq[t] + 1)) + 1.0)
                * (GENERIC_WEIGHT if g else 1.0)
                for t, g in zip(words.folded, is_generic, strict=True)
            )
            if all(is_generic):
                logger.warning("gazetteer name %r has only generic words", " ".join(words.words))
            name_id = len(self._names)
            self._names.append(_Name(entry_index, words.folded, words.accents, is_generic, weights))
            for token in set(words.folded):
                self._by_token[token].append(name_id)
        self._fuzzy_vocab = [t for t in sorted(self._by_token) if len(t) >= 3]
        logger.debug(
            "gazetteer %s: %d entries, %d names, %d words",
            self.type,
            len(self.entries),
            len(self._names),
            len(self._by_token),
        )

    # -- matching ---------------------------------------------------------------------

    def _word_hits(self, text: _Words) -> dict[str, list[tuple[int, float]]]:
        """For each vocabulary word, the text positions that match it and how well."""
        hits: dict[str, list[tuple[int, float]]] = defaultdict(list)
        vocab = self._by_token
        for pos, token in enumerate(text.folded):
            if token in vocab:
                hits[token].append((pos, 100.0))
                continue
            if text.generic[pos]:
                continue
            if len(token) >= 3 and self._fuzzy_vocab:
                for word, score, _ in process.extract(
                    token,
                    self._fuzzy_vocab,
                    scorer=fuzz.ratio,
                    score_cutoff=FUZZY_CUTOFF,
                    limit=5,
                ):
                    if abs(len(word) - len(token)) <= 2:
                        hits[word].append((pos, float(score)))
            if len(token) >= 4:
                for piece in _split_glued(token, vocab):
                    hits[piece].append((pos, GLUED_SIM))
        return hits

    def _score_name(
        self,
        name: _Name,
        hits: dict[str, list[tuple[int, float]]],
        text: _Words,
        explained: frozenset[int],
    ) -> _Scored | None:
        matched: list[tuple[int, int, float]] = []  # (name word, text position, similarity)
        for i, token in enumerate(name.tokens):
            best: tuple[int, float] | None = None
            for pos, sim in hits.get(token, ()):
                if sim >= 100.0 and text.accented and name.accents[i] != text.accents[pos]:
                    sim *= ACCENT_MISSING if text.words[pos].isascii() else ACCENT_CONTRADICTED
                if best is None or sim > best[1]:
                    best = (pos, sim)
            if best is not None:
                matched.append((i, best[0], best[1]))
        # Anchor: a content word of the name found as a content word of the message
        # (an unaccented "bao" may be "báo" but is more likely the question word).
        if not any(not name.generic[i] and not text.generic[pos] for i, pos, _ in matched):
            return None
        coverage = sum(name.weights[i] * sim / 100.0 for i, _, sim in matched) / sum(name.weights)
        positions = frozenset(pos for _, pos, _ in matched)
        first, last = min(positions), max(positions)
        in_order = all(a[1] <= b[1] for a, b in zip(matched, matched[1:], strict=False))
        # Words between the matched ones that nothing in the gazetteer explains
        # ("đăng ký [khai sinh] và thường trú" names two procedures: no gap there).
        content_gaps = sum(
            1
            for p in range(first, last + 1)
            if p not in positions and not text.generic[p] and p not in explained
        )
        if in_order and content_gaps == 0:
            proximity = 1.0
        elif content_gaps <= 2:
            proximity = 0.9
        else:
            proximity = 0.75
        score = 100.0 * coverage * proximity
        if _conflicts(name, matched, positions, text):
            score *= CONFLICT
        return _Scored(name.entry, score, positions, (first, last))

    def find(self, text: str) -> EntityMatch:
        """Find the entry mentioned in ``text``: a resolved entity and/or candidates."""
        if not self._names or not isinstance(text, str):
            return EntityMatch(None)
        words = _split(text)
        if not words.folded or all(words.generic):
            return EntityMatch(None)
        hits = self._word_hits(words)
        name_ids = {nid for word in hits for nid in self._by_token.get(word, ())}
        explained = frozenset(pos for found in hits.values() for pos, _ in found)
        scored = [
            s
            for nid in sorted(name_ids)
            if (s := self._score_name(self._names[nid], hits, words, explained))
        ]
        scored = _penalise_subsumed(scored)
        best: dict[int, _Scored] = {}
        for item in scored:
            if item.entry not in best or item.score > best[item.entry].score:
                best[item.entry] = item
        ranked = sorted(best.values(), key=lambda s: (-s.score, -len(s.positions), s.entry))
        ranked = [s for s in ranked if s.score >= self.min_candidate_score]
        if not ranked:
            return EntityMatch(None)
        candidates = tuple(self._entity(s, words) for s in ranked[: self.max_candidates])
        top = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if top.score >= self.resolve_score and top.score - runner_up >= self.margin:
            return EntityMatch(candidates[0], candidates)
        return EntityMatch(None, candidates)

    def _entity(self, scored: _Scored, text: _Words) -> Entity:
        start, end = scored.span
        return Entity(
            type=self.type,
            value=self.entries[scored.entry].value,
            text=" ".join(text.words[start : end + 1]),
            score=round(min(scored.score, 100.0) / 100.0, 4),
        )


def _conflicts(
    name: _Name, matched: list[tuple[int, int, float]], positions: frozenset[int], text: _Words
) -> bool:
    """True when the name misses a content word and the message has another content
    word right next to the match: "làm hộ [chiếu]" is not "làm hộ [khẩu]"."""
    matched_words = {i for i, _, _ in matched}
    if all(i in matched_words or name.generic[i] for i in range(len(name.tokens))):
        return False
    first, last = min(positions), max(positions)

    def content(pos: int) -> bool:
        return 0 <= pos < len(text.folded) and pos not in positions and not text.generic[pos]

    return content(first - 1) or content(last + 1)


def _split_glued(token: str, vocab: dict[str, list[int]]) -> list[str]:
    """Split a word typed without spaces ("khaisinh") into two or three vocabulary words."""
    for i in range(2, len(token) - 1):
        head, tail = token[:i], token[i:]
        if head not in vocab:
            continue
        if tail in vocab:
            return [head, tail]
        for j in range(2, len(tail) - 1):
            if tail[:j] in vocab and tail[j:] in vocab:
                return [head, tail[:j], tail[j:]]
    return []


def _penalise_subsumed(scored: list[_Scored], slack: float = 10.0) -> list[_Scored]:
    """Lower names whose matched words lie strictly inside a longer, about as good match
    of another entry ("khai sinh" inside "liên thông khai sinh thường trú")."""
    result = []
    for item in scored:
        subsumed = any(
            other.entry != item.entry
            and item.positions < other.positions
            and other.score >= item.score - slack
            for other in scored
        )
        if subsumed:
            item = _Scored(item.entry, item.score - SUBSUMED_PENALTY, item.positions, item.span)
        result.append(item)
    return result
