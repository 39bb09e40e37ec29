"""/admin/inbox: what the bot could not answer, for staff to turn into knowledge.

``GET /admin/inbox`` (viewers) lists the questions of fallbacks, "not in the catalogue",
👎 and requests for a person -- redacted before they were stored -- in groups of similar
questions with counts and first/last dates, filtered by ``status`` (open by default,
``all``), ``channel``, ``unit`` (``<province key>`` or ``<province key>/<unit key>``)
and ``reason``. Editors act on a group, in at most two clicks from the list; each form
carries the group's item ids (``ids``), the wording (``text``, editable) and the
filters it was shown with, to return to (a malformed ``unit``, in the listing's query or
a form, is refused with the page's 400 and its message):

* ``POST /admin/inbox/{id}/faq`` -- "Tạo câu hỏi thường gặp": 303 to
  ``/admin/faq/new?question=...&from_inbox={id}``; the FAQ page resolves the group when
  the entry's draft is saved, linked to that draft (``"faq:<entry id>@<revision>"``).
* ``POST /admin/inbox/{id}/variant`` (``faq_id``) -- "Thêm làm cách hỏi khác": a draft
  revision of that FAQ entry (its waiting draft, else its live version) with the wording
  added to its phrasings; the group is resolved ``variant:<faq id>@<revision>``.
* ``POST /admin/inbox/{id}/alias`` (``procedure``: a code, slug or exact name) -- "Thêm
  làm tên gọi của thủ tục": a draft revision of the procedure with the wording added to
  its aliases; resolved ``alias:<code>@<revision>``. Once an admin publishes it, the alias is one
  of the procedure's names in the retrieval index that finds the ``procedure`` entity
  (flows.procedures.index_for: name and aliases), i.e. a training example of the
  procedure, rebuilt with the knowledge generation.
* ``POST /admin/inbox/{id}/dismiss`` -- "Bỏ qua".

A group resolved by a draft is open again when that draft is discarded instead of
published (``knowledge.editing.inbox``), so the question is not lost.

Texts in inbox_texts.yml (``i`` in the template).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from sqlalchemy import select

from bot.admin.guard import ADMIN
from bot.admin.render import render
from bot.admin.routing import AdminRoute, Role, StaffMember
from knowledge.editing import Editing, EditingError, InvalidData
from knowledge.faq.repository import FaqRepository
from knowledge.insights.analytics import procedure_names
from knowledge.insights.grouping import comparable
from knowledge.insights.records import (
    InboxReason,
    InboxStatus,
    MalformedResolution,
    Resolution,
    ResolutionKind,
)
from knowledge.insights.repository import (
    MAX_GROUPED,
    InboxFilter,
    InboxGroup,
    InboxRepository,
    group_items,
)
from knowledge.storage import models
from knowledge.text import fold
from knowledge.yaml_data import load_yaml

logger = logging.getLogger(__name__)

PAGE = "/admin/inbox"
GROUP = PAGE + "/{id:\\d{1,12}}"
TEXTS_FILE = Path(__file__).with_name("inbox_texts.yml")
MAX_IDS = MAX_GROUPED
MAX_WORDING = 500
_PLACEHOLDER = re.compile(r"\[(?:số|email|tên)\]")
_KEY_TEXT = r"[A-Za-z0-9_.\-]{1,100}"
_KEY = re.compile(_KEY_TEXT)
_UNIT = re.compile(rf"(?P<province>{_KEY_TEXT})(?:/(?P<unit>{_KEY_TEXT}))?")
FILTERS = ("status", "channel", "unit", "reason")
DONE = ("dismissed", "variant", "alias", "already_variant", "already_alias")
# The query parameter naming what a group became. Not "key": the web guard refuses a
# query parameter of that name (credentials_in_query), whatever the page.
DONE_ITEM = "item"


@cache
def words() -> dict[str, Any]:
    return load_yaml(TEXTS_FILE)


class Refused(Exception):
    """A form the page cannot act on; ``key`` names its message in ``errors``."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def _message(refused: Refused) -> str:
    return words()["errors"][refused.key].format(**refused.values)


# ---- the list -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One group as the page shows it (names looked up, dates ready)."""

    group: InboxGroup
    units: tuple[str, ...]
    procedures: tuple[tuple[str, str], ...]  # (code, name)


@dataclass(frozen=True)
class UnitChoice:
    """The ``unit`` filter: a whole province (``hanoi``) or one unit of it
    (``hanoi/badinh``); ``str()`` is the filter's value, ``parse`` reads one back."""

    province_key: str
    unit_key: str | None = None

    def __str__(self) -> str:
        return f"{self.province_key}/{self.unit_key}" if self.unit_key else self.province_key

    @classmethod
    def parse(cls, text: str) -> UnitChoice:
        """The choice ``text`` names; ``Refused("bad_unit")`` when it names none."""
        found = _UNIT.fullmatch(text)
        if found is None:
            raise Refused("bad_unit")
        return cls(found["province"], found["unit"])


_STATUSES = frozenset({"all", *(s.value for s in InboxStatus)})
_REASONS = frozenset(r.value for r in InboxReason)


def _chosen(source: Mapping[str, Any]) -> tuple[dict[str, str], UnitChoice | None]:
    """The filter values of a query or a posted form, and the unit chosen. A malformed
    one is refused, naming its filter: ``Refused("bad_unit")``, or
    ``Refused("bad_filter", name=...)`` for a status or reason that is none of theirs
    or a channel that is no key."""
    given = {k: str(source[k]) for k in FILTERS if source.get(k)}
    unit = UnitChoice.parse(given["unit"]) if "unit" in given else None
    for name, fits in (
        ("status", lambda v: v in _STATUSES),
        ("reason", lambda v: v in _REASONS),
        ("channel", lambda v: _KEY.fullmatch(v) is not None),
    ):
        if name in given and not fits(given[name]):
            raise Refused("bad_filter", name=name)
    values = {k: v for k, v in given.items() if k != "unit"}
    if unit is not None:
        values["unit"] = str(unit)
    return {k: values[k] for k in FILTERS if k in values}, unit


def _filter(query: Mapping[str, str]) -> tuple[InboxFilter, dict[str, str]]:
    """The listing's filter, and the query values it came from; ``Refused`` for a
    malformed one (see ``_chosen``)."""
    values, unit = _chosen(query)
    status = values.get("status", InboxStatus.OPEN.value)
    where = InboxFilter(
        status=None if status == "all" else status,
        channel=values.get("channel"),
        province_key=unit.province_key if unit else None,
        unit_key=unit.unit_key if unit else None,
        reason=values.get("reason"),
    )
    return where, {**{k: values.get(k, "") for k in FILTERS}, "status": status}


def _unit_name(admin_map, province_key: str, unit_key: str | None) -> str:
    province = admin_map.province(province_key) if admin_map else None
    province_name = province.name if province else province_key
    if not unit_key:
        return province_name
    unit = admin_map.unit(province_key, unit_key) if admin_map else None
    return f"{unit.name if unit else unit_key}, {province_name}"


def _admin_map(request: web.Request):
    from bot.web import SERVICES  # here: bot.web imports the admin

    services = request.app.get(SERVICES)
    return services.admin_map if services is not None else None


def _notice(query: Mapping[str, str]) -> str | None:
    done = query.get("done")
    if done not in DONE:
        return None
    key = query.get(DONE_ITEM, "")
    count = query.get("n", "0")
    if not _KEY.fullmatch(key or "x") or not count.isdigit():
        return None
    return words()["notices"][done].format(key=key, count=count)


async def inbox_page(
    request: web.Request,
    staff: StaffMember,
    *,
    error: str | None = None,
    status: int = 200,
) -> web.Response:
    """GET /admin/inbox: the groups of the filter, largest first (a malformed filter: 400,
    with its message, and the groups of the others)."""
    query = dict(request.query)
    while True:
        try:
            where, chosen = _filter(query)
            break
        except Refused as exc:
            query.pop(str(exc.values.get("name", "unit")), None)
            error, status = error or _message(exc), 400
    async with request.app[ADMIN].db.session() as session:
        repo = InboxRepository(session)
        items = await repo.items(where, MAX_GROUPED + 1)
        groups = await group_items(items[:MAX_GROUPED])
        choices = await repo.choices()
        codes = sorted({c for g in groups for c in g.procedure_codes})
        names = await procedure_names(session, codes)
        faqs = await FaqRepository(session).all() if staff.role >= Role.EDITOR else []
    admin_map = _admin_map(request)
    rows = [
        Row(
            group=g,
            units=tuple(_unit_name(admin_map, p, u) for (p, u), _ in g.units),
            procedures=tuple((c, names.get(c, c)) for c in g.procedure_codes),
        )
        for g in groups
    ]
    units = [(str(UnitChoice(p, u)), _unit_name(admin_map, p, u)) for p, u in choices.units]
    provinces = {p for p, _ in choices.units}
    units += [(p, _unit_name(admin_map, p, None)) for p in sorted(provinces)]
    units.sort(key=lambda pair: fold(pair[1]))
    context = {
        "i": words(),
        "rows": rows,
        "chosen": chosen,
        "choices": choices,
        "unit_choices": units,
        "reasons": [r.value for r in InboxReason],
        "statuses": [s.value for s in InboxStatus],
        "faqs": [f for f in faqs if f.status != "retired"],
        "can_edit": staff.role >= Role.EDITOR,
        "truncated": len(items) > MAX_GROUPED,
        "resolution_label": resolution_label,
        "limit": MAX_GROUPED,
        "notice": None if error else _notice(request.query),
        "error": error,
    }
    return render(request, "inbox.html", context, status=status)


# ---- acting on a group ------------------------------------------------------------------------


def _ids(posted: Mapping[str, Any], item_id: int) -> list[int]:
    raw = str(posted.get("ids", ""))
    parts = [p for p in raw.split(",") if p.strip()]
    if len(parts) > MAX_IDS or not all(p.strip().isdigit() for p in parts):
        raise web.HTTPBadRequest()
    ids = {int(p) for p in parts} | {item_id}
    return sorted(ids)


def _wording(posted: Mapping[str, Any]) -> str:
    text = " ".join(str(posted.get("text", "")).split())
    if not text:
        raise Refused("no_text")
    if _PLACEHOLDER.search(text):
        raise Refused("placeholder")
    if len(text) > MAX_WORDING:
        raise Refused("too_long", limit=MAX_WORDING)
    return text


def _back(posted: Mapping[str, Any], **done: object) -> web.HTTPSeeOther:
    """303 to the list, with the filters the form was posted from and what was done."""
    query = _chosen(posted)[0]
    query.update({k: str(v) for k, v in done.items()})
    return web.HTTPSeeOther(f"{PAGE}?{urlencode(query)}" if query else PAGE)


async def _act(request: web.Request, staff: StaffMember, action) -> web.StreamResponse:
    """Run ``action(request, posted, ids, session, staff)`` in one transaction; it
    returns the redirect, raised once committed. A refusal rolls back and re-shows the
    list with its message."""
    item_id = int(request.match_info["id"])
    posted = await request.post()
    ids = _ids(posted, item_id)
    try:
        _chosen(posted)  # the filters to return to, refused before acting when malformed
        async with request.app[ADMIN].db.session() as session:
            redirect = await action(request, posted, ids, session, staff)
    except Refused as exc:
        return await inbox_page(request, staff, error=_message(exc), status=400)
    raise redirect


async def _faq(request, posted, ids, session, staff) -> web.HTTPSeeOther:
    item_id = int(request.match_info["id"])
    item = await InboxRepository(session).get(item_id)
    if item is None:
        raise Refused("no_items")
    text = " ".join(str(posted.get("text", "")).split()) or item.text
    query = urlencode({"question": text[:MAX_WORDING], "from_inbox": item_id})
    return web.HTTPSeeOther(f"/admin/faq/new?{query}")


async def _dismiss(request, posted, ids, session, staff) -> web.HTTPSeeOther:
    count = await InboxRepository(session).dismiss(ids, staff.username, request.app[ADMIN].clock())
    if not count:
        raise Refused("no_items")
    return _back(posted, done="dismissed", n=count)


async def _draft_data(edits: Editing, kind: str, key: str) -> dict | None:
    """The item as the next draft starts from: its waiting draft, else what is live."""
    waiting = (await edits.pending(kind)).get(key)
    if waiting is not None:
        revision = await edits.revision(waiting)
        if revision is not None:
            return dict(revision.data)
    return await edits.live(kind, key)


async def _add_wording(
    request, posted, ids, session, staff, kind: str, key: str, field: str, label: str
) -> web.HTTPSeeOther:
    """Add the wording to the item's ``field`` in a new draft; resolve the group."""
    text = _wording(posted)
    edits = Editing(session, clock=request.app[ADMIN].clock)
    data = await _draft_data(edits, kind, key)
    if data is None and kind == "faq":
        entry = await FaqRepository(session).get(int(key))
        data = entry.data.to_record() if entry is not None else None
    if data is None:
        raise Refused("unknown_faq" if kind == "faq" else "unknown_procedure")
    have = [data.get("question") or data.get("name") or "", *(data.get(field) or [])]
    repo = InboxRepository(session)
    when = request.app[ADMIN].clock()
    resolution_kind = ResolutionKind.VARIANT if kind == "faq" else ResolutionKind.ALIAS
    if comparable(text) in {comparable(h) for h in have}:
        resolution = str(Resolution(resolution_kind, label))
        count = await repo.resolve(ids, resolution, staff.username, when)
        done = "already_variant" if kind == "faq" else "already_alias"
        return _back(posted, done=done, n=count, **{DONE_ITEM: label})
    data[field] = [*(data.get(field) or []), text]
    try:
        revision = await edits.save_draft(kind, key, data, staff.username)
    except InvalidData as exc:
        raise Refused("invalid", detail="; ".join(exc.errors.values())) from None
    except EditingError as exc:
        raise Refused("unknown_faq" if kind == "faq" else "unknown_procedure") from exc
    # Resolved by this draft: open again if it is discarded instead of published.
    resolution = str(Resolution(resolution_kind, label, revision))
    count = await repo.resolve(ids, resolution, staff.username, when)
    if not count:
        raise Refused("no_items")
    logger.info(
        "inbox: draft %d of %s %s adds to %s (%s)", revision, kind, key, field, staff.username
    )
    done = "variant" if kind == "faq" else "alias"
    return _back(posted, done=done, n=count, **{DONE_ITEM: label})


async def _variant(request, posted, ids, session, staff) -> web.HTTPSeeOther:
    faq_id = str(posted.get("faq_id", ""))
    if not faq_id.isdigit() or len(faq_id) > 9:
        raise Refused("unknown_faq")
    key = str(int(faq_id))
    return await _add_wording(request, posted, ids, session, staff, "faq", key, "variants", key)


async def _alias(request, posted, ids, session, staff) -> web.HTTPSeeOther:
    found = await _procedure(session, str(posted.get("procedure", "")))
    if found is None:
        raise Refused("unknown_procedure")
    slug, code = found
    return await _add_wording(
        request, posted, ids, session, staff, "procedure", slug, "aliases", code or slug
    )


async def _procedure(session, typed: str) -> tuple[str, str | None] | None:
    """(slug, code) of the procedure named by a code, a slug or its exact name (any
    case); a curated record before the national one of the same code."""
    typed = " ".join(typed.split())
    if not typed or len(typed) > 300:
        return None
    table = models.Procedure
    curated_first = (table.source_kind != "curated", table.id)
    for condition in (table.code == typed, table.slug == typed):
        row = (
            await session.execute(
                select(table.slug, table.code).where(condition).order_by(*curated_first).limit(1)
            )
        ).first()
        if row is not None:
            return row.slug, row.code
    # Names are compared here, not with SQL lower(): SQLite's lowers ASCII only, and
    # most names begin with "Đ".
    wanted = _same_case(typed)
    rows = await session.execute(
        select(table.slug, table.code, table.name).order_by(*curated_first)
    )
    for slug, code, name in rows:
        if _same_case(" ".join((name or "").split())) == wanted:
            return slug, code
    return None


def _same_case(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _handler(action):
    async def handle(request: web.Request, staff: StaffMember) -> web.StreamResponse:
        return await _act(request, staff, action)

    handle.__doc__ = action.__doc__
    return handle


def resolution_label(resolution: str | None) -> str:
    """How the page says what became of a group ("faq:12" -> "thành câu hỏi ... số 12");
    a stored value that is no resolution is shown as it is."""
    if not resolution:
        return ""
    try:
        found = Resolution.parse(resolution)
    except MalformedResolution:
        return resolution
    label = words()["resolutions"][found.kind.value].format(key=found.key)
    if found.draft is None:
        return label
    return f"{label} {words()['resolutions']['draft'].format(draft=found.draft)}"


ROUTES: Sequence[AdminRoute] = [
    AdminRoute("GET", PAGE, inbox_page, Role.VIEWER),
    AdminRoute("POST", GROUP + "/faq", _handler(_faq), Role.EDITOR),
    AdminRoute("POST", GROUP + "/variant", _handler(_variant), Role.EDITOR),
    AdminRoute("POST", GROUP + "/alias", _handler(_alias), Role.EDITOR),
    AdminRoute("POST", GROUP + "/dismiss", _handler(_dismiss), Role.EDITOR),
]
