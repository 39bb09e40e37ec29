"""The administrative-unit tables and name indexes, built from the package's data files.

:class:`AdminIndex` reads the files of the ``vietnamadminunits`` package (see
:mod:`knowledge.places.package_data`) and our alias file, and indexes every name of
every unit, old and new, folded (:mod:`knowledge.places.names`);
:class:`~knowledge.places.admin_map.AdminMap` answers questions from them.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple, Self

from knowledge import DATA_DIR
from knowledge.places.names import (
    DISTRICT,
    PROVINCE,
    TYPE_PREFIXES,
    WARD,
    accent_key,
    drop_paren_suffix,
    fold_key,
    plain_words,
    syllable_bounds,
    type_from_name,
)
from knowledge.places.package_data import package_data_dir, read_areas, read_json
from knowledge.places.units import (
    AdminDataError,
    LegacyDistrict,
    LegacyProvince,
    LegacyWard,
    NewUnit,
    Province,
    WardFate,
)
from knowledge.yaml_data import parse_yaml

logger = logging.getLogger(__name__)

ALIASES_PATH = DATA_DIR / "admin_aliases.yml"


class NameEntry(NamedTuple):
    """One thing a folded name can mean."""

    kind: str  # "P" new province, "LP" legacy province, "D" district, "W" legacy ward, "U" unit
    ref: Any  # key (P, LP, W) or (province_key, key) (D, U)
    level: str
    etype: str  # folded type of the entity ("phuong", "quan", "thanhpho", ...)
    alias: bool  # matched through a keyword/alias rather than the unit's own name
    numeric: bool  # the name starts with a digit ("13", "1baoloc"): needs a type word
    accent: str  # the name with diacritics, no spaces ("" when unknown)
    bounds: frozenset[int] | None  # syllable boundaries in the key (None when unknown)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _code_int(code: str) -> int:
    try:
        return int(code)
    except ValueError:
        return 1 << 30


class AdminIndex:
    """The provinces, legacy units, current units and fates, with the indexes over them.

    Build it with :meth:`load`; it is read-only afterwards and safe to use from several
    threads or tasks.
    """

    def __init__(self) -> None:
        self._provinces: dict[str, Province] = {}
        self._legacy_provinces: dict[str, LegacyProvince] = {}
        self._merged: dict[str, tuple[LegacyProvince, ...]] = {}
        self._districts: dict[tuple[str, str], LegacyDistrict] = {}
        self._districts_of: dict[str, list[LegacyDistrict]] = defaultdict(list)
        self._units: dict[tuple[str, str], NewUnit] = {}
        self._units_of: dict[str, list[NewUnit]] = defaultdict(list)
        self._wards: dict[str, LegacyWard] = {}
        self._wards_of: dict[tuple[str, str], list[LegacyWard]] = defaultdict(list)
        self._fates: dict[str, WardFate] = {}
        self._unit_districts: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        self._names: dict[str, list[NameEntry]] = defaultdict(list)
        self._unit_keys: dict[str, dict[str, list[NewUnit]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._fuzzy_choices: dict[str, list[str]] = {}
        self._fuzzy_key: dict[str, str] = {}
        self._bare_stop: frozenset[str] = frozenset()
        self._grid: dict[tuple[int, int], list[NewUnit]] = defaultdict(list)
        self._sort: dict[Any, tuple[int, ...]] = {}

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, data_dir: Path | None = None, aliases_path: Path | None = ALIASES_PATH) -> Self:
        """Read the package's data files (and our alias file) and build the indexes."""
        data_dir = data_dir or package_data_dir()
        self = cls()
        converter = read_json(data_dir / "converter_2025.json")
        new = read_json(data_dir / "parser_from_2025.json")
        legacy = read_json(data_dir / "parser_legacy.json")
        areas = read_areas(data_dir / "dataset.db")
        aliases: dict[str, Any] = {}
        if aliases_path is not None and aliases_path.exists():
            with aliases_path.open(encoding="utf-8") as fh:
                aliases = parse_yaml(fh) or {}
        try:
            self._build(converter, new, legacy, areas, aliases)
        except (KeyError, TypeError, ValueError) as exc:
            raise AdminDataError(f"unexpected administrative data layout: {exc!r}") from exc
        return self

    def _build(
        self,
        converter: dict[str, Any],
        new: dict[str, Any],
        legacy: dict[str, Any],
        areas: dict[tuple[str, str], float],
        aliases: dict[str, Any],
    ) -> None:
        province_aliases: dict[str, list[str]] = {
            str(k): [str(a) for a in (v or [])]
            for k, v in ((aliases or {}).get("provinces") or {}).items()
        }

        # New provinces.
        for key, p in sorted(new["DICT_PROVINCE"].items(), key=lambda kv: kv[1]["provinceCode"]):
            self._provinces[key] = Province(
                key=key,
                name=p["province"],
                short_name=p["provinceShort"],
                code=p["provinceCode"],
                lat=float(p["provinceLat"]),
                lon=float(p["provinceLon"]),
            )
        legacy_to_new: dict[str, str] = {}
        for new_key, legacy_keys in converter["DICT_PROVINCE"].items():
            for lk in legacy_keys:
                legacy_to_new[lk] = new_key

        # Legacy provinces.
        for key, p in legacy["DICT_PROVINCE"].items():
            self._legacy_provinces[key] = LegacyProvince(
                key=key,
                name=p["province"],
                short_name=p["provinceShort"],
                new_province_key=legacy_to_new[key],
                code=_text(p.get("provinceCode")),
            )
            self._sort[("LP", key)] = (_code_int(_text(p.get("provinceCode"))),)
        for new_key, legacy_keys in converter["DICT_PROVINCE"].items():
            self._merged[new_key] = tuple(
                sorted(
                    (self._legacy_provinces[k] for k in legacy_keys),
                    key=lambda lp: (lp.key != new_key, _code_int(lp.code)),
                )
            )
        for key, prov in self._provinces.items():
            self._sort[("P", key)] = (_code_int(prov.code),)

        # Legacy districts.
        for pk, districts in legacy["DICT_PROVINCE_DISTRICT"].items():
            for dk, d in districts.items():
                dist = LegacyDistrict(
                    key=dk,
                    province_key=pk,
                    name=d["district"],
                    short_name=d["districtShort"],
                    type=_text(d.get("districtType")),
                    code=_text(d.get("districtCode")),
                )
                self._districts[(pk, dk)] = dist
                self._districts_of[pk].append(dist)
                self._sort[("D", (pk, dk))] = (
                    self._sort[("LP", pk)][0],
                    _code_int(dist.code),
                )

        # New units.
        new_wards: dict[str, dict[str, Any]] = defaultdict(dict)
        for section in ("DICT_PROVINCE_WARD_NO_ACCENTED", "DICT_PROVINCE_WARD_ACCENTED"):
            for pk, wards in new[section].items():
                new_wards[pk].update(wards)
        for pk, wards in new_wards.items():
            for wk, w in sorted(wards.items(), key=lambda kv: kv[1]["wardCode"]):
                unit = NewUnit(
                    key=wk,
                    province_key=pk,
                    name=w["ward"],
                    short_name=w["wardShort"],
                    type=type_from_name(w["ward"], w["wardType"]),
                    lat=float(w["wardLat"]),
                    lon=float(w["wardLon"]),
                    area_km2=areas.get((pk, wk)),
                    code=w["wardCode"],
                )
                self._units[(pk, wk)] = unit
                self._units_of[pk].append(unit)
                self._sort[("U", (pk, wk))] = (
                    self._sort[("P", pk)][0],
                    _code_int(unit.code),
                )
                self._grid[self._cell(unit.lat, unit.lon)].append(unit)
                self._unit_keys[pk][fold_key(unit.name)].append(unit)
                self._unit_keys[pk][fold_key(unit.short_name)].append(unit)
                self._add_names(
                    "U",
                    (pk, wk),
                    WARD,
                    fold_key(unit.type),
                    unit.short_name,
                    w.get("wardKeywords") or [],
                    unit.name,
                )

        # Legacy wards.
        legacy_wards: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
        for section in (
            "DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED",
            "DICT_PROVINCE_DISTRICT_WARD_ACCENTED",
        ):
            for pk, districts in legacy[section].items():
                for dk, wards in districts.items():
                    legacy_wards[(pk, dk)].update(wards)
        for (pk, dk), wards in legacy_wards.items():
            dist = self._districts[(pk, dk)]
            province_name = self._legacy_provinces[pk].name
            for wk, w in sorted(wards.items(), key=lambda kv: _text(kv[1].get("wardCode"))):
                if not isinstance(w.get("ward"), str):  # an island district without wards
                    ward = LegacyWard(
                        key=f"{pk}_{dk}_",
                        province_key=pk,
                        district_key=dk,
                        ward_key="",
                        name=dist.name,
                        district_name=dist.name,
                        province_name=province_name,
                        short_name=dist.short_name,
                        type=dist.type,
                    )
                else:
                    ward = LegacyWard(
                        key=f"{pk}_{dk}_{wk}",
                        province_key=pk,
                        district_key=dk,
                        ward_key=wk,
                        name=w["ward"],
                        district_name=dist.name,
                        province_name=province_name,
                        short_name=_text(w.get("wardShort")),
                        type=type_from_name(w["ward"], _text(w.get("wardType"))),
                        code=_text(w.get("wardCode")),
                    )
                    self._add_names(
                        "W",
                        ward.key,
                        WARD,
                        fold_key(ward.type),
                        ward.short_name,
                        w.get("wardKeywords") or [],
                        ward.name,
                    )
                self._wards[ward.key] = ward
                self._wards_of[(pk, dk)].append(ward)
                self._sort[("W", ward.key)] = (
                    *self._sort[("D", (pk, dk))],
                    _code_int(ward.code),
                )

        # Names of districts and provinces (after the wards, so that the entry lists of
        # a shared name keep a stable order: units, wards, districts, provinces).
        for (pk, dk), dist in self._districts.items():
            kws = legacy["DICT_PROVINCE_DISTRICT"][pk][dk].get("districtKeywords") or []
            self._add_names(
                "D", (pk, dk), DISTRICT, fold_key(dist.type), dist.short_name, kws, dist.name
            )
        # Districts whose name covered what later became other districts (the package's
        # DICT_PROVINCE_DISTRICT_DIVIDED): "thành phố huế" -> quận Phú Xuân, quận Thuận Hóa.
        for pk, groups in (legacy.get("DICT_PROVINCE_DISTRICT_DIVIDED") or {}).items():
            for group in groups.values():
                keywords = group.get("dividedDistrictKeywords") or []
                known = {fold_key(k) for k in keywords}
                for dk in group.get("districts") or {}:
                    dist = self._districts.get((pk, dk))
                    if dist is None:
                        continue
                    for kw in keywords:
                        self._add_alias("D", (pk, dk), DISTRICT, fold_key(dist.type), kw, known)
        for key, prov in self._provinces.items():
            kws = list(new["DICT_PROVINCE"][key].get("provinceKeywords") or [])
            etype = fold_key(prov.name[: len(prov.name) - len(prov.short_name)])
            self._add_names(
                "P",
                key,
                PROVINCE,
                etype,
                prov.short_name,
                kws,
                prov.name,
                keywords_are_names=True,
                extra_names=province_aliases.get(key, []),
            )
        for key, lp in self._legacy_provinces.items():
            kws = list(legacy["DICT_PROVINCE"][key].get("provinceKeywords") or [])
            etype = fold_key(lp.name[: len(lp.name) - len(lp.short_name)])
            self._add_names(
                "LP",
                key,
                PROVINCE,
                etype,
                lp.short_name,
                kws,
                lp.name,
                keywords_are_names=True,
                extra_names=province_aliases.get(key, []),
            )

        # Fates.
        no_divided = converter["DICT_PROVINCE_WARD_NO_DIVIDED"]
        for pk, units in no_divided.items():
            for uk, legacy_keys in units.items():
                unit = self._units[(pk, uk)]
                for lk in legacy_keys:
                    self._set_fate(lk, (unit,), unit, divided=False)
        for pk, legacy_map in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
            for lk, parts in legacy_map.items():
                ordered = sorted(parts, key=lambda part: not part.get("isDefaultNewWard"))
                units = tuple(self._units[(pk, part["newWardKey"])] for part in ordered)
                default = units[0] if ordered and ordered[0].get("isDefaultNewWard") else None
                self._set_fate(lk, units, default, divided=True)
        missing = [k for k in self._wards if k not in self._fates]
        if missing:
            logger.warning(
                "admin units: %d legacy wards have no fate: %s", len(missing), missing[:5]
            )

        # Fuzzy choices per level: every name of two syllables or more once, with spaces
        # (so that "chuyen di" is far from "cu yen").
        per_level: dict[str, set[str]] = defaultdict(set)
        named: list[tuple[str, str]] = [(WARD, u.short_name) for u in self._units.values()]
        named += [(WARD, w.short_name) for w in self._wards.values() if w.ward_key]
        named += [(DISTRICT, d.short_name) for d in self._districts.values()]
        named += [(PROVINCE, p.short_name) for p in self._provinces.values()]
        named += [(PROVINCE, p.short_name) for p in self._legacy_provinces.values()]
        for level, name in named:
            words = plain_words(name)
            if len(words) >= 2 and not words[0].isdigit():
                spaced = " ".join(words)
                per_level[level].add(spaced)
                self._fuzzy_key[spaced] = "".join(words)
        self._fuzzy_choices = {level: sorted(keys) for level, keys in per_level.items()}
        self._bare_stop = frozenset(fold_key(x) for x in (aliases or {}).get("bare_stop") or [])
        # Plain dicts from here on: lookups must never insert (the map is shared).
        self._names = dict(self._names)
        self._districts_of = dict(self._districts_of)
        self._units_of = dict(self._units_of)
        self._wards_of = dict(self._wards_of)
        self._unit_districts = dict(self._unit_districts)
        self._unit_keys = {pk: dict(keys) for pk, keys in self._unit_keys.items()}
        self._grid = dict(self._grid)

    def _set_fate(
        self, legacy_key: str, units: tuple[NewUnit, ...], default: NewUnit | None, divided: bool
    ) -> None:
        ward = self._wards.get(legacy_key)
        if ward is None:
            # The package writes the wardless island districts as "prov_district_".
            logger.debug("admin units: unknown legacy key %s", legacy_key)
            return
        self._fates[legacy_key] = WardFate(
            legacy=ward, new_units=units, default=default, divided=divided
        )
        for unit in units:
            self._unit_districts[(unit.province_key, unit.key)].add(
                (ward.province_key, ward.district_key)
            )

    def _add_names(
        self,
        kind: str,
        ref: Any,
        level: str,
        etype: str,
        short_name: str,
        keywords: Iterable[str],
        full_name: str = "",
        keywords_are_names: bool = False,
        extra_names: Iterable[str] = (),
    ) -> None:
        """Index a unit under its short name and its keywords (type words stripped).

        Keywords are former names and spelling variants ("phuongannghiep", "vynhbinh"),
        marked as aliases, unless ``keywords_are_names`` (province abbreviations).
        ``extra_names`` (our alias file) are written with spaces and count as names.
        """
        # "Long Phú (Thị trấn)": the package tells apart a ward named like its district.
        short_name = drop_paren_suffix(short_name)
        short_key = fold_key(short_name)
        if etype and short_key.startswith(etype) and short_key != etype and full_name:
            if fold_key(full_name) == short_key:  # "Phường 13" -> "13", "Quận 4" -> "4"
                short_key = short_key[len(etype) :]
        keywords = list(keywords)
        extra_names = list(extra_names)
        known = {short_key} | {fold_key(k) for k in [*keywords, *extra_names]}
        self._put(
            short_key,
            NameEntry(
                kind,
                ref,
                level,
                etype,
                False,
                short_key[:1].isdigit(),
                accent_key(short_name),
                syllable_bounds(short_name, short_key),
            ),
        )
        for name in extra_names:
            self._add_alias(kind, ref, level, etype, name, known, alias=False, spelled=True)
        for kw in keywords:
            self._add_alias(kind, ref, level, etype, kw, known, alias=not keywords_are_names)

    def _add_alias(
        self,
        kind: str,
        ref: Any,
        level: str,
        etype: str,
        keyword: str,
        known: set[str],
        alias: bool = True,
        spelled: bool = False,
    ) -> None:
        """Index one more name; a leading type word is dropped when what is left is known."""
        key = fold_key(keyword)
        for prefix in TYPE_PREFIXES:
            rest = key[len(prefix) :]
            if key.startswith(prefix) and rest and (rest in known or rest.isdigit()):
                key = rest
                break
        if not key:
            return
        accent = ""
        bounds = None
        if spelled:
            bounds = syllable_bounds(keyword, key)
            accent = accent_key(keyword) if bounds is not None else ""
            if accent and fold_key(accent) != key:
                accent = accent[len(accent) - len(key) :]
        self._put(key, NameEntry(kind, ref, level, etype, alias, key[:1].isdigit(), accent, bounds))

    def _put(self, key: str, entry: NameEntry) -> None:
        entries = self._names[key]
        for i, e in enumerate(entries):
            if e.kind == entry.kind and e.ref == entry.ref:
                if e.alias and not entry.alias:
                    entries[i] = entry
                return
        entries.append(entry)

    _CELL_DEG = 0.25

    @classmethod
    def _cell(cls, lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat / cls._CELL_DEG), math.floor(lon / cls._CELL_DEG))
