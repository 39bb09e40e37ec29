"""The web API's refusals: one exception, one JSON body `{"error", "field", "detail"}`."""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web

# Reason phrases for statuses aiohttp raises itself (404, 405, 413, ...), as error codes.
_HTTP_ERRORS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


class ApiError(Exception):
    """A request the API refuses; rendered as JSON by the web app's middleware."""

    def __init__(
        self,
        status: int,
        error: str,
        detail: str,
        field: str | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, object] | None = None,
        close_connection: bool = False,
    ) -> None:
        super().__init__(f"{status} {error}: {detail}")
        self.status = status
        self.error = error
        self.detail = detail
        self.field = field
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})
        self.close_connection = close_connection

    def response(self) -> web.Response:
        response = error_response(
            self.status, self.error, self.detail, self.field, headers=self.headers, **self.extra
        )
        if self.close_connection:
            response.force_close()
        return response


class BadRequest(ApiError):
    """HTTP 400 naming the offending part of the request."""

    def __init__(self, field: str, problem: str, error: str = "bad_request") -> None:
        super().__init__(400, error, problem, field)
        self.problem = problem


def error_response(
    status: int,
    error: str,
    detail: str,
    field: str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    **extra: object,
) -> web.Response:
    body = {"error": error, "field": field, "detail": detail, **extra}
    return web.json_response(body, status=status, headers=headers)


def from_http_exception(exc: web.HTTPException) -> web.Response:
    """aiohttp's own refusals (no route, wrong method, body too large) as JSON."""
    keep = {k: v for k, v in exc.headers.items() if k.lower() in ("allow", "retry-after")}
    error = _HTTP_ERRORS.get(exc.status, "http_error")
    field = "body" if exc.status == 413 else None
    return error_response(exc.status, error, exc.reason, field, headers=keep)
