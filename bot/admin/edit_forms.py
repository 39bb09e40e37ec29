"""What every editing page shares (bot.admin.edit_pages: items and lists;
bot.admin.revision_pages: drafts and versions; bot.admin.faq_pages): where each kind of
item lives, the context every editing template reads, an error page, and saving a
posted form as a draft -- the bot answers with the published version until an admin
publishes it. Validation errors come back next to their field, in Vietnamese, with what
was typed."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from aiohttp import web
from pydantic import ValidationError

from bot.admin.edit_changes import Saved, conflict_message, words
from bot.admin.faq_places import place_keys, place_names
from bot.admin.guard import ADMIN
from bot.admin.render import render
from bot.admin.routing import Role, StaffMember
from bot.web import KNOWLEDGE
from flows.format import VIETNAM
from knowledge.editing import (
    BASELINE_AUTHOR,
    Editing,
    EditingError,
    InvalidData,
    StaleForm,
    field_errors,
)
from knowledge.editing.forms import SECTIONS, EditForm, data_of, error_fields, form_of, form_posted
from knowledge.faq.schema import FaqEntryData
from knowledge.insights.records import Resolution, ResolutionKind
from knowledge.insights.repository import InboxRepository

logger = logging.getLogger(__name__)

PATHS = {
    "procedure": "/admin/procedures",
    "faq": "/admin/faq",
    "centre": "/admin/centres",
    "hotline": "/admin/hotlines",
}
KEYS = {"procedure": "{key:[A-Za-z0-9_]{1,80}}", "centre": "{key:\\d{1,9}}"}
KEYS["hotline"] = KEYS["centre"]


def item_path(kind: str, key: str | None, revision_id: int | None = None) -> str:
    """The page of an item; a new item not yet published is its revision's page."""
    if key is None:
        return f"/admin/revisions/{revision_id}"
    return f"{PATHS[kind]}/{key}"


def editing(request: web.Request, session) -> Editing:
    return Editing(session, clock=request.app[ADMIN].clock)


def today(request: web.Request) -> dt.date:
    return request.app[ADMIN].clock().astimezone(VIETNAM).date()


async def shown_form(kind: str, data: dict) -> EditForm:
    """The form showing ``data``; a FAQ entry's place by its names."""
    form = form_of(kind, data)
    if kind != "faq":
        return form
    return EditForm(await place_names(form.values), form.rows)


def fields_of(kind: str) -> str:
    """The template with the form fields of ``kind``."""
    return "faq_fields.html" if kind == "faq" else f"edit_fields_{kind}.html"


def notice(request: web.Request) -> str | None:
    return words()["notices"].get(request.query.get("done", ""))


def page_context(staff: StaffMember, **context: Any) -> dict[str, Any]:
    """What every editing template reads besides its own data."""
    return {
        "e": words(),
        "errors": {},
        "can_edit": staff.role >= Role.EDITOR,
        "can_publish": staff.role >= Role.ADMIN,
        "baseline_author": BASELINE_AUTHOR,
        "sections": SECTIONS,
        **context,
    }


def problem_page(request: web.Request, staff: StaffMember, reason: str, status: int = 400):
    """An error page naming what went wrong (a stale draft, an unknown revision)."""
    message = words()["errors"].get(reason, words()["errors"]["unknown_item"])
    return render(request, "error.html", page_context(staff, message=message), status=status)


async def posted_data(
    request: web.Request, kind: str, posted
) -> tuple[EditForm, dict, dict[str, str]]:
    """The form as typed, the data it means, and errors found before the schema ran.

    A FAQ entry goes through ``FaqEntryData.from_form`` (a blank date means today), its
    place named by names (``faq_places``)."""
    form = form_posted(kind, posted)
    if kind != "faq":
        meaning = data_of(kind, form)
        return form, meaning.data, {}
    values, place_errors = await place_keys(form.values)
    try:
        entry = FaqEntryData.from_form(values, today=today(request))
    except ValidationError as exc:
        return form, {}, {**field_errors(exc), **place_errors}
    if place_errors:
        return form, {}, place_errors
    return form, entry.to_record(), {}


async def save(
    request: web.Request, staff: StaffMember, kind: str, key: str | None, replaces: int | None
) -> Saved:
    """Save the posted form as a draft (see ``Saved``)."""
    posted = await request.post()
    based_on = number_of(posted, "based_on")
    form, data, errors = await posted_data(request, kind, posted)
    if errors:
        return Saved(None, key, form, errors, based_on)
    rows = data_of(kind, form).rows if kind == "procedure" else {}
    try:
        async with request.app[ADMIN].db.session() as session:
            edits = editing(request, session)
            revision = await edits.save_draft(
                kind, key, data, staff.username, replaces=replaces, based_on=based_on
            )
            record = await edits.revision(revision)
            inbox_item = inbox_item_of(posted) if kind == "faq" and key is None else None
            if inbox_item is not None:  # the group waits on this draft (open again if discarded)
                resolution = str(Resolution(ResolutionKind.FAQ, record.item_key, revision))
                await InboxRepository(session).resolve_group(inbox_item, resolution, staff.username)
    except InvalidData as exc:
        return Saved(None, key, form, error_fields(exc.errors, rows), based_on)
    except StaleForm as exc:
        logger.info("%s %s: %s's form was older than %s", kind, key, staff.username, exc)
        return Saved(None, key, form, {}, conflict=conflict_message(exc.newer))
    except EditingError as exc:
        if exc.reason == "unknown_item":
            raise web.HTTPNotFound() from None
        raise
    return Saved(revision, record.item_key, form, {})


def number_of(values, name: str) -> int | None:
    """A whole number sent in ``name`` (None when absent or not one)."""
    value = str(values.get(name, "") or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


def inbox_item_of(values) -> int | None:
    """The inbox item a new FAQ entry was made from (``from_inbox``), if any."""
    return number_of(values, "from_inbox")


def knowledge_changed(request: web.Request) -> None:
    """A publish or restore just committed: this process reloads now, not at its next look."""
    watcher = request.app.get(KNOWLEDGE)
    if watcher is not None:
        watcher.poke()
