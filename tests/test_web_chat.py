"""The residents' web chat over real HTTP: the page, the embed script, and the live stream
of pushed messages (GET /api/chat/events).

A resident opens the page (it may sit in a frame on a commune's website, the admin may
not), talks once to get a session, and keeps a stream open: what is queued for them in
the web outbox arrives whole, once, and only to them. A connection that drops loses
nothing: the page reconnects with the last id it handled and gets the rest again, from
whichever worker it reaches; every tab of the session gets every message.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer

from bot.app import Services, create_services
from bot.web import SERVICES, create_app
from bot.web_events import EVENT_HUB, EventHub
from flows.types import Button, Reply, Turn, Venue
from knowledge.storage.outbox import OutboxRepository, OutgoingMessage
from tests.test_web_api import database_gone

PORTAL_KEY = "test-key-for-the-portal-front-end"
STREAM_TIMEOUT_S = 60  # a bound on waiting for an event, never a pause
# Only what pokes it (this process) or a long wait finds a message: a stream that gets one
# without a poke would show the poke is not what woke it.
NEVER_S = 3600.0
OFTEN_S = 0.05


@pytest.fixture
def config(config):
    return replace(config, api_key=PORTAL_KEY)


@asynccontextmanager
async def chat_client(services: Services, poll_s: float) -> AsyncIterator[TestClient]:
    web_settings = services.config.web.model_copy(update={"events_poll_s": poll_s})
    services = replace(services, config=replace(services.config, web=web_settings))
    client = TestClient(TestServer(create_app(services)))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


@pytest.fixture
async def web(services) -> AsyncIterator[TestClient]:
    """The app, its streams woken only by pokes (another process's messages: an hour)."""
    async with chat_client(services, NEVER_S) as client:
        yield client


@pytest.fixture
async def polling_web(services) -> AsyncIterator[TestClient]:
    """The app, its streams looking in the outbox every 50 ms."""
    async with chat_client(services, OFTEN_S) as client:
        yield client


def hub_of(client: TestClient) -> EventHub:
    return client.app[EVENT_HUB]


async def start_session(client: TestClient) -> str:
    """A new resident's first message; the session as the page keeps it (not the cookie:
    the next call is somebody else)."""
    resp = await client.post("/api/chat", json={"text": "xin chào"})
    assert resp.status == 200
    client.session.cookie_jar.clear()
    return (await resp.json())["session"]


def user_of(token: str) -> str:
    return token.split(".")[1]


async def queue_for(services: Services, user_id: str, reply: Reply) -> None:
    """What another part of the bot does: a message for a web user, in the outbox."""
    message = OutgoingMessage(f"test:{uuid.uuid4().hex}", "web", user_id, reply.to_dict())
    async with services.db.session() as session:
        assert await OutboxRepository(session).add(message)


async def next_block(resp: ClientResponse) -> tuple[str | None, dict | None]:
    """The next block of a stream: its id and its `data:` message (None when absent)."""
    async with asyncio.timeout(STREAM_TIMEOUT_S):
        block = (await resp.content.readuntil(b"\n\n")).decode("utf-8")
    lines = block.splitlines()
    ids = [line[4:] for line in lines if line.startswith("id: ")]
    data = [line[6:] for line in lines if line.startswith("data: ")]
    return (ids[-1] if ids else None), (json.loads("\n".join(data)) if data else None)


async def next_with_id(resp: ClientResponse) -> tuple[str, dict]:
    """The next message of a stream and its id (comments are skipped)."""
    while True:
        event_id, message = await next_block(resp)
        if message is not None:
            assert event_id
            return event_id, message


async def next_event(resp: ClientResponse) -> dict:
    """The next `data:` event of a stream (comments are skipped)."""
    return (await next_with_id(resp))[1]


async def opening_id(resp: ClientResponse) -> str:
    """The id a stream opens with: where it starts, to reconnect with."""
    event_id, message = await next_block(resp)
    assert event_id and message is None
    return event_id


@asynccontextmanager
async def stream(
    client: TestClient, token: str, last_id: str | None = None
) -> AsyncIterator[ClientResponse]:
    headers = {"X-Session": token}
    if last_id is not None:
        headers["Last-Event-ID"] = last_id
    resp = await client.get("/api/chat/events", headers=headers)
    assert resp.status == 200
    assert resp.headers["Content-Type"] == "text/event-stream; charset=utf-8"
    try:
        yield resp
    finally:
        resp.close()


DOSSIER_NEWS = Reply(
    "Hồ sơ 000.00.04.H51-250701-0002 đã có kết quả.",
    kind="dossier_changed",
    buttons=(Button("Gặp người hỗ trợ", "cmd:human"),),
    venue=Venue(21.0285, 105.8542, "Bộ phận một cửa", "1 Phố Thử, Hà Nội"),
)


# ---- the page, its files, and who may frame what ----------------------------------------


async def test_the_page_is_vietnamese_accessible_and_may_sit_in_a_communes_frame(web):
    resp = await web.get("/")
    assert resp.status == 200
    assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
    page = await resp.text()
    assert '<html lang="vi">' in page
    assert "<title>Trợ lý thủ tục hành chính</title>" in page
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
    assert re.search(r'<div id="log"[^>]*role="log"[^>]*aria-live="polite"', page)
    assert '<label for="message"' in page
    assert 'data-payload="cmd:human">Gặp người hỗ trợ</button>' in page
    # the script's texts are data in the page, valid JSON that cannot close its element
    texts = re.search(r'<script type="application/json" id="chat-texts">(.*?)</script>', page, re.S)
    assert json.loads(texts.group(1))["page"]["share_location"] == "Gửi vị trí của tôi"
    # scripts only from files (the CSP forbids inline script anyway)
    for tag in re.findall(r"<script[^>]*>", page):
        assert 'src="/chat/' in tag or 'type="application/json"' in tag
    # framable by any site, everything else as strict as the rest of the server
    assert "X-Frame-Options" not in resp.headers
    csp = resp.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'none'" in csp and "base-uri 'none'" in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/admin", "/admin/login", "/api/chat/notifications", "/healthz"])
async def test_no_other_route_may_be_framed(web, path):
    resp = await web.get(path, allow_redirects=False)
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]


async def test_a_refusal_on_the_pages_address_is_not_framable_either(web):
    resp = await web.post("/", data=b"x")
    assert resp.status == 405
    assert resp.headers["X-Frame-Options"] == "DENY"


async def test_the_scripts_and_style_are_served_with_their_types(web):
    page = await (await web.get("/")).text()
    scripts = re.findall(r'<script src="(/chat/[a-z-]+\.js)" defer></script>', page)
    assert scripts[-1] == "/chat/chat.js" and len(scripts) > 1  # the start comes last
    for path in scripts:
        script = await web.get(path)
        assert script.headers["Content-Type"] == "text/javascript; charset=utf-8"
        source = await script.text()
        assert "innerHTML" not in source and "eval(" not in source  # server text stays text
    style = await web.get("/chat/chat.css")
    assert style.headers["Content-Type"] == "text/css; charset=utf-8"
    assert ":focus-visible" in await style.text()
    icon = await web.get("/chat/icon.svg")
    assert icon.headers["Content-Type"].startswith("image/svg+xml")


async def test_one_script_tag_on_a_communes_site_loads_the_embed_button(web):
    resp = await web.get("/embed.js")
    assert resp.status == 200
    assert resp.headers["Content-Type"] == "text/javascript; charset=utf-8"
    # another site may load it (a <script src> across origins), and cache it a while
    assert resp.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert resp.headers["Cache-Control"] == "public, max-age=3600"
    source = await resp.text()
    assert '"open": "Hỏi đáp thủ tục"' in source
    assert "/*TEXTS*/" not in source
    assert "document.currentScript" in source and "iframe" in source


# ---- the live stream ---------------------------------------------------------------------


async def test_the_stream_needs_a_session(web):
    resp = await web.get("/api/chat/events")
    assert resp.status == 401
    body = await resp.json()
    assert body["error"] == "session_required"
    forged = await web.get("/api/chat/events", headers={"X-Session": "v1.web-x.1.forged"})
    assert forged.status == 401
    assert (await forged.json())["error"] == "invalid_session"
    assert hub_of(web).streams() == 0


async def test_a_message_pushed_to_a_resident_arrives_whole_once_and_only_to_them(
    polling_web, services
):
    lan, minh = await start_session(polling_web), await start_session(polling_web)
    assert user_of(lan) != user_of(minh)
    async with stream(polling_web, lan) as lans, stream(polling_web, minh) as minhs:
        # Minh's message is queued first: a stream that leaked would hand it to Lan first
        await queue_for(services, user_of(minh), Reply("Tin cho Minh", kind="dossier_changed"))
        await queue_for(services, user_of(lan), DOSSIER_NEWS)
        assert await next_event(lans) == DOSSIER_NEWS.to_dict()
        assert (await next_event(minhs))["text"] == "Tin cho Minh"
    # handed out: nothing waits, and a new stream of Lan's starts with what is new
    assert await services.registry.web_waiting(user_of(lan)) == 0
    async with stream(polling_web, lan) as again:
        await queue_for(services, user_of(lan), Reply("Tin thứ hai"))
        assert (await next_event(again))["text"] == "Tin thứ hai"


async def test_a_message_queued_in_this_process_arrives_when_its_stream_is_poked(web, services):
    token = await start_session(web)
    user = user_of(token)
    async with stream(web, token) as resp:
        await queue_for(services, user, Reply("Một"))
        hub_of(web).poke(user)
        assert (await next_event(resp))["text"] == "Một"


WARD = "phường Bến Thành, TP Hồ Chí Minh"


async def test_a_volunteers_reply_reaches_a_web_resident_at_once(web, services):
    """A resident of the web chat asks for a person; a volunteer claims the request on
    Telegram and answers: the turn's commit wakes the resident's stream (the hub polls
    only hourly here), and the stream shows the reply under the unit's team name."""
    dialogue = services.dialogue
    token = await start_session(web)
    session = {"X-Session": token}
    assert (await web.post("/api/chat", json={"text": WARD}, headers=session)).status == 200
    resp = await web.post("/api/chat", json={"payload": "cmd:human"}, headers=session)
    [opened] = (await resp.json())["replies"]
    number = re.search(r"yêu cầu số (\d{6})", opened["text"]).group(1)

    unit = dialogue.places.unit_of(dialogue.places.resolve(WARD))
    async with dialogue.unit_of_work() as uow:
        invite = dialogue.people.volunteers.invite(uow, unit.province_key, unit.key, "test")
        await uow.commit()

    async def volunteer(**fields) -> None:
        await dialogue.handle(Turn("telegram", "7001", chat_id="7001", **fields))

    await volunteer(payload=f"cmd:start:{invite.token}")
    await volunteer(payload=f"vjoin:{invite.token}")
    async with stream(web, token) as events:
        await volunteer(payload=f"hclaim:{number}")
        claimed = await next_event(events)
        assert claimed["text"].startswith("Dạ, Tình nguyện viên Tổ công nghệ số Phường Bến Thành")
        await volunteer(text="Chị mang căn cước đến phường nhé.")
        relayed = await next_event(events)
        assert relayed["text"] == (
            "Tình nguyện viên Tổ công nghệ số Phường Bến Thành: Chị mang căn cước đến phường nhé."
        )


async def test_an_integration_with_the_api_key_streams_the_user_it_names(polling_web, services):
    token = await start_session(polling_web)
    headers = {"Authorization": f"Bearer {PORTAL_KEY}"}
    url = f"/api/chat/events?user_id={user_of(token)}"
    async with polling_web.get(url, headers=headers) as resp:
        assert resp.status == 200
        await queue_for(services, user_of(token), Reply("Qua cổng"))
        assert (await next_event(resp))["text"] == "Qua cổng"
    unnamed = await polling_web.get("/api/chat/events", headers=headers)
    assert unnamed.status == 400


async def test_a_stream_ends_when_its_client_goes_away(polling_web):
    token = await start_session(polling_web)
    hub = hub_of(polling_web)
    async with stream(polling_web, token):
        async with asyncio.timeout(STREAM_TIMEOUT_S):
            await hub.wait_streams(1, user_of(token))
    async with asyncio.timeout(STREAM_TIMEOUT_S):
        await hub.wait_streams(0)


async def test_a_user_opening_many_streams_keeps_only_the_newest(web):
    token = await start_session(web)
    hub = hub_of(web)
    first = await web.get("/api/chat/events", headers={"X-Session": token})
    others = [await web.get("/api/chat/events", headers={"X-Session": token}) for _ in range(3)]
    async with asyncio.timeout(STREAM_TIMEOUT_S):
        assert await first.content.read()  # the oldest ended: its body is complete
        await hub.wait_streams(3, user_of(token))
    for resp in (first, *others):
        resp.close()


async def test_shutting_the_server_down_ends_every_stream(web):
    token = await start_session(web)
    resp = await web.get("/api/chat/events", headers={"X-Session": token})
    async with asyncio.timeout(STREAM_TIMEOUT_S):
        await hub_of(web).wait_streams(1)
        await web.app.shutdown()  # what the runner's cleanup does first
        assert b"stream open" in await resp.content.read()  # the stream ended, not hung
        await hub_of(web).wait_streams(0)
    assert hub_of(web).closed
    resp.close()


async def test_at_shutdown_the_poller_finishes_its_read_then_ends_without_waiting_its_pause():
    """The poller is never cancelled in the middle of its read of the outbox (its
    connection would be cut on its way back to the pool: an error in the log at every
    stop that came at that moment), nor does the stop wait out its pause."""
    hub, reading, may_answer, answered = EventHub(), asyncio.Event(), asyncio.Event(), []

    async def marks(users: list[str]) -> dict:
        reading.set()
        await may_answer.wait()  # the read of the outbox, under way
        answered.append(users)
        return {}

    with hub.listening("resident-1"):
        poller = asyncio.create_task(hub.poll(marks, 600.0))
        await asyncio.wait_for(reading.wait(), STREAM_TIMEOUT_S)
        hub.close()  # the server shuts down meanwhile
    may_answer.set()
    await asyncio.wait_for(poller, STREAM_TIMEOUT_S)  # well before its 600 s pause ends
    assert answered == [["resident-1"]]  # the read finished
    assert not poller.cancelled()


# ---- delivery acknowledged by the last id handled -----------------------------------------


async def push(client: TestClient, services: Services, token: str, text: str) -> None:
    """A message for the session's resident, queued in this process (its streams woken)."""
    await queue_for(services, user_of(token), Reply(text, kind="volunteer_reply"))
    hub_of(client).poke(user_of(token))


async def test_a_message_on_a_connection_that_dropped_comes_again_when_the_page_reconnects(
    web, services
):
    token = await start_session(web)
    async with stream(web, token) as first:
        start = await opening_id(first)
        await push(web, services, token, "Một")
        one_id, one = await next_with_id(first)
        await push(web, services, token, "Hai")
        two_id, two = await next_with_id(first)  # written; the page dropped before showing it
    assert (one["text"], two["text"]) == ("Một", "Hai")
    # the page handled "Một": reconnecting with its id, it gets "Hai" again, same id
    async with stream(web, token, last_id=one_id) as again:
        assert await opening_id(again) == one_id
        assert await next_with_id(again) == (two_id, two)
        await push(web, services, token, "Ba")
        assert (await next_event(again))["text"] == "Ba"  # and goes on with what is new
    # a page that handled nothing reconnects with the id its stream opened with: all of it
    async with stream(web, token, last_id=start) as from_start:
        await opening_id(from_start)
        texts = [(await next_event(from_start))["text"] for _ in range(3)]
    assert texts == ["Một", "Hai", "Ba"]


async def test_every_tab_of_a_session_gets_every_pushed_message(web, services):
    token = await start_session(web)
    async with stream(web, token) as tab_one, stream(web, token) as tab_two:
        await opening_id(tab_one), await opening_id(tab_two)
        await hub_of(web).wait_streams(2, user_of(token))
        await push(web, services, token, "Tình nguyện viên: chị mang căn cước nhé.")
        await push(web, services, token, "Hồ sơ đã có kết quả.")
        one = [await next_with_id(tab_one) for _ in range(2)]
        two = [await next_with_id(tab_two) for _ in range(2)]
    assert one == two  # the same messages, with the same ids: a page shows each once
    assert [m["text"] for _, m in one] == [
        "Tình nguyện viên: chị mang căn cước nhé.",
        "Hồ sơ đã có kết quả.",
    ]
    assert await services.registry.web_waiting(user_of(token)) == 0


async def test_an_event_id_this_session_was_not_given_is_refused_and_logged(web, caplog):
    caplog.set_level(logging.INFO, logger="bot.web_events")
    lan, minh = await start_session(web), await start_session(web)
    async with stream(web, lan) as lans:
        lans_id = await opening_id(lans)
    for last_id in ("1-1.forged", "x" * 300, lans_id):
        caplog.clear()
        headers = {"X-Session": minh, "Last-Event-ID": last_id}
        resp = await web.get("/api/chat/events", headers=headers)
        assert resp.status == 400
        body = await resp.json()
        assert (body["error"], body["field"]) == ("invalid_event_id", "Last-Event-ID")
        assert "refused a web chat event id" in caplog.text
    assert hub_of(web).streams() == 0


async def test_a_stream_cannot_open_while_the_database_is_out_and_the_page_tries_again(
    web, services
):
    token = await start_session(web)
    async with database_gone(services):
        resp = await web.get("/api/chat/events", headers={"X-Session": token})
        assert resp.status == 503
        assert resp.headers["Retry-After"] == "5"
        assert (await resp.json())["error"] == "unavailable"
    async with stream(web, token) as again:
        await opening_id(again)
        await push(web, services, token, "Đã có lại")
        assert (await next_event(again))["text"] == "Đã có lại"


async def kept_for_a_page_reconnecting(services: Services, token: str) -> list[str]:
    """What a page of the session reconnecting from before its first message would get."""
    look = await services.registry.look_web(user_of(token), 0)
    return [handed.body["text"] for handed in look.handed]


async def test_deleting_my_data_also_drops_the_messages_kept_to_hand_out_again(web, services):
    token = await start_session(web)
    async with stream(web, token) as first:
        await opening_id(first)
        await push(web, services, token, "Tình nguyện viên: chị Lan ở phường 5 nhé.")
        await next_with_id(first)
    assert await kept_for_a_page_reconnecting(services, token) == [
        "Tình nguyện viên: chị Lan ở phường 5 nhé."
    ]

    headers = {"X-Session": token}
    await web.post("/api/chat", json={"text": "xóa dữ liệu của tôi"}, headers=headers)
    resp = await web.post("/api/chat", json={"payload": "delete:yes"}, headers=headers)
    assert (await resp.json())["replies"][0]["kind"] == "deleted"
    assert await kept_for_a_page_reconnecting(services, token) == []  # gone from the database


# ---- several serving processes (`serve --workers N`) on one database ----------------------

SHARED_SECRET = "5f3a" * 16  # CITIZENBOT_SESSION_SECRET, the same for every worker


@asynccontextmanager
async def worker(config, database_url: str, poll_s: float) -> AsyncIterator[TestClient]:
    """One serving process: its own services, memory and streams, on the shared database."""
    web_settings = config.web.model_copy(update={"session_secret": SHARED_SECRET})
    services = await create_services(replace(config, database_url=database_url, web=web_settings))
    try:
        async with chat_client(services, poll_s) as client:
            yield client
    finally:
        await services.close()


def services_of(client: TestClient) -> Services:
    return client.app[SERVICES]


async def test_a_page_reconnecting_to_another_worker_gets_what_the_first_one_handed_out(
    config, seeded_any_database
):
    """The proxy sends the page's reconnection to another worker than the one whose stream
    took its messages: that one hands out again what came after the page's last id."""
    async with (
        worker(config, seeded_any_database, NEVER_S) as one,
        worker(config, seeded_any_database, NEVER_S) as two,
    ):
        token = await start_session(one)
        async with stream(one, token) as first:
            start = await opening_id(first)
            await push(one, services_of(one), token, "Một")
            one_id, _ = await next_with_id(first)
            await push(one, services_of(one), token, "Hai")
            lost = await next_with_id(first)  # written; the page dropped before showing it
        async with stream(two, token, last_id=one_id) as again:
            assert await opening_id(again) == one_id
            assert await next_with_id(again) == lost
            await push(two, services_of(two), token, "Ba")
            assert (await next_event(again))["text"] == "Ba"
        # back on the first worker, from the start: all of it, with the same ids
        async with stream(one, token, last_id=start) as from_start:
            await opening_id(from_start)
            texts = [(await next_event(from_start))["text"] for _ in range(3)]
        assert texts == ["Một", "Hai", "Ba"]


async def test_two_tabs_served_by_two_workers_each_get_every_message(config, seeded_any_database):
    """Each tab's stream went to another worker: whichever takes a message, the other
    tab gets it too (its worker looks in the outbox every 50 ms), with the same id."""
    async with (
        worker(config, seeded_any_database, OFTEN_S) as one,
        worker(config, seeded_any_database, OFTEN_S) as two,
    ):
        token = await start_session(one)
        async with stream(one, token) as tab_one, stream(two, token) as tab_two:
            await opening_id(tab_one), await opening_id(tab_two)
            for text in ("Tình nguyện viên: chị mang căn cước nhé.", "Hồ sơ đã có kết quả."):
                await queue_for(services_of(one), user_of(token), Reply(text))
                on_one, on_two = await next_with_id(tab_one), await next_with_id(tab_two)
                assert on_one == on_two and on_one[1]["text"] == text
        assert await services_of(two).registry.web_waiting(user_of(token)) == 0
