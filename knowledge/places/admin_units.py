"""Vietnam's administrative units before and after 1 July 2025, and the old-to-new map.

Since 1 July 2025 Vietnam has 34 provinces and 3,321 commune-level units (xã, phường,
đặc khu); districts are gone and 10,040 legacy wards were merged. The data comes from
the files that the ``vietnamadminunits`` package ships in its ``data/`` folder:

* ``parser_from_2025.json``: the 34 provinces and the new units (names, types, centroids,
  codes, keywords);
* ``parser_legacy.json``: the 63 legacy provinces, their districts and wards;
* ``converter_2025.json``: the old-to-new map. ``DICT_PROVINCE_WARD_DIVIDED`` lists every
  new unit that a *split* legacy ward went to, with the default ("phần lớn") one marked;
* ``dataset.db`` (SQLite, read-only): the area of each new unit, used only to estimate
  whether a point lies inside a unit.

Only the files are read. The package's own modules are never imported: its parser
imports geopy and shapely, and ``convert_address`` geocodes a street address over the
network when a legacy ward was split. Nothing here geocodes or touches the network.

:func:`get_admin_map` loads everything once per process (about a second) and builds
folded-name indexes, so a lookup costs well under a millisecond.

Keys are the package's keys: names folded to ASCII without spaces, with the type word
(``"thanhphohochiminh"``, ``"quan4"``, ``"phuong13"``, ``"xatanphu"``). A handful of
units whose folded names would collide keep their diacritics in the key
(``"xãcẩmgiàng"``). A legacy ward's key is the composite
``"<legacy province>_<legacy district>_<ward>"``; the five island districts that had no
wards (Hoàng Sa, Bạch Long Vĩ, Côn Đảo, Lý Sơn, Cồn Cỏ) appear as one legacy "ward" each
with an empty ward part (``"tinhbariavungtau_huyencondao_"``), as in the package.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import math
import re
import sqlite3
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

import yaml
from rapidfuzz import fuzz, process

from knowledge import DATA_DIR
from knowledge.build_cache import load_or_build
from knowledge.text import fold

logger = logging.getLogger(__name__)

ALIASES_PATH = DATA_DIR / "admin_aliases.yml"

#: How far (km) from the nearest unit centroid a point may lie and still count as being
#: in Vietnam. The two archipelagos spread far beyond their centroids, so they reach further.
IN_VIETNAM_RADIUS_KM = 40.0
_WIDE_REACH_KM = {
    ("tinhkhanhhoa", "dackhutruongsa"): 350.0,
    ("thanhphodanang", "dackhuhoangsa"): 150.0,
}
# Rough box around the mainland and the near-shore islands (Phú Quốc, Côn Đảo, ...).
_BOX_LAT = (8.0, 23.5)
_BOX_LON = (102.0, 110.0)

#: Most candidates a :class:`Resolution` carries (``candidate_count`` says how many there were).
MAX_CANDIDATES = 8

ResolutionKind = Literal[
    "legacy_ward",
    "legacy_district",
    "legacy_province",
    "current_unit",
    "current_province",
    "none",
]


class AdminDataError(RuntimeError):
    """The package's data files are missing or unreadable."""


# --------------------------------------------------------------------------- folding

_NON_ALNUM_RE = re.compile(r"[^0-9a-z]+")
_LEADING_ZERO_RE = re.compile(r"(?<![0-9])0+(?=[0-9])")
_TOKEN_RE = re.compile(r"[^\W_]+")
_PAREN_SUFFIX_RE = re.compile(r"\s*\([^)]*\)\s*$")
_GLUED_NUMBER_RE = re.compile(r"^(p|f|q|ph|phuong|quan|ward|district)(\d+)$")


@lru_cache(maxsize=65536)
def fold_key(text: str) -> str:
    """Fold and drop everything but ASCII letters and digits: ``"Quận 04"`` -> ``"quan4"``.

    Leading zeros of numbers are dropped so "phường 05" and "phường 5" meet.
    """
    return _LEADING_ZERO_RE.sub("", _NON_ALNUM_RE.sub("", fold(text)))


def _accent_key(text: str) -> str:
    """Lower case NFC without spaces or punctuation, diacritics kept (``"cẩmgiàng"``)."""
    text = unicodedata.normalize("NFC", text).lower()
    return "".join(_TOKEN_RE.findall(text))


# ----------------------------------------------------------------------- public records


@dataclass(frozen=True)
class Province:
    """One of the 34 provinces and centrally-run cities in force since 1 July 2025."""

    key: str
    name: str  # "Thành phố Hồ Chí Minh"
    short_name: str  # "Hồ Chí Minh"
    code: str  # "79"
    lat: float
    lon: float


@dataclass(frozen=True)
class LegacyProvince:
    """One of the 63 provinces before 1 July 2025, and the new province it is part of."""

    key: str
    name: str
    short_name: str
    new_province_key: str
    code: str = ""


@dataclass(frozen=True)
class LegacyDistrict:
    """A district-level unit (quận, huyện, thị xã, thành phố thuộc tỉnh) before 1 July 2025."""

    key: str
    province_key: str  # legacy province key
    name: str  # "Quận Hoàn Kiếm"
    short_name: str  # "Hoàn Kiếm"
    type: str = ""  # "Quận", "Huyện", "Thị xã", "Thành phố"
    code: str = ""


@dataclass(frozen=True)
class NewUnit:
    """A commune-level unit (xã, phường, đặc khu) in force since 1 July 2025."""

    key: str
    province_key: str
    name: str  # "Phường Tân Định"
    short_name: str  # "Tân Định"
    type: str  # "Phường", "Xã", "Đặc khu"
    lat: float
    lon: float
    area_km2: float | None
    code: str


@dataclass(frozen=True)
class LegacyWard:
    """A commune-level unit (phường, xã, thị trấn) before 1 July 2025.

    ``key`` is the composite ``"<province>_<district>_<ward>"``. For the five island
    districts without wards, ``ward_key`` is empty and ``name`` is the district's name.
    """

    key: str
    province_key: str
    district_key: str
    ward_key: str
    name: str  # "Phường 13"
    district_name: str  # "Quận 4"
    province_name: str  # "Thành phố Hồ Chí Minh"
    short_name: str = ""
    type: str = ""  # "Phường", "Xã", "Thị trấn" (the district's type for a whole district)
    code: str = ""

    @property
    def whole_district(self) -> bool:
        """True for an island district that had no wards and became one special zone."""
        return not self.ward_key


@dataclass(frozen=True)
class WardFate:
    """Where a legacy ward went.

    ``new_units`` lists every new unit the ward went to, ``default`` first. A ward that
    was split (``divided``) went mostly ("phần lớn") to ``default`` and partly ("một
    phần") to the others; which one a given street address is in cannot be told without
    a map, so answers must name them all.
    """

    legacy: LegacyWard
    new_units: tuple[NewUnit, ...]
    default: NewUnit | None
    divided: bool

    @property
    def province_key(self) -> str:
        """The new province the ward is in now."""
        return self.new_units[0].province_key if self.new_units else ""


@dataclass(frozen=True)
class Nearby:
    """The unit whose centroid is nearest to a point.

    ``inside`` is an estimate: the point lies within the radius of a circle as large as
    the unit (units without a known area use 3 km).
    """

    unit: NewUnit
    distance_km: float
    inside: bool


@dataclass(frozen=True)
class Resolution:
    """What :meth:`AdminMap.resolve` found in a message.

    ``kind`` says which reading won (the one that accounts for most of the message;
    on a tie a province beats a district beats a ward, and between a legacy ward and a
    current unit of the same name the legacy reading wins only when a legacy district,
    or a province that no longer exists, backs it):

    * ``"legacy_ward"``: ``fates`` holds the candidate legacy wards, best first (more
      than one means ambiguous: ask which). ``also_current`` lists current units of the
      same new province whose name is the ward's name: the name is also in use today,
      for the unit the ward went to or for another place (compare with
      ``fate.new_units`` before saying which). With one candidate, ``district``,
      ``legacy_province`` and ``province`` (the new one) are set.
    * ``"legacy_district"``: ``district`` (when one) with its ``legacy_province`` and new
      ``province``; ``fates`` holds every ward of it and ``units`` the new units that
      cover it. ``districts`` lists the candidates when the name is ambiguous.
    * ``"legacy_province"``: a province that no longer exists by that name
      (``legacy_province``); ``province`` is the new one and ``legacy_provinces`` all the
      legacy provinces merged into it. ``provinces`` lists the new provinces named (more
      than one: ambiguous, ``province`` is then None).
    * ``"current_unit"``: ``units`` holds the current units the text names (best first),
      ``province`` when they share one. ``also_legacy`` lists legacy wards with the same
      name (the other reading: the user may mean the old ward).
    * ``"current_province"``: ``province`` (and ``legacy_province`` when the name is also
      a legacy province's), with ``legacy_provinces`` merged into it.
    * ``"none"``: nothing recognised.

    ``street`` is the user's street part before the first unit named ("12 lê lợi"), kept
    as written. ``candidate_count`` counts candidates before the cap of
    :data:`MAX_CANDIDATES`. ``fuzzy`` is True when a name was matched despite a typo;
    ``via_alias`` when it was matched through a former name or a spelling variant only
    (Gò Vấp's "phường 4" was merged into phường 1 before 2025: the answer should say so).
    """

    kind: ResolutionKind
    fates: tuple[WardFate, ...] = ()
    units: tuple[NewUnit, ...] = ()
    district: LegacyDistrict | None = None
    districts: tuple[LegacyDistrict, ...] = ()
    legacy_province: LegacyProvince | None = None
    province: Province | None = None
    legacy_provinces: tuple[LegacyProvince, ...] = ()
    provinces: tuple[Province, ...] = ()
    also_current: tuple[NewUnit, ...] = ()
    also_legacy: tuple[WardFate, ...] = ()
    street: str | None = None
    candidate_count: int = 0
    fuzzy: bool = False
    via_alias: bool = False

    @property
    def ambiguous(self) -> bool:
        """True when several candidates remain and the user must say which."""
        return self.candidate_count > 1


# ------------------------------------------------------------------- internal indexes

_WARD, _DISTRICT, _PROVINCE = "ward", "district", "province"

# Type words as folded token sequences -> the (level, folded type) pairs they can mean.
_TYPE_WORDS: dict[tuple[str, ...], frozenset[tuple[str, str]]] = {
    ("phuong",): frozenset({(_WARD, "phuong")}),
    ("p",): frozenset({(_WARD, "phuong")}),
    ("f",): frozenset({(_WARD, "phuong")}),
    ("ph",): frozenset({(_WARD, "phuong")}),
    ("ward",): frozenset({(_WARD, "phuong")}),
    ("xa",): frozenset({(_WARD, "xa")}),
    ("x",): frozenset({(_WARD, "xa")}),
    ("thi", "tran"): frozenset({(_WARD, "thitran")}),
    ("tt",): frozenset({(_WARD, "thitran")}),
    ("dac", "khu"): frozenset({(_WARD, "dackhu")}),
    ("quan",): frozenset({(_DISTRICT, "quan")}),
    ("q",): frozenset({(_DISTRICT, "quan")}),
    ("district",): frozenset({(_DISTRICT, "quan")}),
    ("huyen",): frozenset({(_DISTRICT, "huyen")}),
    ("h",): frozenset({(_DISTRICT, "huyen")}),
    ("thi", "xa"): frozenset({(_DISTRICT, "thixa")}),
    ("tx",): frozenset({(_DISTRICT, "thixa")}),
    ("thanh", "pho"): frozenset({(_DISTRICT, "thanhpho"), (_PROVINCE, "thanhpho")}),
    ("tp",): frozenset({(_DISTRICT, "thanhpho"), (_PROVINCE, "thanhpho")}),
    ("tinh",): frozenset({(_PROVINCE, "tinh")}),
}
# Folded type prefixes that may open a package keyword ("phuongannghiep", "q4", "tpninhbinh").
_TYPE_PREFIXES = tuple(sorted({"".join(words) for words in _TYPE_WORDS}, key=len, reverse=True))
# Words that end the name part after a type word when looking for a misspelt name.
_STOP_WORDS = frozenset(
    "nao moi cu nay do gi cua o thi la gio thuoc va hay hoac sang den toi minh em anh chi "
    "nhe vay the truoc day kia nhap vao dau bay nhung gom co khong ko roi".split()
)
# Words a name read without a type word may not consist of only ("là gì" is not
# thị xã La Gi).
_FUNCTION_WORDS = frozenset(
    "la gi o dau nao nay cua toi minh co khong ko duoc thi va voi hoi em anh chi a nhe ma "
    "the sao gom nhung cac da bi ra roi vay nhi nha ha oi day kia do gio cu thuoc vao sang "
    "den tu trong bao nhieu lam can con ban".split()
)
# Words that may surround a bare ward name ("bến thành giờ là phường nào") without
# making the message about something else ("trung tâm hành chính công gần nhất").
_FILLER_WORDS = _FUNCTION_WORDS | frozenset(
    "cho moi doi dia bay hien tai truoc xin giup biet muon tra cuu xem so nha nam ten don vi "
    "hanh chinh sap nhap sau khi thanh ay vang ok bot ad phuong xa quan huyen tinh tran pho "
    "tp tx p q f h x tt dac khu hay hoac cai con nua u ve theo se dang van ban ong ba chu bac "
    "dung phai hong chua lai thay noi vui long cam on ua ah giu ten goi hoac nhi".split()
)
_MAX_NAME_TOKENS = 7
_MAX_TOKENS = 60
# Bonus for each district or province that backs a name; small, so that a long name
# read whole ("phường xuân trường - đà lạt") beats a short one plus a district.
_LINK = 0.5
_FUZZY_CUTOFF = 86.0

_STREET_NUMBER_RE = re.compile(
    r"(?<![\w/])(?:số\s*|so\s+)?\d+[a-zA-Z]?(?:[/\-.]\d+[a-zA-Z]?)*\s+\w"
)
_STREET_WORD_RE = re.compile(
    r"(?<!\w)(?:đường|duong|phố|ngõ|ngo|ngách|hẻm|hem|kiệt|thôn|ấp|tổ|khu phố|xóm)\s+\w"
)
_STREET_TRAILING = ("ở", "tại", "thuộc", "tai", "thuoc", "o")


_UNIT_TYPES = ("Phường", "Xã", "Thị trấn", "Đặc khu")


def _type_from_name(name: str, given: str) -> str:
    """The type word a name starts with; the package's type field disagrees with the name
    for a few units (Phường Tân Lộc, Cần Thơ, is given as "Xã")."""
    folded = fold_key(name)
    for label in _UNIT_TYPES:
        if folded.startswith(fold_key(label)) and fold_key(given) != fold_key(label):
            if not folded.startswith(fold_key(given) or "\0"):
                return label
    return given


class _Entry(NamedTuple):
    """One thing a folded name can mean."""

    kind: str  # "P" new province, "LP" legacy province, "D" district, "W" legacy ward, "U" unit
    ref: Any  # key (P, LP, W) or (province_key, key) (D, U)
    level: str
    etype: str  # folded type of the entity ("phuong", "quan", "thanhpho", ...)
    alias: bool  # matched through a keyword/alias rather than the unit's own name
    numeric: bool  # the name starts with a digit ("13", "1baoloc"): needs a type word
    accent: str  # the name with diacritics, no spaces ("" when unknown)
    bounds: frozenset[int] | None  # syllable boundaries in the key (None when unknown)


class _Mention(NamedTuple):
    start: int  # first token, type word included
    name_start: int
    end: int
    entry: _Entry
    score: float
    key: str
    fuzzy: bool


@dataclass
class _Cand:
    total: float
    mention: _Mention
    district_support: bool = False
    legacy_only_province: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)


def _num(value: Any) -> float | None:
    if value is None:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _code_int(code: str) -> int:
    try:
        return int(code)
    except ValueError:
        return 1 << 30


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _bounds(name: str, key: str) -> frozenset[int] | None:
    """Syllable boundaries of ``name`` inside ``key`` ("Sìn Hồ", "sinho" -> {3}).

    Leading words that are not part of ``key`` (a type word) are skipped; None when the
    words do not line up with the key.
    """
    words = [_LEADING_ZERO_RE.sub("", w) for w in _NON_ALNUM_RE.split(fold(name)) if w]
    while words and "".join(words) != key:
        if not key.endswith("".join(words[1:])) or len(words) == 1:
            return None
        words = words[1:]
    if not words:
        return None
    cuts: list[int] = []
    pos = 0
    for w in words[:-1]:
        pos += len(w)
        cuts.append(pos)
    return frozenset(cuts)


def _accent_compatible(typed: str, name: str) -> bool:
    """Whether what the user typed fits the name's diacritics: missing marks are fine,
    different ones are not ("gia đình" is not "gia định")."""
    if len(typed) != len(name):
        return False
    return all(t == n or t == fold(n) for t, n in zip(typed, name, strict=True))


def package_data_dir() -> Path:
    """The ``data/`` folder of the installed ``vietnamadminunits`` package (not imported)."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise AdminDataError("the vietnamadminunits package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _read_json(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError) as exc:
        raise AdminDataError(f"cannot read {path}: {exc}") from exc


def _read_areas(path: Path) -> dict[tuple[str, str], float]:
    """Area (km²) of each new unit from the package's SQLite file; empty if unreadable."""
    if not path.exists():
        return {}
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute(
                "SELECT provinceKey, wardKey, wardAreaKm2 FROM admin_units"
            ).fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        logger.warning("admin units: cannot read areas from %s: %s", path, exc)
        return {}
    return {(p, w): a for p, w, a in rows if _num(a) is not None}


# ---------------------------------------------------------------------------- the map


class AdminMap:
    """The 34-province map, the legacy units and the old-to-new mapping, indexed.

    Build it with :meth:`load` (or share one with :func:`get_admin_map`); it is
    read-only afterwards and safe to use from several threads or tasks.
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
        self._names: dict[str, list[_Entry]] = defaultdict(list)
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
    def load(
        cls, data_dir: Path | None = None, aliases_path: Path | None = ALIASES_PATH
    ) -> AdminMap:
        """Read the package's data files (and our alias file) and build the indexes."""
        data_dir = data_dir or package_data_dir()
        self = cls()
        converter = _read_json(data_dir / "converter_2025.json")
        new = _read_json(data_dir / "parser_from_2025.json")
        legacy = _read_json(data_dir / "parser_legacy.json")
        areas = _read_areas(data_dir / "dataset.db")
        aliases: dict[str, Any] = {}
        if aliases_path is not None and aliases_path.exists():
            with aliases_path.open(encoding="utf-8") as fh:
                aliases = yaml.safe_load(fh) or {}
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
                    type=_type_from_name(w["ward"], w["wardType"]),
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
                    _WARD,
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
                        type=_type_from_name(w["ward"], _text(w.get("wardType"))),
                        code=_text(w.get("wardCode")),
                    )
                    self._add_names(
                        "W",
                        ward.key,
                        _WARD,
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
                "D", (pk, dk), _DISTRICT, fold_key(dist.type), dist.short_name, kws, dist.name
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
                        self._add_alias("D", (pk, dk), _DISTRICT, fold_key(dist.type), kw, known)
        for key, prov in self._provinces.items():
            kws = list(new["DICT_PROVINCE"][key].get("provinceKeywords") or [])
            etype = fold_key(prov.name[: len(prov.name) - len(prov.short_name)])
            self._add_names(
                "P",
                key,
                _PROVINCE,
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
                _PROVINCE,
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
        named: list[tuple[str, str]] = [(_WARD, u.short_name) for u in self._units.values()]
        named += [(_WARD, w.short_name) for w in self._wards.values() if w.ward_key]
        named += [(_DISTRICT, d.short_name) for d in self._districts.values()]
        named += [(_PROVINCE, p.short_name) for p in self._provinces.values()]
        named += [(_PROVINCE, p.short_name) for p in self._legacy_provinces.values()]
        for level, name in named:
            words = _NON_ALNUM_RE.split(fold(name))
            words = [w for w in words if w]
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
        short_name = _PAREN_SUFFIX_RE.sub("", short_name)
        short_key = fold_key(short_name)
        if etype and short_key.startswith(etype) and short_key != etype and full_name:
            if fold_key(full_name) == short_key:  # "Phường 13" -> "13", "Quận 4" -> "4"
                short_key = short_key[len(etype) :]
        keywords = list(keywords)
        extra_names = list(extra_names)
        known = {short_key} | {fold_key(k) for k in [*keywords, *extra_names]}
        self._put(
            short_key,
            _Entry(
                kind,
                ref,
                level,
                etype,
                False,
                short_key[:1].isdigit(),
                _accent_key(short_name),
                _bounds(short_name, short_key),
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
        for prefix in _TYPE_PREFIXES:
            rest = key[len(prefix) :]
            if key.startswith(prefix) and rest and (rest in known or rest.isdigit()):
                key = rest
                break
        if not key:
            return
        accent = ""
        bounds = None
        if spelled:
            bounds = _bounds(keyword, key)
            accent = _accent_key(keyword) if bounds is not None else ""
            if accent and fold_key(accent) != key:
                accent = accent[len(accent) - len(key) :]
        self._put(key, _Entry(kind, ref, level, etype, alias, key[:1].isdigit(), accent, bounds))

    def _put(self, key: str, entry: _Entry) -> None:
        entries = self._names[key]
        for i, e in enumerate(entries):
            if e.kind == entry.kind and e.ref == entry.ref:
                if e.alias and not entry.alias:
                    entries[i] = entry
                return
        entries.append(entry)

    # ---------------------------------------------------------------- lookups

    def provinces(self) -> tuple[Province, ...]:
        """The 34 provinces, by code."""
        return tuple(self._provinces.values())

    def province(self, key: str) -> Province | None:
        """A new province by key (``"thanhphohochiminh"``)."""
        return self._provinces.get(key)

    def legacy_provinces(self) -> tuple[LegacyProvince, ...]:
        """The 63 legacy provinces."""
        return tuple(self._legacy_provinces.values())

    def legacy_province(self, key: str) -> LegacyProvince | None:
        """A legacy province by key (``"tinhbinhduong"``)."""
        return self._legacy_provinces.get(key)

    def legacy_districts(
        self, legacy_province_key: str | None = None
    ) -> tuple[LegacyDistrict, ...]:
        """Legacy districts, all or of one legacy province."""
        if legacy_province_key is None:
            return tuple(self._districts.values())
        return tuple(self._districts_of.get(legacy_province_key, ()))

    def legacy_district(self, legacy_province_key: str, district_key: str) -> LegacyDistrict | None:
        """A legacy district by its keys (``"thanhphohanoi"``, ``"quanhoankiem"``)."""
        return self._districts.get((legacy_province_key, district_key))

    def legacy_wards(self) -> tuple[LegacyWard, ...]:
        """All legacy wards (with the five wardless island districts)."""
        return tuple(self._wards.values())

    def legacy_ward(self, composite_key: str) -> LegacyWard | None:
        """A legacy ward by its composite key."""
        return self._wards.get(composite_key)

    def units(self) -> tuple[NewUnit, ...]:
        """All current commune-level units."""
        return tuple(self._units.values())

    def unit(self, province_key: str, unit_key: str) -> NewUnit | None:
        """A current unit by keys: ``("thanhphohochiminh", "phuongbenthanh")``."""
        return self._units.get((province_key, unit_key))

    def units_of(self, province_key: str) -> tuple[NewUnit, ...]:
        """The current units of a new province, by code."""
        return tuple(self._units_of.get(province_key, ()))

    def fate(self, legacy_ward_key: str) -> WardFate:
        """Where a legacy ward went. Raises ``KeyError`` for an unknown composite key."""
        return self._fates[legacy_ward_key]

    def legacy_province_fate(self, legacy_key: str) -> tuple[Province, tuple[LegacyProvince, ...]]:
        """The new province a legacy province is part of, and every legacy province merged
        into it (itself first when the new province kept its name)."""
        lp = self._legacy_provinces[legacy_key]
        return self._provinces[lp.new_province_key], self._merged[lp.new_province_key]

    def district_fates(self, legacy_province_key: str, district_key: str) -> tuple[WardFate, ...]:
        """The fates of every ward of a legacy district (together: the new units covering it)."""
        if (legacy_province_key, district_key) not in self._districts:
            raise KeyError((legacy_province_key, district_key))
        return tuple(
            self._fates[w.key]
            for w in self._wards_of.get((legacy_province_key, district_key), ())
            if w.key in self._fates
        )

    def district_units(self, legacy_province_key: str, district_key: str) -> tuple[NewUnit, ...]:
        """The new units that cover a legacy district, each once, by code."""
        seen: dict[tuple[str, str], NewUnit] = {}
        for fate in self.district_fates(legacy_province_key, district_key):
            for unit in fate.new_units:
                seen.setdefault((unit.province_key, unit.key), unit)
        return tuple(
            sorted(seen.values(), key=lambda u: self._sort[("U", (u.province_key, u.key))])
        )

    def find_province(self, text: str) -> Province | None:
        """The new province a name designates: "TP Hồ Chí Minh", "TP.HCM", "Hà Nội",
        "Tỉnh Bình Phước" (a legacy name gives the province it is part of now)."""
        key = fold_key(text)
        if not key:
            return None
        candidates = [key]
        for prefix in _TYPE_PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                candidates.append(key[len(prefix) :])
        for k in candidates:
            entries = self._names.get(k, [])
            for kind in ("P", "LP"):
                for e in entries:
                    if e.kind == kind:
                        return self._provinces[
                            e.ref if kind == "P" else self._legacy_provinces[e.ref].new_province_key
                        ]
        return None

    def find_new_unit(self, province_text: str | None, unit_text: str) -> NewUnit | None:
        """A current unit named as in public lists: ``("TP Hồ Chí Minh", "Phường Tân Định")``.

        Matching ignores case, diacritics, spacing and punctuation, but diacritics decide
        between units whose names differ only by them. Without a province, or when the
        name is shared and the type does not decide, returns ``None`` rather than guess.
        A near-miss spelling (one or two letters) is accepted within the province.
        """
        if province_text:
            province = self.find_province(province_text)
            if province is None:
                return None
            provinces = [province.key]
        else:
            provinces = list(self._provinces)
        key = fold_key(unit_text)
        accent = _accent_key(unit_text)
        if not key:
            return None
        found: list[NewUnit] = []
        for pk in provinces:
            found.extend(self._unit_keys.get(pk, {}).get(key, ()))
        if not found:
            bare = self._strip_type(key)
            for pk in provinces:
                found.extend(self._unit_keys.get(pk, {}).get(bare, ()))
        found = list(dict.fromkeys(found))
        if len(found) > 1:
            exact = [u for u in found if accent in (_accent_key(u.name), _accent_key(u.short_name))]
            if exact:
                found = exact
        if len(found) > 1:
            typed = [u for u in found if fold_key(u.name) == key]
            if typed:
                found = typed
        if len(found) == 1:
            return found[0]
        if found or not province_text:
            return None
        # A near miss within one province.
        choices = {fold_key(u.name): u for u in self._units_of.get(provinces[0], ())}
        best = process.extractOne(key, list(choices), scorer=fuzz.ratio, score_cutoff=90)
        return choices[best[0]] if best else None

    @staticmethod
    def _strip_type(key: str) -> str:
        for prefix in _TYPE_PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                return key[len(prefix) :]
        return key

    # ---------------------------------------------------------------- geography

    _CELL_DEG = 0.25

    @classmethod
    def _cell(cls, lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat / cls._CELL_DEG), math.floor(lon / cls._CELL_DEG))

    def nearest_unit(self, lat: float, lon: float) -> Nearby:
        """The unit whose centroid is nearest to a point (anywhere; see :meth:`in_vietnam`)."""
        ci, cj = self._cell(lat, lon)
        best: tuple[float, NewUnit] | None = None
        # A unit outside rings 0..r is at least r cells away: >= r * 25 km at these latitudes.
        ring_km = self._CELL_DEG * 111.0 * math.cos(math.radians(min(abs(lat), 60.0) + 1.0))
        for r in range(0, 41):
            cells = (
                [(ci, cj)]
                if r == 0
                else [
                    (ci + di, cj + dj)
                    for di in range(-r, r + 1)
                    for dj in range(-r, r + 1)
                    if max(abs(di), abs(dj)) == r
                ]
            )
            for cell in cells:
                for unit in self._grid.get(cell, ()):
                    d = _haversine_km(lat, lon, unit.lat, unit.lon)
                    if best is None or d < best[0]:
                        best = (d, unit)
            if best is not None and best[0] <= r * ring_km:
                break
        else:
            if best is None:
                best = min(
                    ((_haversine_km(lat, lon, u.lat, u.lon), u) for u in self._units.values()),
                    key=lambda du: du[0],
                )
        distance, unit = best
        radius = math.sqrt(unit.area_km2 / math.pi) if unit.area_km2 else 3.0
        return Nearby(unit=unit, distance_km=distance, inside=distance <= radius)

    def in_vietnam(self, lat: float, lon: float) -> bool:
        """Whether a point is in Vietnam, roughly.

        Inside the box around the mainland and near-shore islands (lat 8–23.5, lon
        102–110) and within 40 km of a unit's centroid; or near the Hoàng Sa / Trường Sa
        special zones. Points just across a land border can still count as inside.
        """
        if not (math.isfinite(lat) and math.isfinite(lon)):
            return False
        for (pk, uk), reach in _WIDE_REACH_KM.items():
            unit = self._units.get((pk, uk))
            if unit and _haversine_km(lat, lon, unit.lat, unit.lon) <= reach:
                return True
        if not (_BOX_LAT[0] <= lat <= _BOX_LAT[1] and _BOX_LON[0] <= lon <= _BOX_LON[1]):
            return False
        return self.nearest_unit(lat, lon).distance_km <= IN_VIETNAM_RADIUS_KM

    # ---------------------------------------------------------------- resolving

    def resolve(self, text: str) -> Resolution:
        """Find the administrative units a message names and read them as old or new.

        ``text`` is a user's message (normalised: lower case, NFC, chat abbreviations
        expanded), with or without diacritics. See :class:`Resolution`.

        How: every run of up to seven words that is a known name (folded, no spaces, so
        "go vap", "gò vấp" and "govap" meet) is a mention; a type word right before it
        ("phường", "p", "q", "tx", "thành phố", ...) must fit its level. Each reading
        of a ward, district or province is scored by the words it accounts for, plus a
        small bonus for each district and province mention that fits it. Names read
        without a type word are held to stricter rules (common words such as "đồng ý"
        or "là gì" stay words). A misspelt name right after a type word is looked up
        with rapidfuzz among the names of that level. Never geocodes.
        """
        raw = unicodedata.normalize("NFC", text or "").lower()
        spans, orig = self._tokens(raw)
        # A message is short; a pasted page would only cost time (the work grows with
        # the square of the names found).
        spans, orig = spans[:_MAX_TOKENS], orig[:_MAX_TOKENS]
        toks = [fold_key(t) for t in orig]
        if not toks:
            return Resolution(kind="none")
        mentions = self._mentions(toks, orig)
        mentions += self._fuzzy_mentions(toks, mentions)
        if not mentions:
            return Resolution(kind="none")

        wards: list[_Mention] = []
        units: list[_Mention] = []
        districts: list[_Mention] = []
        provinces: list[_Mention] = []
        for m in mentions:
            {"W": wards, "U": units, "D": districts, "P": provinces, "LP": provinces}[
                m.entry.kind
            ].append(m)

        legacy = self._score_wards(wards, districts, provinces)
        current = self._score_units(units, districts, provinces)
        dists = self._score_districts(districts, provinces)
        # Provinces: every province named counts ("bình phước nhập với đồng nai à").
        provs: dict[tuple[str, str], _Cand] = {}
        chosen: list[_Mention] = []
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
            return self._street(raw[: spans[first][0]])

        if best_p > 0 and best_p + eps >= max(best_w, best_d):
            return self._province_resolution(provs, street_for)
        if best_d > 0 and best_d + eps >= best_w:
            return self._district_resolution(dists, best_d, street_for)

        top_l = self._top(legacy, best_l, "W")
        top_c = self._top(current, best_c, "U")
        prefer_legacy = best_l > best_c + eps or (
            abs(best_l - best_c) <= eps
            and any(c.district_support or c.legacy_only_province for c in top_l.values())
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

    def _weak(self, cand: _Cand, raw: str, spans: list[tuple[int, int]], toks: list[str]) -> bool:
        """A ward-level name without a type word, district or province, in a message with
        other content words: "trung tâm hành chính công gần nhất ở đâu" is no ward."""
        m = cand.mention
        if len(cand.spans) > 1 or m.start != m.name_start or m.entry.level != _WARD:
            return False
        start, end = m.start, m.end
        street_from = start
        if m.entry.alias:
            return True  # a former name alone: too weak
        street = _STREET_NUMBER_RE.search(raw[: spans[start][0]])
        if street is not None:
            street_from = next(i for i, sp in enumerate(spans) if sp[1] > street.start())
        for i, tok in enumerate(toks):
            if start <= i < end or street_from <= i < start:
                continue
            if not tok.isdigit() and tok not in _FILLER_WORDS:
                return True
        return False

    @staticmethod
    def _tokens(raw: str) -> tuple[list[tuple[int, int]], list[str]]:
        """Word tokens (diacritics kept) and their character spans; "p13" -> "p", "13"."""
        spans: list[tuple[int, int]] = []
        words: list[str] = []
        for m in _TOKEN_RE.finditer(raw):
            word = m.group()
            glued = _GLUED_NUMBER_RE.match(fold(word))
            if glued:
                cut = m.start() + len(glued.group(1))
                spans += [(m.start(), cut), (cut, m.end())]
                words += [raw[m.start() : cut], raw[cut : m.end()]]
            else:
                spans.append(m.span())
                words.append(word)
        return spans, words

    @staticmethod
    def _type_before(toks: list[str], i: int) -> tuple[int, frozenset[tuple[str, str]]] | None:
        for n in (2, 1):
            if i - n >= 0:
                types = _TYPE_WORDS.get(tuple(toks[i - n : i]))
                if types:
                    return i - n, types
        return None

    def _mention_score(
        self,
        entry: _Entry,
        n_name: int,
        typed: tuple[int, frozenset[tuple[str, str]]] | None,
        name_start: int,
        accent_ok: bool,
    ) -> tuple[float, int] | None:
        """Score one reading of a name, or None when the type word rules it out."""
        if typed is None:
            if entry.numeric:
                return None
            if n_name == 1 and entry.level != _PROVINCE:
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

    def _mentions(self, toks: list[str], orig: list[str]) -> list[_Mention]:
        """Every reading of every run of tokens that is a known name."""
        out: list[_Mention] = []
        for i in range(len(toks)):
            typed = self._type_before(toks, i)
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
                    all(t in _FUNCTION_WORDS for t in toks[i : i + n]) and not key[:1].isdigit()
                )
                if names_only_function_words and (typed is None or n == 1):
                    continue  # "là gì" is not thị xã La Gi, "xã làm việc" not thị trấn Lâm
                bare_ok = len(key) >= 3 and key not in self._bare_stop
                plain = acc.isascii()
                for e in entries:
                    if e.bounds is not None and not set(cuts) <= e.bounds:
                        continue  # "sinh ở" is not "Sìn Hồ"
                    if n == 1 and e.alias and not e.numeric:
                        continue  # a one-syllable former name is too weak
                    compatible = plain or not e.accent or _accent_compatible(acc, e.accent)
                    accent_ok = not plain and bool(e.accent) and acc == e.accent
                    if typed is not None:
                        scored = self._mention_score(e, n, typed, i, accent_ok)
                        if scored is not None:
                            out.append(_Mention(scored[1], i, i + n, e, scored[0], key, False))
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
                        out.append(_Mention(start, i, i + n, e, score, key, False))
        return out

    def _bare(
        self, entry: _Entry, n: int, i: int, accent_ok: bool, bare_ok: bool, compatible: bool
    ) -> tuple[float, int] | None:
        """Score a name read without a type word; common words stay words."""
        if entry.level != _PROVINCE and not (bare_ok and compatible):
            return None
        if entry.level == _PROVINCE and not compatible:
            return None
        scored = self._mention_score(entry, n, None, i, accent_ok)
        if scored is not None and entry.level != _PROVINCE and self._is_province_name(entry):
            # A bare "đồng nai" is the province before it is xã Đồng Nai (Bình Phước).
            return scored[0] - 1.0, scored[1]
        return scored

    def _is_province_name(self, entry: _Entry) -> bool:
        key = entry.accent and fold_key(entry.accent)
        return bool(key) and any(e.kind in ("P", "LP") for e in self._names.get(key, ()))

    def _fuzzy_mentions(self, toks: list[str], mentions: list[_Mention]) -> list[_Mention]:
        """Misspelt names right after a type word that matched nothing ("phuong ben thnah")."""
        out: list[_Mention] = []
        i = 0
        while i < len(toks):
            typed = None
            for n in (2, 1):
                types = _TYPE_WORDS.get(tuple(toks[i : i + n]))
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
            levels = {lvl for lvl, _ in types}
            best: tuple[float, int, str] | None = None
            words: list[str] = []
            for k in range(4):
                j = name_start + k
                if (
                    j >= len(toks)
                    or toks[j] in _STOP_WORDS
                    or tuple(toks[j : j + 1]) in _TYPE_WORDS
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
                for e in self._names.get(choice, ()):
                    if e.level not in levels or e.alias:
                        continue
                    scored = self._mention_score(e, n_name, (start, types), name_start, False)
                    if scored is not None:
                        out.append(
                            _Mention(
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

    def _supports(
        self,
        mention: _Mention,
        district_ok: list[_Mention],
        province_ok: list[tuple[_Mention, float]],
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
        self, wards: list[_Mention], districts: list[_Mention], provinces: list[_Mention]
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
        self, units: list[_Mention], districts: list[_Mention], provinces: list[_Mention]
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
        self, districts: list[_Mention], provinces: list[_Mention]
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
            fates=self.district_fates(dist.province_key, dist.key),
            units=self.district_units(dist.province_key, dist.key),
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

    @staticmethod
    def _street(prefix: str) -> str | None:
        """The street part of the text before the first unit.

        "đổi địa chỉ 12 lê lợi, " -> "12 lê lợi".
        """
        m = _STREET_NUMBER_RE.search(prefix) or _STREET_WORD_RE.search(prefix)
        if m is None:
            return None
        street = prefix[m.start() :].strip(" \t\n,.;:-–")
        words = street.split()
        while words and words[-1] in _STREET_TRAILING:
            words.pop()
        street = " ".join(words).strip(" ,.;:-–")
        return street or None


# Raised whenever AdminMap's fields or how they are built change: old caches are rebuilt.
ADMIN_MAP_FORMAT = 1


def _inputs_key(data_dir: Path) -> tuple:
    """What the map is built from: the package's version, its data files and our aliases."""
    files = sorted(p for p in data_dir.iterdir() if p.is_file()) if data_dir.is_dir() else []
    try:
        version = importlib.metadata.version("vietnamadminunits")
    except importlib.metadata.PackageNotFoundError:
        version = None
    aliases = ALIASES_PATH.read_bytes() if ALIASES_PATH.exists() else b""
    return (
        ADMIN_MAP_FORMAT,
        version,
        tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files),
        hashlib.sha256(aliases).hexdigest(),
    )


_loaded: list[AdminMap] = []  # the process-wide map, once loaded
_loading = threading.Lock()


def get_admin_map(cache_dir: Path | None = None) -> AdminMap:
    """The process-wide :class:`AdminMap`, loaded on first use: built in about two
    seconds, or read from ``cache_dir`` in a fraction of one when it was built before.
    Later calls return the same map whatever their ``cache_dir``."""
    with _loading:
        if not _loaded:
            if cache_dir is None:
                _loaded.append(AdminMap.load())
            else:
                key = _inputs_key(package_data_dir())
                _loaded.append(load_or_build(cache_dir, "admin-map", key, AdminMap, AdminMap.load))
        return _loaded[0]
