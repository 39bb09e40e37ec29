"""Staff who mistype an address, send too much or open any page of the admin get
Vietnamese pages: an error says what happened with a link back (never an English JSON
body, which the /api routes keep), and no page says its heading twice."""

from __future__ import annotations

import html
import json
import re
from collections import Counter

import pytest

from bot.web_input import MAX_BODY_BYTES

TOO_MUCH = "x" * (MAX_BODY_BYTES + 1024)
UNKNOWN = (
    "/admin/centres/abc",
    "/admin/faq/999999",
    "/admin/hotlines/999999",
    "/admin/revisions/999999",
    "/admin/khong-co-trang-nay",
    "/admin/analytics/export/khong-co",
)
PAGES = (
    "/admin",
    "/admin/faq",
    "/admin/faq/new",
    "/admin/procedures",
    "/admin/procedures/new",
    "/admin/centres",
    "/admin/centres/new",
    "/admin/hotlines",
    "/admin/hotlines/new",
    "/admin/drafts",
    "/admin/inbox",
    "/admin/handoff",
    "/admin/volunteers",
    "/admin/analytics",
    "/admin/audit",
    "/admin/staff",
)
FAQ_FORM = {
    "question": "Trung tâm có làm việc thứ Bảy không?",
    "answer": "Dạ, trung tâm làm việc sáng thứ Bảy.",
    "source_url": "https://dichvucong.gov.vn",
}


def is_vietnamese_page(page) -> bool:
    return page.headers["Content-Type"].startswith("text/html") and '<html lang="vi">' in page.text


def headings(text: str) -> list[str]:
    found = re.findall(r"<h([1-3])[^>]*>(.*?)</h\1>", text, flags=re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split()) for _, inner in found]


@pytest.mark.parametrize("path", UNKNOWN)
async def test_a_mistyped_address_says_not_found_in_vietnamese_with_a_link_back(signed_in, path):
    admin = await signed_in("quan_tri", "admin")
    page = await admin.get(path)
    assert page.status == 404 and is_vietnamese_page(page)
    assert "Không tìm thấy" in page.text
    assert '<a href="/admin">Về trang tổng quan</a>' in page.text
    assert 'aria-label="menu"' in page.text  # the staff member's menu is still there


async def test_someone_not_signed_in_gets_the_same_page_with_the_sign_in_link(admin_browser):
    page = await admin_browser().get("/admin/khong-co-trang-nay")
    assert page.status == 404 and is_vietnamese_page(page)
    assert "Không tìm thấy" in page.text and 'href="/admin/login"' in page.text


@pytest.mark.parametrize("path", ["/admin/faq/new", "/admin/staff", "/admin/inbox/1/faq"])
async def test_a_form_over_the_size_limit_says_too_large_and_that_nothing_was_saved(
    signed_in, path
):
    admin = await signed_in("quan_tri", "admin")
    page = await admin.submit(path, {**FAQ_FORM, "answer": TOO_MUCH})
    assert page.status == 413 and is_vietnamese_page(page)
    assert "Nội dung quá lớn" in page.text and "chưa được lưu" in page.text
    assert f"tối đa {MAX_BODY_BYTES // 1024} KB" in page.text
    assert '<a href="/admin">Về trang tổng quan</a>' in page.text


async def test_a_sign_in_form_over_the_size_limit_is_a_vietnamese_page_too(admin_browser):
    page = await admin_browser().post("/admin/login", {"username": "lan", "password": TOO_MUCH})
    assert page.status == 413 and is_vietnamese_page(page)
    assert "Nội dung quá lớn" in page.text


async def test_a_wrong_method_is_refused_in_vietnamese_and_says_which_are_allowed(signed_in):
    admin = await signed_in("quan_tri", "admin")
    page = await admin.request("DELETE", "/admin/faq")
    assert page.status == 405 and is_vietnamese_page(page)
    assert "Yêu cầu không hợp lệ" in page.text and "GET" in page.headers["Allow"]


async def test_the_api_keeps_its_json_errors(admin_browser):
    browser = admin_browser()
    missing = await browser.get("/api/khong-co")
    assert missing.status == 404
    assert json.loads(missing.text)["error"] == "not_found"
    large = await browser.request(
        "POST", "/api/chat", data=TOO_MUCH, headers={"Content-Type": "application/json"}
    )
    assert large.status == 413
    assert json.loads(large.text)["error"] == "too_large"


async def test_no_admin_page_says_its_heading_twice(signed_in):
    admin = await signed_in("quan_tri", "admin")
    created = await admin.submit("/admin/faq/new", FAQ_FORM)
    assert created.status == 303
    new_entry = created.location.split("?")[0]
    for path in (*PAGES, new_entry):
        page = await admin.get(path)
        assert page.status == 200, path
        repeated = [h for h, n in Counter(headings(page.text)).items() if n > 1]
        assert repeated == [], path


async def test_the_new_faq_page_names_the_form_once(signed_in):
    editor = await signed_in("bien_tap", "editor")
    page = await editor.get("/admin/faq/new")
    assert headings(page.text).count("Thêm mới (lưu thành bản nháp)") == 1
