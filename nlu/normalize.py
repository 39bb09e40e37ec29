"""Text normalisation for Vietnamese chat messages.

``normalize`` keeps diacritics (it is what the classifier and the logs see);
``fold`` also strips them, for accent-insensitive matching. Both are total:
they accept any ``str`` and never raise.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from knowledge.text import strip_diacritics
from knowledge.yaml_data import parse_yaml

logger = logging.getLogger(__name__)

ABBREVIATIONS_PATH = Path(__file__).with_name("abbreviations.yml")

# Unicode categories replaced by a space: symbols (emoji, math, currency,
# modifiers), separators, unassigned and private-use code points, enclosing marks.
_SPACE_CATEGORIES = frozenset({"So", "Sm", "Sc", "Sk", "Zs", "Zl", "Zp", "Cn", "Co", "Me"})
# Dropped without a trace (so "kh\u200bông" stays one word): controls, format
# characters (zero-width space/joiner, BOM, bidi marks, tag characters), surrogates.
_DROP_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
_WHITESPACE_RE = re.compile(r"\s+")
_ELONGATION_RE = re.compile(r"([^\W\d_])\1{2,}")
_EDGE_PUNCT_RE = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)


@dataclass(frozen=True)
class Abbreviations:
    """Word expansions and unit prefixes, as loaded from ``abbreviations.yml``."""

    words: dict[str, str]
    prefixes: dict[str, str]
    # a word kept as typed right after one of these words ("so hong" is "sổ hồng")
    kept_after: dict[str, frozenset[str]] = field(default_factory=dict)
    # a word read as another right after one of these words ("tách hk" is "tách hộ
    # khẩu"): word -> (what it is read as, the words before)
    read_after: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)

    @cached_property
    def read_in_context(self) -> frozenset[str]:
        """The words read by the word before them (``kept_after``, ``read_after``)."""
        return frozenset(self.kept_after) | frozenset(self.read_after)


def _is_variation_selector(ch: str) -> bool:
    code = ord(ch)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def load_abbreviations(path: Path = ABBREVIATIONS_PATH) -> Abbreviations:
    """Read the abbreviation table; keys and values are normalised to NFC lower case."""
    with path.open(encoding="utf-8") as fh:
        raw = parse_yaml(fh) or {}
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected a mapping with 'words' and 'prefixes'")

    def table(key: str) -> dict[str, str]:
        section = raw.get(key) or {}
        if not isinstance(section, dict):
            raise ValueError(f"{path}: '{key}' must be a mapping")
        return {
            unicodedata.normalize("NFC", str(k)).lower(): unicodedata.normalize(
                "NFC", str(v)
            ).lower()
            for k, v in section.items()
        }

    def word(value: object) -> str:
        return unicodedata.normalize("NFC", str(value)).lower()

    kept = raw.get("kept_after") or {}
    if not isinstance(kept, dict) or not all(isinstance(v, list) for v in kept.values()):
        raise ValueError(f"{path}: 'kept_after' must map a word to a list of words")
    read = raw.get("read_after") or {}
    if not isinstance(read, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("as"), str) and isinstance(v.get("after"), list)
        for v in read.values()
    ):
        raise ValueError(f"{path}: 'read_after' must map a word to 'as' (words) and 'after'")
    return Abbreviations(
        words=table("words"),
        prefixes=table("prefixes"),
        kept_after={word(k): frozenset(word(w) for w in v) for k, v in kept.items()},
        read_after={
            word(k): (word(v["as"]), frozenset(word(w) for w in v["after"]))
            for k, v in read.items()
        },
    )


@lru_cache(maxsize=1)
def _abbreviations() -> Abbreviations:
    abbr = load_abbreviations()
    logger.debug("loaded %d abbreviations and %d prefixes", len(abbr.words), len(abbr.prefixes))
    return abbr


@lru_cache(maxsize=1)
def _prefix_re() -> re.Pattern[str] | None:
    prefixes = _abbreviations().prefixes
    if not prefixes:
        return None
    alternation = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    # "p.5", "tp.hcm", "q1" (a prefix glued to a number), "p." alone.
    return re.compile(rf"^({alternation})(?:\.(.*)|(\d+))$", re.DOTALL)


def abbreviations_fingerprint() -> str:
    """A stable text describing the abbreviation table (part of model fingerprints)."""
    abbr = _abbreviations()
    kept = sorted((k, sorted(v)) for k, v in abbr.kept_after.items())
    read = sorted((k, a, sorted(v)) for k, (a, v) in abbr.read_after.items())
    return repr((sorted(abbr.words.items()), sorted(abbr.prefixes.items()), kept, read))


class _CharTable(dict):
    """``str.translate`` table filled on first sight of each character: whitespace,
    emoji and other symbols become a space, control/format characters and variation
    selectors are dropped, everything else is kept."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        if ch.isspace():
            value: str | None = " "
        else:
            cat = unicodedata.category(ch)
            if cat in _DROP_CATEGORIES or _is_variation_selector(ch):
                value = None
            elif cat in _SPACE_CATEGORIES:
                value = " "
            else:
                value = ch
        if len(self) < 100_000:
            self[code] = value
        return value


_CHAR_TABLE = _CharTable()


def _clean_chars(text: str) -> str:
    return text.translate(_CHAR_TABLE)


def _expand_word(word: str, abbr: Abbreviations, prefix_re: re.Pattern[str] | None) -> str:
    hit = abbr.words.get(word)
    if hit is not None:
        return hit
    match = _EDGE_PUNCT_RE.match(word)
    if match and (match.group(1) or match.group(3)) and match.group(2) in abbr.words:
        lead, core, trail = match.groups()  # "cccd," is "cccd" and its comma
        return f"{lead}{abbr.words[core]}{trail}"
    # Letters typed three times or more are squeezed ("nhaaa" -> "nha", "kooo" -> "ko"),
    # after the exact lookups so that "cccd" and "cccd," survive.
    squeezed = _ELONGATION_RE.sub(r"\1", word)
    if squeezed != word:
        if len(squeezed) == 1:  # "zzz", "kkk" are sounds, not "vậy", "không"
            return squeezed
        return _expand_word(squeezed, abbr, prefix_re)
    if prefix_re is not None:
        match = prefix_re.match(word)
        if match:
            head = abbr.prefixes[match.group(1)]
            rest = match.group(2) if match.group(2) is not None else match.group(3)
            if not rest:
                return head
            return f"{head} {_expand_word(rest, abbr, prefix_re)}"
    return word


@lru_cache(maxsize=65536)
def _expanded(word: str) -> str:
    return _expand_word(word, _abbreviations(), _prefix_re())


def expand_abbreviations(text: str) -> str:
    """Expand abbreviations in already lower-cased, space-separated text; a word is kept
    as typed after a word its ``kept_after`` entry names ("so hong": no "sổ không"), and
    read as its ``read_after`` entry says after one that entry names ("tách hk": "tách
    hộ khẩu", not "tách không")."""
    abbr = _abbreviations()
    words = [w for w in text.split(" ") if w]
    contextual = abbr.read_in_context
    # (most words: letters alone, read the same after any word)
    return " ".join(
        _expanded(w)
        if w.isalnum() and w not in contextual
        else _in_place(w, words[at - 1] if at else "", abbr)
        for at, w in enumerate(words)
    )


def _in_place(word: str, before: str, abbr: Abbreviations) -> str:
    """``word`` expanded where it stands, after the word ``before``."""
    if before in abbr.kept_after.get(word, ()):
        return word
    lead, core, trail = _EDGE_PUNCT_RE.match(word).groups()  # "hk," is "hk"
    read_as, after = abbr.read_after.get(core, ("", frozenset()))
    return f"{lead}{read_as}{trail}" if before in after else _expanded(word)


# One message is normalised by several readers in one parse (intent, procedure, cues):
# the last few messages are remembered, a very long one is not. Short texts (a record's
# paper names, cues, a sentence) come back turn after turn: many are remembered.
_CACHED_CHARS = 4000
_SHORT_CHARS = 300


def normalize(text: str) -> str:
    """Normalise a message, keeping diacritics.

    NFC, lower case, control and zero-width characters dropped, emoji and other
    symbols replaced by spaces, letters repeated three times or more squeezed to
    one ("nhaaa" -> "nha"), whitespace collapsed, abbreviations expanded word by
    word ("đk hs ko dc" -> "đăng ký hồ sơ không được"). Never raises.
    """
    if not isinstance(text, str) or not text:
        return ""
    if len(text) <= _SHORT_CHARS:
        return _normalized_short(text)
    if len(text) <= _CACHED_CHARS:
        return _normalized(text)
    return _normalize(text)


@lru_cache(maxsize=8192)
def _normalized_short(text: str) -> str:
    return _normalize(text)


@lru_cache(maxsize=16)
def _normalized(text: str) -> str:
    return _normalize(text)


# The tone mark of "oa", "oe", "uy" ending a word is written on either vowel ("xoá" and
# "xóa", "uỷ quyền" and "ủy quyền", "hoà giải" and "hòa giải"): normalised text has it on
# the first, as the project's data writes it ("quý" keeps it: the "u" of "qu" is no
# vowel here; "hoàn" has it on the "a" in both ways of writing)
_OLD_TONE = {
    **{f"o{a}": f"{o}a" for a, o in zip("àáảãạ", "òóỏõọ", strict=True)},
    **{f"o{e}": f"{o}e" for e, o in zip("èéẻẽẹ", "òóỏõọ", strict=True)},
    **{f"u{y}": f"{u}y" for y, u in zip("ỳýỷỹỵ", "ùúủũụ", strict=True)},
}
_OLD_TONE_RE = re.compile(rf"(?<!q)({'|'.join(_OLD_TONE)})(?!\w)")


def _normalize(text: str) -> str:
    try:
        cleaned = _clean_chars(unicodedata.normalize("NFC", text))
        cleaned = unicodedata.normalize("NFC", cleaned.lower())
        cleaned = _OLD_TONE_RE.sub(lambda m: _OLD_TONE[m.group(1)], cleaned)
        cleaned = _WHITESPACE_RE.sub(" ", cleaned).strip()
        if not cleaned:
            return ""
        return expand_abbreviations(cleaned)
    except Exception:  # pragma: no cover - defensive: normalisation must be total
        logger.exception("normalize failed; falling back to a plain lower-case form")
        return " ".join(text.lower().split())


def fold(text: str) -> str:
    """``normalize`` the text, then strip all diacritics (``đ`` -> ``d``). Never raises."""
    return strip_diacritics(normalize(text))
