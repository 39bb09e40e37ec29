"""Vietnamese number and date formats: 20.000 đồng, 22/11/2026."""

from __future__ import annotations

import datetime as dt


def money(vnd: int) -> str:
    """Amount in đồng with dots between thousands."""
    return f"{vnd:,}".replace(",", ".") + " đồng"


def date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")
