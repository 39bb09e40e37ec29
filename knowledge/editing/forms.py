"""Edit forms as plain data: an item's data <-> the text of its form's fields.

A form holds only text (what a browser sends). For a procedure, scalar fields are one
input each, lists (aliases, legal basis, notes) one line per item, and the repeated
parts — channels with their own time and fee, documents and steps per case, secondary
sources — one row of inputs per entry, named ``channels-3-fee_vnd``. Blank rows are
dropped; :func:`error_fields` moves the schema's error paths (``channels.0.fee_vnd``)
back onto the row the staff member typed in.

Types are the schema's business: text goes to it as typed, except numbers written the
Vietnamese way ("50.000", "0,5") and yes/no choices, which are converted here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from knowledge.places.centre_schema import CentreData, HotlineData

PROCEDURE_SCALARS = (
    "slug",
    "code",
    "name",
    "source_url",
    "verified_on",
    "field",
    "level",
    "agency",
    "authority",
    "submit_address",
    "who_may_apply",
    "online_level",
    "portal_url",
    "result",
    "conditions",
    "decision",
    "source_kind",
    "popularity",
    "commune_centre",
)
PROCEDURE_LISTS = ("aliases", "legal_basis", "notes")
SECTIONS: dict[str, tuple[str, ...]] = {
    "channels": ("channel", "case", "available", "time", "fee_vnd", "fee_note"),
    "documents": ("case", "name", "form", "original", "copies", "note"),
    "steps": ("case", "text"),
    "sources": ("url", "label", "facts"),
}
INTEGER_CELLS = frozenset({"fee_vnd", "original", "copies"})
YES_NO_FIELDS = frozenset({"available", "commune_centre"})
LINE_CELLS = frozenset({"facts"})
EXTRA_ROWS = 2  # blank rows offered under each part for new entries

FAQ_FIELDS = (
    "question",
    "variants",
    "answer",
    "source_url",
    "procedure_code",
    "province_key",
    "unit_key",
    "verified_on",
)
CENTRE_FIELDS = tuple(CentreData.model_fields)
HOTLINE_FIELDS = tuple(HotlineData.model_fields)
FLAT_FIELDS = {"faq": FAQ_FIELDS, "centre": CENTRE_FIELDS, "hotline": HOTLINE_FIELDS}

_ROW_FIELD = re.compile(r"^(channels|documents|steps|sources)-(\d{1,3})-([a-z_]+)$")
_INTEGER = re.compile(r"^\d{1,3}([., \u00a0]\d{3})+$|^\d+$")
_MAX_ROWS = 200


@dataclass(frozen=True)
class EditForm:
    """The text of every field of one edit form (``rows``: a procedure's repeated parts)."""

    values: dict[str, str]
    rows: dict[str, list[dict[str, str]]]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, list | tuple):
        return "\n".join(_text(v) for v in value)
    return str(value)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _blank_rows(section: str) -> list[dict[str, str]]:
    return [dict.fromkeys(SECTIONS[section], "") for _ in range(EXTRA_ROWS)]


def form_of(kind: str, data: dict | None) -> EditForm:
    """The form showing ``data`` (an empty form for None), with blank rows to add to."""
    data = data or {}
    if kind != "procedure":
        return EditForm({f: _text(data.get(f)) for f in FLAT_FIELDS[kind]}, {})
    values = {f: _text(data.get(f)) for f in (*PROCEDURE_SCALARS, *PROCEDURE_LISTS)}
    rows = {
        section: [{c: _text(entry.get(c)) for c in cells} for entry in data.get(section) or ()]
        + _blank_rows(section)
        for section, cells in SECTIONS.items()
    }
    return EditForm(values, rows)


def form_posted(kind: str, form: Mapping[str, Any]) -> EditForm:
    """The form as the browser sent it (to show again with its errors)."""

    def get(name: str) -> str:
        value = form.get(name, "")
        return value.replace("\r\n", "\n") if isinstance(value, str) else ""

    if kind != "procedure":
        return EditForm({f: get(f) for f in FLAT_FIELDS[kind]}, {})
    values = {f: get(f) for f in (*PROCEDURE_SCALARS, *PROCEDURE_LISTS)}
    numbers: dict[str, set[int]] = {s: set() for s in SECTIONS}
    for name in form:
        found = _ROW_FIELD.match(name)
        if found and found.group(3) in SECTIONS[found.group(1)]:
            numbers[found.group(1)].add(int(found.group(2)))
    rows = {}
    for section, cells in SECTIONS.items():
        typed = [{c: get(f"{section}-{n}-{c}") for c in cells} for n in sorted(numbers[section])][
            :_MAX_ROWS
        ]
        rows[section] = typed
    return EditForm(values, rows)


def _number(text: str) -> int | str:
    if _INTEGER.match(text):
        return int(re.sub(r"[., \u00a0]", "", text))
    return text  # the schema says what is wrong with it


def _decimal(text: str) -> float | str:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


def _choice(text: str) -> bool | str | None:
    return {"": None, "yes": True, "no": False}.get(text, text)


def _cell(name: str, text: str) -> Any:
    text = text.strip()
    if name in YES_NO_FIELDS:
        return _choice(text)
    if name in LINE_CELLS:
        return _lines(text)
    if not text:
        return None
    if name in INTEGER_CELLS:
        return _number(text)
    return text


@dataclass(frozen=True)
class FormData:
    """What a form means: the data for the schema, and where each row went.

    ``rows`` maps a schema path ("channels.0") to the form's row ("channels-3")."""

    data: dict
    rows: dict[str, str]


def data_of(kind: str, form: EditForm) -> FormData:
    """The item's data from its form (the schema validates it next)."""
    if kind != "procedure":
        return FormData(dict(form.values), {})
    data: dict[str, Any] = {}
    for name in PROCEDURE_SCALARS:
        text = form.values.get(name, "").strip()
        if name in YES_NO_FIELDS:
            data[name] = _choice(text)
        elif text:
            data[name] = _decimal(text) if name == "popularity" else text
    for name in PROCEDURE_LISTS:
        data[name] = _lines(form.values.get(name, ""))
    where: dict[str, str] = {}
    for section, cells in SECTIONS.items():
        entries = []
        for number, row in enumerate(form.rows.get(section, [])):
            if not any(row.get(c, "").strip() for c in cells):
                continue
            where[f"{section}.{len(entries)}"] = f"{section}-{number}"
            entry = {c: _cell(c, row.get(c, "")) for c in cells}
            entries.append({k: v for k, v in entry.items() if v is not None})
        data[section] = entries
    return FormData(data, where)


def error_fields(errors: Mapping[str, str], rows: Mapping[str, str]) -> dict[str, str]:
    """The schema's errors keyed by form field: "channels.0.fee_vnd" -> "channels-3-fee_vnd",
    "aliases.2" -> "aliases", "variants.1" -> "variants"."""
    result: dict[str, str] = {}
    for path, message in errors.items():
        parts = path.split(".")
        if len(parts) >= 2 and parts[0] in SECTIONS and f"{parts[0]}.{parts[1]}" in rows:
            row = rows[f"{parts[0]}.{parts[1]}"]
            name = f"{row}-{parts[2]}" if len(parts) > 2 else row
        else:
            name = parts[0]
        result.setdefault(name, message)
    return result
