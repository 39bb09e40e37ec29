"""The audit: who changed what, when, and the item before and after.

``GET /admin/audit`` lists changes newest first, filtered by ``actor`` (username),
``kind`` (procedure, faq, centre, hotline, staff) and the days ``since`` / ``until``
(YYYY-MM-DD, inclusive, in Vietnam's time). Each row links to the item and to the
revision it made, and shows the fields that changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from aiohttp import web

from bot.admin.edit_changes import ChangeRow, diff_rows, words
from bot.admin.edit_pages import editing, item_path, page_context
from bot.admin.guard import ADMIN
from bot.admin.render import render
from bot.admin.routing import AdminRoute, Role, StaffMember
from knowledge.editing import KINDS, AuditFilter, AuditRecord

AUDIT_KINDS = (*KINDS, "staff", "handoff", "volunteer")
PAGE_LIMIT = 300
FILTERS = ("actor", "kind", "since", "until")


@dataclass(frozen=True)
class AuditRow:
    event: AuditRecord
    link: str | None
    changes: list[ChangeRow]


def _link(event: AuditRecord) -> str | None:
    if event.kind in KINDS and event.item_key:
        return item_path(event.kind, event.item_key)
    return None


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


async def audit_page(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """GET /admin/audit?actor=&kind=&since=&until="""
    chosen = {name: request.query.get(name, "").strip()[:50] for name in FILTERS}
    warning = None
    try:
        since, until = _day(chosen["since"]), _day(chosen["until"])
    except ValueError:
        since = until = None
        chosen["since"] = chosen["until"] = ""
        warning = words()["audit"]["bad_date"]
    kind = chosen["kind"] if chosen["kind"] in AUDIT_KINDS else None
    filters = AuditFilter(
        actor=chosen["actor"] or None, kind=kind, since=since, until=until, limit=PAGE_LIMIT
    )
    async with request.app[ADMIN].db.session() as session:
        edits = editing(request, session)
        events = await edits.audit(filters)
        actors = await edits.actors()
    rows = [AuditRow(event, _link(event), diff_rows(event.before, event.after)) for event in events]
    context = page_context(
        staff,
        rows=rows,
        actors=actors,
        kinds=AUDIT_KINDS,
        chosen=chosen,
        limited=len(events) >= PAGE_LIMIT,
        limit=PAGE_LIMIT,
        error=warning,
    )
    return render(request, "audit.html", context)


ROUTES = [AdminRoute("GET", "/admin/audit", audit_page, Role.VIEWER)]
