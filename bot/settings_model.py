"""The settings model: every setting, its type, range and default, validated by pydantic.

The config file's sections and keys are exactly the fields of :class:`Settings`; an
environment variable ``CITIZENBOT_<SECTION>__<KEY>`` sets any of them. Reading the file
and the environment is :mod:`bot.settings_sources`; :mod:`bot.config` hands the code these
frozen sections as they are, or the lower layers' own settings built from them (nlu, flows
and knowledge must not import bot: their dataclasses hold those defaults, taken here).

A secret is a field hidden from repr (``Field(repr=False)``): plain text to the code, read
only from the environment, never shown (:func:`bot.settings_sources.secret_paths`).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from flows.config import DialogueSettings, HandoffSettings, OfficeWindow
from knowledge.dossiers.http_source import HttpSourceSettings
from knowledge.dossiers.router import DossierSettings
from knowledge.staff.policy import StaffPolicy
from knowledge.storage.retention import Retention
from nlu.config import NluSettings, RasaSettings

# A signing secret shorter than this is refused at start-up (32 bytes of entropy as hex
# or base64 is well above it).
MIN_SECRET_CHARS = 32


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


def _webhook_secret(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
        raise _fail("secret", "must be 1 to 256 of A-Z a-z 0-9 _ - (Telegram's rule)")
    return value


def _long_secret(value: str | None) -> str | None:
    if value is not None and len(value) < MIN_SECRET_CHARS:
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
    timeout_s: _between(0.05, 60.0) = RasaSettings.timeout_s
    model_dir: Path = RasaSettings.model_dir


class NluSection(_Section):
    backend: Literal["embedded", "rasa"] = NluSettings.backend
    threshold: _between(0.0, 1.0) = NluSettings.threshold
    data_dir: Path = NluSettings.data_dir
    model_dir: Path = NluSettings.model_dir
    rasa: RasaSection = RasaSection()


class ServerSection(_Section):
    host: Text = "127.0.0.1"
    port: _between(1, 65535, int) = 8080
    # how often each process looks whether staff published something (0: never)
    knowledge_refresh_s: _between(0, 3600) = 1.0


class WebSection(_Section):
    """How the web API guards itself: sessions, rate limits and timeouts. A limit of 0
    switches that limit off."""

    # From CITIZENBOT_SESSION_SECRET; None: a random secret per process (sessions end
    # at restart).
    session_secret: Annotated[str | None, AfterValidator(_long_secret)] = Field(None, repr=False)
    session_days: _between(0.01, 365) = 30.0
    # Messages one web user may send per minute; the excess is answered once, politely.
    messages_per_minute: _between(0, 10_000, int) = 20
    # New chat sessions one IP address may start per minute (a client that drops its
    # session on every turn would otherwise escape the per-user limit).
    new_sessions_per_minute_per_ip: _between(0, 100_000, int) = 30
    # Status pushes (POST /api/dossiers/{code}/status) per IP address per minute,
    # counted before the API key is checked (no key guessing at speed).
    pushes_per_minute_per_ip: _between(0, 100_000, int) = 120
    # A connection whose request headers are not complete by then is closed; also how
    # long an idle keep-alive connection stays open.
    header_timeout_s: _between(1, 300) = 15.0
    # A request body not fully received by then is answered 408.
    body_timeout_s: _between(1, 300) = 15.0
    # The web chat's live stream (GET /api/chat/events) looks in the outbox this often for
    # messages queued by another process (this process's own wake the stream at once).
    events_poll_s: _between(0.1, 60) = 2.0
    # Chat turns this process works on at once; the others wait their turn in the order
    # they came (0: no limit). Under load every turn then waits about as long as any
    # other: with 64 at once, interleaved, a turn's every database round trip waited
    # behind all the others' work, and the turns with more round trips (a new user's
    # first) waited twice as long as the rest.
    turns_at_once: _between(0, 10_000, int) = 16


class TelegramSection(_Section):
    token: str | None = Field(None, repr=False)
    base_url: HttpUrl | None = None
    # the bot's @username, for volunteer invitation links (asked of Telegram when unset)
    bot_username: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]{3,31}$")] | None = None
    mode: Literal["polling", "webhook"] = "polling"
    # webhook mode: Telegram posts updates to this public https URL (its path is served)
    webhook_url: HttpUrl | None = None
    # ... with this secret in X-Telegram-Bot-Api-Secret-Token (1-256 of A-Z a-z 0-9 _ -)
    webhook_secret: Annotated[str | None, AfterValidator(_webhook_secret)] = Field(None, repr=False)
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
    max_text_chars: _between(10, 100_000, int) = DialogueSettings.max_text_chars
    suggestions: _between(1, 8, int) = DialogueSettings.suggestions
    offer_score: _between(0.0, 1.0) = DialogueSettings.offer_score
    lone_offer_score: _between(0.0, 1.0) = DialogueSettings.lone_offer_score
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
    timeout_s: _between(0.1, 30.0) = HttpSourceSettings.timeout_s
    breaker_failures: _between(1, 100, int) = HttpSourceSettings.breaker_failures
    breaker_reset_s: _between(1.0, 3600.0) = HttpSourceSettings.breaker_reset_s
    fields: dict[str, str] | None = None
    status_map: dict[Annotated[str, BeforeValidator(str)], int] | None = None


class DossiersSection(_Section):
    poll_interval_s: _between(1, 86_400) = DossierSettings.poll_interval_s
    lookup_deadline_s: _between(0.1, 4.9) = 4.5
    registry_label: Text = "Trung tâm Phục vụ hành chính công"
    sources: list[DossierSourceSection] = []


class AdminSection(_Section):
    """The staff admin (/admin). A session ends after ``idle_timeout_min`` unused or
    ``session_hours`` after sign-in; ``lockout_failures`` wrong passwords in a row lock an
    account for ``lockout_min``. ``cookie_secure``: "auto" marks the session cookie Secure
    when the request came over HTTPS (directly, or a proxy said so with X-Forwarded-Proto:
    https — trusting it can only make the cookie stricter), "always" (behind a TLS proxy
    that does not send that header) or "never"."""

    idle_timeout_min: _between(1, 24 * 60) = StaffPolicy.idle_timeout_s / 60
    session_hours: _between(0.1, 7 * 24) = StaffPolicy.absolute_timeout_s / 3600
    lockout_failures: _between(1, 100, int) = StaffPolicy.lockout_failures
    lockout_min: _between(0.1, 24 * 60) = StaffPolicy.lockout_s / 60
    cookie_secure: Literal["auto", "always", "never"] = "auto"

    @property
    def policy(self) -> StaffPolicy:
        return StaffPolicy(
            idle_timeout_s=self.idle_timeout_min * 60,
            absolute_timeout_s=self.session_hours * 3600,
            lockout_failures=self.lockout_failures,
            lockout_s=self.lockout_min * 60,
        )


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = "|".join(WEEKDAYS)


def _clock(name: str) -> str:
    return rf"(?P<{name}_h>[01][0-9]|2[0-3]):(?P<{name}_m>[0-5][0-9])"


# "mon-fri 07:30-11:30" or "sat 07:30-11:30"
_WINDOW_RE = re.compile(rf"(?P<first>{_DAY})(-(?P<last>{_DAY}))? {_clock('start')}-{_clock('end')}")


def _window(text: str) -> str:
    if not _WINDOW_RE.fullmatch(text):
        raise _fail("window", 'must be days and hours such as "mon-fri 07:30-11:30"')
    return text


class HandoffSection(_Section):
    """Requests for a person (issue 11): volunteers have ``claim_timeout_min`` to claim a
    request before it goes to the staff queue with the provincial hotline; a closed one
    can be reopened for ``reopen_hours``; staff answer within ``office_hours`` (Vietnam
    time, windows such as "mon-fri 07:30-11:30"; a day in no window is closed)."""

    claim_timeout_min: _between(0.1, 24 * 60) = HandoffSettings.claim_timeout_s / 60
    reopen_hours: _between(0, 24 * 30) = HandoffSettings.reopen_s / 3600
    check_interval_s: _between(1, 3600) = 30.0
    transcript_lines: _between(0, 20, int) = HandoffSettings.transcript_lines
    # HandoffSettings.office_hours as written (a test holds the two alike)
    office_hours: list[Annotated[str, AfterValidator(_window)]] = [
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
            found = _WINDOW_RE.fullmatch(window)  # _window has checked it
            first = WEEKDAYS.index(found["first"])
            last = WEEKDAYS.index(found["last"] or found["first"])
            start = int(found["start_h"]) * 60 + int(found["start_m"])
            end = int(found["end_h"]) * 60 + int(found["end_m"])
            if end <= start or last < first:
                raise _fail("office_hours", "a window must end after it starts: {w}", w=window)
            windows += [OfficeWindow(day, start, end) for day in range(first, last + 1)]
        return HandoffSettings(
            claim_timeout_s=self.claim_timeout_min * 60,
            reopen_s=self.reopen_hours * 3600,
            office_hours=tuple(sorted(windows, key=lambda w: (w.weekday, w.start))),
            transcript_lines=self.transcript_lines,
        )


class RetentionSection(_Section):
    """How long rows that serve only a while are kept before the periodic housekeeping
    deletes them (knowledge/storage/retention.py). What is never deleted here: a message
    still to be sent on Telegram, analytics, staff data, conversations."""

    # handled Telegram update ids: a redelivery within this is refused (Telegram
    # redelivers an update for at most a day)
    processed_updates_days: _between(2, 365) = Retention.processed_inputs / dt.timedelta(days=1)
    # outbox messages sent, or given up after their last attempt
    sent_messages_days: _between(1, 3650) = Retention.finished_messages / dt.timedelta(days=1)
    # web chat messages nobody took (at least web.session_days: the reader's session ended)
    undelivered_web_days: _between(1, 3650) = 30.0

    def policy(self, web_channel: str) -> Retention:
        return Retention(
            processed_inputs=dt.timedelta(days=self.processed_updates_days),
            finished_messages=dt.timedelta(days=self.sent_messages_days),
            waiting=((web_channel, dt.timedelta(days=self.undelivered_web_days)),),
        )


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
    retention: RetentionSection = RetentionSection()
    logging: LoggingSection = LoggingSection()
    api_key: str | None = Field(None, repr=False)

    @field_validator("retention")
    @classmethod
    def _web_messages_outlive_sessions(
        cls, retention: RetentionSection, info: ValidationInfo
    ) -> RetentionSection:
        web = info.data.get("web")
        if web is not None and retention.undelivered_web_days < web.session_days:
            raise _fail(
                "retention",
                "undelivered_web_days ({kept}) must be at least web.session_days ({session}): "
                "a message must wait as long as its reader may come back",
                kept=retention.undelivered_web_days,
                session=web.session_days,
            )
        return retention
