"""What a pressed button does (its payload parsed by :mod:`flows.actions`; a typed
number or label presses it too: :mod:`flows.typed_choice`): a greeting, the menu, a
procedure's or a case's answer, a place, following a dossier, a person, a rating, the
deletion of one's data. A payload that is not ours, or whose choice no longer exists,
is answered "this choice is outdated". Mixed into :class:`flows.dialogue.Dialogue`.
"""

from __future__ import annotations

import logging

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
from flows.dossier import DossierFlow
from flows.handoff_wording import ASK_UNIT_AGAIN, ASKED_AGAIN
from flows.insights import Insights
from flows.intent_routing import PLACE_INTENTS, IntentRouter
from flows.people import People
from flows.places import PlaceFlow
from flows.procedure_answers import ALL_ASPECTS, ProcedureAnswers, document_cases
from flows.procedure_talk import ProcedureTalk
from flows.procedures import INTENT_ASPECT
from flows.state import ChoosePlace, ChooseProcedure, ChosenCase, ConversationState, Then
from flows.templates import Templates
from flows.types import Reply, Turn
from flows.unit_of_work import UnitOfWork
from knowledge.places.units import Resolution
from knowledge.procedures.records import Catalogue

logger = logging.getLogger(__name__)


class ButtonActions:
    """A button's action answered with the dialogue's flows."""

    t: Templates
    catalogue: Catalogue
    answers: ProcedureAnswers
    talk: ProcedureTalk
    places: PlaceFlow
    dossiers: DossierFlow
    people: People
    router: IntentRouter
    insights: Insights

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
                    # the aspects asked with "which procedure?" (a button carries one)
                    waiting = state.pending
                    asked = waiting.aspects if isinstance(waiting, ChooseProcedure) else ()
                    state.pending = None
                    return [self.talk.answer(state, slug, (aspect,) if aspect else asked)]
            case PickCase(slug, case):
                info = self.catalogue.get(slug)
                if info and (case is None or case < len(document_cases(info))):
                    state.pending = None
                    state.procedure = info.slug
                    state.chosen_case = ChosenCase(info.slug, case) if case is not None else None
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
                return await self.router.place_question(state, empty, PLACE_INTENTS[intent])
            case AskIntent(intent) if intent in INTENT_ASPECT:
                return [self.talk.ask_aspect(state, (INTENT_ASPECT[intent],))]
            case RequestHuman():
                replies = await self.people.ask_for_person(
                    turn, state, uow, "button", state.pending
                )
                if not replies or replies[0].kind not in (ASKED_AGAIN, ASK_UNIT_AGAIN):
                    self.insights.file_request_for_person(turn, state, uow)  # once per request
                return replies
            case RateAnswer() | ExplainRating():
                return self.insights.on_action(turn, state, action, uow)
            case DeleteData(confirmed=True):
                uow.delete_user_data(turn.channel, turn.user_id)
                return [Reply(self.t("deleted"), kind="deleted")]
            case DeleteData(confirmed=False):
                return [Reply(self.t("delete_cancelled"), kind="delete_cancelled")]
        return None
