"""Vietnamese number and date formats: 20.000 đồng, 22/11/2026."""

from __future__ import annotations

import datetime as dt


def number(value: int) -> str:
    """A count with dots between thousands, as Vietnamese writes it: "5.199"."""
    return f"{value:,}".replace(",", ".")


def money(vnd: int) -> str:
    """Amount in đồng with dots between thousands."""
    return number(vnd) + " đồng"


def date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is exact.
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")


def date_time(moment: dt.datetime) -> str:
    """``dd/mm/yyyy HH:MM`` in Vietnam time (naive datetimes are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
