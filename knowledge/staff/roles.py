"""What a staff member may do: a role, ordered (an admin may do all an editor may)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.IntEnum):
    """Viewers read; editors write drafts; admins publish and manage staff."""

    VIEWER = 1
    EDITOR = 2
    ADMIN = 3

    @property
    def key(self) -> str:
        """The name stored in ``staff_accounts.role`` and typed on the command line."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Role:
        """The role named ``text`` ("admin", "editor", "viewer"), or ValueError."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(r.key for r in cls)
            raise ValueError(f"unknown role {text!r} (one of: {names})") from None


@dataclass(frozen=True)
class StaffMember:
    """The signed-in staff member a request speaks for."""

    id: int
    username: str
    role: Role
