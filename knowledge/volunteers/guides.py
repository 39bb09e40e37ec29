"""Step-by-step guides for community digital-tech volunteers, from sourced facts only.

``knowledge/data/volunteer_guides.yml`` holds a few guides (activating a VNeID level-2
account, submitting a dossier online, paying a fee online). Each guide lists its
sources (an https link, who published it, the day we read it and what it says); every
item of the guide (``before``, ``steps``, ``notes``) names the sources that back it,
and an item the sources do not state firmly is marked ``unsure``. The dataclasses
below are the one schema: pydantic validates the file against them, and a bad file is
refused with a :class:`~knowledge.data_files.CatalogueError` that says where and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
)

from knowledge import DATA_DIR
from knowledge.data_files import CatalogueError, read_yaml

GUIDES_FILE = DATA_DIR / "volunteer_guides.yml"
_CONFIG = ConfigDict(extra="forbid")


def _text(value: Any) -> Any:
    """Text read from YAML, trimmed, with blank text treated as missing."""
    if isinstance(value, str):
        value = " ".join(value.split())
        return value or None
    return value


def _https(value: str) -> str:
    if not value.startswith("https://") or any(c.isspace() for c in value):
        raise ValueError("must be an https:// link")
    return value


def _slug(value: str) -> str:
    if not value.isascii() or not value.replace("_", "").isalnum() or value != value.lower():
        raise ValueError("must be lower-case ascii letters, digits and _")
    return value


Text = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
Slug = Annotated[str, AfterValidator(_slug)]
HttpsUrl = Annotated[str, BeforeValidator(_text), AfterValidator(_https)]
SourceKeys = Annotated[tuple[Slug, ...], Field(min_length=1)]


@dataclass(frozen=True)
class GuideSource:
    """Where facts of a guide come from, and what that page says."""

    __pydantic_config__ = _CONFIG

    key: Slug
    url: HttpsUrl
    publisher: Text
    seen_on: dt.date
    says: Text


@dataclass(frozen=True)
class GuideItem:
    """One sentence of a guide (a step, something to know first, a note) and the keys
    of the sources that back it; ``unsure`` when they do not state it firmly."""

    __pydantic_config__ = _CONFIG

    text: Text
    sources: SourceKeys
    unsure: bool = False


@dataclass(frozen=True)
class Guide:
    """A numbered how-to for volunteers: what to know first, the steps, notes."""

    __pydantic_config__ = _CONFIG

    slug: Slug
    title: Text
    sources: Annotated[tuple[GuideSource, ...], Field(min_length=1)]
    steps: Annotated[tuple[GuideItem, ...], Field(min_length=1)]
    before: tuple[GuideItem, ...] = ()
    notes: tuple[GuideItem, ...] = ()

    def __post_init__(self) -> None:
        keys = [s.key for s in self.sources]
        if len(set(keys)) != len(keys):
            raise ValueError("a source key appears twice")
        for part in ("before", "steps", "notes"):
            for number, item in enumerate(getattr(self, part)):
                unknown = [k for k in item.sources if k not in keys]
                if unknown:
                    raise ValueError(
                        f"{part}[{number}] names source(s) {', '.join(unknown)} "
                        f"not listed in this guide's sources ({', '.join(keys)})"
                    )

    def source(self, key: str) -> GuideSource:
        return next(s for s in self.sources if s.key == key)

    def sources_of(self, item: GuideItem) -> tuple[GuideSource, ...]:
        """The sources backing one item, in the order the item names them."""
        return tuple(self.source(key) for key in item.sources)

    @property
    def source_url(self) -> str:
        """The guide's first (main) source."""
        return self.sources[0].url

    @property
    def seen_on(self) -> dt.date:
        """The day the guide's sources were last read."""
        return max(s.seen_on for s in self.sources)


GUIDE = TypeAdapter(Guide)


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:3]:
        loc = ".".join(str(p) for p in error["loc"] if not str(p).startswith("function-"))
        message = error["msg"]
        if error["type"] == "missing" and loc.rsplit(".", 1)[-1] == "sources":
            message = "is missing: every guide lists its sources and every item names one"
        elif error["type"] == "too_short" and loc.rsplit(".", 1)[-1] == "sources":
            message = "is empty: every guide lists its sources and every item names one"
        elif error["type"] == "unexpected_keyword_argument":
            message = "is not a known field"
        elif error["type"] == "string_type" and error.get("input") is None:
            message = "is empty"
        message = message.removeprefix("Value error, ")
        parts.append(f"'{loc}' {message}" if loc else message)
    return "; ".join(parts)


def validate_guides(raw: Any, path: str = "volunteer guides") -> tuple[Guide, ...]:
    """Validate the file's content (a mapping with a ``guides`` list); slugs are unique."""
    if not isinstance(raw, dict) or not isinstance(raw.get("guides"), list):
        raise CatalogueError(path, "file", "expected a top-level 'guides' list")
    guides: list[Guide] = []
    for number, item in enumerate(raw["guides"]):
        where = f"guides[{number}]"
        if not isinstance(item, dict):
            raise CatalogueError(path, where, "each guide must be a mapping")
        if isinstance(item.get("slug"), str):
            where += f" ({item['slug']})"
        try:
            guides.append(GUIDE.validate_python(item))
        except ValidationError as exc:
            raise CatalogueError(path, where, _describe(exc)) from None
    slugs = [g.slug for g in guides]
    for slug in slugs:
        if slugs.count(slug) > 1:
            raise CatalogueError(path, slug, "slug appears twice")
    return tuple(guides)


def read_guides(path: Path = GUIDES_FILE) -> tuple[Guide, ...]:
    """Read and validate a guides file; a bad file raises :class:`CatalogueError`."""
    raw = read_yaml(path)
    return validate_guides(raw, str(path))


@cache
def default_guides() -> dict[str, Guide]:
    """The shipped guides by slug, in file order (read once per process)."""
    return {guide.slug: guide for guide in read_guides(GUIDES_FILE)}
