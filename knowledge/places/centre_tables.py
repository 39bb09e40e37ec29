"""The centre and hotline tables: reading, validating and writing their TSV/CSV files.

The shipped seed (``knowledge/data/centres.tsv`` and ``hotlines.tsv``) is the domain
brief's files plus rows added later, each with its own source page and ``verified_on``
date. A file is validated whole before anything is written, and every record keeps its
``source_url`` and ``verified_on`` so the bot can show both.

The hotline file also carries province-wide facts about a city's centres that belong to
no single centre. A row whose ``service`` starts with "Giờ làm việc" is such a fact about
opening hours (``HotlineInfo.is_hours``): its ``number_or_contact`` holds the statement
and ``details`` its caveat; it is never listed as a number to call.

The ``caution`` and ``describes_place`` flags of a centre are derived from its row when it
is read, never typed by hand (see :mod:`knowledge.places.centres`).

Each row is validated by the pydantic models of :mod:`knowledge.places.centre_schema`,
the same ones the admin's edit forms use (one schema for both).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from knowledge import DATA_DIR
from knowledge.data_files import check_header, delimiter, read_table, table_error
from knowledge.places.centre_schema import CentreData, HotlineData, centre_info, hotline_info
from knowledge.places.centres import CentreInfo, HotlineInfo

SEED_DIR = DATA_DIR
SEED_CENTRES = SEED_DIR / "centres.tsv"
SEED_HOTLINES = SEED_DIR / "hotlines.tsv"

# The shipped files have no verified_on column: their facts were checked when the domain
# brief's data was taken into the project, so that date stands for every seed row.
SEED_VERIFIED_ON = dt.date(2026, 11, 22)

CENTRE_REQUIRED_COLUMNS = (
    "province",
    "new_unit",
    "centre_name",
    "address",
    "phone",
    "hours",
    "source_url",
    "note",
)
CENTRE_COLUMNS = (*CENTRE_REQUIRED_COLUMNS, "lat", "lon", "verified_on")
HOTLINE_REQUIRED_COLUMNS = (
    "scope",
    "service",
    "number_or_contact",
    "details",
    "source_url",
    "note",
)
HOTLINE_COLUMNS = (*HOTLINE_REQUIRED_COLUMNS, "verified_on")

# The file's column of a schema field, where the names differ.
_COLUMN_OF = {"unit_name": "new_unit", "contact": "number_or_contact"}
_CENTRE_FIELDS = {field: _COLUMN_OF.get(field, field) for field in CentreData.model_fields}
_HOTLINE_FIELDS = {field: _COLUMN_OF.get(field, field) for field in HotlineData.model_fields}


def _validated(schema, fields, row, number, label, default, path):
    """One row through its schema (the same one the admin's form uses)."""
    where = f"row {number} ({row[label]})" if row.get(label) else f"row {number}"
    values = {field: row.get(column, "") for field, column in fields.items()}
    if not values["verified_on"]:
        if default is None:
            raise table_error(path, where, "'verified_on' is empty and no default date was given")
        values["verified_on"] = default
    try:
        return schema.model_validate(values)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else ""
        column = fields.get(field, field)
        problem = f"'{column}' {error['msg']}" if column else error["msg"]
        raise table_error(path, where, problem) from None


def _centre(row: dict[str, str], number: int, default: dt.date | None, path: Path) -> CentreInfo:
    data = _validated(CentreData, _CENTRE_FIELDS, row, number, "centre_name", default, path)
    return centre_info(data)


def read_centres(path: Path, verified_on: dt.date | None = None) -> list[CentreInfo]:
    """Parse and validate a centres file; ``verified_on`` fills rows without a date."""
    header, rows = read_table(path)
    check_header(path, header, CENTRE_REQUIRED_COLUMNS, CENTRE_COLUMNS)
    numbered = [(n, _centre(row, n, verified_on, path)) for n, row in rows]
    seen: dict[tuple[str, str, str], int] = {}
    for number, info in numbered:
        key = (info.province, info.unit_name, info.centre_name)
        if key in seen:
            raise table_error(path, f"row {number}", f"same centre as row {seen[key]}: {key[2]}")
        seen[key] = number
    return [info for _number, info in numbered]


def _hotline(row: dict[str, str], number: int, default: dt.date | None, path: Path):
    data = _validated(HotlineData, _HOTLINE_FIELDS, row, number, "service", default, path)
    return hotline_info(data)


def read_hotlines(path: Path, verified_on: dt.date | None = None) -> list[HotlineInfo]:
    """Parse and validate a hotlines file; ``verified_on`` fills rows without a date."""
    header, rows = read_table(path)
    check_header(path, header, HOTLINE_REQUIRED_COLUMNS, HOTLINE_COLUMNS)
    numbered = [(n, _hotline(row, n, verified_on, path)) for n, row in rows]
    seen: dict[tuple[str, str], int] = {}
    for number, info in numbered:
        key = (info.scope, info.service)
        if key in seen:
            raise table_error(path, f"row {number}", f"same hotline as row {seen[key]}: {key[1]}")
        seen[key] = number
    return [info for _number, info in numbered]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def centre_to_row(info: CentreInfo) -> dict[str, str]:
    """The file shape of one centre (inverse of the reader)."""
    values = {
        "province": info.province,
        "new_unit": info.unit_name,
        "centre_name": info.centre_name,
        "address": info.address,
        "phone": info.phone,
        "hours": info.hours,
        "source_url": info.source_url,
        "note": info.note,
        "lat": info.lat,
        "lon": info.lon,
        "verified_on": info.verified_on,
    }
    return {k: _cell(v) for k, v in values.items()}


def hotline_to_row(info: HotlineInfo) -> dict[str, str]:
    """The file shape of one hotline (inverse of the reader)."""
    values = {
        "scope": info.scope,
        "service": info.service,
        "number_or_contact": info.contact,
        "details": info.details,
        "source_url": info.source_url,
        "note": info.note,
        "verified_on": info.verified_on,
    }
    return {k: _cell(v) for k, v in values.items()}


def write_table(path: Path, columns: Sequence[str], rows: Sequence[dict[str, str]]) -> None:
    """Write rows as TSV, or CSV when ``path`` ends in ``.csv``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=list(columns), delimiter=delimiter(path), lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
