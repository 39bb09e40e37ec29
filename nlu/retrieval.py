"""Procedure retrieval: which procedures of a catalogue of thousands a message is about.

Every procedure has names (its official name, aliases, everyday phrasings). A name
and a message are both turned into accent-folded terms: content words and adjacent
word pairs ("khai sinh", "hộ chiếu"), each weighted by how rare it is among names
(IDF); question words and particles (by their accented spelling: "số", not "sổ")
weigh little, and a particle written with its diacritics ("hỏi") hardly covers the
other word it folds to in a name ("thu hồi"). Before that, everyday phrases in the
message are expanded with official terms ("lấy vợ" -> "kết hôn", "sổ đỏ" -> "giấy
chứng nhận quyền sử dụng đất"; these count a little less than the user's own words,
but a paper's one-word everyday name, "passport", counts as its official words), a word
the index does not know is matched to a known word it is a typo of, and glued words are
split ("khaisinh").

A name's score is how much of the name the message covers (IDF-weighted), nudged by
how much of the message the name explains compared with the name explaining most, so
"đăng ký kết hôn" picks the plain procedure and "kết hôn với người nước ngoài" the one
with a foreign element, and a long story is not doubted for its length. A name only
counts when the message matches a word pair of it or two of its content words, and
words that say little on their own ("mất", "đất", "khai báo": ``weak_words`` in
``synonyms.yml``) do not count for that: one shared word never picks a procedure. A
procedure's score is the best of its names, plus a small prior for how often citizens
use it. Procedures that differ only by level ("... (thực hiện tại cấp tỉnh)") collapse
to the most used one.

The result is a ranked list of candidates with scores in [0, 1]; ``find`` resolves
the top one when it is clearly good enough (:mod:`nlu.retrieval_decision`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np

from knowledge.build_cache import load_or_build
from nlu.accents import (
    ACCENT_LOSS,
    spelled_otherwise,
    terms_with,
    typed_bare,
    written_otherwise,
)
from nlu.ages import fitting_age
from nlu.build_inputs import shipped_digest
from nlu.business_kinds import BusinessKinds
from nlu.civil_twins import CivilTwins
from nlu.cues import name_actions, question_part, said_actions
from nlu.entities import EntityMatch
from nlu.foreign_places import ForeignPlaces
from nlu.foreign_twins import fitting_foreign, plain_first
from nlu.kept import Kept
from nlu.message_reading import Reading, read_message, sure_particles
from nlu.normalize import fold
from nlu.papers import Papers
from nlu.places_said import PlacesSaid
from nlu.record_words import RecordWords
from nlu.retrieval_decision import CandidateDecision
from nlu.retrieval_tables import (
    RetrievalEntry,
    VerbNeeded,
    build_tables,
    said_officially,
    same_paper_words,
    weighted_terms,
)
from nlu.terms import (
    MAX_CHARS,
    Synonyms,
    stop_words,
)
from nlu.twin_tables import TwinTables
from nlu.typos import Typos

logger = logging.getLogger(__name__)

QUERY_SHARE = 0.4  # how much "the name explains the message" counts
POPULARITY_PRIOR = 0.12
READINGS_KEPT = 8  # messages whose reading is kept (``ProcedureIndex._read``)
# The share of a story's similarity with a candidate's record opening added to its score
# (nlu/record_words.py), chosen on the untuned bench (python -m nlu.untuned_bench: each
# recent probe round against the tuning data from before it). Right / wrong of its 1,455
# questions a procedure answers, as the search resolves them: 0 -> 920 / 193, 0.1 -> 941 /
# 198, 0.2 -> 956 / 202, 0.3 -> 974 / 206; of the 152 real questions of the story sets
# measured the same way: 92 / 25, 91 / 25, 94 / 25, 94 / 29, so 0.2, before the real
# questions' answers turn wrong. Through the whole dialogue (1,773 questions): 911 / 249 ->
# 945 / 261; the real ones (189): 91 / 27 -> 93 / 27. With the names at the front of the
# openings (flows/procedures.py), 0.15 / 0.2 / 0.25 / 0.3: 964 / 202, 984 / 200, 987 / 205,
# 994 / 210; real 95 / 26, 96 / 26, 95 / 28, 96 / 29: 0.2 still.
RECORD_WORDS_WEIGHT = 0.2
FIRST_ISSUE_WEIGHT = 0.8  # a first issue, when the message wants a paper again
EXPANSION_TRUST = 0.8  # a term only an everyday-phrase expansion brought counts less
# (not a paper's one-word everyday name: "passport" is "hộ chiếu", said_officially)
LOOSE_PAIR_WINDOW = 4  # content words apart (or reversed) that still make a name's pair
LOOSE_PAIR_WEIGHT = 0.8  # of a pair as written
LOSS_UNSAID = 0.9  # a name saying a paper was lost, for a message that does not say so
AGAIN_UNSAID = 0.9  # a name issuing a paper again, for a message with no word for it
VERB_UNSAID = 0.8  # a name asking for a paper with a verb, for a message that only mentions it
DONE_WEIGHT = 0.8  # a name of a step the message says was taken and failed (synonyms' done)
# A candidate none of whose names says the action on what exists that the asking
# sentences ask ("gia hạn", "tạm ngừng"; cues.yml, actions) while another's does (not
# below min_score). Untuned bench, by the search, 7 rounds (1,516 questions): right /
# wrong 1,040 / 209 -> 1,047 / 197 in its first form, official names and whole messages
# (0.75: 1,042 / 197; 0.8: 1,044 / 197; 0.9: 1,045 / 200); real story sets (152): 101 /
# 24 -> 101 / 23.
ACTION_UNSAID = 0.85


# a term's IDF, the names it is in with its weight in each, whether it is a word pair,
# and the names where a particle's folding is this word (``IndexTables.other_words``)
TermInfo = tuple[float, np.ndarray, np.ndarray, bool, tuple[np.ndarray, np.ndarray] | None]


@dataclass(frozen=True)
class Hit:
    value: str
    code: str | None
    score: float
    name: str  # the name that matched best
    words: frozenset[str] = frozenset()  # that name's words


def _counts(id_arrays: list[np.ndarray], size: int) -> np.ndarray:
    """How many of the arrays hold each id (an id occurs once per posting list)."""
    if not id_arrays:
        return np.zeros(size, dtype=np.intp)
    return np.bincount(np.concatenate(id_arrays), minlength=size)


@dataclass(frozen=True)
class Told:
    """What a message's words tell the search besides its own words (``ProcedureIndex._told``)."""

    expanded: tuple[str, ...]  # the official terms of its everyday phrases (Synonyms.expand)
    twins: Mapping[str, str]  # plain procedure -> the twin its words choose (``TwinTables.told``)
    # its words written with diacritics that names write otherwise (nlu/accents.py)
    otherwise: Mapping[str, np.ndarray | None]


class ProcedureIndex:
    """An inverted index over procedure names; ``search`` runs on every message."""

    def __init__(
        self,
        entries: Iterable[RetrievalEntry],
        synonyms: Synonyms | None = None,
        *,
        vocabulary: Iterable[str] = (),
        resolve_score: float = 0.65,
        margin: float = 0.06,
        min_score: float = 0.45,
        max_candidates: int = 5,
        verb_needed: VerbNeeded | None = None,
        record_openings: Sequence[str] = (),
        foreign_places: ForeignPlaces | None = None,
        business_kinds: BusinessKinds | None = None,
        papers: Papers | None = None,
        places_said: PlacesSaid | None = None,
        civil_twins: CivilTwins | None = None,
    ) -> None:
        self.entries: tuple[RetrievalEntry, ...] = tuple(entries)
        # each entry's record opening, when the index is built from a catalogue
        self.record_words = RecordWords(record_openings) if record_openings else None
        self.synonyms = synonyms or Synonyms()
        self.resolve_score = resolve_score
        self.margin = margin
        self.min_score = min_score
        self.max_candidates = max_candidates
        self._stop = stop_words()
        self.verb_needed = VerbNeeded.load() if verb_needed is None else verb_needed
        self.foreign_places = ForeignPlaces.load() if foreign_places is None else foreign_places
        self.business_kinds = BusinessKinds.load() if business_kinds is None else business_kinds
        self.papers = Papers.load() if papers is None else papers
        self.places_said = PlacesSaid.load() if places_said is None else places_said
        self.civil_twins = CivilTwins.load() if civil_twins is None else civil_twins
        self.tables = build_tables(
            self.entries, self.synonyms, vocabulary, self._stop, self.verb_needed
        )
        self.typos = Typos(self.tables.fuzzy_vocab)
        # each term's IDF, postings and other words in one look-up (``search`` reads
        # every term of every message)
        self._term_info: dict[str, TermInfo] = {
            term: (idf, *self.tables.postings[term], self.tables.other_words.get(term))
            for term, idf in self.tables.idf.items()
        }
        self._actions_of_names: dict[str, frozenset[str]] = {}
        self._readings: Kept[str, Reading] = Kept(READINGS_KEPT)  # (``_read``)
        self._told_of: Kept[str, Told] = Kept(READINGS_KEPT)  # (``_told``)
        self._same_papers = same_paper_words(self.synonyms)
        # The tables the rules read (official names folded, the twins: nlu/twin_tables.py),
        # made now rather than by the first message that needs them (a second's wait for
        # its writer): they are kept in the index's cache with the rest.
        self.twin_tables = TwinTables.build(
            self.official_names, self.synonyms, self.foreign_places, self.civil_twins
        )
        _ = self._entry_at

    def __len__(self) -> int:
        return len(self.entries)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_actions_of_names"] = {}
        return state

    @classmethod
    def cached(
        cls,
        entries: Sequence[RetrievalEntry],
        synonyms: Synonyms,
        vocabulary: Sequence[str],
        cache_dir: Path | None,
        record_openings: Sequence[str] = (),
    ) -> ProcedureIndex:
        """The index for these inputs, read from ``cache_dir`` when it was built before
        (building takes about a second for the national catalogue; reading a tenth)."""
        # Sets are sorted: their order changes from one process to the next. The tables
        # read from the package's word lists (known words, papers, places abroad...) are
        # named by ``shipped_digest``.
        key = (
            shipped_digest(),  # the code and word lists it is built by
            tuple(entries),
            synonyms.cache_key(),
            sorted(vocabulary),
            tuple(record_openings),
        )
        return load_or_build(
            cache_dir,
            "procedure-index",
            key,
            cls,
            lambda: cls(entries, synonyms, vocabulary=vocabulary, record_openings=record_openings),
        )

    # -- searching --------------------------------------------------------------------

    def _read(self, text: str) -> Reading:
        """``text`` as the index reads it (nlu/message_reading.py). A message is read
        several times while it is found (its asking sentences, the whole story, the
        rules after the search): the last few readings are kept, by the part of the
        message that is read (``MAX_CHARS``: a huge message is not kept whole)."""
        read = text[:MAX_CHARS]
        reading = self._readings.get(read)
        if reading is None:
            reading = self._readings.keep(
                read, read_message(read, self.tables, self.synonyms, self.typos)
            )
        return reading

    def _told(self, text: str) -> tuple[Reading, Told]:
        """``text`` read (``_read``), and what its words tell: the official terms of its
        everyday phrases and the twins they choose, found once for each message kept
        (a story is searched whole and by its asking sentences, and asked again which
        twins it tells)."""
        reading = self._read(text)
        read = text[:MAX_CHARS]
        told = self._told_of.get(read)
        if told is None:
            tokens, said = reading.tokens, reading.said
            expanded = tuple(self.synonyms.expand(tokens, said))
            otherwise = written_otherwise(
                tokens,
                said,
                reading.stops,
                self.tables.accents,
                typed_bare(read),
                len(self.tables.name_norm),
            )
            told = self._told_of.keep(
                read, Told(expanded, self.twin_tables.told(tokens, expanded, said), otherwise)
            )
        return reading, told

    def search(
        self,
        text: str,
        limit: int | None = None,
        *,
        loose_pairs: bool = True,
        story: str | None = None,
    ) -> list[Hit]:
        """Candidates for ``text``, best first, each procedure group once;
        ``loose_pairs``: a name's word pairs said apart count too; ``story``: the story
        ``text`` is (or whose asking sentences it is), which the candidates' records are
        compared with (``RECORD_WORDS_WEIGHT``); a short message is left to the names."""
        if not isinstance(text, str) or not self.tables.postings:
            return []
        reading, told = self._told(text)
        tokens, stops, similarity, said = (
            reading.tokens,
            reading.stops,
            reading.similarity,
            reading.said,
        )
        if not tokens:
            return []
        terms = weighted_terms(tokens, stops)
        written = dict(terms)
        official = said_officially(self._same_papers, tokens, stops)
        if official is not None:
            for term, weight in weighted_terms(*official).items():
                terms[term] = max(terms.get(term, 0.0), weight)
        loose = self._loose_pairs(terms, *(official or (tokens, stops))) if loose_pairs else set()
        own = set(terms)
        for pair in loose:
            terms[pair] = LOOSE_PAIR_WEIGHT
        extra = told.expanded
        extra_stops = frozenset(i for i, t in enumerate(extra) if t in self._stop)
        for term, weight in weighted_terms(extra, extra_stops).items():
            terms[term] = max(terms.get(term, 0.0), weight)
        particles = sure_particles(terms, written, reading)
        typo = min(similarity.values(), default=1.0)
        weak = self.synonyms.weak
        n_names = len(self.tables.name_norm)
        # Every posting of every term is gathered, then summed per name in one pass.
        hit_ids: list[np.ndarray] = []
        hit_weights: list[np.ndarray] = []
        hit_trust: list[float] = []
        # a particle's postings in names where its folding is another word, and how much
        # of their weight is not covered (``sure_particles``)
        other_ids: list[np.ndarray] = []
        other_lost: list[np.ndarray] = []
        pair_ids: list[np.ndarray] = []
        word_ids: list[np.ndarray] = []
        query_total = 0.0
        term_info = self._term_info
        said_trust = typo if similarity else 1.0
        # the message's words written with diacritics that some names spell otherwise:
        # those names' word covers it only in part ("nuôi chim yến" is not "nhận chìm")
        otherwise = told.otherwise
        accented = terms_with(tokens, otherwise) if otherwise else frozenset()
        for term, base in terms.items():
            info = term_info.get(term)
            if info is None:
                query_total += (base * 2.0) ** 2  # an unknown word still is part of the message
                continue
            idf, ids, weights, is_pair, other = info
            query_total += (base * idf) ** 2
            trust = said_trust * (1.0 if term in own else EXPANSION_TRUST)
            if term in loose:
                trust *= LOOSE_PAIR_WEIGHT
            hit_ids.append(ids)
            hit_weights.append(weights)
            hit_trust.append(trust)
            if other is not None and term in particles:
                # "hỏi" covers a name's particle "hỏi" (its base weight is a particle's
                # too), hardly the "hồi" of "thu hồi": as much as a particle weighs
                other_ids.append(other[0])
                other_lost.append(other[1] * trust)
            elif term in accented:
                mask = spelled_otherwise(term, ids, otherwise)
                if mask is not None:
                    other_ids.append(ids[mask])
                    other_lost.append(weights[mask] * (trust * ACCENT_LOSS))
            if base >= 1.0 and term not in weak:
                (pair_ids if is_pair else word_ids).append(ids)
        if not hit_ids:
            return []
        all_ids = np.concatenate(hit_ids)
        trusted = np.concatenate(hit_weights) * np.repeat(hit_trust, [len(i) for i in hit_ids])
        # what a name explains of the message, counting the words a particle folds to
        # alike: the name explaining most still sets the scale below, so leaving out
        # those words does not lift every other name. (Scaled by the name explaining most
        # without them, the untuned bench answered 1,113 right / 167 wrong and 109 of the
        # questions outside the catalogue; so, 1,109 / 166 and 106; before, 1,112 / 165
        # and 105. The stray "thu hồi" among the first four candidates of 1,822
        # questions that do not say it: 135 -> 77 either way.)
        explained = np.bincount(all_ids, trusted, minlength=n_names)
        covered = explained
        if other_ids:
            lost = np.concatenate(other_lost)
            covered = explained - np.bincount(np.concatenate(other_ids), lost, minlength=n_names)
        pairs = _counts(pair_ids, n_names)
        words = _counts(word_ids, n_names)
        eligible = (pairs > 0) | (words >= 2)
        if not eligible.any():
            return []
        name_cov = np.minimum(covered / self.tables.name_norm, 1.0)
        query_cov = np.minimum(covered / max(query_total, 1e-9), 1.0)
        # How much of the message a name explains, relative to the name explaining most:
        # it tells candidates apart, and a long story does not lower every score.
        most = np.minimum(explained / max(query_total, 1e-9), 1.0)
        query_cov = query_cov / max(float(most[eligible].max()), 1e-9)
        name_score = np.where(
            eligible, name_cov * (1.0 - QUERY_SHARE + QUERY_SHARE * query_cov), 0.0
        )
        verb_words = official[0] if official is not None else tokens
        if not self.verb_needed.says_it([*verb_words, *extra]):
            # "thẻ BHYT của mẹ hết hạn" mentions the card: "cấp thẻ bảo hiểm y tế" asks for it
            name_score = np.where(self.tables.needs_verb, name_score * VERB_UNSAID, name_score)
        entry_score = np.zeros(len(self.entries))
        np.maximum.at(entry_score, self.tables.name_entry, name_score)
        entry_score = np.where(
            entry_score > 0, entry_score + POPULARITY_PRIOR * self.tables.popularity, 0.0
        )
        limit = limit or self.max_candidates
        pool = min(len(entry_score), limit * 6)
        top = np.argpartition(-entry_score, pool - 1)[:pool] if pool else np.zeros(0, np.intp)
        top = top[entry_score[top] > 0]
        if story is not None and self.record_words is not None and len(top):
            # what a story shares with each candidate's record (nlu/record_words.py); a
            # short message's words say too little (untuned bench: right +1, wrong +2)
            words = tokens if story == text else self._read(story).tokens
            entry_score[top] += RECORD_WORDS_WEIGHT * self.record_words.similarity(words, top)
        # (-score, entry), best first; ties by entry
        scored = sorted(zip((-entry_score[top]).tolist(), top.tolist(), strict=True))
        hits: list[Hit] = []
        seen_groups: set[int] = set()
        for minus_score, i in scored:
            if len(hits) >= limit:
                break
            group = int(self.tables.group_of[i])
            if group in seen_groups:
                continue
            seen_groups.add(group)
            head = self.tables.group_head[group]
            if entry_score[head] < entry_score[i] - 0.05:
                head = i  # the level-free twin is much worse: keep the one that matched
            entry = self.entries[head]
            names = self.tables.entry_names[i]
            best = names[int(np.argmax(name_score[names]))]  # the name of the one that matched
            score = -minus_score
            hits.append(
                Hit(
                    entry.value,
                    entry.code,
                    min(score, 1.0),
                    self.tables.name_text[best],
                    self.tables.name_words[best],
                )
            )
        hits = self._past_steps_weigh_less(hits, tokens)
        twins = told.twins
        if twins:
            hits = fitting_foreign(hits, twins, self._hit_of)
        elif not self.synonyms.says_abroad(tokens):
            hits = plain_first(hits, self.twin_tables.civil_foreign)
        hits = self.business_kinds.fitting(hits, self.official_names, tokens)
        hits = self.papers.fitting(hits, tokens)
        hits = self.places_said.fitting(hits, self.official_names, tokens)
        hits = self._prefer_issuing_again(
            fitting_age(hits, self.official_names, text), tokens, said
        )
        return self._prefer_said_actions(hits, text)

    def find(self, text: str) -> EntityMatch:
        """A resolved procedure (clear winner) and the candidates worth offering, as
        ``decision`` decides (nlu/retrieval_decision.py)."""
        return self.decision.find(text)

    @cached_property
    def decision(self) -> CandidateDecision:
        """How a message's ranked candidates resolve (nlu/retrieval_decision.py)."""
        return CandidateDecision(self)

    def twins_told(self, text: str) -> Mapping[str, str]:
        """The twins ``text``'s foreign element chooses (``TwinTables.told``)."""
        return self._told(text)[1].twins

    def weigh_twins(self, hits: list[Hit], twins: Mapping[str, str]) -> list[Hit]:
        """``hits`` with each plain procedure of ``twins`` weighing less than its twin."""
        return fitting_foreign(hits, twins, self._hit_of)

    def fitting_kind(self, hits: list[Hit], text: str) -> list[Hit]:
        """``hits`` read with the kind of business ``text`` says (nlu/business_kinds.py)."""
        return self.business_kinds.fitting(hits, self.official_names, self._read(text).tokens)

    def put_first_by_a_rule(self, text: str, first: Hit, other: Hit) -> bool:
        """Whether a rule of ``search`` weighs ``other`` below ``first`` for ``text``: the
        foreign element told (``first`` is a twin with it), a step said to have failed
        (``other`` is that step) or an action asked that only ``first``'s name says."""
        if first.value in self.twin_tables.chosen and first.value in self.twins_told(text).values():
            return True
        if self._is_done_step(other, self.synonyms.done_names(self._read(text).tokens)):
            return True
        said = said_actions(question_part(text))
        return bool(said & self._hit_actions(first)) and not said & self._hit_actions(other)

    def record_similarity(self, text: str, hits: Sequence[Hit]) -> list[float]:
        """How much ``text`` shares with each hit's record opening (nlu/record_words.py;
        0 without openings)."""
        rows = [self._entry_at.get(h.value) for h in hits]
        if self.record_words is None or None in rows:
            return [0.0] * len(hits)
        return self.record_words.similarity(self._read(text).tokens, rows).tolist()

    def _hit_of(self, value: str, score: float) -> Hit | None:
        """A hit for procedure ``value`` by its first name, not found by the search."""
        i = self._entry_at.get(value)
        if i is None:
            return None
        name = int(self.tables.entry_names[i][0])
        entry = self.entries[i]
        return Hit(
            entry.value,
            entry.code,
            score,
            self.tables.name_text[name],
            self.tables.name_words[name],
        )

    @cached_property
    def _entry_at(self) -> dict[str, int]:
        return {e.value: i for i, e in enumerate(self.entries)}

    def _past_steps_weigh_less(self, hits: list[Hit], tokens: Sequence[str]) -> list[Hit]:
        """A step said to be taken and failed ("hòa giải ... không thành") is not asked
        again: the names holding it weigh less, and the next step comes first."""
        done = self.synonyms.done_names(tokens)
        if not done:
            return hits
        weighed = [
            replace(h, score=h.score * DONE_WEIGHT) if self._is_done_step(h, done) else h
            for h in hits
        ]
        return sorted(weighed, key=lambda h: -h.score)

    def _is_done_step(self, hit: Hit, done: Sequence[str]) -> bool:
        """Whether ``hit``'s official name is (or holds) one of the ``done`` steps' names."""
        name = f" {self.official_names.get(hit.value, '')} "
        return any(f" {d} " in name for d in done)

    def _loose_pairs(
        self, terms: dict[str, float], tokens: Sequence[str], stops: frozenset[int]
    ) -> set[str]:
        """Word pairs of names that the message has apart or the other way round
        ("giấy khai sinh ghi sai ... sửa" and "sửa sai giấy khai sinh"): they count,
        less than the pair as written."""
        found: set[str] = set()
        # content words only: particles and question words between do not part them
        content = [t for pos, t in enumerate(tokens) if pos not in stops and not t.isdigit()]
        following = self.tables.pair_followers
        nothing: frozenset[str] = frozenset()
        for i, a in enumerate(content):
            after_a = following.get(a, nothing)
            for b in content[i + 1 : i + 1 + LOOSE_PAIR_WINDOW]:
                if b in after_a and f"{a} {b}" not in terms:
                    found.add(f"{a} {b}")
                if a in following.get(b, nothing) and f"{b} {a}" not in terms:
                    found.add(f"{b} {a}")
        return found

    def _prefer_said_actions(self, hits: list[Hit], text: str) -> list[Hit]:
        """An action on what exists that the message says ("xin gia hạn giấy chứng nhận
        ..."): when a candidate's name says it too, the names that do not weigh less
        (``ACTION_UNSAID``), not below ``min_score``: "Gia hạn Giấy chứng nhận đủ điều
        kiện buôn bán thuốc thú y" before "Cấp Giấy chứng nhận ..." of the same words."""
        said = said_actions(question_part(text))  # (a story's background tells what was)
        if not said or len(hits) < 2:
            return hits
        has = [bool(said & self._hit_actions(h)) for h in hits]
        if all(has) or not any(has):
            return hits
        weighed = [
            h
            if has_it
            else replace(h, score=max(h.score * ACTION_UNSAID, min(h.score, self.min_score)))
            for h, has_it in zip(hits, has, strict=True)
        ]
        return sorted(weighed, key=lambda h: -h.score)

    def _hit_actions(self, hit: Hit) -> frozenset[str]:
        """The actions (cues.yml) a candidate's names say, its official name or any of
        its everyday phrasings ("xóa hạn chế quyền sử dụng đất trên sổ đỏ" is one of a
        change's); read once per process (not kept in the cached index: cues.yml is not
        part of its key)."""
        known = self._actions_of_names
        if hit.value not in known:
            i = self._entry_at.get(hit.value)
            names = self.entries[i].names if i is not None else ()
            known[hit.value] = frozenset().union(*(name_actions(n) for n in names))
        return known[hit.value]

    def _prefer_issuing_again(
        self, hits: list[Hit], tokens: Sequence[str], said: Sequence[str] = ()
    ) -> list[Hit]:
        """A paper lost or wanted again ("bị mất giấy kết hôn"): when a candidate issues
        it again, the first issues among the others weigh less. A message that says no
        loss: the names about a lost paper weigh less; one that says neither: the names
        that only issue a paper again too, unless it may say so in other words."""
        lost = self.synonyms.lost_words
        lost_said = self.synonyms.says_lost(tokens)
        asked_again = self.synonyms.reissue(tokens)
        weighed = hits
        if not lost_said:
            # "chưa có thẻ BHYT", "hộ chiếu hết hạn, làm lại" are no "mất thẻ", "mất hộ chiếu"
            weighed = [
                replace(h, score=h.score * LOSS_UNSAID) if lost & h.words else h for h in hits
            ]
        if not lost_said and not asked_again:
            if not self.synonyms.may_say_again(tokens, said):
                weighed = [
                    replace(h, score=h.score * AGAIN_UNSAID)
                    if h.value in self.tables.issues_only_again
                    else h
                    for h in weighed
                ]
            return sorted(weighed, key=lambda h: -h.score)
        again = [h.value in self.tables.issues_again for h in weighed]
        if not any(again) or all(again) or not asked_again:
            return sorted(weighed, key=lambda h: -h.score)
        weighed = [
            h if is_again else replace(h, score=h.score * FIRST_ISSUE_WEIGHT)
            for h, is_again in zip(weighed, again, strict=True)
        ]
        return sorted(weighed, key=lambda h: -h.score)

    def written_name(self, value: str) -> str:
        """A procedure's official name as written (its first name; ``official_names``
        holds them folded)."""
        return self.entries[self._entry_at[value]].names[0]

    @cached_property
    def official_names(self) -> dict[str, str]:
        """Each procedure's official name, folded (its first name)."""
        return {e.value: fold(e.names[0]) for e in self.entries}
