"""Knowledge-base files in and out: the YAML catalogue and the centre/hotline tables.

A catalogue file is YAML with a top-level ``procedures`` list (see
``knowledge/data/procedures.yml``). Service centres and hotlines are TSV (or CSV)
tables, told apart by their header (see ``knowledge.centres``). Import validates
every record first and writes nothing when any record is invalid, so a typo never
half-updates the knowledge base.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge import centres
from knowledge.db import Database
from knowledge.procedures import (
    CHANNELS,
    ChannelInfo,
    DocumentInfo,
    ProcedureInfo,
    ProcedureRepository,
    StepInfo,
)

logger = logging.getLogger(__name__)

SEED_DIR = Path(__file__).parent / "data"
SEED_PROCEDURES = SEED_DIR / "procedures.yml"


class CatalogueError(Exception):
    """A catalogue file that cannot be imported; says where and why."""

    def __init__(self, path: str, where: str, problem: str) -> None:
        super().__init__(f"{path}: {where}: {problem}")
        self.path = path
        self.where = where
        self.problem = problem


KINDS = ("procedures", "centres", "hotlines")
_YAML_SUFFIXES = (".yml", ".yaml")
_TABLE_SUFFIXES = (".tsv", ".csv")


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    kind: str = "procedures"
    linked: int | None = None  # centres matched to a unit of the administrative map


def _opt_str(raw: dict, key: str, where: str, path: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        raise CatalogueError(path, where, f"'{key}' must be text")
    text = str(value).strip()
    return text or None


def _opt_int(raw: dict, key: str, where: str, path: str) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise CatalogueError(path, where, f"'{key}' must be a whole number ≥ 0 or null")
    return value


def _str_list(raw: dict, key: str, where: str, path: str) -> tuple[str, ...]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogueError(path, where, f"'{key}' must be a list of text")
    return tuple(v.strip() for v in value if v.strip())


def _date(raw: dict, where: str, path: str) -> dt.date:
    value = raw.get("verified_on")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise CatalogueError(path, where, "'verified_on' must be a date YYYY-MM-DD")


def _procedure(raw: Any, index: int, path: str) -> ProcedureInfo:
    where = f"procedures[{index}]"
    if not isinstance(raw, dict):
        raise CatalogueError(path, where, "each procedure must be a mapping")
    slug = _opt_str(raw, "slug", where, path)
    if not slug or not slug.replace("_", "").isalnum() or not slug.isascii():
        raise CatalogueError(path, where, "'slug' must be ascii letters, digits and _")
    where = f"procedures[{index}] ({slug})"
    name = _opt_str(raw, "name", where, path)
    source_url = _opt_str(raw, "source_url", where, path)
    if not name:
        raise CatalogueError(path, where, "'name' is required")
    if not source_url or not source_url.startswith(("http://", "https://")):
        raise CatalogueError(path, where, "'source_url' must be an http(s) URL")
    online_level = _opt_str(raw, "online_level", where, path)
    if online_level not in (None, "toàn trình", "một phần"):
        raise CatalogueError(path, where, "'online_level' must be 'toàn trình', 'một phần' or null")

    channels = []
    for c in raw.get("channels") or []:
        if not isinstance(c, dict) or c.get("channel") not in CHANNELS:
            raise CatalogueError(path, where, f"each channel must be one of {', '.join(CHANNELS)}")
        available = c.get("available")
        if available not in (None, True, False):
            raise CatalogueError(path, where, "'available' must be true, false or null")
        channels.append(
            ChannelInfo(
                channel=c["channel"],
                available=available,
                time=_opt_str(c, "time", where, path),
                fee_vnd=_opt_int(c, "fee_vnd", where, path),
                fee_note=_opt_str(c, "fee_note", where, path),
            )
        )
    if len({c.channel for c in channels}) != len(channels):
        raise CatalogueError(path, where, "a channel is listed twice")

    documents = []
    for d in raw.get("documents") or []:
        if not isinstance(d, dict) or not _opt_str(d, "name", where, path):
            raise CatalogueError(path, where, "each document needs a 'name'")
        documents.append(
            DocumentInfo(
                case=_opt_str(d, "case", where, path) or "Trường hợp chung",
                name=_opt_str(d, "name", where, path) or "",
                form=_opt_str(d, "form", where, path),
                original=_opt_int(d, "original", where, path),
                copies=_opt_int(d, "copies", where, path),
                note=_opt_str(d, "note", where, path),
            )
        )
    steps = []
    for s in raw.get("steps") or []:
        if not isinstance(s, dict) or not _opt_str(s, "text", where, path):
            raise CatalogueError(path, where, "each step needs a 'text'")
        steps.append(
            StepInfo(
                case=_opt_str(s, "case", where, path) or "Trường hợp chung",
                text=_opt_str(s, "text", where, path) or "",
            )
        )

    return ProcedureInfo(
        slug=slug,
        code=_opt_str(raw, "code", where, path),
        name=name,
        aliases=_str_list(raw, "aliases", where, path),
        field=_opt_str(raw, "field", where, path),
        level=_opt_str(raw, "level", where, path),
        agency=_opt_str(raw, "agency", where, path),
        who_may_apply=_opt_str(raw, "who_may_apply", where, path),
        online_level=online_level,
        portal_url=_opt_str(raw, "portal_url", where, path),
        result=_opt_str(raw, "result", where, path),
        conditions=_opt_str(raw, "conditions", where, path),
        legal_basis=_str_list(raw, "legal_basis", where, path),
        notes=_str_list(raw, "notes", where, path),
        channels=tuple(channels),
        documents=tuple(documents),
        steps=tuple(steps),
        source_url=source_url,
        verified_on=_date(raw, where, path),
    )


def read_procedures(path: Path) -> list[ProcedureInfo]:
    """Parse and validate a catalogue YAML file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(str(path), "file", f"cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise CatalogueError(str(path), "file", f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("procedures"), list):
        raise CatalogueError(str(path), "file", "expected a top-level 'procedures' list")
    infos = [_procedure(raw, i, str(path)) for i, raw in enumerate(data["procedures"])]
    seen: set[str] = set()
    for info in infos:
        if info.slug in seen:
            raise CatalogueError(str(path), info.slug, "slug appears twice")
        seen.add(info.slug)
    return infos


def procedure_to_dict(info: ProcedureInfo) -> dict:
    """The YAML shape of one procedure (inverse of the reader)."""
    return {
        "slug": info.slug,
        "code": info.code,
        "name": info.name,
        "aliases": list(info.aliases),
        "field": info.field,
        "level": info.level,
        "agency": info.agency,
        "who_may_apply": info.who_may_apply,
        "online_level": info.online_level,
        "portal_url": info.portal_url,
        "result": info.result,
        "conditions": info.conditions,
        "legal_basis": list(info.legal_basis),
        "notes": list(info.notes),
        "channels": [
            {
                "channel": c.channel,
                "available": c.available,
                "time": c.time,
                "fee_vnd": c.fee_vnd,
                "fee_note": c.fee_note,
            }
            for c in info.channels
        ],
        "documents": [
            {
                "case": d.case,
                "name": d.name,
                "form": d.form,
                "original": d.original,
                "copies": d.copies,
                "note": d.note,
            }
            for d in info.documents
        ],
        "steps": [{"case": s.case, "text": s.text} for s in info.steps],
        "source_url": info.source_url,
        "verified_on": info.verified_on,
    }


def import_kind(path: Path) -> str:
    """What a file holds: YAML is procedures; a table is told by its header."""
    suffix = path.suffix.lower()
    if suffix in _YAML_SUFFIXES:
        return "procedures"
    if suffix not in _TABLE_SUFFIXES:
        raise CatalogueError(str(path), "file", "expected a .yml, .yaml, .tsv or .csv file")
    header, _rows = centres.read_table(path)
    if "centre_name" in header:
        return "centres"
    if "number_or_contact" in header:
        return "hotlines"
    raise CatalogueError(
        str(path),
        "row 1",
        "cannot tell the table apart: a centres file has a 'centre_name' column, "
        "a hotlines file a 'number_or_contact' column",
    )


def export_kind(path: Path, kind: str | None = None) -> str:
    """What to export to ``path``: ``kind`` when given, else by extension (.yml, .tsv/.csv)."""
    suffix = path.suffix.lower()
    kind = kind or ("procedures" if suffix in _YAML_SUFFIXES else "centres")
    if kind not in KINDS:
        raise CatalogueError(str(path), "file", f"unknown kind {kind!r} ({', '.join(KINDS)})")
    if kind == "procedures" and suffix not in _YAML_SUFFIXES:
        raise CatalogueError(str(path), "file", "procedures are exported to a .yml file")
    if kind != "procedures" and suffix not in _TABLE_SUFFIXES:
        raise CatalogueError(str(path), "file", f"{kind} are exported to a .tsv or .csv file")
    return kind


async def import_file(db: Database, path: Path, verified_on: dt.date | None = None) -> ImportReport:
    """Validate ``path`` completely, then upsert its records in one transaction.

    ``verified_on`` is the date for table rows without their own ``verified_on``.
    """
    kind = await asyncio.to_thread(import_kind, path)
    if kind == "centres":
        return await _import_centres(db, path, verified_on)
    if kind == "hotlines":
        return await _import_hotlines(db, path, verified_on)
    infos = await asyncio.to_thread(read_procedures, path)
    async with db.session() as session:
        created, updated = await ProcedureRepository(session).upsert_many(infos)
    logger.info("imported %d procedures from %s (%d new)", len(infos), path, created)
    return ImportReport(created=created, updated=updated)


def _read_linked_centres(path: Path, verified_on: dt.date | None) -> list[centres.CentreInfo]:
    return centres.link_units(centres.read_centres(path, verified_on))


async def _import_centres(db: Database, path: Path, verified_on: dt.date | None) -> ImportReport:
    infos = await asyncio.to_thread(_read_linked_centres, path, verified_on)
    async with db.session() as session:
        created, updated = await centres.CentreRepository(session).upsert_centres(infos)
    linked = sum(1 for i in infos if i.unit_key is not None)
    logger.info(
        "imported %d centres from %s (%d new, %d linked to units)",
        len(infos),
        path,
        created,
        linked,
    )
    return ImportReport(created=created, updated=updated, kind="centres", linked=linked)


async def _import_hotlines(db: Database, path: Path, verified_on: dt.date | None) -> ImportReport:
    infos = await asyncio.to_thread(centres.read_hotlines, path, verified_on)
    async with db.session() as session:
        created, updated = await centres.CentreRepository(session).upsert_hotlines(infos)
    logger.info("imported %d hotlines from %s (%d new)", len(infos), path, created)
    return ImportReport(created=created, updated=updated, kind="hotlines")


async def export_file(db: Database, path: Path, kind: str | None = None) -> int:
    """Write one kind of record to ``path`` (see ``export_kind``); returns the number written."""
    kind = export_kind(path, kind)
    if kind != "procedures":
        return await _export_table(db, path, kind)
    async with db.session() as session:
        infos = await ProcedureRepository(session).list()
    data = {"procedures": [procedure_to_dict(i) for i in infos]}
    await asyncio.to_thread(_write_yaml, path, data)
    return len(infos)


async def _export_table(db: Database, path: Path, kind: str) -> int:
    async with db.session() as session:
        repo = centres.CentreRepository(session)
        if kind == "centres":
            columns = centres.CENTRE_COLUMNS
            rows = [centres.centre_to_row(i) for i in await repo.list_centres()]
        else:
            columns = centres.HOTLINE_COLUMNS
            rows = [centres.hotline_to_row(i) for i in await repo.list_hotlines()]
    await asyncio.to_thread(centres.write_table, path, columns, rows)
    logger.info("exported %d %s to %s", len(rows), kind, path)
    return len(rows)


def _write_yaml(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


async def seed_if_empty(db: Database) -> bool:
    """Load the shipped catalogue, centres and hotlines into empty tables (first start).

    Returns True when anything was seeded. Each table is seeded on its own, so a
    database created before centres existed gets them on its next start.
    """
    async with db.session() as session:
        has_procedures = bool(await ProcedureRepository(session).count())
        repo = centres.CentreRepository(session)
        has_centres = bool(await repo.count())
        has_hotlines = bool(await repo.count_hotlines())
    if not has_procedures:
        await import_file(db, SEED_PROCEDURES)
    if not has_centres:
        await import_file(db, centres.SEED_CENTRES, centres.SEED_VERIFIED_ON)
    if not has_hotlines:
        await import_file(db, centres.SEED_HOTLINES, centres.SEED_VERIFIED_ON)
    return not (has_procedures and has_centres and has_hotlines)
