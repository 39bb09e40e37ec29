"""What every admin page module declares: its routes, each with the role it needs.

A page module exposes ``ROUTES: list[AdminRoute]``; ``bot.admin.setup_admin`` registers
each behind one wrapper (``bot.admin.guard``) that loads the staff member's session,
checks the CSRF token on every non-GET/HEAD request and the role, and only then calls
``handler(request, staff)``. Handlers never re-check these.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from knowledge.staff.roles import Role, StaffMember

__all__ = [
    "ADMIN_PREFIX",
    "LOGIN_PATH",
    "LOGOUT_PATH",
    "AdminRoute",
    "Handler",
    "Role",
    "StaffMember",
]

ADMIN_PREFIX = "/admin"
LOGIN_PATH = "/admin/login"
LOGOUT_PATH = "/admin/logout"

Handler = Callable[[web.Request, StaffMember], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class AdminRoute:
    """``method`` "GET", "POST", ...; ``path`` an aiohttp pattern under /admin
    ("/admin/faq/{id:\\d+}"); ``role`` the least role allowed."""

    method: str
    path: str
    handler: Handler
    role: Role
