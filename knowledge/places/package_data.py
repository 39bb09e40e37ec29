"""The data files of the ``vietnamadminunits`` package, read without importing it.

The package ships in its ``data/`` folder:

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
"""

from __future__ import annotations

import importlib.util
import json
import logging
import math
import sqlite3
from pathlib import Path
from typing import Any

from knowledge.places.units import AdminDataError

logger = logging.getLogger(__name__)


def _num(value: Any) -> float | None:
    if value is None:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def package_data_dir() -> Path:
    """The ``data/`` folder of the installed ``vietnamadminunits`` package (not imported)."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise AdminDataError("the vietnamadminunits package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def read_json(path: Path) -> dict[str, Any]:
    """One of the package's JSON files; :class:`AdminDataError` when it cannot be read."""
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError) as exc:
        raise AdminDataError(f"cannot read {path}: {exc}") from exc


def read_areas(path: Path) -> dict[tuple[str, str], float]:
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
