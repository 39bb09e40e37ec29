"""Reading a free-text message as administrative units, old or new: text -> Resolution.

How: every run of up to seven words that is a known name is a mention
(:mod:`knowledge.places.name_mentions`). Each reading of a ward, district or province is
scored by the words it accounts for, plus a small bonus for each district and province
mention that fits it; the reading that accounts for most of the message wins (see
:class:`~knowledge.places.units.Resolution` for the ties). Never geocodes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from knowledge.places.address_words import STREET_NUMBER_RE, says_old, street_before
from knowledge.places.name_mentions import Mention, MentionFinder
from knowledge.places.names import (
    FILLER_WORDS,
    NOT_A_NAME,
    STOP_WORDS,
    TYPE_WORDS,
    WARD,
    fold_key,
    word_tokens,
)
from knowledge.places.units import (
    MAX_CANDIDATES,
    LegacyProvince,
    NewUnit,
    Resolution,
    WardFate,
)

if TYPE_CHECKING:
    from knowledge.places.admin_map import AdminMap

_MAX_TOKENS = 60
# Bonus for each district or province that backs a name; small, so that a long name
# read whole ("phường xuân trường - đà lạt") beats a short one plus a district.
_LINK = 0.5

# Ward type words that open a name the user wants found, as typed: "xa" without its
# diacritics is "far", "phương" is "direction".
_WARD_TYPES_TYPED = {
    ("phường",): 1,
    ("phuong",): 1,
    ("p",): 1,
    ("xã",): 1,
    ("thị", "trấn"): 2,
    ("thi", "tran"): 2,
}
# ... and "xa" typed without diacritics, which is also "far" ("ở xa trung tâm"): it opens
# a name only in a message typed bare, right before a district or province the map knows
# ("xa abcd huyen ba vi": the commune not found is said, as for "xã Abcd huyện Ba Vì")
_BARE_WARD_TYPES_TYPED = {("xa",): 1}
_HIGHER_TYPE_STARTS = frozenset(
    words[0] for words, kinds in TYPE_WORDS.items() if any(level != WARD for level, _ in kinds)
)
# Type words that, written bare in a message with diacritics, are other words ("xa bờ":
# far from the shore): they do not make a name a ward's. Not "phuong": no word is
# written so, it is "phường" typed bare.
_BARE_TYPE_WORDS = frozenset({"xa"})
# Longest run of words read as an unknown ward's name.
_UNKNOWN_NAME_TOKENS = 4
_TYPE_STARTS = frozenset(words[0] for words in TYPE_WORDS)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _ward_not_in_district(
    res: Resolution, raw: str, spans: list[tuple[int, int]], mentions: list[Mention]
) -> str | None:
    """A ward name the map knows elsewhere, given after its type word beside a district
    it is not in: "xã tân sơn huyện ba vì" is read as the district, and the answer should
    say that xã Tân Sơn was not found there, as for a name the map does not know. Bare
    "xa" opens no name here: "ở xa trung tâm huyện" is far from the centre."""
    if res.kind != "legacy_district" or res.district is None:
        return None
    here = {fold_key(f.legacy.short_name or f.legacy.name) for f in res.fates}
    here |= {fold_key(u.short_name) for u in res.units}
    for m in mentions:
        if m.entry.level != WARD or m.start == m.name_start or m.key in here:
            continue
        if any(o.start <= m.name_start and o.end > m.end for o in mentions):
            continue  # "xã đông hà": a longer name runs on
        if raw[spans[m.start][0] : spans[m.start][1]] in _BARE_TYPE_WORDS:
            continue  # "ở xa trung tâm huyện": far, and "Trung Tâm" a known name
        return raw[spans[m.start][0] : spans[m.end - 1][1]]
    return None


@dataclass
class _Cand:
    """One reading of a name with the district and province mentions that back it."""

    total: float
    mention: Mention
    district_support: bool = False
    legacy_only_province: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)


class AddressResolver:
    """Reads messages over one :class:`~knowledge.places.admin_map.AdminMap`."""

    def __init__(self, admin_map: AdminMap) -> None:
        self._map = admin_map
        self._finder = MentionFinder(admin_map)
        # The map's own tables, read directly (same package; nothing is written).
        self._provinces = admin_map._provinces
        self._legacy_provinces = admin_map._legacy_provinces
        self._merged = admin_map._merged
        self._districts = admin_map._districts
        self._units = admin_map._units
        self._wards = admin_map._wards
        self._fates = admin_map._fates
        self._unit_districts = admin_map._unit_districts
        self._sort = admin_map._sort

    def resolve(self, text: str) -> Resolution:
        """Find the administrative units a message names and read them as old or new.

        ``text`` is a user's message (normalised: lower case, NFC, chat abbreviations
        expanded), with or without diacritics. See :class:`Resolution`.
        """
        raw = unicodedata.normalize("NFC", text or "").lower()
        spans, orig = word_tokens(raw)
        # A message is short; a pasted page would only cost time (the work grows with
        # the square of the names found).
        spans, orig = spans[:_MAX_TOKENS], orig[:_MAX_TOKENS]
        toks = [fold_key(t) for t in orig]
        if not toks:
            return Resolution(kind="none")
        mentions = self._finder.find(toks, orig)
        if not mentions:
            return Resolution(kind="none")
        res = self._read(raw, spans, orig, toks, mentions)
        unknown = self._unknown_ward(raw, spans, orig, toks, mentions) or _ward_not_in_district(
            res, raw, spans, mentions
        )
        return replace(res, unknown_ward=unknown) if unknown else res

    def _read(
        self,
        raw: str,
        spans: list[tuple[int, int]],
        orig: list[str],
        toks: list[str],
        mentions: list[Mention],
    ) -> Resolution:
        """The reading of the mentions that accounts for most of the message."""
        wards: list[Mention] = []
        units: list[Mention] = []
        districts: list[Mention] = []
        provinces: list[Mention] = []
        for m in mentions:
            {"W": wards, "U": units, "D": districts, "P": provinces, "LP": provinces}[
                m.entry.kind
            ].append(m)

        legacy = self._score_wards(wards, districts, provinces)
        current = self._score_units(units, districts, provinces)
        dists = self._score_districts(districts, provinces)
        # Provinces: every province named counts ("bình phước nhập với đồng nai à").
        provs: dict[tuple[str, str], _Cand] = {}
        chosen: list[Mention] = []
        for m in sorted(provinces, key=lambda m: -m.score):
            if all(not _overlaps((m.start, m.end), (o.start, o.end)) for o in chosen):
                chosen.append(m)
        best_p = sum(m.score for m in chosen)
        for m in provinces:
            if any(m.start == o.start and m.end == o.end and m.score >= o.score for o in chosen):
                ref = (m.entry.kind, m.entry.ref)
                if ref not in provs:
                    provs[ref] = _Cand(m.score, m, spans=[(m.start, m.end)])
        # A bare ward name with nothing to back it counts only in a message about it.
        legacy = {k: c for k, c in legacy.items() if not self._weak(c, raw, spans, toks)}
        current = {k: c for k, c in current.items() if not self._weak(c, raw, spans, toks)}
        best_l = max((c.total for c in legacy.values()), default=0.0)
        best_c = max((c.total for c in current.values()), default=0.0)
        best_d = max((c.total for c in dists.values()), default=0.0)
        best_w = max(best_l, best_c)
        eps = 1e-9
        if max(best_w, best_d, best_p) <= 0:
            return Resolution(kind="none")

        def street_for(cands: Iterable[_Cand]) -> str | None:
            first = min((s[0] for c in cands for s in c.spans), default=None)
            if first is None or first >= len(spans):
                return None
            return street_before(raw[: spans[first][0]])

        if best_p > 0 and best_p + eps >= max(best_w, best_d):
            return self._province_resolution(provs, street_for)
        if best_d > 0 and best_d + eps >= best_w:
            return self._district_resolution(dists, best_d, street_for)

        top_l = self._top(legacy, best_l, "W")
        top_c = self._top(current, best_c, "U")
        prefer_legacy = best_l > best_c + eps or (
            abs(best_l - best_c) <= eps
            and (
                any(c.district_support or c.legacy_only_province for c in top_l.values())
                or (bool(top_l) and says_old(orig, toks))
            )
        )
        if prefer_legacy:
            fates = [self._fates[k] for k in top_l if k in self._fates]
            provinces_now = {f.province_key for f in fates}
            # Current units whose name covers the ward's name ("phường 2 bảo lộc").
            ward_spans = [(c.mention.name_start, c.mention.end) for c in top_l.values()]
            also = [
                self._units[ref]
                for ref, c in self._top(current, 0.0, "U").items()
                if ref[0] in provinces_now
                and any(c.mention.name_start == a and c.mention.end >= b for a, b in ward_spans)
            ]
            return self._ward_resolution(fates, also, top_l.values(), street_for(top_l.values()))
        units_top = [self._units[ref] for ref in top_c]
        names = {c.mention.key for c in top_c.values()}
        also_legacy = [
            self._fates[k]
            for k, c in self._top(legacy, 0.0, "W").items()
            if c.mention.key in names and k in self._fates
        ]
        if any(len(c.spans) > 1 for c in top_c.values()):  # a province or district was named
            here = {u.province_key for u in units_top}
            also_legacy = [f for f in also_legacy if f.province_key in here]
        province = self._only({u.province_key for u in units_top}, self._provinces)
        return Resolution(
            kind="current_unit",
            units=tuple(units_top[:MAX_CANDIDATES]),
            province=province,
            also_legacy=tuple(also_legacy[:MAX_CANDIDATES]),
            street=street_for(top_c.values()),
            candidate_count=len(units_top),
            fuzzy=any(c.mention.fuzzy for c in top_c.values()),
            via_alias=all(c.mention.entry.alias for c in top_c.values()),
        )

    # -- resolving: pieces

    @staticmethod
    def _unknown_ward(
        raw: str,
        spans: list[tuple[int, int]],
        orig: list[str],
        toks: list[str],
        mentions: list[Mention],
    ) -> str | None:
        """A ward name after a type word that no known name accounts for, as in the
        (normalised) message: "phường xyzabc" in "phường xyzabc quận 3".

        The name runs to a district or province type word, another name, a punctuation
        mark or the end of the message; a run ending any other way ("ra phường làm giấy
        ở quận 3") is not read as a name.
        """
        covered = {i for m in mentions for i in range(m.start, m.end)}
        starts = {m.start for m in mentions}
        typed_bare = raw.isascii()
        for i in range(len(orig)):
            for typed, n_type in (*_WARD_TYPES_TYPED.items(), *_BARE_WARD_TYPES_TYPED.items()):
                if tuple(orig[i : i + n_type]) != typed:
                    continue
                bare = typed in _BARE_WARD_TYPES_TYPED
                if bare and not typed_bare:
                    continue
                if i > 0 and toks[i - 1] in ("thi", "dia"):  # thị xã, địa phuong
                    continue
                first = i + n_type
                if any(k in covered for k in range(i, first)) or first >= len(toks):
                    continue
                if toks[first] in STOP_WORDS or toks[first] in FILLER_WORDS:
                    continue
                if toks[first] in NOT_A_NAME:
                    continue
                end = first
                while end < len(toks) and end - first < _UNKNOWN_NAME_TOKENS:
                    if end in covered or toks[end] in _TYPE_STARTS:
                        break
                    if end > first and re.search(
                        r"[,.;:!?()/]", raw[spans[end - 1][1] : spans[end][0]]
                    ):
                        break
                    end += 1
                ends_well = (
                    end == len(toks)
                    or end in starts
                    or toks[end] in _TYPE_STARTS
                    or bool(re.search(r"[,.;:!?()/]", raw[spans[end - 1][1] : spans[end][0]]))
                )
                if bare and not (end in starts and toks[end] in _HIGHER_TYPE_STARTS):
                    continue
                if end > first and ends_well and not any(t in STOP_WORDS for t in toks[first:end]):
                    return raw[spans[i][0] : spans[end - 1][1]]
        return None

    def _weak(self, cand: _Cand, raw: str, spans: list[tuple[int, int]], toks: list[str]) -> bool:
        """A ward-level name without a type word, district or province, in a message with
        other content words: "trung tâm hành chính công gần nhất ở đâu" is no ward."""
        m = cand.mention
        typed = raw[spans[m.start][0] : spans[m.start][1]] if m.start != m.name_start else ""
        # "đánh bắt xa bờ": in a message written with diacritics, a bare "xa" is "far"
        bare = typed in _BARE_TYPE_WORDS and any(ch.isalpha() and not ch.isascii() for ch in raw)
        if len(cand.spans) > 1 or (m.start != m.name_start and not bare) or m.entry.level != WARD:
            return False
        start, end = (m.name_start if bare else m.start), m.end
        street_from = start
        if m.entry.alias:
            return True  # a former name alone: too weak
        street = STREET_NUMBER_RE.search(raw[: spans[start][0]])
        if street is not None:
            street_from = next(i for i, sp in enumerate(spans) if sp[1] > street.start())
        for i, tok in enumerate(toks):
            if start <= i < end or street_from <= i < start:
                continue
            if not tok.isdigit() and tok not in FILLER_WORDS:
                return True
        return False

    def _supports(
        self,
        mention: Mention,
        district_ok: list[Mention],
        province_ok: list[tuple[Mention, float]],
    ) -> _Cand:
        """Best combination of a name with a district and a province mention that fit it.

        Each mention used adds its score and a link bonus (:data:`_LINK`, half of it for a
        province when only the new province fits a legacy unit).
        """
        span = (mention.start, mention.end)
        best = _Cand(mention.score, mention, spans=[span])
        for md in [None, *district_ok]:
            if md is not None and _overlaps(span, (md.start, md.end)):
                continue
            for mp, link in [(None, 0.0), *province_ok]:
                if mp is not None and (
                    _overlaps(span, (mp.start, mp.end))
                    or (md is not None and _overlaps((md.start, md.end), (mp.start, mp.end)))
                ):
                    continue
                total = mention.score
                used = [span]
                if md is not None:
                    total += md.score + _LINK
                    used.append((md.start, md.end))
                if mp is not None:
                    total += mp.score + link
                    used.append((mp.start, mp.end))
                if total > best.total:
                    best = _Cand(
                        total,
                        mention,
                        district_support=md is not None,
                        legacy_only_province=mp is not None
                        and mp.entry.kind == "LP"
                        and mp.entry.ref not in self._provinces,
                        spans=used,
                    )
        return best

    def _score_wards(
        self, wards: list[Mention], districts: list[Mention], provinces: list[Mention]
    ) -> dict[str, _Cand]:
        out: dict[str, _Cand] = {}
        for m in wards:
            ward = self._wards[m.entry.ref]
            fate = self._fates.get(ward.key)
            new_pk = fate.province_key if fate else ""
            d_ok = [d for d in districts if d.entry.ref == (ward.province_key, ward.district_key)]
            p_ok = [
                (p, _LINK if p.entry.kind == "LP" else _LINK / 2)
                for p in provinces
                if (p.entry.kind == "LP" and p.entry.ref == ward.province_key)
                or (p.entry.kind == "P" and p.entry.ref == new_pk)
            ]
            cand = self._supports(m, d_ok, p_ok)
            prev = out.get(ward.key)
            if prev is None or cand.total > prev.total:
                out[ward.key] = cand
        return out

    def _score_units(
        self, units: list[Mention], districts: list[Mention], provinces: list[Mention]
    ) -> dict[tuple[str, str], _Cand]:
        out: dict[tuple[str, str], _Cand] = {}
        for m in units:
            ref = m.entry.ref
            pk = ref[0]
            covered = self._unit_districts.get(ref, set())
            d_ok = [d for d in districts if d.entry.ref in covered]
            p_ok = [
                (p, _LINK)
                for p in provinces
                if (p.entry.kind == "P" and p.entry.ref == pk)
                or (
                    p.entry.kind == "LP"
                    and self._legacy_provinces[p.entry.ref].new_province_key == pk
                )
            ]
            cand = self._supports(m, d_ok, p_ok)
            prev = out.get(ref)
            if prev is None or cand.total > prev.total:
                out[ref] = cand
        return out

    def _score_districts(
        self, districts: list[Mention], provinces: list[Mention]
    ) -> dict[tuple[str, str], _Cand]:
        out: dict[tuple[str, str], _Cand] = {}
        for m in districts:
            pk, _ = m.entry.ref
            new_pk = self._legacy_provinces[pk].new_province_key
            p_ok = [
                (p, _LINK if p.entry.kind == "LP" else _LINK / 2)
                for p in provinces
                if (p.entry.kind == "LP" and p.entry.ref == pk)
                or (p.entry.kind == "P" and p.entry.ref == new_pk)
            ]
            cand = self._supports(m, [], p_ok)
            prev = out.get(m.entry.ref)
            if prev is None or cand.total > prev.total:
                out[m.entry.ref] = cand
        return out

    def _top(self, cands: dict[Any, _Cand], best: float, kind: str) -> dict[Any, _Cand]:
        """Candidates scoring ``best`` or more, best first, then by official code."""
        chosen = [(k, c) for k, c in cands.items() if c.total >= best - 1e-9]
        chosen.sort(key=lambda kc: (-kc[1].total, self._sort.get((kind, kc[0]), ())))
        return dict(chosen)

    @staticmethod
    def _only(keys: set[str], table: dict[str, Any]) -> Any:
        return table.get(next(iter(keys))) if len(keys) == 1 else None

    def _ward_resolution(
        self,
        fates: list[WardFate],
        also: list[NewUnit],
        cands: Iterable[_Cand],
        street: str | None,
    ) -> Resolution:
        cands = list(cands)
        districts = {(f.legacy.province_key, f.legacy.district_key) for f in fates}
        district = self._districts.get(next(iter(districts))) if len(districts) == 1 else None
        legacy_pk = self._only({f.legacy.province_key for f in fates}, self._legacy_provinces)
        province = self._only({f.province_key for f in fates}, self._provinces)
        return Resolution(
            kind="legacy_ward",
            fates=tuple(fates[:MAX_CANDIDATES]),
            district=district,
            districts=(district,) if district else (),
            legacy_province=legacy_pk,
            province=province,
            also_current=tuple(dict.fromkeys(also))[:MAX_CANDIDATES],
            street=street,
            candidate_count=len(fates),
            fuzzy=any(c.mention.fuzzy for c in cands),
            via_alias=bool(cands) and all(c.mention.entry.alias for c in cands),
        )

    def _district_resolution(
        self, dists: dict[tuple[str, str], _Cand], best: float, street_for: Any
    ) -> Resolution:
        top = self._top(dists, best, "D")
        found = [self._districts[ref] for ref in top]
        fuzzy = any(c.mention.fuzzy for c in top.values())
        via_alias = all(c.mention.entry.alias for c in top.values())
        street = street_for(top.values())
        if len(found) != 1:
            return Resolution(
                kind="legacy_district",
                districts=tuple(found[:MAX_CANDIDATES]),
                street=street,
                candidate_count=len(found),
                fuzzy=fuzzy,
                via_alias=via_alias,
            )
        dist = found[0]
        lp = self._legacy_provinces[dist.province_key]
        return Resolution(
            kind="legacy_district",
            fates=self._map.district_fates(dist.province_key, dist.key),
            units=self._map.district_units(dist.province_key, dist.key),
            district=dist,
            districts=(dist,),
            legacy_province=lp,
            province=self._provinces[lp.new_province_key],
            legacy_provinces=self._merged[lp.new_province_key],
            street=street,
            candidate_count=1,
            fuzzy=fuzzy,
            via_alias=via_alias,
        )

    def _province_resolution(
        self, provs: dict[tuple[str, str], _Cand], street_for: Any
    ) -> Resolution:
        cands = list(provs.values())
        named_legacy = sorted(
            {self._legacy_provinces[ref] for (kind, ref) in provs if kind == "LP"},
            key=lambda lp: self._sort[("LP", lp.key)],
        )
        new_keys = {lp.new_province_key for lp in named_legacy}
        new_keys |= {ref for (kind, ref) in provs if kind == "P"}
        found = sorted((self._provinces[k] for k in new_keys), key=lambda p: p.code)
        gone = [lp for lp in named_legacy if lp.key not in self._provinces]
        if len(gone) == 1:
            lp: LegacyProvince | None = gone[0]
        elif len(named_legacy) == 1:
            lp = named_legacy[0]
        else:
            lp = None
        province = found[0] if len(found) == 1 else None
        return Resolution(
            kind="legacy_province" if gone else "current_province",
            legacy_province=lp,
            province=province,
            provinces=tuple(found),
            legacy_provinces=self._merged[province.key] if province else (),
            street=street_for(cands),
            candidate_count=len(found),
            fuzzy=any(c.mention.fuzzy for c in cands),
            via_alias=all(c.mention.entry.alias for c in cands),
        )
