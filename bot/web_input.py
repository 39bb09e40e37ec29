"""Reading the web API's requests: strict UTF-8 JSON and validated fields.

Everything a client sends is checked here, before any of it reaches the dialogue or
the database: a refusal is an :class:`~bot.web_errors.ApiError` (4xx), never a 500.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import math
import re
from dataclasses import dataclass

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestPayloadError

from bot.web_errors import ApiError, BadRequest
from flows.types import Location

MAX_BODY_BYTES = 64 * 1024
MAX_USER_ID = 100
# Integers longer than this are refused while parsing (no client needs more; Python's
# own limit of 4,300 digits is far past what is cheap to convert).
MAX_INT_DIGITS = 30

# Ids a trusted integration names: printable ASCII, no spaces, quotes or markup.
USER_ID = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._:@+=-]{{0,{MAX_USER_ID - 1}}}")
# Button payloads the dialogue makes ("proc:slug:fee", "follow:000.00.04.H51-…",
# "place:2"): ASCII only, so "place:²" or HTML never reaches the dialogue.
PAYLOAD = re.compile(r"[A-Za-z0-9_.:/@+=,#-]{1,200}")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Control characters (other than tab and line breaks) and lone UTF-16 surrogates: the
# latter cannot be stored or encoded as UTF-8 at all.
_BAD_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class _NumberTooLong(ValueError):
    pass


def _parse_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise _NumberTooLong(digits[:10])
    return int(digits)


def _no_constants(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: bytes) -> object:
    """Strict JSON from UTF-8 bytes, or BadRequest naming what is wrong."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("body", "body must be UTF-8 encoded JSON", "invalid_json") from None
    try:
        return json.loads(text, parse_int=_parse_int, parse_constant=_no_constants)
    except RecursionError:
        raise BadRequest("body", "JSON nested too deeply", "invalid_json") from None
    except _NumberTooLong:
        detail = f"numbers of more than {MAX_INT_DIGITS} digits are not accepted"
        raise BadRequest("body", detail, "invalid_json") from None
    except ValueError:  # JSONDecodeError included
        raise BadRequest("body", "body must be JSON", "invalid_json") from None


async def read_json(request: web.Request, timeout_s: float) -> object:
    """The request's JSON body: application/json in UTF-8, complete within ``timeout_s``."""
    if request.content_type != "application/json":
        raise ApiError(
            415, "unsupported_media_type", "send Content-Type: application/json", "Content-Type"
        )
    charset = (request.charset or "utf-8").lower().replace("_", "-")
    if charset not in ("utf-8", "utf8"):
        raise ApiError(415, "unsupported_charset", "JSON must be UTF-8", "Content-Type")
    try:
        async with asyncio.timeout(timeout_s):
            raw = await request.read()
    except TimeoutError:
        _give_up_on_body(request)
        raise ApiError(
            408,
            "request_timeout",
            f"the body did not arrive within {timeout_s:g} s",
            "body",
            close_connection=True,
        ) from None
    except web.HTTPRequestEntityTooLarge:
        # aiohttp reads (and drops) the rest for a while, so the client sees the answer.
        raise ApiError(
            413, "too_large", f"the body must be at most {MAX_BODY_BYTES} bytes", "body"
        ) from None
    except (RequestPayloadError, HttpProcessingError, ConnectionError):
        _give_up_on_body(request)
        raise ApiError(
            400,
            "bad_request",
            "the body could not be read (bad transfer or content encoding)",
            "body",
            close_connection=True,
        ) from None
    return parse_json(raw)


def _give_up_on_body(request: web.Request) -> None:
    """Stop reading a body that will never be whole: after the answer the connection
    closes, instead of aiohttp waiting for (or choking on) the rest of it."""
    request.content.feed_eof()


def check_text(value: object, field: str, max_chars: int | None = None) -> str:
    """A string of readable text (no control characters, no lone surrogates)."""
    if not isinstance(value, str):
        raise BadRequest(field, "must be a string")
    if _BAD_TEXT.search(value):
        raise BadRequest(field, "must be text without control characters or lone surrogates")
    if max_chars is not None and len(value) > max_chars:
        raise BadRequest(field, f"must be at most {max_chars} characters")
    return value


def check_user_id(value: object, field: str = "user_id") -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not USER_ID.fullmatch(value.strip()):
        raise BadRequest(
            field,
            f"1 to {MAX_USER_ID} characters: letters, digits and . _ : @ + = - "
            "(starting with a letter or digit)",
        )
    return value.strip()


@dataclass(frozen=True)
class ChatRequest:
    """One chat message as the client sent it; ``user_id`` only when it named one."""

    user_id: str | None
    text: str | None = None
    payload: str | None = None
    location: Location | None = None


def parse_chat_request(body: object) -> ChatRequest:
    """The JSON body of POST /api/chat, or BadRequest."""
    if not isinstance(body, dict):
        raise BadRequest("body", "expected a JSON object")
    user_id = body.get("user_id")
    if user_id is not None:
        user_id = check_user_id(user_id)
    text, payload, location = body.get("text"), body.get("payload"), body.get("location")
    given = [
        k
        for k, v in (("text", text), ("payload", payload), ("location", location))
        if v is not None
    ]
    if len(given) != 1:
        raise BadRequest("body", "exactly one of text, payload, location is required")
    if text is not None:
        text = check_text(text, "text")
    if payload is not None and (not isinstance(payload, str) or not PAYLOAD.fullmatch(payload)):
        raise BadRequest(
            "payload", "a button's payload: 1 to 200 ASCII letters, digits and . _ : / @ + = , # -"
        )
    point = None
    if location is not None:
        point = _location(location)
    return ChatRequest(user_id=user_id, text=text, payload=payload, location=point)


def parse_reset_request(body: object) -> str | None:
    """The JSON body of POST /api/chat/reset (an object; ``user_id`` only with the API
    key): the user id it names, if any."""
    if not isinstance(body, dict):
        raise BadRequest("body", "expected a JSON object")
    if set(body) - {"user_id"}:
        raise BadRequest("body", "only user_id may be given (with the API key)")
    user_id = body.get("user_id")
    return check_user_id(user_id) if user_id is not None else None


def _location(location: object) -> Location:
    if not isinstance(location, dict):
        raise BadRequest("location", "must be an object with lat and lon")
    lat, lon = location.get("lat"), location.get("lon")
    for name, value, bound in (("lat", lat, 90), ("lon", lon, 180)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadRequest(f"location.{name}", "must be a number")
        if not math.isfinite(value) or abs(value) > bound:
            raise BadRequest(f"location.{name}", f"must be between -{bound} and {bound}")
    return Location(float(lat), float(lon))


@dataclass(frozen=True)
class StatusUpdate:
    status: int
    note: str | None = None
    appointment_on: dt.date | None = None


def parse_status_update(body: object) -> StatusUpdate:
    """The JSON body of POST /api/dossiers/{code}/status, or BadRequest."""
    if not isinstance(body, dict):
        raise BadRequest("body", "expected a JSON object")
    status = body.get("status")
    if isinstance(status, bool) or not isinstance(status, int) or not 1 <= status <= 10:
        raise BadRequest("status", "required, a national status code 1-10")
    note = body.get("note")
    if note is not None:
        note = check_text(note, "note", max_chars=2000)
    appointment = body.get("appointment_on")
    appointment_on = None
    if appointment is not None:
        if not isinstance(appointment, str) or not ISO_DATE.fullmatch(appointment):
            raise BadRequest("appointment_on", "must be a date YYYY-MM-DD")
        try:
            appointment_on = dt.date.fromisoformat(appointment)
        except ValueError:
            raise BadRequest("appointment_on", "must be a date YYYY-MM-DD") from None
    return StatusUpdate(status=status, note=note, appointment_on=appointment_on)
