"""The dialogue: one turn in, replies out, state kept in the database.

The same Dialogue serves Telegram, the web chat, the REST API and the terminal; it knows
nothing about any of them. It runs each turn as one unit of work (retried when its save
lost a race: ``run_unit``, which other work that writes as a turn does uses too), checks
the input (cleaned by :mod:`flows.typed_text`), and routes buttons (what each does:
:mod:`flows.button_actions`; typed ones too: :mod:`flows.typed_choice`), locations and
typed messages (:mod:`flows.text_message`: the NLU reads them; which flow answers an
understood message is decided by :mod:`flows.intent_routing`).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import random
import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

from flows.actions import DeleteData, parse_action
from flows.button_actions import ButtonActions
from flows.centre_answers import Centres
from flows.commands import typed_command
from flows.config import DialogueSettings, HandoffSettings
from flows.dossier import DossierFlow
from flows.faq import FaqAnswers, FaqIndexHolder
from flows.format import number
from flows.handoff import Clock, HandoffFlow, utc_now
from flows.insights import Insights
from flows.intent_routing import IntentRouter
from flows.knowledge_gate import KnowledgeGate
from flows.people import CAPTION_READ, People, delete_question
from flows.places import PlaceFlow
from flows.procedure_answers import ProcedureAnswers
from flows.procedure_talk import ProcedureTalk
from flows.state import ChooseCase, ConfirmDelete, ConversationState
from flows.templates import Templates, default_templates
from flows.text_message import TextMessages
from flows.typed_choice import TypedChoices
from flows.typed_text import clean_text, has_words
from flows.types import Reply, Turn
from flows.unit_of_work import KeyedLock, UnitOfWork, UnitOfWorkFactory
from flows.volunteer_tools import VolunteerTools
from flows.volunteers import VolunteerFlow
from knowledge.places.admin_map import AdminMap
from knowledge.procedures.records import Catalogue
from knowledge.storage.db import DatabaseUnavailable
from knowledge.storage.outbox import OutgoingMessage
from knowledge.storage.people import ConflictingWrite
from knowledge.storage.processed import DuplicateTurn
from knowledge.storage.unit_of_work import ConcurrentUpdate, DatabaseBusy
from nlu.service import Nlu

logger = logging.getLogger(__name__)

TURN_ATTEMPTS = 8  # a turn whose save lost a race (or met a locked database) runs again
RETRY_PAUSE_S = 0.05  # times the attempt number, at most; random, so retries spread out

T = TypeVar("T")


class Dialogue(TextMessages, ButtonActions):
    """Handles one turn: input checks, understanding, the right flow, saved state."""

    reads_media = True  # a photo, a sticker... is a turn too (``Turn.media``)

    def __init__(
        self,
        centres: Centres,
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
        self.answers = ProcedureAnswers(self.t, settings, clock)
        self.talk = ProcedureTalk(catalogue, self.answers, self.t, settings)
        self.places = PlaceFlow(admin_map, centres, self.t)
        self.insights = Insights(catalogue, admin_map, self.t)
        self.dossiers = dossiers
        self.unit_of_work = unit_of_work
        # channels whose replies go out through the outbox (a deliverer sends them);
        # on the others the interface answers the request with the returned replies
        self.queued_channels = queued_channels
        # published FAQ entries: read from the holder each turn (swapped on publishing)
        faq_answers = FaqAnswers(faq or FaqIndexHolder(), self.t, catalogue)
        # a 👍/👎 names a published FAQ entry (flows.insights)
        self.insights.faq_known = lambda faq_id: faq_id in self.faq.holder.current.entries
        self._conversations = KeyedLock()
        self.gate = KnowledgeGate()
        volunteers = VolunteerFlow(admin_map, clock)
        self.people = People(
            HandoffFlow(self.places, handoff or HandoffSettings(), self.insights.redacted, clock),
            volunteers,
            VolunteerTools(volunteers, self.places, lambda: self.catalogue),
            self.t,
        )
        self.choices = TypedChoices(self.t)  # "2", "xem đầy đủ": the button it names
        self.router = IntentRouter(
            catalogue, self.talk, self.places, self.people, dossiers, faq_answers, self.t
        )
        # told of what each commit queued in the outbox (wakes deliverers, web streams)
        self.outbox_listeners: list = []

    @property
    def faq(self) -> FaqAnswers:
        """The published FAQ entries' answers (the router's: it weighs them first)."""
        return self.router.faq

    @faq.setter
    def faq(self, faq: FaqAnswers) -> None:
        self.router.faq = faq

    def use_catalogue(self, catalogue: Catalogue) -> None:
        """Answer from ``catalogue`` from now on (call inside ``gate.swap``)."""
        self.catalogue = catalogue
        self.router.catalogue = catalogue
        self.talk.catalogue = catalogue
        self.dossiers.catalogue = catalogue
        self.faq.catalogue = catalogue
        self.insights.catalogue = catalogue

    @property
    def clock(self) -> Clock:
        """The clock requests for a person are dated by (the handoff flow's, read each
        time: whoever sets that one moves this one)."""
        return self.people.handoff.clock

    async def handle(self, turn: Turn) -> list[Reply]:
        """Answer one turn in one unit of work (``run_unit``).

        Turns of one conversation run one after the other in this process; a save that
        another process beat (or a database that stayed locked) runs the turn again on
        the newer state, up to ``TURN_ATTEMPTS`` times. Raises DatabaseUnavailable when
        state cannot be read or saved.
        """
        redeliverable = turn.turn_id is not None  # the channel's own id: it may come again
        if turn.text is not None:  # cleaned once, here: every reader and the store see this
            turn = dataclasses.replace(turn, text=clean_text(turn.text))
        if turn.turn_id is None:
            turn = dataclasses.replace(turn, turn_id=uuid.uuid4().hex)
        async with self._conversations.hold((turn.channel, turn.user_id)):
            try:
                replies, removed = await self.run_unit(
                    lambda uow: self._turn(turn, uow, redeliverable),
                    f"turn on {turn.channel}",
                    operation="save conversation",
                    reads_knowledge=True,
                )
            except DuplicateTurn:
                logger.info("input on %s handled already; not again", turn.channel)
                return []
        if removed:
            logger.info("deleted %d stored rows at the user's request (%s)", removed, turn.channel)
        return replies

    async def run_unit(
        self,
        act: Callable[[UnitOfWork], Awaitable[T]],
        what: str,
        *,
        operation: str,
        reads_knowledge: bool = False,
    ) -> tuple[T, int]:
        """Run ``act`` in one unit of work as a turn runs: open it, act, commit, and tell
        the outbox listeners what the commit queued; ``act``'s result and the rows the
        commit deleted.

        A commit that another process beat (or a database that stayed locked) runs
        ``act`` again on fresh reads, up to ``TURN_ATTEMPTS`` times, then raises
        DatabaseUnavailable(``operation``); ``what`` names the work in the log (nothing
        personal). ``reads_knowledge``: each attempt sees one version of the knowledge
        (``gate``). Anything else ``act`` or the commit raises (DuplicateTurn...) ends it.
        """
        for attempt in range(1, TURN_ATTEMPTS + 1):
            try:
                async with (
                    self.gate.turn() if reads_knowledge else contextlib.nullcontext(),
                    self.unit_of_work() as uow,
                ):
                    done = await act(uow)
                    removed = await uow.commit()
                    for listener in self.outbox_listeners:
                        listener(uow.sent)
                return done, removed
            except (ConcurrentUpdate, ConflictingWrite, DatabaseBusy) as exc:
                if attempt == TURN_ATTEMPTS:
                    raise DatabaseUnavailable(operation) from exc
                logger.info(
                    "%s tried again (%s), attempt %d", what, type(exc).__name__, attempt + 1
                )
                await asyncio.sleep(random.uniform(0, RETRY_PAUSE_S * attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    async def _turn(self, turn: Turn, uow: UnitOfWork, redeliverable: bool) -> list[Reply]:
        """Read the conversation, answer, and record what to write (not committed)."""
        if redeliverable:
            uow.mark_processed(f"{turn.channel}:{turn.turn_id}")
        stored = await uow.load_conversation(turn.channel, turn.user_id)
        state = ConversationState.from_dict(stored.state)
        state.last_intent = None  # set again once this turn's text is understood
        choice = self.choices.read(turn, state)  # only a button's number or label, typed
        if choice is not None and choice.payload is None:  # a number no button has
            replies, keep = [self.choices.again(state)], True
        else:
            turn = choice.pressed(turn) if choice is not None else turn
            replies, keep = await self._respond(turn, state, uow)
            # a volunteer's answer about a procedure offers a card, typed or pressed
            replies = self.people.for_volunteer(state, replies, self.catalogue)
        if keep:  # (not after "delete my data": nothing of the person is recorded)
            replies = self.insights.observe(turn, state, replies, uow)
            if turn.text and turn.payload is None and turn.location is None and replies:
                # (observe keeps the message redacted in last_question)
                self.people.handoff.remember_lines(state, state.last_question or "", replies)
            self.choices.remember(state, replies)  # (none: a number typed later is no choice)
            state.turns += 1
            uow.save_conversation(
                turn.channel, turn.user_id, state.to_dict(), stored.version, turn.role
            )
        if turn.channel in self.queued_channels:
            recipient = turn.chat_id or turn.user_id
            for i, reply in enumerate(replies):
                key = f"turn:{turn.channel}:{turn.turn_id}:{i}"
                uow.send(OutgoingMessage(key, turn.channel, recipient, reply.to_dict()))
        return replies

    def error_reply(self, exc: BaseException) -> Reply:
        """The polite reply an interface sends when handling a turn failed."""
        if isinstance(exc, DatabaseUnavailable):
            return Reply(self.t("database_unavailable"), kind="error")
        return Reply(self.t("error"), kind="error")

    async def _respond(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork
    ) -> tuple[list[Reply], bool]:
        # a command typed on the web or in the terminal ("/xong") is what Telegram sends
        payload = turn.payload if turn.payload is not None else typed_command(turn.text or "")
        pressed_or_shared = payload is not None or turn.location is not None
        confirming = isinstance(state.pending, ConfirmDelete)
        if isinstance(state.pending, ConfirmDelete | ChooseCase) and pressed_or_shared:
            state.pending = None  # answered by its button, or passed over for another
        if payload is not None and not confirming and parse_action(payload) == DeleteData(True):
            # "Có, xóa hết" of an old question (still on screen): deleting everything
            # needs the question asked now, so it is asked again
            logger.info("an old deletion button pressed on %s: asked again", turn.channel)
            state.pending = ConfirmDelete()
            return [delete_question(self.t)], True
        replies, keep = await self._respond_to(turn, state, payload, uow)
        asked = self.talk.case_question(replies)
        if asked is not None:  # "which case is yours?": a typed case answers it too
            state.pending = asked
        answered = [r for r in replies if r.meta.get("procedure")]
        if answered:  # what was told of it: "thế còn khai tử?" asks the same of another
            state.aspects = tuple(answered[-1].meta.get("aspects", ()))
        return replies, keep

    async def _respond_to(
        self, turn: Turn, state: ConversationState, payload: str | None, uow: UnitOfWork
    ) -> tuple[list[Reply], bool]:
        if turn.media is not None:  # a photo...: passed on, or its caption read as typed
            said = await self.people.on_media(turn, state, uow)
            if not said or said[-1].kind != CAPTION_READ:
                return said, True
            replies, keep = await self._respond_to(
                dataclasses.replace(turn, media=None), state, payload, uow
            )
            return [*said, *replies], keep
        if payload is not None:
            return await self._on_payload(turn, state, payload, uow)
        if turn.location is not None:
            return await self._on_location(turn, state, uow), True
        text = turn.text or ""  # (cleaned in ``handle``)
        if not text:
            logger.info("empty message on %s", turn.channel)
            return [Reply(self.t("empty"), buttons=self.talk.menu_buttons(), kind="empty")], True
        if len(text) > self.settings.max_text_chars:
            logger.info("message too long (%d chars) from %s", len(text), turn.channel)
            reply = self.t(
                "too_long", length=number(len(text)), limit=number(self.settings.max_text_chars)
            )
            return [Reply(reply, kind="too_long")], True
        if not has_words(text):
            logger.info("message without letters or digits on %s", turn.channel)
            return [Reply(self.t("no_letters"), kind="no_letters")], True
        relayed = await self.people.intercept(turn, state, uow, text)
        if relayed is not None:  # a conversation with a person: passed on
            return relayed, True
        return await self._on_text(turn, state, text, uow)

    async def _on_location(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork
    ) -> list[Reply]:
        """A shared location: its unit's centre, or where a request for a person goes."""
        relayed = await self.people.handoff.relay_location(turn, state, uow, turn.location)
        if relayed is not None:  # a helper holds the citizen's request: theirs to see
            return relayed
        handed = await self.people.handoff.open_at_location(turn, state, uow, turn.location)
        if handed is not None:  # the ward of a request for a person: it opens there
            return handed
        return await self.places.at_location(state, turn.location)
