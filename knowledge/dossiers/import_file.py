"""The centre's dossier file: parsed and validated whole before anything is written.

CSV (``.csv``) or TSV with a header row; ``code`` and ``status`` are required, the
columns of :data:`IMPORT_COLUMNS` are read, anything else is ignored and never stored
(personal columns such as ``ho_ten``, ``cccd``, ``so_dien_thoai`` are reported by name
only). The first problem found raises ``CatalogueError`` naming the row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from knowledge.data_files import CatalogueError, read_table
from knowledge.dossiers.codes import EXAMPLE_CODE, normalize_code
from knowledge.dossiers.records import STATUS_NAMES

# Columns of a dossier import file. Anything else is ignored and never stored.
IMPORT_REQUIRED_COLUMNS = ("code", "status")
IMPORT_COLUMNS = (
    "code",
    "procedure_code",
    "procedure_name",
    "status",
    "received_on",
    "appointment_on",
    "agency",
    "note",
    "missing_documents",
)
_MAX_LEN = {"procedure_code": 40, "procedure_name": 300, "agency": 300, "note": 2000}


@dataclass(frozen=True)
class ImportRow:
    """One dossier of the file, its code canonical."""

    code: str
    status: int
    values: dict  # column -> value, for the optional columns present in the file


def _date(raw: str) -> dt.date:
    """The date of a cell: ISO (YYYY-MM-DD), or dd/mm/yyyy as spreadsheets in Vietnam
    often write it; ``ValueError`` for anything else or a day that does not exist."""
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return dt.datetime.strptime(raw, "%d/%m/%Y").date()


def read_dossier_file(path: Path) -> tuple[list[ImportRow], tuple[str, ...]]:
    """Parse and validate a dossier file: (rows, names of the ignored columns).

    Raises ``CatalogueError`` with the row number for the first problem found.
    """
    header, table = read_table(path)
    if len(set(header)) != len(header):
        raise CatalogueError(str(path), "row 1", "a column appears twice")
    missing = [c for c in IMPORT_REQUIRED_COLUMNS if c not in header]
    if missing:
        raise CatalogueError(
            str(path),
            "row 1",
            f"missing column(s): {', '.join(missing)} (columns: {', '.join(IMPORT_COLUMNS)})",
        )
    present = [c for c in IMPORT_COLUMNS if c in header and c not in IMPORT_REQUIRED_COLUMNS]
    ignored = tuple(c for c in header if c not in IMPORT_COLUMNS)
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    for number, cells in table:
        where = f"row {number}"
        raw_code = cells.get("code", "")
        code = normalize_code(raw_code)
        if code is None:
            raise CatalogueError(
                str(path),
                where,
                f"'code' is not a dossier code: {raw_code!r} (example: {EXAMPLE_CODE})",
            )
        where = f"row {number} ({code})"
        if code in seen:
            raise CatalogueError(str(path), where, f"same dossier code as row {seen[code]}")
        seen[code] = number
        raw_status = cells.get("status", "")
        if not raw_status.isdigit() or int(raw_status) not in STATUS_NAMES:
            raise CatalogueError(
                str(path), where, f"'status' must be a number from 1 to 10, not {raw_status!r}"
            )
        values: dict = {}
        for column in present:
            raw = cells.get(column, "")
            if column in ("received_on", "appointment_on"):
                try:
                    values[column] = _date(raw) if raw else None
                except ValueError:
                    raise CatalogueError(
                        str(path),
                        where,
                        f"'{column}' must be a date YYYY-MM-DD or DD/MM/YYYY, not {raw!r}",
                    ) from None
            elif column == "missing_documents":
                values[column] = [d.strip() for d in raw.replace("\n", ";").split(";") if d.strip()]
            else:
                limit = _MAX_LEN.get(column)
                if limit and len(raw) > limit:
                    raise CatalogueError(
                        str(path), where, f"'{column}' is longer than {limit} characters"
                    )
                values[column] = raw or None
        received, due = values.get("received_on"), values.get("appointment_on")
        if received and due and due < received:
            raise CatalogueError(str(path), where, "'appointment_on' is before 'received_on'")
        rows.append(ImportRow(code=code, status=int(raw_status), values=values))
    return rows, ignored
