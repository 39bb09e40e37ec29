"""Fixtures of the staff admin: accounts, a clock that moves when told, browsers that sign in.

``admin_web`` is the whole web app (create_app) over real HTTP, its clock ``admin_clock``;
``add_staff(username, role, password)`` makes an account in the app's database;
``admin_browser()`` opens a browser of its own (its own cookies) on that app, and
``signed_in(username, role)`` one already signed in. Argon2 runs with cheap parameters
here (``cheap_passwords``): the parameters are the library's business, not the tests'.
Registered by tests/conftest.py (``pytest_plugins``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.web import create_app

STAFF_PASSWORD = "mat-khau-thu-nghiem-01"


class SecondsClock:
    """Seconds since the epoch that pass only when the test says so."""

    def __init__(self, now: float = 1_750_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def datetime(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.now, dt.UTC)


@pytest.fixture
def cheap_passwords():
    from argon2 import PasswordHasher

    from knowledge.staff.passwords import Passwords

    return Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def admin_clock() -> SecondsClock:
    return SecondsClock()


@pytest.fixture
async def admin_web(services, admin_clock, cheap_passwords):
    from bot.admin.guard import ADMIN

    app = create_app(services, clock=admin_clock)
    app[ADMIN] = replace(app[ADMIN], passwords=cheap_passwords)
    client = TestClient(TestServer(app))
    await client.start_server()
    yield client
    await client.close()


@pytest.fixture
def add_staff(services, admin_clock, cheap_passwords):
    from knowledge.staff.accounts import StaffAccounts
    from knowledge.staff.roles import Role

    async def add(username: str, role: str = "admin", password: str = STAFF_PASSWORD):
        async with services.db.session() as session:
            accounts = StaffAccounts(session, clock=admin_clock.datetime, passwords=cheap_passwords)
            return await accounts.create(username, password, Role.parse(role), "test")

    return add


@dataclass(frozen=True)
class Page:
    status: int
    text: str
    headers: dict
    cookies: dict  # name -> the Set-Cookie header's morsel

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")

    @property
    def csrf_token(self) -> str | None:
        import re

        found = re.search(r'name="csrf_token" value="([^"]*)"', self.text)
        return found.group(1) if found else None


class AdminBrowser:
    """One browser: its own cookies; follows no redirects (the tests look at them)."""

    def __init__(self, server: TestServer) -> None:
        import aiohttp

        self.server = server
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.last: Page | None = None

    async def request(self, method: str, path: str, **kwargs) -> Page:
        kwargs.setdefault("allow_redirects", False)
        async with self.http.request(method, self.server.make_url(path), **kwargs) as resp:
            self.last = Page(resp.status, await resp.text(), dict(resp.headers), dict(resp.cookies))
        return self.last

    async def get(self, path: str, **kwargs) -> Page:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, data: dict | None = None, **kwargs) -> Page:
        return await self.request("POST", path, data=data or {}, **kwargs)

    async def submit(self, path: str, data: dict | None = None, **kwargs) -> Page:
        """A form of the signed-in pages, with the session's CSRF token (read from /admin)."""
        token = (await self.get("/admin")).csrf_token
        return await self.post(path, {**(data or {}), "csrf_token": token}, **kwargs)

    async def sign_in(self, username: str, password: str = STAFF_PASSWORD, **kwargs) -> Page:
        """Open the sign-in form, fill it in and send it (its hidden token included)."""
        form = await self.get("/admin/login")
        data = {"username": username, "password": password, "csrf_token": form.csrf_token}
        return await self.post("/admin/login", data, **kwargs)

    async def close(self) -> None:
        await self.http.close()


@pytest.fixture
async def admin_browser(admin_web):
    browsers: list[AdminBrowser] = []

    def open_browser() -> AdminBrowser:
        browsers.append(AdminBrowser(admin_web.server))
        return browsers[-1]

    yield open_browser
    for browser in browsers:
        await browser.close()


@pytest.fixture
def signed_in(admin_browser, add_staff):
    """``await signed_in("an", "editor")``: a new account and a browser signed in as it."""

    async def sign_in(username: str, role: str = "admin") -> AdminBrowser:
        await add_staff(username, role)
        browser = admin_browser()
        page = await browser.sign_in(username)
        assert page.status == 302, page.text
        return browser

    return sign_in
