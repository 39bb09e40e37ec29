"""Pages as HTML: one Jinja2 environment (autoescaped), the Vietnamese texts, redirects.

Every template extends ``base.html``. ``render`` adds to the page's context: ``staff``
(the signed-in StaffMember or None), ``csrf_token`` (the value of the hidden form field
every POST form must carry), ``nav`` (the menu, marked where the page is) and ``t`` (the
texts of ``texts.yml``: ``t.nav.faq``, ``t.login.title``, ...). Filters: ``datetime``
and ``date`` show a moment in Vietnam's time (dd/mm/yyyy HH:MM).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web

from flows import format as vn
from knowledge.staff.roles import Role, StaffMember
from knowledge.yaml_data import load_yaml

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
TEXTS_FILE = HERE / "texts.yml"

# What the admin's wrapper (and the login page) leave on the request for render().
STAFF = web.RequestKey("admin_staff", StaffMember)
CSRF_TOKEN = web.RequestKey("admin_csrf_token", str)


@dataclass(frozen=True)
class NavItem:
    key: str
    path: str
    role: Role


# The menu, in order; a staff member sees the items their role reaches.
NAV = (
    NavItem("dashboard", "/admin", Role.VIEWER),
    NavItem("faq", "/admin/faq", Role.VIEWER),
    NavItem("procedures", "/admin/procedures", Role.VIEWER),
    NavItem("centres", "/admin/centres", Role.VIEWER),
    NavItem("hotlines", "/admin/hotlines", Role.VIEWER),
    NavItem("inbox", "/admin/inbox", Role.VIEWER),
    NavItem("handoff", "/admin/handoff", Role.VIEWER),
    NavItem("volunteers", "/admin/volunteers", Role.VIEWER),
    NavItem("analytics", "/admin/analytics", Role.VIEWER),
    NavItem("audit", "/admin/audit", Role.VIEWER),
    NavItem("staff", "/admin/staff", Role.ADMIN),
)


@dataclass(frozen=True)
class NavLink:
    key: str
    path: str
    label: str
    current: bool


@cache
def texts() -> dict[str, Any]:
    """The admin's Vietnamese texts (bot/admin/texts.yml)."""
    return load_yaml(TEXTS_FILE)


def format_datetime(moment: dt.datetime | None) -> str:
    return vn.date_time(moment) if moment else ""


def format_date(value: dt.date | dt.datetime | str | None) -> str:
    """dd/mm/yyyy; a stored ISO date (``2026-11-30``) too, anything else as it is."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(vn.VIETNAM)
    return vn.date(value) if value else ""


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["datetime"] = format_datetime
    env.filters["date"] = format_date
    env.globals["t"] = texts()
    return env


def nav_for(request: web.Request, staff: StaffMember | None) -> list[NavLink]:
    """The menu items ``staff`` may open, the one the page belongs to marked current."""
    if staff is None:
        return []
    labels = texts()["nav"]
    path = request.path.rstrip("/") or "/"
    links = []
    for item in NAV:
        if staff.role < item.role:
            continue
        if item.path == "/admin":
            current = path == "/admin"
        else:
            current = path == item.path or path.startswith(item.path + "/")
        links.append(NavLink(item.key, item.path, labels[item.key], current))
    return links


def render(
    request: web.Request, template_name: str, context: dict, status: int = 200
) -> web.Response:
    """``template_name`` (in bot/admin/templates/) rendered with ``context`` plus ``staff``,
    ``csrf_token`` and ``nav``, as an HTML response."""
    staff = request.get(STAFF)
    page = {
        "staff": staff,
        "csrf_token": request.get(CSRF_TOKEN, ""),
        "nav": nav_for(request, staff),
        **context,
    }
    html = environment().get_template(template_name).render(page)
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")


def redirect(path: str) -> web.HTTPFound:
    """A 302 to ``path`` (a path on this site): ``raise redirect("/admin/faq/7")``."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"not a local path: {path!r}")
    return web.HTTPFound(path)
