"""Who a web request speaks for: a signed session, or a trusted integration's API key.

The server chooses a web user's id on the first turn and signs it: a token is
``v1.<user id>.<issued at>.<signature>``, the signature an HMAC-SHA256 of the first three
parts with the server's secret (CITIZENBOT_SESSION_SECRET). Nothing is stored: the token
alone proves which user a request speaks for, so nobody can read, continue or delete
another user's conversation by naming their id. Integrations that legitimately speak for
many users send ``Authorization: Bearer $CITIZENBOT_API_KEY`` and name the ``user_id``.
The same secret signs the ids of the web chat's pushed messages for their user
(``sign_event``), so a page can only acknowledge (and be handed again) its own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from aiohttp import web

from bot.settings_model import WebSection
from bot.web_errors import ApiError, BadRequest

logger = logging.getLogger(__name__)

VERSION = "v1"
COOKIE = "citizenbot_session"
COOKIE_PATH = "/api/chat"
HEADER = "X-Session"
USER_PREFIX = "web-"
MAX_TOKEN_CHARS = 256
# a pushed event's id: "<event>.<signature>", neither part with a "."
_EVENT_ID_RE = re.compile(r"(?P<event>[^.]+)\.(?P<mark>[^.]+)")
# A session older than this (but still valid) is re-issued, so an active user's session
# slides forward while an abandoned one expires.
REFRESH_AFTER_S = 24 * 3600
# Tolerated clock difference for a token "issued in the future" (several processes).
CLOCK_SKEW_S = 300
# An event id's signature: 96 bits (it only binds a position in a stream to its user).
EVENT_MAC_BYTES = 12

_CLEAR_COOKIE = (
    f'{COOKIE}=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path={COOKIE_PATH}; '
    "HttpOnly; SameSite=Lax"
)


class InvalidSession(Exception):
    """A token that is malformed, not signed by us, or expired."""


@dataclass(frozen=True)
class Session:
    user_id: str
    issued_at: int
    token: str


@cache
def process_secret() -> bytes:
    """A random secret for this process only, made (and warned about) once."""
    logger.warning(
        "CITIZENBOT_SESSION_SECRET is not set: web chat sessions are signed with a random "
        "secret and end when this process restarts"
    )
    return secrets.token_bytes(32)


def new_user_id() -> str:
    """An unguessable web user id (144 random bits)."""
    return USER_PREFIX + secrets.token_urlsafe(18)


class SessionSigner:
    """Issues and verifies session tokens; ``clock`` gives seconds since the epoch."""

    def __init__(
        self, secret: bytes, max_age_s: float, clock: Callable[[], float] = time.time
    ) -> None:
        self._secret = secret
        self.max_age_s = max_age_s
        self.clock = clock

    @classmethod
    def from_settings(
        cls, settings: WebSection, clock: Callable[[], float] = time.time
    ) -> SessionSigner:
        secret = settings.session_secret.encode() if settings.session_secret else None
        return cls(secret or process_secret(), settings.session_days * 86400, clock)

    def _sign(self, body: str) -> str:
        digest = hmac.digest(self._secret, body.encode("ascii"), hashlib.sha256)
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    def issue(self, user_id: str | None = None) -> Session:
        """A new session for ``user_id`` (a new user when None)."""
        user_id = user_id or new_user_id()
        issued_at = int(self.clock())
        body = f"{VERSION}.{user_id}.{issued_at}"
        return Session(user_id, issued_at, f"{body}.{self._sign(body)}")

    def verify(self, token: str) -> Session:
        """The session a token proves, or InvalidSession."""
        if len(token) > MAX_TOKEN_CHARS or not token.isascii():
            raise InvalidSession("malformed")
        parts = token.split(".")
        if len(parts) != 4 or parts[0] != VERSION or not parts[2].isdigit():
            raise InvalidSession("malformed")
        _, user_id, issued, signature = parts
        if not hmac.compare_digest(signature, self._sign(f"{VERSION}.{user_id}.{issued}")):
            raise InvalidSession("bad signature")
        age = self.clock() - int(issued)
        if age > self.max_age_s or age < -CLOCK_SKEW_S:
            raise InvalidSession("expired")
        return Session(user_id, int(issued), token)

    def sign_event(self, user_id: str, event: str) -> str:
        """``event`` (ASCII, no ".") as an id only ``user_id``'s session may hand back:
        ``<event>.<signature>`` (the web chat's pushed messages, bot.web_events)."""
        digest = hmac.digest(self._secret, f"event.{user_id}.{event}".encode(), hashlib.sha256)
        mark = base64.urlsafe_b64encode(digest[:EVENT_MAC_BYTES]).rstrip(b"=").decode("ascii")
        return f"{event}.{mark}"

    def verify_event(self, user_id: str, event_id: str) -> str:
        """The event an id signed for ``user_id`` names, or InvalidSession (malformed,
        forged, or another user's)."""
        if len(event_id) > MAX_TOKEN_CHARS or not event_id.isascii():
            raise InvalidSession("malformed")
        signed = _EVENT_ID_RE.fullmatch(event_id)
        if signed is None:
            raise InvalidSession("malformed")
        event = signed.group("event")
        if not hmac.compare_digest(self.sign_event(user_id, event), event_id):
            raise InvalidSession("not signed for this session")
        return event

    def needs_refresh(self, session: Session) -> bool:
        return self.clock() - session.issued_at >= min(REFRESH_AFTER_S, self.max_age_s / 2)


@dataclass(frozen=True)
class Caller:
    """Whom a request speaks for and how that was established.

    ``via`` is "api_key", "session" or "new" (a first turn). ``session`` is the session
    to hand back; ``renewed`` when it is new or refreshed (the cookie is set again).
    """

    user_id: str
    via: str
    session: Session | None = None
    renewed: bool = False


def bearer_matches(request: web.Request, api_key: str | None) -> bool:
    header = request.headers.get("Authorization", "")
    if not api_key or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header[7:].encode(), api_key.encode())


def identify(
    request: web.Request,
    signer: SessionSigner,
    api_key: str | None,
    claimed: str | None,
    *,
    may_start: bool,
) -> Caller:
    """Whom this request speaks for, or ApiError (401/403) before anything happens.

    ``claimed`` is the user id the request names, if any; ``may_start`` lets a request
    without credentials begin a new session (the first chat turn).
    """
    if "Authorization" in request.headers:
        if not bearer_matches(request, api_key):
            raise ApiError(
                401,
                "unauthorized",
                "the Authorization header does not carry a valid API key",
                "Authorization",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if claimed is None:
            raise BadRequest("user_id", "required when speaking with the API key")
        return Caller(claimed, "api_key")
    token = request.headers.get(HEADER)
    from_cookie = token is None and COOKIE in request.cookies
    if from_cookie:
        token = request.cookies[COOKIE]
    if token is not None:
        try:
            session = signer.verify(token)
        except InvalidSession as exc:
            logger.info("refused a web session token: %s", exc)
            raise ApiError(
                401,
                "invalid_session",
                "the session is not valid (or has expired): start again without one",
                "session",
                headers={"Set-Cookie": _CLEAR_COOKIE} if from_cookie else None,
            ) from None
        if from_cookie and request.headers.get("Sec-Fetch-Site") == "cross-site":
            raise ApiError(
                403, "cross_site", "the chat cannot be used from another site", "session"
            )
        if claimed is not None and claimed != session.user_id:
            raise ApiError(403, "forbidden", "this session speaks for another user", "user_id")
        if signer.needs_refresh(session):
            return Caller(session.user_id, "session", signer.issue(session.user_id), True)
        return Caller(session.user_id, "session", session)
    if claimed is not None:
        raise ApiError(
            401,
            "session_required",
            "to speak as this user, send its session (cookie or X-Session header)",
            "session",
        )
    if not may_start:
        raise ApiError(
            401, "session_required", "start a conversation with POST /api/chat first", "session"
        )
    session = signer.issue()
    return Caller(session.user_id, "new", session, True)


def is_https(request: web.Request) -> bool:
    # Only ever used to add Secure: a spoofed header can make the cookie stricter, not weaker.
    return request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def set_cookie(
    response: web.StreamResponse, request: web.Request, session: Session, max_age_s: float
) -> None:
    response.set_cookie(
        COOKIE,
        session.token,
        max_age=int(max_age_s),
        path=COOKIE_PATH,
        httponly=True,
        samesite="Lax",
        secure=is_https(request),
    )


def clear_cookie(response: web.StreamResponse) -> None:
    response.headers.add("Set-Cookie", _CLEAR_COOKIE)
