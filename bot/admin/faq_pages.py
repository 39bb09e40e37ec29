"""FAQ entries in the admin: the list, a new entry, one entry with its draft and history.

``POST /admin/faq/new`` (fields ``question``, ``variants`` one phrasing per line,
``answer``, ``source_url``, optional ``procedure_code``, ``province_key``, ``unit_key``,
``verified_on`` — blank means today) creates the entry as a draft and answers 303 to
``/admin/faq/{id}``; ``POST /admin/faq/{id}`` saves a draft edit (refused, nothing
saved, when its ``based_on`` version is no longer the entry's newest); ``POST
/admin/faq/{id}/publish`` (admins) publishes the entry's waiting draft -- the one the
admin reviewed, ``revision``, when the form names it. The bot answers
only published entries. Discarding and restoring go through /admin/revisions/{id}
(bot.admin.edit_pages).
"""

from __future__ import annotations

from aiohttp import web

from bot.admin.edit_pages import (
    editing,
    item_handlers,
    knowledge_changed,
    notice,
    number_of,
    page_context,
    problem_page,
)
from bot.admin.guard import ADMIN
from bot.admin.render import render
from bot.admin.routing import AdminRoute, Role, StaffMember
from knowledge.editing import EditingError, InvalidData
from knowledge.faq.repository import FaqRepository

BASE = "/admin/faq"
ENTRY = BASE + "/{key:\\d{1,9}}"


async def faq_list(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """GET /admin/faq: every entry with its status, and which have a draft waiting."""
    async with request.app[ADMIN].db.session() as session:
        entries = await FaqRepository(session).all()
        pending = await editing(request, session).pending("faq")
    entries.sort(key=lambda entry: entry.id, reverse=True)
    context = page_context(staff, entries=entries, pending=pending, notice=notice(request))
    return render(request, "faq_list.html", context)


async def publish_entry(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """POST /admin/faq/{id}/publish: the entry's waiting draft goes live."""
    key = request.match_info["key"]
    try:
        async with request.app[ADMIN].db.session() as session:
            edits = editing(request, session)
            draft = (await edits.pending("faq")).get(key)
            if draft is None:
                raise EditingError("no_draft", key)
            seen = number_of(await request.post(), "revision")
            if seen is not None and seen != draft:  # a newer draft came after the review
                raise EditingError("draft_replaced", f"{seen} -> {draft}")
            await edits.publish(draft, staff.username)
    except EditingError as exc:
        return problem_page(request, staff, exc.reason, 409 if exc.reason != "no_draft" else 400)
    except InvalidData:
        return problem_page(request, staff, "publish_invalid", 409)
    knowledge_changed(request)
    raise web.HTTPSeeOther(f"{BASE}/{key}?done=published")


show_entry, save_entry, new_entry, create_entry = item_handlers("faq")

ROUTES = [
    AdminRoute("GET", BASE, faq_list, Role.VIEWER),
    AdminRoute("GET", BASE + "/new", new_entry, Role.EDITOR),
    AdminRoute("POST", BASE + "/new", create_entry, Role.EDITOR),
    AdminRoute("GET", ENTRY, show_entry, Role.VIEWER),
    AdminRoute("POST", ENTRY, save_entry, Role.EDITOR),
    AdminRoute("POST", ENTRY + "/publish", publish_entry, Role.ADMIN),
]
