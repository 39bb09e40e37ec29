"""Knowledge-base files in and out: the YAML catalogue and the centre/hotline tables.

A catalogue file is YAML with a top-level ``procedures`` list (see
``knowledge/data/procedures.yml``); an FAQ file YAML with a top-level ``faq`` list (see
``knowledge.faq.files``). Service centres and hotlines are TSV (or CSV)
tables, told apart by their header (see ``knowledge.places.centre_tables``). Import validates
every record first and writes nothing when any record is invalid, so a typo never
half-updates the knowledge base.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import gzip
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge import DATA_DIR
from knowledge.data_files import CatalogueError, read_table
from knowledge.editing.generation import bump_generation
from knowledge.faq import files as faq_files
from knowledge.places import centre_tables, centres
from knowledge.procedures.records import (
    Catalogue,
    ProcedureInfo,
    RecordError,
    record_to_dict,
    validate_records,
)
from knowledge.procedures.repository import ProcedureRepository
from knowledge.storage.db import Database
from knowledge.storage.leases import LeaseRepository, worker_name
from knowledge.yaml_data import load_yaml, parse_yaml

logger = logging.getLogger(__name__)

SEED_LEASE = "seed"
SEED_LEASE_TTL = dt.timedelta(minutes=5)  # a seeder that died is replaced after this
SEED_WAIT_S = 0.5

SEED_DIR = DATA_DIR
SEED_PROCEDURES = SEED_DIR / "procedures.yml"
SEED_NATIONAL = SEED_DIR / "national_catalogue.json.gz"
EVERYDAY_ALIASES = SEED_DIR / "everyday_aliases.yml"


KINDS = ("procedures", "centres", "hotlines", "faq")
_YAML_KINDS = ("procedures", "faq")
_YAML_SUFFIXES = (".yml", ".yaml")
_JSON_SUFFIXES = (".json", ".json.gz")
_TABLE_SUFFIXES = (".tsv", ".csv")


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    kind: str = "procedures"
    linked: int | None = None  # centres matched to a unit of the administrative map


def _read_data(path: Path) -> Any:
    """A catalogue file's content: YAML (.yml/.yaml) or JSON, optionally gzip-compressed."""
    name = path.name.lower()
    try:
        if name.endswith(".gz"):
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                text = fh.read()
        else:
            text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise CatalogueError(str(path), "file", f"cannot read: {exc}") from exc
    try:
        if name.endswith(_JSON_SUFFIXES):
            return json.loads(text)
        return parse_yaml(text)
    except (yaml.YAMLError, ValueError) as exc:
        raise CatalogueError(str(path), "file", f"not valid YAML/JSON: {exc}") from exc


def read_procedures(path: Path) -> list[ProcedureInfo]:
    """Parse and validate a whole catalogue file (the first bad record stops it)."""
    data = _read_data(path)
    if not isinstance(data, dict) or not isinstance(data.get("procedures"), list):
        raise CatalogueError(str(path), "file", "expected a top-level 'procedures' list")
    try:
        return validate_records(data["procedures"])
    except RecordError as exc:
        raise CatalogueError(str(path), exc.where, exc.problem) from None


def everyday_aliases(path: Path = EVERYDAY_ALIASES) -> dict[str, tuple[str, ...]]:
    """National code -> everyday phrasings citizens use for it (``everyday_aliases.yml``)."""
    if not path.exists():
        return {}
    data = load_yaml(path) or {}
    result = {}
    for code, entry in (data.get("aliases") or {}).items():
        phrasings = (entry or {}).get("phrasings") or ()
        result[str(code)] = tuple(str(p).strip() for p in phrasings if str(p).strip())
    return result


def with_everyday_aliases(
    infos: list[ProcedureInfo], phrasings: dict[str, tuple[str, ...]]
) -> list[ProcedureInfo]:
    """National records gain the everyday phrasings of their code as aliases
    (curated records keep the aliases written in them)."""
    result = []
    for info in infos:
        extra = phrasings.get(info.code or "", ())
        if extra and not info.is_curated:
            aliases = tuple(dict.fromkeys((*info.aliases, *extra)))
            info = dataclasses.replace(info, aliases=aliases)
        result.append(info)
    return result


def phrasings_missing(catalogue: Catalogue, phrasings: dict[str, tuple[str, ...]]) -> int:
    """How many of ``phrasings`` (``everyday_aliases``) the catalogue's national records
    lack. A database is seeded once: a release's new phrasings reach it only through
    ``kb import`` of the national catalogue."""
    missing = 0
    for info in catalogue.all():
        if not info.is_curated:
            have = set(info.aliases)
            missing += sum(1 for p in phrasings.get(info.code or "", ()) if p not in have)
    return missing


def import_kind(path: Path) -> str:
    """What a file holds: YAML with a top-level ``faq`` list is FAQ entries, other YAML
    and JSON procedures; a table is told by its header."""
    suffix = path.suffix.lower()
    if path.name.lower().endswith(_YAML_SUFFIXES):
        return "faq" if faq_files.top_level_key(path) == faq_files.FAQ_KEY else "procedures"
    if path.name.lower().endswith(_JSON_SUFFIXES):
        return "procedures"
    if suffix not in _TABLE_SUFFIXES:
        raise CatalogueError(
            str(path), "file", "expected a .yml, .yaml, .json(.gz), .tsv or .csv file"
        )
    header, _rows = read_table(path)
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
    if kind in _YAML_KINDS and suffix not in _YAML_SUFFIXES:
        raise CatalogueError(str(path), "file", f"{kind} are exported to a .yml file")
    if kind not in _YAML_KINDS and suffix not in _TABLE_SUFFIXES:
        raise CatalogueError(str(path), "file", f"{kind} are exported to a .tsv or .csv file")
    return kind


async def import_file(db: Database, path: Path, verified_on: dt.date | None = None) -> ImportReport:
    """Validate ``path`` completely, then upsert its records in one transaction.

    ``verified_on`` is the date for table rows without their own ``verified_on``.
    """
    report = await _import_file(db, path, verified_on)
    # Running processes pick the change up (bot/live_knowledge.py).
    async with db.session() as session:
        await bump_generation(session)
    return report


async def _import_file(db: Database, path: Path, verified_on: dt.date | None) -> ImportReport:
    kind = await asyncio.to_thread(import_kind, path)
    if kind == "centres":
        return await _import_centres(db, path, verified_on)
    if kind == "hotlines":
        return await _import_hotlines(db, path, verified_on)
    if kind == "faq":
        entries = await asyncio.to_thread(faq_files.read_faq_file, path)
        created, updated = await faq_files.import_entries(db, entries)
        return ImportReport(created=created, updated=updated, kind="faq")
    infos = await asyncio.to_thread(read_procedures, path)
    infos = with_everyday_aliases(infos, await asyncio.to_thread(everyday_aliases))
    async with db.session() as session:
        created, updated = await ProcedureRepository(session).upsert_many(infos)
    logger.info("imported %d procedures from %s (%d new)", len(infos), path, created)
    return ImportReport(created=created, updated=updated)


def _read_linked_centres(path: Path, verified_on: dt.date | None) -> list[centres.CentreInfo]:
    return centres.link_units(centre_tables.read_centres(path, verified_on))


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
    infos = await asyncio.to_thread(centre_tables.read_hotlines, path, verified_on)
    async with db.session() as session:
        created, updated = await centres.CentreRepository(session).upsert_hotlines(infos)
    logger.info("imported %d hotlines from %s (%d new)", len(infos), path, created)
    return ImportReport(created=created, updated=updated, kind="hotlines")


async def export_file(db: Database, path: Path, kind: str | None = None) -> int:
    """Write one kind of record to ``path`` (see ``export_kind``); returns the number written."""
    kind = export_kind(path, kind)
    if kind == "faq":
        faq = await faq_files.published_entries(db)
        data = {faq_files.FAQ_KEY: [faq_files.entry_to_dict(e) for e in faq]}
        await asyncio.to_thread(_write_yaml, path, data)
        return len(faq)
    if kind != "procedures":
        return await _export_table(db, path, kind)
    async with db.session() as session:
        infos = await ProcedureRepository(session).list()
    data = {"procedures": [record_to_dict(i) for i in infos]}
    await asyncio.to_thread(_write_yaml, path, data)
    return len(infos)


async def _export_table(db: Database, path: Path, kind: str) -> int:
    async with db.session() as session:
        repo = centres.CentreRepository(session)
        if kind == "centres":
            columns = centre_tables.CENTRE_COLUMNS
            rows = [centre_tables.centre_to_row(i) for i in await repo.list_centres()]
        else:
            columns = centre_tables.HOTLINE_COLUMNS
            rows = [centre_tables.hotline_to_row(i) for i in await repo.list_hotlines()]
    await asyncio.to_thread(centre_tables.write_table, path, columns, rows)
    logger.info("exported %d %s to %s", len(rows), kind, path)
    return len(rows)


def _write_yaml(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


async def seed_if_empty(db: Database) -> bool:
    """Load the shipped catalogue, centres, hotlines and FAQ into empty tables (first start).

    Returns True when anything was seeded. Each table is seeded on its own, so a
    database created before centres existed gets them on its next start. Several
    processes starting together on a new database seed it once: the one holding the
    ``seed`` lease does, the others wait for it and then find it seeded.
    """
    holder = worker_name()
    # another process is seeding: no event crosses processes, so look again shortly
    while not await _hold_seed_lease(db, holder):  # noqa: ASYNC110
        await asyncio.sleep(SEED_WAIT_S)
    try:
        return await _seed_empty_tables(db)
    finally:
        async with db.session() as session:
            await LeaseRepository(session).release(SEED_LEASE, holder)


async def _hold_seed_lease(db: Database, holder: str) -> bool:
    async with db.session() as session:
        now = dt.datetime.now(dt.UTC)
        return await LeaseRepository(session).hold(SEED_LEASE, holder, now, SEED_LEASE_TTL)


async def _seed_empty_tables(db: Database) -> bool:
    async with db.session() as session:
        procedures = ProcedureRepository(session)
        has_national = bool(await procedures.count("portal_crawl"))
        has_curated = bool(await procedures.count("curated"))
        repo = centres.CentreRepository(session)
        has_centres = bool(await repo.count())
        has_hotlines = bool(await repo.count_hotlines())
    has_faq = not await faq_files.faq_is_empty(db)
    # Each layer on its own: a database made before the national catalogue gets it now.
    if not has_national and SEED_NATIONAL.exists():
        await import_file(db, SEED_NATIONAL)
    if not has_curated:
        await import_file(db, SEED_PROCEDURES)
    if not has_centres:
        await import_file(db, centre_tables.SEED_CENTRES, centre_tables.SEED_VERIFIED_ON)
    if not has_hotlines:
        await import_file(db, centre_tables.SEED_HOTLINES, centre_tables.SEED_VERIFIED_ON)
    if not has_faq and faq_files.SEED_FAQ.exists():
        await import_file(db, faq_files.SEED_FAQ)
    return not (has_national and has_curated and has_centres and has_hotlines and has_faq)
