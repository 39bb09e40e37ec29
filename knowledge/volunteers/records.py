"""Plain data about volunteers and their invitations."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from enum import StrEnum

INVITE_TOKEN_BYTES = 24  # 32 URL-safe characters: fits a deep link's 64-character limit
INVITE_DAYS = 7


class VolunteerStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REMOVED = "removed"


class InviteProblem(StrEnum):
    """Why an invitation cannot be used."""

    UNKNOWN = "unknown"  # forged, mistyped, or never made
    USED = "used"
    EXPIRED = "expired"


@dataclass(frozen=True)
class VolunteerRecord:
    id: int
    channel: str
    user_id: str
    chat_id: str
    province_key: str
    unit_key: str
    status: VolunteerStatus
    on_duty: bool
    joined_at: dt.datetime

    @property
    def active(self) -> bool:
        return self.status == VolunteerStatus.ACTIVE

    @property
    def ref(self) -> str:
        """How a claim names the volunteer (``HandoffRecord.claimer``)."""
        return f"v:{self.id}"


@dataclass(frozen=True)
class InviteRecord:
    id: int
    province_key: str
    unit_key: str
    created_by: str
    created_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None

    def problem(self, now: dt.datetime) -> InviteProblem | None:
        if self.used_at is not None:
            return InviteProblem.USED
        if now >= self.expires_at:
            return InviteProblem.EXPIRED
        return None


@dataclass(frozen=True)
class NewInvite:
    """An invitation just made: the token is shown once (only its hash is stored)."""

    token: str
    province_key: str
    unit_key: str
    expires_at: dt.datetime


def new_token() -> str:
    return secrets.token_urlsafe(INVITE_TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invite_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"
