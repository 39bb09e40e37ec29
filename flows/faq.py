"""Answers from the FAQ staff publish: the answer, then its source and date.

The published entries and their retrieval index are one immutable ``PublishedFaq``;
the dialogue reads it from a ``FaqIndexHolder`` once per turn (``holder.current``), so
publishing builds a new one and swaps it in whole: a turn sees the old entries or the
new ones, never half of each.

Which answer wins — the FAQ, a procedure record, a place, the fallback:

1. What the conversation was waiting for comes first: a procedure picked after "which
   procedure?", a place given after "which place?". A dossier code is looked up
   whatever surrounds it (before the NLU runs at all).
2. Actions are not questions: greetings, thanks, yes/no and "delete my data" are
   answered by the FAQ only when the message is all but one of its phrasings
   (``VERBATIM``); "a person please" and "check my dossier" only by an entry closer than
   every everyday question ("hồ sơ bị trả về bảo bổ sung thì nộp thêm thế nào").
3. A message that names a procedure (the NLU resolved it, or found candidates strong
   enough to offer) is about that procedure: an FAQ entry of another procedure
   (``procedure_code``; the same procedure at another level counts as the same)
   never answers it, and an entry of the same procedure, or of none, answers only a
   strong match (``NAMED_PROCEDURE``) that is closer than every everyday question of
   the NLU's training data, and only when the entry's phrasings ask the aspects the
   message asks (documents, fee, time, where, online, conditions) — "làm căn cước cho
   bé 3 tuổi có cần đưa bé đi không" is the FAQ entry, "làm căn cước cho con cần giấy
   tờ gì" and "đổi bằng lái xe cần giấy tờ gì" the procedure's documents. A message
   that is a procedure's name and one word more ("đổi cccd hết hạn") is the procedure,
   unless the entry has that word too.
4. Otherwise — questions about a procedure's aspects or a place, help, and messages
   the NLU could not place (fallback, out_of_scope) — a match of the index (score at
   least its threshold, ahead of the next entry and of the everyday questions) is
   answered from the FAQ, before the procedure, place and fallback paths.

An entry scoped to a unit is a candidate only for that unit (a province-scoped one for
every unit of the province); the unit is the one the message names, else the one the
conversation remembers, and a message naming only a province gets that province's
entries. With no place known, only unscoped entries are candidates. An emergency still
puts the emergency numbers first (flows/dialogue.py).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from flows.format import date
from flows.templates import Templates
from flows.types import Reply, Turn
from knowledge.faq.schema import FaqEntryData
from knowledge.procedures.records import Catalogue
from nlu.cues import detect_aspects
from nlu.faq_evaluation import Answer
from nlu.faq_index import FaqDocument, FaqIndex, FaqMatch, Unit
from nlu.terms import Synonyms, base_name, content_words, fold_tokens

logger = logging.getLogger(__name__)

VERBATIM = 0.85  # an action intent is answered by the FAQ only this close to a phrasing
# ... unless the message says this many things: "ok", "cảm ơn em" are short; "quen pass
# vneid roi phai lam sao a" read as "ok" by the classifier is a question
ACTION_SAYS_MORE_WORDS = 3
NAMED_PROCEDURE = 0.45  # with a procedure named, an FAQ entry needs at least this score
BARE_NAME_WORDS = 5  # a message this short that only names a procedure is that procedure
# ... and one that says more of it is an entry's only when the entry speaks of at least
# this share of the words it says beyond the procedure's name
ENTRY_SPEAKS_OF = 0.5
# The names of a scope's place ("Phường Tân Định", "Tân Định"): its phrasings' words
# that only say where (see nlu.faq_index.without_names).
PlaceNames = Callable[[str, str | None], tuple[str, ...]]
ACTION_INTENTS = frozenset(
    {
        "greet",
        "thank",
        "goodbye",
        "affirm",
        "deny",
        "delete_my_data",
    }
)
# "My dossier", "a person please": answered by the FAQ only when the message is closer to
# an entry than to every everyday question ("hồ sơ bị trả về bảo bổ sung thì nộp thêm
# thế nào" is the FAQ entry, "hồ sơ của tôi đến đâu rồi" the dossier look-up).
OWN_QUESTION_INTENTS = frozenset({"request_human", "check_dossier_status"})


def says_more_than_an_action(text: str) -> bool:
    """Whether a message the classifier read as an action (``ACTION_INTENTS``: thanks,
    "ok", hello...) has words enough for an FAQ entry that matches it less than
    verbatim to answer it: ``ACTION_SAYS_MORE_WORDS`` content words or more (not
    particles or question words). A floor under an FAQ match, not a reading of small
    talk: "cảm ơn, thông tin rất hữu ích" passes it and is still small talk.

    Not ``flows.intent_routing.short_as_small_talk``, a ceiling: how long a message
    read as small talk may be and be small talk whatever else it says."""
    return len(content_words(text)) >= ACTION_SAYS_MORE_WORDS


@dataclass(frozen=True)
class PublishedFaq:
    """The published entries (by id) and their index: one snapshot, never changed."""

    index: FaqIndex
    entries: Mapping[int, FaqEntryData] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def build(
        cls,
        entries: Iterable[tuple[int, FaqEntryData]],
        background: Iterable[str] = (),
        synonyms: Synonyms | None = None,
        place_names: PlaceNames | None = None,
        cache_dir: Path | None = None,
    ) -> PublishedFaq:
        """Index ``(id, entry)`` pairs; ``background``: everyday questions (see FaqIndex);
        ``cache_dir``: where an index built before from the same inputs is kept."""
        by_id = dict(entries)
        documents = [
            FaqDocument(
                id=entry_id,
                phrasings=data.phrasings,
                scope=(data.province_key, data.unit_key) if data.province_key else None,
                names=(
                    place_names(data.province_key, data.unit_key)
                    if place_names and data.province_key
                    else ()
                ),
            )
            for entry_id, data in by_id.items()
        ]
        index = FaqIndex.cached(documents, background, synonyms, cache_dir)
        return cls(index=index, entries=MappingProxyType(by_id))

    @classmethod
    def empty(cls) -> PublishedFaq:
        return cls(index=FaqIndex())

    def __len__(self) -> int:
        return len(self.entries)


class FaqIndexHolder:
    """The current ``PublishedFaq`` of this process; ``swap`` replaces it in one step.

    ``background``, ``synonyms`` and ``place_names`` are kept so that ``build`` indexes
    a new set of entries the way the first one was; ``cache_dir``: where the index built
    last is kept for the next start.
    """

    def __init__(
        self,
        current: PublishedFaq | None = None,
        *,
        background: Iterable[str] = (),
        synonyms: Synonyms | None = None,
        place_names: PlaceNames | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self._current = current or PublishedFaq.empty()
        self.background = tuple(background)
        self.synonyms = synonyms
        self.place_names = place_names
        self.cache_dir = cache_dir

    @property
    def current(self) -> PublishedFaq:
        return self._current

    def swap(self, published: PublishedFaq) -> None:
        self._current = published
        logger.info("FAQ: %d published entries answer now", len(published))

    def build(self, entries: Iterable[tuple[int, FaqEntryData]]) -> PublishedFaq:
        """A new snapshot of ``entries`` (blocking: run it off the event loop)."""
        return PublishedFaq.build(
            entries, self.background, self.synonyms, self.place_names, self.cache_dir
        )

    def rebuild(self, entries: Iterable[tuple[int, FaqEntryData]]) -> PublishedFaq:
        """Build a snapshot of ``entries`` and swap it in."""
        published = self.build(entries)
        self.swap(published)
        return published


@dataclass(frozen=True)
class FaqHit:
    match: FaqMatch
    entry: FaqEntryData


class FaqAnswers:
    """Finds the FAQ entry a message asks (by the rules above) and words the answer."""

    def __init__(
        self, holder: FaqIndexHolder, templates: Templates, catalogue: Catalogue | None = None
    ) -> None:
        self.holder = holder
        self.t = templates
        self.catalogue = catalogue or Catalogue()

    def _procedure(self, key: str | None) -> frozenset[str]:
        """What names one procedure: its slug, its code and its name without the level
        (the same procedure at two levels has two codes)."""
        info = self.catalogue.get(key) or self.catalogue.by_code(key)
        if info is None:
            return frozenset({key}) if key else frozenset()
        name = " ".join(fold_tokens(base_name(info.name)))
        return frozenset(k for k in (info.slug, info.code, f"name:{name}") if k)

    def find(
        self,
        text: str,
        intent: str,
        unit: Unit | None,
        named_procedures: tuple[str, ...] = (),
        place_names: tuple[str, ...] = (),
        *,
        resolved: bool = False,
    ) -> FaqHit | None:
        """The entry to answer with, or None to let the other flows answer.

        ``named_procedures``: the slugs of the procedures the message names (empty when
        it names none), ``resolved`` when it names one clearly (else they are the
        candidates it may mean); ``place_names``: the names of the place it names.
        """
        published = self.holder.current
        if not published.entries:
            return None
        match = published.index.match(text, unit, place_names)
        if match is None:
            return None
        entry = published.entries.get(match.id)
        if entry is None:  # pragma: no cover - the index and entries are one snapshot
            return None
        if intent in ACTION_INTENTS and match.score < VERBATIM:
            if not says_more_than_an_action(text):
                return None
        if intent in OWN_QUESTION_INTENTS and match.score < match.everyday:
            return None
        if named_procedures and not self._about(match, entry, text, named_procedures, resolved):
            logger.info(
                "FAQ %d (%.2f) left to the procedure the message names", match.id, match.score
            )
            return None
        logger.info("FAQ %d answers (score %.2f, intent %s)", match.id, match.score, intent)
        return FaqHit(match, entry)

    def _about(
        self,
        match: FaqMatch,
        entry: FaqEntryData,
        text: str,
        named: tuple[str, ...],
        resolved: bool,
    ) -> bool:
        """Whether an entry answers a message that names procedures (rule 3 above)."""
        if entry.procedure_code:
            keys = frozenset().union(*(self._procedure(slug) for slug in named))
            if not self._procedure(entry.procedure_code) & keys:
                return False
        if match.score < max(NAMED_PROCEDURE, match.everyday):
            return False
        # "... cần giấy tờ gì" asks the record's documents, unless the entry asks it too
        asked = set(detect_aspects(text))
        if not asked <= set().union(*(detect_aspects(p) for p in entry.phrasings)):
            return False
        if not resolved or asked:
            return True
        # a procedure clearly named, nothing asked of it, and words more that tell which
        # matter of it: the procedure, unless the entry speaks of most of them too
        # ("đổi cccd hết hạn" is the exchange, not the entry "đổi tên phường thì có phải
        # đổi CCCD không"; "đổi cccd sau sáp nhập" is the entry; "đổi bằng lái ở công an
        # phường gần nhà được không" is the entry "đổi bằng lái ở công an phường được
        # không", a retired policeman's "nghỉ hưu ... đổi bằng lái xe công an sang bằng
        # dân sự" the police licence's exchange)
        said = content_words(text)
        info = self.catalogue.get(named[0])
        for name in (info.name, *info.aliases) if info is not None else ():
            said -= content_words(name)
        if not said:
            # a few words, all of the procedure's name or an everyday phrasing: the
            # procedure; a longer message is the entry's, which matched it
            return len(text.split()) > BARE_NAME_WORDS
        spoken = said & set().union(*(content_words(p) for p in entry.phrasings))
        return len(spoken) >= len(said) * ENTRY_SPEAKS_OF

    def reply(self, hit: FaqHit) -> Reply:
        """The answer as staff wrote it (plain text), then its source and date."""
        entry = hit.entry
        source = self.t("faq_source", url=entry.source_url, date=date(entry.verified_on))
        return Reply(
            f"{entry.answer}\n\n{source}",
            kind="faq_answer",
            meta={"faq_id": hit.match.id, "faq_score": hit.match.score},
        )


def first_turn_asker(dialogue, channel: str = "faq-eval") -> Callable[[str], Awaitable[Answer]]:
    """Each message as the first turn of a new conversation of ``dialogue`` (a
    ``flows.dialogue.Dialogue``), answered as a citizen would be: for
    ``nlu.faq_evaluation``."""

    async def ask(text: str) -> Answer:
        replies = await dialogue.handle(Turn(channel=channel, user_id=uuid.uuid4().hex, text=text))
        kinds = [r.kind for r in replies if r.kind != "emergency"] or ["none"]
        faq = next((r for r in replies if r.kind == "faq_answer"), None)
        return Answer(faq.meta.get("faq_id") if faq else None, kinds[0])

    return ask
