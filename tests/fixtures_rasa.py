"""Fixtures of Rasa: a real server trained on our data (its environment is built by the
project). Registered by tests/conftest.py (``pytest_plugins``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import AppConfig

ROOT = Path(__file__).resolve().parent.parent


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
