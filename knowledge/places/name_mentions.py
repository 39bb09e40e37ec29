"""Where a message names administrative units: every run of words that is a known name.

Every run of up to seven words that is a known name (folded, no spaces, so "go vap",
"gò vấp" and "govap" meet) is a :class:`Mention`; a type word right before it
("phường", "p", "q", "tx", "thành phố", ...) must fit its level. Names read without a
type word are held to stricter rules (common words such as "đồng ý" or "là gì" stay
words). A misspelt name right after a type word is looked up with rapidfuzz among the
names of that level. Which reading wins is for
:class:`~knowledge.places.address_resolver.AddressResolver` to decide.
"""

from __future__ import annotations

from typing import NamedTuple

from rapidfuzz import fuzz, process

from knowledge.places.admin_index import AdminIndex, NameEntry
from knowledge.places.names import (
    FUNCTION_WORDS,
    NOT_A_NAME,
    PROVINCE,
    STOP_WORDS,
    TYPE_WORDS,
    accent_compatible,
    accent_key,
    fold_key,
    type_words_at,
)

_MAX_NAME_TOKENS = 7
_FUZZY_CUTOFF = 86.0


class Mention(NamedTuple):
    """One reading of a run of words as a known name, scored."""

    start: int  # first token, type word included
    name_start: int
    end: int
    entry: NameEntry
    score: float
    key: str
    fuzzy: bool


class MentionFinder:
    """Finds the mentions of known names in a tokenised message, over an :class:`AdminIndex`."""

    def __init__(self, index: AdminIndex) -> None:
        # The index's own tables, read directly (same package; nothing is written).
        self._names = index._names
        self._bare_stop = index._bare_stop
        self._fuzzy_choices = index._fuzzy_choices
        self._fuzzy_key = index._fuzzy_key

    def find(self, toks: list[str], orig: list[str]) -> list[Mention]:
        """Every mention in a message: ``toks`` folded (:func:`fold_key`), ``orig`` as typed."""
        mentions = self._mentions(toks, orig)
        mentions += self._fuzzy_mentions(toks, orig, mentions)
        return mentions

    @staticmethod
    def _type_before(
        toks: list[str], orig: list[str], i: int
    ) -> tuple[int, frozenset[tuple[str, str]]] | None:
        for n in (2, 1):
            if i - n >= 0:
                types = type_words_at(toks, orig, i - n, n)
                if types:
                    return i - n, types
        return None

    def _mention_score(
        self,
        entry: NameEntry,
        n_name: int,
        typed: tuple[int, frozenset[tuple[str, str]]] | None,
        name_start: int,
        accent_ok: bool,
    ) -> tuple[float, int] | None:
        """Score one reading of a name, or None when the type word rules it out."""
        if typed is None:
            if entry.numeric:
                return None
            if n_name == 1 and entry.level != PROVINCE:
                return None
            score, start = float(n_name), name_start
        else:
            type_start, types = typed
            levels = {lvl for lvl, _ in types}
            if entry.level not in levels:
                return None
            n_type = name_start - type_start
            exact = (entry.level, entry.etype) in types
            score = n_name + n_type + (1.0 if exact else 0.25)
            start = type_start
        if entry.alias:
            score -= 0.5 if typed is not None else 1.0
        if accent_ok:
            score += 0.1  # only to tell apart names that differ by diacritics
        return score, start

    def _mentions(self, toks: list[str], orig: list[str]) -> list[Mention]:
        """Every reading of every run of tokens that is a known name."""
        out: list[Mention] = []
        for i in range(len(toks)):
            typed = self._type_before(toks, orig, i)
            key = ""
            acc = ""
            cuts: list[int] = []
            for n in range(1, _MAX_NAME_TOKENS + 1):
                if i + n > len(toks):
                    break
                if n > 1:
                    cuts.append(len(key))
                key += toks[i + n - 1]
                acc += orig[i + n - 1]
                entries = self._names.get(key)
                if not entries:
                    continue
                names_only_function_words = (
                    all(t in FUNCTION_WORDS for t in toks[i : i + n]) and not key[:1].isdigit()
                )
                if names_only_function_words and (typed is None or n == 1):
                    continue  # "là gì" is not thị xã La Gi, "xã làm việc" not thị trấn Lâm
                bare_ok = len(key) >= 3 and key not in self._bare_stop
                plain = acc.isascii()
                # A former name known only folded ("datdo") is spelt as the names it
                # shares: "trên đất đó" is no huyện Đất Đỏ (now Long Đất).
                spelt = plain or all(accent_compatible(acc, e.accent) for e in entries if e.accent)
                for e in entries:
                    if e.bounds is not None and not set(cuts) <= e.bounds:
                        continue  # "sinh ở" is not "Sìn Hồ"
                    if n == 1 and e.alias and not e.numeric:
                        continue  # a one-syllable former name is too weak
                    if e.accent:
                        compatible = plain or accent_compatible(acc, e.accent)
                    else:
                        compatible = spelt
                    accent_ok = not plain and bool(e.accent) and acc == e.accent
                    if typed is not None:
                        scored = self._mention_score(e, n, typed, i, accent_ok)
                        if scored is not None:
                            out.append(Mention(scored[1], i, i + n, e, scored[0], key, False))
                    scored = self._bare(e, n, i, accent_ok, bare_ok, compatible)
                    if scored is None:
                        continue
                    score, start = scored
                    if typed is not None:
                        # Read bare although a type word comes right before: that word is
                        # then left over ("xã hạ hòa" read as huyện Hạ Hòa) or belongs to
                        # the name before ("phường an tịnh tây ninh").
                        score -= 1.0
                    if score > 0:
                        out.append(Mention(start, i, i + n, e, score, key, False))
        return out

    def _bare(
        self, entry: NameEntry, n: int, i: int, accent_ok: bool, bare_ok: bool, compatible: bool
    ) -> tuple[float, int] | None:
        """Score a name read without a type word; common words stay words."""
        if entry.level != PROVINCE and not (bare_ok and compatible):
            return None
        if entry.level == PROVINCE and not compatible:
            return None
        scored = self._mention_score(entry, n, None, i, accent_ok)
        if scored is not None and entry.level != PROVINCE and self._is_province_name(entry):
            # A bare "đồng nai" is the province before it is xã Đồng Nai (Bình Phước).
            return scored[0] - 1.0, scored[1]
        return scored

    def _is_province_name(self, entry: NameEntry) -> bool:
        key = entry.accent and fold_key(entry.accent)
        return bool(key) and any(e.kind in ("P", "LP") for e in self._names.get(key, ()))

    def _fuzzy_mentions(
        self, toks: list[str], orig: list[str], mentions: list[Mention]
    ) -> list[Mention]:
        """Misspelt names right after a type word that matched nothing ("phuong ben thnah").
        Words typed with diacritics must be near the name with its diacritics too: "quận
        cấp giấy" is no "Quận Cầu Giấy", though "cap giay" is one letter from "cau giay"."""
        out: list[Mention] = []
        i = 0
        while i < len(toks):
            typed = None
            for n in (2, 1):
                types = type_words_at(toks, orig, i, n)
                if types and i + n < len(toks):
                    typed = (i, n, types)
                    break
            if typed is None:
                i += 1
                continue
            start, n_type, types = typed
            name_start = start + n_type
            if any(m.name_start == name_start and m.start == start for m in mentions):
                i = name_start
                continue
            if toks[name_start] in NOT_A_NAME:  # "xa hoi mot lan": no "Xã Huổi Một"
                i = name_start
                continue
            levels = {lvl for lvl, _ in types}
            best: tuple[float, int, str] | None = None
            words: list[str] = []
            for k in range(4):
                j = name_start + k
                if (
                    j >= len(toks)
                    or toks[j] in STOP_WORDS
                    or tuple(toks[j : j + 1]) in TYPE_WORDS
                    or toks[j].isdigit()
                ):
                    break
                words.append(toks[j])
                if len(words) < 2 or len("".join(words)) < 5:
                    continue
                query = " ".join(words)
                for level in levels:
                    hit = process.extractOne(
                        query,
                        self._fuzzy_choices.get(level, ()),
                        scorer=fuzz.ratio,
                        score_cutoff=_FUZZY_CUTOFF,
                    )
                    if hit and (best is None or hit[1] > best[0]):
                        best = (hit[1], k + 1, self._fuzzy_key[hit[0]])
            if best is not None:
                _, n_name, choice = best
                typed_name = accent_key(" ".join(orig[name_start : name_start + n_name]))
                marked = not typed_name.isascii()
                for e in self._names.get(choice, ()):
                    if e.level not in levels or e.alias:
                        continue
                    if marked and e.accent and fuzz.ratio(typed_name, e.accent) < _FUZZY_CUTOFF:
                        continue
                    scored = self._mention_score(e, n_name, (start, types), name_start, False)
                    if scored is not None:
                        out.append(
                            Mention(
                                start,
                                name_start,
                                name_start + n_name,
                                e,
                                scored[0] - 1.0,
                                choice,
                                True,
                            )
                        )
            i = name_start
        return out
