"""Shared fixtures: a fresh database per test, one trained NLU model per session."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import Services, create_services
from bot.config import AppConfig, load_config
from flows.types import Reply, Turn
from nlu.service import Nlu

ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
os.environ.setdefault("PTB_TIMEDELTA", "1")


@pytest.fixture(scope="session")
def trained_model_dir(tmp_path_factory) -> Path:
    """Train the embedded model once for the whole test session."""
    model_dir = tmp_path_factory.mktemp("nlu-model")
    base = load_config(ROOT / "config.yml", env={})
    settings = replace(base.nlu, data_dir=ROOT / "nlu" / "data", model_dir=model_dir)
    Nlu(settings).train()
    return model_dir


@pytest.fixture
def config(tmp_path, trained_model_dir) -> AppConfig:
    base = load_config(ROOT / "config.yml", env={})
    return replace(
        base,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'citizenbot.db'}",
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

    def __init__(self, services: Services, user_id: str = "u1", channel: str = "test") -> None:
        self.services = services
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
        self.last = await self.services.dialogue.handle(turn)
        assert self.last, "the dialogue must always answer"
        return self.last

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.last)


@pytest.fixture
def conversation(services) -> Conversation:
    return Conversation(services)


@pytest.fixture
def citizen_dialogue(services):
    """The real dialogue, for end-to-end tests of the interfaces."""
    return services.dialogue
