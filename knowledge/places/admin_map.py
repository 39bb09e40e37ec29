"""The administrative map: Vietnam's units before and after 1 July 2025, old to new.

:func:`get_admin_map` loads everything once per process (about a second, or a fraction
of one from the build cache) and builds folded-name indexes, so a lookup costs well
under a millisecond. The map answers lookups by key or name, where a legacy ward or
district went, and which unit a point is in; :meth:`AdminMap.resolve` reads the units a
free-text message names (:mod:`knowledge.places.address_resolver`).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import math
import threading
from pathlib import Path

from rapidfuzz import fuzz, process

from knowledge.build_cache import load_or_build
from knowledge.places.address_resolver import AddressResolver
from knowledge.places.admin_index import ALIASES_PATH, AdminIndex
from knowledge.places.names import TYPE_PREFIXES, accent_key, fold_key, strip_type
from knowledge.places.package_data import package_data_dir
from knowledge.places.units import (
    LegacyDistrict,
    LegacyProvince,
    LegacyWard,
    Nearby,
    NewUnit,
    Province,
    Resolution,
    WardFate,
)

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


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class AdminMap(AdminIndex):
    """The 34-province map, the legacy units and the old-to-new mapping, indexed.

    Build it with :meth:`load` (or share one with :func:`get_admin_map`); it is
    read-only afterwards and safe to use from several threads or tasks.
    """

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
        for prefix in TYPE_PREFIXES:
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
        accent = accent_key(unit_text)
        if not key:
            return None
        found: list[NewUnit] = []
        for pk in provinces:
            found.extend(self._unit_keys.get(pk, {}).get(key, ()))
        if not found:
            bare = strip_type(key)
            for pk in provinces:
                found.extend(self._unit_keys.get(pk, {}).get(bare, ()))
        found = list(dict.fromkeys(found))
        if len(found) > 1:
            exact = [u for u in found if accent in (accent_key(u.name), accent_key(u.short_name))]
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

    # ---------------------------------------------------------------- geography

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
        expanded), with or without diacritics. See :class:`Resolution` and
        :class:`~knowledge.places.address_resolver.AddressResolver`. Never geocodes.
        """
        return AddressResolver(self).resolve(text)


# Raised whenever AdminMap's fields or how they are built change: old caches are rebuilt.
# 2: the map and its records moved out of knowledge.places.admin_units (pickled paths).
ADMIN_MAP_FORMAT = 2


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
