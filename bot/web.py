"""The aiohttp web server: REST chat API, health, readiness and metrics.

Routes read the request (bot.web_input), establish whom it speaks for (bot.web_session),
call the dialogue or the registry once, and render JSON. Business rules live in flows/;
what guards the server (limits, headers, logs, timeouts) is in bot.web_guard.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from bot.app import Services
from bot.live_knowledge import KnowledgeWatcher, watching
from bot.notifier import Notifier
from bot.web_chat import setup_web_chat
from bot.web_errors import ApiError
from bot.web_guard import (
    Decision,
    Limits,
    TurnQueue,
    client_address,
    guard_middleware,
    handler_args,
    render_counts,
    security_headers,
)
from bot.web_input import (
    MAX_BODY_BYTES,
    check_user_id,
    parse_chat_request,
    parse_reset_request,
    parse_status_update,
    read_json,
)
from bot.web_session import (
    Caller,
    SessionSigner,
    bearer_matches,
    clear_cookie,
    identify,
    set_cookie,
)
from flows.fresh_start import start_afresh
from flows.templates import Templates
from flows.types import Reply, Turn
from knowledge.dossiers.codes import EXAMPLE_CODE, normalize_code
from knowledge.storage.db import DatabaseUnavailable
from knowledge.yaml_data import load_yaml

logger = logging.getLogger(__name__)

SERVICES = web.AppKey("services", Services)
METRICS = web.AppKey("metrics", Counter)
HTTP_COUNTS = web.AppKey("http_counts", Counter)
NOTIFIER = web.AppKey("notifier", Notifier)
BACKGROUND = web.AppKey("background", set)
SESSIONS = web.AppKey("sessions", SessionSigner)
LIMITS = web.AppKey("limits", Limits)
TEXTS = web.AppKey("texts", Templates)
KNOWLEDGE = web.AppKey("knowledge", KnowledgeWatcher)
TURNS = web.AppKey("turns", TurnQueue)

TEXTS_FILE = Path(__file__).with_name("web_texts.yml")
PROBE_TIMEOUT_S = 2.0
RETRY_AFTER_OUTAGE_S = "5"


# ---- the chat ----------------------------------------------------------------------------


async def chat(request: web.Request) -> web.Response:
    """One message of the web chat: who speaks, within limits, answered by the dialogue."""
    app, services = request.app, request.app[SERVICES]
    message = parse_chat_request(await read_json(request, services.config.web.body_timeout_s))
    caller = identify(
        request, app[SESSIONS], services.config.api_key, message.user_id, may_start=True
    )
    if caller.via == "new":
        _enforce(app, app[LIMITS].new_sessions.check(client_address(request)), "conversations")
    decision = app[LIMITS].messages.check(caller.user_id)
    if not decision.allowed:
        return _rate_limited(request, caller, decision)
    app[METRICS]["chat_turns_total"] += 1
    turn = Turn(
        channel="web",
        user_id=caller.user_id,
        text=message.text,
        payload=message.payload,
        location=message.location,
    )
    try:
        async with app[TURNS].turn(caller.user_id):
            replies = await services.dialogue.handle(turn)
        return _chat_response(request, caller, replies)
    except DatabaseUnavailable as exc:
        app[METRICS]["chat_errors_total"] += 1
        # An outage, not a bug: no traceback (it would carry SQL parameters).
        logger.warning("chat turn not answered: %s", exc)
        reply = services.dialogue.error_reply(exc)
        return _chat_response(request, caller, [reply], 503, _outage_error())
    except Exception as exc:
        app[METRICS]["chat_errors_total"] += 1
        logger.error("chat turn failed", exc_info=True)
        reply = services.dialogue.error_reply(exc)
        error = {"error": "internal_error", "field": None, "detail": "unexpected error (logged)"}
        return _chat_response(request, caller, [reply], 500, error)


async def chat_reset(request: web.Request) -> web.Response:
    """The page's "Xóa cuộc trò chuyện": the session's conversation starts afresh, the
    bot forgets what it was about (flows.fresh_start). The same user and session go on
    (followed dossiers, a request for a person). Checked as a message is: a JSON body
    (another site's form cannot send one), the session (a cookie from another site is
    refused), the user's message limit."""
    app, services = request.app, request.app[SERVICES]
    claimed = parse_reset_request(await read_json(request, services.config.web.body_timeout_s))
    caller = identify(request, app[SESSIONS], services.config.api_key, claimed, may_start=False)
    decision = app[LIMITS].messages.check(caller.user_id)
    if not decision.allowed:
        return _rate_limited(request, caller, decision)
    app[METRICS]["chat_resets_total"] += 1
    try:
        async with app[TURNS].turn(caller.user_id):  # after the user's turns under way
            replies = await start_afresh(services.dialogue, "web", caller.user_id)
    except DatabaseUnavailable as exc:
        logger.warning("conversation not started afresh: %s", exc)
        reply = services.dialogue.error_reply(exc)
        return _chat_response(request, caller, [reply], 503, _outage_error())
    return _chat_response(request, caller, replies)


def _chat_response(
    request: web.Request,
    caller: Caller,
    replies: list[Reply],
    status: int = 200,
    error: dict | None = None,
) -> web.Response:
    """Replies, plus the caller's session (JSON and cookie) unless it spoke with the key.

    After "delete my data" the session ends: the cookie is cleared and none is returned.
    """
    deleted = status == 200 and any(r.kind == "deleted" for r in replies)
    body: dict = {**(error or {}), "replies": [r.to_dict() for r in replies]}
    if caller.session is not None:
        body["session"] = None if deleted else caller.session.token
    response = web.json_response(body, status=status)
    if status == 503:
        response.headers["Retry-After"] = RETRY_AFTER_OUTAGE_S
    if caller.session is not None:
        if deleted:
            clear_cookie(response)
        elif caller.renewed:
            max_age = request.app[SESSIONS].max_age_s
            set_cookie(response, request, caller.session, max_age)
    return response


def _rate_limited(request: web.Request, caller: Caller, decision: Decision) -> web.Response:
    """The first message over the limit is answered in words; the rest get no reply."""
    replies = []
    if decision.tell:
        logger.info("a web user is over the message limit for %d s", decision.retry_after_s)
        text = request.app[TEXTS]("rate_limited", seconds=decision.retry_after_s)
        replies = [Reply(text, kind="rate_limited")]
    error = {
        "error": "rate_limited",
        "field": None,
        "detail": f"too many messages; send again in {decision.retry_after_s} s",
    }
    response = _chat_response(request, caller, replies, 429, error)
    response.headers["Retry-After"] = str(decision.retry_after_s)
    return response


def _enforce(app: web.Application, decision: Decision, what: str) -> None:
    """Refuse a request over a per-address limit (429, polite words the first time)."""
    if decision.allowed:
        return
    replies = []
    if decision.tell:
        logger.info("an address is over the %s limit for %d s", what, decision.retry_after_s)
        text = app[TEXTS]("rate_limited", seconds=decision.retry_after_s)
        replies = [Reply(text, kind="rate_limited").to_dict()]
    raise ApiError(
        429,
        "rate_limited",
        f"too many {what} from this address; try again in {decision.retry_after_s} s",
        headers={"Retry-After": str(decision.retry_after_s)},
        extra={"replies": replies},
    )


def _outage_error() -> dict:
    return {"error": "unavailable", "field": None, "detail": "database unavailable, retry later"}


def _busy(services: Services, exc: DatabaseUnavailable) -> web.Response:
    """The polite Vietnamese busy reply, as a 503."""
    return web.json_response(
        {**_outage_error(), "replies": [services.dialogue.error_reply(exc).to_dict()]},
        status=503,
        headers={"Retry-After": RETRY_AFTER_OUTAGE_S},
    )


async def web_notifications(request: web.Request) -> web.Response:
    """The web chat collects messages pushed to it (status changes), once each.

    Only for the session's own user (or any user_id with the API key). HEAD answers the
    same way but never hands out (uses up) a message.
    """
    services = request.app[SERVICES]
    claimed = request.query.get("user_id")
    if claimed is not None:
        claimed = check_user_id(claimed)
    caller = identify(
        request, request.app[SESSIONS], services.config.api_key, claimed, may_start=False
    )
    if request.method == "HEAD":
        return web.json_response({"messages": []})
    try:
        messages = await services.registry.pop_web(caller.user_id)
    except DatabaseUnavailable as exc:
        logger.warning("web notifications not read: %s", exc)
        return _busy(services, exc)
    return web.json_response({"messages": [{"text": m} for m in messages]})


# ---- the centres' push API ------------------------------------------------------------------


async def dossier_status(request: web.Request) -> web.Response:
    """The centre pushes a status change; subscribers are told in the background."""
    app, services = request.app, request.app[SERVICES]
    _enforce(app, app[LIMITS].pushes.check(client_address(request)), "status pushes")
    if not bearer_matches(request, services.config.api_key):
        logger.warning("rejected dossier status push: bad or missing API key")
        raise ApiError(
            401,
            "unauthorized",
            "send Authorization: Bearer <CITIZENBOT_API_KEY>",
            "Authorization",
            headers={"WWW-Authenticate": "Bearer"},
        )
    code = normalize_code(request.match_info["code"])
    if code is None:
        raise ApiError(400, "bad_code", f"dossier code must look like {EXAMPLE_CODE}", "code")
    update = parse_status_update(await read_json(request, services.config.web.body_timeout_s))
    try:
        change = await services.registry.record_status(
            code,
            update.status,
            note=update.note,
            appointment_on=update.appointment_on,
            source="api",
        )
    except DatabaseUnavailable as exc:
        logger.warning("dossier status push for %s not stored: database unavailable", code)
        return _busy(services, exc)
    app[METRICS]["dossier_status_pushes_total"] += 1
    _background(app, _notify(app, change))
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


async def _drain_background(app: web.Application):
    yield
    tasks = list(app[BACKGROUND])
    if tasks:
        await asyncio.wait(tasks, timeout=10)


# ---- health, readiness, metrics ---------------------------------------------------------------


async def _watch_knowledge(app: web.Application):
    """Published edits answer in this process too (bot/live_knowledge.py)."""
    services = app[SERVICES]
    async with watching(services, services.config.server.knowledge_refresh_s) as watcher:
        app[KNOWLEDGE] = watcher
        yield


async def _database_state(services: Services) -> str:
    """Whether the database answers a read of its schema table in time: "ok" or not."""
    try:
        async with asyncio.timeout(PROBE_TIMEOUT_S):
            async with services.db.engine.connect() as conn:
                await conn.exec_driver_sql("SELECT 1 FROM alembic_version")
    except Exception as exc:  # whatever stops the probe, the database is not answering
        logger.warning("database probe failed: %s", type(exc).__name__)
        return "unavailable"
    return "ok"


async def healthz(request: web.Request) -> web.Response:
    """Liveness (the process answers: 200) with the database's state in the body."""
    services = request.app[SERVICES]
    database = await _database_state(services)
    return web.json_response(
        {
            "status": "ok" if database == "ok" else "degraded",
            "database": database,
            "procedures": len(services.catalogue),
            "nlu_backend": services.config.nlu.backend,
        }
    )


async def readyz(request: web.Request) -> web.Response:
    """Readiness: 503 while the database does not answer (take this process out of rotation)."""
    database = await _database_state(request.app[SERVICES])
    ready = database == "ok"
    return web.json_response({"ready": ready, "database": database}, status=200 if ready else 503)


async def metrics(request: web.Request) -> web.Response:
    lines = [f"citizenbot_{name} {value}" for name, value in sorted(request.app[METRICS].items())]
    lines += render_counts(request.app[HTTP_COUNTS])
    return web.Response(text="\n".join(lines) + "\n", content_type="text/plain")


def create_app(
    services: Services,
    notifier: Notifier | None = None,
    *,
    clock: Callable[[], float] | None = None,
) -> web.Application:
    """App factory; the caller owns the services' lifetime.

    ``clock`` (seconds) drives session ages and rate-limit windows; tests pass a fake.
    """
    settings = services.config.web
    counts: Counter = Counter()
    app = web.Application(
        client_max_size=MAX_BODY_BYTES,
        middlewares=[guard_middleware(counts, services.config.api_key)],
        handler_args=handler_args(settings),
    )
    app[SERVICES] = services
    app[METRICS] = Counter()
    app[HTTP_COUNTS] = counts
    app[NOTIFIER] = notifier or Notifier(services.dossiers, services.registry)
    app[BACKGROUND] = set()
    app[SESSIONS] = SessionSigner.from_settings(settings, clock or time.time)
    app[LIMITS] = Limits.from_settings(settings, clock or time.monotonic)
    app[TURNS] = TurnQueue(settings.turns_at_once)
    app[TEXTS] = Templates(load_yaml(TEXTS_FILE))
    app.on_response_prepare.append(security_headers)
    app.cleanup_ctx.append(_drain_background)
    app.cleanup_ctx.append(_watch_knowledge)
    app.router.add_post("/api/chat", chat)
    app.router.add_post("/api/chat/reset", chat_reset)
    app.router.add_get("/api/chat/notifications", web_notifications, allow_head=False)
    app.router.add_head("/api/chat/notifications", web_notifications)
    app.router.add_post("/api/dossiers/{code}/status", dossier_status)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    from bot.admin import setup_admin  # here, not above: the admin's pages import this module

    setup_admin(app, clock)
    setup_web_chat(app)
    return app
