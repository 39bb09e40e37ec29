"""Settings are checked once at start-up, with clear errors."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, load_config, parse_config
from tests.conftest import ROOT


def test_shipped_config_is_valid():
    config = load_config(ROOT / "config.yml", env={})
    assert config.nlu.backend == "embedded"
    assert config.database_url.startswith("sqlite+aiosqlite://")


def test_secrets_and_database_come_from_the_environment():
    env = {
        "CITIZENBOT_DATABASE_URL": "postgresql+asyncpg://u@localhost/cb",
        "TELEGRAM_BOT_TOKEN": "123:abc",
        "TELEGRAM_BASE_URL": "http://127.0.0.1:8081/bot",
    }
    config = load_config(ROOT / "config.yml", env=env)
    assert config.database_url == env["CITIZENBOT_DATABASE_URL"]
    assert config.telegram.token == "123:abc"
    assert config.telegram.base_url == "http://127.0.0.1:8081/bot"


BAD = [
    ({"nlu": {"threshold": 1.5}}, "nlu.threshold must be between"),
    ({"nlu": {"threshold": "high"}}, "nlu.threshold must be a number"),
    ({"nlu": {"backend": "gpt"}}, "nlu.backend must be one of embedded, rasa"),
    ({"nlu": {"rasa": {"url": "localhost:5005"}}}, "nlu.rasa.url must be an http(s) URL"),
    ({"server": {"port": 70000}}, "server.port must be between"),
    ({"database": {"url": "sqlite:///x.db"}}, "async driver"),
    ({"nlu": "embedded"}, "'nlu' must be a mapping"),
    (["not", "a", "mapping"], "must be a mapping"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_setting_is_named_in_the_error(data, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_config(data, env={})


def test_missing_config_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yml", env={})
