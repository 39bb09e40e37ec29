"""Check my dossier: find the code, ask the right source, answer without personal data.

Follow-up (subscriptions and status-change messages) lives here too, so the
REST push, the poller and the dialogue share one way of telling the user. A status-change
message's buttons become the follower's conversation's last offered ones, as a turn's
replies' are (a typed "1" then presses its "Hủy theo dõi", not a button of the turn before).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace

from flows.dossier_questions import DossierQuestion, DossierQuestions, default_dossier_questions
from flows.format import date, date_time
from flows.redact import redact_numbers
from flows.state import AskDossierCode, ConversationState
from flows.templates import Templates
from flows.typed_choice import TypedChoices
from flows.types import Button, Reply
from flows.unit_of_work import UnitOfWork
from knowledge.dossiers.codes import EXAMPLE_CODE, CodeScan, scan_codes
from knowledge.dossiers.records import (
    FINAL_STATUSES,
    STATUS_NAMES,
    DossierRecord,
    SourceUnavailable,
    StatusChange,
)
from knowledge.dossiers.registry import LocalRegistry
from knowledge.dossiers.router import DossierRouter
from knowledge.procedures.records import Catalogue
from knowledge.storage.conversations import FollowerConversation
from knowledge.storage.outbox import OutgoingMessage
from nlu.types import Parse

logger = logging.getLogger(__name__)

# A citizen must hear back within 5 seconds, even from a slow provincial system.
LOOKUP_DEADLINE_S = 4.5
# Channels that can receive a message later (a push when the status changes).
FOLLOWABLE_CHANNELS = frozenset({"telegram", "web"})
# Intents that are never a question about a dossier, whatever words they share with one
# ("cảm ơn, khi nào cần em hỏi tiếp", "trung tâm mở cửa khi nào").
NOT_ABOUT_A_DOSSIER = frozenset(
    {
        "affirm",
        "ask_opening_hours",
        "convert_old_address",
        "delete_my_data",
        "deny",
        "goodbye",
        "greet",
        "help",
        "request_human",
        "thank",
    }
)


# Right after a lookup, a question about the dossier ("cần bổ sung giấy tờ gì") is about
# it unless the message names a procedure at least this clearly: a weaker match was made
# of the question's own words ("bổ sung giấy" of "bổ sung giấy khai sinh", 0.59)
NAMED = 0.65


@dataclass(frozen=True)
class Notification:
    """A message for one subscriber not yet told a dossier's new status; queued in
    the outbox by :meth:`DossierFlow.announce`."""

    subscription_id: int
    channel: str
    chat_id: str
    user_id: str
    code: str
    status: int
    replies: tuple[Reply, ...]


class DossierFlow:
    """Status lookups and follow-up subscriptions."""

    def __init__(
        self,
        router: DossierRouter,
        registry: LocalRegistry,
        catalogue: Catalogue,
        templates: Templates,
        portal_url: str,
        today: Callable[[], dt.date] = dt.date.today,
        source_labels: dict[str, str] | None = None,
        deadline_s: float = LOOKUP_DEADLINE_S,
        questions: DossierQuestions | None = None,
    ) -> None:
        self.router = router
        self.registry = registry
        self.catalogue = catalogue
        self.t = templates
        self.portal_url = portal_url
        self.today = today
        self.source_labels = source_labels or {}
        self.deadline_s = deadline_s
        self.questions = questions or default_dossier_questions()

    def scan(self, text: str) -> CodeScan:
        return scan_codes(text)

    def ask_code(self, state: ConversationState) -> Reply:
        state.pending = AskDossierCode()
        return Reply(self.t("dossier_ask_code", example=EXAMPLE_CODE), kind="dossier_ask_code")

    def malformed(self, state: ConversationState) -> Reply:
        """The text tried to give a code but it is not one (never echoed: it may hold a phone)."""
        state.pending = AskDossierCode()
        return Reply(self.t("dossier_malformed", example=EXAMPLE_CODE), kind="dossier_malformed")

    async def lookup_all(
        self, state: ConversationState, codes: tuple[str, ...], channel: str
    ) -> list[Reply]:
        """One reply per code, looked up concurrently, each within the deadline."""
        results = await asyncio.gather(*(self._lookup(code) for code in codes[:5]))
        replies = []
        for code, result in zip(codes, results, strict=False):
            replies.append(self._render(code, result, channel))
            if code in state.dossiers:
                state.dossiers.remove(code)
            state.dossiers.append(code)  # the last looked up is the one spoken of
        state.dossier_turn = state.turns
        return replies

    def question_about_last(
        self, state: ConversationState, parse: Parse
    ) -> tuple[DossierQuestion, ...] | None:
        """What ``parse`` asks about the dossier this conversation looked up last, or
        None when it is not about it: a follow-up right after a lookup ("cần bổ sung
        những gì", "khi nào có kết quả"), or a dossier question without a code."""
        if not state.dossiers or parse.intent in NOT_ABOUT_A_DOSSIER or parse.emergency:
            return None
        asked = self.questions.read(parse.text)
        right_after = state.dossier_turn == state.turns - 1 and bool(asked)
        procedure = parse.entity("procedure")
        if procedure is not None and not (right_after and (procedure.score or 0.0) < NAMED):
            return None
        if parse.intent == "check_dossier_status":
            return asked or (DossierQuestion.STATUS,)
        return asked if right_after else None

    async def answer_about_last(
        self, state: ConversationState, asked: tuple[DossierQuestion, ...], channel: str
    ) -> list[Reply]:
        """The last dossier looked up, looked up again (its status may have changed), and
        answered for what was asked; the whole status when that is what was asked."""
        code = state.dossiers[-1]
        state.dossier_turn = state.turns
        result = await self._lookup(code)
        if not isinstance(result, DossierRecord) or DossierQuestion.STATUS in asked:
            return [self._render(code, result, channel)]
        reply = self._render(code, result, channel)
        text = self._focused(result, asked)
        return [replace(reply, text=text, kind="dossier_answer")]

    def _focused(self, record: DossierRecord, asked: tuple[DossierQuestion, ...]) -> str:
        """The lines of the status answer that answer ``asked``, under the code; where to
        ask (or bring the papers) is the agency of its last line."""
        lines = [self.t("dossier_about", code=record.code)]
        if DossierQuestion.MISSING in asked:
            if record.status == 5:
                lines += self._missing_lines(record)
            else:
                lines.append(self.t("dossier_not_missing", status=record.status_name))
        if DossierQuestion.WHEN in asked:
            lines.append(self.t("dossier_status", status=record.status_name))
            if record.appointment_on:
                lines += self._appointment_lines(record)
            elif record.status not in FINAL_STATUSES:
                lines.append(self.t("dossier_appointment_unknown"))
        lines += [self._contact(record), "", self._source_line(record)]
        return "\n".join(lines)

    async def _lookup(self, code: str) -> DossierRecord | None | SourceUnavailable:
        source = self.router.source_for(code)
        try:
            return await asyncio.wait_for(self.router.lookup(code), self.deadline_s)
        except TimeoutError:
            logger.warning("dossier lookup for %s timed out at %s", code, source.name)
            return SourceUnavailable(source.name, "deadline")
        except SourceUnavailable as exc:
            logger.warning("dossier source %s unavailable: %s", exc.source, exc.reason)
            return exc

    def _source_label(self, name: str) -> str:
        return self.source_labels.get(name, name)

    def _render(
        self, code: str, result: DossierRecord | None | SourceUnavailable, channel: str
    ) -> Reply:
        if isinstance(result, SourceUnavailable):
            text = self.t(
                "dossier_unavailable", source=self._source_label(result.source), code=code
            )
            return Reply(text, kind="dossier_unavailable")
        if result is None:
            return Reply(
                self.t("dossier_unknown", code=code, portal_url=self.portal_url),
                kind="dossier_unknown",
            )
        labels = self.t.section("buttons")
        buttons = [Button(labels["other_dossier"], "intent:check_dossier_status")]
        if channel in FOLLOWABLE_CHANNELS:
            buttons.insert(0, Button(labels["follow"], f"follow:{code}"))
        return Reply(
            self.describe(result),
            buttons=tuple(buttons),
            kind="dossier_status",
            meta={"code": code, "status": result.status},
        )

    def describe(self, record: DossierRecord) -> str:
        """The status answer: never a name, ID or phone number, even in notes."""
        lines = [
            self.t("dossier_head", code=record.code),
            self.t("dossier_status", status=record.status_name),
        ]
        procedure = record.procedure_name or self._procedure_name(record.procedure_code)
        if procedure:
            lines.append(self.t("dossier_procedure", procedure=redact_numbers(procedure)))
        if record.received_on:
            lines.append(self.t("dossier_received", date=date(record.received_on)))
        if record.appointment_on:
            lines += self._appointment_lines(record)
        if record.status == 5:
            lines += self._missing_lines(record, with_note=False)
        if record.note:
            lines.append(self.t("dossier_note", note=redact_numbers(record.note)))
        if record.agency:
            lines.append(self.t("dossier_agency", agency=redact_numbers(record.agency)))
        lines += [self._contact(record), "", self._source_line(record)]
        return "\n".join(lines)

    def _appointment_lines(self, record: DossierRecord) -> list[str]:
        lines = [self.t("dossier_appointment", date=date(record.appointment_on))]
        today = self.today()
        if record.overdue(today):
            days = (today - record.appointment_on).days
            lines.append(self.t("dossier_overdue", days=days))
        elif record.status not in FINAL_STATUSES:
            lines.append(self.t("dossier_on_time"))
        return lines

    def _missing_lines(self, record: DossierRecord, with_note: bool = True) -> list[str]:
        """The papers a dossier waiting for more (status 5) needs, as the source says."""
        if record.missing_documents:
            return [
                self.t("dossier_missing_head"),
                *(f"  {n}. {redact_numbers(d)}" for n, d in enumerate(record.missing_documents, 1)),
            ]
        if record.note:
            return [self.t("dossier_note", note=redact_numbers(record.note))] if with_note else []
        return [self.t("dossier_missing_unknown")]

    def _contact(self, record: DossierRecord) -> str:
        if record.agency:
            return self.t("dossier_contact", agency=redact_numbers(record.agency))
        return self.t("dossier_contact_unknown")

    def _source_line(self, record: DossierRecord) -> str:
        when = date_time(record.updated_at) if record.updated_at else date(self.today())
        return self.t("dossier_source", source=self._source_label(record.source), when=when)

    def _procedure_name(self, code: str | None) -> str | None:
        if not code:
            return None
        for info in self.catalogue.all():
            if info.code == code:
                return info.name
        return code

    # ---- follow-up -------------------------------------------------------------------

    async def follow(
        self, uow: UnitOfWork, channel: str, chat_id: str, user_id: str, code: str
    ) -> Reply:
        """Follow ``code`` in this chat, written when the turn's ``uow`` commits."""
        if channel not in FOLLOWABLE_CHANNELS:
            return Reply(self.t("dossier_follow_unavailable"), kind="dossier_follow_unavailable")
        try:
            record = await asyncio.wait_for(self.router.lookup(code), self.deadline_s)
        except (TimeoutError, SourceUnavailable):
            record = None
        status = record.status if record else None
        created = await uow.follow_dossier(channel, chat_id, user_id, code, status)
        key = "dossier_followed" if created else "dossier_already_followed"
        labels = self.t.section("buttons")
        return Reply(
            self.t(key, code=code),
            buttons=(Button(labels["unfollow"], f"unfollow:{code}"),),
            kind="dossier_followed",
        )

    async def unfollow(
        self, uow: UnitOfWork, channel: str, chat_id: str, code: str | None = None
    ) -> Reply:
        """Stop following ``code`` (every dossier when None), when the turn's ``uow`` commits."""
        count = await uow.unfollow_dossiers(channel, chat_id, code)
        if not count:
            return Reply(self.t("dossier_nothing_followed"), kind="dossier_unfollowed")
        return Reply(self.t("dossier_unfollowed", count=count), kind="dossier_unfollowed")

    async def notifications_for(self, change: StatusChange) -> list[Notification]:
        """One message per subscriber who has not yet been told the new status."""
        subscribers = await self.registry.subscribers(change.code)
        if not subscribers:
            return []
        record = change.record or await self.registry.lookup(change.code)
        notes = []
        for sub in subscribers:
            if sub.last_status == change.new_status:
                continue
            old = sub.last_status if sub.last_status is not None else change.old_status
            if old is not None:
                head = self.t(
                    "dossier_changed",
                    code=change.code,
                    old=_status_name(old),
                    new=_status_name(change.new_status),
                )
            else:
                head = self.t(
                    "dossier_changed_first", code=change.code, new=_status_name(change.new_status)
                )
            body = self.describe(record) if record else ""
            labels = self.t.section("buttons")
            reply = Reply(
                f"{head}\n\n{body}".strip(),
                buttons=(Button(labels["unfollow"], f"unfollow:{change.code}"),),
                kind="dossier_changed",
            )
            notes.append(
                Notification(
                    sub.id,
                    sub.channel,
                    sub.chat_id,
                    sub.user_id,
                    change.code,
                    change.new_status,
                    (reply,),
                )
            )
        return notes

    async def announce(self, uow: UnitOfWork, change: StatusChange) -> int:
        """Queue the change for every subscriber not yet told, in ``uow``; each
        subscriber is told each new status once, all of its replies in order or none
        (see ``UnitOfWork.tell_subscriber``), and the message's buttons are remembered
        with it (``_offer``).

        ``uow``'s commit raises ConcurrentUpdate (nothing queued, nobody told) when a
        follower's turn saved their conversation after it was read here: announce again
        in a new unit of work. So whichever of the two commits last has its buttons
        remembered, as its message is the one shown last; a turn that lost to the
        announcement runs again on the state that holds the notification's buttons."""
        notes = await self.notifications_for(change)
        for note in notes:
            batch = f"dossier:{note.subscription_id}:{note.status}:{uuid.uuid4().hex}"
            messages = tuple(
                OutgoingMessage(f"{batch}:{i}", note.channel, note.chat_id, reply.to_dict())
                for i, reply in enumerate(note.replies)
            )
            offer = await self._offer(uow, note)
            uow.tell_subscriber(note.subscription_id, note.status, messages, offer)
        return len(notes)

    async def _offer(self, uow: UnitOfWork, note: Notification) -> FollowerConversation | None:
        """The follower's conversation with ``note``'s buttons as its last offered buttons
        (``ConversationState.offered``, read by flows.typed_choice), to be saved with its
        version checked and only if ``uow`` tells them ``note``.

        Only in the follower's own chat (the web chat, a private Telegram chat: chat =
        user), where they type to the bot; a group's message is not in that chat. Not
        when the follower has no conversation stored: none is made for a message they did
        not write (it would keep data about them that nothing asked for), and with no
        buttons remembered a typed "1" picks nothing, so nothing wrong either."""
        if note.chat_id != note.user_id:
            return None
        stored = await uow.load_conversation(note.channel, note.user_id)
        if not stored.version:
            return None
        state = ConversationState.from_dict(stored.state)
        TypedChoices.remember(state, note.replies)
        return FollowerConversation(note.channel, note.user_id, state.to_dict(), stored.version)

    async def changes_from_sources(self) -> list[StatusChange]:
        """Ask the HTTP sources about every followed dossier; the changes recorded."""
        changes: list[StatusChange] = []
        for code in await self.registry.active_codes():
            source = self.router.source_for(code)
            if source is self.registry or source.name == self.registry.name:
                continue
            result = await self._lookup(code)
            if not isinstance(result, DossierRecord):
                continue
            change = await self.registry.record_status(
                code,
                result.status,
                note=result.note,
                appointment_on=result.appointment_on,
                source=result.source,
            )
            changes.append(replace(change, record=result))
        return changes


def _status_name(status: int) -> str:
    return STATUS_NAMES.get(status, str(status))
