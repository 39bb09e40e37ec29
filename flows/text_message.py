"""What a typed message is routed to, once the dialogue has checked it.

A dossier code answers itself, whatever words surround it; a short message answers a
pending "delete everything?" (a clear yes does what the button does); otherwise the NLU
reads it: a case typed for "which case is yours?", the emergency numbers first when
somebody may be in danger, a question about the dossier just looked up, and else the
flow :mod:`flows.intent_routing` picks. Mixed into :class:`flows.dialogue.Dialogue`.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable

from flows.actions import Action, DeleteData
from flows.dossier import DossierFlow
from flows.intent_routing import IntentRouter, reads_as_follow_up
from flows.people import DELETE_ANSWER_WORDS
from flows.places import PlaceFlow
from flows.procedure_talk import ProcedureTalk
from flows.procedures import names_nothing
from flows.state import AskDossierCode, ChooseCase, ConfirmDelete, ConversationState
from flows.templates import Templates
from flows.typed_text import read_delete_answer
from flows.types import Button, Reply, Turn
from flows.unit_of_work import UnitOfWork
from nlu.cues import is_self_harm
from nlu.service import Nlu
from nlu.terms import content_words
from nlu.types import Parse

logger = logging.getLogger(__name__)


class TextMessages:
    """A typed message's answer; the dialogue's flows and its buttons' actions
    (:class:`flows.button_actions.ButtonActions`) answer it."""

    t: Templates
    nlu: Nlu
    talk: ProcedureTalk
    places: PlaceFlow
    dossiers: DossierFlow
    router: IntentRouter
    _on_action: Callable[
        [Turn, ConversationState, Action, UnitOfWork], Awaitable[list[Reply] | None]
    ]

    def _qualifying(self, state: ConversationState, parse: Parse, text: str) -> Parse:
        """ "nếu vợ là người nước ngoài thì sao" after a marriage's documents: a follow-up
        that names no procedure but a case of the one discussed is about that
        procedure's variant for it, when the catalogue has one (the marriage with a
        foreign element): its name holds every word of the discussed one's. Otherwise
        ``parse`` as it was (the same procedure's cases are its own answer's)."""
        discussed = self.talk.catalogue.get(state.procedure)
        if (
            discussed is None
            or parse.entity("procedure") is not None
            or not reads_as_follow_up(text)
            or names_nothing(text)
        ):
            return parse
        match = self.nlu.find_procedure(f"{discussed.name} {text}")
        found = match.resolved
        variant = self.talk.catalogue.get(found.value) if found is not None else None
        if variant is None or variant is discussed:
            return parse
        if not content_words(discussed.name) <= content_words(variant.name):
            return parse
        logger.info("a follow-up read as %s, a variant of %s", variant.code, discussed.code)
        others = tuple(e for e in parse.entities if e.type != "procedure")
        return dataclasses.replace(parse, entities=(found, *others), candidates=match.candidates)

    async def _on_text(
        self, turn: Turn, state: ConversationState, text: str, uow: UnitOfWork
    ) -> tuple[list[Reply], bool]:
        codes = self.dossiers.scan(text)
        if codes.codes:
            # A dossier code is unmistakable, whatever words surround it.
            state.pending = None
            state.last_intent = "check_dossier_status"
            return await self.dossiers.lookup_all(state, codes.codes, turn.channel), True
        if isinstance(state.pending, ConfirmDelete):
            if len(text.split()) <= DELETE_ANSWER_WORDS:
                return await self._on_delete_answer(turn, state, text, uow)
            state.pending = None  # a question of its own: the deletion is passed over
        if isinstance(state.pending, AskDossierCode) and codes.malformed:
            return [self.dossiers.malformed(state)], True
        parse = self._qualifying(state, await self.nlu.parse(text), text)
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
        if isinstance(state.pending, ChooseCase) and not parse.emergency:
            case = self.talk.typed_case(state.pending, parse, text)
            if case is not None:  # answered as its button would be
                return await self._on_action(turn, state, case, uow) or [], True
        if parse.emergency and parse.intent == "request_human":
            # "có người bị tai nạn" read as asking for a person: the numbers are the help,
            # not a volunteer team asking for the ward
            return [self._emergency_reply(text)], True
        asked = self.dossiers.question_about_last(state, parse)
        if asked is not None:  # "cần bổ sung gì" after a lookup: that dossier's answer
            state.pending = None
            return await self.dossiers.answer_about_last(state, asked, turn.channel), True
        replies = await self.router.route(turn, state, parse, text, codes, uow)
        if any(r.kind == "delete_confirm" for r in replies):
            state.pending = ConfirmDelete()  # a typed yes or no answers it too
        if replies and replies[0].kind == "procedure_unknown":
            # (a follow-up in the next turn, "lệ phí bao nhiêu", is about the same matter)
            self.talk.remember_unheld(state, replies[0])
            # Not in the catalogue, and we know where the citizen is: their hotline too
            # (of the place this message names, else of the one they spoke of before).
            lines = await self.places.hotline_lines(state, text)
            if lines:
                text_ = "\n".join([replies[0].text, "", *lines])
                replies = [dataclasses.replace(replies[0], text=text_), *replies[1:]]
        if parse.emergency:
            # Somebody may be in danger: the emergency numbers come before anything else.
            if replies and replies[0].kind in ("out_of_scope", "not_understood", "declined"):
                replies = []
            return [self._emergency_reply(text), *replies], True
        return replies, True

    def _emergency_reply(self, text: str) -> Reply:
        """The emergency numbers and their source, after a caring sentence for somebody
        who speaks of taking their own life."""
        lines = [self.t("emergency"), self.t("emergency_source")]
        if is_self_harm(text):
            lines.insert(0, self.t("emergency_self_harm"))
        return Reply("\n".join(lines), kind="emergency")

    async def _on_delete_answer(
        self, turn: Turn, state: ConversationState, text: str, uow: UnitOfWork
    ) -> tuple[list[Reply], bool]:
        """A typed answer to "delete everything?": a clear yes does what the button
        does, a clear no keeps everything, anything else asks again."""
        answer = read_delete_answer(text, self.t.section("delete_answers"))
        if answer is None:
            logger.info("unclear answer to the deletion question on %s", turn.channel)
            labels = self.t.section("buttons")
            buttons = (
                Button(labels["yes_delete"], "delete:yes"),
                Button(labels["no_keep"], "delete:no"),
            )
            return [Reply(self.t("delete_unclear"), buttons=buttons, kind="delete_confirm")], True
        state.pending = None
        replies = await self._on_action(turn, state, DeleteData(answer), uow)
        return replies or [], not answer
