"""Tables and files that staff hand us, read the same way everywhere.

Centre and hotline tables, the dossier file and the procedure catalogue all report a
problem as a :class:`CatalogueError` that says which file, where in it and what is
wrong, so the CLI and the admin show the same message.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from knowledge.yaml_data import load_yaml


class CatalogueError(Exception):
    """A catalogue file that cannot be imported; says where and why."""

    def __init__(self, path: str, where: str, problem: str) -> None:
        super().__init__(f"{path}: {where}: {problem}")
        self.path = path
        self.where = where
        self.problem = problem


def read_yaml(path: Path) -> Any:
    """A YAML file's content; unreadable or malformed, a CatalogueError saying so."""
    try:
        return load_yaml(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(str(path), "file", f"cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise CatalogueError(str(path), "file", f"not valid YAML: {exc}") from exc


def table_error(path: Path, where: str, problem: str) -> CatalogueError:
    return CatalogueError(str(path), where, problem)


def delimiter(path: Path) -> str:
    return "," if path.suffix.lower() == ".csv" else "\t"


def read_table(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the numbered rows of a TSV (tab) or CSV (comma, ``.csv``) file.

    Rows are numbered as a spreadsheet shows them (the header is row 1 and blank rows
    count); blank rows are skipped and cells stripped.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise table_error(path, "file", f"cannot read: {exc}") from exc
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(path)))
    except csv.Error as exc:
        raise table_error(path, "file", f"not a valid table: {exc}") from exc
    rows = [(n, r) for n, r in enumerate(table, start=1) if any(cell.strip() for cell in r)]
    if not rows:
        raise table_error(path, "file", "the file is empty (expected a header row)")
    header = [cell.strip() for cell in rows[0][1]]
    records = []
    for number, row in rows[1:]:
        if len(row) > len(header):
            raise table_error(
                path, f"row {number}", f"{len(row)} cells but the header has {len(header)}"
            )
        cells = [cell.strip() for cell in row] + [""] * (len(header) - len(row))
        records.append((number, dict(zip(header, cells, strict=True))))
    return header, records


def check_header(path: Path, header: list[str], required: Sequence[str], allowed: Sequence[str]):
    missing = [c for c in required if c not in header]
    if missing:
        raise table_error(path, "row 1", f"missing column(s): {', '.join(missing)}")
    unknown = [c for c in header if c not in allowed]
    if unknown:
        raise table_error(
            path,
            "row 1",
            f"unknown column(s): {', '.join(unknown)} (allowed: {', '.join(allowed)})",
        )
    if len(set(header)) != len(header):
        raise table_error(path, "row 1", "a column appears twice")
