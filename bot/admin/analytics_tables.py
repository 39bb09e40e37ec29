"""The analytics page's tables, shown and exported as CSV, and its Vietnamese words.

Numbers are shown as Vietnamese readers write them (1.234; 12,5%; dd/mm/yyyy). The CSV
(UTF-8 with a BOM, so Excel reads Vietnamese) holds the counts, ISO dates and texts; a
cell that a spreadsheet would read as a formula (= + - @ first) gets a ' first.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from flows.format import date
from knowledge.insights.analytics import Report
from knowledge.yaml_data import load_yaml

TEXTS_FILE = Path(__file__).resolve().parent / "analytics_texts.yml"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The tables, in the page's order (the export's ``table`` parameter names one).
TABLE_NAMES = ("days", "intents", "outcomes", "procedures", "faqs", "answers", "reasons", "inbox")


@cache
def labels() -> dict[str, Any]:
    """The page's Vietnamese texts (analytics_texts.yml)."""
    return load_yaml(TEXTS_FILE)


def name_of(group: str, key: str | None) -> str:
    """The Vietnamese name of an intent, outcome, reason, channel, ...; else the key."""
    key = key or ""
    return labels().get(group, {}).get(key, key)


# ---- numbers as Vietnamese readers write them -----------------------------------------------


def number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def percent(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.1f}".replace(".", ",") + "%"


def decimal(value: float | None, places: int = 3) -> str:
    return "—" if value is None else f"{value:.{places}f}".replace(".", ",")


def day_label(day: dt.date) -> str:
    return date(day)


# ---- tables (shown on the page and exported as CSV) -------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # its title is labels()["columns"][key]
    kind: str = "text"  # text, int, share (shown, not exported), day


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]

    @property
    def headers(self) -> list[str]:
        return [labels()["columns"][c.key] for c in self.columns]

    def shown(self) -> list[list[str]]:
        """The rows as the page shows them (Vietnamese numbers, dd/mm/yyyy)."""
        show = {"int": number, "share": percent, "day": day_label, "text": str}
        return [
            [show[c.kind](v) for c, v in zip(self.columns, row, strict=True)] for row in self.rows
        ]

    def csv_bytes(self) -> bytes:
        """UTF-8 with a BOM; counts, ISO dates and texts (shares are left out: they follow
        from the counts, and a decimal point means different things to Excel by locale)."""
        keep = [i for i, c in enumerate(self.columns) if c.kind != "share"]
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([csv_cell(self.headers[i]) for i in keep])
        for row in self.rows:
            writer.writerow([csv_cell(_raw(row[i])) for i in keep])
        return ("\ufeff" + out.getvalue()).encode("utf-8")


def _raw(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def csv_cell(text: str) -> str:
    """``text`` made safe for a spreadsheet: one that would start a formula gets a ' first."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Names:
    """How the page names channels, provinces and units (province and unit keys are
    named from the administrative map when it knows them)."""

    provinces: dict[str, str] = field(default_factory=dict)
    units: dict[tuple[str, str], str] = field(default_factory=dict)

    def province(self, key: str) -> str:
        return self.provinces.get(key, key)

    def unit(self, province_key: str, unit_key: str) -> str:
        return self.units.get((province_key, unit_key), unit_key)


def tables(found: Report) -> dict[str, Table]:
    """Every table of the page, by name (the ``table`` parameter of the export)."""
    sat = found.satisfaction
    C = Column
    return {
        "days": Table(
            "days",
            (
                C("day", "day"),
                C("conversations", "int"),
                C("turns", "int"),
                C("fallback", "int"),
                C("not_in_catalogue", "int"),
                C("handoff", "int"),
            ),
            tuple(
                (d.day, d.conversations, d.turns, d.fallback, d.not_in_catalogue, d.handoff)
                for d in found.days
            ),
        ),
        "intents": Table(
            "intents",
            (C("intent"), C("intent_key"), C("count", "int"), C("share", "share")),
            tuple((name_of("intents", c.key), c.key, c.count, c.share) for c in found.intents),
        ),
        "outcomes": Table(
            "outcomes",
            (C("outcome"), C("outcome_key"), C("count", "int"), C("share", "share")),
            tuple((name_of("outcomes", c.key), c.key, c.count, c.share) for c in found.outcomes),
        ),
        "procedures": Table(
            "procedures",
            (C("code"), C("procedure"), C("count", "int"), C("share", "share")),
            tuple((c.key, c.label, c.count, c.share) for c in found.procedures),
        ),
        "faqs": Table(
            "faqs",
            (C("faq_id"), C("question"), C("count", "int"), C("share", "share")),
            tuple((c.key, c.label, c.count, c.share) for c in found.faqs),
        ),
        "answers": Table(
            "answers",
            (
                C("kind"),
                C("answer"),
                C("helpful", "int"),
                C("unhelpful", "int"),
                C("satisfaction", "share"),
            ),
            tuple(
                (
                    name_of("answer_kinds", a.answer_kind),
                    f"{a.label} ({a.key})" if a.key and a.key != a.label else a.label,
                    a.helpful,
                    a.unhelpful,
                    a.helpful / (a.helpful + a.unhelpful) if a.helpful + a.unhelpful else None,
                )
                for a in sat.answers
            ),
        ),
        "reasons": Table(
            "reasons",
            (C("reason"), C("count", "int"), C("share", "share")),
            tuple((name_of("reasons", c.key), c.count, c.share) for c in sat.reasons),
        ),
        "inbox": Table(
            "inbox",
            (C("reason"), C("count", "int"), C("share", "share")),
            tuple((name_of("reasons", c.key), c.count, c.share) for c in found.inbox),
        ),
    }
