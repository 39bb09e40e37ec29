"""Drafts and versions in the admin: /admin/drafts (everything waiting for review),
/admin/revisions/{id} (one version and its changes against what is live; a new item's
draft can be edited there) and its publish (admins), discard and restore (admins)
actions. Their routes are registered with the editing pages' (bot.admin.edit_pages)."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.admin.edit_changes import diff_rows
from bot.admin.edit_forms import (
    editing,
    fields_of,
    item_path,
    knowledge_changed,
    notice,
    page_context,
    problem_page,
    save,
    shown_form,
)
from bot.admin.guard import ADMIN
from bot.admin.render import render
from bot.admin.routing import AdminRoute, Role, StaffMember
from knowledge.editing import EditingError, InvalidData
from knowledge.editing.forms import EditForm

logger = logging.getLogger(__name__)

REVISION = "/admin/revisions/{revision:\\d{1,9}}"


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


ROUTES = [
    AdminRoute("GET", "/admin/drafts", drafts_page, Role.VIEWER),
    AdminRoute("GET", REVISION, show_revision, Role.VIEWER),
    AdminRoute("POST", REVISION, change_revision, Role.EDITOR),
    AdminRoute("POST", f"{REVISION}/publish", publish, Role.ADMIN),
    AdminRoute("POST", f"{REVISION}/discard", discard, Role.EDITOR),
    AdminRoute("POST", f"{REVISION}/restore", restore, Role.ADMIN),
]
