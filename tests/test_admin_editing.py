"""Staff edit through the real web app: an editor drafts, an admin publishes, all is audited.

Every request goes over HTTP to the app ``create_app`` makes, signed in through the
login form (``signed_in`` in fixtures_admin.py), with the session's CSRF token where a form needs
it. What staff type is shown escaped on every admin page.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from knowledge.editing import Editing
from knowledge.editing.forms import form_of
from knowledge.faq.repository import FaqRepository
from knowledge.places.centres import CentreRepository
from knowledge.procedures.records import record_to_dict
from knowledge.procedures.repository import ProcedureRepository
from knowledge.storage import models

FAQ_FORM = {
    "question": "Trung tâm phường Tân Định có làm việc chiều thứ Bảy không?",
    "variants": "tt tan dinh lam chieu t7 ko\nthứ bảy chiều có mở cửa không",
    "answer": "Không. Trung tâm chỉ làm việc sáng thứ Bảy, 7:30–11:30.",
    "source_url": "https://tphcm.gov.vn/thong-bao/gio-lam-viec",
}
XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
async def admin_web(services, admin_clock, cheap_passwords):
    """The web app as fixtures_admin.py's, with the editing pages registered even before
    bot/admin/__init__.py lists them in PAGE_MODULES."""
    from bot.admin import ADMIN_ROUTES, audit_pages, edit_pages, faq_pages
    from bot.admin.guard import ADMIN, guarded
    from bot.web import create_app

    app = create_app(services, clock=admin_clock)
    app[ADMIN] = replace(app[ADMIN], passwords=cheap_passwords)
    registered = {(r.method, r.path) for r in app[ADMIN_ROUTES]}
    for module in (faq_pages, edit_pages, audit_pages):
        for route in module.ROUTES:
            if (route.method, route.path) not in registered:
                app.router.add_route(route.method, route.path, guarded(route))
    client = TestClient(TestServer(app))
    await client.start_server()
    yield client
    await client.close()


@pytest.fixture
async def staff(signed_in):
    """Three signed-in browsers: a viewer, an editor and an admin."""
    return (
        await signed_in("xem", "viewer"),
        await signed_in("bien_tap", "editor"),
        await signed_in("quan_tri", "admin"),
    )


def _entry_id(location: str) -> int:
    found = re.fullmatch(r"/admin/faq/(\d+)(\?.*)?", location)
    assert found, location
    return int(found.group(1))


async def _published(services) -> dict:
    async with services.db.session() as session:
        return {e.id: e for e in await FaqRepository(session).published()}


async def _revision_of(services, kind: str, key: str) -> int:
    async with services.db.session() as session:
        return (await Editing(session).pending(kind))[key]


async def test_an_editor_drafts_an_faq_entry_and_only_an_admin_publishes_it(services, staff):
    viewer, editor, admin = staff
    created = await editor.submit("/admin/faq/new", FAQ_FORM)
    assert created.status == 303
    entry = _entry_id(created.location)
    page = await editor.get(created.location)
    assert page.status == 200
    assert FAQ_FORM["question"] in page.text and "Bản nháp chờ xuất bản" in page.text
    async with services.db.session() as session:
        assert (await FaqRepository(session).get(entry)).status == "draft"

    assert (await viewer.get("/admin/faq/new")).status == 403
    assert (await viewer.submit("/admin/faq/new", FAQ_FORM)).status == 403
    assert (await viewer.submit(f"/admin/faq/{entry}", FAQ_FORM)).status == 403
    refused = await editor.submit(f"/admin/faq/{entry}/publish")
    assert refused.status == 403 and "không có quyền" in refused.text
    assert entry not in await _published(services)

    published = await admin.submit(f"/admin/faq/{entry}/publish")
    assert (published.status, published.location) == (303, f"/admin/faq/{entry}?done=published")
    live = (await _published(services))[entry]
    assert live.data.variants == FAQ_FORM["variants"].split("\n")
    again = await admin.submit(f"/admin/faq/{entry}/publish")
    assert again.status == 400 and "không có bản nháp" in again.text

    listing = await viewer.get("/admin/faq")
    assert listing.status == 200 and FAQ_FORM["question"] in listing.text


async def test_the_audit_lists_the_change_with_the_usernames_and_filters_them(services, staff):
    viewer, editor, admin = staff
    entry = _entry_id((await editor.submit("/admin/faq/new", FAQ_FORM)).location)
    await admin.submit(f"/admin/faq/{entry}/publish")

    page = await viewer.get("/admin/audit")
    assert page.status == 200
    assert "quan_tri" in page.text and "bien_tap" in page.text
    assert FAQ_FORM["question"] in page.text
    assert "Xuất bản" in page.text and "Lưu bản nháp" in page.text
    by_admin = await viewer.get("/admin/audit?actor=quan_tri&kind=faq")
    rows = by_admin.text.split("<tbody>")[1]
    assert "Xuất bản" in rows and "Lưu bản nháp" not in rows
    centres = await viewer.get("/admin/audit?kind=centre")
    assert FAQ_FORM["question"] not in centres.text
    long_ago = await viewer.get("/admin/audit?since=2001-01-01&until=2001-12-31")
    assert "Không có thay đổi nào khớp bộ lọc" in long_ago.text
    nonsense = await viewer.get("/admin/audit?since=hôm qua")
    assert nonsense.status == 200 and "Ngày không hợp lệ" in nonsense.text


async def test_a_form_without_the_sessions_token_is_refused(services, staff):
    _, editor, _ = staff
    page = await editor.post("/admin/faq/new", FAQ_FORM)
    assert page.status == 403
    async with services.db.session() as session:
        questions = [e.data.question for e in await FaqRepository(session).all()]
    assert FAQ_FORM["question"] not in questions


async def test_mistakes_are_shown_next_to_their_field_in_vietnamese_with_what_was_typed(staff):
    _, editor, _ = staff
    page = await editor.submit(
        "/admin/faq/new", {**FAQ_FORM, "question": " ", "source_url": "tphcm.gov.vn"}
    )
    assert page.status == 400
    assert "vui lòng sửa các ô được đánh dấu" in page.text
    question = page.text.split('id="f-question"')[1]
    assert question.index("Vui lòng nhập câu hỏi.") < question.index('id="f-variants"')
    assert 'value="tphcm.gov.vn"' in page.text
    assert FAQ_FORM["answer"] in page.text  # what was typed stays in the form


def _posted(form) -> dict[str, str]:
    """An edit form's fields as a browser posts them."""
    data = dict(form.values)
    for section, rows in form.rows.items():
        for number, row in enumerate(rows):
            data.update({f"{section}-{number}-{cell}": value for cell, value in row.items()})
    return data


async def _curated(services):
    async with services.db.session() as session:
        slug = await session.scalar(
            select(models.Procedure.slug)
            .where(models.Procedure.source_kind == "curated")
            .order_by(models.Procedure.slug)
            .limit(1)
        )
        return await ProcedureRepository(session).get(slug)


async def test_a_procedure_is_edited_channel_by_channel_and_its_original_restored(services, staff):
    viewer, editor, admin = staff
    info = await _curated(services)
    search = await viewer.get(f"/admin/procedures?q={info.name[:12]}")
    assert f'href="/admin/procedures/{info.slug}"' in search.text
    page = await editor.get(f"/admin/procedures/{info.slug}")
    assert 'name="channels-0-fee_vnd"' in page.text and 'name="documents-0-case"' in page.text

    form = form_of("procedure", record_to_dict(info))
    data = _posted(form)
    data["channels-0-fee_vnd"] = "năm chục"
    refused = await editor.submit(f"/admin/procedures/{info.slug}", data)
    assert refused.status == 400
    cell = refused.text.split('name="channels-0-fee_vnd"')[1]
    assert 'value="năm chục"' in cell[:40]
    assert cell.index("Phải là số nguyên") < cell.index('name="channels-0-fee_note"')

    data["channels-0-fee_vnd"] = "25.000"
    saved = await editor.submit(f"/admin/procedures/{info.slug}", data)
    assert (saved.status, saved.location) == (303, f"/admin/procedures/{info.slug}?done=saved")
    review = (await admin.get(saved.location)).text.split('class="diff"')[1].split("</table>")[0]
    assert "Lệ phí (đồng): 25.000" in review  # the change, said in Vietnamese
    assert "Cách: " in review and "fee_vnd" not in review and "null" not in review
    revision = await _revision_of(services, "procedure", info.slug)
    assert (await editor.submit(f"/admin/revisions/{revision}/publish")).status == 403
    published = await admin.submit(f"/admin/revisions/{revision}/publish")
    assert published.location == f"/admin/procedures/{info.slug}?done=published"
    async with services.db.session() as session:
        edited = await ProcedureRepository(session).get(info.slug)
        history = await Editing(session).history("procedure", info.slug)
    assert edited.channels[0].fee_vnd == 25000
    assert edited.channels[1:] == info.channels[1:] and edited.documents == info.documents

    page = await viewer.get(f"/admin/procedures/{info.slug}")
    assert "dữ liệu nhập ban đầu" in page.text
    original = history[-1]
    # restoring publishes at once: the history leads to the version's changes first
    item = await admin.get(f"/admin/procedures/{info.slug}")
    assert f'href="/admin/revisions/{original.id}">Xem để khôi phục' in item.text
    assert f'action="/admin/revisions/{original.id}/restore"' not in item.text
    review = await admin.get(f"/admin/revisions/{original.id}")
    assert "Khôi phục sẽ xuất bản ngay phiên bản này" in review.text
    assert "Lệ phí (đồng): 25.000" in review.text  # what the bot says now, to be undone
    assert f'action="/admin/revisions/{original.id}/restore"' in review.text
    restored = await admin.submit(f"/admin/revisions/{original.id}/restore")
    assert restored.location == f"/admin/procedures/{info.slug}?done=restored"
    async with services.db.session() as session:
        assert await ProcedureRepository(session).get(info.slug) == info


async def test_a_centre_phone_is_changed_and_published_from_the_drafts_list(services, staff):
    viewer, editor, admin = staff
    key = await _centre_key(viewer)
    async with services.db.session() as session:
        live = await Editing(session).live("centre", key)
    saved = await editor.submit(
        f"/admin/centres/{key}", {**form_of("centre", live).values, "phone": "028.3910 0000"}
    )
    assert saved.status == 303
    drafts = await admin.get("/admin/drafts")
    assert "028.3910 0000" not in drafts.text and live["centre_name"] in drafts.text
    revision = await _revision_of(services, "centre", key)
    done = await admin.submit(f"/admin/revisions/{revision}/publish", {"back": "drafts"})
    assert done.location == "/admin/drafts?done=published"
    async with services.db.session() as session:
        phones = {c.centre_name: c.phone for c in await CentreRepository(session).list_centres()}
    assert phones[live["centre_name"]] == "028.3910 0000"


async def test_a_discarded_draft_leaves_the_live_entry_as_it_was(services, staff):
    _, editor, admin = staff
    entry = _entry_id((await editor.submit("/admin/faq/new", FAQ_FORM)).location)
    await admin.submit(f"/admin/faq/{entry}/publish")
    await editor.submit(f"/admin/faq/{entry}", {**FAQ_FORM, "answer": "Bản nháp sai."})
    revision = await _revision_of(services, "faq", str(entry))
    done = await editor.submit(f"/admin/revisions/{revision}/discard")
    assert done.location == f"/admin/faq/{entry}?done=discarded"
    async with services.db.session() as session:
        assert (await FaqRepository(session).get(entry)).data.answer == FAQ_FORM["answer"]


async def test_a_script_typed_by_staff_stays_text_on_every_admin_page(services, staff):
    viewer, editor, admin = staff
    hostile = {**FAQ_FORM, "question": f"Giờ làm việc {XSS}", "answer": f"Trả lời {XSS}"}
    entry = _entry_id((await editor.submit("/admin/faq/new", hostile)).location)
    revision = await _revision_of(services, "faq", str(entry))
    pages = [f"/admin/faq/{entry}", "/admin/drafts", f"/admin/revisions/{revision}"]
    for browser in (viewer, admin):
        for path in pages:
            page = await browser.get(path)
            assert page.status == 200, path
            assert XSS not in page.text and ESCAPED in page.text, path
    refused = await editor.submit("/admin/faq/new", {**hostile, "source_url": XSS})
    assert refused.status == 400 and XSS not in refused.text and ESCAPED in refused.text

    await admin.submit(f"/admin/faq/{entry}/publish")
    for path in ("/admin/faq", f"/admin/faq/{entry}", "/admin/audit", "/admin/audit?kind=faq"):
        page = await viewer.get(path)
        assert page.status == 200, path
        assert XSS not in page.text and ESCAPED in page.text, path
    live = (await _published(services))[entry]
    assert live.data.answer == f"Trả lời {XSS}"  # kept as typed: it is text, not markup


async def test_a_script_in_a_centre_or_a_procedure_stays_text_too(services, staff):
    viewer, editor, admin = staff
    centre = await _centre_key(viewer)
    async with services.db.session() as session:
        live = await Editing(session).live("centre", centre)
    hostile = {**form_of("centre", live).values, "hours": XSS, "centre_name": f"TT {XSS}"}
    assert (await editor.submit(f"/admin/centres/{centre}", hostile)).status == 303
    await admin.submit(f"/admin/revisions/{await _revision_of(services, 'centre', centre)}/publish")
    info = await _curated(services)
    form = _posted(form_of("procedure", record_to_dict(info)))
    form["documents-0-name"] = XSS
    form["channels-0-fee_vnd"] = XSS  # refused: the page shows it back, escaped
    refused = await editor.submit(f"/admin/procedures/{info.slug}", form)
    assert refused.status == 400 and XSS not in refused.text and ESCAPED in refused.text
    form["channels-0-fee_vnd"] = ""
    assert (await editor.submit(f"/admin/procedures/{info.slug}", form)).status == 303
    for path in (
        f"/admin/centres/{centre}",
        "/admin/centres",
        f"/admin/procedures/{info.slug}",
        "/admin/audit",
    ):
        page = await viewer.get(path)
        assert page.status == 200, path
        assert XSS not in page.text and ESCAPED in page.text, path


async def _centre_key(browser) -> str:
    found = await browser.get("/admin/centres?q=tan dinh")
    return re.search(r'href="/admin/centres/(\d+)"', found.text).group(1)


def _based_on(page) -> str:
    """The version an item's edit form was made from (its hidden ``based_on``)."""
    return re.search(r'name="based_on" value="(\d+)"', page.text).group(1)


# Two staff open one entry's form; the first saves a price, the second new phrasings.
# The second is told who changed it and when, keeps what was typed, and nothing of the
# first's draft is lost; saved again from the page shown, it goes through.
async def test_two_staff_editing_one_entry_at_once_lose_nothing(services, staff):
    _, editor, admin = staff
    entry = _entry_id((await editor.submit("/admin/faq/new", FAQ_FORM)).location)
    await admin.submit(f"/admin/faq/{entry}/publish")
    editors_form = _based_on(await editor.get(f"/admin/faq/{entry}"))
    admins_form = _based_on(await admin.get(f"/admin/faq/{entry}"))

    price = {**FAQ_FORM, "answer": "Có, giá 1.000 đồng/trang.", "based_on": editors_form}
    assert (await editor.submit(f"/admin/faq/{entry}", price)).status == 303
    phrasings = {**FAQ_FORM, "variants": "chiều t7 có làm không", "based_on": admins_form}
    stale = await admin.submit(f"/admin/faq/{entry}", phrasings)
    assert stale.status == 409
    assert "Chưa lưu: trong lúc bạn sửa, bien_tap đã lưu một thay đổi khác" in stale.text
    assert "chiều t7 có làm không" in stale.text  # what was typed is still in the form
    assert "Có, giá 1.000 đồng/trang." in stale.text  # the newer draft is shown above it
    async with services.db.session() as session:
        [draft] = await Editing(session).drafts("faq")
    assert draft.author == "bien_tap" and draft.data["answer"] == "Có, giá 1.000 đồng/trang."

    merged = {**phrasings, "answer": price["answer"], "based_on": _based_on(stale)}
    assert (await admin.submit(f"/admin/faq/{entry}", merged)).status == 303
    async with services.db.session() as session:
        [draft] = await Editing(session).drafts("faq")
    assert (draft.author, draft.data["variants"]) == ("quan_tri", ["chiều t7 có làm không"])


# An admin reviews a draft; before they press "Xuất bản" an editor saves a newer one.
# What is published is what was reviewed, or nothing.
async def test_an_admin_publishes_only_the_draft_they_reviewed(services, staff):
    _, editor, admin = staff
    entry = _entry_id((await editor.submit("/admin/faq/new", FAQ_FORM)).location)
    reviewed = re.search(
        r'name="revision" value="(\d+)"', (await admin.get(f"/admin/faq/{entry}")).text
    )
    page = await editor.get(f"/admin/faq/{entry}")
    newer = {**FAQ_FORM, "answer": "Chưa kiểm tra.", "based_on": _based_on(page)}
    assert (await editor.submit(f"/admin/faq/{entry}", newer)).status == 303
    refused = await admin.submit(f"/admin/faq/{entry}/publish", {"revision": reviewed.group(1)})
    assert refused.status == 409 and "bản nháp mới hơn" in refused.text
    assert entry not in await _published(services)


# Staff limit an entry to a ward by typing its name, not a key they cannot know; a place
# or a procedure the bot does not know is refused next to its field (such an entry would
# never be answered), and the form shows the names back.
async def test_an_entry_is_limited_to_a_ward_typed_by_name_and_unknown_places_are_refused(
    services, staff
):
    _, editor, _ = staff
    unknown = {
        **FAQ_FORM,
        "province_key": "Hà Nội",
        "unit_key": "Phường Không Có",
        "procedure_code": "9.999999",
    }
    refused = await editor.submit("/admin/faq/new", unknown)
    assert refused.status == 400
    assert "Không tìm thấy xã/phường này" in refused.text
    assert 'value="Phường Không Có"' in refused.text
    nowhere = await editor.submit("/admin/faq/new", {**FAQ_FORM, "province_key": "Tỉnh Atlantis"})
    assert nowhere.status == 400 and "Không tìm thấy tỉnh/thành phố này" in nowhere.text
    no_procedure = await editor.submit("/admin/faq/new", {**FAQ_FORM, "procedure_code": "9.999999"})
    assert no_procedure.status == 400 and "Không có thủ tục nào có mã này" in no_procedure.text

    ward = {**FAQ_FORM, "province_key": "Hà Nội", "unit_key": "phường Ba Đình"}
    saved = await editor.submit("/admin/faq/new", {**ward, "procedure_code": "1.001193"})
    assert saved.status == 303
    async with services.db.session() as session:
        entry = await FaqRepository(session).get(_entry_id(saved.location))
    assert (entry.data.province_key, entry.data.unit_key) == ("thanhphohanoi", "phuongbadinh")
    page = await editor.get(saved.location)
    assert 'value="Thành phố Hà Nội"' in page.text and 'value="Phường Ba Đình"' in page.text
