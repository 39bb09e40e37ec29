"""When staff answer: the configured office windows, in Vietnam time."""

from __future__ import annotations

import datetime as dt

from flows.config import OfficeWindow
from flows.format import VIETNAM


def next_opening(now: dt.datetime, windows: tuple[OfficeWindow, ...]) -> dt.datetime | None:
    """None while a window is open; else when the next one opens (Vietnam time).
    No windows at all: None (staff are taken to answer at any time)."""
    if not windows:
        return None
    local = now.astimezone(VIETNAM)
    minute = local.hour * 60 + local.minute
    for days in range(0, 8):
        day = local.date() + dt.timedelta(days=days)
        for window in sorted((w for w in windows if w.weekday == day.weekday()), key=_start):
            if days == 0 and window.start <= minute < window.end:
                return None
            if days > 0 or window.start > minute:
                start = dt.datetime.combine(day, dt.time(), VIETNAM)
                return start + dt.timedelta(minutes=window.start)
    return None


def _start(window: OfficeWindow) -> int:
    return window.start
