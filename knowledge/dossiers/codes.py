"""National dossier codes: recognise, normalise and find them in free text.

A national dossier code is ``{unit identifier}-{yyMMdd}-{4-digit sequence}``, e.g.
``000.00.04.H51-200221-0001``. The unit identifier follows QĐ 20/2020/QĐ-TTg: three
digits, two digits, two digits and a letter with two digits, dot-separated
(``000.00.04.H51``; read right to left, ``H51`` is the level-1 unit). The sequence
restarts daily.

People type codes with spaces for dots and dashes, in lower case, with quotes or a
trailing full stop; :func:`normalize_code` turns all of those into the canonical form.
:func:`scan_codes` finds every code in a message and also reports what looks like a
failed attempt at one (a missing sequence, a date that does not exist), so the dialogue
can answer with :data:`EXAMPLE_CODE`. Phone and citizen-ID (CCCD) numbers have no unit
letter, so they are never taken for codes nor reported as attempts.

Every function here is pure and never raises.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

EXAMPLE_CODE = "000.00.04.H51-250701-0001"

# Dashes people (and word processors) type between the parts.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_QUOTES = "\"'`\u201c\u201d\u2018\u2019\u00ab\u00bb\u2039\u203a"
_STRIP = _QUOTES + " \t\r\n.,;:!?()[]{}<>"

# Between the parts of the unit identifier: dots and/or spaces (or nothing).
_U = r"[\s.]*"
# Between the unit identifier, the date and the sequence: dashes, dots, slashes, spaces.
_S = r"[\s\-_./]*"
_CODE_BODY = (
    rf"(?P<a>\d{{3}}){_U}(?P<b>\d{{2}}){_U}(?P<c>\d{{2}}){_U}(?P<letter>[A-Za-z])(?P<d>\d{{2}})"
    rf"{_S}(?P<date>\d{{6}}){_S}(?P<seq>\d{{4}})"
)
_CODE_FULL = re.compile(_CODE_BODY)
_CODE_IN_TEXT = re.compile(rf"(?<![\w.]){_CODE_BODY}(?![\w])")

# A run of code-like groups (digits, or one letter followed by digits) joined by
# separators: the place to look for codes and for failed attempts at one.
_GROUP = r"(?:[A-Za-z]\d+|\d+)"
_JOIN = r"(?:[ \t]*[\-_./][ \t]*|[ \t]+)"
_CANDIDATE = re.compile(rf"(?<![\w.]){_GROUP}(?:{_JOIN}{_GROUP})*(?![\w])")
_LETTER_GROUP = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]\d+(?![A-Za-z])")
_DIGIT_GROUP = re.compile(r"(?<![A-Za-z0-9])\d{2,}(?![A-Za-z0-9])")
_UNIT = re.compile(r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}")


@dataclass(frozen=True)
class CodeScan:
    """What a message holds: well-formed codes (canonical, in order, no repeats) and
    the text of things that look like a mistyped code."""

    codes: tuple[str, ...] = ()
    malformed: tuple[str, ...] = ()


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for dash in _DASHES:
        text = text.replace(dash, "-")
    return text


def _real_date(yymmdd: str) -> bool:
    try:
        dt.date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))
    except ValueError:
        return False
    return True


def _canonical(match: re.Match[str]) -> str | None:
    if not _real_date(match["date"]):
        return None
    unit = f"{match['a']}.{match['b']}.{match['c']}.{match['letter'].upper()}{match['d']}"
    return f"{unit}-{match['date']}-{match['seq']}"


def normalize_code(text: object) -> str | None:
    """The canonical national code for ``text``, or None when it is not exactly one code.

    ``"000.00.04.h51 250701 0001"``, ``"000 00 04 H51 - 250701 - 0001."`` and
    ``'"000.00.04.H51-250701-0001"'`` all give ``"000.00.04.H51-250701-0001"``; the
    date part must be a real date.
    """
    if not isinstance(text, str) or len(text) > 200:
        return None
    cleaned = _clean(text).strip(_STRIP)
    match = _CODE_FULL.fullmatch(cleaned)
    return _canonical(match) if match else None


def is_code(text: object) -> bool:
    """True when ``text`` normalises to a national code."""
    return normalize_code(text) is not None


def unit_prefix(code: str) -> str:
    """The unit identifier of a code (``"000.00.04.H51"``).

    For text that is not a national code (some systems, e.g. Hồ Chí Minh City's, use
    their own), the part before the first dash, stripped and upper-cased.
    """
    canonical = normalize_code(code)
    if canonical is not None:
        return canonical.split("-", 1)[0]
    if not isinstance(code, str):
        return ""
    return _clean(code).strip(_STRIP).split("-", 1)[0].strip().upper()


def is_unit_identifier(text: str) -> bool:
    """True for a unit identifier in canonical form (``000.00.04.H51``)."""
    return isinstance(text, str) and _UNIT.fullmatch(text) is not None


def _looks_like_attempt(fragment: str) -> bool:
    # A unit letter with two digits next to other numbers, at least six digits in all:
    # "H51-2507-01", "000.00.04.H51-250701" — but not a flat number such as "A12-05".
    # Phone and CCCD numbers have no letter and never qualify.
    return (
        _LETTER_GROUP.search(fragment) is not None
        and _DIGIT_GROUP.search(fragment) is not None
        and sum(ch.isdigit() for ch in fragment) >= 6
    )


def scan_codes(text: object) -> CodeScan:
    """Every national code in ``text`` and every failed attempt at one.

    >>> scan_codes("tra cứu hồ sơ 000.00.04.h51 250701 0001 giúp em")
    CodeScan(codes=('000.00.04.H51-250701-0001',), malformed=())
    >>> scan_codes("mã 000.00.04.H51-250701 sao rồi").malformed
    ('000.00.04.H51-250701',)
    """
    if not isinstance(text, str):
        return CodeScan()
    cleaned = _clean(text)
    codes: list[str] = []
    malformed: list[str] = []
    for candidate in _CANDIDATE.finditer(cleaned):
        span = candidate.group(0)
        rest: list[str] = []
        position = 0
        for match in _CODE_IN_TEXT.finditer(span):
            rest.append(span[position : match.start()])
            position = match.end()
            canonical = _canonical(match)
            if canonical is None:
                malformed.append(match.group(0).strip())
            elif canonical not in codes:
                codes.append(canonical)
        rest.append(span[position:])
        for fragment in rest:
            fragment = fragment.strip(" \t-_./")
            if fragment and _looks_like_attempt(fragment):
                malformed.append(fragment)
    return CodeScan(codes=tuple(codes), malformed=tuple(dict.fromkeys(malformed)))
