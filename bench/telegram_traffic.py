"""Telegram traffic over real HTTP: a sender that posts updates to the bot's webhook as
Telegram does, and counts what the fake Bot API (bench/fake_bot_api.py) received. Shared
by ``citizenbot bench load`` and the tests of faults under load
(tests/test_faults_under_load.py).

``send_traffic`` is Telegram's side for the citizens:

* Many chats at once; each chat sends ``per_chat`` texts one after another: the next is
  posted only once the previous was acknowledged (200) and its reply arrived.
  Update ids increase over the whole run; posts are spread round-robin over ``urls``.
* A post that fails (connection refused or reset, a timeout, any status but 200) is
  posted again, to the next url, until acknowledged: each such post counts in
  ``resent`` and its kind ("500", "ClientOSError"...) in ``post_errors``. The new post
  waits until some other update was acknowledged (the bot answers again) or a backoff
  of 0.05 s doubling up to 1 s, whichever comes first -- Telegram also retries with a
  growing pause.
* Every chat sends the same sequence of texts (:data:`TEXTS`, realistic citizen
  questions, some without diacritics). Before the clock starts one extra chat
  (``first_chat_id + chats``, never part of the counts) sends that sequence alone to
  calibrate: each text must give exactly one ``sendMessage``, and the replies must
  differ from each other, so every reply received later names the update it answers.
  The counts are exact only for chats the bot has not seen before (a fresh database or
  a new ``first_chat_id``): the calibration chat is then as new as they are.

What is counted, per chat, from the replies the fake received:

* ``busy_replies``: replies that are the bot's polite "busy"/"error" apology (the
  database was out: the post answered 500 and is posted again). They are not losses: an
  update whose post met the outage and was then handled has its real reply too.
* ``lost``: updates whose reply had not arrived when their chat stopped waiting for
  it: ``reply_timeout_s`` after the acknowledgement, or after the first post when no
  post was acknowledged within ``reply_timeout_s``. The chat then goes on with its next
  text, as a citizen would.
* ``duplicated``: replies received more than once for one update (each extra copy).
* ``out_of_order``: first replies that arrived after the first reply to a later update
  of the same chat.
* ``unexpected``: replies that are neither an update's reply nor the apology.
* ``latencies_ms``: from the first post of an update to its first reply arriving at
  the fake, for each update answered within the wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import aiohttp

from bench.core import percentile
from bench.fake_bot_api import FakeBotApi

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# What citizens write, in the order each chat writes it: procedures, places, greetings,
# some without diacritics. Each gives one message whose text differs from the others'.
TEXTS: tuple[str, ...] = (
    "xin chào",
    "lấy vợ cần giấy tờ gì",
    "đăng ký tạm trú mất bao lâu",
    "phường Bến Nghé quận 1 giờ thuộc phường nào",
    "lam can cuoc cho con duoi 6 tuoi o dau",
    "cap lai giay khai sinh can gi",
    "cảm ơn",
    "đăng ký khai tử cần những gì",
    "xin cap ho chieu het bao nhieu tien",
    "thủ tục đăng ký thường trú",
)
# The apology of bot.telegram_bot._on_error and the dialogue's "busy" texts start so.
BUSY_PREFIX = "Dạ, xin lỗi anh/chị, hệ thống đang"
_BACKOFF_FIRST_S = 0.05
_BACKOFF_MAX_S = 1.0
_POST_TIMEOUT_S = 60.0


def is_busy(text: str) -> bool:
    """Whether a reply is the bot's apology for a turn it could not handle."""
    return text.startswith(BUSY_PREFIX)


# ---- the citizens' side ------------------------------------------------------------------


@dataclass(frozen=True)
class TrafficResult:
    updates: int
    acknowledged: int
    seconds: float
    latencies_ms: tuple[float, ...]
    lost: int
    duplicated: int
    out_of_order: int
    resent: int
    post_errors: tuple[tuple[str, int], ...]  # kind -> count (e.g. "500", "ClientOSError")
    busy_replies: int  # the polite apology, seen while the database was out
    unexpected: int = 0  # replies that are neither an update's reply nor the apology

    @property
    def per_second(self) -> float:
        """Updates answered per second."""
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def _percentile(self, q: float) -> float:
        return percentile(list(self.latencies_ms), q) if self.latencies_ms else 0.0

    @property
    def p50_ms(self) -> float:
        return self._percentile(50)

    @property
    def p95_ms(self) -> float:
        return self._percentile(95)

    @property
    def p99_ms(self) -> float:
        return self._percentile(99)

    def summary(self) -> str:
        return (
            f"{self.updates} updates in {self.seconds:.1f} s ({self.per_second:.0f}/s, "
            f"p50 {self.p50_ms:.0f} ms, p99 {self.p99_ms:.0f} ms): {self.resent} resent "
            f"{dict(self.post_errors)}, {self.busy_replies} busy, {self.lost} lost, "
            f"{self.duplicated} duplicated, {self.out_of_order} out of order, "
            f"{self.unexpected} unexpected"
        )


class CalibrationError(RuntimeError):
    """The texts do not each give one distinct message (see the module docstring)."""


@dataclass
class _Run:
    """What the chats of one ``send_traffic`` share."""

    api: FakeBotApi
    urls: Sequence[str]
    secret: str
    reply_timeout_s: float
    session: aiohttp.ClientSession
    update_ids: itertools.count
    on_acknowledged: Callable[[int], None] | None = None
    acknowledged: int = 0
    resent: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    first_posts: dict[tuple[int, int], float] = field(default_factory=dict)
    given_up: dict[int, set[int]] = field(default_factory=dict)  # chat -> update indexes
    progress: asyncio.Event = field(default_factory=asyncio.Event)
    _next_url: itertools.count = field(default_factory=itertools.count)

    def url_index(self) -> int:
        return next(self._next_url) % len(self.urls)

    def acked(self) -> None:
        self.acknowledged += 1
        self.progress.set()
        self.progress = asyncio.Event()
        if self.on_acknowledged is not None:
            self.on_acknowledged(self.acknowledged)


def _update(update_id: int, chat_id: int, message_id: int, text: str) -> dict:
    person = {"id": chat_id, "is_bot": False, "first_name": "Dân", "language_code": "vi"}
    message = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private", "first_name": "Dân"},
        "from": person,
        "text": text,
    }
    return {"update_id": update_id, "message": message}


async def _post_until_acknowledged(run: _Run, update: dict, started: float) -> bool:
    """Post ``update`` (again, to the next url, after a failure) until a 200; False when
    none came within the reply timeout."""
    headers = {SECRET_HEADER: run.secret}
    index = run.url_index()
    failures = 0
    timeout = aiohttp.ClientTimeout(total=_POST_TIMEOUT_S)
    while True:
        try:
            async with run.session.post(
                run.urls[index], json=update, headers=headers, timeout=timeout
            ) as resp:
                await resp.read()
                status = resp.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            kind = type(exc).__name__
        else:
            if status == 200:
                run.acked()
                return True
            kind = str(status)
        run.errors[kind] += 1
        if time.monotonic() - started > run.reply_timeout_s:
            return False
        failures += 1
        run.resent += 1
        index = (index + 1) % len(run.urls)
        pause = min(_BACKOFF_FIRST_S * 2 ** (failures - 1), _BACKOFF_MAX_S)
        progress = run.progress
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(progress.wait(), pause)


async def _chat(
    run: _Run, chat_id: int, texts: Sequence[str], expected: Sequence[str] | None
) -> None:
    """One citizen's texts, each after the previous was acknowledged and answered."""
    for index, text in enumerate(texts):
        update = _update(next(run.update_ids), chat_id, index + 1, text)
        since = len(run.api.replies(chat_id))
        started = time.monotonic()
        run.first_posts[(chat_id, index)] = started
        if not await _post_until_acknowledged(run, update, started):
            run.given_up.setdefault(chat_id, set()).add(index)
            continue
        wanted = expected[index] if expected is not None else None  # None: any but the apology

        def answered(since: int = since, wanted: str | None = wanted) -> bool:
            texts = [r.text for r in run.api.replies(chat_id)[since:]]
            return any(t == wanted or (wanted is None and not is_busy(t)) for t in texts)

        if not await run.api.wait_until(answered, run.reply_timeout_s):
            run.given_up.setdefault(chat_id, set()).add(index)


async def _calibrate(run: _Run, chat_id: int, texts: Sequence[str]) -> list[str]:
    """The reply to each text, from one chat sending them alone (see the docstring)."""
    before = len(run.api.replies(chat_id))
    await _chat(run, chat_id, texts, None)
    replies = [r.text for r in run.api.replies(chat_id)[before:]]
    if len(replies) != len(texts) or run.given_up:
        raise CalibrationError(
            f"{len(texts)} texts gave {len(replies)} messages (each must give exactly one)"
        )
    if len(set(replies)) != len(replies):
        raise CalibrationError("two texts got the same reply: their replies cannot be told apart")
    return replies


@dataclass(frozen=True)
class _ChatCounts:
    lost: int
    duplicated: int
    out_of_order: int
    busy: int
    unexpected: int
    latencies_ms: tuple[float, ...]


def _tally(
    api: FakeBotApi, run: _Run, chat_id: int, expected: Sequence[str], since: int
) -> _ChatCounts:
    """One chat's counts from its replies after its first ``since`` (see the module
    docstring)."""
    first: dict[int, float] = {}
    counts: Counter[int] = Counter()
    busy = unexpected = 0
    late = run.given_up.get(chat_id, set())
    arrival: list[int] = []
    for reply in api.replies(chat_id)[since:]:
        if is_busy(reply.text):
            busy += 1
            continue
        try:
            index = expected.index(reply.text)
        except ValueError:
            unexpected += 1
            continue
        counts[index] += 1
        if counts[index] == 1:
            first[index] = reply.at
            arrival.append(index)
    highest = -1
    out_of_order = 0
    for index in arrival:
        if index < highest:
            out_of_order += 1
        highest = max(highest, index)
    answered = [i for i in range(len(expected)) if i in first and i not in late]
    return _ChatCounts(
        lost=len(expected) - len(answered),
        duplicated=sum(c - 1 for c in counts.values()),
        out_of_order=out_of_order,
        busy=busy,
        unexpected=unexpected,
        latencies_ms=tuple((first[i] - run.first_posts[(chat_id, i)]) * 1000 for i in answered),
    )


async def send_traffic(
    api: FakeBotApi,
    urls: Sequence[str],
    secret: str,
    *,
    chats: int,
    per_chat: int,
    first_chat_id: int = 700000,
    reply_timeout_s: float = 60.0,
    on_acknowledged: Callable[[int], None] | None = None,
) -> TrafficResult:
    """``chats`` citizens sending ``per_chat`` texts each to the webhook at ``urls``
    (see the module docstring); ``on_acknowledged(n)`` is told after each of the ``n``
    acknowledgements (not of the calibration)."""
    if not 1 <= per_chat <= len(TEXTS):
        raise ValueError(f"per_chat must be 1..{len(TEXTS)} (each reply must name its update)")
    if not urls:
        raise ValueError("no webhook url to post to")
    texts = TEXTS[:per_chat]
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        ids = itertools.count(int(time.time() * 1000))  # new ids even on a reused database
        calibration = _Run(api, urls, secret, reply_timeout_s, session, ids)
        expected = await _calibrate(calibration, first_chat_id + chats, texts)
        run = _Run(api, urls, secret, reply_timeout_s, session, ids, on_acknowledged)
        chat_ids = range(first_chat_id, first_chat_id + chats)
        before = {chat_id: len(api.replies(chat_id)) for chat_id in chat_ids}
        started = time.monotonic()
        await asyncio.gather(*(_chat(run, chat_id, texts, expected) for chat_id in chat_ids))
        seconds = time.monotonic() - started
    tallies = [_tally(api, run, c, expected, before[c]) for c in chat_ids]
    result = TrafficResult(
        updates=chats * per_chat,
        acknowledged=run.acknowledged,
        seconds=seconds,
        latencies_ms=tuple(ms for t in tallies for ms in t.latencies_ms),
        lost=sum(t.lost for t in tallies),
        duplicated=sum(t.duplicated for t in tallies),
        out_of_order=sum(t.out_of_order for t in tallies),
        resent=run.resent,
        post_errors=tuple(sorted(run.errors.items())),
        busy_replies=sum(t.busy for t in tallies),
        unexpected=sum(t.unexpected for t in tallies),
    )
    logger.info("telegram traffic: %s", result.summary())
    return result
