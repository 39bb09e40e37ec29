"""Button payloads, parsed once into typed actions by one table.

Every button the bot sends carries a payload such as ``proc:dang_ky_khai_sinh:fee``
(Telegram allows 64 bytes). ``parse_action`` turns a payload into one of the actions
below, or None when it is not one we could have sent (stale, forged, too long, HTML,
non-ASCII digits...): the dialogue then answers "this choice is outdated" and never
echoes the payload back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge.dossiers.codes import normalize_code
from knowledge.insights.records import FeedbackReason

MAX_PAYLOAD = 64  # Telegram's limit for callback data, in bytes
_PART_RE = re.compile(r"[A-Za-z0-9_.\-/]{1,64}")
_INDEX_RE = re.compile(r"[0-9]{1,2}")
_FAQ_ID_RE = re.compile(r"[1-9][0-9]{0,8}")
_REASONS = frozenset(r.value for r in FeedbackReason)
_NUMBER_RE = re.compile(r"[1-9][0-9]{5}")  # a request's number (knowledge/handoff/records.py)
_TOKEN_RE = re.compile(r"[A-Za-z0-9_\-]{32}")  # an invitation's token (secrets.token_urlsafe(24))
_RATINGS = ("1", "2", "3", "4", "5")
_SLUG_RE = re.compile(r"[a-z0-9_]{1,40}")


@dataclass(frozen=True)
class Start:
    """``/start``, possibly from a deep link ``t.me/<bot>?start=<parameter>``."""

    parameter: str | None = None


def looks_like_invite(parameter: str | None) -> bool:
    """A deep link's parameter shaped like a volunteer invitation's token (others greet)."""
    return parameter is not None and _TOKEN_RE.fullmatch(parameter) is not None


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class ShowMenu:
    """The list of common procedures, to answer ``aspect`` of the one chosen."""

    aspect: str | None = None


@dataclass(frozen=True)
class PickProcedure:
    slug: str
    aspect: str | None = None


@dataclass(frozen=True)
class PickCase:
    """A case of a procedure's documents; ``case`` None is the whole list."""

    slug: str
    case: int | None


@dataclass(frozen=True)
class PickPlace:
    index: int


@dataclass(frozen=True)
class FollowDossier:
    code: str


@dataclass(frozen=True)
class UnfollowDossier:
    """Stop following ``code``, or every followed dossier when None."""

    code: str | None = None


@dataclass(frozen=True)
class AskIntent:
    """A menu button that asks as if the citizen had typed a question of ``intent``."""

    intent: str


@dataclass(frozen=True)
class DeleteData:
    confirmed: bool


@dataclass(frozen=True)
class AnswerRef:
    """The answer a 👍/👎 is about, compact enough for a payload: ``p:<code>`` (a
    procedure), ``f:<id>`` (an FAQ entry), ``c`` (a centre or its hours), ``a`` (a place)."""

    kind: str
    key: str | None = None

    def payload(self) -> str:
        return f"{self.kind}:{self.key}" if self.key is not None else self.kind

    @classmethod
    def parse(cls, text: str) -> AnswerRef | None:
        return _answer_ref(text.split(":"))


@dataclass(frozen=True)
class RateAnswer:
    """👍 (``helpful``) or 👎 on an answer."""

    ref: AnswerRef
    helpful: bool


@dataclass(frozen=True)
class ExplainRating:
    """Why a 👎: one of ``FeedbackReason``'s values."""

    ref: AnswerRef
    reason: str


@dataclass(frozen=True)
class RequestHuman:
    """The "talk to a person" button."""


@dataclass(frozen=True)
class VolunteerPanel:
    """``/tinhnguyen``: the volunteer's unit, duty and waiting requests."""


@dataclass(frozen=True)
class JoinVolunteers:
    """Confirm an invitation (its token) to volunteer for a unit."""

    token: str


@dataclass(frozen=True)
class SetDuty:
    on: bool


@dataclass(frozen=True)
class LeaveVolunteers:
    """``/roinhom``: stop volunteering (after a confirmation)."""

    confirmed: bool = False


@dataclass(frozen=True)
class ClaimRequest:
    """ "Nhận hỗ trợ" on a request for a person."""

    number: int


@dataclass(frozen=True)
class EndHandoff:
    """``/xong``: end the conversation with a person (either side)."""


@dataclass(frozen=True)
class RateHelp:
    number: int
    rating: int


@dataclass(frozen=True)
class ReopenRequest:
    number: int


@dataclass(frozen=True)
class ShowGuide:
    """A volunteer's step-by-step guide; ``slug`` None lists them."""

    slug: str | None = None


@dataclass(frozen=True)
class MakeCard:
    """A checklist card of a procedure (its national code) to hand to a resident."""

    code: str


Action = (
    Start
    | Help
    | ShowMenu
    | PickProcedure
    | PickCase
    | PickPlace
    | FollowDossier
    | UnfollowDossier
    | AskIntent
    | DeleteData
    | RateAnswer
    | ExplainRating
    | RequestHuman
    | VolunteerPanel
    | JoinVolunteers
    | SetDuty
    | LeaveVolunteers
    | ClaimRequest
    | EndHandoff
    | RateHelp
    | ReopenRequest
    | ShowGuide
    | MakeCard
)


def _command(args: Sequence[str]) -> Action | None:
    match list(args):
        case ["help"]:
            return Help()
        case ["menu"]:
            return ShowMenu()
        case ["unfollow"]:
            return UnfollowDossier()
        case ["human"]:
            return RequestHuman()
        case ["volunteer"]:
            return VolunteerPanel()
        case ["done"]:
            return EndHandoff()
        case ["leave"]:
            return LeaveVolunteers()
    return None


def _procedure(args: Sequence[str]) -> Action | None:
    match list(args):
        case [slug]:
            return PickProcedure(slug)
        case [slug, aspect]:
            return PickProcedure(slug, aspect)
    return None


def _case(args: Sequence[str]) -> Action | None:
    match list(args):
        case [slug, "all"]:
            return PickCase(slug, None)
        case [slug, index] if _INDEX_RE.fullmatch(index):
            return PickCase(slug, int(index))
    return None


def _place(args: Sequence[str]) -> Action | None:
    match list(args):
        case [index] if _INDEX_RE.fullmatch(index):
            return PickPlace(int(index))
    return None


def _one(make: Callable[[str], Action]) -> Callable[[Sequence[str]], Action | None]:
    return lambda args: make(args[0]) if len(args) == 1 else None


def _dossier(make: Callable[[str], Action]) -> Callable[[Sequence[str]], Action | None]:
    """A dossier code: only a well-formed one (a payload is never taken for a code)."""

    def route(args: Sequence[str]) -> Action | None:
        code = normalize_code(args[0]) if len(args) == 1 else None
        return make(code) if code else None

    return route


def _delete(args: Sequence[str]) -> Action | None:
    match list(args):
        case ["yes"]:
            return DeleteData(True)
        case ["no"]:
            return DeleteData(False)
    return None


def _unfollow(args: Sequence[str]) -> Action | None:
    match list(args):
        case []:
            return UnfollowDossier()
        case [code] if normalize_code(code):
            return UnfollowDossier(normalize_code(code))
    return None


def _answer_ref(args: Sequence[str]) -> AnswerRef | None:
    match list(args):
        case ["p", key]:
            return AnswerRef("p", key)
        case ["f", key] if _FAQ_ID_RE.fullmatch(key):
            return AnswerRef("f", key)
        case ["c" | "a" as kind]:
            return AnswerRef(kind)
    return None


def _rating(args: Sequence[str]) -> Action | None:
    match list(args):
        case ["up" | "down" as vote, *rest] if (ref := _answer_ref(rest)) is not None:
            return RateAnswer(ref, vote == "up")
    return None


def _reason(args: Sequence[str]) -> Action | None:
    match list(args):
        case [reason, *rest] if reason in _REASONS and (ref := _answer_ref(rest)) is not None:
            return ExplainRating(ref, reason)
    return None


def _number(make: Callable[[int], Action]) -> Callable[[Sequence[str]], Action | None]:
    def route(args: Sequence[str]) -> Action | None:
        match list(args):
            case [number] if _NUMBER_RE.fullmatch(number):
                return make(int(number))
        return None

    return route


def _rate_help(args: Sequence[str]) -> Action | None:
    match list(args):
        case [number, rating] if _NUMBER_RE.fullmatch(number) and rating in _RATINGS:
            return RateHelp(int(number), int(rating))
    return None


def _join(args: Sequence[str]) -> Action | None:
    match list(args):
        case [token] if _TOKEN_RE.fullmatch(token):
            return JoinVolunteers(token)
    return None


def _duty(args: Sequence[str]) -> Action | None:
    match list(args):
        case ["on" | "off" as switch]:
            return SetDuty(switch == "on")
    return None


def _leave(args: Sequence[str]) -> Action | None:
    match list(args):
        case []:
            return LeaveVolunteers()
        case ["yes"]:
            return LeaveVolunteers(True)
    return None


def _guide(args: Sequence[str]) -> Action | None:
    match list(args):
        case []:
            return ShowGuide()
        case [slug] if _SLUG_RE.fullmatch(slug):
            return ShowGuide(slug)
    return None


def _card(args: Sequence[str]) -> Action | None:
    match list(args):
        case [code] if len(code) <= 40:
            return MakeCard(code)
    return None


# payload prefix -> parser of the parts after it
ROUTES: dict[str, Callable[[Sequence[str]], Action | None]] = {
    "cmd": _command,
    "menu": _one(ShowMenu),
    "proc": _procedure,
    "case": _case,
    "place": _place,
    "follow": _dossier(FollowDossier),
    "unfollow": _unfollow,
    "intent": _one(AskIntent),
    "delete": _delete,
    "fb": _rating,
    "fbwhy": _reason,
    "hclaim": _number(ClaimRequest),
    "hrate": _rate_help,
    "hreopen": _number(ReopenRequest),
    "vjoin": _join,
    "vduty": _duty,
    "vleave": _leave,
    "guide": _guide,
    "card": _card,
}


def parse_action(payload: object) -> Action | None:
    """The action of a button payload, or None when it is not a payload of ours."""
    if not isinstance(payload, str):
        return None
    if payload == "cmd:start" or payload.startswith("cmd:start:"):
        # A deep link's parameter is the sender's to choose ("/start anything"): a bad
        # one still greets.
        parameter = payload[len("cmd:start:") :]
        return Start(parameter if _PART_RE.fullmatch(parameter) else None)
    if not payload.isascii() or len(payload) > MAX_PAYLOAD:
        return None
    kind, *args = payload.split(":")
    route = ROUTES.get(kind)
    if route is None or not all(_PART_RE.fullmatch(part) for part in args):
        return None
    return route(args)
