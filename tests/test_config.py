"""Settings: one validated model — the file, then the environment — with clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bot.config import ConfigError, describe, load_config, parse_config
from bot.settings_model import Settings
from bot.settings_sources import PROJECT_ROOT, env_name, find_config_file, secret_paths
from flows.config import DialogueSettings, HandoffSettings
from knowledge.dossiers.router import DossierSettings
from knowledge.staff.policy import StaffPolicy
from tests.conftest import ROOT

SECRET = "s" * 40


def _leaf_paths(model=Settings, prefix=()) -> set[tuple[str, ...]]:
    paths = set()
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
            paths |= _leaf_paths(annotation, (*prefix, name))
        else:
            paths.add((*prefix, name))
    return paths


def _write(folder: Path, data: dict, name: str = "config.yml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_shipped_config_is_valid():
    config = load_config(ROOT / "config.yml", env={})
    assert config.nlu.backend == "embedded"
    assert config.database_url.startswith("sqlite+aiosqlite://")
    assert config.source == ROOT / "config.yml"


# ---- every setting from the environment -----------------------------------------------------

SOURCE = {"name": "tinh", "url": "http://127.0.0.1:1/hs/{code}", "prefixes": ["000.00.04.H51"]}


# (variable, value, what the code then sees): one row per setting.
def _windows(windows) -> str:
    """Office windows written back as the setting's JSON ("sat 07:30-11:30")."""
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

    def clock(minutes: int) -> str:
        return f"{minutes // 60:02}:{minutes % 60:02}"

    return json.dumps([f"{days[w.weekday]} {clock(w.start)}-{clock(w.end)}" for w in windows])


FROM_ENV = [
    ("CITIZENBOT_SERVER__KNOWLEDGE_REFRESH_S", "2.5", lambda c: c.server.knowledge_refresh_s),
    ("CITIZENBOT_ADMIN__IDLE_TIMEOUT_MIN", "20", lambda c: c.admin.idle_timeout_min),
    ("CITIZENBOT_ADMIN__SESSION_HOURS", "8", lambda c: c.admin.session_hours),
    ("CITIZENBOT_ADMIN__LOCKOUT_FAILURES", "3", lambda c: c.admin.lockout_failures),
    ("CITIZENBOT_ADMIN__LOCKOUT_MIN", "10", lambda c: c.admin.lockout_min),
    ("CITIZENBOT_ADMIN__COOKIE_SECURE", "always", lambda c: c.admin.cookie_secure),
    ("CITIZENBOT_DATABASE__URL", "postgresql+asyncpg://u:p@db/cb", lambda c: c.database_url),
    ("CITIZENBOT_CACHE_DIR", "/srv/cache", lambda c: c.cache_dir),
    ("CITIZENBOT_NLU__BACKEND", "rasa", lambda c: c.nlu.backend),
    ("CITIZENBOT_NLU__THRESHOLD", "0.3", lambda c: c.nlu.threshold),
    ("CITIZENBOT_NLU__DATA_DIR", str(ROOT / "nlu" / "data"), lambda c: c.nlu.data_dir),
    ("CITIZENBOT_NLU__MODEL_DIR", "/srv/model", lambda c: c.nlu.model_dir),
    ("CITIZENBOT_NLU__RASA__URL", "http://rasa:5005", lambda c: c.nlu.rasa.url),
    ("CITIZENBOT_NLU__RASA__TIMEOUT_S", "1.5", lambda c: c.nlu.rasa.timeout_s),
    ("CITIZENBOT_NLU__RASA__MODEL_DIR", "/srv/rasa", lambda c: c.nlu.rasa.model_dir),
    ("CITIZENBOT_SERVER__HOST", "0.0.0.0", lambda c: c.server.host),
    ("CITIZENBOT_SERVER__PORT", "9000", lambda c: c.server.port),
    ("CITIZENBOT_WEB__SESSION_SECRET", SECRET, lambda c: c.web.session_secret),
    ("CITIZENBOT_WEB__SESSION_DAYS", "7", lambda c: c.web.session_days),
    ("CITIZENBOT_WEB__MESSAGES_PER_MINUTE", "5", lambda c: c.web.messages_per_minute),
    (
        "CITIZENBOT_WEB__NEW_SESSIONS_PER_MINUTE_PER_IP",
        "6",
        lambda c: c.web.new_sessions_per_minute_per_ip,
    ),
    ("CITIZENBOT_WEB__PUSHES_PER_MINUTE_PER_IP", "7", lambda c: c.web.pushes_per_minute_per_ip),
    ("CITIZENBOT_WEB__HEADER_TIMEOUT_S", "8", lambda c: c.web.header_timeout_s),
    ("CITIZENBOT_WEB__BODY_TIMEOUT_S", "9", lambda c: c.web.body_timeout_s),
    ("CITIZENBOT_WEB__EVENTS_POLL_S", "0.5", lambda c: c.web.events_poll_s),
    ("CITIZENBOT_WEB__TURNS_AT_ONCE", "8", lambda c: c.web.turns_at_once),
    ("CITIZENBOT_TELEGRAM__TOKEN", "123:abc", lambda c: c.telegram.token),
    ("CITIZENBOT_TELEGRAM__BASE_URL", "http://tg:8081/bot", lambda c: c.telegram.base_url),
    ("CITIZENBOT_TELEGRAM__MODE", "polling", lambda c: c.telegram.mode),
    ("CITIZENBOT_TELEGRAM__CONNECT_TIMEOUT_S", "3", lambda c: c.telegram.connect_timeout_s),
    ("CITIZENBOT_TELEGRAM__READ_TIMEOUT_S", "4", lambda c: c.telegram.read_timeout_s),
    ("CITIZENBOT_TELEGRAM__BOT_USERNAME", "citizen_bot", lambda c: c.telegram.bot_username),
    (
        "CITIZENBOT_TELEGRAM__WEBHOOK_URL",
        "https://bot.example/tg/hook",
        lambda c: c.telegram.webhook_url,
    ),
    ("CITIZENBOT_TELEGRAM__WEBHOOK_SECRET", "s3cret_-x", lambda c: c.telegram.webhook_secret),
    (
        "CITIZENBOT_TELEGRAM__WEBHOOK_MAX_CONNECTIONS",
        "10",
        lambda c: c.telegram.webhook_max_connections,
    ),
    (
        "CITIZENBOT_TELEGRAM__MESSAGES_PER_SECOND",
        "300",
        lambda c: c.telegram.messages_per_second,
    ),
    ("CITIZENBOT_HANDOFF__CLAIM_TIMEOUT_MIN", "5", lambda c: c.handoff.claim_timeout_s / 60),
    ("CITIZENBOT_HANDOFF__REOPEN_HOURS", "12", lambda c: c.handoff.reopen_s / 3600),
    ("CITIZENBOT_HANDOFF__CHECK_INTERVAL_S", "10", lambda c: c.handoff_check_s),
    ("CITIZENBOT_HANDOFF__TRANSCRIPT_LINES", "4", lambda c: c.handoff.transcript_lines),
    (
        "CITIZENBOT_HANDOFF__OFFICE_HOURS",
        '["sat 07:30-11:30"]',
        lambda c: _windows(c.handoff.office_hours),
    ),
    ("CITIZENBOT_DIALOGUE__PORTAL_URL", "https://portal.example", lambda c: c.dialogue.portal_url),
    ("CITIZENBOT_DIALOGUE__MAX_TEXT_CHARS", "500", lambda c: c.dialogue.max_text_chars),
    ("CITIZENBOT_DIALOGUE__SUGGESTIONS", "4", lambda c: c.dialogue.suggestions),
    ("CITIZENBOT_DIALOGUE__OFFER_SCORE", "0.6", lambda c: c.dialogue.offer_score),
    ("CITIZENBOT_DIALOGUE__LONE_OFFER_SCORE", "0.7", lambda c: c.dialogue.lone_offer_score),
    (
        "CITIZENBOT_DIALOGUE__PORTAL_SEARCH_URL",
        "https://portal.example/?q={query}",
        lambda c: c.dialogue.portal_search_url,
    ),
    ("CITIZENBOT_DOSSIERS__POLL_INTERVAL_S", "60", lambda c: c.dossiers.settings.poll_interval_s),
    ("CITIZENBOT_DOSSIERS__LOOKUP_DEADLINE_S", "3", lambda c: c.dossiers.lookup_deadline_s),
    ("CITIZENBOT_DOSSIERS__REGISTRY_LABEL", "Trung tâm", lambda c: c.dossiers.labels["registry"]),
    (
        "CITIZENBOT_DOSSIERS__SOURCES",
        json.dumps([SOURCE]),
        lambda c: [s.url_template for s in c.dossiers.settings.sources],
    ),
    (
        "CITIZENBOT_RETENTION__PROCESSED_UPDATES_DAYS",
        "2",
        lambda c: c.retention.processed_updates_days,
    ),
    ("CITIZENBOT_RETENTION__SENT_MESSAGES_DAYS", "14", lambda c: c.retention.sent_messages_days),
    (
        "CITIZENBOT_RETENTION__UNDELIVERED_WEB_DAYS",
        "60",
        lambda c: c.retention.undelivered_web_days,
    ),
    ("CITIZENBOT_LOGGING__LEVEL", "DEBUG", lambda c: c.log_level),
    ("CITIZENBOT_API_KEY", "key-1", lambda c: c.api_key),
]


def _same(got, expected) -> bool:
    if isinstance(got, Path):
        got = str(got)
    if isinstance(got, int | float) and isinstance(expected, str):
        expected = type(got)(expected)
    return got == expected


def test_the_environment_table_covers_every_setting():
    assert len({name for name, _, _ in FROM_ENV}) == len(FROM_ENV)
    assert {name for name, _, _ in FROM_ENV} == {
        "CITIZENBOT_" + "__".join(path).upper() for path in _leaf_paths()
    }


@pytest.mark.parametrize(("variable", "value", "seen"), FROM_ENV, ids=[r[0] for r in FROM_ENV])
def test_every_setting_can_be_set_from_the_environment(variable, value, seen):
    config = load_config(ROOT / "config.yml", env={variable: value})
    expected = [SOURCE["url"]] if variable == "CITIZENBOT_DOSSIERS__SOURCES" else value
    assert _same(seen(config), expected)


def test_the_older_variable_names_still_work():
    env = {
        "CITIZENBOT_DATABASE_URL": "postgresql+asyncpg://u@localhost/cb",
        "TELEGRAM_BOT_TOKEN": "123:abc",
        "TELEGRAM_BASE_URL": "http://127.0.0.1:8081/bot",
        "CITIZENBOT_SESSION_SECRET": SECRET,
        "CITIZENBOT_API_KEY": "portal-key",
    }
    config = load_config(ROOT / "config.yml", env=env)
    assert config.database_url == env["CITIZENBOT_DATABASE_URL"]
    assert config.telegram.token == "123:abc"
    assert config.telegram.base_url == "http://127.0.0.1:8081/bot"
    assert config.web.session_secret == SECRET
    assert config.api_key == "portal-key"
    assert "123:abc" not in repr(config) and "portal-key" not in repr(config)


def test_two_names_for_one_setting_must_agree():
    same = {"CITIZENBOT_DATABASE_URL": "sqlite+aiosqlite:////a.db"}
    both = {**same, "CITIZENBOT_DATABASE__URL": "sqlite+aiosqlite:////a.db"}
    assert load_config(ROOT / "config.yml", env=both).database_url.endswith("/a.db")
    with pytest.raises(ConfigError, match="CITIZENBOT_DATABASE_URL and CITIZENBOT_DATABASE__URL"):
        load_config(
            ROOT / "config.yml",
            env={**same, "CITIZENBOT_DATABASE__URL": "sqlite+aiosqlite:////b.db"},
        )


def test_a_setting_left_out_is_the_codes_own_default():
    config = parse_config({}, env={})
    assert config.dialogue == DialogueSettings()
    # The office hours are written as text here and kept as windows by the dialogue.
    assert config.handoff == HandoffSettings()
    assert config.admin.policy == StaffPolicy()
    assert config.dossiers.settings == DossierSettings()


def test_empty_variables_count_as_unset():
    env = {"TELEGRAM_BOT_TOKEN": "", "CITIZENBOT_SERVER__PORT": ""}
    config = load_config(ROOT / "config.yml", env=env)
    assert config.telegram.token is None and config.server.port == 8080


# ---- secrets only from the environment ------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "variable"),
    [
        ({"telegram": {"token": "123:abc"}}, "TELEGRAM_BOT_TOKEN"),
        ({"web": {"session_secret": SECRET}}, "CITIZENBOT_SESSION_SECRET"),
        ({"api_key": "portal-key"}, "CITIZENBOT_API_KEY"),
        ({"telegram": {"webhook_secret": "hunter2"}}, "TELEGRAM_WEBHOOK_SECRET"),
        ({"database": {"url": "postgresql+asyncpg://u:hunter2@db/cb"}}, "CITIZENBOT_DATABASE_URL"),
    ],
)
def test_a_secret_in_the_file_is_refused_and_not_repeated(data, variable):
    with pytest.raises(ConfigError) as err:
        parse_config(data, env={})
    message = str(err.value)
    assert variable in message and "environment" in message
    assert not any(s in message for s in ("123:abc", SECRET, "portal-key", "hunter2"))


def test_every_secret_is_known_as_one():
    assert set(secret_paths(Settings)) == {
        ("telegram", "token"),
        ("telegram", "webhook_secret"),
        ("web", "session_secret"),
        ("api_key",),
    }


def test_a_bad_secret_from_the_environment_is_named_but_not_echoed():
    with pytest.raises(ConfigError, match="CITIZENBOT_SESSION_SECRET must be at least 32") as err:
        parse_config({}, env={"CITIZENBOT_SESSION_SECRET": "short-secret"})
    assert "short-secret" not in str(err.value)


# ---- paths: from the config file's folder, never the current directory ----------------------


def test_relative_paths_are_read_from_the_config_files_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    site = tmp_path / "site"
    path = _write(site, yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8")))
    config = load_config(path, env={"CITIZENBOT_NLU__MODEL_DIR": "models/nlu"})
    assert config.database_url == f"sqlite+aiosqlite:///{site / 'data' / 'citizenbot.db'}"
    assert config.cache_dir == site / "data" / "cache"
    assert config.nlu.model_dir == site / "models" / "nlu"  # from the environment too
    assert config.nlu.rasa.model_dir == site / "data" / "rasa-models"
    # Shipped training data is not next to this file: the installed package's is used.
    assert config.nlu.data_dir == PROJECT_ROOT / "nlu" / "data"
    assert config.source == path.resolve()


def test_shipped_data_next_to_the_config_file_wins(tmp_path):
    (tmp_path / "nlu" / "data").mkdir(parents=True)
    config = load_config(_write(tmp_path, {}), env={})
    assert config.nlu.data_dir == tmp_path / "nlu" / "data"


def test_a_missing_data_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="nlu.data_dir: no folder"):
        load_config(_write(tmp_path, {"nlu": {"data_dir": "nowhere"}}), env={})


@pytest.mark.parametrize(
    "url",
    [
        "sqlite+aiosqlite:///:memory:",
        "sqlite+aiosqlite://",
        "sqlite+aiosqlite:////var/lib/citizenbot.db",
        "postgresql+asyncpg://citizenbot@db.internal/cb",
    ],
)
def test_other_database_urls_are_kept_as_written(tmp_path, url):
    config = load_config(_write(tmp_path, {"database": {"url": url}}), env={})
    assert config.database_url == url


# ---- which file -----------------------------------------------------------------------------


def test_the_config_file_is_found_in_a_fixed_order(tmp_path):
    here, named = tmp_path / "here", _write(tmp_path / "elsewhere", {})
    here.mkdir()
    project = PROJECT_ROOT / "config.yml"
    assert find_config_file(None, {}, cwd=here) == project
    local = _write(here, {})
    assert find_config_file(None, {}, cwd=here) == local
    assert find_config_file(None, {"CITIZENBOT_CONFIG": str(named)}, cwd=here) == named
    relative = {"CITIZENBOT_CONFIG": "../elsewhere/config.yml"}
    assert find_config_file(None, relative, cwd=here) == named
    assert find_config_file(project, {"CITIZENBOT_CONFIG": str(named)}, cwd=here) == project


def test_a_named_file_that_is_missing_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="config file not found: .*nope.yml .*CITIZENBOT_CONFIG"):
        find_config_file(None, {"CITIZENBOT_CONFIG": str(tmp_path / "nope.yml")}, cwd=tmp_path)
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yml", env={})


# ---- errors name the setting ----------------------------------------------------------------

BAD = [
    ({"nlu": {"threshold": 1.5}}, "nlu.threshold must be between"),
    ({"nlu": {"threshold": "high"}}, "nlu.threshold must be a number"),
    ({"nlu": {"backend": "gpt"}}, "nlu.backend must be one of embedded, rasa"),
    ({"nlu": {"rasa": {"url": "localhost:5005"}}}, "nlu.rasa.url must be an http(s) URL"),
    ({"server": {"port": 70000}}, "server.port must be between"),
    ({"server": {"port": True}}, "server.port must be a number"),
    ({"database": {"url": "sqlite:///x.db"}}, "async driver"),
    ({"nlu": "embedded"}, "nlu must be a mapping"),
    (["not", "a", "mapping"], "must be a mapping"),
    ({"nlu": {"treshold": 0.3}}, "nlu.treshold is not a setting (did you mean threshold?)"),
    ({"dossiers": {"sources": [{**SOURCE, "prefixes": []}]}}, "sources[0].prefixes must not be"),
    ({"dossiers": {"sources": [{**SOURCE, "url": "http://x/"}]}}, "containing {code}"),
    (
        {"handoff": {"office_hours": ["mon-fri 7:30-11:30"]}},
        'handoff.office_hours[0] must be days and hours such as "mon-fri 07:30-11:30"',
    ),
    (
        {"handoff": {"office_hours": ["fri-mon 07:30-11:30"]}},
        "a window must end after it starts: fri-mon 07:30-11:30",
    ),
    (
        {"handoff": {"office_hours": ["sat 11:30-07:30"]}},
        "a window must end after it starts: sat 11:30-07:30",
    ),
    (
        {"dossiers": {"sources": [{**SOURCE, "auth_env": "CITIZENBOT_NOT_SET"}]}},
        "dossiers.sources[0].auth_env names CITIZENBOT_NOT_SET, which is not set",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_setting_is_named_in_the_error(data, message):
    with pytest.raises(ConfigError) as err:
        parse_config(data, env={})
    assert message in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CITIZENBOT_SERVER__PORT": "eighty"}, "CITIZENBOT_SERVER__PORT must be a number"),
        ({"CITIZENBOT_NLU__TRESHOLD": "0.3"}, "CITIZENBOT_NLU__TRESHOLD is not a setting"),
        ({"CITIZENBOT_NLP__BACKEND": "rasa"}, "CITIZENBOT_NLP__BACKEND is not a setting"),
        ({"CITIZENBOT_NLU": "rasa"}, "CITIZENBOT_NLU must be JSON"),
        (
            {"CITIZENBOT_DOSSIERS__SOURCES": json.dumps([{**SOURCE, "timeout_s": 99}])},
            "CITIZENBOT_DOSSIERS__SOURCES: dossiers.sources[0].timeout_s must be between",
        ),
    ],
)
def test_a_bad_variable_is_named_in_the_error(env, message):
    with pytest.raises(ConfigError) as err:
        parse_config({}, env=env)
    assert message in str(err.value)


def test_other_variables_with_our_prefix_are_not_settings():
    env = {"CITIZENBOT_RASA_HOME": "/x", "CITIZENBOT_TEST_POSTGRES_URL": "y", "CITIZENBOT_X": "1"}
    assert parse_config({}, env=env).server.port == 8080


def test_invalid_yaml_is_one_clear_line(tmp_path):
    path = tmp_path / "config.yml"
    path.write_text("nlu: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config.yml is not valid YAML: .* line 2$"):
        load_config(path, env={})


def test_the_settings_in_use_say_where_each_came_from():
    source, rows = describe(ROOT / "config.yml", env={"CITIZENBOT_SERVER__PORT": "9000"})
    table = {name: (value, origin) for name, value, origin in rows}
    assert source == ROOT / "config.yml"
    assert table["server.port"] == ("9000", "CITIZENBOT_SERVER__PORT")
    assert table["server.host"] == ("127.0.0.1", "config file")
    assert table["telegram.token"] == ("(not set)", "default")
    assert table["nlu.data_dir"][0] == str(ROOT / "nlu" / "data")
    assert {name for name in table} == {".".join(p) for p in _leaf_paths()}
    variables = {env_name(tuple(name.split("."))) for name in table}
    assert {"CITIZENBOT_DATABASE_URL", "TELEGRAM_BOT_TOKEN", "CITIZENBOT_API_KEY"} <= variables


def test_the_settings_in_use_never_show_the_database_password():
    env = {"CITIZENBOT_DATABASE_URL": "postgresql+asyncpg://bot:s3cret-pw@db.internal/citizenbot"}
    _, rows = describe(ROOT / "config.yml", env=env)
    table = {name: value for name, value, _ in rows}
    assert table["database.url"] == "postgresql+asyncpg://bot:***@db.internal/citizenbot"
    assert not any("s3cret-pw" in value for _, value, _ in rows)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "TELEGRAM_WEBHOOK_URL"),
        ({"TELEGRAM_WEBHOOK_URL": "http://bot.example/hook"}, "an https URL"),
        ({"TELEGRAM_WEBHOOK_URL": "https://bot.example/hook"}, "TELEGRAM_WEBHOOK_SECRET"),
        (
            {"TELEGRAM_WEBHOOK_URL": "https://bot.example/hook", "TELEGRAM_WEBHOOK_SECRET": "a b"},
            "A-Z a-z 0-9",
        ),
    ],
)
def test_webhook_mode_needs_an_https_url_and_a_secret(env, message):
    base = {"TELEGRAM_BOT_TOKEN": "123:abc", "CITIZENBOT_TELEGRAM__MODE": "webhook"}
    with pytest.raises(ConfigError, match=message) as err:
        load_config(ROOT / "config.yml", env={**base, **env})
    assert "a b" not in str(err.value)  # a bad secret is never echoed


def test_webhook_mode_with_its_url_and_secret():
    config = load_config(
        ROOT / "config.yml",
        env={
            "TELEGRAM_BOT_TOKEN": "123:abc",
            "CITIZENBOT_TELEGRAM__MODE": "webhook",
            "TELEGRAM_WEBHOOK_URL": "https://bot.example/telegram/hook",
            "TELEGRAM_WEBHOOK_SECRET": "s3cret-token_x",
        },
    )
    assert config.telegram.mode == "webhook"
    assert config.telegram.webhook_secret == "s3cret-token_x"
    assert "123:abc" not in repr(config) and "s3cret-token_x" not in repr(config)
