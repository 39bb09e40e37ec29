"""How the editing pages say what changed: their texts, the "before / after" table, and
what saving a form did (``Saved``; a stale form's ``conflict_message``).

A change table shows every field that differs, in Vietnamese: a list of phrasings one
per line; a procedure's channels, documents, steps and sources one numbered line per
row, each cell with its label ("Cách: Trực tiếp · Lệ phí (đồng): 8.000"), never the
stored keys ("fee_vnd: 8000", "case: null"); dates as dd/mm/yyyy; yes/no as có/không.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from flows.format import VIETNAM
from knowledge.editing import BASELINE_AUTHOR, RevisionRecord, changes
from knowledge.editing.forms import EditForm
from knowledge.yaml_data import load_yaml

TEXTS_FILE = Path(__file__).with_name("editing_texts.yml")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CELL_SEPARATOR = " · "


@cache
def words() -> dict[str, Any]:
    """The editing pages' texts (editing_texts.yml)."""
    return load_yaml(TEXTS_FILE)


def _scalar(name: str, value: Any) -> str:
    """One stored value as staff read it."""
    if isinstance(value, bool):
        return words()["headings"]["yes" if value else "no"]
    if isinstance(value, int) and name == "fee_vnd":
        return f"{value:,}".replace(",", ".")
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, str):
        return words()["choices"].get(name, {}).get(value, value)
    if isinstance(value, list):
        return "; ".join(_scalar(name, v) for v in value)
    return str(value)


def _row(entry: dict) -> str:
    """One row of a procedure's part: its filled cells, each with its label."""
    labels = words()["cells"]
    cells = [
        f"{labels.get(name, words()['fields'].get(name, name))}: {_scalar(name, value)}"
        for name, value in entry.items()
        if value not in (None, "", [])
    ]
    return _CELL_SEPARATOR.join(cells)


def shown(value: Any, name: str = "") -> str:
    """A stored value as text for the change table (escaped by the template)."""
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        return "\n".join(f"{number}. {_row(entry)}" for number, entry in enumerate(value, 1))
    if isinstance(value, list):
        return "\n".join(_scalar(name, v) for v in value)
    if isinstance(value, dict):
        return _row(value)
    return _scalar(name, value)


@dataclass(frozen=True)
class ChangeRow:
    field: str
    before: str
    after: str


def diff_rows(before: dict | None, after: dict | None) -> list[ChangeRow]:
    """The fields that differ, in the order the data lists them."""
    return [
        ChangeRow(c.field, shown(c.before, c.field), shown(c.after, c.field))
        for c in changes(before, after)
    ]


@dataclass(frozen=True)
class Saved:
    """What saving a form did: the draft's revision id and the item's key, or the form
    to show again with its errors, or with ``conflict`` (someone saved a change since
    the form was opened; nothing was saved). ``based_on`` is the version it was made from."""

    revision: int | None
    key: str | None
    form: EditForm
    errors: dict[str, str]
    based_on: int | None = None
    conflict: str | None = None


def conflict_message(newer: RevisionRecord | None) -> str:
    """What a staff member whose form went stale is told (who changed the item, when)."""
    if newer is None:
        return words()["errors"]["stale_form_unknown"]
    author = words()["baseline_author"] if newer.author == BASELINE_AUTHOR else newer.author
    when = newer.created_at.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y")
    return words()["errors"]["stale_form"].format(author=author, when=when)
