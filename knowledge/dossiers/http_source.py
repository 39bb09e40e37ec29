"""A provincial dossier system reached over HTTP, as a :class:`DossierSource`.

One :class:`HttpJsonSource` per configured system. It GETs ``url_template`` with the
code filled in and reads only the fields its mapping names (dotted JSON paths), so
whatever else the system sends (the applicant's name, ID number, phone) is never
copied. Outcomes:

* 200 with a well-formed body: a :class:`DossierRecord`;
* 404: None (the system does not know the code);
* 5xx: retried ``retries_on_5xx`` times, then ``SourceUnavailable("http 5xx")``;
* no answer within ``timeout_s`` (for the whole lookup, retries included):
  ``SourceUnavailable("timeout")``;
* a body that is not JSON, lacks the status, has a status outside 1–10 (after
  ``status_map``), a value of the wrong type, or another dossier's code:
  ``SourceUnavailable("malformed")``;
* connection refused/reset: ``SourceUnavailable("connection failed")``; any other
  HTTP status: ``SourceUnavailable("http NNN")``.

A circuit breaker guards each source: after ``breaker_failures`` failed lookups in a
row it fails fast with ``SourceUnavailable("circuit open")`` without calling, until
``breaker_reset_s`` have passed; then one trial call is let through (half-open): success
closes the circuit, failure opens it again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any
from urllib.parse import quote

import aiohttp

from knowledge.dossiers.codes import normalize_code
from knowledge.dossiers.records import DossierRecord, SourceUnavailable

logger = logging.getLogger(__name__)

# Our fields a mapping may name. "status" is required.
RECORD_FIELDS = (
    "code",
    "status",
    "procedure_code",
    "procedure_name",
    "received_on",
    "appointment_on",
    "agency",
    "note",
    "missing_documents",
    "updated_at",
)
# The provincial style the simulator (knowledge.dossiers.simulator) answers in; the default
# mapping when a source's configuration names none.
PROVINCIAL_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "code": "data.maHoSo",
        "status": "data.trangThai",
        "procedure_code": "data.maTTHC",
        "procedure_name": "data.tenTTHC",
        "received_on": "data.ngayTiepNhan",
        "appointment_on": "data.ngayHenTra",
        "agency": "data.coQuanXuLy",
        "note": "data.ghiChu",
        "missing_documents": "data.giayToCanBoSung",
    }
)
MAX_BODY_BYTES = 1_000_000
_VN_TZ = dt.timezone(dt.timedelta(hours=7))
_TEXT_MAX = 2000


@dataclass(frozen=True)
class HttpSourceSettings:
    """One provincial dossier system.

    ``url_template`` contains ``{code}``; ``headers`` carry resolved values (API keys come
    from the environment when the configuration is read, never from config.yml).
    ``fields`` maps our field (see :data:`RECORD_FIELDS`) to a dotted path in their JSON
    (``"data.trangThai"``); ``status_map`` maps their status value (as text) to a national
    status 1–10 when they use their own. ``prefixes`` are the codes this system answers
    for (see :mod:`knowledge.dossiers.router`). Raises ValueError on a bad value.
    """

    name: str
    url_template: str
    prefixes: tuple[str, ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    timeout_s: float = 3.0
    retries_on_5xx: int = 1
    fields: Mapping[str, str] = field(default_factory=lambda: dict(PROVINCIAL_FIELDS))
    status_map: Mapping[str, int] = field(default_factory=dict)
    breaker_failures: int = 3
    breaker_reset_s: float = 30.0

    def __post_init__(self) -> None:
        where = f"dossier source {self.name!r}"
        if not self.name or not isinstance(self.name, str):
            raise ValueError("a dossier source needs a name")
        if "{code}" not in self.url_template or not self.url_template.startswith(
            ("http://", "https://")
        ):
            raise ValueError(f"{where}: url_template must be an http(s) URL containing {{code}}")
        if not self.timeout_s > 0:
            raise ValueError(f"{where}: timeout_s must be positive")
        if self.retries_on_5xx < 0 or self.breaker_failures < 1 or self.breaker_reset_s < 0:
            raise ValueError(
                f"{where}: retries_on_5xx >= 0, breaker_failures >= 1, breaker_reset_s >= 0"
            )
        unknown = [k for k in self.fields if k not in RECORD_FIELDS]
        if unknown:
            raise ValueError(
                f"{where}: unknown field(s) {', '.join(unknown)} "
                f"(known: {', '.join(RECORD_FIELDS)})"
            )
        if "status" not in self.fields:
            raise ValueError(f"{where}: fields must map 'status'")
        bad = {k: v for k, v in self.status_map.items() if v not in range(1, 11)}
        if bad:
            raise ValueError(f"{where}: status_map values must be national statuses 1–10: {bad}")
        # Normalise containers so the settings object stays read-only.
        object.__setattr__(self, "prefixes", tuple(self.prefixes))
        object.__setattr__(self, "headers", MappingProxyType(dict(self.headers)))
        object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))
        object.__setattr__(
            self, "status_map", MappingProxyType({str(k): v for k, v in self.status_map.items()})
        )


class _Malformed(Exception):
    """The body is not what the mapping expects (the reason stays in our logs)."""


class CircuitBreaker:
    """Closed -> open after N consecutive failures -> half-open after reset_s -> one trial."""

    def __init__(
        self, failures: int, reset_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.failures_to_open = failures
        self.reset_s = reset_s
        self.clock = clock
        self.failures = 0
        self.opened_at: float | None = None
        self.trial_running = False

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "closed"
        if self.clock() - self.opened_at >= self.reset_s:
            return "half-open"
        return "open"

    def allow(self) -> bool:
        """Whether a call may go out now (claims the one half-open trial)."""
        state = self.state
        if state == "closed":
            return True
        if state == "half-open" and not self.trial_running:
            self.trial_running = True
            return True
        return False

    def success(self) -> None:
        self.failures = 0
        self.opened_at = None
        self.trial_running = False

    def failure(self) -> bool:
        """Count a failure; True when this one opened (or re-opened) the circuit."""
        self.failures += 1
        reopened = self.trial_running
        self.trial_running = False
        if reopened or (self.opened_at is None and self.failures >= self.failures_to_open):
            self.opened_at = self.clock()
            return True
        return False


def _path(data: Any, dotted: str) -> Any:
    """The value at a dotted path (``data.items.0.name``); None when absent."""
    value = data
    for part in dotted.split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
        if value is None:
            return None
    return value


def _text(value: Any, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _Malformed(f"{name} is not text")
    return str(value)[:_TEXT_MAX]


def _moment(value: Any, name: str) -> dt.datetime | dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _Malformed(f"{name} is not a date")
    if isinstance(value, int | float):
        # Epoch milliseconds (usual in provincial one-stop systems) or seconds.
        seconds = value / 1000 if value > 10**11 else value
        try:
            return dt.datetime.fromtimestamp(seconds, _VN_TZ)
        except (OverflowError, OSError, ValueError):
            raise _Malformed(f"{name} is not a date") from None
    if not isinstance(value, str):
        raise _Malformed(f"{name} is not a date")
    raw = value.strip()
    try:
        if len(raw) == 10 and raw[4] == "-":
            return dt.date.fromisoformat(raw)
        if len(raw) == 10 and raw[2] in "/-" and raw[5] in "/-":
            return dt.date(int(raw[6:]), int(raw[3:5]), int(raw[:2]))
        return dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise _Malformed(f"{name} is not a date") from None


def _date(value: Any, name: str) -> dt.date | None:
    moment = _moment(value, name)
    if isinstance(moment, dt.datetime):
        return moment.astimezone(_VN_TZ).date() if moment.tzinfo else moment.date()
    return moment


def _datetime(value: Any, name: str) -> dt.datetime | None:
    moment = _moment(value, name)
    if moment is None or isinstance(moment, dt.datetime):
        return moment
    return dt.datetime(moment.year, moment.month, moment.day, tzinfo=_VN_TZ)


def _documents(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return (value[:_TEXT_MAX],)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v[:_TEXT_MAX] for v in value if v.strip())
    raise _Malformed("missing_documents is not a list of text")


async def _read_body(response: aiohttp.ClientResponse) -> bytes:
    """The body, stopping just past MAX_BODY_BYTES (a larger body is malformed)."""
    body = bytearray()
    async for chunk in response.content.iter_chunked(65536):
        body.extend(chunk)
        if len(body) > MAX_BODY_BYTES:
            break
    return bytes(body)


class HttpJsonSource:
    """A provincial dossier system answering JSON over HTTP (a ``DossierSource``)."""

    def __init__(
        self,
        settings: HttpSourceSettings,
        session_factory: Callable[[], aiohttp.ClientSession] | None = None,
    ) -> None:
        self.settings = settings
        self.name = settings.name
        self._session_factory = session_factory or self._default_session
        self._session: aiohttp.ClientSession | None = None
        self.breaker = CircuitBreaker(settings.breaker_failures, settings.breaker_reset_s)

    def _default_session(self) -> aiohttp.ClientSession:
        return aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self.settings.timeout_s),
            headers=dict(self.settings.headers),
            raise_for_status=False,
        )

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = self._session_factory()
        return self._session

    async def close(self) -> None:
        """Close the HTTP session (a later lookup opens a new one)."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def url_for(self, code: str) -> str:
        return self.settings.url_template.replace("{code}", quote(code, safe=".-_~"))

    async def lookup(self, code: str) -> DossierRecord | None:
        """The dossier as this system reports it, None when it does not know the code.

        Raises ``SourceUnavailable`` (reason "timeout", "malformed", "http 503",
        "connection failed", "circuit open").
        """
        wanted = normalize_code(code) or code.strip()
        if not self.breaker.allow():
            raise SourceUnavailable(self.name, "circuit open")
        try:
            async with asyncio.timeout(self.settings.timeout_s):
                record = await self._fetch(wanted)
        except TimeoutError:
            self._failed(wanted, "timeout")
            raise SourceUnavailable(self.name, "timeout") from None
        except SourceUnavailable as exc:
            self._failed(wanted, exc.reason)
            raise
        except asyncio.CancelledError:
            if self.breaker.trial_running:
                self.breaker.trial_running = False  # let the next call try again
            raise
        except Exception:
            # A bug or a surprise from the HTTP stack: still only "unavailable" to callers.
            logger.exception("dossier source %s: unexpected error for %s", self.name, wanted)
            self.breaker.failure()
            raise SourceUnavailable(self.name, "error") from None
        self.breaker.success()
        return record

    def _failed(self, code: str, reason: str) -> None:
        opened = self.breaker.failure()
        logger.warning("dossier source %s failed for %s: %s", self.name, code, reason)
        if opened:
            logger.warning(
                "dossier source %s: circuit open for %ss after %d failure(s)",
                self.name,
                self.settings.breaker_reset_s,
                self.breaker.failures,
            )

    async def _fetch(self, code: str) -> DossierRecord | None:
        url = self.url_for(code)
        attempts = 1 + self.settings.retries_on_5xx
        for attempt in range(1, attempts + 1):
            try:
                async with self._client().get(url, allow_redirects=False) as response:
                    if response.status == 404:
                        return None
                    if response.status >= 500 and attempt < attempts:
                        logger.debug(
                            "dossier source %s answered %d for %s, retrying",
                            self.name,
                            response.status,
                            code,
                        )
                        continue
                    if response.status != 200:
                        raise SourceUnavailable(self.name, f"http {response.status}")
                    body = await _read_body(response)
            except aiohttp.ClientConnectionError as exc:
                if isinstance(exc, aiohttp.ServerTimeoutError):
                    raise TimeoutError from exc
                raise SourceUnavailable(self.name, "connection failed") from None
            except aiohttp.ClientError:
                raise SourceUnavailable(self.name, "http error") from None
            try:
                if len(body) > MAX_BODY_BYTES:
                    raise _Malformed("body too large")
                return self._parse(code, body)
            except _Malformed as exc:
                logger.debug("dossier source %s: malformed answer for %s: %s", self.name, code, exc)
                raise SourceUnavailable(self.name, "malformed") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _parse(self, code: str, body: bytes) -> DossierRecord:
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise _Malformed("not JSON") from None
        if not isinstance(data, Mapping):
            raise _Malformed("not a JSON object")
        fields = self.settings.fields

        def get(name: str) -> Any:
            path = fields.get(name)
            return _path(data, path) if path else None

        theirs = _text(get("code"), "code")
        if theirs is not None and (normalize_code(theirs) or theirs.strip()) != code:
            raise _Malformed("the answer is about another dossier")
        return DossierRecord(
            code=code,
            status=self._status(get("status")),
            source=self.name,
            procedure_code=_text(get("procedure_code"), "procedure_code"),
            procedure_name=_text(get("procedure_name"), "procedure_name"),
            received_on=_date(get("received_on"), "received_on"),
            appointment_on=_date(get("appointment_on"), "appointment_on"),
            agency=_text(get("agency"), "agency"),
            note=_text(get("note"), "note"),
            missing_documents=_documents(get("missing_documents")),
            updated_at=_datetime(get("updated_at"), "updated_at"),
        )

    def _status(self, value: Any) -> int:
        if value is None or isinstance(value, bool):
            raise _Malformed("no status")
        mapped = self.settings.status_map.get(str(value).strip())
        if mapped is not None:
            return mapped
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or not 1 <= value <= 10:
            raise _Malformed("status is not a national status 1-10")
        return value
