"""Admins manage staff accounts: the list, a new account, disable/enable, role changes.

Every change is an audit event (kind "staff") with the admin's username. An admin cannot
disable or demote their own account (there would be nobody left to undo it).
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from aiohttp import web

from bot.admin.guard import ADMIN
from bot.admin.render import redirect, render, texts
from bot.admin.routing import AdminRoute, Role, StaffMember
from knowledge.staff.accounts import StaffAccounts, StaffError, StaffRecord
from knowledge.staff.passwords import MIN_PASSWORD_CHARS

logger = logging.getLogger(__name__)

PAGE = "/admin/staff"
USER = "{username:[a-z0-9._-]{1,50}}"
DONE = {"added", "disabled_done", "enabled_done", "role_done"}


def _accounts(request: web.Request, session) -> StaffAccounts:
    return request.app[ADMIN].accounts(session)


async def _page(
    request: web.Request,
    *,
    form: dict | None = None,
    errors: dict[str, str] | None = None,
    notice: str | None = None,
    status: int = 200,
) -> web.Response:
    async with request.app[ADMIN].db.session() as session:
        accounts = await _accounts(request, session).all()
    context = {
        "accounts": accounts,
        "roles": [r.key for r in sorted(Role, reverse=True)],
        "form": form or {"username": "", "role": Role.EDITOR.key},
        "errors": errors or {},
        "notice": notice,
        "min_password": MIN_PASSWORD_CHARS,
    }
    return render(request, "staff.html", context, status=status)


def _notice(request: web.Request, words: dict) -> str | None:
    done, who = request.query.get("done"), request.query.get("who", "")
    if done not in DONE:
        return None
    role = words["roles"].get(request.query.get("role", ""), "")
    return words["staff"][done].format(username=who, role=role)


async def staff_list(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """GET /admin/staff: every account, and the form for a new one."""
    return await _page(request, notice=_notice(request, texts()))


def _done(what: str, record: StaffRecord) -> web.HTTPFound:
    query = {"done": what, "who": record.username, "role": record.role.key}
    return redirect(f"{PAGE}?{urlencode(query)}")


def _error_text(error: StaffError) -> str:
    words = texts()["staff"]["errors"]
    return words.get(error.code, str(error)).format(min=MIN_PASSWORD_CHARS)


async def add_staff(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """POST /admin/staff: username, role, password, password_again."""
    form = await request.post()
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    entered = {"username": username, "role": str(form.get("role", ""))}
    errors: dict[str, str] = {}
    words = texts()["staff"]["errors"]
    try:
        role = Role.parse(entered["role"])
    except ValueError:
        errors["role"] = words["role"]
    if password != str(form.get("password_again", "")):
        errors["password_again"] = words["password_mismatch"]
    if not errors:
        try:
            async with request.app[ADMIN].db.session() as session:
                record = await _accounts(request, session).create(
                    username, password, role, staff.username
                )
        except StaffError as exc:
            field = "password" if exc.code.startswith("password") else "username"
            errors[field] = _error_text(exc)
    if errors:
        return await _page(request, form=entered, errors=errors, status=400)
    raise _done("added", record)


async def _change(request: web.Request, staff: StaffMember, change) -> web.StreamResponse:
    username = request.match_info["username"]
    if username == staff.username:
        return await _page(request, errors={"row": texts()["staff"]["errors"]["self"]}, status=400)
    try:
        async with request.app[ADMIN].db.session() as session:
            what, record = await change(_accounts(request, session), username)
    except StaffError as exc:
        if exc.code == "unknown":
            raise web.HTTPNotFound() from None
        return await _page(request, errors={"row": _error_text(exc)}, status=400)
    raise _done(what, record)  # after the commit


async def disable_staff(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """POST /admin/staff/{username}/disable: the account can no longer sign in; its
    open sessions end."""

    async def change(accounts: StaffAccounts, username: str):
        return "disabled_done", await accounts.disable(username, staff.username)

    return await _change(request, staff, change)


async def enable_staff(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """POST /admin/staff/{username}/enable."""

    async def change(accounts: StaffAccounts, username: str):
        return "enabled_done", await accounts.set_active(username, True, staff.username)

    return await _change(request, staff, change)


async def change_role(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """POST /admin/staff/{username}/role: field ``role`` (viewer, editor, admin)."""
    try:
        role = Role.parse(str((await request.post()).get("role", "")))
    except ValueError:
        return await _page(request, errors={"row": texts()["staff"]["errors"]["role"]}, status=400)

    async def change(accounts: StaffAccounts, username: str):
        return "role_done", await accounts.set_role(username, role, staff.username)

    return await _change(request, staff, change)


ROUTES = [
    AdminRoute("GET", PAGE, staff_list, Role.ADMIN),
    AdminRoute("POST", PAGE, add_staff, Role.ADMIN),
    AdminRoute("POST", f"{PAGE}/{USER}/disable", disable_staff, Role.ADMIN),
    AdminRoute("POST", f"{PAGE}/{USER}/enable", enable_staff, Role.ADMIN),
    AdminRoute("POST", f"{PAGE}/{USER}/role", change_role, Role.ADMIN),
]
