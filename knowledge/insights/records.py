"""What a turn records for the staff: plain data the dialogue hands to its unit of work.

A record names the person by channel and user id; the unit of work stores only
``user_hash(channel, user_id)`` (knowledge.insights.hashing), never the id. Values of
the enums below are what the tables hold (``turn_events.outcome``, ``inbox_items.reason``,
``feedback.reason``, ``feedback.answer_kind``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    """How a turn ended."""

    ANSWERED = "answered"  # a procedure, place, centre or dossier answer
    FAQ = "faq"  # a staff-written FAQ answer
    CLARIFY = "clarify"  # the bot asked which procedure, place, case, or for a code
    FALLBACK = "fallback"  # not understood
    NOT_IN_CATALOGUE = "not_in_catalogue"  # a procedure we have no record of
    HANDOFF = "handoff"  # the citizen asked for a person
    FEEDBACK = "feedback"  # a 👍/👎 or the reason of a 👎
    OTHER = "other"  # small talk, help, menus, deletion, errors of input


class InboxReason(StrEnum):
    """Why a question landed in the inbox."""

    FALLBACK = "fallback"
    NOT_IN_CATALOGUE = "not_in_catalogue"
    THUMBS_DOWN = "thumbs_down"
    HUMAN = "human"


class InboxStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"  # became an FAQ entry, a phrasing or an alias (see resolution)
    DISMISSED = "dismissed"


class ResolutionKind(StrEnum):
    """What a resolved group became; the key says which item."""

    FAQ = "faq"  # a new FAQ entry (key: its id)
    VARIANT = "variant"  # a phrasing of an FAQ entry (key: its id)
    ALIAS = "alias"  # an alias of a procedure (key: its code, else its slug)


class MalformedResolution(ValueError):
    """A stored ``inbox_items.resolution`` that is not ``<kind>:<key>``."""

    def __init__(self, text: str) -> None:
        super().__init__(f"not a resolution (<kind>:<key>): {text!r}")
        self.text = text


_KINDS = "|".join(k.value for k in ResolutionKind)
_RESOLUTION = re.compile(rf"(?P<kind>{_KINDS}):(?P<key>[^@]+)(?:@(?P<draft>[0-9]{{1,12}}))?")


@dataclass(frozen=True)
class Resolution:
    """What a resolved inbox group became, stored as ``inbox_items.resolution``:
    ``str()`` writes it ("faq:12", "variant:12", "alias:1.001193"), ``parse`` reads it.

    ``draft`` is the revision that carries the change while it waits for an admin
    ("faq:12@34"): if that draft is discarded instead of published, the group is open
    again (``knowledge.editing.inbox``)."""

    kind: ResolutionKind
    key: str
    draft: int | None = None

    def __str__(self) -> str:
        plain = f"{self.kind.value}:{self.key}"
        return plain if self.draft is None else f"{plain}@{self.draft}"

    @property
    def target(self) -> str:
        """What it became, without the draft ("faq:12")."""
        return f"{self.kind.value}:{self.key}"

    @classmethod
    def parse(cls, text: str) -> Resolution:
        """The resolution ``text`` holds; ``MalformedResolution`` when it holds none."""
        found = _RESOLUTION.fullmatch(text)
        if found is None:
            raise MalformedResolution(text)
        draft = int(found["draft"]) if found["draft"] else None
        return cls(ResolutionKind(found["kind"]), found["key"], draft)


class FeedbackReason(StrEnum):
    """Why a 👎: the citizen's choice among three buttons."""

    WRONG_INFO = "wrong_info"  # sai thông tin
    NOT_MY_QUESTION = "not_my_question"  # không đúng câu hỏi
    UNCLEAR = "unclear"  # khó hiểu


class AnswerKind(StrEnum):
    """What a rated answer was."""

    PROCEDURE = "procedure"
    FAQ = "faq"
    CENTRE = "centre"  # a service centre or its opening hours
    PLACE = "place"  # which unit an old address belongs to now


@dataclass(frozen=True)
class TurnRecord:
    """One turn, for analytics: never the text."""

    channel: str
    user_id: str
    outcome: Outcome
    intent: str | None = None
    procedure_code: str | None = None
    faq_id: int | None = None
    province_key: str | None = None
    unit_key: str | None = None


@dataclass(frozen=True)
class InboxRecord:
    """A question the bot could not answer; ``text`` is already redacted."""

    channel: str
    user_id: str
    reason: InboxReason
    text: str
    intent: str | None = None
    procedure_code: str | None = None
    faq_id: int | None = None
    province_key: str | None = None
    unit_key: str | None = None


@dataclass(frozen=True)
class FeedbackRecord:
    """A 👍/👎 on an answer. With a ``reason`` (a 👎's why), it completes the citizen's
    latest 👎 on the same answer that has no reason yet, or is a 👎 of its own."""

    channel: str
    user_id: str
    helpful: bool
    answer_kind: AnswerKind
    procedure_code: str | None = None
    faq_id: int | None = None
    reason: FeedbackReason | None = None
