"""Cue phrases: the aspects a question asks, yes/no questions, emergencies, frustration.

The phrases live in ``cues.yml``; they are matched on whole words of the
accent-folded message, so users who type without diacritics are understood too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from knowledge.yaml_data import load_yaml
from nlu.normalize import fold, normalize
from nlu.phrase_gaps import GAP, gapped_parts
from nlu.referents import referents
from nlu.terms import content_words
from nlu.types import IntentScore

_WORD_RE = re.compile(r"\w+")
CUES_PATH = Path(__file__).with_name("cues.yml")
BARE_QUESTION_WORDS = 1  # an asking sentence this short asks about the one before it
# Every aspect of a procedure that can be asked, in the order a full answer gives them.
ASPECTS = (
    "requirements",
    "steps",
    "fee",
    "time",
    "where",
    "online",
    "post",
    "conditions",
    "agency",
    "result",
    "forms",
    "legal_basis",
)


@dataclass(frozen=True)
class Phrases:
    """Phrases as matched in a message written with diacritics (``accented``) and in
    one typed without (``folded``: only those that stay unambiguous folded)."""

    accented: tuple[str, ...]
    folded: tuple[str, ...]

    def in_message(self, padded: str, has_diacritics: bool) -> bool:
        return any(p in padded for p in (self.accented if has_diacritics else self.folded))


@dataclass(frozen=True)
class EmergencyCues:
    """The ``emergency`` section of cues.yml (its comments give the rule)."""

    self_harm: Phrases
    now: Phrases
    alone: Phrases  # whole messages
    danger: Phrases
    not_now: Phrases


@dataclass(frozen=True)
class ActionCues:
    """What is done to what exists (cues.yml, ``actions``): each phrase, padded, with the
    action it says (the first phrase of its list), as matched in a message with
    diacritics (``accented``) and in one typed without (``folded``: two words or more);
    and the phrases where they say none (``not_actions``, and each one after a word of
    ``actions_not_after``)."""

    accented: tuple[tuple[str, str], ...]
    folded: tuple[tuple[str, str], ...]
    not_actions: Phrases


@dataclass(frozen=True)
class Cues:
    aspects: tuple[tuple[str, tuple[str, ...]], ...]
    # phrases with a gap ("thủ tục … thế nào"): their words in order, a few words apart
    aspect_gaps: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    # per aspect, the phrases that hold its cue words but do not ask it ("có làm sao
    # không" asks what happens, not how: "làm sao"), plain and with a gap
    not_aspects: tuple[tuple[str, tuple[str, ...], tuple[re.Pattern[str], ...]], ...]
    yes_no: tuple[str, ...]
    yes_no_at_end: tuple[str, ...]  # only where a clause ends ("… kết quả chưa?")
    emergency: EmergencyCues
    frustration: Phrases
    question_accented: tuple[str, ...]
    question_folded: tuple[str, ...]  # the phrases of two words or more, for unaccented text
    where_to_file: PhraseList  # asks where to go to file (cues.yml, where_to_file)
    how: PhraseList  # asks how, naming no aspect: the steps (cues.yml, how)
    not_how: PhraseList  # ... except in these (cues.yml, not_how)
    wish: Phrases  # says what the writer wants (cues.yml, wish)
    not_wish: Phrases  # ... except in these (cues.yml, not_wish)
    actions: ActionCues = ActionCues((), (), Phrases((), ()))  # cues.yml, actions
    # intents kept only with one of their words in the message (cues.yml, intent_needs)
    intent_needs: tuple[tuple[str, Phrases], ...] = ()
    in_numbers: frozenset[str] = frozenset()  # ... or with a number in it
    beside_a_procedure: frozenset[str] = frozenset()  # ... needed only beside a procedure
    same_question: frozenset[str] = frozenset()  # intents that give way to each other


def _folded(phrases) -> tuple[str, ...]:
    kept = (str(p) for p in phrases or () if GAP not in str(p))
    return tuple(dict.fromkeys(_padded(p) for p in kept if _padded(p).strip()))


def _gapped(phrases) -> tuple[re.Pattern[str], ...]:
    """The phrases with a gap (nlu/phrase_gaps.py), each a pattern over the padded
    folded message: its parts in order, at most the gap's width in words between."""
    patterns = []
    for phrase in phrases or ():
        if GAP not in str(phrase):
            continue
        parts, widths = gapped_parts(str(phrase))
        words = [re.escape(" ".join(_padded(part).split())) for part in parts]
        body = words[0] + "".join(
            rf"(?: \w+){{0,{width}}} " + word for width, word in zip(widths, words[1:], strict=True)
        )
        patterns.append(re.compile(" " + body + " "))
    return tuple(patterns)


@dataclass(frozen=True)
class PhraseList:
    """A list of phrases (from any YAML file) matched as cues.yml's are: on whole words
    of the accent-folded message, so a phrase is written once, with or without its
    accents; one with a gap ("…") matches its parts in order, a few words apart."""

    plain: tuple[str, ...]
    gapped: tuple[re.Pattern[str], ...]

    @classmethod
    def of(cls, phrases) -> PhraseList:
        return cls(_folded(phrases), _gapped(phrases))

    def found_in(self, text: str) -> bool:
        padded = _padded(text)
        return any(p in padded for p in self.plain) or any(g.search(padded) for g in self.gapped)


@lru_cache(maxsize=1)
def cues() -> Cues:
    data = load_yaml(CUES_PATH) or {}
    aspects = data.get("aspects") or {}
    not_aspects = data.get("not_aspects") or {}
    unknown = (set(aspects) | set(not_aspects)) - set(ASPECTS)
    if unknown:
        raise ValueError(f"{CUES_PATH}: unknown aspects {sorted(unknown)}")
    return Cues(
        aspects=tuple((name, _folded(aspects.get(name))) for name in ASPECTS),
        aspect_gaps=tuple((name, _gapped(aspects.get(name))) for name in ASPECTS),
        not_aspects=tuple(
            (name, _folded(not_aspects.get(name)), _gapped(not_aspects.get(name)))
            for name in ASPECTS
        ),
        yes_no=_folded(data.get("yes_no")),
        yes_no_at_end=_folded(data.get("yes_no_at_end")),
        emergency=_emergency_cues(data.get("emergency") or {}),
        frustration=_frustration_cues(data.get("frustration") or {}),
        question_accented=tuple(_accented(str(p)) for p in data.get("question_sentence") or ()),
        question_folded=tuple(
            _padded(str(p)) for p in data.get("question_sentence") or () if " " in str(p).strip()
        ),
        **_intent_needs(data.get("intent_needs") or {}),
        where_to_file=PhraseList.of(data.get("where_to_file")),
        how=PhraseList.of(data.get("how")),
        not_how=PhraseList.of(data.get("not_how")),
        wish=_phrases(data, "wish"),
        not_wish=_phrases(data, "not_wish"),
        actions=_action_cues(data),
    )


def _action_cues(data: dict) -> ActionCues:
    said: list[tuple[str, str]] = []  # (phrase, action)
    for entry in data.get("actions") or ():
        phrases = [str(p) for p in (entry if isinstance(entry, list) else [entry])]
        said += [(p, phrases[0]) for p in phrases]
    before = [str(w) for w in data.get("actions_not_after") or ()]
    not_actions = [*(data.get("not_actions") or ()), *(f"{w} {p}" for w in before for p, _ in said)]
    return ActionCues(
        accented=tuple((_accented(p), action) for p, action in said),
        folded=tuple((_padded(p), action) for p, action in said if len(_padded(p).split()) > 1),
        not_actions=_phrases({"not_actions": not_actions}, "not_actions"),
    )


def _intent_needs(section: dict) -> dict:
    """The ``intent_needs`` section of cues.yml: per intent, its words as ``Phrases``
    (folded: those of two words or more, and single words written without diacritics)."""
    needs = []
    for intent, listed in section.items():
        if intent in ("in_numbers", "beside_a_procedure", "same_question"):
            continue
        listed = [str(p) for p in listed or () if _padded(str(p)).strip()]
        folded = tuple(
            dict.fromkeys(_padded(p) for p in listed if p.isascii() or len(_padded(p).split()) > 1)
        )
        needs.append((str(intent), Phrases(tuple(dict.fromkeys(map(_accented, listed))), folded)))
    return {
        "intent_needs": tuple(needs),
        "in_numbers": frozenset(str(i) for i in section.get("in_numbers") or ()),
        "beside_a_procedure": frozenset(str(i) for i in section.get("beside_a_procedure") or ()),
        "same_question": frozenset(str(i) for i in section.get("same_question") or ()),
    }


def _emergency_cues(section: dict) -> EmergencyCues:
    unknown = set(section) - {f.name for f in fields(EmergencyCues)} - {"only_with_diacritics"}
    if unknown:
        raise ValueError(f"{CUES_PATH}: unknown emergency lists {sorted(unknown)}")

    def phrases(name: str, *, single_words_folded: bool = False) -> Phrases:
        return _phrases(section, name, single_words_folded=single_words_folded)

    return EmergencyCues(
        self_harm=phrases("self_harm"),
        now=phrases("now"),
        alone=phrases("alone", single_words_folded=True),  # "chay" alone: most likely fire
        danger=phrases("danger"),
        not_now=phrases("not_now"),
    )


def _frustration_cues(section: dict) -> Phrases:
    unknown = set(section) - {"phrases", "only_with_diacritics"}
    if unknown:
        raise ValueError(f"{CUES_PATH}: unknown frustration lists {sorted(unknown)}")
    return _phrases(section, "phrases")


def _phrases(section: dict, name: str, *, single_words_folded: bool = False) -> Phrases:
    """The list ``name`` of a section that may have ``only_with_diacritics``: phrases of
    one word are matched folded only with ``single_words_folded``."""
    accented_only = {_accented(str(p)) for p in section.get("only_with_diacritics") or ()}
    listed = [str(p) for p in section.get(name) or () if _padded(str(p)).strip()]
    accented = tuple(dict.fromkeys(_accented(p) for p in listed))
    folded = tuple(
        dict.fromkeys(
            _padded(p)
            for p in listed
            if _accented(p) not in accented_only
            and (single_words_folded or len(_padded(p).split()) > 1)
        )
    )
    return Phrases(accented, folded)


def _padded(text: str) -> str:
    return f" {' '.join(_WORD_RE.findall(fold(text)))} "


def detect_aspects(text: str) -> tuple[str, ...]:
    """Every aspect the message asks about, in the order the message asks them. An
    aspect's cue inside one of its ``not_aspects`` phrases (cues.yml) asks nothing."""
    padded = _padded(text)
    found: list[tuple[int, str]] = []
    c = cues()
    for (name, phrases), (_, gapped), (_, masks, masks_gapped) in zip(
        c.aspects, c.aspect_gaps, c.not_aspects, strict=True
    ):
        words = _masked(padded, masks, masks_gapped)
        positions = [words.find(p) for p in phrases if p in words]
        for pattern in gapped:
            m = pattern.search(words)
            if m and not _names_another_aspect(m.group(), name):
                positions.append(m.start())
        if positions:
            found.append((min(positions), name))
    return tuple(name for _, name in sorted(found))


def _masked(padded: str, plain: tuple[str, ...], gapped: tuple[re.Pattern[str], ...]) -> str:
    """``padded`` with the words of these phrases blanked (kept as long, so positions
    hold): no cue is found in them."""
    for phrase in plain:
        padded = padded.replace(phrase, " " * len(phrase))
    for pattern in gapped:
        padded = pattern.sub(lambda m: " " * len(m.group()), padded)
    return padded


def _names_another_aspect(span: str, name: str) -> bool:
    """Whether a gapped phrase's words hold another aspect's phrase: in "thủ tục khai
    sinh thì lệ phí tính như thế nào" the "như thế nào" asks about the fee."""
    c = cues()
    for (other, group), (_, masks, masks_gapped) in zip(c.aspects, c.not_aspects, strict=True):
        if other != name:
            words = _masked(span, masks, masks_gapped)
            if any(p in words for p in group):
                return True
    return False


def asked_aspects(text: str) -> tuple[str, ...]:
    """Every aspect a message asks, in order (``detect_aspects``). In a message of
    several sentences only those that ask count (``asking_sentences``; a story's "sau
    một thời gian làm việc" or "buôn bán tại nhà" asks no time and no online filing).
    A yes/no question that names no aspect asks about the conditions: a sentence marked
    with "?" among others ("… đổi dân tộc có được không? Phải làm những thủ tục nào?"),
    or a clause beside one that asks an aspect ("xin cấp lại được không, liên hệ ở
    đâu?"); a message that asks yes or no and nothing else is left to the router."""
    sentences = [s for s in _SENTENCE_END_RE.split(text) if s.strip()]
    asking = asking_sentences(text, marks_only=False) or sentences
    found: list[str] = []
    for sentence in asking:
        named = detect_aspects(sentence)
        if not named and len(sentences) > 1 and "?" in sentence and is_yes_no(sentence):
            named = ("conditions",)
        elif not named and _asks_how(sentence):
            named = ("steps",)
        elif named:
            named = _with_clauses(sentence, named)
        found += named
    return tuple(dict.fromkeys(found))


def _asks_how(sentence: str) -> bool:
    """Whether ``sentence`` asks how, naming no aspect ("gia hạn tạm trú thế nào",
    "đổi bằng lái kiểu gì"): outside the phrases that do not ask the steps."""
    c = cues()
    _, masks, masks_gapped = next(n for n in c.not_aspects if n[0] == "steps")
    words = _masked(_padded(sentence), masks, masks_gapped)
    words = _masked(words, c.not_how.plain, c.not_how.gapped)
    return any(p in words for p in c.how.plain) or any(g.search(words) for g in c.how.gapped)


_CLAUSE_RE = re.compile(r"[,:]|\bvà\b|\bva\b")


def _with_clauses(sentence: str, named: tuple[str, ...]) -> tuple[str, ...]:
    """``named`` with what a clause of ``sentence`` that names no aspect asks: the steps
    when it asks how ("khai thuế thế nào và nộp tờ khai ở đâu"), the conditions when it
    ends yes or no or chooses ("… do ai nộp và tôi được nhận một lần hay hằng tháng?");
    each before them when its clause comes first, else after."""
    clauses = [c for c in _CLAUSE_RE.split(sentence) if c.strip()]
    if len(clauses) <= 1:
        return named

    def asks_yes_no(clause: str) -> bool:
        return _ends_yes_no(clause) or ("?" in sentence and " hay " in _padded(clause))

    for extra, asks_it in (("steps", _asks_how), ("conditions", asks_yes_no)):
        for i, clause in enumerate(clauses):
            if extra not in named and asks_it(clause) and not detect_aspects(clause):
                named = (extra, *named) if i == 0 else (*named, extra)
    return named


def _has_yes_no_clause(sentence: str) -> bool:
    return any(_ends_yes_no(c) for c in _CLAUSE_RE.split(sentence))


def _ends_yes_no(clause: str) -> bool:
    padded = _padded(clause)
    c = cues()
    ends = (*c.yes_no, *c.yes_no_at_end, " khong ")
    return any(padded.endswith(p) for p in ends)


def is_yes_no(text: str) -> bool:
    """A question answered yes or no, or by choosing between two things it names: both
    are answered from the record's conditions and notes (story dev sets: every aspect
    asked answered +1 for the choices)."""
    padded = _padded(text)
    if "?" in text and " hay " in padded:
        return True  # a choice ("theo dân tộc của cha hay mẹ?"): the rules answer it too
    c = cues()
    if any(p in padded for p in c.yes_no) or padded.endswith(" khong "):
        return True
    # each question's end, and the message's
    ends = [*(_padded(q) for q in _QUESTION_END_RE.findall(text)), padded]
    return any(end.endswith(p) for end in ends for p in c.yes_no_at_end)


# each question of a message: what comes before a "?" since the last sentence's end
_QUESTION_END_RE = re.compile(r"[^.?!;\n]*\?")


def _accented(text: str) -> str:
    return f" {' '.join(_WORD_RE.findall(normalize(text)))} "


def _message_words(text: str) -> tuple[str, bool]:
    """The message's words, padded, and whether they keep their diacritics: a message
    written with diacritics must match them ("dưới nước", under water, is not "đuối
    nước", drowning); one typed without is matched folded."""
    if any(ch.isalpha() and not ch.isascii() for ch in text):
        return _accented(text), True
    return _padded(text), False


def is_emergency(text: str) -> bool:
    """Somebody in danger now (the rule is in cues.yml, section ``emergency``)."""
    padded, has_diacritics = _message_words(text)
    c = cues().emergency
    if c.self_harm.in_message(padded, has_diacritics) or c.now.in_message(padded, has_diacritics):
        return True
    alone = f" {' '.join(dict.fromkeys(padded.split()))} "  # "cháy cháy!!" is "cháy"
    if alone in (c.alone.accented if has_diacritics else c.alone.folded):
        return True
    return c.danger.in_message(padded, has_diacritics) and not c.not_now.in_message(
        padded, has_diacritics
    )


def has_intent_words(intent: str, text: str, *, names_a_procedure: bool = False) -> bool:
    """Whether ``text`` has a word of ``intent`` (cues.yml, ``intent_needs``); an intent
    that needs none always has, and so does one that needs them only beside a procedure
    when ``text`` names none."""
    c = cues()
    needed = dict(c.intent_needs).get(intent)
    if needed is None or (intent in c.in_numbers and any(ch.isdigit() for ch in text)):
        return True
    if intent in c.beside_a_procedure and not names_a_procedure:
        return True
    padded, has_diacritics = _message_words(text)
    return needed.in_message(padded, has_diacritics)


def intent_read(
    ranking: Sequence[IntentScore], text: str, *, names_a_procedure: bool = False
) -> IntentScore | None:
    """The intent ``text`` is read as from the classifier's ``ranking``: its first, unless
    the message lacks that intent's words (``has_intent_words``); then the next that has
    them, or, when the first asks about a procedure (``same_question``), the next such
    one with the first's confidence. None for an empty ranking."""
    if not ranking:
        return None
    top = ranking[0]
    if has_intent_words(top.name, text, names_a_procedure=names_a_procedure):
        return top
    kin = cues().same_question if top.name in cues().same_question else None
    for score in ranking[1:]:
        if kin is not None and score.name not in kin:
            continue
        if has_intent_words(score.name, text, names_a_procedure=names_a_procedure):
            return IntentScore(score.name, top.confidence) if kin is not None else score
    return top


def asks_where_to_file(text: str) -> bool:
    """The message asks where to go to do one's paperwork ("giờ nộp ở đâu", "đi làm giấy
    tờ ở đâu"; cues.yml, ``where_to_file``), not merely where something is."""
    return cues().where_to_file.found_in(text)


def is_self_harm(text: str) -> bool:
    """Somebody speaks of taking their own life: the emergency numbers come with a
    caring sentence."""
    padded, has_diacritics = _message_words(text)
    return cues().emergency.self_harm.in_message(padded, has_diacritics)


def is_frustrated(text: str) -> bool:
    """The citizen is frustrated with the bot or insults it ("bot ngu quá", "vo dung",
    "ko giup dc gi"; cues.yml, section ``frustration``). Whether the message also asks
    something is the router's to decide."""
    padded, has_diacritics = _message_words(text)
    return cues().frustration.in_message(padded, has_diacritics)


_SENTENCE_END_RE = re.compile(r"(?<=[.?!;])\s+|\n+")


def asks(sentence: str) -> bool:
    """Whether ``sentence`` asks something: a "?" or a question word ("thế nào", "không",
    "ở đâu"; cues.yml)."""
    if "?" in sentence:
        return True
    c = cues()
    if sentence.isascii():  # typed without diacritics: "hoi" could be "hội"
        padded = _padded(sentence)
        return any(p in padded for p in c.question_folded)
    accented = _accented(sentence)
    return any(p in accented for p in c.question_accented)


@lru_cache(maxsize=64)  # (read by every procedure search of a message, and the FAQ's)
def question_part(text: str, *, wishes: bool = False, points: bool = False) -> str:
    """The sentences of ``text`` that ask something (those with "?" when any has one,
    else see ``question_sentence`` in cues.yml), joined by " . ", or the whole text
    when it is one sentence or none of them asks. With ``wishes``, a sentence saying
    what the writer wants just before an asking one comes with it (``says_a_wish``);
    with ``wishes`` or ``points``, the sentence an asking one points back at
    (nlu/referents.py)."""
    return " . ".join(asking_sentences(text, wishes=wishes, points=points)) or text


def says_a_wish(sentence: str) -> bool:
    """Whether ``sentence`` says what its writer wants ("Nay tôi muốn xin cấp lại thẻ
    căn cước"; cues.yml, ``wish``)."""
    padded, has_diacritics = _message_words(sentence)
    c = cues()
    for phrase in c.not_wish.accented if has_diacritics else c.not_wish.folded:
        padded = padded.replace(phrase, " ")
    return c.wish.in_message(padded, has_diacritics)


@lru_cache(maxsize=64)
def said_actions(text: str) -> frozenset[str]:
    """The actions on what exists that ``text`` says (cues.yml, ``actions``), each by
    the first phrase of its list: "cập nhật thông tin" says "thay đổi"."""
    return _actions_in(*_message_words(text))


def name_actions(name: str) -> frozenset[str]:
    """The actions (cues.yml, ``actions``) a procedure's name says. Names are written
    with diacritics: they are read as written, without a message's clean-up (which costs
    about ten times as much, and a procedure has up to a hundred names)."""
    return _actions_in(
        f" {' '.join(_WORD_RE.findall(unicodedata.normalize('NFC', name).lower()))} ", True
    )


def _actions_in(padded: str, has_diacritics: bool) -> frozenset[str]:
    """The actions of padded words (``_message_words``), but those of ``not_actions``."""
    c = cues().actions
    phrases = c.accented if has_diacritics else c.folded
    if not any(phrase in padded for phrase, _ in phrases):
        return frozenset()  # (most messages and names)
    for phrase in c.not_actions.accented if has_diacritics else c.not_actions.folded:
        padded = padded.replace(phrase, " ")
    return frozenset(action for phrase, action in phrases if phrase in padded)


def asking_sentences(
    text: str, *, marks_only: bool = True, wishes: bool = False, points: bool = False
) -> list[str]:
    """The sentences of ``text`` that ask something (see ``question_part``); none when
    it is one sentence or none of them asks. With ``marks_only`` off (for the aspects
    asked), a sentence with a question word or a clause ending yes/no asks even when the
    writer marks other sentences with "?" ("… cần những giấy tờ gì. Thời hạn bao lâu?",
    "… thủ tục thế nào? Có mất lệ phí không và cách tính thế nào." ask both). With
    ``wishes``, the sentence before one that asks comes with it when it says a wish
    (``says_a_wish``), as it does before a bare question."""
    sentences = [s.strip() for s in _SENTENCE_END_RE.split(text) if s.strip()]
    if len(sentences) <= 1:
        return []
    asking: list[str] = []
    # A writer who marks questions with "?" marks them all: then a story's sentence
    # that merely names a procedure ("khi làm thủ tục hưởng chế độ thai sản") does not ask
    # (dev sets: right +1, honest +2, wrong unchanged, top-1 0.859 -> 0.865).
    marked = marks_only and any("?" in s for s in sentences)
    for i, sentence in enumerate(sentences):
        if not ("?" in sentence or (not marked and asks(sentence))):
            if marks_only or not _has_yes_no_clause(sentence):
                continue
        # "Nay tôi muốn tách thửa. Thủ tục thế nào?": the question is about what the
        # sentence before it says
        bare = len(content_words(sentence)) <= BARE_QUESTION_WORDS
        wish = bool(i) and wishes and says_a_wish(sentences[i - 1])
        # "… yêu cầu giấy xác nhận tình trạng hôn nhân. … Xin hỏi tôi xin giấy này ở
        # đâu?": the paper pointed at is asked about (nlu/referents.py), unless the
        # sentence just before says what the writer wants
        pointed = (
            referents().pointed_at(sentences, i) if (wishes or points) and i and not wish else None
        )
        if pointed is None and i and (bare or wish):
            pointed = i - 1
        if pointed is not None and sentences[pointed] not in asking:
            asking.append(sentences[pointed])
        asking.append(sentence)
    return asking


@lru_cache(maxsize=1)
def _all_phrases() -> tuple[str, ...]:
    c = cues()
    phrases = [p for _, group in c.aspects for p in group] + list(c.yes_no)
    return tuple(sorted(set(phrases), key=len, reverse=True))


def without_cues(text: str) -> str:
    """The folded words of ``text`` with every aspect and yes/no phrase taken out
    ("có làm online được không" -> "co lam"): what is left may name a procedure."""
    padded = _padded(text)
    for phrase in _all_phrases():
        while phrase in padded:
            padded = padded.replace(phrase, " ")
    return " ".join(padded.split())
