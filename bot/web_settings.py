"""Settings of the web API: sessions, rate limits and timeouts (config.yml `web:`)."""

from __future__ import annotations

from dataclasses import dataclass, field

# A signing secret shorter than this is refused at start-up (32 bytes of entropy as hex
# or base64 is well above it).
MIN_SECRET_CHARS = 32


@dataclass(frozen=True)
class WebSettings:
    """How the web API guards itself. A limit of 0 switches that limit off."""

    # From CITIZENBOT_SESSION_SECRET; None: a random secret per process (sessions end
    # at restart). Never in config.yml, never in a repr.
    session_secret: str | None = field(default=None, repr=False)
    session_days: float = 30.0
    # Messages one web user may send per minute; the excess is answered once, politely.
    messages_per_minute: int = 20
    # New chat sessions one IP address may start per minute (a client that drops its
    # session on every turn would otherwise escape the per-user limit).
    new_sessions_per_minute_per_ip: int = 30
    # Status pushes (POST /api/dossiers/{code}/status) per IP address per minute,
    # counted before the API key is checked (no key guessing at speed).
    pushes_per_minute_per_ip: int = 120
    # A connection whose request headers are not complete by then is closed; also how
    # long an idle keep-alive connection stays open.
    header_timeout_s: float = 15.0
    # A request body not fully received by then is answered 408.
    body_timeout_s: float = 15.0
    # The web chat's live stream (GET /api/chat/events) looks in the outbox this often for
    # messages queued by another process (this process's own wake the stream at once).
    events_poll_s: float = 2.0
    # Chat turns this process works on at once; the others wait their turn in the order
    # they came (0: no limit). Under load every turn then waits about as long as any
    # other: with 64 at once, interleaved, a turn's every database round trip waited
    # behind all the others' work, and the turns with more round trips (a new user's
    # first) waited twice as long as the rest.
    turns_at_once: int = 16
