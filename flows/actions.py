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


@dataclass(frozen=True)
class Start:
    """``/start``, possibly from a deep link ``t.me/<bot>?start=<parameter>``."""

    parameter: str | None = None


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
