"""Signing in and out, and the dashboard every staff member lands on.

GET/POST /admin/login are the only admin pages open to anyone: the form's CSRF token is
bound to a short-lived cookie of its own (there is no session yet). Signing in opens a
new server-side session (a new token: nothing from before is reused).
"""

from __future__ import annotations

import logging
import math

from aiohttp import web

from bot.admin.guard import (
    ADMIN,
    COOKIE,
    clear_login_cookie,
    clear_session_cookie,
    current_session,
    login_form_token,
    login_form_token_valid,
    set_login_cookie,
    set_session_cookie,
)
from bot.admin.render import CSRF_TOKEN, NAV, redirect, render, texts
from bot.admin.routing import LOGIN_PATH, LOGOUT_PATH, AdminRoute, Role, StaffMember
from knowledge.staff.accounts import LoginResult, address_hash

logger = logging.getLogger(__name__)

HOME = "/admin"
MAX_FIELD_CHARS = 1024


def _next_path(value: str | None) -> str:
    """Where to go after signing in: a page of the admin, never another site."""
    if (
        value
        and value.startswith(HOME)
        and "//" not in value
        and "\\" not in value
        and value.isprintable()
        and not value.startswith(LOGIN_PATH)
        and len(value) <= 200
    ):
        return value
    return HOME


def _login_page(
    request: web.Request,
    *,
    next_path: str | None = None,
    username: str = "",
    message: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> web.Response:
    token, fresh = login_form_token(request)
    request[CSRF_TOKEN] = token
    context = {
        "username": username,
        "next": _next_path(next_path or request.query.get("next")),
        "notice": message,
        "error": error,
    }
    response = render(request, "login.html", context, status=status)
    if fresh is not None:
        set_login_cookie(response, request, fresh)
    return response


async def login_form(request: web.Request) -> web.StreamResponse:
    """GET /admin/login: the form (a signed-in staff member goes to the dashboard)."""
    if (await current_session(request)).active is not None:
        raise redirect(_next_path(request.query.get("next")))
    words = texts()["login"]
    message = {"expired": words["idle_expired"], "logged_out": words["logged_out"]}.get(
        request.query.get("why", "")
    )
    return _login_page(request, message=message)


def _refusal(
    request: web.Request, result: LoginResult, username: str, next_path: str
) -> web.Response:
    words = texts()["login"]
    if result.outcome == "locked" and result.locked_until is not None:
        left = result.locked_until - request.app[ADMIN].clock()
        minutes = max(1, math.ceil(left.total_seconds() / 60))
        return _login_page(
            request,
            next_path=next_path,
            username=username,
            error=words["locked"].format(minutes=minutes),
            status=429,
        )
    return _login_page(
        request, next_path=next_path, username=username, error=words["failed"], status=401
    )


async def login(request: web.Request) -> web.StreamResponse:
    """POST /admin/login: username, password, csrf_token (and next)."""
    form = await request.post()
    username = str(form.get("username", ""))[:MAX_FIELD_CHARS]
    password = str(form.get("password", ""))[:MAX_FIELD_CHARS]
    next_path = _next_path(str(form.get("next", "")))
    if not login_form_token_valid(request, str(form.get("csrf_token", ""))):
        logger.info("refused a sign-in form without a valid token")
        words = texts()["login"]
        return _login_page(
            request,
            next_path=next_path,
            username=username,
            error=words["expired_form"],
            status=403,
        )
    context = request.app[ADMIN]
    where = address_hash(request.remote, context.secret)
    async with context.db.session() as session:
        result = await context.accounts(session).authenticate(username, password, where)
        opened = None
        if result.ok:
            sessions = context.sessions(session)
            old = request.cookies.get(COOKIE)
            if old:
                await sessions.close(old)
            opened = await sessions.open(result.staff)
    if opened is None:
        return _refusal(request, result, username, next_path)
    logger.info("staff %s signed in", opened.staff.username)
    response = redirect(next_path)
    set_session_cookie(response, request, opened.token)
    clear_login_cookie(response)
    raise response


async def logout(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """POST /admin/logout: the session ends here and in the browser."""
    context = request.app[ADMIN]
    async with context.db.session() as session:
        await context.sessions(session).close(request.cookies.get(COOKIE, ""))
    logger.info("staff %s signed out", staff.username)
    response = redirect(f"{LOGIN_PATH}?why=logged_out")
    clear_session_cookie(response)
    raise response


async def dashboard(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """GET /admin: where each part of the admin is, with a line on what it is for."""
    cards = [item for item in NAV if item.path != HOME and staff.role >= item.role]
    return render(request, "dashboard.html", {"cards": cards})


ROUTES = [
    AdminRoute("GET", HOME, dashboard, Role.VIEWER),
    AdminRoute("POST", LOGOUT_PATH, logout, Role.VIEWER),
]
