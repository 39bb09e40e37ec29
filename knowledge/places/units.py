"""The records of Vietnam's administrative units before and after 1 July 2025.

Since 1 July 2025 Vietnam has 34 provinces and 3,321 commune-level units (xã, phường,
đặc khu); districts are gone and 10,040 legacy wards were merged. These plain records
are what :class:`~knowledge.places.admin_map.AdminMap` hands out.

Keys are the ``vietnamadminunits`` package's keys: names folded to ASCII without spaces,
with the type word (``"thanhphohochiminh"``, ``"quan4"``, ``"phuong13"``,
``"xatanphu"``). A handful of units whose folded names would collide keep their
diacritics in the key (``"xãcẩmgiàng"``). A legacy ward's key is the composite
``"<legacy province>_<legacy district>_<ward>"``; the five island districts that had no
wards (Hoàng Sa, Bạch Long Vĩ, Côn Đảo, Lý Sơn, Cồn Cỏ) appear as one legacy "ward" each
with an empty ward part (``"tinhbariavungtau_huyencondao_"``), as in the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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

    A message that says the place is old ("cũ", "trước đây", "trước sáp nhập") reads a
    name shared by a legacy ward and a current unit as the legacy ward.

    ``street`` is the user's street part before the first unit named ("12 lê lợi"), kept
    as written. ``unknown_ward`` is a ward-level name the message gives after a type word
    ("phường xyzabc") that the map does not know, type word included, lower case; the
    rest of the resolution is what was found besides it. ``candidate_count`` counts
    candidates before the cap of :data:`MAX_CANDIDATES`. ``fuzzy`` is True when a name
    was matched despite a typo; ``via_alias`` when it was matched through a former name
    or a spelling variant only (Gò Vấp's "phường 4" was merged into phường 1 before 2025:
    the answer should say so).
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
    unknown_ward: str | None = None
    candidate_count: int = 0
    fuzzy: bool = False
    via_alias: bool = False

    @property
    def ambiguous(self) -> bool:
        """True when several candidates remain and the user must say which."""
        return self.candidate_count > 1
