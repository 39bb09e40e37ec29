"""Application settings: read config.yml once at start-up, validate, pass down."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.web_settings import MIN_SECRET_CHARS, WebSettings
from flows.config import DialogueSettings
from knowledge.dossier_http import HttpSourceSettings
from knowledge.dossier_router import DossierSettings
from nlu.config import NluSettings, RasaSettings

DEFAULT_CONFIG = Path("config.yml")


class ConfigError(Exception):
    """A setting that is missing or has a bad value; the message says which and why."""


@dataclass(frozen=True)
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 8080


@dataclass(frozen=True)
class TelegramSettings:
    token: str | None = None
    base_url: str | None = None
    mode: str = "polling"
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0


@dataclass(frozen=True)
class DossierConfig:
    """Dossier sources plus how the bot names them to citizens."""

    settings: DossierSettings = DossierSettings()
    labels: dict[str, str] = field(default_factory=dict)
    lookup_deadline_s: float = 4.5


@dataclass(frozen=True)
class AppConfig:
    database_url: str
    nlu: NluSettings
    dialogue: DialogueSettings
    server: ServerSettings = ServerSettings()
    telegram: TelegramSettings = TelegramSettings()
    dossiers: DossierConfig = DossierConfig()
    web: WebSettings = WebSettings()
    api_key: str | None = None
    log_level: str = "INFO"
    # Built from shipped data at the first start, read at later ones (the unit map).
    cache_dir: Path = Path("data/cache")
    source: Path = field(default=DEFAULT_CONFIG)


def _section(data: dict, name: str) -> dict:
    value = data.get(name, {})
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"'{name}' must be a mapping")
    return value


def _number(section: dict, key: str, where: str, default: float, lo: float, hi: float) -> float:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where}.{key} must be a number, got {value!r}")
    if not lo <= value <= hi:
        raise ConfigError(f"{where}.{key} must be between {lo} and {hi}, got {value!r}")
    return value


def _choice(section: dict, key: str, where: str, default: str, choices: tuple[str, ...]) -> str:
    value = section.get(key, default)
    if value not in choices:
        raise ConfigError(f"{where}.{key} must be one of {', '.join(choices)}, got {value!r}")
    return value


def _text(section: dict, key: str, where: str, default: str) -> str:
    value = section.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}.{key} must be non-empty text, got {value!r}")
    return value


def _http_source(raw: Any, index: int, env: dict[str, str]) -> tuple[HttpSourceSettings, str]:
    where = f"dossiers.sources[{index}]"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} must be a mapping")
    name = _text(raw, "name", where, "")
    url = _text(raw, "url", where, "")
    if not url.startswith(("http://", "https://")) or "{code}" not in url:
        raise ConfigError(f"{where}.url must be an http(s) URL containing {{code}}, got {url!r}")
    prefixes = raw.get("prefixes")
    if (
        not isinstance(prefixes, list)
        or not prefixes
        or not all(isinstance(p, str) and p for p in prefixes)
    ):
        raise ConfigError(f"{where}.prefixes must be a non-empty list of code prefixes")
    headers: dict[str, str] = {}
    if raw.get("auth_env"):
        # The secret itself never sits in config.yml: only the variable's name does.
        secret = env.get(str(raw["auth_env"]))
        if not secret:
            raise ConfigError(f"{where}.auth_env names {raw['auth_env']}, which is not set")
        header = _text(raw, "auth_header", where, "Authorization")
        headers[header] = str(raw.get("auth_prefix", "Bearer ")) + secret
    for key in ("fields", "status_map"):
        if raw.get(key) is not None and not isinstance(raw.get(key), dict):
            raise ConfigError(f"{where}.{key} must be a mapping")
    options: dict[str, Any] = {}
    if raw.get("fields"):
        options["fields"] = {str(k): str(v) for k, v in raw["fields"].items()}
    if raw.get("status_map"):
        options["status_map"] = {str(k): v for k, v in raw["status_map"].items()}
    try:
        settings = HttpSourceSettings(
            name=name,
            url_template=url,
            prefixes=tuple(prefixes),
            headers=headers,
            timeout_s=float(_number(raw, "timeout_s", where, 3.0, 0.1, 30.0)),
            breaker_failures=int(_number(raw, "breaker_failures", where, 3, 1, 100)),
            breaker_reset_s=float(_number(raw, "breaker_reset_s", where, 30.0, 1.0, 3600.0)),
            **options,
        )
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    return settings, str(raw.get("label") or name)


def _dossiers(data: dict, env: dict[str, str]) -> DossierConfig:
    section = _section(data, "dossiers")
    raw_sources = section.get("sources") or []
    if not isinstance(raw_sources, list):
        raise ConfigError("dossiers.sources must be a list")
    parsed = [_http_source(raw, i, env) for i, raw in enumerate(raw_sources)]
    labels = {settings.name: label for settings, label in parsed}
    labels["registry"] = _text(
        section, "registry_label", "dossiers", "Trung tâm Phục vụ hành chính công"
    )
    try:
        settings = DossierSettings(
            sources=tuple(s for s, _ in parsed),
            poll_interval_s=float(_number(section, "poll_interval_s", "dossiers", 300, 1, 86400)),
        )
    except ValueError as exc:
        raise ConfigError(f"dossiers: {exc}") from exc
    deadline = float(_number(section, "lookup_deadline_s", "dossiers", 4.5, 0.1, 4.9))
    return DossierConfig(settings=settings, labels=labels, lookup_deadline_s=deadline)


def _web(data: dict, env: dict[str, str]) -> WebSettings:
    section = _section(data, "web")
    secret = env.get("CITIZENBOT_SESSION_SECRET") or None
    if secret is not None and len(secret) < MIN_SECRET_CHARS:
        raise ConfigError(
            f"CITIZENBOT_SESSION_SECRET must be at least {MIN_SECRET_CHARS} characters "
            "(e.g. the output of: python -c 'import secrets; print(secrets.token_hex(32))')"
        )
    return WebSettings(
        session_secret=secret,
        session_days=float(_number(section, "session_days", "web", 30, 0.01, 365)),
        messages_per_minute=int(_number(section, "messages_per_minute", "web", 20, 0, 10_000)),
        new_sessions_per_minute_per_ip=int(
            _number(section, "new_sessions_per_minute_per_ip", "web", 30, 0, 100_000)
        ),
        pushes_per_minute_per_ip=int(
            _number(section, "pushes_per_minute_per_ip", "web", 120, 0, 100_000)
        ),
        header_timeout_s=float(_number(section, "header_timeout_s", "web", 15, 1, 300)),
        body_timeout_s=float(_number(section, "body_timeout_s", "web", 15, 1, 300)),
    )


def parse_config(data: Any, env: dict[str, str], source: Path = DEFAULT_CONFIG) -> AppConfig:
    """Build a validated AppConfig from parsed YAML and the environment."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the config file must be a mapping of sections")

    db = _section(data, "database")
    database_url = env.get("CITIZENBOT_DATABASE_URL") or _text(
        db, "url", "database", "sqlite+aiosqlite:///data/citizenbot.db"
    )
    if "+" not in database_url.split("://", 1)[0]:
        raise ConfigError(
            "database url must name an async driver, e.g. sqlite+aiosqlite:///data/citizenbot.db "
            f"or postgresql+asyncpg://..., got {database_url.split('://', 1)[0]!r}"
        )

    nlu = _section(data, "nlu")
    rasa = _section(nlu, "rasa")
    rasa_url = _text(rasa, "url", "nlu.rasa", RasaSettings.url)
    if not rasa_url.startswith(("http://", "https://")):
        raise ConfigError(f"nlu.rasa.url must be an http(s) URL, got {rasa_url!r}")
    nlu_settings = NluSettings(
        backend=_choice(nlu, "backend", "nlu", "embedded", ("embedded", "rasa")),
        threshold=float(_number(nlu, "threshold", "nlu", 0.45, 0.0, 1.0)),
        data_dir=Path(_text(nlu, "data_dir", "nlu", "nlu/data")),
        model_dir=Path(_text(nlu, "model_dir", "nlu", "data/nlu-model")),
        rasa=RasaSettings(
            url=rasa_url.rstrip("/"),
            timeout_s=float(_number(rasa, "timeout_s", "nlu.rasa", 2.0, 0.05, 60.0)),
            model_dir=Path(_text(rasa, "model_dir", "nlu.rasa", "data/rasa-models")),
        ),
    )

    server = _section(data, "server")
    dialogue = _section(data, "dialogue")
    telegram = _section(data, "telegram")
    logging_section = _section(data, "logging")

    return AppConfig(
        database_url=database_url,
        cache_dir=Path(_text(data, "cache_dir", "config", "data/cache")),
        nlu=nlu_settings,
        dialogue=DialogueSettings(
            portal_url=_text(dialogue, "portal_url", "dialogue", "https://dichvucong.gov.vn"),
            max_text_chars=int(_number(dialogue, "max_text_chars", "dialogue", 2000, 10, 100_000)),
            suggestions=int(_number(dialogue, "suggestions", "dialogue", 3, 1, 8)),
            offer_score=float(_number(dialogue, "offer_score", "dialogue", 0.5, 0.0, 1.0)),
            portal_search_url=_text(
                dialogue, "portal_search_url", "dialogue", DialogueSettings.portal_search_url
            ),
        ),
        server=ServerSettings(
            host=_text(server, "host", "server", "127.0.0.1"),
            port=int(_number(server, "port", "server", 8080, 1, 65535)),
        ),
        telegram=TelegramSettings(
            token=env.get("TELEGRAM_BOT_TOKEN") or None,
            base_url=env.get("TELEGRAM_BASE_URL") or None,
            mode=_choice(telegram, "mode", "telegram", "polling", ("polling",)),
            connect_timeout_s=float(
                _number(telegram, "connect_timeout_s", "telegram", 10, 0.5, 120)
            ),
            read_timeout_s=float(_number(telegram, "read_timeout_s", "telegram", 30, 0.5, 300)),
        ),
        dossiers=_dossiers(data, env),
        web=_web(data, env),
        api_key=env.get("CITIZENBOT_API_KEY") or None,
        log_level=_choice(
            logging_section, "level", "logging", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")
        ),
        source=source,
    )


def load_config(path: Path | None = None, env: dict[str, str] | None = None) -> AppConfig:
    """Read and validate the config file named by CITIZENBOT_CONFIG (default config.yml)."""
    env = dict(os.environ) if env is None else env
    path = path or Path(env.get("CITIZENBOT_CONFIG") or DEFAULT_CONFIG)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from exc
    return parse_config(data, env, path)
