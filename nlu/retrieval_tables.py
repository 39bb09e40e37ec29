"""The tables of the procedure index (``nlu/retrieval.py``): every name's weighted
terms and their postings, the IDF, level groups, the vocabulary for typos.

Built once per catalogue (about a second for the national one) and cached with the
index; searching reads them on every message.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from knowledge.yaml_data import load_yaml
from nlu.accents import name_accents, spelling_keys, spellings
from nlu.deaths import death_words
from nlu.known_words import known_words
from nlu.terms import (
    SYNONYMS_PATH,
    Synonyms,
    analyse,
    base_name,
    channel_twin_key,
    fold_tokens,
    pairs_without_particles,
    written_words,
)

logger = logging.getLogger(__name__)

PAIR_WEIGHT = 0.8  # a word pair, before its IDF (rarer than its words, so it still weighs more)
STOP_WEIGHT = 0.3  # a question word or particle ("cần", "gì", "làm") still is part of a name
NAME_FLOOR = 2  # a one-word name counts as this many words: one shared word is not enough
LEVEL_ORDER = ("cấp xã", "cấp tỉnh", "cấp huyện", "cấp bộ", "cấp trung ương")


@dataclass(frozen=True)
class RetrievalEntry:
    """One procedure as the index sees it."""

    value: str  # the catalogue's key (slug)
    names: tuple[str, ...]  # official name first, then aliases and everyday phrasings
    code: str | None = None
    popularity: float = 0.0
    level: str | None = None
    curated: bool = False  # written by staff: it answers for its group of level twins


@dataclass(frozen=True)
class VerbNeeded:
    """Papers asked for with a verb (``verb_needed`` in ``synonyms.yml``): an everyday
    phrasing that starts with a verb and one of ``papers`` ("cấp thẻ bảo hiểm y tế") is
    for a message that says a verb right before the paper ("làm thẻ bhyt"), not for one
    that only mentions the paper ("thẻ BHYT của mẹ hết hạn"). Folded phrases."""

    papers: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path = SYNONYMS_PATH) -> VerbNeeded:
        if not path.exists():
            return cls()
        data = (load_yaml(path) or {}).get("verb_needed") or {}

        def folded(key: str) -> tuple[str, ...]:
            return tuple(" ".join(fold_tokens(str(p))) for p in data.get(key) or ())

        return cls(folded("papers"), folded("verbs"))

    @property
    def phrases(self) -> tuple[str, ...]:
        return tuple(f"{verb} {paper}" for verb in self.verbs for paper in self.papers)

    def names_it(self, tokens: Sequence[str]) -> bool:
        """Whether a name's folded ``tokens`` start with a verb and one of the papers."""
        said = " ".join(tokens)
        return any(said == p or said.startswith(f"{p} ") for p in self.phrases)

    def says_it(self, tokens: Sequence[str]) -> bool:
        """Whether a message's folded ``tokens`` ask for one of the papers with a verb."""
        padded = f" {' '.join(tokens)} "
        return any(f" {p} " in padded for p in self.phrases)


@dataclass(frozen=True)
class IndexTables:
    """What the index searches: names (by number) with their procedure, text, words and
    norm; postings by term (names, weights, whether the term is a word pair); level
    groups and their head; the words typos are corrected to."""

    idf: dict[str, float]
    group_of: np.ndarray  # procedure -> its level group
    group_head: tuple[int, ...]  # level group -> the procedure that answers for it
    name_entry: np.ndarray  # name -> procedure
    name_text: tuple[str, ...]
    name_words: tuple[frozenset[str], ...]
    name_norm: np.ndarray
    needs_verb: np.ndarray  # name -> whether it asks for a paper with a verb (VerbNeeded)
    entry_names: tuple[np.ndarray, ...]  # procedure -> its names
    postings: dict[str, tuple[np.ndarray, np.ndarray, bool]]
    # the terms a particle may fold to that some name has as words ("hoi" of "thu hồi"):
    # those names, and the part of the term's weight in each that a particle, weighing
    # STOP_WEIGHT, does not cover
    other_words: dict[str, tuple[np.ndarray, np.ndarray]]
    # each word of the names, each way they write it and the names writing it otherwise
    # (None: one way for every name; nlu/accents.py ``name_accents``)
    accents: dict[str, dict[str, np.ndarray | None]]
    pair_followers: dict[str, frozenset[str]]  # a word -> the words after it in a pair
    content_pairs: frozenset[str]  # pairs some name has with no particle ("sổ đỏ", not "có phải")
    popularity: np.ndarray
    issues_again: frozenset[str]  # procedures whose name issues a paper again
    issues_only_again: frozenset[str]  # ... and not also first ("Cấp, cấp đổi thẻ căn cước")
    name_vocab: frozenset[str]
    known: frozenset[str]
    fuzzy_vocab: tuple[str, ...]


def _level_rank(level: str | None) -> int:
    text = (level or "").lower()
    for rank, name in enumerate(LEVEL_ORDER):
        if name in text:
            return rank
    return len(LEVEL_ORDER)


def weighted_terms(tokens: Sequence[str], stops: frozenset[int]) -> dict[str, float]:
    """Terms of a token list with their base weight (before IDF); ``stops`` are the
    positions of question words and particles."""
    terms: dict[str, float] = {}
    known = terms.get
    for pos, token in enumerate(tokens):
        if token.isdigit():
            continue
        weight = STOP_WEIGHT if pos in stops else 1.0
        if known(token, 0.0) < weight:
            terms[token] = weight  # (the highest weight, at the first place it was said)
    for pos, (first, second) in enumerate(pairwise(tokens)):
        a, b = pos in stops, pos + 1 in stops
        if a and b:
            weight = 0.9  # two everyday words can make a term ("bản sao")
        elif a or b:
            weight = STOP_WEIGHT
        else:
            weight = PAIR_WEIGHT
        pair = f"{first} {second}"
        if known(pair, 0.0) < weight:
            terms[pair] = weight
    return terms


def build_tables(
    entries: Sequence[RetrievalEntry],
    synonyms: Synonyms,
    vocabulary: Iterable[str],
    stop: frozenset[str],
    verb_needed: VerbNeeded = VerbNeeded(),
) -> IndexTables:
    """The index's tables for ``entries`` (about a second for the national catalogue)."""
    # Group procedures that differ only by level; the most used (then the lowest
    # level) answers for the group.
    tokenised: dict[str, tuple[list[str], frozenset[int]]] = {}
    # name -> its words before a death is read, and how it writes each (``accent_key``)
    spelled: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    deaths = death_words()

    def tokens_of(name: str) -> tuple[list[str], frozenset[int]]:
        if name not in tokenised:
            base = base_name(name)
            tokens, stops = analyse(base)
            spelled[name] = (tuple(tokens), spelling_keys(written_words(base)))
            if deaths.word in tokens:  # (a relative's death read as a message's is)
                tokens, stops = deaths.read(tokens, stops, base)
            tokenised[name] = (tokens, stops)
        return tokenised[name]

    # ... and those that differ only by the channel they are filed through
    groups: dict[str, list[int]] = defaultdict(list)
    for i, entry in enumerate(entries):
        twins = channel_twin_key(entry.names[0])
        groups[twins or " ".join(tokens_of(entry.names[0])[0])].append(i)
    group_of = np.zeros(len(entries), dtype=np.int64)
    group_head: list[int] = []
    for members in groups.values():
        head = min(
            members,
            key=lambda i: (
                not entries[i].curated,
                -entries[i].popularity,
                _level_rank(entries[i].level),
                i,
            ),
        )
        for i in members:
            group_of[i] = len(group_head)
        group_head.append(head)

    names: list[tuple[int, str, dict[str, float]]] = []
    name_spellings: list[tuple[int, Sequence[str], str]] = []  # name id, its words, raw name
    needs_verb: list[bool] = []
    officialised = synonyms.officialised
    doc_freq: dict[str, int] = defaultdict(int)
    content_pairs: set[str] = set()
    for i, entry in enumerate(entries):
        seen_names: set[str] = set()
        for raw in entry.names:
            tokens, stops = tokens_of(raw)
            for said, said_stops in ((tokens, stops), *officialised(tokens, stops)):
                key = " ".join(said)
                if not said or key in seen_names:
                    continue
                seen_names.add(key)
                terms = weighted_terms(said, said_stops)
                if not terms:
                    continue
                name_spellings.append((len(names), said, raw))
                names.append((i, raw, terms))
                # everyday phrasings only: an official name is what the procedure is called
                needs_verb.append(raw is not entry.names[0] and verb_needed.names_it(said))
                for term in terms:
                    doc_freq[term] += 1
                content_pairs.update(pairs_without_particles(said, said_stops))
    n_names = max(len(names), 1)
    idf = {t: math.log((n_names + 1) / (df + 1)) + 1.0 for t, df in doc_freq.items()}
    typical = float(np.median(list(idf.values()))) if idf else 1.0
    floor = NAME_FLOOR * typical**2

    term_ids: dict[str, int] = {}
    post_term: list[int] = []
    post_name: list[int] = []
    post_weight: list[float] = []
    post_base: list[float] = []
    name_entry = np.zeros(len(names), dtype=np.int64)
    name_text: list[str] = []
    name_words: list[frozenset[str]] = []
    name_norm = np.zeros(len(names))
    for n, (entry_index, raw, terms) in enumerate(names):
        name_entry[n] = entry_index
        name_text.append(raw)
        name_words.append(frozenset(t for t in terms if " " not in t))
        total = 0.0
        for term, base in terms.items():
            weight = (base * idf[term]) ** 2
            post_term.append(term_ids.setdefault(term, len(term_ids)))
            post_name.append(n)
            post_weight.append(weight)
            post_base.append(base)
            total += weight
        content = sum(1 for t, base in terms.items() if " " not in t and base >= 1.0)
        name_norm[n] = total if content >= 2 else max(total, floor)
    name_norm = name_norm
    by_entry: dict[int, list[int]] = defaultdict(list)
    for n, entry_index in enumerate(names):
        by_entry[entry_index[0]].append(n)
    entry_names = [np.array(by_entry.get(i, [0]), dtype=np.int64) for i in range(len(entries))]
    # Postings in one sorted array: a term's names and weights are two slices.
    order = np.argsort(np.array(post_term, dtype=np.int64), kind="stable")
    names_sorted = np.array(post_name, dtype=np.int64)[order]
    weights_sorted = np.array(post_weight)[order]
    bases_sorted = np.array(post_base)[order]
    bounds = np.searchsorted(
        np.array(post_term, dtype=np.int64)[order], np.arange(len(term_ids) + 1)
    )
    postings = {
        term: (
            names_sorted[bounds[i] : bounds[i + 1]],
            weights_sorted[bounds[i] : bounds[i + 1]],
            " " in term,
        )
        for term, i in term_ids.items()
    }
    other_words: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for term, i in term_ids.items():
        if stop.isdisjoint(term.split(" ")):
            continue  # no particle folds to it
        start, end = bounds[i], bounds[i + 1]
        bases = bases_sorted[start:end]
        word = bases > STOP_WEIGHT
        if word.any():
            lost = weights_sorted[start:end][word] * (1.0 - (STOP_WEIGHT / bases[word]) ** 2)
            other_words[term] = (names_sorted[start:end][word], lost)
    # For each word, the words that follow it in some name's word pair.
    followers: dict[str, set[str]] = defaultdict(set)
    for term in term_ids:
        words = term.split(" ")
        if len(words) == 2:
            followers[words[0]].add(words[1])
    pair_followers = {w: frozenset(f) for w, f in followers.items()}
    popularity = np.array([e.popularity or 0.0 for e in entries])
    issues_again = frozenset(
        e.value
        for e in entries
        if e.names and synonyms.reissue(fold_tokens(e.names[0]), names=True)
    )
    issues_only_again = frozenset(
        e.value for e in entries if e.value in issues_again and not _first_too(e.names[0], synonyms)
    )
    words = {t for t in postings if " " not in t}
    name_vocab = frozenset(words)
    known = words | {t for v in vocabulary for t in fold_tokens(v)} | stop | known_words()
    fuzzy_vocab = sorted(w for w in words if len(w) >= 3)
    accents = name_accents((n, said, spellings(*spelled[raw])) for n, said, raw in name_spellings)
    logger.info(
        "procedure index: %d procedures, %d names, %d terms",
        len(entries),
        len(names),
        len(postings),
    )
    return IndexTables(
        idf=idf,
        group_of=group_of,
        group_head=tuple(group_head),
        name_entry=name_entry,
        name_text=tuple(name_text),
        name_words=tuple(name_words),
        name_norm=name_norm,
        needs_verb=np.array(needs_verb, dtype=bool),
        entry_names=tuple(entry_names),
        postings=postings,
        other_words=other_words,
        accents=accents,
        pair_followers=pair_followers,
        content_pairs=frozenset(content_pairs),
        popularity=popularity,
        issues_again=issues_again,
        issues_only_again=issues_only_again,
        name_vocab=name_vocab,
        known=frozenset(known),
        fuzzy_vocab=tuple(fuzzy_vocab),
    )


def same_paper_words(synonyms: Synonyms) -> dict[str, tuple[tuple[str, ...], frozenset[int]]]:
    """A paper's one-word everyday names (``same_papers``: "passport", "cavet"), each
    with its official phrase's words and the positions of their particles. One word
    makes no word pair of a name by itself, so it could never find one alone."""
    found = {}
    for phrase, targets in synonyms.expansions:
        if phrase in synonyms.same_papers and " " not in phrase:
            official, stops = analyse(targets[0])
            found[phrase] = (tuple(official), stops)
    return found


def said_officially(
    same_papers: dict[str, tuple[tuple[str, ...], frozenset[int]]],
    tokens: Sequence[str],
    stops: frozenset[int],
) -> tuple[list[str], frozenset[int]] | None:
    """A message with a paper's one-word everyday name in the official words ("làm
    passport" -> "làm hộ chiếu phổ thông"), or None when it has none: they count as the
    user's own words, as a name's everyday words are read officially too."""
    if not same_papers.keys() & set(tokens):
        return None
    said: list[str] = []
    said_stops: set[int] = set()
    for pos, token in enumerate(tokens):
        official, official_stops = same_papers.get(token, ((token,), frozenset()))
        if token not in same_papers and pos in stops:
            official_stops = frozenset({0})
        said_stops.update(len(said) + p for p in official_stops)
        said.extend(official)
    return said, frozenset(said_stops)


def _first_too(name: str, synonyms: Synonyms) -> bool:
    """Whether a name that issues a paper again issues it first too: it lists its
    actions, the first a bare verb ("Cấp, cấp đổi thẻ căn cước": yes; "Cấp lại, đổi,
    điều chỉnh thông tin trên sổ BHXH": no)."""
    parts = name.split(",", 1)
    head = fold_tokens(parts[0])
    return len(parts) > 1 and len(head) <= 2 and not synonyms.reissue(head, names=True)
