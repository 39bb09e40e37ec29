"""Application settings: one validated model, read once at start-up and passed down.

Sources, later ones winning: the defaults below, the config file (see
:func:`bot.settings_sources.find_config_file`), then environment variables —
``CITIZENBOT_<SECTION>__<KEY>`` for every setting (``CITIZENBOT_NLU__THRESHOLD=0.5``),
and the older names ``CITIZENBOT_DATABASE_URL``, ``TELEGRAM_BOT_TOKEN``,
``TELEGRAM_BASE_URL``, ``CITIZENBOT_SESSION_SECRET``. Secrets come only from the
environment. Relative paths (and a relative SQLite file) are read from the config file's
folder, never the current directory. The result is plain frozen dataclasses (AppConfig).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.settings_sources import (
    PROJECT_ROOT,
    ConfigError,
    environment_values,
    explain,
    find_config_file,
    merge,
    read_file,
    refuse_secrets_in_file,
    resolve_path,
    secret_paths,
    shipped_or_resolved,
)
from bot.web_settings import MIN_SECRET_CHARS, WebSettings
from flows.config import DialogueSettings, HandoffSettings, OfficeWindow
from knowledge.dossiers.http_source import HttpSourceSettings
from knowledge.dossiers.router import DossierSettings
from knowledge.staff.policy import StaffPolicy
from nlu.config import NluSettings, RasaSettings

__all__ = ["AppConfig", "ConfigError", "Settings", "load_config", "parse_config"]

DEFAULT_CONFIG = PROJECT_ROOT / "config.yml"


# ---- the model: every setting, its type, range and default -------------------------------


def _fail(kind: str, message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, message, context)


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise _fail("number", "must be a number")
    return value


def _between(lo: float, hi: float, kind: type = float) -> Any:
    def check(value: float) -> float:
        if not lo <= value <= hi:  # NaN fails too
            raise _fail("between", "must be between {lo} and {hi}", lo=lo, hi=hi)
        return value

    return Annotated[kind, BeforeValidator(_no_bool), AfterValidator(check)]


def _non_empty(value: str) -> str:
    if not value.strip():
        raise _fail("text", "must be non-empty text")
    return value


def _http(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise _fail("url", "must be an http(s) URL")
    return value


def _with_code(value: str) -> str:
    if not value.startswith(("http://", "https://")) or "{code}" not in value:
        raise _fail("url", "must be an http(s) URL containing {code}")
    return value


def _async_driver(value: str) -> str:
    try:
        make_url(value)
    except ArgumentError:
        raise _fail("url", "must be a database URL") from None
    if "+" not in value.split("://", 1)[0]:
        raise _fail(
            "url",
            "must name an async driver, e.g. sqlite+aiosqlite:///data/citizenbot.db or "
            "postgresql+asyncpg://...",
        )
    return value


def _webhook_secret(value: SecretStr | None) -> SecretStr | None:
    if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
        raise _fail("secret", "must be 1 to 256 of A-Z a-z 0-9 _ - (Telegram's rule)")
    return value


def _long_secret(value: SecretStr | None) -> SecretStr | None:
    if value is not None and len(value.get_secret_value()) < MIN_SECRET_CHARS:
        raise _fail(
            "secret",
            "must be at least {n} characters (e.g. the output of: "
            "python -c 'import secrets; print(secrets.token_hex(32))')",
            n=MIN_SECRET_CHARS,
        )
    return value


Text = Annotated[str, AfterValidator(_non_empty)]
HttpUrl = Annotated[str, AfterValidator(_http)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_section(cls, data: Any) -> Any:
        return {} if data is None else data  # `web:` with nothing under it


class DatabaseSection(_Section):
    url: Annotated[str, AfterValidator(_async_driver)] = "sqlite+aiosqlite:///data/citizenbot.db"


class RasaSection(_Section):
    url: HttpUrl = RasaSettings.url
    timeout_s: _between(0.05, 60.0) = 2.0
    model_dir: Path = Path("data/rasa-models")


class NluSection(_Section):
    backend: Literal["embedded", "rasa"] = "embedded"
    threshold: _between(0.0, 1.0) = 0.45
    data_dir: Path = Path("nlu/data")
    model_dir: Path = Path("data/nlu-model")
    rasa: RasaSection = RasaSection()


class ServerSection(_Section):
    host: Text = "127.0.0.1"
    port: _between(1, 65535, int) = 8080
    # how often each process looks whether staff published something (0: never)
    knowledge_refresh_s: _between(0, 3600) = 1.0


class WebSection(_Section):
    session_secret: Annotated[SecretStr | None, AfterValidator(_long_secret)] = None
    session_days: _between(0.01, 365) = 30.0
    messages_per_minute: _between(0, 10_000, int) = 20
    new_sessions_per_minute_per_ip: _between(0, 100_000, int) = 30
    pushes_per_minute_per_ip: _between(0, 100_000, int) = 120
    header_timeout_s: _between(1, 300) = 15.0
    body_timeout_s: _between(1, 300) = 15.0
    events_poll_s: _between(0.1, 60) = 2.0
    turns_at_once: _between(0, 10_000, int) = 16  # chat turns worked on at once (0: no limit)


class TelegramSection(_Section):
    token: SecretStr | None = None
    base_url: HttpUrl | None = None
    # the bot's @username, for volunteer invitation links (asked of Telegram when unset)
    bot_username: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]{3,31}$")] | None = None
    mode: Literal["polling", "webhook"] = "polling"
    # webhook mode: Telegram posts updates to this public https URL (its path is served)
    webhook_url: HttpUrl | None = None
    # ... with this secret in X-Telegram-Bot-Api-Secret-Token (1-256 of A-Z a-z 0-9 _ -)
    webhook_secret: Annotated[SecretStr | None, AfterValidator(_webhook_secret)] = None
    webhook_max_connections: _between(1, 100, int) = 40
    connect_timeout_s: _between(0.5, 120) = 10.0
    read_timeout_s: _between(0.5, 300) = 30.0
    # the bot's sending rate, all workers together (Telegram's published limit: about 30)
    messages_per_second: _between(1, 10_000) = 30.0

    @model_validator(mode="after")
    def _webhook_complete(self) -> TelegramSection:
        if self.mode == "webhook" and self.token is not None:
            if self.webhook_url is None or not self.webhook_url.startswith("https://"):
                raise _fail("webhook", "webhook mode needs TELEGRAM_WEBHOOK_URL, an https URL")
            if self.webhook_secret is None:
                raise _fail("webhook", "webhook mode needs TELEGRAM_WEBHOOK_SECRET")
        return self


class DialogueSection(_Section):
    portal_url: Text = DialogueSettings.portal_url
    max_text_chars: _between(10, 100_000, int) = 2000
    suggestions: _between(1, 8, int) = 3
    offer_score: _between(0.0, 1.0) = 0.5
    portal_search_url: Text = DialogueSettings.portal_search_url


class DossierSourceSection(_Section):
    name: Text
    label: str | None = None
    url: Annotated[str, AfterValidator(_with_code)]
    prefixes: list[Text] = Field(min_length=1)
    # The name of the environment variable holding the secret, never the secret itself.
    auth_env: str | None = None
    auth_header: Text = "Authorization"
    auth_prefix: str = "Bearer "
    timeout_s: _between(0.1, 30.0) = 3.0
    breaker_failures: _between(1, 100, int) = 3
    breaker_reset_s: _between(1.0, 3600.0) = 30.0
    fields: dict[str, str] | None = None
    status_map: dict[Annotated[str, BeforeValidator(str)], int] | None = None


class DossiersSection(_Section):
    poll_interval_s: _between(1, 86_400) = 300.0
    lookup_deadline_s: _between(0.1, 4.9) = 4.5
    registry_label: Text = "Trung tâm Phục vụ hành chính công"
    sources: list[DossierSourceSection] = []


class AdminSection(_Section):
    """The staff admin (/admin): sessions, lock-out, the session cookie."""

    idle_timeout_min: _between(1, 24 * 60) = 30.0
    session_hours: _between(0.1, 7 * 24) = 12.0
    lockout_failures: _between(1, 100, int) = 5
    lockout_min: _between(0.1, 24 * 60) = 15.0
    cookie_secure: Literal["auto", "always", "never"] = "auto"


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = "(" + "|".join(WEEKDAYS) + ")"
_TIME = "([01][0-9]|2[0-3]):[0-5][0-9]"
# "mon-fri 07:30-11:30" or "sat 07:30-11:30"
_WINDOW_RE = rf"^{_DAY}(-{_DAY})? {_TIME}-{_TIME}$"


class HandoffSection(_Section):
    """Requests for a person (issue 11): volunteers have ``claim_timeout_min`` to claim a
    request before it goes to the staff queue with the provincial hotline; a closed one
    can be reopened for ``reopen_hours``; staff answer within ``office_hours`` (Vietnam
    time, windows such as "mon-fri 07:30-11:30"; a day in no window is closed)."""

    claim_timeout_min: _between(0.1, 24 * 60) = 10.0
    reopen_hours: _between(0, 24 * 30) = 24.0
    check_interval_s: _between(1, 3600) = 30.0
    transcript_lines: _between(0, 20, int) = 6
    office_hours: list[Annotated[str, Field(pattern=_WINDOW_RE)]] = [
        "mon-fri 07:30-11:30",
        "mon-fri 13:30-17:00",
    ]

    @model_validator(mode="after")
    def _windows_in_order(self) -> HandoffSection:
        self.settings()
        return self

    def settings(self) -> HandoffSettings:
        windows = []
        for window in self.office_hours:
            days, span = window.split(" ")
            first, _, last = days.partition("-")
            start, end = (_minutes(part) for part in span.split("-"))
            lo, hi = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
            if end <= start or hi < lo:
                raise _fail("office_hours", "a window must end after it starts: {w}", w=window)
            windows += [OfficeWindow(day, start, end) for day in range(lo, hi + 1)]
        return HandoffSettings(
            claim_timeout_s=self.claim_timeout_min * 60,
            reopen_s=self.reopen_hours * 3600,
            office_hours=tuple(sorted(windows, key=lambda w: (w.weekday, w.start))),
            transcript_lines=self.transcript_lines,
        )


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


class LoggingSection(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class Settings(_Section):
    """Every setting; the config file's sections and keys are exactly these fields."""

    database: DatabaseSection = DatabaseSection()
    # What start-up builds from shipped data (the unit map) is kept here.
    cache_dir: Path = Path("data/cache")
    nlu: NluSection = NluSection()
    server: ServerSection = ServerSection()
    web: WebSection = WebSection()
    telegram: TelegramSection = TelegramSection()
    dialogue: DialogueSection = DialogueSection()
    dossiers: DossiersSection = DossiersSection()
    admin: AdminSection = AdminSection()
    handoff: HandoffSection = HandoffSection()
    logging: LoggingSection = LoggingSection()
    api_key: SecretStr | None = None


# ---- what the rest of the code gets: plain frozen dataclasses ----------------------------


@dataclass(frozen=True)
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 8080
    knowledge_refresh_s: float = 1.0


@dataclass(frozen=True)
class TelegramSettings:
    token: str | None = field(default=None, repr=False)
    base_url: str | None = None
    mode: str = "polling"
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    bot_username: str | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    webhook_max_connections: int = 40
    messages_per_second: float = 30.0


@dataclass(frozen=True)
class DossierConfig:
    """Dossier sources plus how the bot names them to citizens."""

    settings: DossierSettings = DossierSettings()
    labels: dict[str, str] = field(default_factory=dict)
    lookup_deadline_s: float = 4.5


@dataclass(frozen=True)
class AdminSettings:
    """The staff admin. A session ends after ``idle_timeout_min`` unused or ``session_hours``
    after sign-in; ``lockout_failures`` wrong passwords in a row lock an account for
    ``lockout_min``. ``cookie_secure``: "auto" marks the session cookie Secure when the
    request came over HTTPS (directly, or a proxy said so with X-Forwarded-Proto: https —
    trusting it can only make the cookie stricter), "always" (behind a TLS proxy that
    does not send that header) or "never"."""

    idle_timeout_min: float = 30.0
    session_hours: float = 12.0
    lockout_failures: int = 5
    lockout_min: float = 15.0
    cookie_secure: str = "auto"

    @property
    def policy(self) -> StaffPolicy:
        return StaffPolicy(
            idle_timeout_s=self.idle_timeout_min * 60,
            absolute_timeout_s=self.session_hours * 3600,
            lockout_failures=self.lockout_failures,
            lockout_s=self.lockout_min * 60,
        )


@dataclass(frozen=True)
class AppConfig:
    database_url: str
    nlu: NluSettings
    dialogue: DialogueSettings
    server: ServerSettings = ServerSettings()
    telegram: TelegramSettings = TelegramSettings()
    dossiers: DossierConfig = DossierConfig()
    web: WebSettings = WebSettings()
    admin: AdminSettings = AdminSettings()
    handoff: HandoffSettings = HandoffSettings()
    handoff_check_s: float = 30.0
    api_key: str | None = field(default=None, repr=False)
    log_level: str = "INFO"
    # Built from shipped data at the first start, read at later ones (the unit map).
    cache_dir: Path = Path("data/cache")
    source: Path = field(default=DEFAULT_CONFIG)


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def _sqlite_file(url: str, base: Path) -> str:
    """A relative SQLite file is kept next to the config file, not in the current folder."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return url
    if database.startswith("file:") or Path(database).is_absolute():
        return url
    path = resolve_path(Path(database), base)
    return parsed.set(database=str(path)).render_as_string(hide_password=False)


def _dossier_source(
    raw: DossierSourceSection, index: int, env: Mapping[str, str]
) -> tuple[HttpSourceSettings, str]:
    where = f"dossiers.sources[{index}]"
    headers: dict[str, str] = {}
    if raw.auth_env:
        # The secret itself never sits in the config file: only the variable's name does.
        secret = env.get(raw.auth_env)
        if not secret:
            raise ConfigError(f"{where}.auth_env names {raw.auth_env}, which is not set")
        headers[raw.auth_header] = raw.auth_prefix + secret
    options: dict[str, Any] = {}
    if raw.fields:
        options["fields"] = dict(raw.fields)
    if raw.status_map:
        options["status_map"] = dict(raw.status_map)
    try:
        settings = HttpSourceSettings(
            name=raw.name,
            url_template=raw.url,
            prefixes=tuple(raw.prefixes),
            headers=headers,
            timeout_s=float(raw.timeout_s),
            breaker_failures=raw.breaker_failures,
            breaker_reset_s=float(raw.breaker_reset_s),
            **options,
        )
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    return settings, raw.label or raw.name


def _dossiers(section: DossiersSection, env: Mapping[str, str]) -> DossierConfig:
    parsed = [_dossier_source(raw, i, env) for i, raw in enumerate(section.sources)]
    labels = {settings.name: label for settings, label in parsed}
    labels["registry"] = section.registry_label
    try:
        settings = DossierSettings(
            sources=tuple(s for s, _ in parsed), poll_interval_s=float(section.poll_interval_s)
        )
    except ValueError as exc:
        raise ConfigError(f"dossiers: {exc}") from None
    return DossierConfig(
        settings=settings, labels=labels, lookup_deadline_s=float(section.lookup_deadline_s)
    )


def to_app_config(
    settings: Settings, base: Path, env: Mapping[str, str], source: Path
) -> AppConfig:
    """The validated settings as the frozen dataclasses the code uses, paths resolved."""
    nlu, web, telegram = settings.nlu, settings.web, settings.telegram
    return AppConfig(
        database_url=_sqlite_file(settings.database.url, base),
        cache_dir=resolve_path(settings.cache_dir, base),
        nlu=NluSettings(
            backend=nlu.backend,
            threshold=float(nlu.threshold),
            data_dir=shipped_or_resolved(nlu.data_dir, base, "nlu.data_dir"),
            model_dir=resolve_path(nlu.model_dir, base),
            rasa=RasaSettings(
                url=nlu.rasa.url.rstrip("/"),
                timeout_s=float(nlu.rasa.timeout_s),
                model_dir=resolve_path(nlu.rasa.model_dir, base),
            ),
        ),
        dialogue=DialogueSettings(**settings.dialogue.model_dump()),
        server=ServerSettings(
            host=settings.server.host,
            port=settings.server.port,
            knowledge_refresh_s=settings.server.knowledge_refresh_s,
        ),
        telegram=TelegramSettings(
            token=_secret(telegram.token),
            base_url=telegram.base_url,
            mode=telegram.mode,
            connect_timeout_s=float(telegram.connect_timeout_s),
            read_timeout_s=float(telegram.read_timeout_s),
            bot_username=telegram.bot_username,
            webhook_url=telegram.webhook_url,
            webhook_secret=_secret(telegram.webhook_secret),
            webhook_max_connections=telegram.webhook_max_connections,
            messages_per_second=float(telegram.messages_per_second),
        ),
        dossiers=_dossiers(settings.dossiers, env),
        web=WebSettings(
            session_secret=_secret(web.session_secret),
            **web.model_dump(exclude={"session_secret"}),
        ),
        admin=AdminSettings(**settings.admin.model_dump()),
        handoff=settings.handoff.settings(),
        handoff_check_s=float(settings.handoff.check_interval_s),
        api_key=_secret(settings.api_key),
        log_level=settings.logging.level,
        source=source,
    )


def _refuse_password_in_file(data: dict) -> None:
    url = data.get("database", {}).get("url") if isinstance(data.get("database"), dict) else None
    try:
        password = make_url(url).password if isinstance(url, str) else None
    except ArgumentError:
        return  # the model says what is wrong with it
    if password:
        raise ConfigError(
            "database.url holds a password: set CITIZENBOT_DATABASE_URL in the environment "
            "and remove it from the config file"
        )


def validate(
    data: Any, env: Mapping[str, str], source: Path | None = None
) -> tuple[Settings, dict]:
    """The file's values (already parsed) with the environment on top, validated."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the config file must be a mapping of sections")
    refuse_secrets_in_file(data, Settings)
    _refuse_password_in_file(data)
    from_env, origins = environment_values(Settings, env)
    try:
        return Settings.model_validate(merge(data, from_env)), origins
    except ValidationError as exc:
        raise ConfigError(explain(exc, Settings, origins, source)) from None


def parse_config(data: Any, env: Mapping[str, str], source: Path | None = None) -> AppConfig:
    """Build a validated AppConfig from parsed YAML and the environment; relative paths
    are read from ``source``'s folder (the project's folder when there is no file)."""
    settings, _ = validate(data, env, source)
    base = source.resolve().parent if source is not None else PROJECT_ROOT
    return to_app_config(settings, base, env, source or DEFAULT_CONFIG)


def _flatten(values: dict, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    flat: dict[tuple[str, ...], Any] = {}
    for key, value in values.items():
        if isinstance(value, dict) and value and key not in ("fields", "status_map"):
            flat.update(_flatten(value, (*prefix, key)))
        else:
            flat[(*prefix, key)] = value
    return flat


def describe(
    path: Path | None = None, env: Mapping[str, str] | None = None
) -> tuple[Path, list[tuple[str, str, str]]]:
    """The settings in use — (setting, value, where it came from) — for `citizenbot config`.
    Secrets show only whether they are set; paths show where they resolve to."""
    env = dict(os.environ) if env is None else env
    source = find_config_file(path, env)
    data = read_file(source)
    settings, origins = validate(data, env, source)
    app = to_app_config(settings, source.parent, env, source)
    resolved = {
        ("database", "url"): make_url(app.database_url).render_as_string(hide_password=True),
        ("cache_dir",): app.cache_dir,
        ("nlu", "data_dir"): app.nlu.data_dir,
        ("nlu", "model_dir"): app.nlu.model_dir,
        ("nlu", "rasa", "model_dir"): app.nlu.rasa.model_dir,
    }
    file_paths = set(_flatten(data if isinstance(data, dict) else {}))
    rows = []
    for key, value in _flatten(settings.model_dump()).items():
        if isinstance(value, SecretStr) or key in secret_paths(Settings):
            value = "(set)" if value is not None else "(not set)"
        value = resolved.get(key, value)
        within = (key[:n] for n in range(len(key), 0, -1))
        origin = next((origins[k] for k in within if k in origins), None)
        if origin is None:
            origin = "config file" if key in file_paths else "default"
        rows.append((".".join(key), str(value), origin))
    return source, rows


def load_config(path: Path | None = None, env: Mapping[str, str] | None = None) -> AppConfig:
    """Read and validate the settings: ``path``, else $CITIZENBOT_CONFIG, else ./config.yml,
    else the project's config.yml; then the environment on top."""
    env = dict(os.environ) if env is None else env
    source = find_config_file(path, env)
    return parse_config(read_file(source), env, source)
