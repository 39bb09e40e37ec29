"""The residents' web chat in a real browser, against a real `citizenbot serve`.

On a phone-sized screen a resident asks a question and presses one of the answer's
buttons, looks up a dossier and follows it, reaches "Gặp người hỗ trợ" with the keyboard
and presses it with Enter; when the centre pushes the dossier's new status, the news
appears in the conversation by itself. A resident who sends too fast is asked to wait and
send again (not to check the network, which is fine); so is one who writes while the
service is busy. On a commune's website (another site), one script tag adds the button
that opens the same chat in a frame, and the chat works there; Escape closes it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import pytest
import yaml
from aiohttp import web

from flows.types import Button, Reply, Venue
from knowledge.storage.db import Database
from knowledge.storage.outbox import OutboxRepository, OutgoingMessage
from tests.served_bot import ROOT, ServedBot, chromium, free_port

API_KEY = "khoa-thu-cua-trung-tam-phvhcc"
CODE = "000.00.04.H51-250701-0002"  # in the sample registry: "Yêu cầu bổ sung"
PHONE = {"width": 360, "height": 740}
HERE = {"latitude": 10.7725, "longitude": 106.6980}  # phường Bến Thành, TP. Hồ Chí Minh
WAIT_MS = 60_000  # a bound on waiting for something to appear, never a pause
# The README's screenshot: written to docs/ when CITIZENBOT_SCREENSHOTS=1, else kept in tmp.
SCREENSHOTS = os.environ.get("CITIZENBOT_SCREENSHOTS") == "1"

BOT_MESSAGES = "#log .msg-bot"
PAGE_MESSAGES = "#log .msg-system"  # what the page says itself (no answer came)


@pytest.fixture
def deployment(tmp_path, seeded_database, trained_model_dir, build_cache_dir) -> ServedBot:
    shutil.copy(seeded_database, tmp_path / "bot.db")  # what a first start would have made
    bot = ServedBot(tmp_path, trained_model_dir, build_cache_dir)
    bot.env["CITIZENBOT_API_KEY"] = API_KEY
    done = bot.run("dossier", "import", str(ROOT / "knowledge" / "data" / "dossiers_sample.csv"))
    assert done.returncode == 0, done.stderr
    return bot


async def open_chat(browser, url: str, viewport: dict = PHONE):
    """A page (phone-sized); every console error and uncaught exception is kept."""
    context = await browser.new_context(
        viewport=viewport,
        locale="vi-VN",
        geolocation=HERE,
        permissions=["geolocation"],
    )
    page = await context.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("dialog", lambda dialog: page.errors.append(f"dialog: {dialog.message}"))
    await page.goto(url)
    return page


async def bot_says(scope, action, expected: str | None = None) -> str:
    """Do ``action`` (a coroutine: type, click, press), then wait for the bot's answer: the
    text of every bot message that came (one response's replies appear together)."""
    before = await scope.locator(BOT_MESSAGES).count()
    await action
    await scope.locator(BOT_MESSAGES).nth(before).wait_for(timeout=WAIT_MS)
    text = "\n".join((await scope.locator(BOT_MESSAGES).all_inner_texts())[before:])
    if expected is not None:
        assert expected in text, text
    return text


async def page_says(page, action) -> str:
    """Do ``action``, then wait for what the page itself says (a refusal without words)."""
    before = await page.locator(PAGE_MESSAGES).count()
    await action
    await page.locator(PAGE_MESSAGES).nth(before).wait_for(timeout=WAIT_MS)
    return await page.locator(PAGE_MESSAGES).last.inner_text()


async def ask(scope, text: str):
    """Type ``text`` and send it with Enter."""
    await scope.locator("#message").fill(text)
    await scope.locator("#message").press("Enter")


RELAYED = Reply(
    "Tình nguyện viên: anh/chị mang theo <img src=x onerror=alert(1)> bản chính nhé.",
    buttons=(Button("Gặp người hỗ trợ", "cmd:human"),),
    venue=Venue(10.7725, 106.698, "Trung tâm Phục vụ hành chính công", "92 Nguyễn Trãi"),
)


async def queue_in_database(bot: ServedBot, user_id: str, reply: Reply) -> None:
    """A message for a web user written to the deployment's outbox by this (another)
    process: the server's stream finds it on its next look (web.events_poll_s)."""
    body = {
        **reply.to_dict(),
        "image": {"kind": "card", "url": "/chat/icon.svg", "alt": "Thẻ thủ tục"},
    }
    db = Database(f"sqlite+aiosqlite:///{bot.config.parent / 'bot.db'}")
    try:
        async with db.session() as session:
            message = OutgoingMessage(f"test:{user_id}:relayed", "web", user_id, body)
            assert await OutboxRepository(session).add(message)
    finally:
        await db.close()


async def said(page) -> str:
    """What the resident's last message shows."""
    return await page.locator("#log .msg-user .text").last.inner_text()


async def push_status(bot: ServedBot, status: int) -> None:
    """The centre's system pushes the dossier's new status (README: the push API)."""
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{bot.base_url}/api/dossiers/{CODE}/status",
            json={"status": status, "note": "Đã ký"},
            headers={"Authorization": f"Bearer {API_KEY}"},
        ) as resp:
            assert resp.status == 200, await resp.text()
            assert (await resp.json())["changed"]


async def test_a_resident_chats_on_a_phone_and_hears_the_news_live(deployment, tmp_path):
    screenshot = (ROOT / "docs" if SCREENSHOTS else tmp_path) / "web-chat.png"
    async with deployment.serving() as bot, chromium() as browser:
        page = await open_chat(browser, f"{bot.base_url}/")
        assert await page.title() == "Trợ lý thủ tục hành chính"
        log = page.locator("#log")
        assert await log.get_attribute("role") == "log"
        assert await log.get_attribute("aria-live") == "polite"

        # a question, sent with Enter; the answer's text is shown as text
        answer = await bot_says(page, ask(page, "làm căn cước cần gì"), "căn cước")
        assert await said(page) == "làm căn cước cần gì"
        assert await page.locator("#message").input_value() == ""

        # one of the answer's buttons: its payload goes back, another answer comes
        choice = page.locator(BOT_MESSAGES).last.locator(".choices button").first
        label = await choice.inner_text()
        assert await bot_says(page, choice.click()) != answer
        assert await said(page) == label

        # where to go: the bot asks where the resident is, the browser shares its location
        await bot_says(page, ask(page, "trung tâm hành chính công ở đâu"))
        share = page.locator(BOT_MESSAGES).last.get_by_role("button", name="Gửi vị trí của tôi")
        centre = await bot_says(page, share.click(), "theo vị trí anh/chị gửi")
        assert "Trung tâm Phục vụ hành chính công" in centre
        assert await said(page) == "Vị trí của tôi"

        # a dossier code, then "Theo dõi hồ sơ"
        await bot_says(page, ask(page, f"hồ sơ {CODE} sao rồi"), CODE)
        follow = page.locator(BOT_MESSAGES).last.get_by_role("button", name="Theo dõi hồ sơ")
        await bot_says(page, follow.click(), "đổi trạng thái")

        # "Gặp người hỗ trợ", reached with Tab and pressed with Enter
        await page.locator("#message").focus()
        for _ in range(60):
            if await page.evaluate("document.activeElement.id") == "human":
                break
            await page.keyboard.press("Tab")
        human = page.locator("#human")
        assert await human.evaluate("b => b === document.activeElement")
        assert await human.evaluate("b => getComputedStyle(b).outlineStyle") != "none"
        await bot_says(page, page.keyboard.press("Enter"))
        assert await said(page) == "Gặp người hỗ trợ"

        # the centre pushes a new status: the news appears without the resident asking
        news = await bot_says(page, push_status(bot, 10), CODE)
        assert "kết quả" in news

        # nothing wider than the phone
        assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        await page.screenshot(path=str(screenshot))
        assert page.errors == []
    assert "Traceback" not in bot.stderr


async def let_through(held: asyncio.Event) -> None:
    """The held request goes on to the server."""
    held.set()


async def messages(page) -> list[str]:
    """Everything the conversation shows, in order."""
    return await page.locator("#log .msg").all_inner_texts()


async def test_a_long_answer_a_double_tap_and_a_reload_keep_the_conversation_whole(deployment):
    short_phone = {"width": 360, "height": 560}
    async with deployment.serving() as bot, chromium() as browser:
        page = await open_chat(browser, f"{bot.base_url}/", short_phone)
        await page.emulate_media(reduced_motion="reduce")  # where it scrolls to, at once

        # a double tap on a suggestion sends it once and gets one answer
        suggestion = page.locator(BOT_MESSAGES).first.get_by_role(
            "button", name="Làm căn cước cần gì?"
        )
        await bot_says(page, suggestion.dblclick(), "căn cước")

        # the answer (the documents to bring) is longer than the screen: it is shown from
        # its first line, not scrolled to its last
        answer = page.locator(BOT_MESSAGES).last
        log_box = await page.locator("#log").bounding_box()
        answer_box = await answer.bounding_box()
        assert answer_box["height"] > log_box["height"]
        assert log_box["y"] <= answer_box["y"] <= log_box["y"] + 40

        await bot_says(page, ask(page, "lệ phí bao nhiêu"))
        said_by_resident = await page.locator("#log .msg-user .text").all_inner_texts()
        assert said_by_resident == ["Làm căn cước cần gì?", "lệ phí bao nhiêu"]
        assert await page.locator(BOT_MESSAGES).count() == 3  # welcome and two answers

        # a pasted text longer than the bot reads is not cut off silently: the bot says it is
        # too long, and the text is back in the box to be shortened
        pasted = "Tôi muốn hỏi về thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ. " * 40
        await bot_says(page, ask(page, pasted), "dài quá")
        assert await page.locator("#message").input_value() == pasted.strip()
        # so is one with a character the server refuses (pasted from a document, say)
        pasted = "giấy khai sinh\u0007 bản sao"
        assert "chưa đọc được" in await page_says(page, ask(page, pasted))
        assert await page.locator("#message").input_value() == pasted
        await page.locator("#message").fill("")
        shown = await messages(page)

        # reloading the tab shows the same conversation, and it goes on in the same session;
        # while an answer is slow to come, the page says the bot is answering
        await page.reload()
        assert await messages(page) == shown
        waiting = page.get_by_text("Trợ lý đang trả lời…")
        assert await waiting.is_hidden()
        answer_may_come = asyncio.Event()

        async def slow(route):
            await answer_may_come.wait()
            await route.continue_()

        await page.route("**/api/chat", slow)
        await ask(page, "nộp ở đâu")
        await waiting.wait_for(state="visible", timeout=WAIT_MS)
        assert await page.locator("#log").get_attribute("aria-busy") == "true"
        await bot_says(page, let_through(answer_may_come))
        await waiting.wait_for(state="hidden", timeout=WAIT_MS)
        assert await page.locator("#log").get_attribute("aria-busy") is None
        await page.unroute("**/api/chat")
        assert await page.locator("#log .msg-user").count() == 5

        # after "delete my data" a reload shows nothing of it any more
        await bot_says(page, ask(page, "xóa dữ liệu của tôi"), "xóa")
        confirm = page.locator(BOT_MESSAGES).last.get_by_role("button", name="Có, xóa hết")
        await bot_says(page, confirm.click(), "đã xóa")
        await page.reload()
        assert await page.locator("#log .msg").count() == 1  # the welcome
        await bot_says(page, ask(page, "làm căn cước cần gì"), "căn cước")
        # the browser logs the refused request (400) itself; the page's script raised nothing
        assert [e for e in page.errors if not e.startswith("Failed to load resource")] == []
    assert "Traceback" not in bot.stderr


async def test_a_resident_who_writes_too_fast_is_asked_to_wait_not_to_check_the_network(
    deployment,
):
    limits = yaml.safe_load(deployment.config.read_text(encoding="utf-8"))
    limits["web"]["messages_per_minute"] = 2
    deployment.config.write_text(yaml.safe_dump(limits, allow_unicode=True), encoding="utf-8")
    network = "kiểm tra kết nối mạng"
    async with deployment.serving() as bot, chromium() as browser:
        page = await open_chat(browser, f"{bot.base_url}/")
        await bot_says(page, ask(page, "xin chào"))
        await bot_says(page, ask(page, "làm căn cước cần gì"), "căn cước")

        # the third message in a minute: the server answers it once, in words
        told = await bot_says(page, ask(page, "còn hộ chiếu thì sao"), "hơi nhanh")
        assert "giây" in told

        # the fourth gets a bare 429: the page says to wait the seconds the server gives
        async with page.expect_response(lambda r: r.url.endswith("/api/chat")) as refused:
            shown = await page_says(page, ask(page, "alo"))
        seconds = (await refused.value).headers["retry-after"]
        assert shown == (
            "Dạ, anh/chị đang gửi tin nhắn hơi nhanh nên em chưa nhận được tin vừa rồi ạ. "
            f"Anh/chị vui lòng đợi khoảng {seconds} giây rồi gửi lại giúp em nhé."
        )

        # the service busy (503) without words of its own: wait and send again
        busy = {"error": "unavailable", "field": None, "detail": "retry later", "replies": []}
        await page.route(
            "**/api/chat",
            lambda route: route.fulfill(status=503, json=busy, headers={"Retry-After": "5"}),
        )
        shown = await page_says(page, ask(page, "có ai không"))
        assert shown.startswith("Dạ, hệ thống đang bận")
        assert "đợi khoảng 5 giây rồi gửi lại" in shown

        # another refusal without words: not the network either
        await page.unroute("**/api/chat")
        await page.route("**/api/chat", lambda route: route.fulfill(status=502, body="Bad Gateway"))
        shown = await page_says(page, ask(page, "có ai không"))
        assert "đợi một lát rồi gửi lại" in shown
        assert network not in shown

        # only a message that reaches no server at all is about the network
        await page.unroute("**/api/chat")
        await page.route("**/api/chat", lambda route: route.abort("internetdisconnected"))
        assert network in await page_says(page, ask(page, "có ai không"))
        # the browser logs each refused request itself; the page's script raised nothing
        assert [e for e in page.errors if not e.startswith("Failed to load resource")] == []
    assert "Traceback" not in bot.stderr


@asynccontextmanager
async def communes_website(bot: ServedBot) -> AsyncIterator[str]:
    """Another site (http://localhost:PORT, the bot being http://127.0.0.1:PORT) whose
    page carries the one script tag. Both are on this machine: a public site could not
    load a script from a loopback address (the browser's private network rules)."""
    page = (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>UBND xã Mẫu</title>'
        '<link rel="icon" href="data:,">'
        f'<script src="{bot.base_url}/embed.js" async></script></head>'
        "<body><h1>Cổng thông tin điện tử xã Mẫu</h1></body></html>"
    )

    async def home(request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html")

    app = web.Application()
    app.router.add_get("/", home)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://localhost:{port}/"
    finally:
        await runner.cleanup()


async def test_one_script_tag_puts_the_chat_on_a_communes_website(deployment):
    async with deployment.serving() as bot, communes_website(bot) as site:
        async with chromium() as browser:
            page = await open_chat(browser, site, {"width": 1024, "height": 768})
            opener = page.get_by_role("button", name="Hỏi đáp thủ tục")
            await opener.click()
            closer = page.get_by_role("button", name="Đóng hỏi đáp")
            assert await closer.get_attribute("aria-expanded") == "true"
            chat = page.frame_locator("iframe[title='Trợ lý thủ tục hành chính']")
            async with page.expect_response(lambda r: r.url.endswith("/api/chat")) as first:
                await bot_says(chat, ask(chat, "xin chào"))

            # Escape in the chat closes the panel; the focus is back on the button
            await chat.locator("#message").press("Escape")
            await page.locator("#citizenbot-chat-panel").wait_for(state="hidden", timeout=WAIT_MS)
            assert await opener.evaluate("b => b === document.activeElement")
            assert await opener.get_attribute("aria-expanded") == "false"
            await page.keyboard.press("Enter")  # opens it again, the conversation still there
            assert await closer.get_attribute("aria-expanded") == "true"
            assert await chat.locator("#log .msg-user").count() == 1
            user_id = (await (await first.value).json())["session"].split(".")[1]
            # the next message speaks in the same session, and the stream of pushed
            # messages opens: in a frame on another site the session cookie is not sent,
            # the page sends the session it keeps (X-Session)
            await bot_says(chat, chat.locator("#human").click())

            # another process queues a reply for this resident (a volunteer's answer, say):
            # it arrives through the stream, buttons, place and picture included, and its
            # text stays text
            news = await bot_says(chat, queue_in_database(bot, user_id, RELAYED))
            assert RELAYED.text in news
            pushed = chat.locator(BOT_MESSAGES).last
            assert await pushed.locator(".text").inner_text() == RELAYED.text
            map_link = pushed.get_by_role("link", name="Xem bản đồ")
            href = await map_link.get_attribute("href")
            assert href == "https://www.google.com/maps/search/?api=1&query=10.7725,106.698"
            assert await pushed.get_by_role("img").get_attribute("alt") == "Thẻ thủ tục"
            await bot_says(chat, pushed.get_by_role("button", name="Gặp người hỗ trợ").click())
            await closer.click()
            assert await opener.get_attribute("aria-expanded") == "false"
            assert await page.locator("#citizenbot-chat-panel").is_hidden()
            assert page.errors == []
    assert "Traceback" not in bot.stderr
