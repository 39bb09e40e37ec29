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

MAX_PAYLOAD = 64  # Telegram's limit for callback data, in bytes
_PART_RE = re.compile(r"[A-Za-z0-9_.\-/]{1,64}")
_INDEX_RE = re.compile(r"[0-9]{1,2}")


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
)


def _command(args: Sequence[str]) -> Action | None:
    match list(args):
        case ["help"]:
            return Help()
        case ["menu"]:
            return ShowMenu()
        case ["unfollow"]:
            return UnfollowDossier()
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
