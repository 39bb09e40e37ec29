"""/admin/volunteers: community digital-tech volunteers and their invitations.

``GET /admin/volunteers`` (viewers) lists the volunteers ("TNV số <id>": no names are
stored) with their unit, status, duty and joining day, and the latest invitations
(unit, who made it, expiry, used or not -- never a token). A staff member whose account
has a province sees, and acts on, only that province's. Admins:

* ``POST /admin/volunteers/invite`` (``unit``: a commune's name with its province, e.g.
  "phường Bến Thành, TP Hồ Chí Minh") -- a one-time invitation for that unit; the answer
  shows its Telegram deep link (``https://t.me/<bot>?start=<token>``) once, with the day
  it expires. Without ``telegram.bot_username`` configured it shows the token and says so.
* ``POST /admin/volunteers/{id}/suspend`` (active -> suspended), ``/reinstate``
  (suspended -> active), ``/remove`` (active or suspended -> removed). The volunteer is
  told; one who stops being active gives back the requests they held.

Each change goes through flows.volunteers in one unit of work with its audit event
(kind "volunteer"). Texts in handoff_texts.yml (``h``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from aiohttp import web

from bot.admin.guard import ADMIN, staff_province
from bot.admin.handoff_pages import (
    audit,
    place_names,
    province_name,
    run_action,
    services_of,
    words,
)
from bot.admin.render import format_date, render
from bot.admin.routing import AdminRoute, Role, StaffMember
from knowledge.volunteers.records import (
    INVITE_DAYS,
    InviteProblem,
    InviteRecord,
    NewInvite,
    VolunteerRecord,
    VolunteerStatus,
    invite_link,
)
from knowledge.volunteers.repository import VolunteerRepository

logger = logging.getLogger(__name__)

PAGE = "/admin/volunteers"
VOLUNTEER = PAGE + "/{id:\\d{1,9}}"
AUDIT_KIND = "volunteer"
INVITES_SHOWN = 30
MAX_UNIT_CHARS = 200
# action -> (the status it sets, the statuses it may start from)
CHANGES = {
    "suspend": (VolunteerStatus.SUSPENDED, {VolunteerStatus.ACTIVE}),
    "reinstate": (VolunteerStatus.ACTIVE, {VolunteerStatus.SUSPENDED}),
    "remove": (VolunteerStatus.REMOVED, {VolunteerStatus.ACTIVE, VolunteerStatus.SUSPENDED}),
}


@dataclass(frozen=True)
class VolunteerRow:
    record: VolunteerRecord
    unit: str
    province: str


@dataclass(frozen=True)
class InviteRow:
    record: InviteRecord
    unit: str
    province: str
    state: str


@dataclass(frozen=True)
class ShownInvite:
    """An invitation just made, shown this once."""

    unit: str
    province: str
    expires: str
    link: str | None  # None when the bot's username is not configured
    token: str


def _invite_state(record: InviteRecord, now) -> str:
    texts = words()["volunteers"]
    problem = record.problem(now)
    if problem == InviteProblem.USED:
        return texts["invite_used"].format(day=format_date(record.used_at))
    if problem == InviteProblem.EXPIRED:
        return texts["invite_expired"]
    return texts["invite_valid"]


def _notice(request: web.Request) -> str | None:
    done, number = request.query.get("done"), request.query.get("id", "")
    texts = words()["volunteers"]["done"]
    if done not in texts or not number.isdigit() or len(number) > 9:
        return None
    return texts[done].format(id=number)


async def _page(
    request: web.Request,
    staff: StaffMember,
    *,
    invite: ShownInvite | None = None,
    unit_typed: str = "",
    field_error: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> web.Response:
    province = staff_province(request)
    async with request.app[ADMIN].db.session() as session:
        repo = VolunteerRepository(session)
        volunteers = await repo.all(province)
        invites = await repo.invites()
    if province is not None:
        invites = [i for i in invites if i.province_key == province]
    now = services_of(request).dialogue.people.volunteers.clock()
    rows = [VolunteerRow(v, *place_names(request, v.province_key, v.unit_key)) for v in volunteers]
    invite_rows = [
        InviteRow(i, *place_names(request, i.province_key, i.unit_key), _invite_state(i, now))
        for i in invites[:INVITES_SHOWN]
    ]
    active = [v for v in volunteers if v.active]
    context = {
        "h": words(),
        "rows": rows,
        "invite_rows": invite_rows,
        "counts": {"active": len(active), "on_duty": len([v for v in active if v.on_duty])},
        "can_manage": staff.role >= Role.ADMIN,
        "changes": CHANGES,
        "scope": province_name(request, province),
        "days": INVITE_DAYS,
        "invite": invite,
        "unit_typed": unit_typed,
        "field_error": field_error,
        "notice": None if error or invite else _notice(request),
        "error": error,
    }
    response = render(request, "volunteers.html", context, status=status)
    if invite is not None:  # the token is in this answer only
        response.headers["Cache-Control"] = "no-store"
    return response


async def volunteers_page(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """GET /admin/volunteers"""
    return await _page(request, staff)


def _unit_of(request: web.Request, typed: str):
    """(the one current unit ``typed`` names, None) or (None, the field's error)."""
    errors = words()["volunteers"]["invite_errors"]
    if not typed:
        return None, errors["empty"]
    if len(typed) > MAX_UNIT_CHARS:
        return None, errors["too_long"]
    places = services_of(request).dialogue.places
    unit = places.unit_of(places.resolve(typed))
    if unit is None:
        return None, errors["not_one_unit"]
    province = staff_province(request)
    if province is not None and unit.province_key != province:
        return None, errors["other_province"].format(province=province_name(request, province))
    return unit, None


async def create_invite(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """POST /admin/volunteers/invite (unit)"""
    posted = await request.post()
    typed = " ".join(str(posted.get("unit", "")).split())
    unit, problem_text = _unit_of(request, typed)
    if unit is None:
        return await _page(request, staff, unit_typed=typed, field_error=problem_text, status=400)
    services = services_of(request)
    flow = services.dialogue.people.volunteers
    clock = request.app[ADMIN].clock
    made: list[NewInvite] = []

    async def work(uow) -> None:
        invite = flow.invite(uow, unit.province_key, unit.key, staff.username)
        made.append(invite)
        after = {
            "province_key": unit.province_key,
            "unit_key": unit.key,
            "expires_at": invite.expires_at.isoformat(),
        }
        key = f"{unit.province_key}/{unit.key}"
        audit(uow, clock(), staff.username, AUDIT_KIND, "invite", key, None, after)

    problem = await run_action(request, work)
    if problem is not None:
        return await _page(
            request, staff, unit_typed=typed, error=problem.message, status=problem.status
        )
    invite = made[0]
    bot = services.config.telegram.bot_username
    unit_name, province = place_names(request, unit.province_key, unit.key)
    shown = ShownInvite(
        unit=unit_name,
        province=province,
        expires=format_date(invite.expires_at),
        link=invite_link(bot, invite.token) if bot else None,
        token=invite.token,
    )
    logger.info("volunteer invitation made in the admin by %s", staff.username)
    return await _page(request, staff, invite=shown)


def _change(action: str):
    target, allowed = CHANGES[action]

    async def change(request: web.Request, staff: StaffMember) -> web.StreamResponse:
        volunteer_id = int(request.match_info["id"])
        async with request.app[ADMIN].db.session() as session:
            volunteer = await VolunteerRepository(session).get(volunteer_id)
        province = staff_province(request)
        if volunteer is None or (province is not None and volunteer.province_key != province):
            raise web.HTTPNotFound()
        if volunteer.status not in allowed:
            status = words()["volunteers"]["statuses"][volunteer.status.value]
            message = words()["volunteers"]["errors"]["transition"].format(
                id=volunteer_id, status=status
            )
            return await _page(request, staff, error=message, status=409)
        flow = services_of(request).dialogue.people.volunteers
        clock = request.app[ADMIN].clock

        async def work(uow) -> None:
            await flow.change_status(uow, volunteer_id, target)
            before = {"status": volunteer.status.value}
            after = {"status": target.value}
            audit(
                uow, clock(), staff.username, AUDIT_KIND, action, str(volunteer_id), before, after
            )

        problem = await run_action(request, work)
        if problem is not None:
            return await _page(request, staff, error=problem.message, status=problem.status)
        logger.info("volunteer %d: %s by %s", volunteer_id, action, staff.username)
        query = urlencode({"done": target.value, "id": volunteer_id})
        raise web.HTTPSeeOther(f"{PAGE}?{query}")

    change.__doc__ = f"POST /admin/volunteers/{{id}}/{action}"
    return change


ROUTES: Sequence[AdminRoute] = [
    AdminRoute("GET", PAGE, volunteers_page, Role.VIEWER),
    AdminRoute("POST", PAGE + "/invite", create_invite, Role.ADMIN),
    *(
        AdminRoute("POST", f"{VOLUNTEER}/{action}", _change(action), Role.ADMIN)
        for action in CHANGES
    ),
]
