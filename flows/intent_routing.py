"""Intent routing: which flow answers a typed message once it is understood.

``Dialogue`` checks the input, looks for dossier codes and has the NLU read the
message; ``IntentRouter.route`` then decides which flow answers it. The order of its
checks is tuned (the choice the bot waited on first, then a published FAQ entry, a
dossier code asked for, a place, a matter the catalogue does not hold, a procedure's
aspects, deleting the user's data, small talk, help, a person, ... "not understood"
last): change it only with the evaluations run before and after (README, "NLU
evaluation"). The buttons' actions are routed by ``Dialogue`` itself.
"""

from __future__ import annotations

import re

from flows.agency_words import names_commune_centre
from flows.dossier import DossierFlow
from flows.faq import FaqAnswers
from flows.handoff import asks_for_unit
from flows.people import People, delete_question
from flows.places import PlaceFlow
from flows.procedure_talk import ProcedureTalk
from flows.procedures import (
    HOW_IT_IS_DONE,
    INTENT_ASPECT,
    asks_for_a_hotline,
    mentions_unknown_procedure,
    names_nothing,
)
from flows.state import AskPlace, ChooseProcedure, ConversationState, Then
from flows.templates import Templates
from flows.topic_menu import named_topic, topic_menu
from flows.types import Button, Reply, Turn
from flows.unit_of_work import UnitOfWork
from knowledge.dossiers.codes import CodeScan
from knowledge.places.units import Resolution
from knowledge.procedures.records import Catalogue
from nlu.cues import asks, asks_where_to_file, is_frustrated
from nlu.normalize import fold, normalize
from nlu.retrieval_decision import tells_a_story
from nlu.terms import content_words
from nlu.types import Parse

# The places a message that asks nothing else is about: a ward or district before the
# reform, or a unit after it ("phường 13 quận 4": which ward is it now?)
UNIT_KINDS = ("legacy_ward", "legacy_district", "current_unit")
# ... and those that have a service centre to name: a ward (an old one's is its new
# unit's) or a unit, not a whole old district
CENTRE_KINDS = ("legacy_ward", "current_unit")

# A follow-up asking the same of another procedure: "thế còn khai tử?", "còn kết hôn thì
# sao", "khai tử thì thế nào". A bare "con ..." may be "con" (a child), so a leading
# "còn" counts only with its accent; "the con", "vay con" and the endings folded.
_STARTS_FOLLOW_UP = re.compile(r"^(?:(?:thế|vậy|vậy thì)\s+)?còn\b")
_FOLDED_FOLLOW_UP = re.compile(r"^(?:the|vay|vay thi)\s+con\b|\bthi (?:sao|the nao)\W*$")


def reads_as_follow_up(text: str) -> bool:
    """Whether ``text`` reads as "and what about ...?" (see ``_STARTS_FOLLOW_UP``)."""
    return bool(_STARTS_FOLLOW_UP.search(normalize(text))) or bool(
        _FOLDED_FOLLOW_UP.search(fold(text))
    )


SMALL_TALK = {
    "greet": "greet_again",
    "thank": "thank",
    "goodbye": "goodbye",
    "affirm": "affirm",
    "deny": "deny",
    "ask_bot_identity": "ask_bot_identity",
    "ask_to_repeat": "ask_to_repeat",
}
# The longest small talk of the training data says 7 things ("cảm ơn, thông tin rất hữu
# ích"): a longer message read as small talk that also asks something is a question
# closed with thanks or a wish ("… thì làm thế nào? Xin cảm ơn và chúc sức khỏe")
SMALL_TALK_MOST_WORDS = 8
# The buttons under a small-talk reply (keys of the "buttons" templates, each pressing
# "cmd:<key>"): "bot hay người thật?" is offered a person, "hả?" help and a person.
SMALL_TALK_BUTTONS = {
    "ask_bot_identity": ("human", "help"),
    "ask_to_repeat": ("help", "human"),
}
PLACE_INTENTS = {
    "convert_old_address": "convert",
    "find_service_centre": "centre",
    "ask_opening_hours": "hours",
}
NAMES_A_PROCEDURE = 0.65  # a candidate this strong is what an "out of scope" message names
# Intents that ask the bot to do something: a frustrated message with one of them is
# answered as asked ("bot vô dụng, cho tôi gặp người thật" gets a person).
ASKS_TO_DO = frozenset({"check_dossier_status", "request_human", "delete_my_data", *PLACE_INTENTS})
# Intents whose message may ask about a matter the catalogue does not hold ("help": a
# long story the classifier read as "what can you do").
ASKS_OR_UNSURE = frozenset({*INTENT_ASPECT, "out_of_scope", "help"})


def short_as_small_talk(text: str) -> bool:
    """Whether a message the classifier read as small talk is no longer than small talk
    gets: at most ``SMALL_TALK_MOST_WORDS`` content words. A ceiling: such a message is
    small talk whatever else it says; a longer one is small talk only when it asks
    nothing.

    Not ``flows.faq.says_more_than_an_action``, a floor (3 words) under an FAQ match of
    a message read as an action: a message between the two may be answered by an FAQ
    entry it matches, else as small talk."""
    return len(content_words(text)) <= SMALL_TALK_MOST_WORDS


class IntentRouter:
    """Decides which flow answers an understood message; the flows write the replies."""

    def __init__(
        self,
        catalogue: Catalogue,
        talk: ProcedureTalk,
        places: PlaceFlow,
        people: People,
        dossiers: DossierFlow,
        faq: FaqAnswers,
        templates: Templates,
    ) -> None:
        self.catalogue = catalogue  # swapped when staff publish (Dialogue.use_catalogue)
        self.talk = talk
        self.places = places
        self.people = people
        self.dossiers = dossiers
        self.faq = faq  # published FAQ entries (Dialogue.faq)
        self.t = templates

    async def route(
        self,
        turn: Turn,
        state: ConversationState,
        parse: Parse,
        text: str,
        codes: CodeScan,
        uow: UnitOfWork,
    ) -> list[Reply]:
        """The replies to a typed message the NLU read as ``parse`` (``codes``: what the
        dossier-code scan found in it, a malformed code at most)."""
        procedure = parse.entity("procedure")
        pending = state.pending
        state.pending = None
        intent = parse.intent
        bare = self.talk.names_only_a_procedure(parse, text)
        if (bare or self.talk.wants_without_asking(parse, text)) and not state.aspects:
            # "đăng ký kết hôn", "làm hộ chiếu": asked as "thủ tục đăng ký kết hôn" is,
            # whatever the classifier read into a bare name (where, opening hours, ...)
            intent = "ask_procedure_requirements"
        aspects = self._aspects(parse, intent)

        if isinstance(pending, ChooseProcedure) and procedure:
            asked = parse.aspects or pending.aspects or aspects
            return [self.talk.answer(state, procedure.value, asked, text)]

        if asks_for_unit(pending) and intent not in INTENT_ASPECT:
            # "which ward?" for a person, or the places offered for it as buttons: a
            # typed place answers it as a button would (the request opens, or the places
            # it names are offered); a question asked instead is answered below
            place = self.places.resolve(text)
            if place.kind != "none":
                return await self.people.handoff.open_at(turn, state, uow, place)
        elif isinstance(pending, AskPlace) and intent not in INTENT_ASPECT:
            place = self.places.resolve(text)
            if place.kind != "none":
                if pending.then == Then.HOTLINES:
                    return await self._hotlines(state, text)
                return await self.place_question(state, place, pending.then)

        intent = self._procedure_over_intent(parse, text, intent, codes)
        intent = self._where_to_file(parse, text, intent)
        state.last_intent = intent
        faq = self._faq_answer(state, parse, text, intent)
        if faq is not None:  # precedence: see flows/faq.py
            return [faq]
        if asks_for_a_hotline(text):
            # "hotline Hà Nội", "tổng đài hỗ trợ thủ tục hành chính TP HCM": whatever
            # procedure "thủ tục" or "dịch vụ công" happens to match
            return await self._hotlines(state, text)
        topic = named_topic(text)
        if topic is not None:
            # "thủ tục đất đai", "hỏi về bảo hiểm xã hội": an area, not one procedure
            menu = topic_menu(state, topic, self.catalogue, parse.aspects, self.t)
            if menu is not None:
                return [menu]
        if is_frustrated(text) and not self._asks_something(parse, text, intent):
            # "bot ngu quá" (read as thanks), "ko giup dc gi" (as "what can you do")
            return [self._frustrated()]
        if intent == "check_dossier_status":
            if codes.malformed:
                return [self.dossiers.malformed(state)]
            return [self.dossiers.ask_code(state)]
        if intent in PLACE_INTENTS:
            topic = self.talk.uncovered(parse, text)
            if topic is not None:
                # "tra cứu phạt nguội ô tô ở đâu": where to do a matter the catalogue does
                # not hold, not a commune's centre
                state.procedure = None
                return [self.talk.not_in_catalogue(text, topic)]
            place = self.places.resolve(text)
            return await self.place_question(state, place, PLACE_INTENTS[intent])
        if (
            intent == "ask_procedure_where"
            and procedure is None
            and state.procedure is None
            and not self.talk.offered(parse)
            and not tells_a_story(text)
        ):
            # "làm giấy tờ ở đâu phường Bến Nghé": no procedure, but a place: its centre
            # (with one being discussed, "ở phường Tân Định nộp ở đâu" asks where it is
            # filed: its answer, then that unit's centre for a commune's procedure). A
            # story that says where its teller lives asks about its matter, not the
            # centre ("… ở phường Kinh Bắc … quà mừng thọ 90 tuổi nhận vào dịp nào?")
            place = self.places.resolve(text)
            if place.kind in CENTRE_KINDS:
                return await self.place_question(state, place, "centre")
        if (
            procedure
            or intent in ASKS_OR_UNSURE
            or parse.fallback
            or self._small_talk_may_ask(state, parse, intent)
        ):
            # A pension or a complaint: not in the catalogue, whatever neighbour matched.
            topic = self.talk.uncovered(parse, text)
            if topic is not None:
                state.procedure = None
                return [self.talk.not_in_catalogue(text, topic)]
        if self._only_a_place(parse, intent):
            # "phường Hàng Gai quận Hoàn Kiếm" (read as out of scope), "xã Cần Thạnh" ("cần"
            # read as "need"): a message that is a place and asks nothing is about it
            place = self.places.resolve(text)
            if place.kind in UNIT_KINDS:
                return await self.place_question(state, place, "convert")
        carried = self._carried_aspects(state, parse, text)
        if bare and procedure and state.aspects and not carried:
            # "kết hôn" after the fee of a birth: the same of it, or all about it? Asked.
            reply = self.talk.answer(state, procedure.value, ())
            return [self.talk.with_alternatives(reply, parse)]
        aspects = carried or aspects
        # (with none discussed, an unsure read that asks an aspect and names nothing,
        # "nop hs online o dau", asks which procedure, the aspects kept)
        follow_up = (
            bool(aspects)
            and (state.procedure is not None or (parse.fallback and bool(parse.aspects)))
            and names_nothing(text)
        )
        lost = self.talk.lost_paper(self.catalogue.get(state.procedure), parse, text)
        if lost is not None:
            # "còn nếu bị mất thì sao", "bằng bị mất rồi thì sao" after "đổi bằng lái xe",
            # read as anything: the paper's reissue, of the aspects the message asks itself
            # ("mất" is no question of time)
            return [self.talk.answer(state, lost.slug, parse.aspects, text)]
        if intent in INTENT_ASPECT or (aspects and procedure) or follow_up or carried:
            # (a follow-up such as "ai giải quyết" the classifier did not read as a
            # question about the procedure being discussed is one)
            aspects = aspects or (INTENT_ASPECT[intent],)
            place = self.places.resolve(text)
            replies = self.talk.procedure_question(
                state, parse, text, aspects, names_a_place=place.kind != "none"
            )
            answered = replies[0].meta.get("procedure")
            if "where" in aspects and answered:
                replies += await self._centre_for_procedure(state, text, answered)
            return replies
        if intent == "delete_my_data":
            return [delete_question(self.t)]
        if procedure and (parse.fallback or intent in ("out_of_scope", "help", *SMALL_TALK)):
            # A long story the classifier is unsure of, about a procedure found clearly:
            # answer what its words ask ("... thì cần gì" asks for the documents), and
            # when they name nothing, how it is done. Small talk names no procedure: one
            # found clearly was what the message was about.
            asked = self._aspects(parse, intent, intent_asks=False) or HOW_IT_IS_DONE
            return [
                self.talk.with_alternatives(
                    self.talk.answer(state, procedure.value, asked, text), parse
                )
            ]
        # small talk read unsure with words it never uses, naming something to do ("làm
        # sổ hưu" read as thanks): a procedure asked about, not small talk
        odd = intent in SMALL_TALK and parse.odd_small_talk and mentions_unknown_procedure(text)
        small_talk = (
            intent in SMALL_TALK
            and not odd
            and (
                short_as_small_talk(text)
                or not (self._asks_something(parse, text, intent) or asks(text))
            )
        )
        if small_talk:
            return [self._small_talk(intent)]
        if intent == "help":
            return [self.talk.help()]
        if intent == "request_human":
            return await self.people.ask_for_person(turn, state, uow, "request_human", pending)
        named = self.talk.offered(parse)
        if parse.fallback or odd:
            # A bare place name ("phường 13 quận 4") is not understood as a question but is
            # most likely one about that place; a confident out_of_scope stays out of scope.
            # A story that says where its teller lives, or a message offering procedures,
            # is no bare place name ("… giấy kiểm dịch xin ở đâu? (Tôi ở phường Quy Nhơn)")
            place = self.places.resolve(text)
            if place.kind in UNIT_KINDS and not named and not tells_a_story(text):
                return await self.place_question(state, place, "convert")
            if mentions_unknown_procedure(text) and not named:
                return [self.talk.not_in_catalogue(text)]
        # Procedures were found but the classifier is unsure what is asked, or read "out
        # of scope" a message that names procedures well ("tách thửa hay tặng cho đất cho
        # con"): which procedure, not "not understood".
        offered = self.talk.to_choose_from(named)
        unsure = (parse.fallback or intent in SMALL_TALK) and not small_talk
        if offered and (
            unsure or (intent == "out_of_scope" and offered[0].score >= NAMES_A_PROCEDURE)
        ):
            return [self.talk.ask_which(state, offered, parse.aspects, text)]
        return [self.talk.not_understood(parse)]

    def _carried_aspects(
        self, state: ConversationState, parse: Parse, text: str
    ) -> tuple[str, ...]:
        """ "thế còn khai tử?", "còn kết hôn thì sao" after the fee of another procedure:
        the aspects last answered, asked now of the procedure this message names. ()
        when it asks something of its own, names no other procedure, or does not read
        as a follow-up (a plain procedure name is asked what about it)."""
        if not state.aspects or parse.aspects or parse.yes_no or not reads_as_follow_up(text):
            return ()
        named = parse.entity("procedure") or next(iter(self.talk.offered(parse)), None)
        if named is None or self.catalogue.get(named.value) is self.catalogue.get(state.procedure):
            return ()
        return state.aspects

    async def _hotlines(self, state: ConversationState, text: str) -> list[Reply]:
        """The hotlines of the province named or remembered, else which province."""
        replies = await self.places.hotlines(state, text)
        if replies is not None:
            return replies
        state.pending = AskPlace(Then.HOTLINES)
        return [Reply(self.t("hotlines_where"), kind="ask_place")]

    def _asks_something(self, parse: Parse, text: str, intent: str) -> bool:
        """Whether a message also asks what the flows answer: a procedure, an aspect or a
        yes/no question, a thing to do (a dossier, a place, a person), an emergency, or
        an aspect question marked "?" ("mất thời gian không?", "mất thời gian?")."""
        return (
            parse.emergency
            or intent in ASKS_TO_DO
            or parse.entity("procedure") is not None
            or bool(self.talk.offered(parse))
            or bool(parse.aspects)
            or parse.yes_no
            or (intent in INTENT_ASPECT and "?" in text)
        )

    @staticmethod
    def _small_talk_may_ask(state: ConversationState, parse: Parse, intent: str) -> bool:
        """Whether a message read as small talk may ask about a matter the catalogue
        lacks ("mở thẻ tín dụng cho chủ shop" read as "ok"): read unsure, with words small
        talk never uses (``Parse.odd_small_talk``), or the first message of the
        conversation, when there is nothing yet to say yes, no or thanks to. A bare "ok",
        "vâng", "có" names no matter and stays small talk."""
        return intent in SMALL_TALK and (parse.odd_small_talk or state.turns == 0)

    def _small_talk(self, intent: str) -> Reply:
        """The reply to greetings, thanks, "ok", "bạn là ai", "hả?" (``SMALL_TALK``)."""
        labels = self.t.section("buttons")
        buttons = tuple(
            Button(labels[key], f"cmd:{key}") for key in SMALL_TALK_BUTTONS.get(intent, ())
        )
        return Reply(self.t(SMALL_TALK[intent]), buttons=buttons, kind=intent)

    def _frustrated(self) -> Reply:
        """A short apology and what helps: asking again in other words, or a person."""
        labels = self.t.section("buttons")
        return Reply(
            self.t("frustrated"),
            buttons=(Button(labels["human"], "cmd:human"), Button(labels["help"], "cmd:help")),
            kind="frustrated",
        )

    def _only_a_place(self, parse: Parse, intent: str) -> bool:
        """Nothing but a place may be in the message: no procedure found, no aspect or
        yes/no asked, and the classifier read no request of its own in it."""
        return (
            (intent in INTENT_ASPECT or intent in ("out_of_scope", "help"))
            and parse.entity("procedure") is None
            and not self.talk.offered(parse)
            and not parse.aspects
            and not parse.yes_no
        )

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
        slugs = tuple(c.value for c in named)
        hit = self.faq.find(text, intent, place, slugs, names, resolved=procedure is not None)
        if hit is None:
            return None
        topic = self.talk.uncovered(parse, text)
        if topic is not None and not any(topic.said_in(p) for p in hit.entry.phrasings):
            # a matter the catalogue lacks, told so below, unless the entry speaks of it:
            # "chuyển giới rồi đổi giới tính trên cccd được không" is not the entry on
            # ID cards after the merger of communes
            return None
        if hit.entry.procedure_code:
            info = self.catalogue.by_code(hit.entry.procedure_code)
            state.procedure = info.slug if info else state.procedure
        return self.faq.reply(hit)

    def _procedure_over_intent(self, parse: Parse, text: str, intent: str, codes: CodeScan) -> str:
        """A message that clearly names a procedure is a question about it, whatever else
        the classifier read into it: "hồ sơ làm hộ chiếu gồm những gì" is no dossier to
        look up, "xóa tạm trú chỗ cũ" no request to delete the user's data, "làm người
        giám hộ cho cháu" no request for a person, "thẻ tạm trú làm ở đâu" names no
        place to look up, and a story that names old provinces on the way asks about
        the procedure it asks an aspect of."""
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
        if (
            intent in PLACE_INTENTS
            and procedure is not None
            and parse.aspects
            and tells_a_story(text)
        ):
            # "Tôi chuyển hộ khẩu từ Nam Định vào Bình Dương … Xin hỏi thay đổi thông tin
            # đăng ký thuế làm ở đâu?": the places are the story's, the procedure is asked
            return "ask_procedure_requirements"
        return intent

    def _where_to_file(self, parse: Parse, text: str, intent: str) -> str:
        """A message naming a ward that asks where to go to file ("phuong toi o la phuong
        ben nghe cu thi gio nop o dau"), read as unsure or as an old address to convert,
        asks where to go there, not only which unit the ward is now: read as
        ``ask_procedure_where`` (that unit's centre; with a procedure discussed, where
        that one is filed, then the centre)."""
        unsure = parse.fallback or intent in ("out_of_scope", "convert_old_address")
        if not unsure or parse.entity("procedure") or not asks_where_to_file(text):
            return intent
        if self.places.resolve(text).kind in CENTRE_KINDS:
            return "ask_procedure_where"
        return intent

    @staticmethod
    def _aspects(parse: Parse, intent: str, *, intent_asks: bool = True) -> tuple[str, ...]:
        """Every aspect asked: the cue phrases found (asked how to do it, the steps and
        the documents: story dev sets, every aspect asked answered 51 -> 59 of 112);
        else a yes/no question asks about the conditions ("nam bao nhiêu tuổi được kết
        hôn?"; "có nộp online được không" is the online aspect's own); else, when
        ``intent_asks``, the intent's own aspect, and for the documents' intent (a
        procedure asked about in general or wanted: "muốn đổi thẻ mới") how it is done,
        the papers and the steps (``HOW_IT_IS_DONE``; dev sets, every aspect asked
        answered 1,314 -> 1,483 of 1,729 right answers).
        (In a message of several sentences, the NLU already reads a yes/no sentence that
        names no aspect as asking about the conditions: ``nlu.cues.asked_aspects``.)"""
        if parse.aspects:
            if "steps" in parse.aspects and "requirements" not in parse.aspects:
                return (*parse.aspects, "requirements")  # how to do it: the papers too
            return parse.aspects
        if parse.yes_no and intent != "ask_online_submission":
            if intent in INTENT_ASPECT or not intent_asks:
                return ("conditions",)
        if intent_asks and intent in INTENT_ASPECT:
            aspect = INTENT_ASPECT[intent]
            return HOW_IT_IS_DONE if aspect == "requirements" else (aspect,)
        return ()

    async def place_question(
        self, state: ConversationState, place: Resolution, then: str
    ) -> list[Reply]:
        """The replies about ``place`` for ``then`` ("convert", "centre" or "hours"): the
        answer, or a question that narrows the place down."""
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
        """After "where to submit", the user's own centre when the answer says the commune
        centre receives the dossier (not for one the police take: the answer sends the
        citizen to the police station)."""
        info = self.catalogue.get(slug)
        if info is None or not names_commune_centre(info):
            return []
        unit = self.places.unit_of(self.places.resolve(text)) or self.places.remembered(state)
        if unit is None:
            return []
        self.places.remember(state, unit)
        return await self.places.centre(state, unit)
