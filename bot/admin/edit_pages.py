"""Editors change procedures, service centres and hotlines; admins publish; all see history.

Every form saves a *draft* (``knowledge.editing.Editing``); the bot keeps answering with
the published version until an admin publishes the draft. Validation errors come back
next to their field, in Vietnamese, with what was typed (status 400). The procedure form
is structured: one input per field, one line per list item, one row of inputs per
channel (its own time and fee), document and step (each with its case).

Pages: lists with search at /admin/procedures, /admin/centres, /admin/hotlines; an item
at .../{key} (waiting draft with its changes, the form, the history with restore); new
items at .../new; /admin/drafts (everything waiting for review); /admin/revisions/{id}
(one version) and its publish / discard / restore actions.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from pydantic import ValidationError
from sqlalchemy import select

from bot.admin.edit_changes import Saved, conflict_message, diff_rows, words
from bot.admin.faq_places import place_keys, place_names
from bot.admin.guard import ADMIN
from bot.admin.render import render
from bot.admin.routing import AdminRoute, Role, StaffMember
from bot.web import KNOWLEDGE
from flows.format import VIETNAM
from knowledge.editing import (
    BASELINE_AUTHOR,
    Editing,
    EditingError,
    InvalidData,
    StaleForm,
    field_errors,
    kind_of,
)
from knowledge.editing.forms import SECTIONS, EditForm, data_of, error_fields, form_of, form_posted
from knowledge.faq.repository import FaqRepository
from knowledge.faq.schema import FaqEntryData
from knowledge.insights.records import Resolution, ResolutionKind
from knowledge.insights.repository import InboxRepository
from knowledge.storage import models
from knowledge.text import fold

logger = logging.getLogger(__name__)

PATHS = {
    "procedure": "/admin/procedures",
    "faq": "/admin/faq",
    "centre": "/admin/centres",
    "hotline": "/admin/hotlines",
}
KEYS = {"procedure": "{key:[A-Za-z0-9_]{1,80}}", "centre": "{key:\\d{1,9}}"}
KEYS["hotline"] = KEYS["centre"]
REVISION = "/admin/revisions/{revision:\\d{1,9}}"
LIST_LIMIT = 100


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


async def _sent(request: web.Request):
    """The posted form (read once and kept by aiohttp), or the query of a GET."""
    return await request.post() if request.method == "POST" else request.query


def number_of(values, name: str) -> int | None:
    """A whole number sent in ``name`` (None when absent or not one)."""
    value = str(values.get(name, "") or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


def inbox_item_of(values) -> int | None:
    """The inbox item a new FAQ entry was made from (``from_inbox``), if any."""
    return number_of(values, "from_inbox")


# ---- one item -------------------------------------------------------------------------


async def item_page(
    request: web.Request,
    staff: StaffMember,
    kind: str,
    key: str | None,
    *,
    form: EditForm | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    based_on: int | None = None,
    conflict: str | None = None,
) -> web.Response:
    """The page of one item (``key`` None: the form for a new one). Its form says which
    version it was made from (``based_on``; by default the item's newest)."""
    live, history, draft = None, [], None
    if key is not None:
        async with request.app[ADMIN].db.session() as session:
            edits = editing(request, session)
            live = await edits.live(kind, key)
            history = await edits.history(kind, key)
            current = await stored_faq(session, key) if kind == "faq" else live
        if current is None and not history:
            raise web.HTTPNotFound()
        draft = next((r for r in history if r.status == "draft"), None)
        shown_data = draft.data if draft else (live or current)
    else:
        shown_data = {"verified_on": today(request).isoformat()}
        if kind == "faq":  # made from an inbox group: its wording, to be edited
            shown_data["question"] = request.query.get("question", "")[:500]
    label = kind_of(kind).label(draft.data if draft else shown_data) if key else ""
    context = page_context(
        staff,
        kind=kind,
        key=key,
        label=label,
        live=live,
        draft=draft,
        diff=diff_rows(live, draft.data) if draft else [],
        history=history,
        form=form or await shown_form(kind, shown_data),
        errors=errors or {},
        conflict=conflict,
        based_on=based_on if based_on is not None else (history[0].id if history else 0),
        list_path=PATHS[kind],
        action=f"{PATHS[kind]}/{key}" if key else f"{PATHS[kind]}/new",
        fields_template=fields_of(kind),
        notice=notice(request),
        from_inbox=inbox_item_of(await _sent(request)) if kind == "faq" and not key else None,
    )
    template = "faq_item.html" if kind == "faq" else "edit_item.html"
    return render(request, template, context, status=status)


async def stored_faq(session, key: str) -> dict | None:
    """A FAQ entry's content whatever its status (a new entry is a draft row)."""
    entry = await FaqRepository(session).get(int(key))
    return entry.data.to_record() if entry is not None else None


def item_handlers(kind: str):
    """GET and POST of one item's page, the new-item form and its POST."""

    async def show(request: web.Request, staff: StaffMember) -> web.StreamResponse:
        return await item_page(request, staff, kind, request.match_info["key"])

    async def change(request: web.Request, staff: StaffMember) -> web.StreamResponse:
        key = request.match_info["key"]
        saved = await save(request, staff, kind, key, None)
        if saved.conflict:  # shown with the newer version; the next save is made from it
            return await item_page(
                request, staff, kind, key, form=saved.form, conflict=saved.conflict, status=409
            )
        if saved.errors:
            return await item_page(
                request,
                staff,
                kind,
                key,
                form=saved.form,
                errors=saved.errors,
                status=400,
                based_on=saved.based_on,
            )
        raise web.HTTPSeeOther(f"{item_path(kind, key)}?done=saved")

    async def new(request: web.Request, staff: StaffMember) -> web.StreamResponse:
        return await item_page(request, staff, kind, None)

    async def create(request: web.Request, staff: StaffMember) -> web.StreamResponse:
        saved = await save(request, staff, kind, None, None)
        if saved.errors:
            return await item_page(
                request, staff, kind, None, form=saved.form, errors=saved.errors, status=400
            )
        raise web.HTTPSeeOther(f"{item_path(kind, saved.key, saved.revision)}?done=saved")

    return show, change, new, create


# ---- lists ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ListItem:
    key: str
    title: str
    detail: str
    status: str | None
    draft: int | None


def _matches(query: str, *texts: str | None) -> bool:
    return not query or any(query in fold(t or "") for t in texts)


async def _items(session, kind: str, query: str) -> list[ListItem]:
    if kind == "procedure":
        table = models.Procedure
        rows = await session.execute(
            select(table.slug, table.code, table.name, table.source_kind).order_by(table.name)
        )
        return [
            ListItem(slug, name, code or "", source_kind, None)
            for slug, code, name, source_kind in rows
            if _matches(query, name, code, slug)
        ]
    if kind == "centre":
        centres = await session.scalars(
            select(models.ServiceCentre).order_by(models.ServiceCentre.id)
        )
        return [
            ListItem(str(c.id), c.centre_name, f"{c.unit_name}, {c.province}", None, None)
            for c in centres
            if _matches(query, c.centre_name, c.unit_name, c.province, c.address)
        ]
    hotlines = await session.scalars(select(models.Hotline).order_by(models.Hotline.id))
    return [
        ListItem(str(h.id), h.service, f"{h.scope} · {h.contact}", None, None)
        for h in hotlines
        if _matches(query, h.service, h.scope, h.contact)
    ]


def list_handler(kind: str):
    async def show(request: web.Request, staff: StaffMember) -> web.StreamResponse:
        query = request.query.get("q", "").strip()[:200]
        async with request.app[ADMIN].db.session() as session:
            items = await _items(session, kind, fold(query).strip())
            edits = editing(request, session)
            pending = await edits.pending(kind)
            new_drafts = [d for d in await edits.drafts(kind) if d.item_key is None]
        items = [ListItem(i.key, i.title, i.detail, i.status, pending.get(i.key)) for i in items]
        context = page_context(
            staff,
            kind=kind,
            query=query,
            items=items[:LIST_LIMIT],
            total=len(items),
            new_drafts=new_drafts,
            base=PATHS[kind],
            notice=notice(request),
        )
        return render(request, "edit_list.html", context)

    return show


# ---- drafts and revisions ---------------------------------------------------------------


async def drafts_page(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """GET /admin/drafts: everything waiting for an admin."""
    async with request.app[ADMIN].db.session() as session:
        drafts = await editing(request, session).drafts()
    links = {d.id: item_path(d.kind, d.item_key, d.id) for d in drafts}
    context = page_context(staff, drafts=drafts, links=links, notice=notice(request))
    return render(request, "drafts.html", context)


async def _revision(request: web.Request, session):
    record = await editing(request, session).revision(int(request.match_info["revision"]))
    if record is None:
        raise web.HTTPNotFound()
    return record


async def revision_page(
    request: web.Request,
    staff: StaffMember,
    *,
    form: EditForm | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    """GET /admin/revisions/{id}: one version, its changes against what is live now."""
    async with request.app[ADMIN].db.session() as session:
        record = await _revision(request, session)
        live = (
            await editing(request, session).live(record.kind, record.item_key)
            if record.item_key
            else None
        )
    context = page_context(
        staff,
        revision=record,
        live=live,
        diff=diff_rows(live, record.data),
        item_link=item_path(record.kind, record.item_key, record.id) if record.item_key else None,
        form=form or await shown_form(record.kind, record.data),
        errors=errors or {},
        editable=record.status == "draft" and record.item_key is None,
        fields_template=fields_of(record.kind),
        notice=notice(request),
    )
    return render(request, "edit_revision.html", context, status=status)


async def show_revision(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    return await revision_page(request, staff)


async def change_revision(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    """POST /admin/revisions/{id}: a new item's draft edited again (replaces it)."""
    async with request.app[ADMIN].db.session() as session:
        record = await _revision(request, session)
    if record.status != "draft":
        return problem_page(request, staff, "not_a_draft")
    replaces = record.id if record.item_key is None else None
    saved = await save(request, staff, record.kind, record.item_key, replaces)
    if saved.errors or saved.conflict:
        errors = saved.errors or {"": saved.conflict or ""}
        return await revision_page(request, staff, form=saved.form, errors=errors, status=400)
    raise web.HTTPSeeOther(f"{item_path(record.kind, saved.key, saved.revision)}?done=saved")


def knowledge_changed(request: web.Request) -> None:
    """A publish or restore just committed: this process reloads now, not at its next look."""
    watcher = request.app.get(KNOWLEDGE)
    if watcher is not None:
        watcher.poke()


async def _back(request: web.Request, kind: str, key: str | None, done: str) -> web.HTTPSeeOther:
    back = (await request.post()).get("back")
    path = "/admin/drafts" if back == "drafts" or key is None else item_path(kind, key)
    return web.HTTPSeeOther(f"{path}?done={done}")


async def act(request: web.Request, staff: StaffMember, action: str) -> web.StreamResponse:
    """Publish, discard or restore one revision, then back to its item (or the drafts)."""
    revision_id = int(request.match_info["revision"])
    try:
        async with request.app[ADMIN].db.session() as session:
            edits = editing(request, session)
            record = await edits.revision(revision_id)
            if record is None:
                raise EditingError("unknown_revision", str(revision_id))
            key = record.item_key
            if action == "publish":
                key = await edits.publish(revision_id, staff.username)
            elif action == "discard":
                await edits.discard(revision_id, staff.username)
            else:
                await edits.restore(revision_id, staff.username)
    except EditingError as exc:
        status = 404 if exc.reason == "unknown_revision" else 409
        return problem_page(request, staff, exc.reason, status)
    except InvalidData as exc:
        logger.info("revision %d not published: %s", revision_id, exc)
        return problem_page(request, staff, "publish_invalid", 409)
    if action != "discard":
        knowledge_changed(request)
    done = {"publish": "published", "discard": "discarded", "restore": "restored"}[action]
    raise await _back(request, record.kind, key, done)


async def publish(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    return await act(request, staff, "publish")


async def discard(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    return await act(request, staff, "discard")


async def restore(request: web.Request, staff: StaffMember) -> web.StreamResponse:
    return await act(request, staff, "restore")


def _item_routes(kind: str) -> list[AdminRoute]:
    show, change, new, create = item_handlers(kind)
    base, key = PATHS[kind], KEYS[kind]
    return [
        AdminRoute("GET", base, list_handler(kind), Role.VIEWER),
        AdminRoute("GET", f"{base}/new", new, Role.EDITOR),
        AdminRoute("POST", f"{base}/new", create, Role.EDITOR),
        AdminRoute("GET", f"{base}/{key}", show, Role.VIEWER),
        AdminRoute("POST", f"{base}/{key}", change, Role.EDITOR),
    ]


ROUTES = [
    AdminRoute("GET", "/admin/drafts", drafts_page, Role.VIEWER),
    AdminRoute("GET", REVISION, show_revision, Role.VIEWER),
    AdminRoute("POST", REVISION, change_revision, Role.EDITOR),
    AdminRoute("POST", f"{REVISION}/publish", publish, Role.ADMIN),
    AdminRoute("POST", f"{REVISION}/discard", discard, Role.EDITOR),
    AdminRoute("POST", f"{REVISION}/restore", restore, Role.ADMIN),
    *_item_routes("procedure"),
    *_item_routes("centre"),
    *_item_routes("hotline"),
]
