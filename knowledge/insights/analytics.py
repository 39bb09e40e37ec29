"""Figures for the staff's analytics page: how much the bot is used and how well it does.

Everything is read from ``turn_events`` (one row per turn: intent, outcome, procedure or
FAQ entry, unit; never the text), ``feedback`` (👍/👎 on an answer) and ``inbox_items``
(what the bot could not answer), over a range of days in Vietnam's time, optionally for
one channel, province and unit. A 👍/👎 press is a turn too (outcome ``feedback``): it
is counted with the feedback, not as a question.

Moments are stored in UTC; a day is a calendar day in Vietnam (UTC+7 all year, no
daylight saving), so the range's bounds are turned into UTC moments and each row's day
is computed in the database with a dialect-aware expression (SQLite ``date(at, '+7
hours')``, PostgreSQL ``CAST(timezone('UTC', at) + interval '7 hours' AS DATE)``).

``feedback`` carries no unit: satisfaction is filtered by channel and dates only
(``Satisfaction.unit_filtered`` says so).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Date, and_, case, cast, distinct, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.insights.records import Outcome
from knowledge.storage import models
from knowledge.storage.db import dialect_of

logger = logging.getLogger(__name__)

VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")
MAX_DAYS = 366  # the longest range one page shows

# The turn outcomes the rates count; the others (answered, clarify, ...) are counted as
# they come in ``Report.outcomes``. A 👍/👎 press is a turn of its own (``feedback``): it
# is counted with the feedback, not as a question.
FALLBACK = Outcome.FALLBACK.value
NOT_IN_CATALOGUE = Outcome.NOT_IN_CATALOGUE.value
HANDOFF = Outcome.HANDOFF.value
NOT_A_QUESTION = (Outcome.FEEDBACK.value,)


@dataclass(frozen=True)
class Scope:
    """What to count: the days ``start``..``end`` (both included, Vietnam's calendar),
    and optionally one channel, one province and one unit of that province."""

    start: dt.date
    end: dt.date
    channel: str | None = None
    province_key: str | None = None
    unit_key: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("the range ends before it starts")
        if self.days > MAX_DAYS:
            raise ValueError(f"the range is longer than {MAX_DAYS} days")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The range as UTC moments: from the first day's midnight in Vietnam (included)
        to the midnight after the last day (excluded)."""
        lo = dt.datetime.combine(self.start, dt.time(), VIETNAM)
        hi = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), VIETNAM)
        return lo.astimezone(dt.UTC), hi.astimezone(dt.UTC)

    def each_day(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range(self.days)]


@dataclass(frozen=True)
class Day:
    """One day's use: conversations (distinct people that day), turns, and the turns
    that ended in a fallback, in "not in the catalogue" or in a request for a person."""

    day: dt.date
    conversations: int = 0
    turns: int = 0
    fallback: int = 0
    not_in_catalogue: int = 0
    handoff: int = 0


@dataclass(frozen=True)
class Count:
    """One row of a ranking: a key (intent, outcome, procedure code, FAQ id, ...), what
    to call it (a procedure's or FAQ entry's name; the key when unknown), how many, and
    its share of the whole (``None`` when the whole is zero)."""

    key: str
    label: str
    count: int
    share: float | None


@dataclass(frozen=True)
class Totals:
    turns: int
    conversations: int  # sum over the days of the distinct people of each day
    people: int  # distinct people over the whole range
    fallback: int
    not_in_catalogue: int
    handoff: int

    def rate(self, count: int) -> float | None:
        return count / self.turns if self.turns else None

    @property
    def fallback_rate(self) -> float | None:
        return self.rate(self.fallback)

    @property
    def not_in_catalogue_rate(self) -> float | None:
        return self.rate(self.not_in_catalogue)

    @property
    def handoff_rate(self) -> float | None:
        return self.rate(self.handoff)


@dataclass(frozen=True)
class RatedAnswer:
    """👍 and 👎 given to one answer (a procedure's or an FAQ entry's)."""

    answer_kind: str
    key: str  # procedure code or FAQ id; "" when the answer had neither
    label: str
    helpful: int
    unhelpful: int


@dataclass(frozen=True)
class Satisfaction:
    helpful: int
    unhelpful: int
    reasons: tuple[Count, ...]  # why a 👎, over the 👎 with a reason
    answers: tuple[RatedAnswer, ...]  # most 👎 first
    unit_filtered: bool = False  # False: feedback has no unit, the unit filter was not applied

    @property
    def total(self) -> int:
        return self.helpful + self.unhelpful

    @property
    def share(self) -> float | None:
        """The share of 👍 among all feedback; ``None`` without feedback."""
        return self.helpful / self.total if self.total else None


@dataclass(frozen=True)
class Report:
    scope: Scope
    days: tuple[Day, ...]  # every day of the range, zeros included
    totals: Totals
    intents: tuple[Count, ...]
    outcomes: tuple[Count, ...]
    procedures: tuple[Count, ...]
    faqs: tuple[Count, ...]
    satisfaction: Satisfaction
    inbox: tuple[Count, ...]  # inbox items created in the range, by reason


@dataclass(frozen=True)
class Choices:
    """The channels, provinces and (province, unit) pairs seen in the range, for filters."""

    channels: tuple[str, ...]
    provinces: tuple[str, ...]
    units: tuple[tuple[str, str], ...]


def _day_of(session: AsyncSession, column):
    """The calendar day in Vietnam of a UTC moment column, as SQL (no bound parameters,
    so the same expression can be selected and grouped by on PostgreSQL)."""
    if dialect_of(session) == "postgresql":
        local = func.timezone(literal_column("'UTC'"), column) + literal_column(
            "interval '7 hours'"
        )
        return cast(local, Date)
    return func.date(column, literal_column("'+7 hours'"))


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _turn_filter(scope: Scope):
    lo, hi = scope.bounds
    table = models.TurnEvent
    conditions = [table.at >= lo, table.at < hi, table.outcome.not_in(NOT_A_QUESTION)]
    conditions += _unit_conditions(table, scope)
    return and_(*conditions)


def _unit_conditions(table, scope: Scope) -> list:
    conditions = []
    if scope.channel:
        conditions.append(table.channel == scope.channel)
    if scope.province_key:
        conditions.append(table.province_key == scope.province_key)
    if scope.unit_key:
        conditions.append(table.unit_key == scope.unit_key)
    return conditions


def _share(count: int, whole: int) -> float | None:
    return count / whole if whole else None


def _counted(n) -> int:
    return int(n or 0)


async def daily(session: AsyncSession, scope: Scope) -> tuple[Day, ...]:
    """Every day of the range with its figures (days without turns are zeros)."""
    table = models.TurnEvent
    day = _day_of(session, table.at)

    def outcome_is(value: str):
        return func.sum(case((table.outcome == value, 1), else_=0))

    rows = await session.execute(
        select(
            day,
            func.count(distinct(table.user_hash)),
            func.count(),
            outcome_is(FALLBACK),
            outcome_is(NOT_IN_CATALOGUE),
            outcome_is(HANDOFF),
        )
        .where(_turn_filter(scope))
        .group_by(day)
    )
    found = {
        _as_date(d): Day(
            _as_date(d), _counted(c), _counted(t), _counted(f), _counted(n), _counted(h)
        )
        for d, c, t, f, n, h in rows
    }
    return tuple(found.get(d, Day(d)) for d in scope.each_day())


async def _ranked(session: AsyncSession, scope: Scope, column, top: int | None) -> list[tuple]:
    """(value, count) of ``column`` over the scope's turns, most first, then by value."""
    count = func.count().label("n")
    query = (
        select(column, count)
        .where(_turn_filter(scope), column.is_not(None))
        .group_by(column)
        .order_by(count.desc(), column)
    )
    if top is not None:
        query = query.limit(top)
    return list(await session.execute(query))


async def procedure_names(session: AsyncSession, codes: Sequence[str]) -> dict[str, str]:
    """The catalogue's name of each national code (codes not in it are left out); the
    curated record's name when the national catalogue has the code too."""
    if not codes:
        return {}
    table = models.Procedure
    curated_first = case((table.source_kind == "curated", 0), else_=1)
    rows = await session.execute(
        select(table.code, table.name)
        .where(table.code.in_(list(codes)))
        .order_by(table.code, curated_first, table.id)
    )
    names: dict[str, str] = {}
    for code, name in rows:
        names.setdefault(code, name)
    return names


async def faq_questions(session: AsyncSession, ids: Sequence[int]) -> dict[int, str]:
    """The question of each FAQ entry (as staff typed it: escape it wherever it is shown)."""
    if not ids:
        return {}
    rows = await session.execute(
        select(models.FaqEntry.id, models.FaqEntry.question).where(
            models.FaqEntry.id.in_(list(ids))
        )
    )
    return {int(i): q for i, q in rows}


async def _feedback(session: AsyncSession, scope: Scope, top: int) -> Satisfaction:
    table = models.Feedback
    lo, hi = scope.bounds
    where = [table.created_at >= lo, table.created_at < hi]
    if scope.channel:
        where.append(table.channel == scope.channel)
    helpful = func.sum(case((table.helpful.is_(True), 1), else_=0))
    unhelpful = func.sum(case((table.helpful.is_(True), 0), else_=1))
    good, bad = (await session.execute(select(helpful, unhelpful).where(*where))).one()
    good, bad = _counted(good), _counted(bad)

    n = func.count().label("n")
    reason_rows = await session.execute(
        select(table.reason, n)
        .where(*where, table.helpful.is_(False), table.reason.is_not(None))
        .group_by(table.reason)
        .order_by(n.desc(), table.reason)
    )
    reason_rows = list(reason_rows)
    with_reason = sum(c for _, c in reason_rows)
    reasons = tuple(Count(r, r, c, _share(c, with_reason)) for r, c in reason_rows)

    answer_rows = list(
        await session.execute(
            select(table.answer_kind, table.procedure_code, table.faq_id, helpful, unhelpful)
            .where(*where)
            .group_by(table.answer_kind, table.procedure_code, table.faq_id)
            .order_by(unhelpful.desc(), helpful.desc(), table.answer_kind)
            .limit(top)
        )
    )
    names = await procedure_names(session, [c for _, c, _, _, _ in answer_rows if c])
    questions = await faq_questions(session, [f for _, _, f, _, _ in answer_rows if f])
    answers = []
    for kind, code, faq_id, up, down in answer_rows:
        if faq_id is not None:
            key, label = str(faq_id), questions.get(faq_id, f"#{faq_id}")
        elif code:
            key, label = code, names.get(code, code)
        else:
            key, label = "", kind
        answers.append(RatedAnswer(kind, key, label, _counted(up), _counted(down)))
    unit_filtered = not (scope.province_key or scope.unit_key)
    return Satisfaction(good, bad, reasons, tuple(answers), unit_filtered)


async def _inbox(session: AsyncSession, scope: Scope) -> tuple[Count, ...]:
    table = models.InboxItem
    lo, hi = scope.bounds
    n = func.count().label("n")
    rows = list(
        await session.execute(
            select(table.reason, n)
            .where(table.created_at >= lo, table.created_at < hi, *_unit_conditions(table, scope))
            .group_by(table.reason)
            .order_by(n.desc(), table.reason)
        )
    )
    whole = sum(c for _, c in rows)
    return tuple(Count(r, r, c, _share(c, whole)) for r, c in rows)


async def report(session: AsyncSession, scope: Scope, top: int = 10) -> Report:
    """All the page's figures for ``scope``; rankings keep the ``top`` first."""
    table = models.TurnEvent
    days = await daily(session, scope)
    people = await session.scalar(
        select(func.count(distinct(table.user_hash))).where(_turn_filter(scope))
    )
    totals = Totals(
        turns=sum(d.turns for d in days),
        conversations=sum(d.conversations for d in days),
        people=_counted(people),
        fallback=sum(d.fallback for d in days),
        not_in_catalogue=sum(d.not_in_catalogue for d in days),
        handoff=sum(d.handoff for d in days),
    )
    whole = totals.turns

    def counts(rows, labels=None) -> tuple[Count, ...]:
        labels = labels or {}
        return tuple(Count(str(k), labels.get(k, str(k)), c, _share(c, whole)) for k, c in rows)

    intents = await _ranked(session, scope, table.intent, top)
    outcomes = await _ranked(session, scope, table.outcome, None)
    procedures = await _ranked(session, scope, table.procedure_code, top)
    faqs = await _ranked(session, scope, table.faq_id, top)
    names = await procedure_names(session, [c for c, _ in procedures])
    questions = await faq_questions(session, [f for f, _ in faqs])
    result = Report(
        scope=scope,
        days=days,
        totals=totals,
        intents=counts(intents),
        outcomes=counts(outcomes),
        procedures=counts(procedures, names),
        faqs=counts(faqs, questions),
        satisfaction=await _feedback(session, scope, top),
        inbox=await _inbox(session, scope),
    )
    logger.debug("analytics over %d days: %d turns", scope.days, whole)
    return result


async def choices(session: AsyncSession, start: dt.date, end: dt.date) -> Choices:
    """What the filters can offer: the channels, provinces and units seen in the range."""
    where = _turn_filter(Scope(start, end))
    table = models.TurnEvent
    channels = await session.scalars(
        select(table.channel).where(where).distinct().order_by(table.channel)
    )
    units = await session.execute(
        select(table.province_key, table.unit_key)
        .where(where, table.province_key.is_not(None))
        .distinct()
        .order_by(table.province_key, table.unit_key)
    )
    pairs = [(p, u) for p, u in units]
    return Choices(
        channels=tuple(channels),
        provinces=tuple(sorted({p for p, _ in pairs})),
        units=tuple((p, u) for p, u in pairs if u),
    )
