"""Where data that is not in the database comes from (source and verification date)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import metadata

from knowledge import DATA_DIR
from knowledge.yaml_data import load_yaml

ADMIN_MAP_SOURCE = DATA_DIR / "admin_map_source.yml"


@dataclass(frozen=True)
class Provenance:
    source_url: str
    verified_on: dt.date
    version: str | None = None


@cache
def admin_map_provenance() -> Provenance:
    """Source of the old -> new unit map: the package and the version installed."""
    data = load_yaml(ADMIN_MAP_SOURCE)
    try:
        version = metadata.version(data["package"])
    except metadata.PackageNotFoundError:
        version = None
    return Provenance(data["source_url"], data["verified_on"], version)
