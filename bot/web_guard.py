"""What stands between the internet and the routes.

Rate limits (with an injectable clock), security headers, an access log that never
writes query strings or credentials, JSON errors instead of HTML or tracebacks, counts
of responses by route for /metrics, and the server's connection timeouts.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import math
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiohttp import web, web_response
from aiohttp.abc import AbstractAccessLogger
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestPayloadError

from bot.settings_model import WebSection
from bot.web_errors import ApiError, error_response, from_http_exception
from flows.unit_of_work import KeyedLock

logger = logging.getLogger(__name__)

# Query parameters that look like credentials: refused, so no key ends up in a URL
# (proxies, browser history and access logs keep URLs).
CREDENTIAL_PARAMS = frozenset(
    {"api_key", "apikey", "key", "token", "access_token", "auth", "authorization", "session"}
)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Server": "citizenbot",
}


@dataclass(frozen=True)
class Decision:
    """``tell``: the first refusal of this window, the one answered in words."""

    allowed: bool
    tell: bool = False
    retry_after_s: int = 0


ALLOWED = Decision(True)


class _Window:
    __slots__ = ("start", "count", "told")

    def __init__(self, start: float) -> None:
        self.start = start
        self.count = 1
        self.told = False


class RateLimiter:
    """At most ``limit`` events per key in a window of ``window_s`` seconds.

    A window starts with a key's first event; a limit of 0 allows everything. Memory is
    bounded: past ``max_keys`` keys, expired windows (then the oldest) are dropped.
    """

    def __init__(
        self,
        limit: int,
        window_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self.max_keys = max_keys
        self._windows: dict[str, _Window] = {}

    def check(self, key: str) -> Decision:
        if self.limit <= 0:
            return ALLOWED
        now = self.clock()
        window = self._windows.get(key)
        if window is None or now - window.start >= self.window_s:
            self._windows.pop(key, None)
            if len(self._windows) >= self.max_keys:
                self._prune(now)
            self._windows[key] = _Window(now)
            return ALLOWED
        window.count += 1
        if window.count <= self.limit:
            return ALLOWED
        retry_after = max(1, math.ceil(window.start + self.window_s - now))
        tell, window.told = not window.told, True
        return Decision(False, tell, retry_after)

    def _prune(self, now: float) -> None:
        for key in [k for k, w in self._windows.items() if now - w.start >= self.window_s]:
            del self._windows[key]
        if len(self._windows) >= self.max_keys:
            for key in list(self._windows)[: self.max_keys // 4 or 1]:
                del self._windows[key]


@dataclass(frozen=True)
class Limits:
    messages: RateLimiter  # per web user
    new_sessions: RateLimiter  # per IP address
    pushes: RateLimiter  # per IP address

    @classmethod
    def from_settings(cls, settings: WebSection, clock: Callable[[], float]) -> Limits:
        return cls(
            messages=RateLimiter(settings.messages_per_minute, 60.0, clock),
            new_sessions=RateLimiter(settings.new_sessions_per_minute_per_ip, 60.0, clock),
            pushes=RateLimiter(settings.pushes_per_minute_per_ip, 60.0, clock),
        )


class TurnQueue:
    """At most ``size`` chat turns worked on at once (0: no limit); the others wait in
    the order they came (asyncio's semaphore is first come, first served).

    A user's turns run one after the other anyway (the dialogue serialises them): they
    queue per user first, so a burst from one user never takes the places of others.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._users = KeyedLock()
        self._slots = asyncio.Semaphore(size) if size > 0 else None

    @asynccontextmanager
    async def turn(self, user_id: str) -> AsyncIterator[None]:
        async with self._users.hold(user_id):
            if self._slots is None:
                yield
                return
            async with self._slots:
                yield


def client_address(request: web.Request) -> str:
    return request.remote or "unknown"


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare: every response, errors included."""
    response.headers.update(SECURITY_HEADERS)


class PrivateAccessLogger(AbstractAccessLogger):
    """One line per request: address, method, path (no query string), status, time."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            '%s "%s %s" %s %.3fs',
            request.remote,
            request.method,
            request.rel_url.raw_path,
            response.status,
            time,
        )


class ServerLog:
    """aiohttp's connection-level log. A request that is not valid HTTP is the client's
    error: one line naming the error's kind (no traceback, none of the client's bytes);
    anything else is logged with its traceback as before."""

    _CLIENT_ERRORS = (HttpProcessingError, RequestPayloadError)

    def __init__(self, logger: logging.Logger | None = None) -> None:
        self._logger = logger or logging.getLogger("aiohttp.server")

    def debug(self, *args, **kwargs) -> None:
        self._logger.debug(*args, **kwargs)

    def exception(self, message: str, *args, exc_info=True, **kwargs) -> None:
        if isinstance(exc_info, self._CLIENT_ERRORS):
            self._logger.info("refused a malformed request: %s", type(exc_info).__name__)
        else:
            self._logger.error(message, *args, exc_info=exc_info, **kwargs)


def handler_args(settings: WebSection) -> dict:
    """Connection settings for aiohttp's request handler (Application(handler_args=...)).

    aiohttp arms its keep-alive timer when a connection opens and only disarms it once
    a whole request has arrived, so it is also the limit for sending request headers.
    """
    # Responses aiohttp makes itself for requests that are not HTTP at all never reach the
    # app's on_response_prepare, and aiohttp has no setting for the Server header: this
    # module constant is what it falls back to.
    web_response.SERVER_SOFTWARE = SECURITY_HEADERS["Server"]
    return {
        "keepalive_timeout": settings.header_timeout_s,
        "access_log_class": PrivateAccessLogger,
        "logger": ServerLog(),
    }


def _refuse_credentials_in_query(request: web.Request, api_key: str | None) -> None:
    key = api_key.encode() if api_key else None
    for name, value in request.query.items():
        leaked = key is not None and hmac.compare_digest(
            value.encode("utf-8", "surrogatepass"), key
        )
        if leaked or name.lower() in CREDENTIAL_PARAMS:
            logger.warning("refused a request with credentials in its query string")
            raise ApiError(
                400,
                "credentials_in_query",
                "send credentials in the Authorization or X-Session header, never in the URL",
                "query",
            )


def route_of(request: web.Request) -> str:
    """The route's pattern ("/api/dossiers/{code}/status"), never the raw path."""
    resource = getattr(request.match_info.route, "resource", None)
    return resource.canonical if resource is not None else "unmatched"


def guard_middleware(counts: Counter, api_key: str | None):
    """JSON for every refusal, one log line for an unexpected error, counts by route."""

    @web.middleware
    async def guard(request: web.Request, handler) -> web.StreamResponse:
        try:
            _refuse_credentials_in_query(request, api_key)
            response = await handler(request)
        except ApiError as exc:
            response = exc.response()
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            response = from_http_exception(exc)
        except Exception:
            logger.error(
                "unhandled error on %s %s", request.method, request.rel_url.raw_path, exc_info=True
            )
            response = error_response(500, "internal_error", "unexpected error (logged)")
        if response.status in (408, 413):
            response.force_close()  # the rest of the body is not worth waiting for
        counts[(route_of(request), f"{response.status // 100}xx")] += 1
        return response

    return guard


def render_counts(counts: Counter) -> list[str]:
    return [
        f'citizenbot_http_responses_total{{route="{route}",status="{status}"}} {value}'
        for (route, status), value in sorted(counts.items())
    ]
