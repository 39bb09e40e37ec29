"""A typed answer that picks one of the buttons just offered.

On Telegram and the web chat people often type instead of pressing: "2", "số 2",
"cái thứ hai", or the button's own label ("xem day du", "Lệ phí"). The dialogue
remembers the buttons of the last turn's replies (``ConversationState.offered``, by
``remember``); a message that is only such a choice is read here as that button's
payload, which then goes the way a pressed button's does (so the table-driven
router validates it). A number no button has ("6" under four buttons) is answered with
the buttons again. Anything more than the choice ("2 thì lệ phí bao nhiêu", "15
tuổi", a dossier code) is not a choice: the dialogue reads it as usual.

The buttons are numbered in the order they are shown, 👍/👎 left out (they rate the
answer, they are no choice of what to see next). Not read: while the citizen or the
volunteer talks with a person (their messages are relayed, flows.people), while
"delete everything?" waits for its typed yes or no, and for a photo's caption.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flows.actions import RateAnswer, parse_action
from flows.state import ConfirmDelete, ConversationState, OfferedButton
from flows.templates import Templates
from flows.types import Button, Reply, Turn
from knowledge.yaml_data import load_yaml
from nlu.normalize import fold, normalize

logger = logging.getLogger(__name__)

WORDS_FILE = Path(__file__).with_name("typed_choice.yml")
MAX_OFFERED = 20  # buttons remembered (and numbers read) at most
MAX_DIGITS = 2  # a longer number is no choice ("999999999999", a year)
AGAIN = "choice_out_of_range"  # the reply's kind: a number no button has

_EDGE_PUNCTUATION = ".,!?;:…'\"()"
_DIGITS = re.compile(r"[0-9]+")
_WORD = re.compile(r"[^\W_]+")
_FOLDED_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class ChoiceWords:
    """The words of a typed choice (typed_choice.yml): number words, ordinals read after
    ``ordinal_word``, the other words allowed; each with its accents and folded."""

    numbers: Mapping[str, int]
    folded_numbers: Mapping[str, int]
    ordinal_word: str
    ordinals: Mapping[str, int]
    folded_ordinals: Mapping[str, int]
    words: frozenset[str]
    folded_words: frozenset[str]

    @classmethod
    def from_data(cls, data: dict) -> ChoiceWords:
        numbers = {normalize(str(k)): int(v) for k, v in data["numbers"].items()}
        ordinals = {normalize(str(k)): int(v) for k, v in data["ordinals"].items()}
        words = frozenset(normalize(str(w)) for w in data["words"])
        return cls(
            numbers=numbers,
            folded_numbers={fold(k): v for k, v in numbers.items()},
            ordinal_word=fold(str(data["ordinal_word"])),
            ordinals=ordinals,
            folded_ordinals={fold(k): v for k, v in ordinals.items()},
            words=words,
            folded_words=frozenset(fold(w) for w in words),
        )

    def allowed(self, token: str) -> bool:
        """Whether ``token`` (normalised) is one of the words around a choice: as typed
        when typed with accents, else without them."""
        plain = fold(token)
        return token in self.words if plain != token else plain in self.folded_words

    def number(self, token: str, previous: str | None) -> int | None:
        """The number ``token`` (normalised) stands for, if any, read as ``allowed``
        reads; an ordinal only after the ordinal word (``previous``, folded)."""
        plain = fold(token)
        exact = plain != token  # typed with accents: they must be the number word's
        found = (self.numbers if exact else self.folded_numbers).get(token if exact else plain)
        if found is None and previous == self.ordinal_word:
            found = (self.ordinals if exact else self.folded_ordinals).get(
                token if exact else plain
            )
        return found


@cache
def default_words() -> ChoiceWords:
    return ChoiceWords.from_data(load_yaml(WORDS_FILE))


@dataclass(frozen=True)
class TypedChoice:
    """What a typed message picks: ``payload``, an offered button's; or, when None, a
    number (``number``) that no button has."""

    payload: str | None
    number: int | None = None

    def pressed(self, turn: Turn) -> Turn:
        """``turn`` as the press of the button picked (its text gone, as a press has)."""
        return dataclasses.replace(turn, text=None, payload=self.payload)


def read_number(text: str, words: ChoiceWords) -> tuple[int, bool] | None:
    """The one number a message that is only a choice holds, and whether it was typed in
    digits; None when the message holds anything else (or no number, or two)."""
    tokens = [t.strip(_EDGE_PUNCTUATION) for t in normalize(text).split()]
    found: tuple[int, bool] | None = None
    previous: str | None = None
    for token in tokens:
        if not token:
            continue
        folded = fold(token)
        if _DIGITS.fullmatch(token):
            if len(token) > MAX_DIGITS or found is not None:
                return None
            found = (int(token), True)
        elif (number := words.number(token, previous)) is not None:
            if found is not None:
                return None
            found = (number, False)
        elif not words.allowed(token):
            return None  # "2 thì lệ phí bao nhiêu", "15 tuổi", "-1", "2.5"
        previous = folded
    return found


def _core(text: str, words: ChoiceWords) -> str:
    """``text`` folded to its words, the words around a choice at its edges dropped
    ("xem đầy đủ ạ" -> "day du")."""
    kept = _WORD.findall(normalize(text))
    while kept and words.allowed(kept[0]):
        kept.pop(0)
    while kept and words.allowed(kept[-1]):
        kept.pop()
    return " ".join(_FOLDED_WORD.findall(fold(" ".join(kept))))


def read_choice(
    text: str, offered: Sequence[OfferedButton], words: ChoiceWords | None = None
) -> TypedChoice | None:
    """The button among ``offered`` that ``text`` picks: the one whose label it is
    (accents, case and punctuation aside; several buttons of that label with different
    payloads: none), else the nth for the number n. A number no button has (up to
    ``MAX_OFFERED``, typed in digits): ``TypedChoice(None, n)``. None: not a choice."""
    if not offered:
        return None
    words = words or default_words()
    said = _core(text, words)
    if said:
        payloads = {b.payload for b in offered if _core(b.label, words) == said}
        if len(payloads) == 1:
            return TypedChoice(payloads.pop())
    read = read_number(text, words)
    if read is None:
        return None
    number, in_digits = read
    if 1 <= number <= len(offered):
        return TypedChoice(offered[number - 1].payload, number)
    if in_digits and number <= MAX_OFFERED:
        return TypedChoice(None, number)
    return None


def offered_buttons(replies: Iterable[Reply]) -> tuple[OfferedButton, ...]:
    """The buttons of ``replies`` in the order shown, 👍/👎 left out, at most
    ``MAX_OFFERED``."""
    kept = (
        OfferedButton(b.label, b.payload)
        for r in replies
        for b in r.buttons
        if not isinstance(parse_action(b.payload), RateAnswer)
    )
    return tuple(kept)[:MAX_OFFERED]


class TypedChoices:
    """Reads a typed choice of the buttons a conversation was last offered."""

    def __init__(self, templates: Templates, words: ChoiceWords | None = None) -> None:
        self.t = templates
        self.words = words or default_words()

    def read(self, turn: Turn, state: ConversationState) -> TypedChoice | None:
        """The choice ``turn``'s text makes of ``state.offered``; None when it makes
        none, or is not to be read as one (see the module's docstring)."""
        if (
            not turn.text
            or turn.payload is not None
            or turn.location is not None
            or turn.media is not None
            or state.helping is not None  # a volunteer's message to the citizen
            or state.handoff is not None  # a citizen's message to their helper
            or isinstance(state.pending, ConfirmDelete)  # its own typed yes or no
        ):
            return None
        choice = read_choice(turn.text, state.offered, self.words)
        if choice is not None:
            logger.info(
                "typed choice on %s: %s of %d buttons",
                turn.channel,
                "a button" if choice.payload else f"number {choice.number}, none such",
                len(state.offered),
            )
        return choice

    def again(self, state: ConversationState) -> Reply:
        """A number no button has: which numbers there are, and the buttons again."""
        count = len(state.offered)
        text = (
            self.t("choice_out_of_range_one")
            if count == 1
            else self.t("choice_out_of_range", count=count)
        )
        buttons = tuple(Button(b.label, b.payload) for b in state.offered)
        return Reply(text, buttons=buttons, kind=AGAIN)

    @staticmethod
    def remember(state: ConversationState, replies: Iterable[Reply]) -> None:
        """Keep the buttons of this turn's replies (none: forget those of before)."""
        state.offered = offered_buttons(replies)
