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
import re
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
# A top-level key's line: the key, plain or quoted, a colon, then nothing or a space
# and the rest ("faq:", "faq: []", '"faq": # ...').
_TOP_LEVEL_KEY = re.compile(
    r"""(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<plain>[^\s:"'][^:]*?))\s*:(?:\s.*)?"""
)


class InvalidFaqEntries(ValueError):
    """A list of FAQ entries that cannot be imported: ``where`` names the entry
    ("faq[2]", or the list), ``problem`` says why."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


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
                found = _TOP_LEVEL_KEY.fullmatch(stripped)
                if found is None:
                    return None
                return next(k for k in found.group("double", "single", "plain") if k is not None)
    except (OSError, UnicodeDecodeError):
        return None
    return None


def validate_entries(items: Any, where: str = FAQ_KEY) -> list[FaqEntryData]:
    """Validate a list of FAQ entries; the first invalid one raises ``InvalidFaqEntries``
    naming the entry and field, with the Vietnamese message the admin form shows."""
    if not isinstance(items, list):
        raise InvalidFaqEntries(where, "expected a list of FAQ entries")
    entries = []
    seen: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        label = f"{where}[{number}]"
        if not isinstance(item, dict):
            raise InvalidFaqEntries(label, "expected a mapping (question, answer, source_url, ...)")
        try:
            entry = FaqEntryData.model_validate(item)
        except ValidationError as exc:
            problems = "; ".join(
                f"{field or 'entry'}: {message}" for field, message in field_errors(exc).items()
            )
            raise InvalidFaqEntries(label, problems) from None
        if entry.question in seen:
            raise InvalidFaqEntries(
                label, f"question repeats {where}[{seen[entry.question]}]: {entry.question!r}"
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
    except InvalidFaqEntries as exc:
        raise CatalogueError(str(path), exc.where, exc.problem) from None


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
