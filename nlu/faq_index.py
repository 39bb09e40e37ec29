"""FAQ retrieval: which published FAQ entry a citizen's message asks, answered the way
Rasa's ResponseSelector answers — the message against every phrasing of every entry.

Each entry has phrasings (its question and the variants staff wrote). A phrasing and a
message are read the same way: the NLU's normaliser expands chat abbreviations ("ko",
"k", "dc", "hs", "đk", "tthc", "cccd", "gplx" ...), the project's one folding function
drops diacritics, and a word the index does not know is taken for a typo of the FAQ word
it is closest to. Both become TF-IDF vectors of two kinds: words and word pairs, and
character n-grams of the words (which forgive typos and glued words). Document
frequencies are counted over the phrasings and a background of everyday questions (the
NLU's training examples), so question words and particles ("có", "không", "làm", "gì")
weigh little even when staff have written only a handful of entries. A word of the
message that no phrasing or background text has still counts in the message's length, so
an unrelated question is not matched on the few words it shares.

Everyday phrases add the words entries are written in, on both sides: the official terms
of nlu/synonyms.yml and the FAQ's own words (nlu/faq_words.yml: "ship" -> "bưu điện",
"nộp giúp" / "hộ cho bạn" -> "thay"). An entry answers only a message that says one of its
key words — the words of its phrasings that are neither generic ("trung tâm", "hồ sơ")
nor common among the other texts: "trung tâm có cho mượn bút không" is not the entry
"trung tâm có máy photo không", whatever its score (nlu.faq_words).

A phrasing's score is the weighted mean of the two cosines; an entry's score is its best
phrasing's. ``match`` gives the best entry when it scores at least ``threshold``, leads
the next entry by ``margin``, and is not much further from the message (``contrast``)
than the closest everyday question — "trung tâm hành chính công ở đâu" is that
everyday question, not the entry "trung tâm hành chính công có chỗ gửi xe không" whose
words it shares (background questions that say what a phrasing says do not count). A long
story is matched by its asking sentences and needs a higher score.

An entry scoped to a province is a candidate only for the units of that province, one
scoped to a unit only for that unit; with no unit known, only unscoped entries are.
Place names count on neither side (the scope, and the place the message names, say
where): "trung tâm phường Tân Định ở đâu" must not look like "trung tâm phường Tân Định
có làm thứ Bảy không".

Measured through the whole dialogue with `citizenbot nlu faq-eval` on
nlu/dev/faq_paraphrases.yml (23 entries, tuned on): 32 of 94 right at first, 54 after
issue 10 (held-out nlu/eval/faq_paraphrases.yml: 16 -> 35 of 88), 68 of 94 with the FAQ
words and key words (session 13; 1 wrong entry, none of 34 unrelated questions answered,
the dev dialogue sets unchanged).

An index is immutable: publishing builds a new one, which replaces the old as a whole.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from knowledge.build_cache import load_or_build
from knowledge.text import fold
from nlu.build_inputs import shipped_digest
from nlu.cues import question_part
from nlu.faq_space import TfidfSpace, text_features
from nlu.faq_words import FaqWords, faq_words
from nlu.terms import Synonyms, analyse, content_words

logger = logging.getLogger(__name__)

Unit = tuple[str, str]  # (province_key, unit_key) of the conversation; unit "": only a province
Scope = tuple[str, str | None]  # (province_key, unit_key or None for the whole province)

WORD_SHARE = 0.5  # the word cosine's share of a score; the character cosine has the rest
FUZZY_CUTOFF = 84.0
THRESHOLD = 0.3  # tuned on nlu/dev/faq_paraphrases.yml (was 0.45)
MARGIN = 0.03
STORY_WORDS = 12  # a message with more content words than this tells a story
STORY_EXTRA = 0.1  # a story is matched by its asking sentences, and needs this much more
SAME_QUESTION = 0.6  # a background question this close to a phrasing may ask the same
CONTRAST = 0.15  # how much closer an everyday question may be than a strong FAQ match
STRONG = 0.45  # a match this good is strong; a weaker one must be at least as close as
WEAK_CONTRAST = 0.05  # every everyday question (less this)


@dataclass(frozen=True)
class FaqDocument:
    """One entry as the index sees it (plain data). ``names``: the names of the place
    it is scoped to, which its phrasings' words do not count (the scope says it)."""

    id: int
    phrasings: tuple[str, ...]
    scope: Scope | None = None
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class FaqMatch:
    """The entry a message asks, its score in [0, 1] and the phrasing that matched;
    ``runner_up``: the next entry's score, ``everyday``: the closest background question's."""

    id: int
    score: float
    phrasing: str
    runner_up: float = 0.0
    everyday: float = 0.0


def without_names(text: str, names: Iterable[str]) -> str:
    """``text`` without the place names in it (compared accent-folded): a place decides
    which entries apply, so its name should not make two questions look alike ("trung tâm
    phường Tân Định ở đâu" is no paraphrase of "trung tâm phường Tân Định có làm thứ
    Bảy không")."""
    names = sorted({fold(n).strip() for n in names if n and n.strip()}, key=len, reverse=True)
    if not names or not isinstance(text, str):
        return text
    original = unicodedata.normalize("NFC", text)
    folded = fold(original)
    if len(folded) != len(original):  # rare: keep the folded text, which still reads well
        original = folded
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    kept, start = [], 0
    for found in pattern.finditer(folded):
        kept.append(original[start : found.start()])
        start = found.end()
    kept.append(original[start:])
    return " ".join("".join(kept).split())


def _read(text: str) -> tuple[list[str], frozenset[int]]:
    """Folded words of ``text`` (abbreviations expanded) and the particles' positions."""
    tokens, stops = analyse(text)
    return list(tokens), stops


def _content(tokens: Sequence[str], stops: frozenset[int]) -> frozenset[str]:
    return frozenset(t for pos, t in enumerate(tokens) if pos not in stops)


class FaqIndex:
    """Published FAQ entries, searchable by a citizen's message (immutable once built).

    ``background``: everyday questions that are not FAQ entries (the NLU's training
    examples). They lower the weight of common words, and they are the other side of
    the contrast: a message much closer to one of them than to any FAQ phrasing is an
    ordinary question ("trung tâm hành chính công ở đâu"), not the FAQ entry that shares
    its words ("trung tâm hành chính công có chỗ gửi xe không").
    """

    def __init__(
        self,
        documents: Iterable[FaqDocument] = (),
        background: Iterable[str] = (),
        synonyms: Synonyms | None = None,
        *,
        words: FaqWords | None = None,
        threshold: float = THRESHOLD,
        margin: float = MARGIN,
        contrast: float = CONTRAST,
    ) -> None:
        self.documents: tuple[FaqDocument, ...] = tuple(documents)
        self.synonyms = synonyms or Synonyms()
        self.words = words or faq_words()
        self.threshold = threshold
        self.margin = margin
        self.contrast = contrast
        self._ids = np.array([d.id for d in self.documents], dtype=np.int64)
        self._scopes = tuple(d.scope for d in self.documents)
        owner: list[int] = []
        self._phrasings: list[str] = []
        word_docs: list[Counter] = []
        char_docs: list[Counter] = []
        vocabulary: set[str] = set()
        contents: list[frozenset[str]] = []  # each text's content words
        said: list[frozenset[str]] = []  # ... and the words its everyday phrases add
        seen: set[tuple[str, ...]] = set()
        for position, document in enumerate(self.documents):
            for phrasing in dict.fromkeys(p for p in document.phrasings if p.strip()):
                tokens, stops = _read(without_names(phrasing, document.names))
                if not tokens:
                    continue
                seen.add(tuple(tokens))
                owner.append(position)
                self._phrasings.append(phrasing)
                extra = self._added(tokens)
                words, chars = text_features(tokens, stops, extra)
                word_docs.append(words)
                char_docs.append(chars)
                vocabulary.update(tokens)
                contents.append(_content(tokens, stops))
                said.append(contents[-1].union(extra))
        self._owner = np.array(owner, dtype=np.int64)
        # phrasings come entry after entry: each entry's are one run of rows
        self._entries_with_rows, self._run_starts = np.unique(self._owner, return_index=True)
        ends = [*self._run_starts[1:].tolist(), len(owner)] if owner else []
        self._runs = {
            int(entry): (int(start), end)
            for entry, start, end in zip(
                self._entries_with_rows, self._run_starts, ends, strict=True
            )
        }
        known = set(vocabulary)
        for text in dict.fromkeys(background):
            tokens, stops = _read(text)
            if tokens and tuple(tokens) not in seen:  # a phrasing is no other question
                seen.add(tuple(tokens))
                extra = self._added(tokens)
                words, chars = text_features(tokens, stops, extra)
                word_docs.append(words)
                char_docs.append(chars)
                known.update(tokens)
                contents.append(_content(tokens, stops))
                said.append(contents[-1].union(extra))
        self._background = len(word_docs) - len(owner)
        self._words = TfidfSpace(word_docs)
        self._chars = TfidfSpace(char_docs)
        self._others = self._other_questions(len(owner), contents)
        self._keys = self.words.entry_keys(said, self._owner.tolist(), len(self.documents))
        for space in (self._words, self._chars):  # cut once: phrasings, then the background
            space.cosines_of(None, slice(0, len(owner)))
            space.cosines_of(None, slice(len(owner), None))
        self._known = frozenset(known)
        self._fuzzy_vocab = tuple(sorted(w for w in vocabulary if len(w) >= 4 and not w.isdigit()))
        logger.info(
            "FAQ index: %d entries, %d phrasings, %d background questions",
            len(self.documents),
            len(self._phrasings),
            self._background,
        )

    @classmethod
    def cached(
        cls,
        documents: Iterable[FaqDocument],
        background: Iterable[str],
        synonyms: Synonyms | None,
        cache_dir: Path | None,
    ) -> FaqIndex:
        """The index of these entries, read from ``cache_dir`` when it was built before
        from the same inputs: building it over the NLU's training questions takes most
        of a second at every start, reading it a hundredth."""
        documents, background = tuple(documents), tuple(background)
        synonyms = synonyms or Synonyms()
        key = (shipped_digest(), documents, background, synonyms.cache_key())
        return load_or_build(
            cache_dir, "faq-index", key, cls, lambda: cls(documents, background, synonyms)
        )

    def __len__(self) -> int:
        return len(self.documents)

    def _added(self, tokens: Sequence[str]) -> list[str]:
        """The official words and the FAQ words of the everyday phrases in ``tokens``."""
        return [*self.synonyms.expand(tokens), *self.words.expand(tokens)]

    def _key_words(self, entry_id: int) -> frozenset[str]:
        return self._keys[int(np.flatnonzero(self._ids == entry_id)[0])]

    def _said(self, text: str) -> frozenset[str]:
        """The words of ``text`` as key words are read: typos corrected, with the official
        and FAQ words of its everyday phrases."""
        tokens = self._correct(_read(text)[0])
        return frozenset((*tokens, *self._added(tokens)))

    def _has_key_word(self, said: frozenset[str], entry_id: int) -> bool:
        """Whether a message's words (``_said``) hold one of the entry's key words (an
        entry without any answers on its score alone)."""
        keys = self._key_words(entry_id)
        return not keys or not keys.isdisjoint(said)

    def _told_apart(self, said: frozenset[str], top: int, close: Sequence[int]) -> bool:
        """A close call settled by key words: a message's words (``_said``) hold a key
        word of the top entry that no close runner-up has, and none of theirs that the
        top one lacks. "sau khi sáp nhập xã thì căn cước có phải làm lại không" is the
        entry on the ID card after the merger, not the one on every paper issued before
        it (its "căn cước")."""
        mine = self._key_words(top)
        theirs = frozenset().union(*(self._key_words(i) for i in close))
        if not (mine - theirs) & said:
            return False
        return not any((self._key_words(i) - mine) & said for i in close)

    def _other_questions(self, n_phrasings: int, contents: Sequence[frozenset[str]]) -> np.ndarray:
        """Which background questions are other questions: not those that say what an
        FAQ phrasing says (the training data may hold the very question staff answer) —
        close to it and with all its content words but one, and that one not a word two
        phrasings of the entry share. "trung tâm hành
        chính công ở đâu" is another question than "đến trung tâm hành chính công để xe ở
        đâu", however close: it does not ask about parking."""
        words, chars = self._words.matrix, self._chars.matrix
        others = np.ones(words.shape[0] - n_phrasings, dtype=bool)
        if n_phrasings == 0 or words.shape[0] == n_phrasings:
            return others
        background_words = words.rows(n_phrasings, None)
        background_chars = chars.rows(n_phrasings, None)
        topics: dict[int, Counter] = {}  # an entry's words: those in two of its phrasings
        for col, position in enumerate(self._owner):
            topics.setdefault(int(position), Counter()).update(contents[col])
        for col in range(n_phrasings):  # each phrasing against every background question
            similar = WORD_SHARE * (background_words @ words.dense_row(col))
            similar += (1.0 - WORD_SHARE) * (background_chars @ chars.dense_row(col))
            topic = topics[int(self._owner[col])]
            for row in np.flatnonzero(similar >= SAME_QUESTION):
                if not others[row]:
                    continue
                missing = contents[col] - contents[n_phrasings + int(row)]
                if len(missing) <= 1 and all(topic[word] < 2 for word in missing):
                    others[row] = False
        return others

    def _correct(self, tokens: list[str]) -> list[str]:
        """Words nobody wrote, taken for typos of the FAQ word they are closest to."""
        corrected = []
        for token in tokens:
            if token in self._known or len(token) < 4 or token.isdigit() or not self._fuzzy_vocab:
                corrected.append(token)
                continue
            best = process.extractOne(
                token, self._fuzzy_vocab, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
            )
            fits = best is not None and abs(len(best[0]) - len(token)) <= 1
            corrected.append(best[0] if fits else token)
        return corrected

    def _allowed(self, unit: Unit | None) -> np.ndarray:
        allowed = np.zeros(len(self.documents), dtype=bool)
        for i, scope in enumerate(self._scopes):
            if scope is None:
                allowed[i] = True
            elif unit is not None and scope[0] == unit[0]:
                allowed[i] = scope[1] is None or scope[1] == unit[1]
        return allowed

    def _vectors(self, text: str) -> tuple[np.ndarray | None, np.ndarray | None] | None:
        """The message's word and character vectors (None: nothing to compare)."""
        tokens, stops = _read(text) if isinstance(text, str) else ([], frozenset())
        if not tokens or not self._phrasings:
            return None
        tokens = self._correct(tokens)
        words, chars = text_features(tokens, stops, self._added(tokens))
        return self._words.vector(words), self._chars.vector(chars)

    def _similarity(self, vectors, rows: slice) -> np.ndarray:
        words, chars = vectors
        scores = WORD_SHARE * self._words.cosines_of(words, rows)
        scores += (1.0 - WORD_SHARE) * self._chars.cosines_of(chars, rows)
        return scores

    def _phrasing_scores(self, vectors) -> np.ndarray:
        if vectors is None:
            return np.zeros(len(self._phrasings))
        return self._similarity(vectors, slice(0, len(self._phrasings)))

    def _everyday(self, vectors) -> float:
        """The best score of a background question that is another question."""
        if vectors is None:
            return 0.0
        others = self._similarity(vectors, slice(len(self._phrasings), None))[self._others]
        return float(others.max()) if others.size else 0.0

    def _scores(self, text: str) -> tuple[np.ndarray, float]:
        """Every phrasing's score, and the best score of a background question."""
        vectors = self._vectors(text)
        return self._phrasing_scores(vectors), self._everyday(vectors)

    def _ranked(self, scores: np.ndarray, unit: Unit | None, limit: int) -> list[FaqMatch]:
        best = np.full(len(self.documents), -1.0)
        if len(self._run_starts):
            best[self._entries_with_rows] = np.maximum.reduceat(scores, self._run_starts)
        best[~self._allowed(unit)] = -1.0
        matches = []
        for i in np.argsort(-best, kind="stable")[:limit]:
            if best[i] <= 0:
                break
            start, end = self._runs[int(i)]
            row = start + int(np.argmax(scores[start:end]))
            score = round(float(min(best[i], 1.0)), 4)
            matches.append(FaqMatch(int(self._ids[i]), score, self._phrasings[row]))
        return matches

    def _asked(self, text: str) -> tuple[str, float]:
        """What of a message to match, and the score it needs: a long story is matched by
        its asking sentences, and its many words make a chance match likelier."""
        if isinstance(text, str) and len(content_words(text)) > STORY_WORDS:
            return question_part(text), self.threshold + STORY_EXTRA
        return text, self.threshold

    def ranking(
        self, text: str, unit: Unit | None = None, limit: int = 5, names: Iterable[str] = ()
    ) -> list[FaqMatch]:
        """The best entries for ``text`` that apply to ``unit``, best first (``names``: the
        place names the message says, see ``without_names``)."""
        asked = self._asked(without_names(text, names))[0]
        return self._ranked(self._phrasing_scores(self._vectors(asked)), unit, limit)

    def match(
        self, text: str, unit: Unit | None = None, names: Iterable[str] = ()
    ) -> FaqMatch | None:
        """The entry ``text`` asks when it is clearly good enough: at least ``threshold``
        (more for a story), ``margin`` ahead of the next entries or told apart from them
        by a key word (``_told_apart``), and not much closer to a
        background question (within ``contrast``); else None. The background is scored
        only for a message that passes the other tests (most do not)."""
        asked, needed = self._asked(without_names(text, names))
        vectors = self._vectors(asked)
        ranked = self._ranked(self._phrasing_scores(vectors), unit, 3)
        if not ranked:
            return None
        top = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if top.score < needed:
            return None
        said = self._said(asked)
        close = [m.id for m in ranked[1:] if top.score - m.score < self.margin]
        if close and not self._told_apart(said, top.id, close):
            return None
        if not self._has_key_word(said, top.id):
            logger.debug("FAQ %d (%.2f): the message has none of its key words", top.id, top.score)
            return None
        other = self._everyday(vectors)
        contrast = self.contrast if top.score >= STRONG else min(self.contrast, WEAK_CONTRAST)
        if top.score < other - contrast:
            logger.debug(
                "FAQ %d (%.2f) lost to an everyday question (%.2f)", top.id, top.score, other
            )
            return None
        return FaqMatch(top.id, top.score, top.phrasing, runner_up, round(other, 4))


def empty_index() -> FaqIndex:
    return FaqIndex()
