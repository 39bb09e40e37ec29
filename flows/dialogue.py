"""The dialogue: one turn in, replies out, state kept in the database.

The same Dialogue serves Telegram, the web chat, the REST API and the
terminal; it knows nothing about any of them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import random
import re
import unicodedata
import uuid

from flows.actions import (
    Action,
    AskIntent,
    DeleteData,
    ExplainRating,
    FollowDossier,
    Help,
    PickCase,
    PickPlace,
    PickProcedure,
    RateAnswer,
    RequestHuman,
    ShowMenu,
    Start,
    UnfollowDossier,
    parse_action,
)
from flows.config import DialogueSettings, HandoffSettings
from flows.dossier import DossierFlow
from flows.faq import FaqAnswers, FaqIndexHolder
from flows.handoff import Clock, HandoffFlow, utc_now
from flows.insights import Insights
from flows.knowledge_gate import KnowledgeGate
from flows.people import People
from flows.places import PlaceFlow
from flows.procedure_answers import ALL_ASPECTS, ProcedureAnswers, document_cases
from flows.procedure_talk import ProcedureTalk
from flows.procedures import INTENT_ASPECT, mentions_unknown_procedure
from flows.state import (
    AskDossierCode,
    AskPlace,
    ChoosePlace,
    ChooseProcedure,
    ConversationState,
    Then,
)
from flows.templates import Templates, default_templates
from flows.types import Button, Reply, Turn
from flows.unit_of_work import KeyedLock, UnitOfWork, UnitOfWorkFactory
from flows.volunteer_tools import VolunteerTools
from flows.volunteers import VolunteerFlow
from knowledge.places.admin_map import AdminMap
from knowledge.places.units import Resolution
from knowledge.procedures.records import Catalogue
from knowledge.storage.db import Database, DatabaseUnavailable
from knowledge.storage.outbox import OutgoingMessage
from knowledge.storage.people import ConflictingWrite
from knowledge.storage.processed import DuplicateTurn
from knowledge.storage.unit_of_work import ConcurrentUpdate, DatabaseBusy
from nlu.service import Nlu
from nlu.types import Parse

logger = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")

SMALL_TALK = {
    "greet": "greet_again",
    "thank": "thank",
    "goodbye": "goodbye",
    "affirm": "affirm",
    "deny": "deny",
}
TURN_ATTEMPTS = 8  # a turn whose save lost a race (or met a locked database) runs again
RETRY_PAUSE_S = 0.05  # times the attempt number, at most; random, so retries spread out

PLACE_INTENTS = {
    "convert_old_address": "convert",
    "find_service_centre": "centre",
    "ask_opening_hours": "hours",
}
NAMES_A_PROCEDURE = 0.65  # a candidate this strong is what an "out of scope" message names
# Intents whose message may ask about a matter the catalogue does not hold ("help": a
# long story the classifier read as "what can you do").
ASKS_OR_UNSURE = frozenset({*INTENT_ASPECT, "out_of_scope", "help"})


def clean_text(text: str) -> str:
    """NFC, control and zero-width characters removed, surrounding space stripped."""
    return _CONTROL.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


class Dialogue:
    """Handles one turn: input checks, understanding, the right flow, saved state."""

    def __init__(
        self,
        db: Database,
        nlu: Nlu,
        catalogue: Catalogue,
        settings: DialogueSettings,
        admin_map: AdminMap,
        dossiers: DossierFlow,
        templates: Templates | None = None,
        *,
        unit_of_work: UnitOfWorkFactory,
        queued_channels: frozenset[str] = frozenset(),
        faq: FaqIndexHolder | None = None,
        handoff: HandoffSettings | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.nlu = nlu
        self.catalogue = catalogue
        self.settings = settings
        self.t = templates or default_templates()
        self.answers = ProcedureAnswers(self.t, settings)
        self.talk = ProcedureTalk(catalogue, self.answers, self.t, settings)
        self.places = PlaceFlow(admin_map, db, self.t)
        self.insights = Insights(catalogue, admin_map, self.t)
        self.dossiers = dossiers
        self.unit_of_work = unit_of_work
        # channels whose replies go out through the outbox (a deliverer sends them);
        # on the others the interface answers the request with the returned replies
        self.queued_channels = queued_channels
        # published FAQ entries: read from the holder each turn (swapped on publishing)
        self.faq = FaqAnswers(faq or FaqIndexHolder(), self.t, catalogue)
        # a 👍/👎 names a published FAQ entry (flows.insights)
        self.insights.faq_known = lambda faq_id: faq_id in self.faq.holder.current.entries
        self._conversations = KeyedLock()
        self.gate = KnowledgeGate()
        volunteers = VolunteerFlow(admin_map, clock)
        self.people = People(
            HandoffFlow(self.places, handoff or HandoffSettings(), self.insights.redacted, clock),
            volunteers,
            VolunteerTools(volunteers, self.places, lambda: self.catalogue),
        )
        # told of what each commit queued in the outbox (wakes deliverers, web streams)
        self.outbox_listeners: list = []

    def use_catalogue(self, catalogue: Catalogue) -> None:
        """Answer from ``catalogue`` from now on (call inside ``gate.swap``)."""
        self.catalogue = catalogue
        self.talk.catalogue = catalogue
        self.dossiers.catalogue = catalogue
        self.faq.catalogue = catalogue
        self.insights.catalogue = catalogue

    async def handle(self, turn: Turn) -> list[Reply]:
        """Answer one turn in one unit of work.

        Turns of one conversation run one after the other in this process; a save that
        another process beat (or a database that stayed locked) runs the turn again on
        the newer state, up to ``TURN_ATTEMPTS`` times. Raises DatabaseUnavailable when
        state cannot be read or saved.
        """
        redeliverable = turn.turn_id is not None  # the channel's own id: it may come again
        if turn.turn_id is None:
            turn = dataclasses.replace(turn, turn_id=uuid.uuid4().hex)
        async with self._conversations.hold((turn.channel, turn.user_id)):
            for attempt in range(1, TURN_ATTEMPTS + 1):
                try:
                    async with self.gate.turn():  # one version of the knowledge throughout
                        return await self._turn(turn, redeliverable)
                except DuplicateTurn:
                    logger.info("input on %s handled already; not again", turn.channel)
                    return []
                except (ConcurrentUpdate, ConflictingWrite, DatabaseBusy) as exc:
                    if attempt == TURN_ATTEMPTS:
                        raise DatabaseUnavailable("save conversation") from exc
                    logger.info(
                        "turn on %s tried again (%s), attempt %d",
                        turn.channel,
                        type(exc).__name__,
                        attempt + 1,
                    )
                    await asyncio.sleep(random.uniform(0, RETRY_PAUSE_S * attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    async def _turn(self, turn: Turn, redeliverable: bool = False) -> list[Reply]:
        async with self.unit_of_work() as uow:
            if redeliverable:
                uow.mark_processed(f"{turn.channel}:{turn.turn_id}")
            stored = await uow.load_conversation(turn.channel, turn.user_id)
            state = ConversationState.from_dict(stored.state)
            state.last_intent = None  # set again once this turn's text is understood
            replies, keep = await self._respond(turn, state, uow)
            if keep:  # (not after "delete my data": nothing of the person is recorded)
                replies = self.insights.observe(turn, state, replies, uow)
                if turn.text and turn.payload is None and turn.location is None and replies:
                    # (observe keeps the message redacted in last_question)
                    self.people.handoff.remember_lines(state, state.last_question or "", replies)
                state.turns += 1
                uow.save_conversation(
                    turn.channel, turn.user_id, state.to_dict(), stored.version, turn.role
                )
            if turn.channel in self.queued_channels:
                recipient = turn.chat_id or turn.user_id
                for i, reply in enumerate(replies):
                    key = f"turn:{turn.channel}:{turn.turn_id}:{i}"
                    uow.send(OutgoingMessage(key, turn.channel, recipient, reply.to_dict()))
            removed = await uow.commit()
            for listener in self.outbox_listeners:
                listener(uow.sent)
        if removed:
            logger.info("deleted %d stored rows at the user's request (%s)", removed, turn.channel)
        return replies

    def error_reply(self, exc: BaseException) -> Reply:
        """The polite reply an interface sends when handling a turn failed."""
        if isinstance(exc, DatabaseUnavailable):
            return Reply(self.t("database_unavailable"), kind="error")
        return Reply(self.t("error"), kind="error")

    async def _respond(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork
    ) -> tuple[list[Reply], bool]:
        if turn.payload is not None:
            return await self._on_payload(turn, state, turn.payload, uow)
        if turn.location is not None:
            return await self._on_location(turn, state, uow), True
        text = clean_text(turn.text or "")
        if not text:
            logger.info("empty message on %s", turn.channel)
            return [Reply(self.t("empty"), buttons=self.talk.menu_buttons(), kind="empty")], True
        if len(text) > self.settings.max_text_chars:
            logger.info("message too long (%d chars) from %s", len(text), turn.channel)
            reply = self.t("too_long", length=len(text), limit=self.settings.max_text_chars)
            return [Reply(reply, kind="too_long")], True
        if not _has_words(text):
            logger.info("message without letters or digits on %s", turn.channel)
            return [Reply(self.t("no_letters"), kind="no_letters")], True
        relayed = await self.people.intercept(turn, state, uow, text)
        if relayed is not None:  # a conversation with a person: passed on
            return relayed, True
        replies, keep = await self._on_text(turn, state, text, uow)
        return self.people.for_volunteer(state, replies, self.catalogue), keep

    async def _on_location(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork
    ) -> list[Reply]:
        """A shared location: its unit's centre, or where a request for a person goes."""
        pending = state.pending
        handing = isinstance(pending, AskPlace) and pending.then == Then.HANDOFF
        replies = await self.places.at_location(state, turn.location)
        unit = self.places.remembered(state)
        if handing and unit is not None and replies and replies[0].kind == "location":
            return [*replies, *await self.people.handoff.open(turn, state, uow, unit, "request")]
        return replies

    async def _on_text(
        self, turn: Turn, state: ConversationState, text: str, uow: UnitOfWork
    ) -> tuple[list[Reply], bool]:
        codes = self.dossiers.scan(text)
        if codes.codes:
            # A dossier code is unmistakable, whatever words surround it.
            state.pending = None
            state.last_intent = "check_dossier_status"
            return await self.dossiers.lookup_all(state, codes.codes, turn.channel), True
        if isinstance(state.pending, AskDossierCode) and codes.malformed:
            return [self.dossiers.malformed(state)], True
        parse = await self.nlu.parse(text)
        state.last_intent = parse.intent
        logger.info(
            "turn channel=%s intent=%s confidence=%.2f fallback=%s entities=%s aspects=%s",
            turn.channel,
            parse.intent,
            parse.confidence,
            parse.fallback,
            [e.value for e in parse.entities],
            list(parse.aspects),
        )
        replies = await self._understood(turn, state, parse, text, codes, uow)
        if replies and replies[0].kind == "procedure_unknown":
            # Not in the catalogue, and we know where the citizen is: their hotline too.
            lines = await self.places.hotline_lines(state)
            if lines:
                text_ = "\n".join([replies[0].text, "", *lines])
                replies = [dataclasses.replace(replies[0], text=text_), *replies[1:]]
        if parse.emergency:
            # Somebody may be in danger: the emergency numbers come before anything else.
            urgent = Reply(
                "\n".join([self.t("emergency"), self.t("emergency_source")]), kind="emergency"
            )
            if replies and replies[0].kind in ("out_of_scope", "not_understood", "declined"):
                replies = []
            return [urgent, *replies], True
        return replies, True

    async def _understood(
        self, turn: Turn, state: ConversationState, parse: Parse, text: str, codes, uow
    ) -> list[Reply]:
        procedure = parse.entity("procedure")
        pending = state.pending
        state.pending = None
        intent = parse.intent
        aspects = self._aspects(parse, intent)

        if isinstance(pending, ChooseProcedure) and procedure:
            asked = parse.aspects or pending.aspects or aspects
            return [self.talk.answer(state, procedure.value, asked, text)]

        if isinstance(pending, AskPlace) and intent not in INTENT_ASPECT:
            place = self.places.resolve(text)
            if place.kind != "none":
                if pending.then == Then.HANDOFF:
                    return await self.people.handoff.open_at(turn, state, uow, place)
                return await self._place_question(state, place, pending.then)

        intent = self._procedure_over_intent(parse, text, intent, codes)
        state.last_intent = intent
        faq = self._faq_answer(state, parse, text, intent)
        if faq is not None:  # precedence: see flows/faq.py
            return [faq]
        if intent == "check_dossier_status":
            if codes.malformed:
                return [self.dossiers.malformed(state)]
            return [self.dossiers.ask_code(state)]
        if intent in PLACE_INTENTS:
            place = self.places.resolve(text)
            return await self._place_question(state, place, PLACE_INTENTS[intent])
        if intent == "ask_procedure_where" and procedure is None and not self.talk.offered(parse):
            # "làm giấy tờ ở đâu phường Bến Nghé": no procedure, but a place: its centre.
            place = self.places.resolve(text)
            if place.kind in ("legacy_ward", "current_unit"):
                return await self._place_question(state, place, "centre")
        if procedure or intent in ASKS_OR_UNSURE or parse.fallback:
            # A pension or a complaint: not in the catalogue, whatever neighbour matched.
            topic = self.talk.uncovered(parse, text)
            if topic is not None:
                state.procedure = None
                return [self.talk.not_in_catalogue(text, topic)]
        if intent in INTENT_ASPECT or (aspects and procedure):
            aspects = aspects or (INTENT_ASPECT[intent],)
            replies = self.talk.procedure_question(state, parse, text, aspects)
            answered = replies[0].meta.get("procedure")
            if "where" in aspects and answered:
                replies += await self._centre_for_procedure(state, text, answered)
            return replies
        if intent == "delete_my_data":
            return [self._confirm_delete()]
        if procedure and (parse.fallback or intent in ("out_of_scope", "help", *SMALL_TALK)):
            # A long story the classifier is unsure of, about a procedure found clearly:
            # answer what its words ask ("... thì cần gì" asks for the documents). Small
            # talk names no procedure: one found clearly was what the message was about.
            asked = parse.aspects or (("conditions",) if parse.yes_no else ())
            return [
                self.talk.with_alternatives(
                    self.talk.answer(state, procedure.value, asked, text), parse
                )
            ]
        if intent in SMALL_TALK:
            return [Reply(self.t(SMALL_TALK[intent]), kind=intent)]
        if intent == "help":
            return [self.talk.help()]
        if intent == "request_human":
            return await self.people.ask_for_person(turn, state, uow, "request_human")
        if parse.fallback:
            # A bare place name ("phường 13 quận 4") is not understood as a question but is
            # most likely one about that place; a confident out_of_scope stays out of scope.
            place = self.places.resolve(text)
            if place.kind in ("legacy_ward", "legacy_district", "current_unit"):
                return await self._place_question(state, place, "convert")
            if mentions_unknown_procedure(text):
                return [self.talk.not_in_catalogue(text)]
        # Procedures were found but the classifier is unsure what is asked, or read "out
        # of scope" a message that names procedures well ("tách thửa hay tặng cho đất cho
        # con"): which procedure, not "not understood".
        offered = self.talk.offered(parse)
        unsure = parse.fallback and intent not in SMALL_TALK
        if offered and (
            unsure or (intent == "out_of_scope" and offered[0].score >= NAMES_A_PROCEDURE)
        ):
            return [self.talk.ask_which(state, offered, parse.aspects)]
        return [self.talk.not_understood(parse)]

    def _faq_answer(
        self, state: ConversationState, parse: Parse, text: str, intent: str
    ) -> Reply | None:
        """The published FAQ entry the message asks, for the unit it names or the one
        remembered; None leaves the turn to the other flows."""
        if not self.faq.holder.current.entries:
            return None
        procedure = parse.entity("procedure")
        named = [procedure] if procedure is not None else self.talk.offered(parse)
        place, names = self.places.faq_scope(state, text)
        hit = self.faq.find(text, intent, place, tuple(c.value for c in named), names)
        if hit is None:
            return None
        if hit.entry.procedure_code:
            info = self.catalogue.by_code(hit.entry.procedure_code)
            state.procedure = info.slug if info else state.procedure
        return self.faq.reply(hit)

    def _procedure_over_intent(self, parse: Parse, text: str, intent: str, codes) -> str:
        """A message that clearly names a procedure is a question about it, whatever else
        the classifier read into it: "hồ sơ làm hộ chiếu gồm những gì" is no dossier to
        look up, "xóa tạm trú chỗ cũ" no request to delete the user's data, "làm người
        giám hộ cho cháu" no request for a person, and "thẻ tạm trú làm ở đâu" names no
        place to look up."""
        procedure = parse.entity("procedure")
        named = procedure is not None or bool(self.talk.offered(parse))
        if not named or intent in INTENT_ASPECT:
            return intent
        if intent == "check_dossier_status" and not codes.malformed:
            return "ask_procedure_requirements"
        if intent in ("delete_my_data", "request_human") and procedure is not None:
            return "ask_procedure_requirements"
        if intent in PLACE_INTENTS and self.places.resolve(text).kind == "none":
            return "ask_procedure_where"
        return intent

    @staticmethod
    def _aspects(parse: Parse, intent: str) -> tuple[str, ...]:
        """Every aspect asked: the cue phrases found, else the intent's own aspect; a
        yes/no question naming no aspect asks about the conditions."""
        if parse.aspects:
            return parse.aspects
        if parse.yes_no and intent in INTENT_ASPECT and intent != "ask_online_submission":
            return ("conditions",)
        return (INTENT_ASPECT[intent],) if intent in INTENT_ASPECT else ()

    async def _place_question(
        self, state: ConversationState, place: Resolution, then: str
    ) -> list[Reply]:
        if then == "convert":
            return self.places.convert(state, place)
        target = await self.places.target(state, place, then)
        if isinstance(target, list):
            return target
        if then == "hours":
            return await self.places.hours(state, target)
        return await self.places.centre(state, target)

    async def _centre_for_procedure(
        self, state: ConversationState, text: str, slug: str
    ) -> list[Reply]:
        """After "where to submit" a commune-level procedure, the user's own centre."""
        info = self.catalogue.get(slug)
        if info is None or not info.level or not info.level.lower().startswith("cấp xã"):
            return []
        unit = self.places.unit_of(self.places.resolve(text)) or self.places.remembered(state)
        if unit is None:
            return []
        self.places.remember(state, unit)
        return await self.places.centre(state, unit)

    def _confirm_delete(self) -> Reply:
        labels = self.t.section("buttons")
        return Reply(
            self.t("delete_confirm"),
            buttons=(
                Button(labels["yes_delete"], "delete:yes"),
                Button(labels["no_keep"], "delete:no"),
            ),
            kind="delete_confirm",
        )

    async def _on_payload(
        self, turn: Turn, state: ConversationState, payload: str, uow: UnitOfWork
    ) -> tuple[list[Reply], bool]:
        action = parse_action(payload)
        replies = await self._on_action(turn, state, action, uow) if action else None
        if replies is None:  # not a payload of ours, or one whose choice no longer exists
            logger.info("unknown or outdated button payload on %s", turn.channel)
            return [Reply(self.t("unknown_button"), kind="unknown_button")], True
        return replies, not isinstance(action, DeleteData) or not action.confirmed

    async def _on_action(
        self, turn: Turn, state: ConversationState, action: Action, uow: UnitOfWork
    ) -> list[Reply] | None:
        chat_id = turn.chat_id or turn.user_id
        people = await self.people.on_action(turn, state, action, uow)
        if people is not None:
            return people
        match action:
            case Start(parameter):
                if parameter:
                    logger.info("start with a deep-link parameter on %s", turn.channel)
                return [Reply(self.t("greet"), kind="greet"), self.talk.help()]
            case Help():
                return [self.talk.help()]
            case ShowMenu(aspect):
                aspects = (aspect,) if aspect in INTENT_ASPECT.values() else ()
                if aspect is not None:
                    state.pending = ChooseProcedure(aspects)
                buttons = self.talk.procedure_buttons(aspects)
                return [Reply(self.t("menu"), buttons=buttons, kind="menu")]
            case PickProcedure(slug, aspect):
                if self.catalogue.get(slug) and aspect in (None, *ALL_ASPECTS, "all"):
                    state.pending = None
                    return [self.talk.answer(state, slug, (aspect,) if aspect else ())]
            case PickCase(slug, case):
                info = self.catalogue.get(slug)
                if info and (case is None or case < len(document_cases(info))):
                    state.pending = None
                    state.procedure = info.slug
                    answer = self.answers.answer(info, ("requirements",), case=case, guided=False)
                    return [answer]
            case PickPlace(index):
                pending = state.pending
                replies = await self.places.choose(state, index)
                unit = self.places.remembered(state)
                if isinstance(pending, ChoosePlace) and pending.then == Then.HANDOFF and unit:
                    return await self.people.handoff.open(turn, state, uow, unit, "request_human")
                return replies
            case FollowDossier(code):
                reply = await self.dossiers.follow(uow, turn.channel, chat_id, turn.user_id, code)
                return [reply]
            case UnfollowDossier(code):
                return [await self.dossiers.unfollow(uow, turn.channel, chat_id, code)]
            case AskIntent("check_dossier_status"):
                return [self.dossiers.ask_code(state)]
            case AskIntent(intent) if intent in PLACE_INTENTS:
                empty = Resolution(kind="none")
                return await self._place_question(state, empty, PLACE_INTENTS[intent])
            case AskIntent(intent) if intent in INTENT_ASPECT:
                return [self.talk.ask_aspect(state, (INTENT_ASPECT[intent],))]
            case RequestHuman():
                self.insights.file_request_for_person(turn, state, uow)
                return await self.people.ask_for_person(turn, state, uow, "button")
            case RateAnswer() | ExplainRating():
                return self.insights.on_action(turn, state, action, uow)
            case DeleteData(confirmed=True):
                uow.delete_user_data(turn.channel, turn.user_id)
                return [Reply(self.t("deleted"), kind="deleted")]
            case DeleteData(confirmed=False):
                return [Reply(self.t("delete_cancelled"), kind="delete_cancelled")]
        return None
