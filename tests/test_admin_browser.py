"""The staff admin in a real browser, against a real `citizenbot serve`.

An admin made with `citizenbot staff add` signs in through the form, writes an FAQ entry,
publishes it, and the running bot answers a citizen's paraphrase of it with its source;
a viewer cannot publish; a script typed into an answer stays text everywhere; a
mistyped address is a Vietnamese page with a link back.
"""

from __future__ import annotations

import asyncio
import os
import shutil

import aiohttp
import pytest

from tests.served_bot import ROOT, ServedBot, chromium

ADMIN, VIEWER = "quan-tri", "nguoi-xem"
PASSWORD = "mat-khau-du-dai-2026"
ENTRY = {
    "question": "Trẻ em dưới 14 tuổi có được tự đi nộp hồ sơ hành chính không?",
    "variants": "Con tôi 12 tuổi tự đi nộp hồ sơ được không?\nTrẻ con tự nộp hồ sơ được không?",
    "answer": "Dạ, người chưa đủ 14 tuổi cần cha, mẹ hoặc người giám hộ làm thay."
    " <script>alert('xss')</script>",
    "source_url": "https://dichvucong.gov.vn/p/home/dvc-huong-dan-cong-dan.html",
}
PARAPHRASE = "be 12 tuoi tu di nop ho so dc ko"
# The README's screenshot: written to docs/ when CITIZENBOT_SCREENSHOTS=1, else kept in tmp.
SCREENSHOTS = os.environ.get("CITIZENBOT_SCREENSHOTS") == "1"


@pytest.fixture
def deployment(tmp_path, seeded_database, trained_model_dir, build_cache_dir) -> ServedBot:
    shutil.copy(seeded_database, tmp_path / "bot.db")  # what a first start would have made
    bot = ServedBot(tmp_path, trained_model_dir, build_cache_dir)
    for name, role in ((ADMIN, "admin"), (VIEWER, "viewer")):
        done = bot.run("staff", "add", name, "--role", role, stdin=PASSWORD + "\n")
        assert done.returncode == 0, done.stderr
        assert PASSWORD not in done.stdout + done.stderr
    return bot


async def sign_in(browser, bot: ServedBot, username: str):
    page = await browser.new_page()
    alerts: list[str] = []
    page.on("dialog", lambda dialog: alerts.append(dialog.message))
    page.alerts = alerts
    await page.goto(f"{bot.base_url}/admin")
    assert page.url.startswith(f"{bot.base_url}/admin/login")  # anonymous: to the form
    await page.fill("#username", username)
    await page.fill("#password", PASSWORD)
    await page.click("form[action='/admin/login'] button[type=submit]")
    await page.wait_for_url(f"{bot.base_url}/admin")
    return page


async def ask_until_answered(bot: ServedBot, text: str, attempts: int = 50) -> dict:
    """The bot's first reply to ``text`` once it answers from the FAQ (the publishing
    process swaps the new index in at once; a bounded number of tries, 0.1 s apart)."""
    async with aiohttp.ClientSession() as session:
        for _ in range(attempts):
            async with session.post(f"{bot.base_url}/api/chat", json={"text": text}) as resp:
                assert resp.status == 200
                reply = (await resp.json())["replies"][0]
            if reply["kind"] == "faq_answer":
                return reply
            await asyncio.sleep(0.1)
    raise AssertionError(f"not answered from the FAQ: {reply}")


async def test_an_admin_publishes_an_faq_entry_and_the_bot_answers_it(deployment, tmp_path):
    screenshot = (ROOT / "docs" if SCREENSHOTS else tmp_path) / "admin-faq.png"
    async with deployment.serving() as bot, chromium() as browser:
        page = await sign_in(browser, bot, ADMIN)
        await page.goto(f"{bot.base_url}/admin/faq/new")
        new_form = page.get_by_role("heading", name="Thêm mới (lưu thành bản nháp)")
        assert await new_form.count() == 1  # said once, not as the page's and the form's
        for field in ("question", "answer", "source_url"):
            await page.fill(f"[name={field}]", ENTRY[field])
        await page.fill("[name=variants]", ENTRY["variants"])
        await page.click("form.edit button[type=submit]")
        await page.wait_for_url(f"{bot.base_url}/admin/faq/*")
        entry_url = page.url.split("?")[0]
        # the answer as typed, script tags included, shown as text and never run
        assert "<script>alert('xss')</script>" in await page.inner_text("main")
        await page.click(f"form[action='{entry_url.removeprefix(bot.base_url)}/publish'] button")
        await page.wait_for_url(f"{entry_url}?done=published")
        await page.screenshot(path=str(screenshot), full_page=True)

        reply = await ask_until_answered(bot, PARAPHRASE)
        assert "cha, mẹ hoặc người giám hộ" in reply["text"]
        assert "dichvucong.gov.vn" in reply["text"]
        assert "<script>alert('xss')</script>" in reply["text"]  # plain text, as typed

        await page.goto(f"{bot.base_url}/admin/audit")
        audit = await page.inner_text("main")
        assert ADMIN in audit
        assert page.alerts == []

        # a viewer sees the entry but has no publish button, and a forged publish fails
        viewer = await sign_in(browser, bot, VIEWER)
        await viewer.goto(entry_url)
        assert await viewer.locator("form[action$='/publish']").count() == 0
        token = await viewer.get_attribute("input[name=csrf_token]", "value")
        forged = await viewer.request.post(f"{entry_url}/publish", form={"csrf_token": token})
        assert forged.status == 403
        assert viewer.alerts == []

        # the inbox: a filter that is none of the page's (a script, here) is refused in
        # plain words, and nothing of it runs
        refused = await viewer.goto(
            f"{bot.base_url}/admin/inbox?status=%3Cscript%3Ealert(1)%3C%2Fscript%3E&unit=hanoi"
        )
        assert refused.status == 400
        assert "Bộ lọc không hợp lệ" in await viewer.inner_text("main")
        assert viewer.alerts == []

        # a mistyped address: a Vietnamese page with the way back, not a JSON error
        missing = await viewer.goto(f"{bot.base_url}/admin/centres/abc")
        assert missing.status == 404
        assert "Không tìm thấy trang này" in await viewer.inner_text("main")
        await viewer.click("main a[href='/admin']")
        await viewer.wait_for_url(f"{bot.base_url}/admin")
    assert "Traceback" not in bot.stderr
    assert PASSWORD not in bot.stderr
