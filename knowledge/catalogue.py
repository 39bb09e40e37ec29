"""Knowledge-base files in and out: the YAML catalogue staff edit and import.

A catalogue file is YAML with a top-level ``procedures`` list (see
``knowledge/data/procedures.yml``). Import validates every record first and
writes nothing when any record is invalid, so a typo never half-updates the
knowledge base.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

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


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    kind: str = "procedures"


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


async def import_file(db: Database, path: Path) -> ImportReport:
    """Validate ``path`` completely, then upsert its records in one transaction."""
    infos = await asyncio.to_thread(read_procedures, path)
    async with db.session() as session:
        created, updated = await ProcedureRepository(session).upsert_many(infos)
    logger.info("imported %d procedures from %s (%d new)", len(infos), path, created)
    return ImportReport(created=created, updated=updated)


async def export_file(db: Database, path: Path) -> int:
    """Write the whole catalogue to ``path`` as YAML; returns the number of records."""
    async with db.session() as session:
        infos = await ProcedureRepository(session).list()
    data = {"procedures": [procedure_to_dict(i) for i in infos]}
    await asyncio.to_thread(_write_yaml, path, data)
    return len(infos)


def _write_yaml(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


async def seed_if_empty(db: Database) -> bool:
    """Load the shipped catalogue into an empty database (first start)."""
    async with db.session() as session:
        if await ProcedureRepository(session).count():
            return False
    await import_file(db, SEED_PROCEDURES)
    return True
