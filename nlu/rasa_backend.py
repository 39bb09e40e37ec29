"""The Rasa NLU server as an intent backend, and the fallback that keeps the bot answering.

Rasa runs as its own server (its own Python 3.10 environment); we talk to it over
HTTP (`POST /model/parse`). When it is down, slow or answers nonsense, the turn is
ranked by the embedded model instead, the outage is logged once, and Rasa is tried
again after a short pause so the bot recovers by itself.
"""

from __future__ import annotations

import logging
import math
import time

import aiohttp

from nlu.config import RasaSettings
from nlu.types import IntentScore

logger = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """The Rasa server did not give a usable answer; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"rasa unavailable: {reason}")
        self.reason = reason


def ranking_from_rasa(body: object) -> list[IntentScore]:
    """Map a /model/parse answer onto our ranking, or raise RasaUnavailable("malformed")."""
    if not isinstance(body, dict):
        raise RasaUnavailable("malformed")
    raw = body.get("intent_ranking")
    if not raw:
        intent = body.get("intent")
        raw = [intent] if isinstance(intent, dict) and intent.get("name") else []
    scores = []
    for item in raw:
        if not isinstance(item, dict):
            raise RasaUnavailable("malformed")
        name, confidence = item.get("name"), item.get("confidence")
        if not isinstance(name, str) or isinstance(confidence, bool):
            raise RasaUnavailable("malformed")
        if not isinstance(confidence, int | float) or not math.isfinite(confidence):
            raise RasaUnavailable("malformed")
        scores.append(IntentScore(name, float(confidence)))
    if not scores:
        raise RasaUnavailable("malformed")
    return sorted(scores, key=lambda s: s.confidence, reverse=True)


class RasaBackend:
    """Ranks intents by asking a Rasa server; every call has a timeout."""

    name = "rasa"

    def __init__(self, settings: RasaSettings) -> None:
        self.settings = settings
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.settings.timeout_s)
            )
        return self._session

    async def rank(self, text: str) -> list[IntentScore]:
        """Raises RasaUnavailable on timeout, connection failure, HTTP error or bad JSON."""
        url = f"{self.settings.url}/model/parse"
        try:
            async with self._client().post(url, json={"text": text}) as resp:
                if resp.status != 200:
                    raise RasaUnavailable(f"http {resp.status}")
                body = await resp.json(content_type=None)
        except TimeoutError:
            raise RasaUnavailable("timeout") from None
        except aiohttp.ClientError as exc:
            raise RasaUnavailable(f"connection: {type(exc).__name__}") from None
        except ValueError:
            raise RasaUnavailable("malformed") from None
        return ranking_from_rasa(body)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


class FallbackBackend:
    """Rasa first; the embedded model for any turn Rasa cannot answer.

    After a failure Rasa is skipped for ``retry_after_s`` so an outage does not
    slow every turn by a timeout; then it is tried again.
    """

    def __init__(self, primary, fallback, retry_after_s: float = 5.0) -> None:
        self.primary = primary
        self.fallback = fallback
        self.retry_after_s = retry_after_s
        self.name = primary.name
        self.last_used = primary.name
        self._down_since: float | None = None
        self._retry_at = 0.0

    @property
    def down(self) -> bool:
        return self._down_since is not None

    async def rank(self, text: str) -> list[IntentScore]:
        now = time.monotonic()
        if not self.down or now >= self._retry_at:
            try:
                scores = await self.primary.rank(text)
            except RasaUnavailable as exc:
                self._failed(exc.reason, now)
            else:
                if self.down:
                    logger.info(
                        "%s is back after %.0f s; using it again",
                        self.primary.name,
                        now - self._down_since,
                    )
                    self._down_since = None
                self.last_used = self.primary.name
                return scores
        self.last_used = self.fallback.name
        return await self.fallback.rank(text)

    def _failed(self, reason: str, now: float) -> None:
        if not self.down:
            logger.warning(
                "%s unavailable (%s); answering with %s until it is back",
                self.primary.name,
                reason,
                self.fallback.name,
            )
            self._down_since = now
        self._retry_at = now + self.retry_after_s

    async def close(self) -> None:
        close = getattr(self.primary, "close", None)
        if close is not None:
            await close()
