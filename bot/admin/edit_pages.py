"""Editors change procedures, service centres and hotlines; admins publish; all see history.

Every form saves a *draft* (``knowledge.editing.Editing``); the bot keeps answering with
the published version until an admin publishes the draft. Validation errors come back
next to their field, in Vietnamese, with what was typed (status 400). The procedure form
is structured: one input per field, one line per list item, one row of inputs per
channel (its own time and fee), document and step (each with its case).

Pages: lists with search at /admin/procedures, /admin/centres, /admin/hotlines; an item
at .../{key} (waiting draft with its changes, the form, the history with restore); new
items at .../new. ``ROUTES`` also registers /admin/drafts (everything waiting for
review) and /admin/revisions/{id} (one version) with its publish / discard / restore
actions (bot.admin.revision_pages); what the pages share is bot.admin.edit_forms.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from sqlalchemy import select

from bot.admin import revision_pages
from bot.admin.edit_changes import diff_rows
from bot.admin.edit_forms import (
    KEYS,
    PATHS,
    editing,
    fields_of,
    inbox_item_of,
    item_path,
    knowledge_changed,
    notice,
    number_of,
    page_context,
    problem_page,
    save,
    shown_form,
    today,
)
from bot.admin.guard import ADMIN
from bot.admin.render import render
from bot.admin.routing import AdminRoute, Role, StaffMember
from knowledge.editing import kind_of
from knowledge.editing.forms import EditForm
from knowledge.faq.repository import FaqRepository
from knowledge.storage import models
from knowledge.text import fold

# what the FAQ and audit pages use of the editing pages
__all__ = [
    "ROUTES",
    "editing",
    "item_handlers",
    "item_path",
    "knowledge_changed",
    "notice",
    "number_of",
    "page_context",
    "problem_page",
]

LIST_LIMIT = 100


async def _sent(request: web.Request):
    """The posted form (read once and kept by aiohttp), or the query of a GET."""
    return await request.post() if request.method == "POST" else request.query


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
    *revision_pages.ROUTES,
    *_item_routes("procedure"),
    *_item_routes("centre"),
    *_item_routes("hotline"),
]
