"""The web chat in a real browser: pushed messages in two tabs and across a reload, and a
shared computer at a service centre.

A resident has the chat open in two tabs of one session: a volunteer's reply pushed to
them appears in both. A tab reloaded before it noted a message it showed gets that
message again from the server and shows it once. A procedure's long name on a button is
cut after a whole word. On a shared computer the tab keeps no ID card or phone number,
and "Xóa cuộc trò chuyện" empties the screen and what a reload would show, and the bot
starts afresh: it no longer answers about the procedure asked before.
"""

from __future__ import annotations

from flows.types import Button, Reply
from tests import test_web_chat_browser as chat
from tests.served_bot import chromium

deployment = chat.deployment  # the same deployment: a served bot, its sample dossiers
BOT_MESSAGES = chat.BOT_MESSAGES
WAIT_MS = chat.WAIT_MS

# A procedure's name as the bot cut it for a button: 120 characters, in the middle of a word.
LONG_NAME = (
    "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất trong các "
    "trường hợp chuyển nhượng, cho thuê lại"
)[:120]
VOLUNTEER = Reply(
    "Tình nguyện viên: anh/chị xem thủ tục này nhé.",
    buttons=(Button(LONG_NAME, "proc:dang-ky-bien-dong"),),
)
POSITION = "JSON.parse(sessionStorage.getItem('citizenbot.events') || 'null')"


def is_stream(response) -> bool:
    return response.url.endswith("/api/chat/events")


async def new_tab(context, url: str):
    page = await context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    await page.goto(url)
    return page


async def first_message(page, text: str) -> str:
    """Send ``text``, wait for the answer and for the stream of pushed messages to open
    (its opening id noted); the session's user id."""
    async with page.expect_response(is_stream):
        async with page.expect_response(lambda r: r.url.endswith("/api/chat")) as sent:
            await chat.bot_says(page, chat.ask(page, text))
    await page.wait_for_function(f"() => ({POSITION} || {{}}).last", timeout=WAIT_MS)
    return (await (await sent.value).json())["session"].split(".")[1]


async def last_id(page) -> str:
    return (await page.evaluate(POSITION))["last"]


async def test_two_tabs_both_get_a_pushed_reply_and_a_reload_shows_it_once(deployment):
    async with deployment.serving() as bot, chromium() as browser:
        context = await browser.new_context(viewport=chat.PHONE, locale="vi-VN")
        one = await new_tab(context, f"{bot.base_url}/")
        user_id = await first_message(one, "xin chào")
        # the second tab has the session cookie: the same resident, a stream of its own
        two = await new_tab(context, f"{bot.base_url}/")
        assert await first_message(two, "làm căn cước cần gì") == user_id
        opened = await last_id(one)

        # a volunteer's reply, queued by another process: both tabs show it
        await chat.queue_in_database(bot, user_id, VOLUNTEER)
        for tab in (one, two):
            pushed = tab.locator(BOT_MESSAGES, has_text=VOLUNTEER.text)
            await pushed.wait_for(timeout=WAIT_MS)
            # the procedure's long name is cut after a whole word, not inside one
            label = await pushed.get_by_role("button").inner_text()
            assert label == (
                "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất…"
            )
        handled = await last_id(one)
        assert handled != opened and handled == await last_id(two)

        # tab one is reloaded as if it had not noted the reply (closed between showing it
        # and noting it): the server hands the reply out again, the tab shows it once
        await one.evaluate(
            "opened => sessionStorage.setItem('citizenbot.events',"
            " JSON.stringify({...JSON.parse(sessionStorage.getItem('citizenbot.events')),"
            " last: opened}))",
            opened,
        )
        await one.reload()
        # (a function, not an expression: the page's CSP forbids evaluating strings)
        await one.wait_for_function(
            f"handled => {POSITION}.last === handled", arg=handled, timeout=WAIT_MS
        )
        assert await one.locator(BOT_MESSAGES, has_text=VOLUNTEER.text).count() == 1
        assert await two.locator(BOT_MESSAGES, has_text=VOLUNTEER.text).count() == 1
        assert one.errors == [] and two.errors == []
    assert "Traceback" not in bot.stderr


async def test_on_a_shared_computer_the_tab_keeps_no_numbers_and_the_chat_can_be_cleared(
    deployment,
):
    async with deployment.serving() as bot, chromium() as browser:
        page = await chat.open_chat(browser, f"{bot.base_url}/")
        await chat.bot_says(page, chat.ask(page, "số căn cước của tôi là 001 234 567 890"))
        await chat.bot_says(page, chat.ask(page, "gọi lại cho tôi số 0912.345.678 nhé"))
        # on the screen as typed; what the tab keeps for a reload has the numbers masked
        assert "0912.345.678" in await chat.said(page)
        kept = await page.evaluate("sessionStorage.getItem('citizenbot.transcript')")
        assert "001 234 567 890" not in kept and "0912.345.678" not in kept
        await page.reload()
        said = await page.locator("#log .msg-user .text").all_inner_texts()
        assert said == ["số căn cước của tôi là ***", "gọi lại cho tôi số *** nhé"]
        await chat.bot_says(page, chat.ask(page, "nhập hộ khẩu cần gì"), "thường trú")

        # "Xóa cuộc trò chuyện", reached with the keyboard: back to the greeting, and a
        # reload shows nothing of it; the bot is told to start afresh
        clear = page.get_by_role("button", name="Xóa cuộc trò chuyện")
        await clear.focus()
        async with page.expect_response(lambda r: r.url.endswith("/api/chat/reset")) as reset:
            await page.keyboard.press("Enter")
        assert (await reset.value).status == 200
        shown = await chat.messages(page)
        assert len(shown) == 2 and shown[1].startswith("Đã xóa cuộc trò chuyện trên máy này")
        assert await page.evaluate("sessionStorage.getItem('citizenbot.transcript')") is None
        assert await page.evaluate("document.activeElement.id") == "message"
        await page.reload()
        assert await page.locator("#log .msg").count() == 1  # the greeting

        # the conversation goes on in the same session, but the bot forgot the hộ khẩu
        # (thường trú): "lệ phí bao nhiêu" is a new question (which procedure?)
        await chat.bot_says(page, chat.ask(page, "lệ phí bao nhiêu"))
        answer = await page.locator(BOT_MESSAGES).last.locator(".text").inner_text()
        assert answer.startswith("Dạ, anh/chị hỏi về thủ tục nào")
        await chat.bot_says(page, chat.ask(page, "làm căn cước cần gì"), "căn cước")
        # the page is no wider than the phone
        assert await page.evaluate("document.documentElement.scrollWidth") <= chat.PHONE["width"]

        # when the bot cannot be told (the connection dropped), the page says so
        await page.route("**/api/chat/reset", lambda route: route.abort("internetdisconnected"))
        await clear.click()
        told = page.locator(chat.PAGE_MESSAGES, has_text="em chưa bắt đầu lại được")
        await told.wait_for(timeout=WAIT_MS)
        assert (await chat.messages(page))[1:] == [
            await page.locator(chat.PAGE_MESSAGES).first.inner_text(),
            await told.inner_text(),
        ]
        assert [e for e in page.errors if not e.startswith("Failed to load resource")] == []
    assert "Traceback" not in bot.stderr
