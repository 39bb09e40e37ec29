"""The aiohttp web server: REST chat API, health and metrics.

Routes parse input, call the dialogue, and render JSON. Business rules live
in flows/.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import json
import logging
import math
from collections import Counter

from aiohttp import web

from bot.app import Services
from bot.notifier import Notifier
from flows.types import Location, Turn
from knowledge.db import DatabaseUnavailable
from knowledge.dossier_codes import EXAMPLE_CODE, normalize_code

logger = logging.getLogger(__name__)

SERVICES = web.AppKey("services", Services)
METRICS = web.AppKey("metrics", Counter)
NOTIFIER = web.AppKey("notifier", Notifier)
BACKGROUND = web.AppKey("background", set)

MAX_BODY_BYTES = 64 * 1024
MAX_USER_ID = 100


class BadRequest(Exception):
    """A request the API cannot accept; ``field`` names the offending part."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def parse_chat_request(body: object) -> Turn:
    """Turn the JSON body of POST /api/chat into a Turn, or raise BadRequest."""
    if not isinstance(body, dict):
        raise BadRequest("body", "expected a JSON object")
    user_id = body.get("user_id")
    if not isinstance(user_id, str | int) or isinstance(user_id, bool):
        raise BadRequest("user_id", "required, a string")
    user_id = str(user_id).strip()
    if not user_id or len(user_id) > MAX_USER_ID:
        raise BadRequest("user_id", f"1 to {MAX_USER_ID} characters")
    text, payload, location = body.get("text"), body.get("payload"), body.get("location")
    given = [
        k
        for k, v in (("text", text), ("payload", payload), ("location", location))
        if v is not None
    ]
    if len(given) != 1:
        raise BadRequest("body", "exactly one of text, payload, location is required")
    if text is not None and not isinstance(text, str):
        raise BadRequest("text", "must be a string")
    if payload is not None and (not isinstance(payload, str) or len(payload) > 200):
        raise BadRequest("payload", "must be a string of at most 200 characters")
    point = None
    if location is not None:
        if not isinstance(location, dict):
            raise BadRequest("location", "must be an object with lat and lon")
        lat, lon = location.get("lat"), location.get("lon")
        for name, value, bound in (("lat", lat, 90), ("lon", lon, 180)):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise BadRequest(f"location.{name}", "must be a number")
            if not math.isfinite(value) or abs(value) > bound:
                raise BadRequest(f"location.{name}", f"must be between -{bound} and {bound}")
        point = Location(float(lat), float(lon))
    return Turn(channel="web", user_id=user_id, text=text, payload=payload, location=point)


async def chat(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    try:
        body = await request.json(loads=json.loads)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise web.HTTPBadRequest(
            text=json.dumps({"error": "invalid_json", "detail": "body must be JSON"}),
            content_type="application/json",
        ) from None
    try:
        turn = parse_chat_request(body)
    except BadRequest as exc:
        raise web.HTTPBadRequest(
            text=json.dumps({"error": "bad_request", "field": exc.field, "detail": exc.problem}),
            content_type="application/json",
        ) from None
    request.app[METRICS]["chat_turns_total"] += 1
    try:
        replies = await services.dialogue.handle(turn)
    except Exception as exc:
        request.app[METRICS]["chat_errors_total"] += 1
        logger.error("chat turn failed", exc_info=True)
        reply = services.dialogue.error_reply(exc)
        return web.json_response({"replies": [reply.to_dict()]}, status=503)
    return web.json_response({"replies": [r.to_dict() for r in replies]})


def _json_error(status: int, error: str, detail: str, **extra) -> web.Response:
    return web.json_response({"error": error, "detail": detail, **extra}, status=status)


def parse_status_update(body: object) -> tuple[int, str | None, dt.date | None]:
    """Validate the body of POST /api/dossiers/{code}/status."""
    if not isinstance(body, dict):
        raise BadRequest("body", "expected a JSON object")
    status = body.get("status")
    if isinstance(status, bool) or not isinstance(status, int) or not 1 <= status <= 10:
        raise BadRequest("status", "required, a national status code 1-10")
    note = body.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > 2000):
        raise BadRequest("note", "must be a string of at most 2000 characters")
    appointment = body.get("appointment_on")
    appointment_on = None
    if appointment is not None:
        try:
            appointment_on = dt.date.fromisoformat(appointment)
        except (TypeError, ValueError):
            raise BadRequest("appointment_on", "must be a date YYYY-MM-DD") from None
    return status, note, appointment_on


def _authorized(request: web.Request, api_key: str | None) -> bool:
    header = request.headers.get("Authorization", "")
    if not api_key or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header[7:].encode(), api_key.encode())


async def dossier_status(request: web.Request) -> web.Response:
    """The centre pushes a status change; subscribers are told in the background."""
    services = request.app[SERVICES]
    if not _authorized(request, services.config.api_key):
        logger.warning("rejected dossier status push: bad or missing API key")
        return _json_error(401, "unauthorized", "send Authorization: Bearer <CITIZENBOT_API_KEY>")
    code = normalize_code(request.match_info["code"])
    if code is None:
        return _json_error(400, "bad_code", f"dossier code must look like {EXAMPLE_CODE}")
    try:
        body = await request.json()
        status, note, appointment_on = parse_status_update(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _json_error(400, "invalid_json", "body must be JSON")
    except BadRequest as exc:
        return _json_error(400, "bad_request", exc.problem, field=exc.field)
    try:
        change = await services.registry.record_status(
            code, status, note=note, appointment_on=appointment_on, source="api"
        )
    except DatabaseUnavailable:
        logger.warning("dossier status push for %s not stored: database unavailable", code)
        return _json_error(503, "unavailable", "database unavailable, retry later")
    request.app[METRICS]["dossier_status_pushes_total"] += 1
    _background(request.app, _notify(request.app, change))
    return web.json_response(
        {
            "code": code,
            "status": change.new_status,
            "old_status": change.old_status,
            "changed": change.changed,
        }
    )


async def _notify(app: web.Application, change) -> None:
    try:
        await app[NOTIFIER].notify(change)
    except Exception:
        logger.error("notifying subscribers of %s failed", change.code, exc_info=True)


def _background(app: web.Application, coro) -> None:
    task = asyncio.get_running_loop().create_task(coro)
    app[BACKGROUND].add(task)
    task.add_done_callback(app[BACKGROUND].discard)


async def web_notifications(request: web.Request) -> web.Response:
    """The web chat collects messages pushed to it (status changes), once each."""
    user_id = request.query.get("user_id", "").strip()
    if not user_id or len(user_id) > MAX_USER_ID:
        return _json_error(400, "bad_request", "user_id is required", field="user_id")
    messages = await request.app[SERVICES].registry.pop_web(user_id)
    return web.json_response({"messages": [{"text": m} for m in messages]})


async def _drain_background(app: web.Application):
    yield
    tasks = list(app[BACKGROUND])
    if tasks:
        await asyncio.wait(tasks, timeout=10)


async def healthz(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    return web.json_response(
        {
            "status": "ok",
            "procedures": len(services.catalogue),
            "nlu_backend": services.config.nlu.backend,
        }
    )


async def metrics(request: web.Request) -> web.Response:
    lines = [f"citizenbot_{name} {value}" for name, value in sorted(request.app[METRICS].items())]
    return web.Response(text="\n".join(lines) + "\n", content_type="text/plain")


@web.middleware
async def json_errors(request: web.Request, handler):
    """Unexpected errors become a JSON 500 and one log line with the traceback."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception:
        logger.error("unhandled error on %s %s", request.method, request.path, exc_info=True)
        return web.json_response({"error": "internal_error"}, status=500)


def create_app(services: Services, notifier: Notifier | None = None) -> web.Application:
    """App factory; the caller owns the services' lifetime."""
    app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[json_errors])
    app[SERVICES] = services
    app[METRICS] = Counter()
    app[NOTIFIER] = notifier or Notifier(services.dossiers, services.registry)
    app[BACKGROUND] = set()
    app.cleanup_ctx.append(_drain_background)
    app.router.add_post("/api/chat", chat)
    app.router.add_get("/api/chat/notifications", web_notifications)
    app.router.add_post("/api/dossiers/{code}/status", dossier_status)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    return app
