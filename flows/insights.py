"""What each turn tells the staff: a turn event, the inbox, and 👍/👎 on answers.

After every kept turn the dialogue calls ``Insights.observe``, which

* records a turn event (intent, ``Outcome``, procedure code, FAQ id, the conversation's
  unit) through the unit of work, written at commit in the turn's transaction;
* puts a question the bot could not answer -- a fallback, "not in the catalogue", a
  typed request for a person -- in the staff's inbox, redacted (flows.redact);
* adds 👍/👎 buttons under a factual answer (a procedure's, an FAQ entry's, a centre's
  or a place's, each with its source) and remembers, redacted, the question it
  answered, so a 👎 files that question.

The buttons carry ``fb:up:<ref>`` / ``fb:down:<ref>``; a 👎 asks why
(``fbwhy:<reason>:<ref>``) and offers a person (``cmd:human``), who today can only be
an honest "nobody is available on this channel yet". ``ref`` is compact: ``p:<code>``
(a procedure, by national code, or slug when it has none), ``f:<id>`` (an FAQ entry),
``c`` (a centre or its hours), ``a`` (a place answer). A ref naming no procedure we have
is not ours: the dialogue answers "this choice is outdated".
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from flows.actions import (
    Action,
    AnswerRef,
    AskIntent,
    ExplainRating,
    PickCase,
    PickPlace,
    PickProcedure,
    RateAnswer,
    RequestHuman,
    parse_action,
)
from flows.redact import KnownNames, redact
from flows.state import AnsweredQuestion, ConversationState
from flows.templates import Templates
from flows.types import UNHELD_AGAIN, UNSURE, Button, Reply, Turn
from flows.unit_of_work import UnitOfWork
from knowledge.insights.records import (
    AnswerKind,
    FeedbackReason,
    FeedbackRecord,
    InboxReason,
    InboxRecord,
    Outcome,
    TurnRecord,
)
from knowledge.places.admin_map import AdminMap
from knowledge.procedures.records import Catalogue, ProcedureInfo

logger = logging.getLogger(__name__)

__all__ = ["Insights", "Outcome"]

MAX_PAYLOAD = 64
MAX_QUESTION = 500  # characters of a question remembered for the inbox
REMEMBERED_ANSWERS = 5  # answers per conversation whose 👎 still files their question

# How a turn ended, by the kind of its first reply that says (kinds not listed: OTHER).
OUTCOME_OF_KIND: dict[str, Outcome] = {
    "procedure_unknown": Outcome.NOT_IN_CATALOGUE,
    "procedure_overview": Outcome.CLARIFY,
    "faq_answer": Outcome.FAQ,
    "not_understood": Outcome.FALLBACK,
    "handoff_ask_unit": Outcome.HANDOFF,
    "handoff_opened": Outcome.HANDOFF,
    "handoff_live": Outcome.HANDOFF,
    **dict.fromkeys(
        (
            "choose_procedure",
            "ask_procedure",
            "topic_menu",
            "choose_case",
            "place_choose",
            "place_ask",
            "place_unknown",
            "dossier_ask_code",
            "dossier_malformed",
        ),
        Outcome.CLARIFY,
    ),
    **dict.fromkeys(
        (
            "centre",
            "centre_missing",
            "hours",
            "hours_unknown",
            "place_ward",
            "place_divided",
            "place_district",
            "place_province",
            "place_current",
            "legacy_district",
            "location",
            "dossier_status",
            "dossier_unknown",
            "dossier_unavailable",
            "dossier_followed",
            "dossier_unfollowed",
        ),
        Outcome.ANSWERED,
    ),
    **dict.fromkeys(("feedback_thanks", "feedback_why", "feedback_noted"), Outcome.FEEDBACK),
}
PROCEDURE_ANSWER = "procedure_"  # procedure_fee, procedure_all...: answered

# Outcomes of a typed question that land it in the inbox.
INBOX_REASON: dict[Outcome, InboxReason] = {
    Outcome.FALLBACK: InboxReason.FALLBACK,
    Outcome.NOT_IN_CATALOGUE: InboxReason.NOT_IN_CATALOGUE,
    Outcome.HANDOFF: InboxReason.HUMAN,
}

# Answers that carry 👍/👎: reply kind -> the ref kind (procedures and FAQ by their key).
RATED_KINDS: dict[str, str] = {
    "faq_answer": "f",
    "centre": "c",
    "hours": "c",
    "place_ward": "a",
    "place_divided": "a",
    "place_district": "a",
    "place_province": "a",
    "place_current": "a",
    "location": "a",
}
NOT_RATED_PROCEDURE_KINDS = frozenset({"procedure_unknown", "procedure_overview"})
ANSWER_KIND = {
    "p": AnswerKind.PROCEDURE,
    "f": AnswerKind.FAQ,
    "c": AnswerKind.CENTRE,
    "a": AnswerKind.PLACE,
}


def outcome_of(replies: list[Reply]) -> Outcome:
    for reply in replies:
        if reply.meta.get(UNSURE):
            return Outcome.FALLBACK  # a guess it is not sure of: staff should see it
        if reply.kind.startswith(PROCEDURE_ANSWER) and reply.kind not in OUTCOME_OF_KIND:
            return Outcome.ANSWERED
        outcome = OUTCOME_OF_KIND.get(reply.kind)
        if outcome is not None:
            return outcome
    return Outcome.OTHER


def procedure_key(info: ProcedureInfo) -> str:
    """What the insight tables call a procedure: its national code, else its slug."""
    return info.code or info.slug


@lru_cache(maxsize=2)
def _place_names(admin_map: AdminMap) -> KnownNames:
    """Every unit's name, old and new (built once per map: about 0.4 s)."""
    names: list[str] = []
    for group in (
        admin_map.provinces(),
        admin_map.legacy_provinces(),
        admin_map.legacy_districts(),
        admin_map.units(),
        admin_map.legacy_wards(),
    ):
        for unit in group:
            names += [unit.name, getattr(unit, "short_name", "") or ""]
    return KnownNames.from_names(n for n in dict.fromkeys(names) if n)  # (many names recur)


class Insights:
    """See the module docstring. ``faq_known`` tells whether an FAQ id can be rated
    (the FAQ index's look-up when there is one; any id otherwise)."""

    def __init__(
        self,
        catalogue: Catalogue,
        admin_map: AdminMap,
        templates: Templates,
        faq_known: Callable[[int], bool] | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.admin_map = admin_map
        self.t = templates
        self.faq_known = faq_known or (lambda _id: True)
        # the names of the catalogue answering now and, ahead of a swap, of the next one
        self._known: dict[int, tuple[Catalogue, KnownNames]] = {}

    @property
    def known_names(self) -> KnownNames:
        """Place and procedure names, whose capitalised words are no person's name
        (made again when the dialogue answers from a new catalogue, unless ``prepare``
        made them before the swap)."""
        return self.prepare(self.catalogue)

    def ready_for(self, catalogue: Catalogue) -> bool:
        """Whether ``catalogue``'s known names are made already."""
        held = self._known.get(id(catalogue))
        return held is not None and held[0] is catalogue

    def prepare(self, catalogue: Catalogue) -> KnownNames:
        """The known names for ``catalogue``, made now if not yet: a few tenths of a
        second, so a new catalogue's are made in a worker thread before it answers
        (bot/live_knowledge.py, bot/app.py) rather than by the first turn after it."""
        if self.ready_for(catalogue):
            return self._known[id(catalogue)][1]
        procedures = KnownNames.from_names(
            name for info in catalogue.curated() for name in (info.name, *info.aliases)
        )
        names = KnownNames(_place_names(self.admin_map).phrases | procedures.phrases)
        current = self._known.get(id(self.catalogue))
        # keep the current catalogue's and this one's; a dict replaced whole, so a turn
        # reading it in the event loop never sees it half-changed
        self._known = {
            **({id(self.catalogue): current} if current is not None else {}),
            id(catalogue): (catalogue, names),
        }
        return names

    # ---- after every turn ----

    def observe(
        self, turn: Turn, state: ConversationState, replies: list[Reply], uow: UnitOfWork
    ) -> list[Reply]:
        """Record the turn (and the inbox item it makes); the replies, with 👍/👎 under
        a factual answer."""
        action = parse_action(turn.payload) if turn.payload is not None else None
        typed = turn.payload is None and turn.location is None and bool(turn.text)
        if typed:
            state.last_question = self.redacted(turn.text or "")
        outcome = outcome_of(replies)
        answer = self._answer_ref(replies)
        rated = _ref_of_action(action) if outcome == Outcome.FEEDBACK else None
        intent = state.last_intent if typed else _intent_of_action(action)
        if outcome == Outcome.FALLBACK:
            intent = None  # below the threshold: no intent was understood
        code, faq_id = self._keys(answer or rated)
        province_key, unit_key = _unit(state)
        uow.record_turn(
            TurnRecord(
                turn.channel, turn.user_id, outcome, intent, code, faq_id, province_key, unit_key
            )
        )
        reason = INBOX_REASON.get(outcome)
        if replies and replies[0].meta.get(UNHELD_AGAIN):
            reason = None  # the matter's question was filed the turn before
        if typed and reason is not None and state.last_question:
            uow.add_inbox_item(
                InboxRecord(
                    turn.channel,
                    turn.user_id,
                    reason,
                    state.last_question,
                    intent,
                    code,
                    faq_id,
                    province_key,
                    unit_key,
                )
            )
        if answer is None:
            return replies
        continued = isinstance(action, PickProcedure | PickCase | PickPlace)
        question = state.last_question if typed or continued else None
        self._remember(state, AnsweredQuestion(answer.payload(), question or ""))
        return self._with_rating_buttons(replies, answer)

    def redacted(self, text: str) -> str:
        text = " ".join(unicodedata.normalize("NFC", text).split())[:MAX_QUESTION]
        return redact(text, self.known_names)

    # ---- the buttons ----

    def on_action(
        self, turn: Turn, state: ConversationState, action: Action, uow: UnitOfWork
    ) -> list[Reply] | None:
        """A 👍/👎 or a 👎's reason; None when the ref is not one we could have sent."""
        match action:
            case RateAnswer(ref, helpful) if self.valid(ref):
                return [self._rate(turn, state, ref, helpful, uow)]
            case ExplainRating(ref, reason) if self.valid(ref):
                return [self._explain(turn, state, ref, FeedbackReason(reason), uow)]
        return None

    def valid(self, ref: AnswerRef) -> bool:
        if ref.kind == "p":
            return self._procedure(ref.key) is not None
        if ref.kind == "f":
            return ref.key is not None and ref.key.isdigit() and self.faq_known(int(ref.key))
        return ref.kind in ANSWER_KIND and ref.key is None

    def _rate(
        self, turn: Turn, state: ConversationState, ref: AnswerRef, helpful: bool, uow: UnitOfWork
    ) -> Reply:
        texts = self.t.section("feedback")
        answered = self._answered(state, ref)
        if answered.rating is not helpful:  # the same press twice is counted once
            self._feedback(uow, turn, ref, helpful)
            if not helpful:
                self._file(uow, turn, state, ref, answered, InboxReason.THUMBS_DOWN)
            self._remember(state, replace(answered, rating=helpful))
        if helpful:
            return Reply(texts["thanks"], kind="feedback_thanks")
        buttons = tuple(
            Button(texts[reason.value], f"fbwhy:{reason.value}:{ref.payload()}")
            for reason in FeedbackReason
        )
        buttons = tuple(b for b in buttons if len(b.payload) <= MAX_PAYLOAD)
        return Reply(
            texts["why"],
            buttons=(*buttons, Button(texts["human"], "cmd:human")),
            kind="feedback_why",
        )

    def _explain(
        self,
        turn: Turn,
        state: ConversationState,
        ref: AnswerRef,
        reason: FeedbackReason,
        uow: UnitOfWork,
    ) -> Reply:
        answered = self._answered(state, ref)
        if answered.rating is not False:  # a reason without a 👎 before it is a 👎 too
            self._file(uow, turn, state, ref, answered, InboxReason.THUMBS_DOWN)
            self._remember(state, replace(answered, rating=False))
        self._feedback(uow, turn, ref, False, reason)
        texts = self.t.section("feedback")
        return Reply(
            texts["noted"], buttons=(Button(texts["human"], "cmd:human"),), kind="feedback_noted"
        )

    def file_request_for_person(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork
    ) -> None:
        """A person asked for with a button: the question goes to the inbox unless a 👎
        of the same answer put it there already (the dialogue then opens a request for a
        person, flows.handoff)."""
        latest = state.answers[-1] if state.answers else None
        if latest is None:
            if state.last_question:
                unanswered = AnsweredQuestion("", state.last_question)
                self._file(uow, turn, state, None, unanswered, InboxReason.HUMAN)
        elif latest.rating is not False:
            self._file(uow, turn, state, AnswerRef.parse(latest.ref), latest, InboxReason.HUMAN)

    # ---- helpers ----

    def _feedback(
        self,
        uow: UnitOfWork,
        turn: Turn,
        ref: AnswerRef,
        helpful: bool,
        reason: FeedbackReason | None = None,
    ) -> None:
        code, faq_id = self._keys(ref)
        uow.record_feedback(
            FeedbackRecord(
                turn.channel, turn.user_id, helpful, ANSWER_KIND[ref.kind], code, faq_id, reason
            )
        )

    def _file(
        self,
        uow: UnitOfWork,
        turn: Turn,
        state: ConversationState,
        ref: AnswerRef | None,
        answered: AnsweredQuestion,
        reason: InboxReason,
    ) -> None:
        code, faq_id = self._keys(ref)
        text = answered.question  # "" when the answer followed no typed question
        intent = "request_human" if reason == InboxReason.HUMAN else None
        province_key, unit_key = _unit(state)
        uow.add_inbox_item(
            InboxRecord(
                turn.channel,
                turn.user_id,
                reason,
                text,
                intent,
                code,
                faq_id,
                province_key,
                unit_key,
            )
        )

    def _answered(self, state: ConversationState, ref: AnswerRef) -> AnsweredQuestion:
        key = ref.payload()
        for answered in reversed(state.answers):
            if answered.ref == key:
                return answered
        return AnsweredQuestion(key, "")

    @staticmethod
    def _remember(state: ConversationState, answered: AnsweredQuestion) -> None:
        kept = [a for a in state.answers if a.ref != answered.ref]
        state.answers = (*kept, answered)[-REMEMBERED_ANSWERS:]

    def _procedure(self, key: str | None) -> ProcedureInfo | None:
        return self.catalogue.by_code(key) or self.catalogue.get(key)

    def _keys(self, ref: AnswerRef | None) -> tuple[str | None, int | None]:
        """(procedure code, FAQ id) of a ref."""
        if ref is None:
            return None, None
        if ref.kind == "p":
            info = self._procedure(ref.key)
            return (procedure_key(info) if info else ref.key), None
        if ref.kind == "f" and ref.key and ref.key.isdigit():
            return None, int(ref.key)
        return None, None

    def _answer_ref(self, replies: list[Reply]) -> AnswerRef | None:
        """The ref of the turn's first factual answer, if it has one."""
        for reply in replies:
            ref = self._ref_of(reply)
            if ref is not None:
                return ref
        return None

    def _ref_of(self, reply: Reply) -> AnswerRef | None:
        kind = reply.kind
        if kind.startswith(PROCEDURE_ANSWER) and kind not in NOT_RATED_PROCEDURE_KINDS:
            info = self.catalogue.get(reply.meta.get("procedure"))
            return AnswerRef("p", procedure_key(info)) if info else None
        ref_kind = RATED_KINDS.get(kind)
        if ref_kind == "f":
            faq_id = reply.meta.get("faq_id")
            return AnswerRef("f", str(faq_id)) if isinstance(faq_id, int) else None
        return AnswerRef(ref_kind) if ref_kind else None

    def _with_rating_buttons(self, replies: list[Reply], ref: AnswerRef) -> list[Reply]:
        """👍/👎 under the turn's last factual answer."""
        payloads = (f"fb:up:{ref.payload()}", f"fb:down:{ref.payload()}")
        if any(len(p) > MAX_PAYLOAD for p in payloads):
            return replies
        last = max(i for i, r in enumerate(replies) if self._ref_of(r) is not None)
        texts = self.t.section("feedback")
        rating = (Button(texts["up"], payloads[0]), Button(texts["down"], payloads[1]))
        rated = replace(replies[last], buttons=(*replies[last].buttons, *rating))
        return [*replies[:last], rated, *replies[last + 1 :]]


def _unit(state: ConversationState) -> tuple[str | None, str | None]:
    if state.unit is None:
        return None, None
    return state.unit.province_key, state.unit.unit_key


def _ref_of_action(action: Action | None) -> AnswerRef | None:
    if isinstance(action, RateAnswer | ExplainRating):
        return action.ref
    return None


def _intent_of_action(action: Action | None) -> str | None:
    if isinstance(action, AskIntent):
        return action.intent
    if isinstance(action, RequestHuman):
        return "request_human"
    return None
