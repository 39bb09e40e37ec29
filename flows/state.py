"""What the dialogue remembers about one conversation between turns.

The state is plain typed data: a question the bot is waiting on is one of the
``Pending`` values below, never a free-form dict. It is stored as JSON with a version
(``STATE_VERSION``); a stored state this release cannot read (an older layout, a
hand-edited row) is logged and replaced by a fresh one, never a crash.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter, ValidationError

logger = logging.getLogger(__name__)

STATE_VERSION = 2


class Then(StrEnum):
    """What to answer once the place is known."""

    CONVERT = "convert"  # which unit an old address belongs to now
    CENTRE = "centre"  # the unit's service centre
    HOURS = "hours"  # the centre's opening hours
    HANDOFF = "handoff"  # a request for a person, sent to the unit's volunteers
    HOTLINES = "hotlines"  # the province's hotlines


@dataclass(frozen=True)
class UnitRef:
    """A current unit (province key, unit key), as remembered between turns."""

    province_key: str
    unit_key: str


@dataclass(frozen=True)
class PlaceOption:
    """One button of a "which place?" question: an old ward, an old district or a
    current unit."""

    ward: str | None = None
    district: str | None = None
    legacy_province: str | None = None
    unit: UnitRef | None = None


@dataclass(frozen=True)
class ChooseProcedure:
    """Asked which procedure; answer ``aspects`` of it once chosen."""

    aspects: tuple[str, ...] = ()
    type: Literal["choose_procedure"] = "choose_procedure"


@dataclass(frozen=True)
class AskDossierCode:
    """Asked for a dossier code."""

    type: Literal["ask_dossier_code"] = "ask_dossier_code"


@dataclass(frozen=True)
class AskPlace:
    """Asked where (an address or a unit), to answer ``then``."""

    then: Then = Then.CONVERT
    type: Literal["ask_place"] = "ask_place"


@dataclass(frozen=True)
class ChoosePlace:
    """Offered ``options`` as buttons ``place:<index>``, to answer ``then``."""

    options: tuple[PlaceOption, ...] = ()
    then: Then = Then.CONVERT
    type: Literal["choose_place"] = "choose_place"


@dataclass(frozen=True)
class ConfirmDelete:
    """Asked whether to delete everything stored about the citizen (buttons
    ``delete:yes``/``delete:no``, or a typed yes or no)."""

    type: Literal["confirm_delete"] = "confirm_delete"


@dataclass(frozen=True)
class ChooseCase:
    """Asked which case of ``procedure``'s documents is the citizen's, with the cases'
    button labels ``cases`` (buttons ``case:<procedure>:<index>``, then "all"): a typed
    answer that clearly names one is taken as its button."""

    procedure: str = ""
    cases: tuple[str, ...] = ()
    type: Literal["choose_case"] = "choose_case"


@dataclass(frozen=True)
class UnheldMatter:
    """A matter the bot said it has no procedure for, in turn ``turn``: the uncovered
    topic's label (``flows/uncovered_topics.yml``), or None for a procedure it could not
    name. A follow-up right after ("lệ phí bao nhiêu") is about it, not a new question."""

    topic: str | None = None
    turn: int = 0


@dataclass(frozen=True)
class ChosenCase:
    """The case of ``procedure``'s documents the citizen chose (its button, or a typed
    answer to "which case?"): ``case`` an index of the record's labels, as in the
    buttons ``case:<procedure>:<index>``."""

    procedure: str
    case: int


@dataclass(frozen=True)
class AnsweredQuestion:
    """An answer that carried 👍/👎 (``ref`` as in its payload, "p:1.001193"), the
    question it answered (redacted: it may go to the staff's inbox) and the rating given
    (None: none yet)."""

    ref: str
    question: str = ""
    rating: bool | None = None


@dataclass(frozen=True)
class OfferedButton:
    """A button the last turn's replies offered (flows.typed_choice: a typed "2" or its
    label presses it)."""

    label: str
    payload: str


@dataclass(frozen=True)
class RecentLine:
    """A line of the conversation kept for a request for a person (redacted): ``who`` is
    ``citizen`` or ``bot``."""

    who: str
    text: str


Pending = Annotated[
    ChooseProcedure | AskDossierCode | AskPlace | ChoosePlace | ConfirmDelete | ChooseCase,
    Field(discriminator="type"),
]


@dataclass
class ConversationState:
    """Saved after every turn, so a conversation survives restarts.

    ``procedure`` is the procedure being discussed (for follow-ups such as "còn lệ phí
    thì sao?") and ``aspects`` what its last answer told of it (carried over to another
    procedure by "thế còn khai tử?"); ``pending`` is the question the bot asked and is
    waiting on; ``unit`` the current unit the citizen's place resolved to; ``dossiers``
    the dossier codes looked up in this conversation, ``dossier_turn`` the turn that last
    answered about one (so "cần bổ sung gì" right after refers to it). ``last_intent`` is
    the intent of the last typed message (None after a button); ``last_question`` that message,
    redacted; ``answers`` the last answers that carried 👍/👎 (flows.insights).
    ``recent``: the last lines said, redacted, sent along with a request for a person
    (flows.handoff). ``chosen_case``: the case of a procedure's documents chosen last (a
    volunteer's checklist card of that procedure applies to it). ``offered``: the buttons
    of the last turn's replies, rating buttons left out (none: the last turn offered none).
    ``unheld``: the matter last said not to be in the catalogue (flows.procedure_talk).
    """

    procedure: str | None = None
    aspects: tuple[str, ...] = ()
    last_intent: str | None = None
    pending: Pending | None = None
    turns: int = 0
    unit: UnitRef | None = None
    dossiers: list[str] = field(default_factory=list)
    dossier_turn: int | None = None
    last_question: str | None = None
    answers: tuple[AnsweredQuestion, ...] = ()
    recent: tuple[RecentLine, ...] = ()
    handoff: int | None = None  # the citizen's request for a person still open, if any
    helping: int | None = None  # a volunteer: the request they are relaying now
    volunteer: bool = False  # a volunteer (access is always checked in the database)
    chosen_case: ChosenCase | None = None
    offered: tuple[OfferedButton, ...] = ()
    unheld: UnheldMatter | None = None
    version: int = STATE_VERSION

    @classmethod
    def from_dict(cls, data: Any) -> ConversationState:
        """The state stored as ``data``; a fresh one when it cannot be read."""
        if not data:
            return cls()
        try:
            state = _ADAPTER.validate_python(data)
        except ValidationError as exc:
            logger.info(
                "stored conversation state (version %s) unreadable: %d errors",
                data.get("version") if isinstance(data, dict) else None,
                exc.error_count(),
            )
            # An older question layout: forget the question, keep the rest if it reads.
            try:
                state = _ADAPTER.validate_python({**data, "pending": None})
            except (ValidationError, TypeError):
                return cls()
        state.version = STATE_VERSION
        return state

    def to_dict(self) -> dict:
        return _ADAPTER.dump_python(self, mode="json")


_ADAPTER = TypeAdapter(ConversationState)
