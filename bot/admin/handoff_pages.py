"""/admin/handoff: citizens' requests for a person, seen and answered by centre staff.

``GET /admin/handoff`` (viewers) lists the requests waiting for someone -- those sent to
the staff queue ("đã chuyển cán bộ") first, then the longest waiting --, those being
helped, and the latest closed ones, with waiting times, who holds each ("TNV số 12",
"cán bộ lan") and the ratings citizens gave; ``unit`` (``<province>/<unit>``) filters
by commune. A staff member whose account has a province (staff_accounts.province_key)
sees only that province's requests: the others are neither listed nor opened (404).

``GET /admin/handoff/{number}`` shows one request: what was said before it (redacted),
every relayed message and its state; ``?saved=<key>`` puts a saved reply
(knowledge/data/saved_replies.yml) in the reply box. Editors act on it, each action in
one unit of work of the dialogue's people flow (flows.handoff), audited (kind
"handoff"), the outbox's deliverers woken after the commit:

* ``POST /admin/handoff/{number}/claim`` -- the citizen hears that a staff member took it,
  the unit's on-duty volunteers hear it is taken; someone quicker wins politely.
* ``POST /admin/handoff/{number}/reply`` (``text``, 1-2000 characters) -- sent to the
  citizen on their channel as "Cán bộ Trung tâm Phục vụ hành chính công: <text>".
* ``POST /admin/handoff/{number}/close`` -- the citizen is asked to rate the help.

Texts in handoff_texts.yml (``h`` in the templates). Also here: the helpers the
volunteers' page shares (running a staff action, naming units and helpers, the menu).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from bot.admin.guard import ADMIN, staff_province
from bot.admin.render import render
from bot.admin.routing import AdminRoute, Role, StaffMember
from flows.handoff import handoff_texts
from flows.handoff_desk import HandoffRefused
from flows.handoff_desk import StaffMember as Helper
from knowledge.editing.records import AuditEntry
from knowledge.handoff.records import HandoffRecord, RequestStatus, Sender
from knowledge.handoff.repository import HandoffRepository
from knowledge.handoff.saved_replies import MAX_REPLY_CHARS, default_saved_replies
from knowledge.storage.db import DatabaseUnavailable
from knowledge.storage.people import ConflictingWrite
from knowledge.yaml_data import load_yaml

logger = logging.getLogger(__name__)

PAGE = "/admin/handoff"
REQUEST = PAGE + "/{number:\\d{1,9}}"
TEXTS_FILE = Path(__file__).with_name("handoff_texts.yml")
AUDIT_KIND = "handoff"
LIVE_LIMIT = 200  # open and claimed requests read for the list
CLOSED_LIMIT = 50  # the latest closed ones shown
_UNIT = re.compile(r"[a-z0-9_]{1,100}/[a-z0-9_]{1,100}")
DONE = ("claimed", "replied", "closed")


@cache
def words() -> dict[str, Any]:
    return load_yaml(TEXTS_FILE)


# ---- shared with the volunteers' page ---------------------------------------------------------


def services_of(request: web.Request):
    from bot.web import SERVICES  # here: bot.web imports the admin

    return request.app[SERVICES]


def place_names(request: web.Request, province_key: str, unit_key: str) -> tuple[str, str]:
    """(unit name, province name), the keys when the map does not know them."""
    admin_map = services_of(request).admin_map
    unit = admin_map.unit(province_key, unit_key)
    province = admin_map.province(province_key)
    return (unit.name if unit else unit_key, province.name if province else province_key)


def province_name(request: web.Request, province_key: str | None) -> str | None:
    if province_key is None:
        return None
    province = services_of(request).admin_map.province(province_key)
    return province.name if province else province_key


def helper_label(ref: str | None) -> str:
    """How staff see who holds a request or wrote a message: "TNV số 12", "cán bộ lan"."""
    labels = words()["helpers"]
    if ref and ref.startswith("v:"):
        return labels["volunteer"].format(id=ref[2:])
    if ref and ref.startswith("s:"):
        return labels["staff"].format(username=ref[2:])
    return labels["nobody"]


def duration(seconds: float) -> str:
    """A time span as staff read it: "12 phút", "2 giờ 5 phút", "3 ngày 4 giờ"."""
    texts = words()["duration"]
    minutes = max(0, int(seconds // 60))
    if minutes < 60:
        return texts["minutes"].format(m=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        key = "hours" if minutes else "whole_hours"
        return texts[key].format(h=hours, m=minutes)
    days, hours = divmod(hours, 24)
    return texts["days" if hours else "whole_days"].format(d=days, h=hours)


def audit(
    uow,
    when: dt.datetime,
    actor: str,
    kind: str,
    action: str,
    item_key: str,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """An audit event written in the unit of work's transaction, with the action it
    records (both or neither)."""
    uow.record_audit(AuditEntry(when, actor, kind, action, item_key, before, after))


@dataclass(frozen=True)
class Problem:
    """Why a staff action was not done: the status to answer with and what to say."""

    status: int
    message: str


async def run_action(
    request: web.Request, work: Callable[[Any], Awaitable[None]], conflict: str = ""
) -> Problem | None:
    """``work(uow)`` records a staff action in a unit of work of the dialogue; commit it
    and wake whoever delivers what it queued. None when done, else the Problem
    (``conflict`` is what to say when someone else changed the row first)."""
    dialogue = services_of(request).dialogue
    uow = dialogue.unit_of_work()
    errors = words()["request"]["errors"]
    try:
        async with uow:
            await work(uow)
            await uow.commit()
    except HandoffRefused as exc:
        return Problem(409, handoff_texts()(exc.reason, **exc.values))
    except ConflictingWrite as exc:  # someone changed the request between read and commit
        logger.info("staff action lost a race: %s", exc.what)
        return Problem(409, conflict or errors["changed"])
    except DatabaseUnavailable as exc:
        logger.warning("staff action not done: %s", exc)
        return Problem(503, errors["unavailable"])
    for listener in dialogue.outbox_listeners:
        listener(uow.sent)
    return None


# ---- the list -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestRow:
    record: HandoffRecord
    unit: str
    province: str
    waited: str  # "chờ 12 phút" while open, "nhận sau 3 phút" once claimed
    helper: str


def _row(request: web.Request, record: HandoffRecord, now: dt.datetime) -> RequestRow:
    texts = words()["handoff"]
    if record.status == RequestStatus.OPEN:
        waited = texts["waiting"].format(
            duration=duration((now - record.opened_at).total_seconds())
        )
    elif record.claimed_at is not None:
        waited = texts["claimed_after"].format(
            duration=duration((record.claimed_at - record.opened_at).total_seconds())
        )
    else:
        waited = ""
    unit, province = place_names(request, record.province_key, record.unit_key)
    return RequestRow(record, unit, province, waited, helper_label(record.claimer))


def ratings_summary(counts: dict[int, int]) -> dict[str, Any]:
    """Per rating 1-5 its count, the total and the average ("4,5")."""
    total = sum(counts.values())
    average = sum(k * v for k, v in counts.items()) / total if total else 0.0
    return {
        "counts": [(stars, counts.get(stars, 0)) for stars in range(5, 0, -1)],
        "total": total,
        "average": f"{average:.1f}".replace(".", ","),
    }


async def handoff_list(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """GET /admin/handoff?unit=<province>/<unit>"""
    province = staff_province(request)
    chosen = request.query.get("unit", "")
    chosen = chosen if _UNIT.fullmatch(chosen) else ""
    async with request.app[ADMIN].db.session() as session:
        repo = HandoffRepository(session)
        live = await repo.listing(
            province, (RequestStatus.OPEN, RequestStatus.CLAIMED), limit=LIVE_LIMIT
        )
        closed = await repo.listing(province, (RequestStatus.CLOSED,), limit=CLOSED_LIMIT)
        ratings = await repo.ratings(province)
    now = request.app[ADMIN].clock()
    units: dict[str, int] = {}
    for record in (*live, *closed):
        key = f"{record.province_key}/{record.unit_key}"
        units[key] = units.get(key, 0) + (record.status != RequestStatus.CLOSED)
    choices = []
    for key, waiting in units.items():
        unit, province_of = place_names(request, *key.split("/", 1))
        choices.append((key, f"{unit}, {province_of} ({waiting})"))
    choices.sort(key=lambda pair: pair[1])

    def shown(records: Sequence[HandoffRecord]) -> list[RequestRow]:
        return [
            _row(request, r, now)
            for r in records
            if not chosen or f"{r.province_key}/{r.unit_key}" == chosen
        ]

    waiting = [r for r in live if r.status == RequestStatus.OPEN]
    waiting.sort(key=lambda r: (r.escalated_at is None, r.opened_at))  # staff queue first
    helped = sorted(
        (r for r in live if r.status == RequestStatus.CLAIMED),
        key=lambda r: r.claimed_at or r.opened_at,
    )
    ended = sorted(closed, key=lambda r: r.closed_at or r.opened_at, reverse=True)
    context = {
        "h": words(),
        "open_rows": shown(waiting),
        "claimed_rows": shown(helped),
        "closed_rows": shown(ended),
        "unit_choices": choices,
        "chosen_unit": chosen,
        "scope": province_name(request, province),
        "ratings": ratings_summary(ratings),
        "limited": len(live) >= LIVE_LIMIT,
        "limit": LIVE_LIMIT,
    }
    return render(request, "handoff.html", context)


# ---- one request ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MessageRow:
    who: str
    at: dt.datetime
    text: str
    from_citizen: bool


def _message_author(sender: Sender, author: str | None) -> str:
    if sender == Sender.CITIZEN:
        return words()["helpers"]["citizen"]
    return helper_label(author)


async def _visible(request: web.Request, number: int) -> tuple[HandoffRecord, list]:
    """The request and its messages, if the staff member may see it (else 404)."""
    async with request.app[ADMIN].db.session() as session:
        repo = HandoffRepository(session)
        record = await repo.get(number)
        province = staff_province(request)
        if record is None or (province is not None and record.province_key != province):
            raise web.HTTPNotFound()
        messages = await repo.messages(record.id)
    return record, messages


def _number(request: web.Request) -> int:
    return int(request.match_info["number"])


def _notice(request: web.Request, number: int) -> str | None:
    done = request.query.get("done")
    if done not in DONE:
        return None
    return words()["request"]["done"][done].format(number=number)


async def handoff_detail(
    request: web.Request,
    staff: StaffMember,
    *,
    error: str | None = None,
    text: str | None = None,
    field_error: str | None = None,
    status: int = 200,
) -> web.Response:
    """GET /admin/handoff/{number}?saved=<key>"""
    number = _number(request)
    record, messages = await _visible(request, number)
    saved = default_saved_replies()
    mine = record.status == RequestStatus.CLAIMED and record.claimer == f"s:{staff.username}"
    if text is None and mine:
        chosen = saved.get(request.query.get("saved", ""))
        text = chosen.text if chosen is not None else ""
    unit, province = place_names(request, record.province_key, record.unit_key)
    context = {
        "h": words(),
        "record": record,
        "unit": unit,
        "province": province,
        "helper": helper_label(record.claimer),
        "reason": words()["reasons"].get(record.reason, record.reason),
        "messages": [
            MessageRow(
                _message_author(m.sender, m.author),
                m.created_at,
                m.text,
                m.sender == Sender.CITIZEN,
            )
            for m in messages
        ],
        "can_act": staff.role >= Role.EDITOR,
        "may_claim": record.status == RequestStatus.OPEN,
        "mine": mine,
        "may_close": record.status == RequestStatus.OPEN or mine,
        "saved_replies": list(saved.values()),
        "reply_text": text or "",
        "field_error": field_error,
        "limit": MAX_REPLY_CHARS,
        "notice": None if error else _notice(request, number),
        "error": error,
    }
    return render(request, "handoff_request.html", context, status=status)


# ---- acting on it -----------------------------------------------------------------------------


class ReplyForm(BaseModel):
    """What a staff member sends a citizen: 1-2000 characters (the ends trimmed)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    text: str

    @field_validator("text", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        text = value.strip() if isinstance(value, str) else ""
        if not text:
            raise PydanticCustomError("reply_empty", "the reply is empty")
        if len(text) > MAX_REPLY_CHARS:
            raise PydanticCustomError("reply_too_long", "the reply is too long")
        return text


def _helper(request: web.Request, staff: StaffMember) -> Helper:
    return Helper(staff.username, staff_province(request))


async def _act(
    request: web.Request,
    staff: StaffMember,
    action: str,
    change: Callable[[Any, HandoffRecord], Awaitable[dict | None]],
    typed: str | None = None,
) -> web.StreamResponse:
    """Do ``change(uow, record)`` (it returns what the audit records after it) on a
    request the staff member may see; 303 back to it, or the page with the refusal
    (``typed``: the reply, kept in its box)."""
    number = _number(request)
    record, _ = await _visible(request, number)
    clock = request.app[ADMIN].clock

    async def work(uow) -> None:
        after = await change(uow, record)
        before = {"status": record.status.value, "claimer": record.claimer}
        audit(uow, clock(), staff.username, AUDIT_KIND, action, str(number), before, after)

    errors = words()["request"]["errors"]
    conflict = errors["taken_first" if action == "claim" else "changed"].format(number=number)
    problem = await run_action(request, work, conflict)
    if problem is not None:
        return await handoff_detail(
            request, staff, error=problem.message, text=typed, status=problem.status
        )
    logger.info("handoff request %d: %s by staff member %s", number, action, staff.username)
    done = {"claim": "claimed", "reply": "replied", "close": "closed"}[action]
    raise web.HTTPSeeOther(f"{PAGE}/{number}?{urlencode({'done': done})}")


async def claim(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """POST /admin/handoff/{number}/claim"""
    flow = services_of(request).dialogue.people.desk
    helper = _helper(request, staff)

    async def change(uow, record: HandoffRecord) -> dict:
        await flow.claim(uow, record.number, helper)
        return {"status": RequestStatus.CLAIMED.value, "claimer": helper.ref}

    return await _act(request, staff, "claim", change)


async def reply(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """POST /admin/handoff/{number}/reply (text)"""
    posted = await request.post()
    typed = posted.get("text", "")
    try:
        form = ReplyForm.model_validate({"text": typed})
    except ValidationError as exc:
        kind = exc.errors()[0]["type"]
        message = words()["request"]["errors"][kind].format(limit=MAX_REPLY_CHARS)
        shown = typed if isinstance(typed, str) else ""
        return await handoff_detail(request, staff, text=shown, field_error=message, status=400)
    flow = services_of(request).dialogue.people.desk
    helper = _helper(request, staff)

    async def change(uow, record: HandoffRecord) -> dict:
        await flow.reply(uow, record.number, helper, form.text)
        return {"status": record.status.value, "message_chars": len(form.text)}

    return await _act(request, staff, "reply", change, typed=form.text)


async def close(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """POST /admin/handoff/{number}/close"""
    flow = services_of(request).dialogue.people.desk
    helper = _helper(request, staff)

    async def change(uow, record: HandoffRecord) -> dict:
        await flow.close(uow, record.number, helper)
        return {"status": RequestStatus.CLOSED.value, "claimer": record.claimer}

    return await _act(request, staff, "close", change)


ROUTES: Sequence[AdminRoute] = [
    AdminRoute("GET", PAGE, handoff_list, Role.VIEWER),
    AdminRoute("GET", REQUEST, handoff_detail, Role.VIEWER),
    AdminRoute("POST", REQUEST + "/claim", claim, Role.EDITOR),
    AdminRoute("POST", REQUEST + "/reply", reply, Role.EDITOR),
    AdminRoute("POST", REQUEST + "/close", close, Role.EDITOR),
]
