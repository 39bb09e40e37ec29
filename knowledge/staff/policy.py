"""How long a staff session lasts and when repeated failures lock an account."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

# The repositories read the time only through a clock (tests pass a fake one).
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class StaffPolicy:
    """``idle_timeout_s``: a session unused this long ends; ``absolute_timeout_s``: any
    session ends this long after sign-in; ``lockout_failures`` wrong passwords in a row
    lock the account for ``lockout_s``."""

    idle_timeout_s: float = 30 * 60
    absolute_timeout_s: float = 12 * 3600
    lockout_failures: int = 5
    lockout_s: float = 15 * 60


DEFAULT_POLICY = StaffPolicy()
