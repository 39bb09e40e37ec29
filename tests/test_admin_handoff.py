"""Centre staff answer citizens' requests for a person from the browser, and admins
manage the community digital-tech volunteers -- over the real dialogue, database and
admin pages, with a clock the test moves.

The story: a citizen on Telegram names their ward and asks for a person. Staff see the
request waiting ("chờ 12 phút"); an editor claims it and answers; the answer is queued
for the citizen's chat as "Cán bộ Trung tâm Phục vụ hành chính công: ..."; a colleague
who claims too late is told politely; a viewer cannot claim; staff of another province
never see it. An admin invites a volunteer (the link shown once), then suspends,
reinstates and removes them.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace

import pytest
from sqlalchemy import select

from flows.types import Reply, Turn
from knowledge.staff.accounts import StaffAccounts
from knowledge.staff.roles import Role
from knowledge.storage import models
from tests.conftest import AdminBrowser

WARD = "phường Bến Thành, TP Hồ Chí Minh"
STAFF_VOICE = "Cán bộ Trung tâm Phục vụ hành chính công"
BOT = "citizenbot_test_bot"
MINUTE = 60


@pytest.fixture
def config(config):
    """The test's configuration, with the bot's Telegram username (for invitation links)."""
    return replace(config, telegram=config.telegram.model_copy(update={"bot_username": BOT}))


@pytest.fixture
def people(services, admin_clock):
    """The dialogue's requests and volunteers keep the admin's clock (the test moves it)."""
    services.dialogue.people.handoff.clock = admin_clock.datetime
    services.dialogue.people.volunteers.clock = admin_clock.datetime
    return services.dialogue.people


class TelegramUser:
    """Someone writing to the bot on Telegram (their chat is their user id)."""

    def __init__(self, services, user_id: str) -> None:
        self.dialogue = services.dialogue
        self.user_id = user_id
        self.last: list[Reply] = []

    async def say(self, text: str) -> str:
        return await self._turn(text=text)

    async def payload(self, payload: str) -> str:
        return await self._turn(payload=payload)

    async def _turn(self, **fields) -> str:
        turn = Turn(channel="telegram", user_id=self.user_id, chat_id=self.user_id, **fields)
        self.last = await self.dialogue.handle(turn)
        return "\n".join(r.text for r in self.last)


async def asks_for_a_person(services, user_id: str = "900") -> int:
    """A citizen names their ward, then presses "Gặp người hỗ trợ"; the request's number."""
    citizen = TelegramUser(services, user_id)
    await citizen.say(WARD)
    text = await citizen.payload("cmd:human")
    found = re.search(r"yêu cầu số (\d{6})", text)
    assert found, text
    return int(found.group(1))


async def queued_for(services, chat_id: str) -> list[str]:
    """The texts of every message queued in the outbox for a Telegram chat, in order."""
    async with services.db.session() as session:
        rows = await session.execute(
            select(models.OutboxMessage.body)
            .where(
                models.OutboxMessage.channel == "telegram",
                models.OutboxMessage.recipient == chat_id,
            )
            .order_by(models.OutboxMessage.id)
        )
        return [body["text"] for body in rows.scalars()]


async def audit_trail(services, kind: str) -> list[tuple]:
    async with services.db.session() as session:
        events = await session.execute(
            select(models.AuditEvent).where(models.AuditEvent.kind == kind)
        )
        return [(e.actor, e.action, e.item_key, e.after) for e in events.scalars()]


def hcm(services) -> str:
    return services.admin_map.find_province("TP Hồ Chí Minh").key


@pytest.fixture
def sign_in_province(admin_browser, services, admin_clock, cheap_passwords):
    """``await sign_in_province("hoa", "editor", key)``: an account limited to a province."""

    async def sign_in(username: str, role: str, province_key: str) -> AdminBrowser:
        async with services.db.session() as session:
            accounts = StaffAccounts(session, clock=admin_clock.datetime, passwords=cheap_passwords)
            password = "mat-khau-thu-nghiem-02"
            await accounts.create(username, password, Role.parse(role), "test", province_key)
        browser = admin_browser()
        assert (await browser.sign_in(username, password)).status == 302
        return browser

    return sign_in


def row_of(page_text: str, number: int) -> str:
    found = re.search(rf'<tr id="request-{number}".*?</tr>', page_text, re.S)
    assert found, f"request {number} is not listed"
    return found.group(0)


# ---- a request, from the staff's side -------------------------------------------------------


async def test_an_editor_claims_a_request_and_the_answer_reaches_the_citizen(
    services, people, signed_in, admin_clock
):
    number = await asks_for_a_person(services)
    admin_clock.advance(12 * MINUTE)
    an = await signed_in("minh", "editor")

    listed = await an.get("/admin/handoff")
    assert listed.status == 200
    assert 'href="/admin/handoff"' in listed.text and 'aria-current="page"' in listed.text
    row = row_of(listed.text, number)
    assert "chờ 12 phút" in row and "Phường Bến Thành" in row

    page = await an.get(f"/admin/handoff/{number}")
    assert page.status == 200
    assert "Đang chờ người nhận" in page.text
    assert "Bến Thành" in page.text  # what the citizen said before asking, kept with it

    claimed = await an.submit(f"/admin/handoff/{number}/claim")
    assert claimed.status == 303
    assert claimed.location == f"/admin/handoff/{number}?done=claimed"
    page = await an.get(claimed.location)
    assert "Đang hỗ trợ" in page.text and "cán bộ minh" in page.text
    assert 'name="text"' in page.text  # the reply box is the claimer's
    told = await queued_for(services, "900")
    assert f"{STAFF_VOICE} đã nhận yêu cầu số {number}" in told[-1]

    typed = "<b>Dạ</b> anh/chị mang theo giấy khai sinh bản gốc ạ."
    sent = await an.submit(f"/admin/handoff/{number}/reply", {"text": typed})
    assert sent.status == 303 and sent.location.endswith("?done=replied")
    told = await queued_for(services, "900")
    assert told[-1] == f"{STAFF_VOICE}: {typed}"

    page = await an.get(f"/admin/handoff/{number}")
    assert "<b>Dạ</b>" not in page.text  # shown as the text it is
    assert "&lt;b&gt;Dạ&lt;/b&gt; anh/chị mang theo" in page.text
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", page.text)
    listed = await an.get("/admin/handoff")
    assert "cán bộ minh" in row_of(listed.text, number)

    assert [
        (actor, action, key) for actor, action, key, _ in await audit_trail(services, "handoff")
    ] == [
        ("minh", "claim", str(number)),
        ("minh", "reply", str(number)),
    ]


async def test_a_second_claim_is_refused_politely_and_a_viewer_cannot_claim(
    services, people, signed_in
):
    number = await asks_for_a_person(services)
    an = await signed_in("minh", "editor")
    binh = await signed_in("binh", "editor")
    chi = await signed_in("chi", "viewer")

    seen = await binh.get(f"/admin/handoff/{number}")  # Bình opens the page first ...
    assert f'action="/admin/handoff/{number}/claim"' in seen.text
    assert (await an.submit(f"/admin/handoff/{number}/claim")).status == 303
    late = await binh.submit(f"/admin/handoff/{number}/claim")  # ... and presses too late
    assert late.status == 409
    assert f"yêu cầu số {number} đã được cán bộ Trung tâm nhận trước" in late.text
    late_reply = await binh.submit(f"/admin/handoff/{number}/reply", {"text": "Chào anh/chị"})
    assert late_reply.status == 409 and "không phải của anh/chị" in late_reply.text
    assert "Chào anh/chị" in late_reply.text  # what Bình typed is not lost

    page = await chi.get(f"/admin/handoff/{number}")
    assert page.status == 200 and "/claim" not in page.text
    assert (await chi.submit(f"/admin/handoff/{number}/claim")).status == 403
    assert (await chi.submit(f"/admin/handoff/{number}/close")).status == 403
    told = await queued_for(services, "900")
    assert sum(STAFF_VOICE in text for text in told) == 1  # one claim told, no more


async def test_two_editors_pressing_at_once_get_one_claim_and_one_polite_refusal(
    services, people, signed_in
):
    number = await asks_for_a_person(services)
    browsers = [await signed_in("minh", "editor"), await signed_in("binh", "editor")]
    tokens = [(await b.get("/admin")).csrf_token for b in browsers]
    pages = await asyncio.gather(
        *(
            b.post(f"/admin/handoff/{number}/claim", {"csrf_token": token})
            for b, token in zip(browsers, tokens, strict=True)
        )
    )
    assert sorted(p.status for p in pages) == [303, 409]
    [refused] = [p for p in pages if p.status == 409]
    assert "nhận trước" in refused.text
    actions = [action for _, action, _, _ in await audit_trail(services, "handoff")]
    assert actions == ["claim"]
    told = await queued_for(services, "900")
    assert sum(f"{STAFF_VOICE} đã nhận" in text for text in told) == 1


async def test_a_reply_is_checked_and_a_saved_reply_fills_the_box(services, people, signed_in):
    number = await asks_for_a_person(services)
    an = await signed_in("minh", "editor")
    await an.submit(f"/admin/handoff/{number}/claim")

    page = await an.get(f"/admin/handoff/{number}?saved=chao_hoi")
    box = re.search(r'<textarea id="reply-text"[^>]*>(.*?)</textarea>', page.text, re.S)
    assert box.group(1).startswith("Xin chào anh/chị, em là cán bộ Trung tâm")
    assert 'data-text="Anh/chị đang cần làm thủ tục nào ạ' in page.text
    assert '<script src="/admin/static/handoff.js"' in page.text
    assert (await an.get("/admin/static/handoff.js")).status == 200

    empty = await an.submit(f"/admin/handoff/{number}/reply", {"text": "   "})
    assert empty.status == 400
    assert '<p class="field-error" id="reply-error">Hãy nhập nội dung trả lời.</p>' in empty.text
    long = await an.submit(f"/admin/handoff/{number}/reply", {"text": "Dạ " * 700})
    assert long.status == 400 and "tối đa 2000 ký tự" in long.text
    assert "Dạ Dạ Dạ" in long.text  # kept in the box to shorten
    told = await queued_for(services, "900")
    assert not any(text.startswith(f"{STAFF_VOICE}:") for text in told)


async def test_closing_asks_the_citizen_to_rate_and_ratings_are_shown(services, people, signed_in):
    number = await asks_for_a_person(services)
    an = await signed_in("minh", "editor")
    await an.submit(f"/admin/handoff/{number}/claim")
    closed = await an.submit(f"/admin/handoff/{number}/close")
    assert closed.status == 303 and closed.location.endswith("?done=closed")
    told = await queued_for(services, "900")
    assert f"cuộc hỗ trợ (yêu cầu số {number}) đã kết thúc" in told[-1]

    citizen = TelegramUser(services, "900")
    assert "cảm ơn" in await citizen.payload(f"hrate:{number}:4")
    other = await asks_for_a_person(services, "901")
    await an.submit(f"/admin/handoff/{other}/close")  # closed while still open
    await TelegramUser(services, "901").payload(f"hrate:{other}:5")

    listed = await an.get("/admin/handoff")
    assert "2 lượt chấm, trung bình 4,5/5" in listed.text
    assert "4 điểm" in row_of(listed.text, number)
    page = await an.get(f"/admin/handoff/{number}")
    assert "Đã kết thúc" in page.text and "/reply" not in page.text
    again = await an.submit(f"/admin/handoff/{number}/close")
    assert again.status == 409 and "đã kết thúc hoặc không còn" in again.text


async def test_a_request_nobody_claimed_in_time_is_marked_for_staff(
    services, people, signed_in, admin_clock
):
    first = await asks_for_a_person(services, "900")
    admin_clock.advance(11 * MINUTE)  # past the ten minutes volunteers have
    assert await people.handoff.escalate_overdue(services.dialogue.unit_of_work) == 1
    second = await asks_for_a_person(services, "901")
    admin_clock.advance(2 * MINUTE)

    listed = (await (await signed_in("minh", "viewer")).get("/admin/handoff")).text
    assert "đã chuyển cán bộ" in row_of(listed, first)
    assert "đã chuyển cán bộ" not in row_of(listed, second)
    assert listed.index(f'id="request-{first}"') < listed.index(f'id="request-{second}"')
    assert "chờ 13 phút" in row_of(listed, first) and "chờ 2 phút" in row_of(listed, second)


async def test_staff_of_another_province_neither_see_nor_open_a_request(
    services, people, sign_in_province
):
    number = await asks_for_a_person(services)
    hanoi = services.admin_map.find_province("Hà Nội").key
    hoa = await sign_in_province("hoa", "editor", hanoi)
    listed = await hoa.get("/admin/handoff")
    assert listed.status == 200 and f'id="request-{number}"' not in listed.text
    assert "Bạn chỉ xem được yêu cầu và tình nguyện viên của Thành phố Hà Nội" in listed.text
    assert (await hoa.get(f"/admin/handoff/{number}")).status == 404
    assert (await hoa.submit(f"/admin/handoff/{number}/claim")).status == 404
    assert await audit_trail(services, "handoff") == []

    lan = await sign_in_province("lan", "editor", hcm(services))
    assert f'id="request-{number}"' in (await lan.get("/admin/handoff")).text
    assert (await lan.submit(f"/admin/handoff/{number}/claim")).status == 303


# ---- volunteers -----------------------------------------------------------------------------


def invite_token(page_text: str) -> str:
    links = re.findall(rf"https://t\.me/{BOT}\?start=([A-Za-z0-9_-]+)", page_text)
    assert len(links) == 1, links
    return links[0]


async def test_an_admin_invites_a_volunteer_and_sees_the_link_once(services, people, signed_in):
    admin = await signed_in("lan", "admin")
    page = await admin.get("/admin/volunteers")
    assert page.status == 200 and "Chưa có tình nguyện viên nào." in page.text

    made = await admin.submit("/admin/volunteers/invite", {"unit": WARD})
    assert made.status == 200
    token = invite_token(made.text)
    assert len(token) == 32 and made.text.count(token) == 1
    assert made.headers["Cache-Control"] == "no-store"
    assert "Lời mời cho Phường Bến Thành (Thành phố Hồ Chí Minh), hết hạn ngày" in made.text

    later = await admin.get("/admin/volunteers")
    assert token not in later.text and "t.me/" not in later.text
    assert "Chưa dùng, còn hạn" in later.text and "Phường Bến Thành" in later.text
    [(actor, action, key, after)] = await audit_trail(services, "volunteer")
    assert (actor, action) == ("lan", "invite") and key.endswith("/" + after["unit_key"])
    assert token not in str(after)
    async with services.db.session() as session:
        stored = (await session.execute(select(models.VolunteerInvite))).scalars().all()
    assert [len(i.token_hash) for i in stored] == [64]  # only a hash is kept

    volunteer = TelegramUser(services, "501")
    assert "xác nhận tham gia" in await volunteer.payload(f"cmd:start:{token}")
    assert "Chào mừng" in await volunteer.payload(f"vjoin:{token}")
    joined = await admin.get("/admin/volunteers")
    assert re.search(r"TNV số \d+</td>\s*<td>Phường Bến Thành", joined.text)
    assert "Đang hoạt động" in joined.text and "Đã dùng ngày" in joined.text


async def test_an_unknown_or_vague_unit_gets_an_error_next_to_the_field(services, signed_in):
    admin = await signed_in("lan", "admin")
    for typed in ("phường Không Có Thật", ""):
        page = await admin.submit("/admin/volunteers/invite", {"unit": typed})
        assert page.status == 400
        assert '<p class="field-error" id="invite-error">' in page.text
        assert "t.me/" not in page.text
    editor = await signed_in("minh", "editor")
    assert (await editor.submit("/admin/volunteers/invite", {"unit": WARD})).status == 403
    assert await audit_trail(services, "volunteer") == []


async def test_without_the_bot_username_the_token_is_shown_with_a_hint(services, people, signed_in):
    services.config = replace(
        services.config, telegram=services.config.telegram.model_copy(update={"bot_username": None})
    )
    admin = await signed_in("lan", "admin")
    made = await admin.submit("/admin/volunteers/invite", {"unit": WARD})
    assert made.status == 200 and "t.me/" not in made.text
    assert "telegram.bot_username" in made.text
    token = re.search(r'<p class="invite-link"><code>([A-Za-z0-9_-]{32})</code>', made.text)
    assert token and made.text.count(token.group(1)) == 1


async def join_volunteer(services, admin: AdminBrowser, user_id: str = "501") -> int:
    token = invite_token((await admin.submit("/admin/volunteers/invite", {"unit": WARD})).text)
    volunteer = TelegramUser(services, user_id)
    await volunteer.payload(f"cmd:start:{token}")
    await volunteer.payload(f"vjoin:{token}")
    async with services.db.session() as session:
        row = (
            await session.execute(
                select(models.Volunteer).where(models.Volunteer.user_id == user_id)
            )
        ).scalar_one()
    return row.id


async def status_of(services, volunteer_id: int) -> str:
    async with services.db.session() as session:
        row = await session.get(models.Volunteer, volunteer_id, populate_existing=True)
        return row.status


async def test_an_admin_suspends_reinstates_and_removes_a_volunteer(
    services, people, signed_in, sign_in_province
):
    admin = await signed_in("lan", "admin")
    vid = await join_volunteer(services, admin)

    done = await admin.submit(f"/admin/volunteers/{vid}/suspend")
    assert done.status == 303 and done.location == f"/admin/volunteers?done=suspended&id={vid}"
    assert await status_of(services, vid) == "suspended"
    page = await admin.get(done.location)
    assert f"Đã tạm dừng TNV số {vid}" in page.text and "Tạm dừng" in page.text
    assert any("cán bộ Trung tâm tạm dừng" in text for text in await queued_for(services, "501"))

    assert (await admin.submit(f"/admin/volunteers/{vid}/reinstate")).status == 303
    assert await status_of(services, vid) == "active"
    assert (await admin.submit(f"/admin/volunteers/{vid}/remove")).status == 303
    assert await status_of(services, vid) == "removed"
    again = await admin.submit(f"/admin/volunteers/{vid}/reinstate")
    assert again.status == 409 and "Không thể chuyển" in again.text
    assert await status_of(services, vid) == "removed"
    actions = [(a, k, after) for _, a, k, after in await audit_trail(services, "volunteer")]
    assert actions[1:] == [
        ("suspend", str(vid), {"status": "suspended"}),
        ("reinstate", str(vid), {"status": "active"}),
        ("remove", str(vid), {"status": "removed"}),
    ]

    viewer = await signed_in("chi", "viewer")
    listed = await viewer.get("/admin/volunteers")
    assert listed.status == 200 and f"TNV số {vid}" in listed.text
    assert "/suspend" not in listed.text and 'action="/admin/volunteers/invite"' not in listed.text
    assert (await viewer.submit(f"/admin/volunteers/{vid}/suspend")).status == 403

    hanoi = services.admin_map.find_province("Hà Nội").key
    hoa = await sign_in_province("hoa", "admin", hanoi)
    assert f"TNV số {vid}" not in (await hoa.get("/admin/volunteers")).text
    assert (await hoa.submit(f"/admin/volunteers/{vid}/reinstate")).status == 404
    outside = await hoa.submit("/admin/volunteers/invite", {"unit": WARD})
    assert outside.status == 400 and "thuộc Thành phố Hà Nội" in outside.text


async def test_the_menu_and_dashboard_lead_to_both_pages(signed_in):
    viewer = await signed_in("chi", "viewer")
    dashboard = (await viewer.get("/admin")).text
    assert 'href="/admin/handoff"' in dashboard and 'href="/admin/volunteers"' in dashboard
    assert "Yêu cầu hỗ trợ" in dashboard and "Tình nguyện viên" in dashboard
