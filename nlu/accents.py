"""A word written with its diacritics says which word it is: folded, "chim" (a bird) is
"chìm" (sunk), "đang" (now) is "đăng" (register), "tự" (oneself) is "tử" (death). The
procedure index matches folded words; a procedure name's word that folds like the
message's but is written otherwise covers it only in part (``ACCENT_LOSS``), as a
particle's folding covers a name's word only as much as a particle weighs
(nlu/message_reading.py ``sure_particles``).

Only a message typed with diacritics tells: typed bare, "chim" may be either.
One spelling is kept per word: "sỹ" and "sĩ", "hoá" and "hóa" are the same word
(``accent_key``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

import numpy as np

from nlu.terms import BARE_SHARE, MAX_CHARS, canon

# The share of a term's weight that a name's word of the same folding, written with other
# diacritics, does not cover.
ACCENT_LOSS = 0.5
_WORD_RE = re.compile(r"[^\W\d_]+")
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng


@lru_cache(maxsize=65536)
def accent_key(word: str) -> str:
    """``word``'s letters with their vowel marks, then its tone: one spelling of a word
    whatever vowel carries the tone ("hoá", "hóa") and "y" or "i" ("sỹ", "sĩ")."""
    parts = unicodedata.normalize("NFD", word)
    tone = next((c for c in parts if c in _TONES), "")
    letters = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
    return canon(letters) + tone


@lru_cache(maxsize=32)
def typed_bare(text: str) -> bool:
    """Whether the citizen typed ``text`` without diacritics: then a word without them
    may be any word of its folding; in a message typed with them, it is the word without
    ("chim", not "chìm"). Told from the words as typed: an abbreviation's expansion
    ("dk": "đăng ký") is written with them either way."""
    words = _WORD_RE.findall(text[:MAX_CHARS])
    return sum(w.isascii() for w in words) >= BARE_SHARE * len(words)


def has_marks(word: str) -> bool:
    """Whether ``word`` was written with any diacritic (or "đ")."""
    return bool(word) and not word.isascii()


def spelling_keys(written: Sequence[str]) -> tuple[str, ...]:
    """Each written word's ``accent_key`` (a name's, kept while its index is built)."""
    return tuple(accent_key(word) for word in written)


def spellings(tokens: Sequence[str], keys: Sequence[str]) -> dict[str, frozenset[str]]:
    """Each folded token of a name with the ways the name writes it (``spelling_keys``
    of its words); empty when the tokens are not the written words one for one."""
    if len(tokens) != len(keys):
        return {}
    found: dict[str, set[str]] = defaultdict(set)
    for token, key in zip(tokens, keys, strict=True):
        found[token].add(key)
    return {token: frozenset(keys) for token, keys in found.items()}


def name_accents(
    names: Iterable[tuple[int, Sequence[str], Mapping[str, frozenset[str]]]],
) -> dict[str, dict[str, np.ndarray | None]]:
    """For each folded word of the names, each way they write it and the names that
    write it only otherwise; under "" every name that writes it (for a way no name
    does). A word every name writes one way has that way alone, with ``None``.
    ``names``: (name id, its folded tokens, ``spellings`` of the name it was read from;
    a word an everyday phrase put in has none)."""
    spelled: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for n, tokens, known in names:
        for token in tokens:
            for key in known.get(token, ()):
                spelled[token][key].add(n)
    tables: dict[str, dict[str, np.ndarray | None]] = {}
    for token, by_key in spelled.items():
        if len(by_key) == 1:
            tables[token] = dict.fromkeys(by_key)
            continue
        every = set().union(*by_key.values())
        table: dict[str, np.ndarray | None] = {
            key: np.array(sorted(every - ids), dtype=np.int64) for key, ids in by_key.items()
        }
        table[""] = np.array(sorted(every), dtype=np.int64)
        tables[token] = table
    return tables


def written_otherwise(
    tokens: Sequence[str],
    said: Sequence[str],
    stops: frozenset[int],
    accents: Mapping[str, Mapping[str, np.ndarray | None]],
    bare: bool,
    n_names: int,
) -> dict[str, np.ndarray | None]:
    """The message's words written with their diacritics (never as a particle, never
    corrected or bare elsewhere in it) that names spell otherwise: for each, a mask of
    the ``n_names`` names that have it only in another spelling, or ``None`` when every
    name that has it does. ``bare``: the message was typed without diacritics
    (``typed_bare``): its words without them say nothing."""
    keys: dict[str, set[str]] = defaultdict(set)
    unsure: set[str] = set()
    for pos, token in enumerate(tokens):
        if token not in accents:
            continue
        word = said[pos] if pos < len(said) else ""
        if pos in stops or not word or (bare and not has_marks(word)):
            unsure.add(token)
        else:
            keys[token].add(accent_key(word))
    found: dict[str, np.ndarray | None] = {}
    for token, said_keys in keys.items():
        if token in unsure:
            continue
        table = accents[token]
        if "" not in table:  # one way for every name
            if said_keys.isdisjoint(table):
                found[token] = None
            continue
        names = _otherwise(table, said_keys)
        if len(names):
            mask = np.zeros(n_names, dtype=bool)
            mask[names] = True
            found[token] = mask
    return found


def _otherwise(table: Mapping[str, np.ndarray | None], said: set[str]) -> np.ndarray:
    """The names of ``name_accents``' ``table`` (of a word written more than one way)
    that write the word in none of the ways ``said``."""
    names = None
    for key in said:
        found = table.get(key, table[""])
        names = found if names is None else np.intersect1d(names, found, assume_unique=True)
    return names


def terms_with(tokens: Sequence[str], words: Mapping[str, object]) -> frozenset[str]:
    """The message's own terms (``weighted_terms``: its words and the pairs they make
    with their neighbours) that have one of ``words``."""
    terms: set[str] = set()
    for pos, token in enumerate(tokens):
        if token in words:
            terms.add(token)
            if pos:
                terms.add(f"{tokens[pos - 1]} {token}")
            if pos + 1 < len(tokens):
                terms.add(f"{token} {tokens[pos + 1]}")
    return frozenset(terms)


def spelled_otherwise(
    term: str, ids: np.ndarray, otherwise: Mapping[str, np.ndarray | None]
) -> np.ndarray | None:
    """Of the names ``ids`` having ``term`` (a word or a pair), which write a word of it
    otherwise than the message did (``written_otherwise``): a mask over ``ids``, or
    None for none."""
    mask = None
    for word in term.split(" ") if " " in term else (term,):
        if word not in otherwise:
            continue
        spelled = otherwise[word]
        if spelled is None:  # every name having it
            return np.ones(len(ids), dtype=bool)
        mask = spelled[ids] if mask is None else mask | spelled[ids]
    return mask
