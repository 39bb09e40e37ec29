"""Small charts for the admin pages, drawn on the server as SVG with matplotlib.

Each function takes plain numbers and labels and returns an ``<svg>`` element to put
inline in a page. matplotlib writes every text with ``&``, ``<`` and ``>`` escaped, so a
label staff typed (an FAQ question) stays text; ``$`` is escaped here too, so such a
label is never read as matplotlib's math notation.

Drawing blocks (tens of milliseconds): call these from a worker thread
(``asyncio.to_thread``), never directly inside a coroutine. No pyplot: each chart is a
bare ``Figure``, so nothing is shared between threads but the settings, which are set
under a lock for the time of one drawing.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import math
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure

# Text as <text> elements (not glyph outlines): smaller, selectable, read by screen readers.
_RC = {
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
}
_LOCK = threading.Lock()

WIDTH_IN = 7.2  # inches, at 72 pt each: about 520 px wide before the page scales it
LABEL_CHARS = 48  # longer bar labels are cut with "…"

BLUE = "#2b6cb0"
LIGHT_BLUE = "#9cc3e6"
PALETTE = ("#c05621", "#2f855a", "#6b46c1", "#b83280", "#2b6cb0")


@dataclass(frozen=True)
class Series:
    """One named line or set of bars; ``None`` is a gap (no data that day)."""

    label: str
    values: tuple[float | None, ...]


def plain_label(text: str, width: int = LABEL_CHARS) -> str:
    """``text`` on one line, at most ``width`` characters, with no math notation."""
    line = " ".join(str(text).split())
    if len(line) > width:
        line = line[: width - 1].rstrip() + "…"
    return line.replace("$", r"\$")


_NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_STYLE = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^<>]*>[^<]*</style>")


def _attributes(style: re.Match) -> str:
    pairs = (part.split(":", 1) for part in style.group(1).split(";") if ":" in part)
    return "".join(f' {name.strip()}="{html.escape(value.strip())}"' for name, value in pairs)


def presentation_attributes(svg: str) -> str:
    """``svg`` with each ``style="fill: ...; stroke: ..."`` written as SVG attributes
    (``fill="..." stroke="..."``) and no ``<style>`` element: the admin's
    Content-Security-Policy (``style-src 'self'``) ignores inline styles, not attributes.
    Only tags are rewritten (text is escaped, so it holds no ``<``)."""
    svg = _STYLE_ELEMENT.sub("", svg)
    return _TAG.sub(lambda tag: _STYLE.sub(_attributes, tag.group(0)), svg)


def _svg(fig: Figure) -> str:
    """The figure as an inline ``<svg>`` element (no XML prolog, no metadata)."""
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata=_NO_METADATA, bbox_inches="tight")
    text = out.getvalue()
    return presentation_attributes(text[text.index("<svg") :].strip())


def _draw(height_in: float, paint, grid: str = "y", width_in: float = WIDTH_IN) -> str:
    with _LOCK, matplotlib.rc_context(_RC):
        fig = Figure(figsize=(width_in, height_in))
        ax = fig.subplots()
        paint(ax)
        if grid != "none":
            ax.grid(axis=grid, alpha=0.3, linewidth=0.6)
        ax.set_axisbelow(True)
        return _svg(fig)


def _day_ticks(ax, days: Sequence[dt.date]) -> None:
    step = max(1, math.ceil(len(days) / 12))
    positions = list(range(0, len(days), step))
    ax.set_xticks(positions, labels=[days[i].strftime("%d/%m") for i in positions])
    ax.set_xlim(-0.6, len(days) - 0.4)


def bars_by_day(
    days: Sequence[dt.date], bars: Series, line: Series | None = None, ylabel: str = ""
) -> str:
    """Bars per day (e.g. turns) with an optional line over them (e.g. conversations);
    the x axis reads dd/mm. An empty string when every value is zero or missing."""
    if not days or not any(bars.values) and not (line and any(line.values)):
        return ""

    def paint(ax) -> None:
        xs = range(len(days))
        ax.bar(xs, [v or 0 for v in bars.values], color=LIGHT_BLUE, label=plain_label(bars.label))
        if line is not None:
            ys = [math.nan if v is None else v for v in line.values]
            ax.plot(xs, ys, color=BLUE, marker="o", markersize=3, label=plain_label(line.label))
        _day_ticks(ax, days)
        ax.set_ylim(bottom=0)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel(plain_label(ylabel))
        ax.legend(
            loc="lower left", bbox_to_anchor=(0, 1.02), borderaxespad=0, frameon=False, ncols=2
        )

    return _draw(2.8, paint)


def lines_by_day(days: Sequence[dt.date], series: Sequence[Series], ylabel: str = "") -> str:
    """Shares per day as percentages (values are fractions 0..1; ``None`` leaves a gap).
    An empty string when no series has a value."""
    if not days or not any(v is not None for s in series for v in s.values):
        return ""

    def paint(ax) -> None:
        xs = range(len(days))
        for colour, one in zip(PALETTE, series, strict=False):
            ys = [math.nan if v is None else 100 * v for v in one.values]
            ax.plot(xs, ys, color=colour, marker="o", markersize=3, label=plain_label(one.label))
        _day_ticks(ax, days)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter("{x:.0f}%")
        ax.set_ylabel(plain_label(ylabel))
        ax.legend(
            loc="lower left",
            bbox_to_anchor=(0, 1.02),
            borderaxespad=0,
            frameon=False,
            ncols=len(series),
        )

    return _draw(2.8, paint)


def horizontal_bars(labels: Sequence[str], values: Sequence[float], xlabel: str = "") -> str:
    """A ranking, first at the top, each bar with its value; labels cut to
    ``LABEL_CHARS``. An empty string when there is nothing to rank."""
    if not labels:
        return ""

    def paint(ax) -> None:
        ys = range(len(labels))
        bars = ax.barh(ys, values, color=BLUE, height=0.6)
        ax.set_yticks(ys, labels=[plain_label(t) for t in labels])
        ax.invert_yaxis()
        ax.bar_label(bars, padding=3, fmt="{:,.0f}")
        ax.set_xlim(0, max(values, default=0) * 1.15 or 1)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel(plain_label(xlabel))

    return _draw(0.32 * len(labels) + 0.9, paint, grid="x")


def matrix(
    labels: Sequence[str], values: Sequence[Sequence[int]], xlabel: str = "", ylabel: str = ""
) -> str:
    """A confusion matrix: rows are the expected labels, columns the predicted ones,
    each cell shaded by its count and showing it when not zero."""
    if not labels:
        return ""
    n = len(labels)
    peak = max((max(row, default=0) for row in values), default=0) or 1
    names = [plain_label(t, 28) for t in labels]

    def paint(ax) -> None:
        ax.pcolormesh(values, cmap="Blues", vmin=0, vmax=peak, edgecolors="white", linewidth=0.5)
        ax.set_xticks([i + 0.5 for i in range(n)], labels=names, rotation=60, ha="right")
        ax.set_yticks([i + 0.5 for i in range(n)], labels=names)
        ax.invert_yaxis()
        ax.tick_params(length=0)
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                if value:
                    colour = "white" if value > peak / 2 else "black"
                    ax.text(
                        j + 0.5,
                        i + 0.5,
                        str(value),
                        ha="center",
                        va="center",
                        color=colour,
                        fontsize=7,
                    )
        ax.set_xlabel(plain_label(xlabel))
        ax.set_ylabel(plain_label(ylabel))
        for spine in ax.spines.values():
            spine.set_visible(False)

    side = min(WIDTH_IN, 0.3 * n + 2.2)
    return _draw(side, paint, grid="none", width_in=side + 1.0)
