"""The FAQ index's own words (``faq_words.yml``): everyday words for the words staff write
entries in, and the words that never say what an entry is about.

- ``everyday``: an everyday phrase adds the words an entry would use for it, on both
  sides (a phrasing and a message), the way ``nlu/synonyms.yml`` adds official terms:
  "con đi nộp giúp mẹ" then shares "thay" and "người thân" with "người thân có được
  nộp hồ sơ thay không".
- ``on_behalf``: a helper word that says one does an errand for another ("nộp giúp",
  "lấy kết quả hộ", "giúp mẹ", "hộ cho bạn") adds "thay" (and "người thân" before a
  relative), but not where it is part of another word ("hộ khẩu", "thay đổi"; without
  diacritics "ho so" is "hồ sơ").
- ``generic``: words of the place or of the errand ("trung tâm", "hồ sơ", "nộp").
  Every other word of an entry's phrasings that is not common in the index's texts is
  one of the entry's *key words* (its object: "photo", "gửi xe", "mật khẩu"), and an
  entry answers only a message that has at least one of them: "trung tâm có cho mượn bút
  không" shares "trung tâm có ... không" with "trung tâm có máy photo không", but no
  key word.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.yaml_data import load_yaml
from nlu.terms import Synonyms, fold_tokens, folded_phrases

logger = logging.getLogger(__name__)

FAQ_WORDS_PATH = Path(__file__).with_name("faq_words.yml")
KEY_SHARE = 0.1  # a word in more than this share of the index's texts names no object


def _phrases(raw) -> tuple[tuple[str, ...], ...]:
    """``folded_phrases``, each phrase as its words (compared word by word)."""
    return tuple(tuple(p.split()) for p in folded_phrases(raw))


def _starts(tokens: Sequence[str], at: int, phrases: Iterable[tuple[str, ...]]) -> bool:
    return any(tuple(tokens[at : at + len(p)]) == p for p in phrases)


def _ends(tokens: Sequence[str], at: int, phrases: Iterable[tuple[str, ...]]) -> bool:
    return any(at >= len(p) and tuple(tokens[at - len(p) : at]) == p for p in phrases)


@dataclass(frozen=True)
class OnBehalf:
    """Helper words that say an errand is done for someone (folded phrases; see
    faq_words.yml)."""

    helpers: frozenset[str]
    after: tuple[tuple[str, ...], ...]
    people: tuple[tuple[str, ...], ...]
    not_before: frozenset[str]
    adds: tuple[str, ...]
    people_adds: tuple[str, ...]

    @classmethod
    def read(cls, data: dict) -> OnBehalf | None:
        helpers = frozenset(p[0] for p in _phrases(data.get("helpers")) if len(p) == 1)
        if not helpers:
            return None
        return cls(
            helpers,
            _phrases(data.get("after")),
            _phrases(data.get("people")),
            frozenset(p[0] for p in _phrases(data.get("not_before")) if len(p) == 1),
            tuple(t for p in _phrases(data.get("adds")) for t in p),
            tuple(t for p in _phrases(data.get("people_adds")) for t in p),
        )

    def expand(self, tokens: Sequence[str]) -> list[str]:
        """The words added for each helper word of folded ``tokens`` that says so."""
        added: list[str] = []
        for at, token in enumerate(tokens):
            following = tokens[at + 1] if at + 1 < len(tokens) else ""
            if token not in self.helpers or following in self.not_before:
                continue
            whom = at + 2 if following == "cho" else at + 1  # "hộ cho bạn"
            if _starts(tokens, whom, self.people):
                added.extend((*self.adds, *self.people_adds))
            elif _ends(tokens, at, self.after):
                added.extend(self.adds)
        return added


@dataclass(frozen=True)
class FaqWords:
    """Everyday phrases with the entry words they stand for, and the generic words
    (folded)."""

    everyday: Synonyms = Synonyms()
    generic: frozenset[str] = frozenset()
    on_behalf: OnBehalf | None = None

    @classmethod
    def load(cls, path: Path = FAQ_WORDS_PATH) -> FaqWords:
        if not path.exists():
            return cls()
        data = load_yaml(path) or {}
        expansions: dict[str, list[str]] = {}
        for target, phrases in (data.get("everyday") or {}).items():
            for phrase in phrases or ():
                key = " ".join(fold_tokens(str(phrase)))
                if key:
                    expansions.setdefault(key, []).append(str(target))
        ordered = sorted(expansions.items(), key=lambda e: -len(e[0]))  # longest first
        generic = frozenset(
            token for word in data.get("generic") or () for token in fold_tokens(str(word))
        )
        everyday = Synonyms(tuple((k, tuple(v)) for k, v in ordered))
        return cls(everyday, generic, OnBehalf.read(data.get("on_behalf") or {}))

    def expand(self, tokens: Sequence[str]) -> list[str]:
        """The entry words of the everyday phrases in folded ``tokens``."""
        added = self.everyday.expand(tokens)
        if self.on_behalf is not None:
            added.extend(self.on_behalf.expand(tokens))
        return added

    def entry_keys(
        self, said: Sequence[frozenset[str]], owner: Sequence[int], entries: int
    ) -> tuple[frozenset[str], ...]:
        """Every entry's key words, by position. ``said``: each text's words (the
        phrasings first, then the everyday questions), ``owner``: the entry of each
        phrasing."""
        counts: Counter = Counter()
        for words in said:
            counts.update(words)
        rows: dict[int, list[frozenset[str]]] = {}
        for row, position in enumerate(owner):
            rows.setdefault(position, []).append(said[row])
        keys = []
        for position in range(entries):
            own = rows.get(position, [])
            others = counts.copy()  # how common a word is among the other texts
            for words in own:
                others.subtract(words)
            keys.append(self.key_words(own, others, len(said) - len(own)))
        return tuple(keys)

    def key_words(
        self, texts: Sequence[Iterable[str]], counts: Counter, total: int
    ) -> frozenset[str]:
        """An entry's key words: the words of its ``texts`` (each a phrasing's content
        words and added words) that are not generic and are in at most ``KEY_SHARE`` of
        the ``total`` other texts of the index (the other entries' phrasings and the
        everyday questions; ``counts``: in how many of them each word is)."""
        most = max(KEY_SHARE * total, 1.0)
        return frozenset(
            word
            for words in texts
            for word in words
            if word not in self.generic and counts[word] <= most
        )


@lru_cache(maxsize=1)
def faq_words() -> FaqWords:
    words = FaqWords.load()
    logger.debug(
        "FAQ words: %d everyday phrases, %d generic words",
        len(words.everyday.expansions),
        len(words.generic),
    )
    return words
