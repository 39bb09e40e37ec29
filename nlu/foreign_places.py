"""A foreign element told by a place abroad: a foreigner ("chồng tôi là người Nhật",
"lấy chồng Hàn Quốc"), or a person born or living abroad ("con sinh năm 2023 ở Osaka",
"em gái tôi đang sống ở Đức"). The places and the words before them are data
(``nlu/foreign_places.yml``); nlu/retrieval.py reads a message with this besides the
phrases of ``synonyms.yml`` (``Synonyms.says_foreign``), for the twins of
nlu/foreign_twins.py.

A short country name that is also a Vietnamese word or name ("Mỹ" of "Mỹ Tho", "Nga",
"Pháp" of "tư pháp") counts only written with its diacritics, and not where a
Vietnamese place or word begins with it ("ở Mỹ Tho", "Lào Cai").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from knowledge.yaml_data import load_yaml
from nlu.terms import fold_tokens, written_words

FOREIGN_PLACES_PATH = Path(__file__).with_name("foreign_places.yml")


def _phrases(raw) -> tuple[tuple[str, ...], ...]:
    """Each phrase of a YAML list as its folded words (None: none)."""
    return tuple(words for p in raw or () if (words := tuple(fold_tokens(str(p)))))


Phrases = tuple[tuple[str, ...], ...]


def _by_first(phrases: Phrases) -> dict[str, Phrases]:
    """``phrases`` by their first word."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        by_first.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(found) for first, found in by_first.items()}


def _ends(tokens: Sequence[str], by_first: dict[str, Phrases]) -> frozenset[int]:
    """The positions right after each phrase (``_by_first``) found in ``tokens``: one
    look at each word, not one at each word for every phrase."""
    return frozenset(
        start + len(phrase)
        for start, token in enumerate(tokens)
        for phrase in by_first.get(token, ())
        if tuple(tokens[start : start + len(phrase)]) == phrase
    )


@dataclass(frozen=True)
class ForeignReading:
    """What a message tells of places abroad (``ForeignPlaces.read``)."""

    foreigner: bool = False  # a foreigner named: "người Nhật", "quốc tịch Pháp"
    abroad: bool = False  # someone born or living abroad: "sinh năm 2023 ở Osaka"
    living_abroad: bool = False  # ... living there now: "hiện sống tại Đức"


@dataclass(frozen=True)
class ForeignPlaces:
    """The places abroad and the words that put a person there (folded words)."""

    places: tuple[tuple[str, ...], ...] = ()
    # (tuples, sorted: the index's cache key holds this, and must not vary by hash seed)
    ambiguous: tuple[tuple[str, ...], ...] = ()  # ... read only as written
    written: tuple[tuple[str, ...], ...] = ()  # each ambiguous place as written, by ``places``
    at_home: tuple[tuple[str, ...], ...] = ()
    nationality: tuple[tuple[str, ...], ...] = ()
    born: tuple[tuple[str, ...], ...] = ()
    living: tuple[tuple[str, ...], ...] = ()
    returned: tuple[tuple[str, ...], ...] = ()
    at: tuple[str, ...] = ()
    within: int = 0
    # the folded words that tell twins named at home and abroad apart ("o trong nuoc")
    home: str = ""
    away: str = ""

    @classmethod
    def load(cls, path: Path = FOREIGN_PLACES_PATH) -> ForeignPlaces:
        if not path.exists():
            return cls()
        data = load_yaml(path) or {}
        raw = [str(p) for p in (*(data.get("countries") or ()), *(data.get("cities") or ()))]
        ambiguous = tuple(sorted(set(_phrases(data.get("ambiguous")))))
        places = [(tuple(fold_tokens(p)), tuple(written_words(p))) for p in raw]
        places = sorted({p for p in places if p[0]}, key=lambda p: (-len(p[0]), p))
        return cls(
            places=tuple(folded for folded, _ in places),
            ambiguous=ambiguous,
            written=tuple(written if folded in ambiguous else () for folded, written in places),
            at_home=_phrases(data.get("at_home")),
            nationality=_phrases(data.get("nationality")),
            born=_phrases(data.get("born")),
            living=_phrases(data.get("living")),
            returned=_phrases(data.get("returned")),
            at=tuple(sorted({w for p in _phrases(data.get("at")) for w in p})),
            within=int(data.get("within") or 0),
            home=" ".join(fold_tokens(str(data.get("home") or ""))),
            away=" ".join(fold_tokens(str(data.get("away") or ""))),
        )

    @cached_property
    def _by_first(self) -> dict[str, list[int]]:
        """The places (by position in ``places``, longest first) by their first word."""
        by_first: dict[str, list[int]] = {}
        for i, place in enumerate(self.places):
            by_first.setdefault(place[0], []).append(i)
        return by_first

    @cached_property
    def _at_home_by_first(self) -> dict[str, Phrases]:
        """The places at home (``at_home``) by their first word."""
        return _by_first(self.at_home)

    @cached_property
    def _told_by_first(self) -> dict[str, dict[str, Phrases]]:
        """The words told before a place (``nationality``, ``born``, ``living``) and the
        words of being back (``returned``), each by their first word."""
        return {
            "nationality": _by_first(self.nationality),
            "born": _by_first(self.born),
            "living": _by_first(self.living),
            "returned": _by_first(self.returned),
        }

    def _place_at(self, tokens: Sequence[str], said: Sequence[str], start: int) -> int:
        """How many words a place abroad takes from ``start`` (0: none there)."""
        starting = self._by_first.get(tokens[start])
        if not starting:
            return 0  # (most words: the message's words are read on every search)
        at_home = self._at_home_by_first.get(tokens[start], ())
        if any(tuple(tokens[start : start + len(p)]) == p for p in at_home):
            return 0
        for i in starting:
            place = self.places[i]
            end = start + len(place)
            if tuple(tokens[start:end]) != place:
                continue
            if place in self.ambiguous and tuple(said[start:end]) != self.written[i]:
                continue
            return len(place)
        return 0

    def _said_before(self, tokens: Sequence[str], start: int, ends: frozenset[int]) -> bool:
        """Whether words that end at one of ``ends`` ("sinh", "định cư") come right
        before the place at ``start``, or before one of ``at`` that is right before it,
        at most ``within`` words apart."""
        if start in ends:
            return True
        if start == 0 or tokens[start - 1] not in self.at:
            return False
        return any(end in ends for end in range(max(0, start - 1 - self.within), start))

    def _places(self, tokens: Sequence[str], said: Sequence[str]) -> list[int]:
        """Where places abroad start in folded ``tokens`` (``said``: each as written)."""
        said = [*said, *[""] * (len(tokens) - len(said))]
        starting = self._by_first  # (most words start no place: no call for them)
        return [
            start
            for start, token in enumerate(tokens)
            if token in starting and self._place_at(tokens, said, start)
        ]

    def read(self, tokens: Sequence[str], said: Sequence[str] = ()) -> ForeignReading:
        """What folded ``tokens`` (``said``: each as written, "" where read otherwise)
        tell of places abroad."""
        places = self._places(tokens, said)
        if not places:
            return ForeignReading()
        told = {kind: _ends(tokens, by_first) for kind, by_first in self._told_by_first.items()}
        # where the last "back home" ends: living there before it is over
        back_home = max(told["returned"], default=-1)
        living = [
            s for s in places if back_home <= s and self._said_before(tokens, s, told["living"])
        ]
        return ForeignReading(
            foreigner=any(s in told["nationality"] for s in places),
            abroad=bool(living) or any(self._said_before(tokens, s, told["born"]) for s in places),
            living_abroad=bool(living),
        )
