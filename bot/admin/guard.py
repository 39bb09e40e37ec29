"""The one wrapper in front of every admin route, and the admin's cookies.

For each request: the session cookie must open a live session (else a GET is sent to
the sign-in page and anything else gets 401); every request that is not GET/HEAD must
carry the session's CSRF token (form field ``csrf_token`` or header ``X-CSRF-Token``,
else 403); the staff member's role must reach the route's (else 403). Only then is the
handler called, with the staff member. A handler's 4xx is shown as an HTML page.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from aiohttp import web

from bot.admin.render import CSRF_TOKEN, STAFF, render, texts
from bot.admin.routing import ADMIN_PREFIX, LOGIN_PATH, AdminRoute
from bot.settings_model import AdminSection
from bot.web_input import MAX_BODY_BYTES
from bot.web_session import is_https
from knowledge.staff.accounts import StaffAccounts
from knowledge.staff.passwords import Passwords
from knowledge.staff.policy import Clock, StaffPolicy
from knowledge.staff.sessions import Lookup, StaffSessions
from knowledge.storage.db import Database

logger = logging.getLogger(__name__)

COOKIE = "citizenbot_admin"
LOGIN_COOKIE = "citizenbot_admin_login"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# How long a sign-in form stays usable (its token is bound to a short-lived cookie).
LOGIN_FORM_TTL_S = 30 * 60
# The sign-in cookie's value, as login_form_token makes it: issued (epoch seconds).nonce
_LOGIN_COOKIE_VALUE = re.compile(r"(?P<issued>[0-9]{1,20})\.(?P<nonce>[A-Za-z0-9_\-]+)")

# Pages of the admin may load their own styles, scripts and images, and nothing else.
ADMIN_CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class AdminContext:
    """What the admin's pages share: the database, the clock, the policy, the secret
    that binds sign-in forms to their cookie and keys the hash of client addresses."""

    db: Database
    clock: Clock
    policy: StaffPolicy
    settings: AdminSection
    secret: bytes
    passwords: Passwords

    def sessions(self, session) -> StaffSessions:
        return StaffSessions(session, clock=self.clock, policy=self.policy)

    def accounts(self, session) -> StaffAccounts:
        return StaffAccounts(
            session, clock=self.clock, policy=self.policy, passwords=self.passwords
        )


ADMIN = web.AppKey("admin", AdminContext)
# The signed-in member's province (staff_accounts.province_key): the requests for a person
# and the volunteers they see; None (or absent) for every province.
STAFF_PROVINCE = web.RequestKey("admin_staff_province", object)


def staff_province(request: web.Request) -> str | None:
    """The province the signed-in staff member is limited to, or None for all."""
    value = request.get(STAFF_PROVINCE)
    return value if isinstance(value, str) else None


def datetime_clock(seconds: Callable[[], float] | None) -> Clock:
    """A clock of aware UTC datetimes from one of seconds since the epoch."""
    seconds = seconds or time.time
    return lambda: dt.datetime.fromtimestamp(seconds(), dt.UTC)


# ---- cookies ------------------------------------------------------------------------------


def secure_cookie(request: web.Request) -> bool:
    mode = request.app[ADMIN].settings.cookie_secure
    return mode == "always" or (mode == "auto" and is_https(request))


def set_session_cookie(response: web.StreamResponse, request: web.Request, token: str) -> None:
    # No Max-Age: the server ends the session; the browser forgets it when closed.
    response.set_cookie(
        COOKIE,
        token,
        path=ADMIN_PREFIX,
        httponly=True,
        samesite="Strict",
        secure=secure_cookie(request),
    )


def clear_session_cookie(response: web.StreamResponse) -> None:
    response.del_cookie(COOKIE, path=ADMIN_PREFIX, samesite="Strict", httponly=True)


def _sign(secret: bytes, value: str) -> str:
    digest = hmac.digest(secret, f"admin-login.{value}".encode("ascii"), hashlib.sha256)
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def login_form_token(request: web.Request) -> tuple[str, str | None]:
    """The sign-in form's CSRF token, bound to a short-lived cookie: (token, the new
    cookie value to set with ``set_login_cookie``, or None when the browser's will do)."""
    context = request.app[ADMIN]
    now = int(context.clock().timestamp())
    value = request.cookies.get(LOGIN_COOKIE, "")
    age = _login_cookie_age(value, now)
    fresh = None
    if age is None or age > LOGIN_FORM_TTL_S / 2:
        value = fresh = f"{now}.{secrets.token_urlsafe(24)}"
    return _sign(context.secret, value), fresh


def set_login_cookie(response: web.StreamResponse, request: web.Request, value: str) -> None:
    response.set_cookie(
        LOGIN_COOKIE,
        value,
        max_age=LOGIN_FORM_TTL_S,
        path=LOGIN_PATH,
        httponly=True,
        samesite="Strict",
        secure=secure_cookie(request),
    )


def _login_cookie_age(value: str, now: int) -> int | None:
    """Seconds since the sign-in cookie ``value`` was issued, or None when it is not one
    of ours (``<issued, epoch seconds>.<nonce>``) or not of the last 30 minutes."""
    found = _LOGIN_COOKIE_VALUE.fullmatch(value) if len(value) <= 100 else None
    if found is None:
        return None
    age = now - int(found["issued"])
    return age if 0 <= age <= LOGIN_FORM_TTL_S else None


def login_form_token_valid(request: web.Request, token: str) -> bool:
    """Whether ``token`` is the one made for this browser's sign-in cookie, in time."""
    context = request.app[ADMIN]
    value = request.cookies.get(LOGIN_COOKIE, "")
    if not token or _login_cookie_age(value, int(context.clock().timestamp())) is None:
        return False
    expected = _sign(context.secret, value).encode("ascii")
    return hmac.compare_digest(token.encode("utf-8", "replace"), expected)


def clear_login_cookie(response: web.StreamResponse) -> None:
    response.del_cookie(LOGIN_COOKIE, path=LOGIN_PATH, samesite="Strict", httponly=True)


# ---- the wrapper --------------------------------------------------------------------------


async def current_session(request: web.Request) -> Lookup:
    """The live session the request's cookie opens (its last use moved to now)."""
    token = request.cookies.get(COOKIE)
    if not token:
        return Lookup(None, "none")
    context = request.app[ADMIN]
    async with context.db.session() as session:
        return await context.sessions(session).load(token)


# The message of an error page by status; any other 4xx is "Yêu cầu không hợp lệ".
ERROR_KEYS = {403: "forbidden", 404: "not_found", 413: "too_large"}


def is_admin_path(path: str) -> bool:
    return path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")


def error_page(request: web.Request, status: int, key: str) -> web.Response:
    message = texts()["errors"][key].format(limit_kb=MAX_BODY_BYTES // 1024)
    return render(request, "error.html", {"message": message}, status=status)


def refusal_page(request: web.Request, exc: web.HTTPException) -> web.Response:
    """``exc`` (a 4xx) as the admin's Vietnamese error page (a 405 keeps its Allow)."""
    response = error_page(request, exc.status, ERROR_KEYS.get(exc.status, "bad_request"))
    if "Allow" in exc.headers:
        response.headers["Allow"] = exc.headers["Allow"]
    return response


@web.middleware
async def admin_errors(request: web.Request, handler) -> web.StreamResponse:
    """What aiohttp refuses on an admin path before or around a page's handler -- an
    unknown address, a wrong method, a body over the limit -- as an HTML page in
    Vietnamese with a link back (signed-in staff see their menu); other paths untouched."""
    if not is_admin_path(request.path):
        return await handler(request)
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        if STAFF not in request:  # no page ran: whose menu to show, if anyone's
            lookup = await current_session(request)
            if lookup.active is not None:
                request[STAFF] = lookup.active.staff
                request[CSRF_TOKEN] = lookup.active.csrf_token
        return refusal_page(request, exc)


def _login_redirect(request: web.Request, lookup: Lookup) -> web.HTTPFound:
    query = {"next": request.path}
    if lookup.reason == "expired":
        query["why"] = "expired"
    response = web.HTTPFound(f"{LOGIN_PATH}?{urlencode(query)}")
    if lookup.reason != "none":
        clear_session_cookie(response)
    return response


async def _csrf_token_of(request: web.Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header is not None:
        return header
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        value = (await request.post()).get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


def guarded(route: AdminRoute):
    """The aiohttp handler for ``route``: session, CSRF and role checked, then the page."""

    async def handler(request: web.Request) -> web.StreamResponse:
        lookup = await current_session(request)
        if lookup.active is None:
            if request.method in SAFE_METHODS:
                raise _login_redirect(request, lookup)
            # A form sent after the session ended: say that nothing was saved.
            expired = lookup.reason == "expired"
            response = error_page(request, 401, "unsaved" if expired else "login_required")
            if lookup.reason != "none":
                clear_session_cookie(response)
            return response
        active = lookup.active
        request[STAFF] = active.staff
        request[CSRF_TOKEN] = active.csrf_token
        request[STAFF_PROVINCE] = active.province_key
        if request.method not in SAFE_METHODS:
            sent = await _csrf_token_of(request)
            if not hmac.compare_digest(
                sent.encode("utf-8", "replace"), active.csrf_token.encode("ascii")
            ):
                logger.warning(
                    "refused %s %s by %s: no valid CSRF token",
                    request.method,
                    route.path,
                    active.staff.username,
                )
                return error_page(request, 403, "csrf")
        if active.staff.role < route.role:
            logger.warning(
                "refused %s %s to %s (%s; needs %s)",
                request.method,
                route.path,
                active.staff.username,
                active.staff.role.key,
                route.role.key,
            )
            return error_page(request, 403, "forbidden")
        try:
            return await route.handler(request, active.staff)
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            return refusal_page(request, exc)

    handler.admin_route = route  # type: ignore[attr-defined]  (for the route-table tests)
    return handler


async def admin_headers(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare, after the site's headers: the admin's own CSP."""
    if is_admin_path(request.path):
        response.headers["Content-Security-Policy"] = ADMIN_CSP
