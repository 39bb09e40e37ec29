"""FAQ files: YAML with a top-level ``faq`` list, each item one ``FaqEntryData``.

``citizenbot kb import FILE`` reads them (``knowledge.catalogue`` tells them apart from
procedure files by that key); every entry is validated first and nothing is written
when one is invalid. Imported entries are published; an entry whose question text is
already stored updates that entry, so importing the same file twice changes nothing.
``kb export`` writes the published entries in the same shape (drafts and their history
live in the admin's revisions).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from knowledge.data_files import CatalogueError, read_yaml
from knowledge.faq.repository import FaqEntry, FaqRepository
from knowledge.faq.schema import FaqEntryData, field_errors
from knowledge.storage.db import Database

logger = logging.getLogger(__name__)

FAQ_KEY = "faq"
SEED_FAQ = Path(__file__).resolve().parent.parent / "data" / "faq.yml"


def top_level_key(path: Path) -> str | None:
    """The first top-level key of a YAML mapping, read without parsing the whole file
    (a procedure export can be large)."""
    try:
        with path.open(encoding="utf-8-sig") as fh:
            for line in fh:
                stripped = line.rstrip()
                if not stripped or stripped.startswith(("#", "---", "%")):
                    continue
                if line[0] in " \t-":
                    return None
                key, sep, _rest = stripped.partition(":")
                return key.strip().strip("'\"") if sep else None
    except (OSError, UnicodeDecodeError):
        return None
    return None


def validate_entries(items: Any, where: str = FAQ_KEY) -> list[FaqEntryData]:
    """Validate a list of FAQ entries; the first invalid one raises ``ValueError`` naming
    the entry and field, with the Vietnamese message the admin form shows."""
    if not isinstance(items, list):
        raise ValueError(f"{where}: expected a list of FAQ entries")
    entries = []
    seen: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        label = f"{where}[{number}]"
        if not isinstance(item, dict):
            raise ValueError(f"{label}: expected a mapping (question, answer, source_url, ...)")
        try:
            entry = FaqEntryData.model_validate(item)
        except ValidationError as exc:
            problems = "; ".join(
                f"{field or 'entry'}: {message}" for field, message in field_errors(exc).items()
            )
            raise ValueError(f"{label}: {problems}") from None
        if entry.question in seen:
            raise ValueError(
                f"{label}: question repeats {where}[{seen[entry.question]}]: {entry.question!r}"
            )
        seen[entry.question] = number
        entries.append(entry)
    return entries


def read_faq_file(path: Path) -> list[FaqEntryData]:
    """Parse and validate a whole FAQ file (raises CatalogueError saying where and why)."""
    data = read_yaml(path)
    if not isinstance(data, dict) or FAQ_KEY not in data:
        raise CatalogueError(str(path), "file", "expected a top-level 'faq' list")
    try:
        return validate_entries(data[FAQ_KEY])
    except ValueError as exc:
        where, _, problem = str(exc).partition(": ")
        raise CatalogueError(str(path), where, problem) from None


async def import_entries(db: Database, entries: list[FaqEntryData]) -> tuple[int, int]:
    """Publish ``entries`` in one transaction, keyed by question; (created, updated)."""
    created = updated = 0
    async with db.session() as session:
        repo = FaqRepository(session)
        for entry in entries:
            _id, new = await repo.import_published(entry)
            created += new
            updated += not new
    logger.info("imported %d FAQ entries (%d new)", len(entries), created)
    return created, updated


def entry_to_dict(entry: FaqEntry) -> dict[str, Any]:
    """An entry as a file holds it (fields without a value left out)."""
    return {k: v for k, v in entry.data.to_record().items() if v not in (None, [])}


async def published_entries(db: Database) -> list[FaqEntry]:
    async with db.session() as session:
        return await FaqRepository(session).published()


async def faq_is_empty(db: Database) -> bool:
    async with db.session() as session:
        return await FaqRepository(session).count() == 0
