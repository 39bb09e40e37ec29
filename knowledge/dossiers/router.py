"""Pick the source of truth for a dossier code.

Routes are keys matched against the canonical code, case-insensitively:

* ``"000.00.04.H51"`` (any text): the code starts with it — one unit, or with a shorter
  key such as ``"000.00"`` several; a system with its own code format (Hồ Chí Minh City)
  is routed by the start of its codes the same way;
* ``"*.H51"`` (a leading ``*``): the unit identifier ends with the rest — unit
  identifiers read right to left under QĐ 20/2020, so ``*.H51`` is every unit under the
  level-1 unit ``H51`` (a whole province's system).

The longest key wins (the ``*`` does not count); on equal length a prefix key beats a
``*`` key. Codes no route matches go to the default source, the local registry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.dossiers.codes import normalize_code, unit_prefix
from knowledge.dossiers.http_source import HttpJsonSource, HttpSourceSettings
from knowledge.dossiers.records import DossierRecord, DossierSource
from knowledge.dossiers.registry import LocalRegistry
from knowledge.storage.db import Database


@dataclass(frozen=True)
class DossierSettings:
    """The ``dossiers`` section of the configuration.

    ``sources``: provincial HTTP systems, each with the ``prefixes`` it answers for.
    ``poll_interval_s``: how often followed dossiers are checked for a new status.
    """

    sources: tuple[HttpSourceSettings, ...] = ()
    poll_interval_s: float = 300.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", tuple(self.sources))
        if not self.poll_interval_s > 0:
            raise ValueError("dossiers.poll_interval_s must be positive")
        names = [s.name for s in self.sources]
        if len(set(names)) != len(names):
            raise ValueError("two dossier sources have the same name")
        keys: dict[str, str] = {}
        for source in self.sources:
            if not source.prefixes:
                raise ValueError(f"dossier source {source.name!r} needs at least one prefix")
            for prefix in source.prefixes:
                key = _route_key(prefix)
                if not key.lstrip("*."):
                    raise ValueError(f"dossier source {source.name!r}: empty prefix")
                if key in keys:
                    raise ValueError(
                        f"prefix {prefix!r} is claimed by sources {keys[key]!r} and {source.name!r}"
                    )
                keys[key] = source.name


def _route_key(prefix: str) -> str:
    return prefix.strip().upper()


def _matches(key: str, code: str) -> bool:
    if key.startswith("*"):
        suffix = key[1:]
        unit = unit_prefix(code).upper()
        return unit.endswith(suffix) and bool(suffix)
    return code.upper().startswith(key)


class DossierRouter:
    """A :class:`DossierSource` that hands each code to the source configured for it."""

    name = "router"

    def __init__(self, default: DossierSource, routes: Sequence[tuple[str, DossierSource]]) -> None:
        self.default = default
        # Longest first; among equal lengths, prefix keys before "*" keys.
        self.routes = sorted(
            ((_route_key(key), source) for key, source in routes),
            key=lambda item: (-len(item[0].lstrip("*")), item[0].startswith("*")),
        )

    def source_for(self, code: str) -> DossierSource:
        canonical = normalize_code(code) or code.strip()
        for key, source in self.routes:
            if _matches(key, canonical):
                return source
        return self.default

    async def lookup(self, code: str) -> DossierRecord | None:
        """Ask the source for this code (its errors, e.g. SourceUnavailable, pass through)."""
        canonical = normalize_code(code) or code.strip()
        return await self.source_for(canonical).lookup(canonical)

    def http_sources(self) -> list[HttpJsonSource]:
        """The HTTP sources behind this router, each once."""
        seen: dict[int, HttpJsonSource] = {}
        for _key, source in self.routes:
            if isinstance(source, HttpJsonSource):
                seen.setdefault(id(source), source)
        return list(seen.values())

    async def close(self) -> None:
        """Close the HTTP sources' sessions."""
        for source in self.http_sources():
            await source.close()


def build_router(
    db: Database, settings: DossierSettings, registry: LocalRegistry | None = None
) -> DossierRouter:
    """The local registry (``registry``, or a new one on ``db``) as default plus one
    :class:`HttpJsonSource` per configured system, routed by its prefixes. Close the
    router (its HTTP sessions) on shutdown."""
    routes: list[tuple[str, DossierSource]] = []
    for source_settings in settings.sources:
        source = HttpJsonSource(source_settings)
        routes.extend((prefix, source) for prefix in source_settings.prefixes)
    return DossierRouter(registry if registry is not None else LocalRegistry(db), routes)
