"""Staff sign in to the admin with a form; every admin page checks who they are.

The story: an admin signs in through the form (its hidden token included), works, and
signs out. A wrong password is refused and recorded; five in a row lock the account
for fifteen minutes; a session left alone for thirty minutes ends. Whatever pages exist
when the tests run, each refuses a stranger, a form without the session's token, and a
staff member whose role is too low.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from aiohttp import web
from sqlalchemy import select

from bot.admin.routing import LOGIN_PATH, Role
from knowledge.storage.models import AuditEvent, StaffLogin
from tests.conftest import STAFF_PASSWORD

MINUTE = 60


# ---- signing in and out -------------------------------------------------------------------


async def test_an_admin_signs_in_through_the_form_works_and_signs_out(admin_browser, add_staff):
    await add_staff("lan", "admin")
    browser = admin_browser()

    form = await browser.get("/admin/login")
    assert form.status == 200
    assert 'name="username"' in form.text and 'name="password"' in form.text
    assert form.csrf_token

    signed = await browser.post(
        "/admin/login",
        {"username": "lan", "password": STAFF_PASSWORD, "csrf_token": form.csrf_token},
    )
    assert signed.status == 302 and signed.location == "/admin"
    cookie = signed.cookies["citizenbot_admin"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert cookie["path"] == "/admin" and not cookie["secure"]  # plain HTTP here

    dashboard = await browser.get("/admin")
    assert dashboard.status == 200
    assert "Xin chào, lan" in dashboard.text
    for page in ("faq", "procedures", "centres", "hotlines", "audit", "inbox", "analytics"):
        assert f'href="/admin/{page}"' in dashboard.text
    policy = dashboard.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "style-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert (await browser.get("/admin/static/admin.css")).status == 200

    out = await browser.submit("/admin/logout")
    assert out.status == 302 and out.location.startswith(LOGIN_PATH)
    assert "citizenbot_admin" in out.cookies  # cleared
    again = await browser.get("/admin")
    assert again.status == 302 and again.location.startswith(LOGIN_PATH)


async def test_a_copied_cookie_opens_nothing_after_sign_out(admin_browser, signed_in):
    browser = await signed_in("lan")
    token = browser.http.cookie_jar.filter_cookies(browser.server.make_url("/admin"))
    stolen = token["citizenbot_admin"].value
    await browser.submit("/admin/logout")
    thief = admin_browser()
    page = await thief.get("/admin", cookies={"citizenbot_admin": stolen})
    assert page.status == 302


async def test_the_sign_in_form_is_refused_without_its_hidden_token(admin_browser, add_staff):
    await add_staff("lan")
    browser = admin_browser()
    await browser.get("/admin/login")  # the form's cookie, but not its token
    page = await browser.post("/admin/login", {"username": "lan", "password": STAFF_PASSWORD})
    assert page.status == 403
    assert "citizenbot_admin" not in page.cookies
    elsewhere = admin_browser()  # a token from another browser is no good either
    token = (await elsewhere.get("/admin/login")).csrf_token
    data = {"username": "lan", "password": STAFF_PASSWORD, "csrf_token": token}
    assert (await browser.post("/admin/login", data)).status == 403


async def test_the_sign_in_form_ends_after_thirty_minutes(admin_browser, add_staff, admin_clock):
    await add_staff("lan")
    browser = admin_browser()
    token = (await browser.get("/admin/login")).csrf_token
    admin_clock.advance(31 * MINUTE)
    data = {"username": "lan", "password": STAFF_PASSWORD, "csrf_token": token}
    page = await browser.post("/admin/login", data)
    assert page.status == 403 and "hết hạn" in page.text
    assert (await browser.sign_in("lan")).status == 302  # a fresh form works


async def test_a_forged_sign_in_cookie_is_replaced_and_opens_no_form(
    admin_browser, add_staff, admin_clock
):
    await add_staff("lan")
    now = int(admin_clock())
    for forged in (f"{now}", f"{now}.", f".{now}", f"+{now}.abc", f"{now}x.abc", f"{now}.a" * 20):
        browser = admin_browser()
        cookie = {"citizenbot_admin_login": forged}
        form = await browser.get("/admin/login", cookies=cookie)
        fresh = form.cookies["citizenbot_admin_login"].value  # a new one of the server's
        assert fresh != forged and re.fullmatch(r"\d+\.[\w-]+", fresh), forged
        data = {"username": "lan", "password": STAFF_PASSWORD, "csrf_token": form.csrf_token}
        page = await browser.post("/admin/login", data, cookies=cookie)
        assert page.status == 403, forged
        assert "citizenbot_admin" not in page.cookies


async def test_a_wrong_password_is_refused_and_every_attempt_recorded(
    admin_browser, add_staff, services
):
    await add_staff("lan")
    browser = admin_browser()
    wrong = await browser.sign_in("lan", "not-the-password")
    assert wrong.status == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in wrong.text
    assert "citizenbot_admin" not in wrong.cookies
    nobody = await browser.sign_in("nobody", "whatever-it-is")
    assert nobody.status == 401 and "Tên đăng nhập hoặc mật khẩu không đúng" in nobody.text
    assert (await browser.sign_in("LAN")).status == 302  # names are not case-sensitive

    async with services.db.session() as session:
        rows = (await session.execute(select(StaffLogin).order_by(StaffLogin.id))).scalars()
        attempts = [(r.username, r.outcome, r.address_hash) for r in rows]
    assert [a[:2] for a in attempts] == [
        ("lan", "bad_password"),
        ("nobody", "unknown_user"),
        ("lan", "ok"),
    ]
    hashes = {a[2] for a in attempts}
    assert len(hashes) == 1 and re.fullmatch(r"[0-9a-f]{64}", hashes.pop())  # not 127.0.0.1


async def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(
    admin_browser, add_staff, admin_clock
):
    await add_staff("lan")
    browser = admin_browser()
    for _ in range(4):
        assert (await browser.sign_in("lan", "guess-guess-guess")).status == 401
    fifth = await browser.sign_in("lan", "guess-guess-guess")
    assert fifth.status == 429 and "tạm thời bị khoá" in fifth.text and "15 phút" in fifth.text

    locked = await browser.sign_in("lan")  # the right password, too soon
    assert locked.status == 429 and "citizenbot_admin" not in locked.cookies
    admin_clock.advance(14 * MINUTE)
    assert (await browser.sign_in("lan")).status == 429
    admin_clock.advance(2 * MINUTE)
    assert (await browser.sign_in("lan")).status == 302


async def test_an_idle_session_ends_after_thirty_minutes(admin_browser, signed_in, admin_clock):
    browser = await signed_in("lan")
    admin_clock.advance(29 * MINUTE)
    assert (await browser.get("/admin")).status == 200  # use moves the idle limit on
    admin_clock.advance(29 * MINUTE)
    assert (await browser.get("/admin")).status == 200
    admin_clock.advance(31 * MINUTE)
    expired = await browser.get("/admin")
    assert expired.status == 302 and "why=expired" in expired.location
    form = await browser.get(expired.location)
    assert "hết hạn do không hoạt động" in form.text


# An editor types an answer for 40 minutes and presses "Lưu": the session has ended, and
# the page says that what was sent was not saved and how to keep it.
async def test_a_form_sent_after_the_session_ended_says_nothing_was_saved(signed_in, admin_clock):
    browser = await signed_in("lan", "editor")
    token = (await browser.get("/admin")).csrf_token
    admin_clock.advance(40 * MINUTE)
    sent = await browser.post("/admin/faq/new", {"question": "Hỏi", "csrf_token": token})
    assert sent.status == 401
    assert "nội dung vừa gửi chưa được lưu" in sent.text and "Quay lại" in sent.text


async def test_no_session_lasts_longer_than_twelve_hours(signed_in, admin_clock):
    browser = await signed_in("lan")
    for _ in range(35):  # busy all day
        admin_clock.advance(20 * MINUTE)
        assert (await browser.get("/admin")).status == 200
    admin_clock.advance(20 * MINUTE)  # 12 h 0 min after signing in
    admin_clock.advance(1)
    assert (await browser.get("/admin")).status == 302


async def test_sign_in_goes_back_to_the_page_asked_for_and_never_off_site(admin_browser, add_staff):
    await add_staff("lan")
    browser = admin_browser()
    asked = await browser.get("/admin/staff")
    assert asked.status == 302 and asked.location.startswith(LOGIN_PATH)
    assert parse_qs(urlsplit(asked.location).query) == {"next": ["/admin/staff"]}
    form = await browser.get(asked.location)
    data = {"username": "lan", "password": STAFF_PASSWORD, "csrf_token": form.csrf_token}
    assert (await browser.post("/admin/login", {**data, "next": "/admin/staff"})).location == (
        "/admin/staff"
    )
    other = admin_browser()
    form = await other.get("/admin/login")
    data["csrf_token"] = form.csrf_token
    for target in ("https://evil.example/", "//evil.example/admin", "/admin//evil.example"):
        page = await other.post("/admin/login", {**data, "next": target})
        assert page.location == "/admin"
        await other.submit("/admin/logout")
        data["csrf_token"] = (await other.get("/admin/login")).csrf_token


async def test_what_someone_typed_is_shown_as_text(admin_browser):
    browser = admin_browser()
    page = await browser.sign_in('<script>alert("x")</script>', "whatever-it-is")
    assert '<script>alert("x")</script>' not in page.text
    assert "&lt;script&gt;" in page.text


async def test_the_cookie_is_secure_behind_an_https_proxy(admin_browser, add_staff):
    await add_staff("lan")
    browser = admin_browser()
    https = {"X-Forwarded-Proto": "https"}
    form = await browser.get("/admin/login", headers=https)
    assert form.cookies["citizenbot_admin_login"]["secure"]
    data = {"username": "lan", "password": STAFF_PASSWORD, "csrf_token": form.csrf_token}
    # (the test speaks plain HTTP, so its cookie jar keeps the Secure cookie to itself)
    bound = {"citizenbot_admin_login": form.cookies["citizenbot_admin_login"].value}
    page = await browser.post("/admin/login", data, headers=https, cookies=bound)
    assert page.cookies["citizenbot_admin"]["secure"]


# ---- every admin route, whatever pages exist ------------------------------------------------


def _sample_path(resource: web.AbstractResource) -> str:
    """A path the route matches: each {placeholder} filled with a value its pattern takes."""
    info = resource.get_info()
    if "path" in info:
        return info["path"]
    for value in ("1", "lan", "x", "faq", "procedure", "centre", "hotline", "2025-01-01"):
        path = info["formatter"].format_map(_Every(value))
        if info["pattern"].fullmatch(path):
            return path
    raise AssertionError(f"no sample value for {resource.canonical}: extend _sample_path")


class _Every(dict):
    def __init__(self, value: str) -> None:
        super().__init__()
        self.value = value

    def __missing__(self, key: str) -> str:
        return self.value


def admin_routes(app: web.Application) -> list[tuple[str, str, Role | None]]:
    """(method, a path it matches, the role it asks) of every route of the app under /admin
    but the sign-in form and the static files; the role as the page module declared it
    (None for a route added without the admin's wrapper)."""
    found = []
    for route in app.router.routes():
        resource = route.resource
        if resource is None or isinstance(resource, web.StaticResource):
            continue
        canonical = resource.canonical
        if not (canonical == "/admin" or canonical.startswith("/admin/")):
            continue
        if canonical == LOGIN_PATH or route.method == "HEAD":
            continue
        declared = getattr(route.handler, "admin_route", None)
        role = declared.role if declared is not None else None
        found.append((route.method, _sample_path(resource), role))
    return found


def test_the_route_table_is_not_empty(admin_web):
    routes = admin_routes(admin_web.server.app)
    assert ("GET", "/admin", Role.VIEWER) in routes
    assert ("POST", "/admin/logout", Role.VIEWER) in routes
    assert ("POST", "/admin/staff", Role.ADMIN) in routes


async def test_every_admin_route_refuses_a_stranger(admin_web, admin_browser):
    stranger = admin_browser()
    for method, path, _ in admin_routes(admin_web.server.app):
        page = await stranger.request(method, path, data={"csrf_token": "x"})
        if method == "GET":
            assert page.status == 302, (method, path)
            assert page.location.startswith(LOGIN_PATH), (method, path)
        else:
            assert page.status == 401, (method, path)
            assert "Vui lòng đăng nhập" in page.text


async def test_every_admin_form_needs_the_sessions_token(admin_web, signed_in, admin_browser):
    admin = await signed_in("lan", "admin")
    other = await signed_in("minh", "admin")
    others_token = (await other.get("/admin")).csrf_token
    posts = [(m, p) for m, p, _ in admin_routes(admin_web.server.app) if m != "GET"]
    assert posts
    for method, path in posts:
        for data, headers in (
            ({}, {}),
            ({"csrf_token": ""}, {}),
            ({"csrf_token": "forged"}, {}),
            ({"csrf_token": others_token}, {}),
            ({}, {"X-CSRF-Token": others_token}),
        ):
            page = await admin.request(method, path, data=data, headers=headers)
            assert page.status == 403, (method, path, data, headers)
    assert (await admin.get("/admin")).status == 200  # still signed in


async def test_the_header_token_is_accepted_too(signed_in):
    admin = await signed_in("lan")
    token = (await admin.get("/admin")).csrf_token
    page = await admin.post("/admin/logout", headers={"X-CSRF-Token": token})
    assert page.status == 302


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR], ids=["viewer", "editor"])
async def test_every_route_checks_the_role_on_the_server(admin_web, signed_in, role):
    browser = await signed_in("thu", role.key)
    token = (await browser.get("/admin")).csrf_token
    routes = admin_routes(admin_web.server.app)
    assert all(needed is not None for _, _, needed in routes), routes
    above = [(m, p) for m, p, needed in routes if needed > role]
    assert above
    for method, path in above:
        page = await browser.request(method, path, data={"csrf_token": token})
        assert page.status == 403, (method, path)
        assert "không có quyền" in page.text


async def test_a_viewer_sees_no_staff_page_in_the_menu(signed_in):
    viewer = await signed_in("thu", "viewer")
    page = await viewer.get("/admin")
    assert 'href="/admin/faq"' in page.text and 'href="/admin/staff"' not in page.text


# ---- admins manage staff ------------------------------------------------------------------


async def test_an_admin_adds_an_editor_changes_the_role_and_disables_the_account(
    signed_in, admin_browser, services
):
    admin = await signed_in("lan", "admin")
    added = await admin.submit(
        "/admin/staff",
        {
            "username": "Minh",
            "role": "editor",
            "password": "mot-mat-khau-dai",
            "password_again": "mot-mat-khau-dai",
        },
    )
    assert added.status == 302
    listing = await admin.get(added.location)
    assert "Đã tạo tài khoản minh." in listing.text and "Biên tập" in listing.text

    minh = admin_browser()
    assert (await minh.sign_in("minh", "mot-mat-khau-dai")).status == 302
    assert (await minh.get("/admin/staff")).status == 403

    assert (await admin.submit("/admin/staff/minh/role", {"role": "admin"})).status == 302
    assert (await minh.get("/admin/staff")).status == 200  # the new role counts at once

    assert (await admin.submit("/admin/staff/minh/disable")).status == 302
    assert (await minh.get("/admin")).status == 302  # the session ended with the account
    assert (await minh.sign_in("minh", "mot-mat-khau-dai")).status == 401

    async with services.db.session() as session:
        events = (await session.execute(select(AuditEvent).order_by(AuditEvent.id))).scalars()
        audit = [
            (e.actor, e.kind, e.action, e.item_key, (e.after or {}).get("role")) for e in events
        ]
    assert audit[-3:] == [
        ("lan", "staff", "create", "minh", "editor"),
        ("lan", "staff", "role", "minh", "admin"),
        ("lan", "staff", "disable", "minh", "admin"),
    ]


async def test_the_add_form_explains_what_is_wrong_in_vietnamese(signed_in):
    admin = await signed_in("lan", "admin")
    short = await admin.submit(
        "/admin/staff",
        {"username": "minh", "role": "editor", "password": "ngan", "password_again": "ngan"},
    )
    assert short.status == 400 and "Mật khẩu phải có ít nhất 10 ký tự." in short.text
    differ = await admin.submit(
        "/admin/staff",
        {
            "username": "minh",
            "role": "editor",
            "password": "mot-mat-khau-dai",
            "password_again": "mot-mat-khau-khac",
        },
    )
    assert differ.status == 400 and "không khớp" in differ.text
    taken = await admin.submit(
        "/admin/staff",
        {
            "username": "lan",
            "role": "editor",
            "password": "mot-mat-khau-dai",
            "password_again": "mot-mat-khau-dai",
        },
    )
    assert taken.status == 400 and "đã có" in taken.text


async def test_an_admin_cannot_lock_themselves_out(signed_in):
    admin = await signed_in("lan", "admin")
    assert (await admin.submit("/admin/staff/lan/disable")).status == 400
    assert (await admin.submit("/admin/staff/lan/role", {"role": "viewer"})).status == 400
    assert (await admin.get("/admin/staff")).status == 200
    assert (await admin.submit("/admin/staff/nobody/disable")).status == 404
