"""/admin/analytics: how much the bot is used and how well it answers, for viewers.

GET /admin/analytics shows, for a range of days (default: the last 30, today included)
and optionally one channel, province and unit: conversations and turns per day, the
fallback / "not in catalogue" / handoff rates per day, top intents, outcomes, top
procedures and FAQ entries, satisfaction (share of 👍) and the inbox by reason — as SVG
charts drawn on the server (bot.admin.charts, in a worker thread) and as tables. Each
table is a CSV at GET /admin/analytics/export.csv?table=NAME&from=...&to=... (UTF-8 with
a BOM, so Excel reads Vietnamese; a cell starting with = + - @ is prefixed with ').

The page's last section, "Đánh giá NLU", reads what ``citizenbot nlu test ... --out
reports/NAME`` wrote (``reports/*/report.json`` under the project, or app[REPORTS_DIR]):
per-intent F1, the confusion matrix, and the procedure-retrieval figures of a set
labelled with procedure codes (with ``dialogue.json`` when run with ``--dialogue``).

The figures come from knowledge.insights.analytics; the tables, their CSV and the
Vietnamese words from bot.admin.analytics_tables (texts in analytics_texts.yml).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlencode

from aiohttp import web

from bot.admin import charts
from bot.admin.analytics_tables import (
    TABLE_NAMES,
    Names,
    day_label,
    decimal,
    labels,
    name_of,
    number,
    percent,
    tables,
)
from bot.admin.guard import ADMIN
from bot.admin.render import render
from bot.admin.routing import AdminRoute, Role, StaffMember
from flows.format import date_time
from knowledge.insights.analytics import (
    MAX_DAYS,
    VIETNAM,
    Choices,
    Report,
    Scope,
    choices,
    report,
)

logger = logging.getLogger(__name__)

PAGE = "/admin/analytics"
EXPORT = "/admin/analytics/export.csv"
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_DAYS = 30
QUICK_DAYS = (7, 30, 90)
TOP = 10  # rows of each ranking on the page
EXPORT_TOP = 1000  # rows of each ranking in a CSV
MAX_FILTER_CHARS = 100

# Where `citizenbot nlu test --out reports/NAME` writes (tests point it elsewhere).
REPORTS_DIR = web.AppKey("analytics_reports_dir", Path)
DEFAULT_REPORTS_DIR = PROJECT_ROOT / "reports"
REPORT_FILE = "report.json"
DIALOGUE_FILE = "dialogue.json"


# ---- the range and filters from the query string -----------------------------------------


def today_of(request: web.Request) -> dt.date:
    """Today in Vietnam, by the admin's clock (tests fix it)."""
    return request.app[ADMIN].clock().astimezone(VIETNAM).date()


def _filter_value(query, name: str) -> str | None:
    value = query.get(name, "").strip()
    return value[:MAX_FILTER_CHARS] or None


def parse_scope(query, today: dt.date) -> tuple[Scope, str | None]:
    """The scope the query asks for, or the default one and why the query's was refused."""
    filters = {
        "channel": _filter_value(query, "channel"),
        "province_key": _filter_value(query, "province"),
        "unit_key": _filter_value(query, "unit"),
    }
    default = Scope(today - dt.timedelta(days=DEFAULT_DAYS - 1), today, **filters)
    errors = labels()["form"]["errors"]
    start_text, end_text = query.get("from", "").strip(), query.get("to", "").strip()
    if not start_text and not end_text:
        return default, None
    try:
        start = dt.date.fromisoformat(start_text) if start_text else default.start
        end = dt.date.fromisoformat(end_text) if end_text else default.end
    except ValueError:
        return default, errors["date"].format(days=DEFAULT_DAYS)
    if end < start:
        return default, errors["order"].format(days=DEFAULT_DAYS)
    if (end - start).days + 1 > MAX_DAYS:
        return default, errors["too_long"].format(max=MAX_DAYS, days=DEFAULT_DAYS)
    return replace(default, start=start, end=end), None


def scope_query(scope: Scope, **extra: str) -> str:
    """The query string that asks for ``scope`` (and ``extra``)."""
    params = {"from": scope.start.isoformat(), "to": scope.end.isoformat()}
    for name, value in (
        ("channel", scope.channel),
        ("province", scope.province_key),
        ("unit", scope.unit_key),
    ):
        if value:
            params[name] = value
    return urlencode({**params, **extra})


# ---- the last NLU evaluation -------------------------------------------------------------


@dataclass(frozen=True)
class NluReport:
    """One ``reports/NAME/report.json`` as the page shows it."""

    name: str
    path: str
    error: str | None = None
    written: str = ""
    data_file: str | None = None
    figures: tuple[tuple[str, str], ...] = ()
    per_intent: tuple[tuple[str, str, str, str, str, str], ...] = ()
    labels: tuple[str, ...] = ()
    confusion: tuple[tuple[int, ...], ...] = ()
    retrieval: tuple[tuple[str, str], ...] = ()
    dialogue: tuple[tuple[str, str], ...] = ()
    confusion_svg: str = ""


def _written(data: dict, path: Path) -> str:
    """When the report was written: its own ``written_at`` if it has one, else the file's
    modification time, as a date in Vietnam."""
    stamp = data.get("written_at")
    try:
        moment = dt.datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except ValueError:
        moment = None
    if moment is None:
        moment = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    return date_time(moment)


def _dialogue_shares(folder: Path) -> tuple[tuple[str, str], ...]:
    path = folder / DIALOGUE_FILE
    if not path.is_file():
        return ()
    rows = json.loads(path.read_text(encoding="utf-8"))
    counts = Counter(r.get("outcome", "other") for r in rows if isinstance(r, dict))
    total = sum(counts.values())
    names = labels()["nlu"]["dialogue_outcomes"]
    keys = list(names) + sorted(set(counts) - set(names))
    return tuple(
        (names.get(k, k), f"{percent(counts[k] / total)} ({counts[k]}/{total})")
        for k in keys
        if counts[k]
    )


def _one_report(path: Path) -> NluReport:
    texts = labels()["nlu"]
    name = path.parent.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        per_intent = data.get("per_intent", {})
        matrix = tuple(tuple(int(v) for v in row) for row in data.get("confusion_matrix", []))
        figures = [
            (texts["n"], number(int(data["n"]))),
            (texts["accuracy"], decimal(data.get("accuracy"))),
            (texts["macro_f1"], decimal(data.get("macro_f1"))),
            (texts["weighted_f1"], decimal(data.get("weighted_f1"))),
            (texts["fallback_rate"], percent(data.get("fallback_rate"))),
            (texts["backend"], str(data.get("backend", ""))),
            (texts["threshold"], decimal(data.get("threshold"), 2)),
        ]
        retrieval = []
        if "procedure_top1" in data:
            for key in ("procedure_n", "procedure_n_in_catalogue"):
                retrieval.append((texts[key], number(int(data.get(key) or 0))))
            for key in ("procedure_top1", "procedure_top3"):
                retrieval.append((texts[key], decimal(data.get(key))))
            for key in (
                "not_in_catalogue_rate",
                "not_in_catalogue_rate_when_known",
                "not_in_catalogue_rate_when_unknown",
            ):
                retrieval.append((texts[key], percent(data.get(key))))
        return NluReport(
            name=name,
            path=str(path),
            written=_written(data, path),
            data_file=data.get("data_file"),
            figures=tuple(figures),
            per_intent=tuple(
                (
                    name_of("intents", k),
                    k,
                    decimal(v["precision"]),
                    decimal(v["recall"]),
                    decimal(v["f1"]),
                    number(int(v["support"])),
                )
                for k, v in sorted(per_intent.items(), key=lambda kv: (kv[1]["f1"], kv[0]))
            ),
            labels=tuple(str(x) for x in data.get("labels", [])),
            confusion=matrix,
            retrieval=tuple(retrieval),
            dialogue=_dialogue_shares(path.parent),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        logger.warning("could not read the NLU report %s: %s", path, exc)
        return NluReport(name=name, path=str(path), error=texts["unreadable"].format(path=path))


def read_nlu_reports(folder: Path) -> list[NluReport]:
    """Every ``folder/NAME/report.json``, by name, each with its confusion matrix drawn
    (blocking: files and drawing; run it in a worker thread)."""
    if not folder.is_dir():
        return []
    texts = labels()["nlu"]
    found = []
    for path in sorted(folder.glob(f"*/{REPORT_FILE}")):
        one = _one_report(path)
        if one.confusion and len(one.confusion) == len(one.labels):
            svg = charts.matrix(one.labels, one.confusion, texts["predicted"], texts["expected"])
            one = replace(one, confusion_svg=svg)
        found.append(one)
    return found


# ---- charts ------------------------------------------------------------------------------


def draw(found: Report, names: dict[str, str]) -> dict[str, str]:
    """The page's charts as inline SVG, by name (blocking: run it in a worker thread)."""
    days = [d.day for d in found.days]
    words = labels()["charts"]

    def per_day(attribute: str) -> charts.Series:
        return charts.Series(
            words[attribute],
            tuple(getattr(d, attribute) / d.turns if d.turns else None for d in found.days),
        )

    procedures = [f"{c.label} ({c.key})" if c.label != c.key else c.key for c in found.procedures]
    return {
        "daily": charts.bars_by_day(
            days,
            charts.Series(words["turns"], tuple(d.turns for d in found.days)),
            charts.Series(words["conversations"], tuple(d.conversations for d in found.days)),
            words["count"],
        ),
        "rates": charts.lines_by_day(
            days,
            [per_day("fallback"), per_day("not_in_catalogue"), per_day("handoff")],
            words["share"],
        ),
        "intents": charts.horizontal_bars(
            [names.get(c.key, c.key) for c in found.intents],
            [c.count for c in found.intents],
            words["turns"],
        ),
        "procedures": charts.horizontal_bars(
            procedures, [c.count for c in found.procedures], words["turns"]
        ),
        "faqs": charts.horizontal_bars(
            [c.label for c in found.faqs], [c.count for c in found.faqs], words["turns"]
        ),
    }


# ---- handlers ----------------------------------------------------------------------------


def _with_chosen(seen: Choices, scope: Scope) -> Choices:
    """The filters' choices: what the range holds, plus what is chosen even if not."""
    channels, provinces, units = list(seen.channels), list(seen.provinces), list(seen.units)
    if scope.channel and scope.channel not in channels:
        channels.append(scope.channel)
    if scope.province_key and scope.province_key not in provinces:
        provinces.append(scope.province_key)
    if scope.unit_key and scope.unit_key not in {u for _, u in units}:
        units.append((scope.province_key or "", scope.unit_key))
    return Choices(tuple(channels), tuple(provinces), tuple(units))


def _options(request: web.Request, offered: Choices) -> dict[str, list[tuple[str, str]]]:
    """(value, label) of each filter's options; provinces and units named from the map."""
    from bot.web import SERVICES  # here: bot.web imports the admin

    admin_map = request.app[SERVICES].admin_map
    names = Names()
    for key in offered.provinces:
        if (province := admin_map.province(key)) is not None:
            names.provinces[key] = province.name
    for province_key, unit_key in offered.units:
        if province_key and (unit := admin_map.unit(province_key, unit_key)) is not None:
            names.units[(province_key, unit_key)] = unit.name
    return {
        "channels": [(c, name_of("channels", c)) for c in offered.channels],
        "provinces": [(p, names.province(p)) for p in offered.provinces],
        "units": [
            (u, f"{names.unit(p, u)} — {names.province(p)}" if p else u) for p, u in offered.units
        ],
    }


def _cards(found: Report) -> list[tuple[str, str, str]]:
    words, totals, sat = labels()["summary"], found.totals, found.satisfaction

    def of_turns(share: float | None) -> str:
        return words["of_turns"].format(share=percent(share))

    return [
        (words["conversations"], number(totals.conversations), ""),
        (words["turns"], number(totals.turns), ""),
        (words["people"], number(totals.people), ""),
        (words["fallback"], number(totals.fallback), of_turns(totals.fallback_rate)),
        (
            words["not_in_catalogue"],
            number(totals.not_in_catalogue),
            of_turns(totals.not_in_catalogue_rate),
        ),
        (words["handoff"], number(totals.handoff), of_turns(totals.handoff_rate)),
        (
            words["satisfaction"],
            percent(sat.share),
            words["of_feedback"].format(n=number(sat.total)),
        ),
    ]


async def analytics_page(request: web.Request, staff: StaffMember) -> web.Response:
    today = today_of(request)
    scope, error = parse_scope(request.query, today)
    async with request.app[ADMIN].db.session() as session:
        found = await report(session, scope, top=TOP)
        seen = await choices(session, scope.start, scope.end)
    intent_names = labels()["intents"]
    folder = request.app.get(REPORTS_DIR, DEFAULT_REPORTS_DIR)
    drawn, nlu_reports = await asyncio.gather(
        asyncio.to_thread(draw, found, intent_names),
        asyncio.to_thread(read_nlu_reports, folder),
    )
    all_tables = tables(found)
    form = labels()["form"]
    context = {
        "a": labels(),
        "scope": scope,
        "error": error,
        "range_text": form["range"].format(
            start=day_label(scope.start), end=day_label(scope.end), days=scope.days
        ),
        "quick": [
            (
                form["last_days"].format(n=n),
                f"{PAGE}?"
                + scope_query(replace(scope, start=today - dt.timedelta(days=n - 1), end=today)),
            )
            for n in QUICK_DAYS
        ],
        **_options(request, _with_chosen(seen, scope)),
        "cards": _cards(found),
        "charts": drawn,
        "tables": {name: (t.headers, t.shown()) for name, t in all_tables.items()},
        "exports": {name: f"{EXPORT}?" + scope_query(scope, table=name) for name in all_tables},
        "satisfaction_note": not found.satisfaction.unit_filtered,
        "nlu_dir": str(folder),
        "nlu_reports": nlu_reports,
    }
    return render(request, "analytics.html", context)


async def export_csv(request: web.Request, staff: StaffMember) -> web.Response:
    name = request.query.get("table", "")
    scope, error = parse_scope(request.query, today_of(request))
    if error is not None or name not in TABLE_NAMES:
        raise web.HTTPBadRequest()
    async with request.app[ADMIN].db.session() as session:
        found = await report(session, scope, top=EXPORT_TOP)
    table = tables(found)[name]
    filename = f"thong-ke-{name}-{scope.start.isoformat()}-{scope.end.isoformat()}.csv"
    logger.info("analytics export %s by %s", name, staff.username)
    return web.Response(
        body=table.csv_bytes(),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


ROUTES = [
    AdminRoute("GET", PAGE, analytics_page, Role.VIEWER),
    AdminRoute("GET", EXPORT, export_csv, Role.VIEWER),
]
