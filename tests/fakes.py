"""Fakes over mocks: in-memory stand-ins for the storage a turn uses."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, replace

from knowledge.dossiers.store import dossier_key
from knowledge.storage.conversations import StoredConversation
from knowledge.storage.processed import DuplicateTurn
from knowledge.storage.unit_of_work import ConcurrentUpdate
from tests.fake_people import (
    FakeHandoffs,
    FakeVolunteers,
    PeopleStore,
    _Pending,
    apply_all,
    check_all,
)


class ManualClock:
    """A clock the test moves by hand (``advance``)."""

    def __init__(self, now: dt.datetime = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float = 0.0, **delta: float) -> None:
        self.now += dt.timedelta(seconds=seconds, **delta)


class Ticks:
    """A monotonic clock (seconds) the test moves by hand: ``now += seconds``."""

    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def dialogue_over(services, unit_of_work, **options):
    """The real dialogue of ``services`` (NLU, catalogue, places, dossiers), with its
    conversations kept by ``unit_of_work`` (a factory) and its own turn order: another
    worker, or the same dialogue in memory."""
    from flows.dialogue import Dialogue
    from knowledge.places.centres import CentreDirectory

    return Dialogue(
        CentreDirectory(services.db),
        services.nlu,
        services.catalogue,
        services.config.dialogue,
        services.admin_map,
        services.dossiers,
        unit_of_work=unit_of_work,
        queued_channels=services.dialogue.queued_channels,
        faq=services.faq,
        handoff=services.config.handoff,
        **options,
    )


@dataclass(frozen=True)
class StoredSubscription:
    """A chat following a dossier, as the subscriptions table would hold it."""

    user_id: str
    last_status: int | None
    active: bool = True


SubscriptionKey = tuple[str, str, str]  # channel, chat id, dossier code (canonical)


class InMemoryStore:
    """What a database would hold: conversations with versions, users with roles,
    dossier subscriptions, the outbox."""

    def __init__(self) -> None:
        self.conversations: dict[tuple[str, str], StoredConversation] = {}
        self.users: dict[tuple[str, str], str] = {}
        self.subscriptions: dict[SubscriptionKey, StoredSubscription] = {}
        self.outbox: list = []
        self.commits = 0
        # the insight rows (knowledge.insights.records), the person by channel and user id
        self.turn_events: list = []
        self.inbox: list = []
        self.feedback: list = []
        self.audit: list = []  # staff actions' audit entries
        self.processed: set[str] = set()  # channel inputs handled (Telegram updates)
        self.told: set[tuple[int, int]] = set()  # (subscription id, status) told already
        self.people = PeopleStore()  # volunteers, invitations, requests for a person

    def followed(self, channel: str, chat_id: str, code: str | None = None) -> list[str]:
        """The codes one chat follows (``code``: only that one, if followed)."""
        return [
            key[2]
            for key, sub in self.subscriptions.items()
            if key[:2] == (channel, chat_id)
            and sub.active
            and (code is None or key[2] == dossier_key(code))
        ]

    def follow(self, key: SubscriptionKey, user_id: str, status: int | None) -> None:
        # the unique (channel, chat, code): one row, re-activated or updated
        self.subscriptions[key] = StoredSubscription(user_id, status)

    def unfollow(self, channel: str, chat_id: str, code: str | None) -> None:
        for followed in self.followed(channel, chat_id, code):
            key = (channel, chat_id, followed)
            self.subscriptions[key] = replace(self.subscriptions[key], active=False)

    def forget(self, channel: str, user_id: str) -> int:
        """Remove what is stored about one user; how many records went."""
        gone = [
            key
            for key, sub in self.subscriptions.items()
            if key[0] == channel and sub.user_id == user_id
        ]
        for key in gone:
            del self.subscriptions[key]
        key = (channel, user_id)
        conversation = self.conversations.pop(key, None) is not None
        user = self.users.pop(key, None) is not None
        people = self.people.forget(channel, user_id)
        return conversation + user + len(gone) + self.forget_insights(channel, user_id) + people

    def forget_insights(self, channel: str, user_id: str) -> int:
        removed = 0
        for rows in (self.turn_events, self.inbox, self.feedback):
            kept = [r for r in rows if (r.channel, r.user_id) != (channel, user_id)]
            removed += len(rows) - len(kept)
            rows[:] = kept
        return removed

    def add_feedback(self, record) -> None:
        """As FeedbackRepository.add: a 👎's reason completes the latest 👎 without one."""
        if record.reason is not None and not record.helpful:
            unexplained = replace(record, reason=None)
            for i in range(len(self.feedback) - 1, -1, -1):
                if self.feedback[i] == unexplained:
                    self.feedback[i] = record
                    return
        self.feedback.append(record)


class FakeUnitOfWork:
    """``flows.unit_of_work.UnitOfWork`` in memory: the same version check, no SQL;
    everything recorded is applied at ``commit``, or not at all."""

    def __init__(self, store: InMemoryStore) -> None:
        self.store = store
        self._saves: list[tuple[tuple[str, str], dict, int, str]] = []
        self._deletes: list[tuple[str, str]] = []
        self._writes: list = []  # callables applied to the store at commit, in order
        self._people = _Pending()
        self._processed: list[str] = []
        self._tells: list[tuple[int, int]] = []  # subscribers told (id, status)
        # conversations saved only if their subscriber is told (id, status)
        self._told_saves: dict[tuple[int, int], tuple[tuple[str, str], dict, int]] = {}
        self.volunteers = FakeVolunteers(store.people, self._people)
        self.handoffs = FakeHandoffs(store.people, self._people)
        self.sent: list = []  # what the last commit queued

    async def __aenter__(self) -> FakeUnitOfWork:
        return self

    async def __aexit__(self, *exc) -> None:
        self._clear()

    def _clear(self) -> None:
        self._saves.clear()
        self._deletes.clear()
        self._writes.clear()
        self._people.steps.clear()
        self._processed.clear()
        self._tells.clear()
        self._told_saves.clear()

    async def load_conversation(self, channel: str, user_id: str) -> StoredConversation:
        stored = self.store.conversations.get((channel, user_id))
        return copy.deepcopy(stored) if stored else StoredConversation({}, 0)

    def save_conversation(
        self, channel: str, user_id: str, state: dict, read_version: int, role: str
    ) -> None:
        self._saves.append(((channel, user_id), copy.deepcopy(state), read_version, role))

    def delete_user_data(self, channel: str, user_id: str) -> None:
        self._deletes.append((channel, user_id))

    def send(self, message) -> None:
        self._writes.append(lambda: self._queue(message))

    def _queue(self, message) -> None:
        if all(queued.key != message.key for queued in self.store.outbox):  # once per key
            self.store.outbox.append(message)
            self.sent.append(message)

    def tell_subscriber(
        self, subscription_id: int, status: int, messages: tuple, conversation=None
    ) -> None:
        if not messages:
            raise ValueError("a subscriber is told something: no messages given")
        told = (subscription_id, status)
        self._tells.append(told)
        self._writes.append(lambda: self._tell(told, tuple(messages)))
        if conversation is not None:
            key = (conversation.channel, conversation.user_id)
            state = copy.deepcopy(conversation.state)
            self._told_saves[told] = (key, state, conversation.read_version)

    def _tell(self, told: tuple[int, int], messages: tuple) -> None:
        if told not in self.store.told:  # each status once, as the database's compare and set
            self.store.told.add(told)
            for message in messages:  # all of one notification's replies, in order
                self._queue(message)

    async def follow_dossier(
        self, channel: str, chat_id: str, user_id: str, code: str, status: int | None
    ) -> bool:
        key = (channel, chat_id, dossier_key(code))
        self._writes.append(lambda: self.store.follow(key, user_id, status))
        return not self.store.followed(channel, chat_id, code)

    async def unfollow_dossiers(self, channel: str, chat_id: str, code: str | None) -> int:
        self._writes.append(lambda: self.store.unfollow(channel, chat_id, code))
        return len(self.store.followed(channel, chat_id, code))

    def mark_processed(self, key: str) -> None:
        self._processed.append(key)

    def record_audit(self, entry) -> None:
        self._writes.append(lambda: self.store.audit.append(entry))

    def record_turn(self, event) -> None:
        self._writes.append(lambda: self.store.turn_events.append(event))

    def add_inbox_item(self, item) -> None:
        self._writes.append(lambda: self.store.inbox.append(item))

    def record_feedback(self, feedback) -> None:
        self._writes.append(lambda: self.store.add_feedback(feedback))

    async def commit(self) -> int:
        self.sent = []
        try:
            telling = {t for t in self._tells if t not in self.store.told}
            told_saves = [s for t, s in self._told_saves.items() if t in telling]
            for key, _state, read_version, *_ in (*self._saves, *told_saves):
                current = self.store.conversations.get(key)
                if (current.version if current else 0) != read_version:
                    raise ConcurrentUpdate(*key)
            check_all(self._people)
            for key in self._processed:
                if key in self.store.processed:
                    raise DuplicateTurn(key)
            self.store.processed.update(self._processed)
            for key, state, read_version, role in self._saves:
                self.store.conversations[key] = StoredConversation(state, read_version + 1)
                self.store.users.setdefault(key, role)
            for key, state, read_version in told_saves:
                self.store.conversations[key] = StoredConversation(state, read_version + 1)
            apply_all(self._people)
            for write in self._writes:
                write()
            removed = sum(self.store.forget(*key) for key in self._deletes)
        finally:
            self._clear()
        self.store.commits += 1
        return removed
