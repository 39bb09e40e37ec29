"""Plain data about requests for a person and the messages relayed within them."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from enum import StrEnum

NUMBER_LOW, NUMBER_HIGH = 100_000, 999_999  # a request's public number: 6 random digits


class RequestStatus(StrEnum):
    OPEN = "open"  # waiting for someone to claim it
    CLAIMED = "claimed"  # a volunteer or a staff member is talking with the citizen
    CLOSED = "closed"


class Sender(StrEnum):
    CITIZEN = "citizen"
    VOLUNTEER = "volunteer"
    STAFF = "staff"


@dataclass(frozen=True)
class TranscriptLine:
    """One line of what was said before the request (redacted): ``who`` is ``citizen``
    or ``bot``."""

    who: str
    text: str


@dataclass(frozen=True)
class HandoffRecord:
    id: int
    number: int
    channel: str
    user_id: str
    chat_id: str
    province_key: str
    unit_key: str
    reason: str
    transcript: tuple[TranscriptLine, ...]
    status: RequestStatus
    opened_at: dt.datetime
    claimed_at: dt.datetime | None = None
    claimer: str | None = None
    escalated_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    rating: int | None = None

    @property
    def claimed_by_volunteer(self) -> int | None:
        """The volunteer's id when a volunteer holds the request."""
        if self.claimer and self.claimer.startswith("v:") and self.claimer[2:].isdigit():
            return int(self.claimer[2:])
        return None

    @property
    def claimed_by_staff(self) -> str | None:
        if self.claimer and self.claimer.startswith("s:"):
            return self.claimer[2:]
        return None


def draw_number() -> int:
    return NUMBER_LOW + secrets.randbelow(NUMBER_HIGH - NUMBER_LOW + 1)


@dataclass(frozen=True)
class NewRequest:
    """A request to open (its number is drawn here; a clash makes the turn run again)."""

    channel: str
    user_id: str
    chat_id: str
    province_key: str
    unit_key: str
    reason: str
    transcript: tuple[TranscriptLine, ...] = ()
    number: int = field(default_factory=lambda: draw_number())


@dataclass(frozen=True)
class RelayedMessage:
    id: int
    request_id: int
    sender: Sender
    author: str | None
    text: str
    created_at: dt.datetime
