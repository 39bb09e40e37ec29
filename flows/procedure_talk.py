"""Talking about procedures: answering the aspects asked of one, asking which one when
unsure, offering close alternatives, saying honestly when one is not in the catalogue
(never an unrelated procedure), and the help and "not understood" replies that guide
the citizen back to what the bot knows."""

from __future__ import annotations

import dataclasses
import logging
import re
from functools import cache
from urllib.parse import quote_plus

from flows.actions import PickCase
from flows.channel_twins import ChannelTwins
from flows.config import DialogueSettings
from flows.document_parts import document_sections
from flows.lost_paper import asks_only_of_a_loss, lost_paper_procedure, says_a_loss
from flows.mentions import mentions
from flows.papers_asked import AskedPaper, asked_paper, documents_naming, paper_asked_of
from flows.procedure_answers import ProcedureAnswers
from flows.procedures import INTENT_ASPECT, mentions_unknown_procedure, names_nothing
from flows.record_text import case_labels, cut_text, document_name, short_name
from flows.state import ChooseCase, ChooseProcedure, ConversationState, UnheldMatter
from flows.templates import Templates
from flows.types import UNHELD_AGAIN, UNHELD_TOPIC, UNSURE, Button, Reply
from flows.uncovered import UncoveredTopic, uncovered_beside
from knowledge.procedures.records import Catalogue, ProcedureInfo
from nlu.cues import asking_sentences, asks, without_cues
from nlu.normalize import fold
from nlu.terms import content_words
from nlu.types import Parse

logger = logging.getLogger(__name__)

ALTERNATIVE_GAP = 0.12  # runner-ups this close to the answered procedure are offered too
_LONG_NUMBER = re.compile(r"\d[\d .-]{5,}\d")
# who asks, as a newspaper's column puts it ("Bà N. (Hà Tĩnh) hỏi: …", "hỏi: …" once
# "Bà N." ends a sentence): no words to search the portal for
_ASKER = re.compile(r"^[^:?!]{0,60}?\bh[oỏ]i\s*:\s*", re.IGNORECASE)
_GLOSS = re.compile(r"\s*\([^)]*\)")  # a label's bracketed gloss ("lương hưu (chế độ hưu trí)")
# what a question naming a procedure and a paper to bring may ask besides ("có cần …
# không" reads as the conditions too): the papers answer it
PAPER_ASPECTS = frozenset({"requirements", "conditions"})
SURE_OFFER = 0.65  # offered procedures all below this: the portal's search is given too
# A typed answer to "which case?" names a case when more than this share of its own words
# are the case's, or it holds at least this share of the case's words (see ``typed_case``).
CASE_MESSAGE_SHARE = 0.5
CASE_LABEL_SHARE = 0.6
_ALL_CASES = re.compile(r"\b(?:tat ca|xem het|toan bo)\b")


@cache
def _mention_words(*keys: str) -> frozenset[str]:
    """The words of the lists ``keys`` of flows/mentions.yml, as written (folded) and as
    read in a message ("đăng ký": "dang", "ki")."""
    data = mentions()
    words: set[str] = set()
    for key in keys:
        for phrase in data[key]:
            words |= {*phrase.split(), *content_words(phrase)}
    return frozenset(words)


# a follow-up saying this many words of its own, none of the record's, is about another
# matter
OWN_MATTER_WORDS = 3


def _record_words(info: ProcedureInfo) -> set[str]:
    """The content words of what the record says of its procedure."""
    texts = [info.name, *info.aliases, *info.notes, *(s.text for s in info.steps)]
    texts += [info.agency or "", info.authority or "", info.submit_address or ""]
    texts += [info.who_may_apply or "", info.conditions or "", info.result or ""]
    texts += [f"{d.name} {d.note or ''} {d.case}" for d in info.documents]
    texts += [f"{c.case or ''} {c.fee_note or ''}" for c in info.channels]
    return set().union(*(content_words(t) for t in texts))  # (each: read up to a length)


def names_a_matter(text: str, info: ProcedureInfo) -> bool:
    """Whether a follow-up about ``info`` names a matter of its own: a verb of paying or
    handing in followed by a word that says neither how, when nor by whom, nor anything
    of the record ("nộp thuế đất online" after a marriage; not "nộp muộn có bị phạt
    không", "nộp tờ khai ở đâu" after a birth); or ``OWN_MATTER_WORDS`` words or more
    that say neither, none of them the record's ("nuôi chim yến cần giấy phép gì" after a
    passport, which no procedure's name matches; not "nếu ở nước ngoài thì sao")."""
    verbs = _mention_words("matter_verbs")
    quiet = _mention_words("question_words", "follow_up_words", "manner_words")
    said = without_cues(text).split()
    words = content_words(" ".join(said)) - quiet
    own = _record_words(info) if len(words) >= OWN_MATTER_WORDS else None
    if own is not None and not words & own:
        return True
    for i, word in enumerate(said):
        if word in verbs:
            after = content_words(" ".join(said[i + 1 : i + 3])) - quiet
            own = _record_words(info) if own is None else own
            if after - own:
                return True
    return False


class ProcedureTalk:
    def __init__(
        self,
        catalogue: Catalogue,
        answers: ProcedureAnswers,
        templates: Templates,
        settings: DialogueSettings,
    ) -> None:
        self.catalogue = catalogue  # swapped when staff publish (Dialogue.use_catalogue)
        self._channel_twins: ChannelTwins | None = None
        self.answers = answers
        self.t = templates
        self.settings = settings

    def procedure_question(
        self,
        state: ConversationState,
        parse: Parse,
        text: str,
        aspects: tuple[str, ...],
        *,
        names_a_place: bool = False,
    ) -> list[Reply]:
        """The answer to a question about a procedure's ``aspects``: of the procedure
        found, else of the one being discussed, else which procedure (``names_a_place``:
        the message names a place, which no procedure's words would match)."""
        procedure = parse.entity("procedure")
        remembered = self.catalogue.get(state.procedure)
        if procedure is None and remembered is None and not self.offered(parse):
            again = self.still_unheld(state, text, aspects)
            if again is not None:  # "lệ phí bao nhiêu" right after "em chưa có thủ tục này"
                return [again]
        paper = asked_paper(text, parse.yes_no) if remembered else None
        if remembered and paper:
            # "có cần mang theo cccd không" after the documents of a marriage: among them?
            # (not the identity-card procedure "cccd" names)
            return [self.paper_answer(state, remembered, paper)]
        if remembered and names_nothing(text):
            # "làm trên vneid được không" while talking about a procedure: about it, not
            # about whatever procedure "vneid" or "dịch vụ công" happens to match
            return [self.answer(state, remembered.slug, aspects, text)]
        if procedure:
            named = self._paper_first(state, procedure.value, parse, text, aspects)
            reply = named or self.answer(state, procedure.value, aspects, text)
            return [self.with_alternatives(reply, parse)]
        offered = self.offered(parse)
        if remembered and any(self.catalogue.get(c.value) is remembered for c in offered):
            # "thế còn lệ phí kết hôn?" while talking about marriage: no need to ask.
            return [self.answer(state, remembered.slug, aspects, text)]
        choices = self.to_choose_from(offered)
        if choices:
            return [self.ask_which(state, choices, aspects, text)]
        if mentions_unknown_procedure(text) or (
            remembered and not names_a_place and names_a_matter(text, remembered)
        ):
            # "nộp thuế đất online" after a marriage: not about the marriage
            state.procedure = None
            return [self.not_in_catalogue(text)]
        if remembered:
            return [self.answer(state, remembered.slug, aspects, text)]
        if not names_nothing(text) and not names_a_place:
            # "vượt đèn đỏ phạt bao nhiêu tiền": it names something no procedure matches;
            # a list of popular procedures would be beside the point
            return [self.not_in_catalogue(text)]
        state.pending = ChooseProcedure(tuple(aspects))
        return [
            Reply(
                self.t("ask_which_procedure_typed"),
                buttons=self.procedure_buttons(aspects),
                kind="ask_procedure",
            )
        ]

    def lost_paper(
        self, remembered: ProcedureInfo | None, parse: Parse, text: str
    ) -> ProcedureInfo | None:
        """The procedure for the lost paper of the one being discussed, when the message
        says the paper was lost and asks nothing else (the words of the two procedures'
        names may name the paper: "bằng bị mất rồi thì sao"), and names no other
        procedure (``flows/lost_paper.py``); else None."""
        if remembered is None or not says_a_loss(text):  # (the cheap test first)
            return None
        named = parse.entity("procedure")
        if named is not None and self.catalogue.get(named.value) is not remembered:
            return None
        lost = lost_paper_procedure(self.catalogue, remembered)
        if lost is None:
            return None
        paper_words = frozenset().union(
            *(content_words(n) for i in (remembered, lost) for n in (i.name, *i.aliases))
        )
        return lost if asks_only_of_a_loss(text, paper_words) else None

    def names_only_a_procedure(self, parse: Parse, text: str) -> bool:
        """Whether ``text`` is the name of the procedure found and nothing else ("đăng ký
        kết hôn", "cấp lại giấy khai sinh", "làm hộ chiếu"): no aspect or yes/no asked,
        no word but the procedure's names' (name, aliases, the words matched), a verb of
        doing it ("làm", "cấp lại", "thủ tục") and particles. Such a message asks about
        the procedure in general, as "thủ tục đăng ký kết hôn" does."""
        found = parse.entity("procedure")
        info = self.catalogue.get(found.value) if found else None
        if info is None or parse.aspects or parse.yes_no or parse.emergency:
            return False
        names = content_words(found.text or "")
        for name in (info.name, *info.aliases):
            names |= content_words(name)
        return not content_words(text) - names - _mention_words("procedure_verbs")

    @staticmethod
    def wants_without_asking(parse: Parse, text: str) -> bool:
        """A procedure wanted in a message that asks nothing: no aspect, no yes/no, no
        question mark, word or particle ("chuyển nơi nhận lương hưu từ Hà Nội về Nam
        Định", "làm hợp đồng ủy quyền bán nhà ở ủy ban phường"). Told how it is done, as
        a bare name is, not the aspect the classifier read into a place or a date."""
        return (
            parse.entity("procedure") is not None
            and not (parse.aspects or parse.yes_no or parse.emergency)
            and parse.intent in INTENT_ASPECT
            and not asks(text)
            and not set(re.findall(r"\w+", fold(text))) & _mention_words("asking_words")
        )

    def answer(
        self, state: ConversationState, slug: str, aspects: tuple[str, ...], question: str = ""
    ) -> Reply:
        info = self.catalogue.get(slug)
        if info is None:
            logger.warning("procedure %s resolved by NLU but missing from the catalogue", slug)
            return self.not_in_catalogue("")
        info = self.channel_twins.said(info, question)
        state.procedure = info.slug
        twin = self.channel_twins.of(info)
        if not aspects:
            return self.answers.overview(info, twin)
        return self.answers.answer(info, aspects, question=question, twin=twin)

    @property
    def channel_twins(self) -> ChannelTwins:
        """The catalogue's channel twins (flows/channel_twins.py), read again when staff
        publish a new catalogue."""
        if self._channel_twins is None or self._channel_twins.catalogue is not self.catalogue:
            self._channel_twins = ChannelTwins(self.catalogue)
        return self._channel_twins

    def _paper_first(
        self,
        state: ConversationState,
        slug: str,
        parse: Parse,
        text: str,
        aspects: tuple[str, ...],
    ) -> Reply | None:
        """A procedure named with a paper asked about and nothing but its documents or
        conditions ("làm hộ chiếu cho con có cần giấy khai sinh không"): the record's
        lines naming that paper first (``paper_answer``), where its documents name it."""
        info = self.catalogue.get(slug)
        if info is None or not set(aspects) <= PAPER_ASPECTS:
            return None
        paper = paper_asked_of(text, parse.yes_no)
        if paper is None or not documents_naming(info, paper):
            return None
        return self.paper_answer(state, info, paper)

    def paper_answer(self, state: ConversationState, info: ProcedureInfo, paper: AskedPaper):
        """Whether ``paper`` is among the documents of ``info``: the record's lines that
        name it, quoted, before the documents of their case; else that the record names
        it nowhere, before the documents (or which case, when they differ by case). A
        paper of a part of the checklist ("Giấy tờ phải xuất trình") is in every case's."""
        state.procedure = info.slug
        found = documents_naming(info, paper)
        sections = document_sections(info)
        named = {sections.labels.index(doc.case) for doc in found}
        # the one case naming it is answered; a part's paper is in every case's list
        case = named.pop() if len(named) == 1 and named <= set(sections.asked) else None
        twin = self.channel_twins.of(info)
        reply = self.answers.answer(info, ("requirements",), case=case, twin=twin)
        if found:
            lead = [self.t("conditions_quote_head")]
            heads = [self.answers.section_head(sections, doc.case) for doc in found]
            for n, (doc, head) in enumerate(zip(found, heads, strict=True)):
                if head and (n == 0 or heads[n - 1] != head):  # once for papers together
                    lead.append(head)
                said = document_name(doc) + (f". {doc.note}" if doc.note else "")
                lead.append(f"“{cut_text(said, 300)}”")
        else:
            lead = [self.t("conditions_not_found")]
        title, *rest = reply.text.split("\n", 1)
        return dataclasses.replace(reply, text="\n".join([title, "", *lead, *rest]))

    def with_alternatives(self, reply: Reply, parse: Parse) -> Reply:
        """A direct answer whose runner-ups scored close gets them as buttons, in case
        the citizen meant one of them."""
        chosen = reply.meta.get("procedure")
        top = parse.entity("procedure")
        if not chosen or top is None:
            return reply
        close = [
            info
            for c in self.offered(parse)[1:]
            if c.score >= top.score - ALTERNATIVE_GAP
            and (info := self.catalogue.get(c.value)) is not None
            and info.slug != chosen
        ][: self.settings.suggestions - 1]
        if not close:
            return reply
        label = self.t.section("buttons")["other_procedure"]
        extra = tuple(
            Button(f"{label}: {short_name(i.name, 100)}", f"proc:{i.slug}") for i in close
        )
        return dataclasses.replace(reply, buttons=(*reply.buttons, *extra))

    def uncovered(self, parse: Parse, text: str) -> UncoveredTopic | None:
        """The matter the catalogue does not cover that ``text`` asks about, unless the
        best candidate found is a procedure about it (see ``flows/uncovered.py``)."""
        return uncovered_beside(self.catalogue, text, parse.entity("procedure"), parse.candidates)

    def _search_url(self, text: str) -> str:
        """The national portal's search for the user's own words (long numbers removed):
        of a story, the sentences that ask, and the one an asking sentence points back at
        ("… trợ cấp thờ cúng liệt sĩ. Mức trợ cấp này là bao nhiêu?", nlu/referents.py)."""
        asked = " ".join(asking_sentences(text, points=True)) or text
        asked = _ASKER.sub("", asked, count=1)
        words = _LONG_NUMBER.sub(" ", asked)[:100].strip()  # never pass on ID or phone numbers
        return self.settings.portal_search_url.format(query=quote_plus(words))

    def not_in_catalogue(self, text: str, topic: UncoveredTopic | None = None) -> Reply:
        """Honest: we have no record of it (of ``topic``, when we know what it is about);
        the portal's search for the user's own words."""
        search_url = self._search_url(text)
        wording = (
            self.t("procedure_uncovered", topic=topic.label, search_url=search_url)
            if topic is not None
            else self.t("procedure_not_in_catalogue", search_url=search_url)
        )
        return self._unheld(wording, {UNHELD_TOPIC: topic.label if topic is not None else None})

    def _unheld(self, wording: str, meta: dict) -> Reply:
        """An honest "not in the catalogue" reply: a person to ask, or what the bot does."""
        buttons = self.t.section("buttons")
        return Reply(
            wording,
            buttons=(Button(buttons["human"], "cmd:human"), Button(buttons["help"], "cmd:help")),
            kind="procedure_unknown",
            meta=meta,
        )

    def remember_unheld(self, state: ConversationState, reply: Reply) -> None:
        """After an honest "not in the catalogue" (``reply``), the matter it was about,
        for a follow-up in the next turn (``still_unheld``)."""
        state.procedure = None
        state.unheld = UnheldMatter(reply.meta.get(UNHELD_TOPIC), state.turns)

    def still_unheld(
        self, state: ConversationState, text: str, aspects: tuple[str, ...]
    ) -> Reply | None:
        """A follow-up that names nothing ("lệ phí bao nhiêu", "nộp ở đâu") right after
        the bot said it has no procedure for the matter asked: the same honest answer,
        of that matter and the aspects asked, not a list of unrelated procedures."""
        unheld = state.unheld
        if unheld is None or unheld.turn != state.turns - 1 or not names_nothing(text):
            return None
        labels = self.t.section("buttons")
        asked = ", ".join(labels[a].lower() for a in aspects if a in labels)
        topic = unheld.topic or self.t("unheld_unnamed")
        # the portal's search for the matter: its label without the bracketed gloss,
        # else the question the citizen asked before (kept redacted)
        words = _GLOSS.sub("", unheld.topic) if unheld.topic else None
        search_url = self._search_url(words or state.last_question or "")
        wording = self.t(
            "procedure_unheld_again",
            topic=topic,
            asked=asked or self.t("unheld_any_aspect"),
            search_url=search_url,
        )
        return self._unheld(wording, {UNHELD_TOPIC: unheld.topic, UNHELD_AGAIN: True})

    def offered(self, parse: Parse) -> list:
        """The candidates strong enough to offer (the resolved one always is)."""
        resolved = parse.entity("procedure")
        return [
            c
            for c in parse.candidates
            if c.score >= self.settings.offer_score or (resolved and c.value == resolved.value)
        ]

    def to_choose_from(self, offered: list) -> list:
        """``offered`` as buttons to choose from: none for one alone that is weak
        (``lone_offer_score``), no choice and most often an unrelated procedure."""
        if len(offered) == 1 and offered[0].score < self.settings.lone_offer_score:
            return []
        return offered

    def ask_which(
        self, state: ConversationState, offered, aspects: tuple[str, ...], text: str = ""
    ) -> Reply:
        """Which of the ``offered`` procedures: the next message (or button) answers it.
        When none of them is a sure match (all below ``SURE_OFFER``), the reply says it may
        be none of them and gives the portal's search for the user's words (``text``), and
        is marked ``UNSURE``: the question goes to the staff's inbox."""
        state.pending = ChooseProcedure(tuple(aspects))
        reply = self.choose(offered, tuple(aspects))
        if text and max(c.score for c in offered) < SURE_OFFER:
            unsure = self.t("choose_procedure_unsure", search_url=self._search_url(text))
            meta = {**reply.meta, UNSURE: True}  # the inbox files it (flows.insights)
            reply = dataclasses.replace(reply, text=f"{reply.text}\n\n{unsure}", meta=meta)
        return reply

    def choose(self, candidates, aspects: tuple[str, ...]) -> Reply:
        buttons = []
        suffix = f":{aspects[0]}" if len(aspects) == 1 else ""
        for candidate in candidates[: self.settings.suggestions]:
            info = self.catalogue.get(candidate.value)
            if info:
                buttons.append(Button(short_name(info.name, 120), f"proc:{info.slug}{suffix}"))
        # none of them, perhaps: a person is one press away
        buttons.append(Button(self.t.section("buttons")["human"], "cmd:human"))
        return Reply(self.t("choose_procedure"), buttons=tuple(buttons), kind="choose_procedure")

    def case_question(self, replies: list[Reply]) -> ChooseCase | None:
        """The pending "which case?" of the last reply among ``replies`` that asks it
        (its buttons are cases: ``case:`` payloads), if any."""
        for reply in reversed(replies):
            info = self.catalogue.get(reply.meta.get("procedure"))
            if info and any(b.payload.startswith("case:") for b in reply.buttons):
                sections = document_sections(info)
                labels = tuple(case_labels([sections.labels[i] for i in sections.asked]))
                return ChooseCase(info.slug, labels)
        return None

    def typed_case(self, pending: ChooseCase, parse: Parse, text: str) -> PickCase | None:
        """The button a typed answer to "which case?" stands for: "tất cả"/"xem hết" all
        cases; else the one case whose own words it shares (accent-insensitive), more
        than half of the message's words or most of the case's, and no other case shares
        as many of its words that are neither another case's nor the procedure's name's
        ("em đã ly hôn rồi": "ly" is the divorced case's alone). None: not an answer (a
        new question, another aspect asked, the procedure changed or gone). The cases are
        those asked about (parts of the checklist are none); the button's index is the
        case's among every label."""
        info = self.catalogue.get(pending.procedure)
        asked = document_sections(info).asked if info is not None else ()
        if info is None or len(asked) != len(pending.cases):
            return None
        if set(parse.aspects) - {"requirements"}:
            return None  # "lệ phí bao nhiêu": a question of its own
        if _ALL_CASES.search(fold(text)):
            return PickCase(info.slug, None)
        said = content_words(text)
        if not said:
            return None
        labels = [content_words(label) for label in pending.cases]
        named = content_words(info.name)
        scored = []
        for i, words in enumerate(labels):
            shared = said & words
            others = set().union(*(w for j, w in enumerate(labels) if j != i))
            own = shared - others - named
            clear = len(shared) > CASE_MESSAGE_SHARE * len(said) or (
                bool(words) and len(shared) >= CASE_LABEL_SHARE * len(words)
            )
            scored.append((len(own), clear, i))
        scored.sort(reverse=True)
        best_own, clear, best = scored[0]
        if not best_own or not clear or (len(scored) > 1 and scored[1][0] == best_own):
            return None
        return PickCase(info.slug, asked[best])

    def procedure_buttons(self, aspects: tuple[str, ...] = ()) -> tuple[Button, ...]:
        """The curated procedures people ask about most, as buttons."""
        suffix = f":{aspects[0]}" if len(aspects) == 1 else ""
        return tuple(
            Button(info.name, f"proc:{info.slug}{suffix}")
            for info in sorted(self.catalogue.curated(), key=lambda i: i.name)
        )

    def ask_aspect(self, state: ConversationState, aspects: tuple[str, ...]) -> Reply:
        """A menu button asking one aspect: of the procedure being discussed, or ask which."""
        if state.procedure and self.catalogue.get(state.procedure):
            return self.answer(state, state.procedure, aspects)
        state.pending = ChooseProcedure(aspects)
        return Reply(
            self.t("ask_which_procedure_typed"),
            buttons=self.procedure_buttons(aspects),
            kind="ask_procedure",
        )

    def menu_buttons(self) -> tuple[Button, ...]:
        labels = self.t.section("suggestions")
        return tuple(Button(label, f"intent:{intent}") for intent, label in labels.items())

    def help(self) -> Reply:
        buttons = (
            *self.menu_buttons(),
            Button(self.t.section("buttons")["menu"], "cmd:menu"),
        )
        return Reply(self.t("help"), buttons=buttons, kind="help")

    def not_understood(self, parse: Parse) -> Reply:
        if not parse.fallback:
            # Confidently outside public services: say so plainly, offer no procedure.
            buttons = (Button(self.t.section("buttons")["help"], "cmd:help"),)
            return Reply(self.t("declined"), buttons=buttons, kind="out_of_scope")
        buttons: list[Button] = []
        for candidate in self.offered(parse)[: self.settings.suggestions]:
            info = self.catalogue.get(candidate.value)
            if info:
                buttons.append(Button(short_name(info.name, 120), f"proc:{info.slug}"))
        labels = self.t.section("suggestions")
        for score in parse.ranking:
            if len(buttons) >= self.settings.suggestions:
                break
            if score.name in labels:
                buttons.append(Button(labels[score.name], f"intent:{score.name}"))
        buttons.append(Button(self.t.section("buttons")["human"], "cmd:human"))
        buttons.append(Button(self.t.section("buttons")["help"], "cmd:help"))
        return Reply(self.t("not_understood"), buttons=tuple(buttons), kind="not_understood")
