"""Shared fixtures: a fresh database per test, one trained NLU model per session, the
services over them and a citizen's conversation. The other fixtures live in the modules
named in ``pytest_plugins`` (dossiers, Telegram, both databases, the staff admin, Rasa,
the shipped catalogue's retrieval)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import Services, create_services
from bot.config import AppConfig, load_config
from flows.types import Reply, Turn
from nlu.service import Nlu
from tests import scratch

# The fixture modules. Their asserts are rewritten like this file's, although some of
# their names are imported here first (below: test modules import them from here).
pytest_plugins = [
    "tests.fixtures_dossiers",
    "tests.on_telegram",
    "tests.fixtures_databases",
    "tests.fixtures_admin",
    "tests.fixtures_rasa",
    "tests.fixtures_retrieval",
]
pytest.register_assert_rewrite(*pytest_plugins)

from tests.fixtures_admin import STAFF_PASSWORD, AdminBrowser  # noqa: E402
from tests.fixtures_databases import BACKENDS  # noqa: E402
from tests.fixtures_dossiers import SIM_CODE, auth  # noqa: E402
from tests.fixtures_rasa import RasaServer  # noqa: E402

__all__ = [  # what test modules import from here
    "BACKENDS",
    "ROOT",
    "SIM_CODE",
    "STAFF_PASSWORD",
    "AdminBrowser",
    "Conversation",
    "RasaServer",
    "auth",
]

ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
os.environ.setdefault("PTB_TIMEDELTA", "1")


@pytest.fixture(scope="session")
def scratch_dir(tmp_path_factory) -> Iterator[Path]:
    """This test process's folder for databases and models: in memory when the machine
    has room (tests/scratch.py: a disk would take 25 MB for each test's database), else
    pytest's temporary folder. Removed at the end of the session."""
    folder = scratch.session_folder(fallback=tmp_path_factory.mktemp("scratch"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def seeded_database(scratch_dir) -> Path:
    """A database with the schema and the shipped knowledge base, made once per session.

    Seeding the national catalogue takes seconds; each test gets a copy of this file
    (see ``fresh_database``), which is what a first start would have made.
    """
    import asyncio

    from knowledge.catalogue import seed_if_empty
    from knowledge.storage.db import Database

    path = scratch_dir / "seeded" / "citizenbot.db"
    path.parent.mkdir()

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
def fresh_database(scratch_dir, seeded_database) -> Iterator[Path]:
    """This test's own copy of the seeded database, in a folder of its own."""
    with scratch.own_copy(seeded_database, scratch_dir) as path:
        yield path


@pytest.fixture
def cli_database(scratch_dir, seeded_database) -> Iterator[Path]:
    """The seeded SQLite database the ``cli`` fixture's commands run against."""
    with scratch.own_copy(seeded_database, scratch_dir, "cli.db") as database:
        yield database


@pytest.fixture
def cli(cli_database):
    """Run `citizenbot ARGS...` as a real process against its own seeded SQLite database."""
    return _cli_runner(cli_database)


def _cli_runner(database: Path):
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
def trained_model_dir(scratch_dir) -> Path:
    """Train the embedded model once for the whole test session."""
    model_dir = scratch_dir / "nlu-model"
    model_dir.mkdir()
    base = load_config(ROOT / "config.yml", env={})
    settings = replace(base.nlu, data_dir=ROOT / "nlu" / "data", model_dir=model_dir)
    Nlu(settings).train()
    return model_dir


@pytest.fixture(scope="session")
def build_cache_dir(scratch_dir) -> Path:
    """Where start-up keeps what it builds (the unit map), shared by the session."""
    folder = scratch_dir / "cache"
    folder.mkdir()
    return folder


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

    async def tell(self, says: str) -> str:
        """What the bot answers to ``says``: a message, or "[label]" to press a button."""
        if says.startswith("[") and says.endswith("]"):
            await self.press(says[1:-1])
        else:
            await self.say(says)
        return self.text

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
