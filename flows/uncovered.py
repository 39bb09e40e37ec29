"""Matters the catalogue does not cover: telling "a pension question" from a question
about a neighbouring procedure the retrieval happened to match.

The topics and their cue phrases live in ``uncovered_topics.yml`` (content is data);
why each is there is written at its top.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache, cached_property, lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from knowledge.procedures.records import Catalogue
from knowledge.yaml_data import load_yaml
from nlu.cues import question_part
from nlu.normalize import fold, normalize
from nlu.retrieval_decision import STORY_WORDS
from nlu.terms import analyse, canon, content_words, fold_tokens, shipped_synonyms
from nlu.types import Entity

TOPICS_FILE = Path(__file__).with_name("uncovered_topics.yml")
# the small words that join a cue's words, with their diacritics (folded for a message
# typed without: "cho" is then also "chó", which is why a cue holding "chó" is read only
# in a message with diacritics, see ``_padded_cue``)
FILLERS = frozenset({"của", "cho", "dành", "các", "những"})
_FOLDED_FILLERS = frozenset(fold(w) for w in FILLERS)
ANCHOR_SHARE = 0.6  # this much of a procedure's name in the asking sentences: it is asked
_WORD_RE = re.compile(r"\w+")


def _key(word: str) -> str:
    """A word as the plain-word sets hold it: folded, in the one spelling content words
    use ("ly" is "li", as ``content_words`` spells it)."""
    return canon(fold(word))


def _padded(text: str, accented: bool) -> str:
    """The words of ``text`` between spaces, without the small words that join a cue's
    words ("trợ cấp của người cao tuổi" is "trợ cấp người cao tuổi")."""
    words = _WORD_RE.findall(normalize(text) if accented else fold(text))
    fillers = FILLERS if accented else _FOLDED_FILLERS
    return f" {' '.join(w for w in words if w.lower() not in fillers)} "


def _words(text: str, accented: bool) -> set[str]:
    """The content words of ``text``, with their diacritics when ``accented`` (the
    words an abbreviation stands for, "bhxh" -> "bảo hiểm xã hội", stay folded)."""
    content = content_words(text)
    if not accented:
        return content
    written = {w: _key(w) for w in _WORD_RE.findall(normalize(text))}
    kept = {w for w, folded in written.items() if folded in content}
    return kept | (content - set(written.values()))


@lru_cache(maxsize=4096)
def _padded_cue(cue: str, accented: bool) -> str | None:
    """A cue's words as ``_padded`` gives a message's; None for a cue with a word that is
    a filler only once folded ("nuôi chó" typed without diacritics is "nuoi cho", "raise
    for"): it is not read in a message without diacritics."""
    if not accented and any(
        fold(w) in _FOLDED_FILLERS and w.lower() not in FILLERS for w in _WORD_RE.findall(cue)
    ):
        return None
    return _padded(cue, accented)


def _cue_in(cue: str, padded: str, accented: bool) -> bool:
    """Whether ``cue`` is in a text's ``padded`` words."""
    said = _padded_cue(cue, accented)
    return said is not None and said in padded


class UncoveredTopic(BaseModel):
    """One matter the catalogue has no procedure for."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = ""
    label: str = Field(min_length=1)
    cues: tuple[str, ...] = Field(min_length=1)
    rivals: tuple[str, ...] = ()  # see ``rival``
    # phrases of a procedure the catalogue holds for this matter's people: said in the
    # asking sentences, the topic is not asked ("giấy xác nhận hộ nghèo để vay vốn ngân
    # hàng chính sách" asks the poor household's recognition, the loan is its purpose)
    unless: tuple[str, ...] = ()
    # the same, said anywhere in the message, the story too: the people the catalogue's
    # procedure is for are often told before the question ("bố tôi là công an ... Xin hỏi
    # thủ tục công nhận liệt sĩ?" asks the police's own recognition of a martyr)
    unless_told: tuple[str, ...] = ()
    # words said with this matter that tell no procedure apart against it: "phạt nguội
    # xe máy" names no motorbike's registration for having "xe máy" in common
    context: tuple[str, ...] = ()
    # the cue counts only beside one of these phrases ("mất hộ chiếu" is the consulate's
    # only "ở nước ngoài"), said or meant: an everyday phrase of the message that stands
    # for one (nlu/synonyms.yml: "ở nhật" -> "nước ngoài", "người philippines" -> "có
    # yếu tố nước ngoài")
    needs: tuple[str, ...] = ()
    needs_meant: tuple[str, ...] = ()
    # the cue counts anywhere in a story, though a procedure was found: a nuisance told
    # before "Xin hỏi tôi phản ánh ở đâu?" is what is asked about
    told: bool = False
    # cues read only in a message written with diacritics: typed bare they are other
    # words ("ân xá" is the "an xa" of "công an xã" and "làm ăn xa")
    accented_cues: tuple[str, ...] = ()

    @field_validator("cues")
    @classmethod
    def _not_blank(cls, cues: tuple[str, ...]) -> tuple[str, ...]:
        if any(not _WORD_RE.search(c) for c in cues):
            raise ValueError("a cue needs at least one word")
        return cues

    @model_validator(mode="after")
    def _accented_cues_are_cues(self) -> UncoveredTopic:
        if unknown := set(self.accented_cues) - set(self.cues):
            raise ValueError(f"accented_cues not among the cues: {sorted(unknown)}")
        return self

    def found_in(self, padded: str, accented: bool) -> int:
        """How many words the longest cue of this topic found in ``padded`` (a text's
        words, see ``_padded``) has; 0 when none is there."""
        cues = self.cues if accented else [c for c in self.cues if c not in self.accented_cues]
        found = (_padded_cue(c, accented) for c in cues if _cue_in(c, padded, accented))
        return max((len(cue.split()) for cue in found if cue), default=0)

    def needed_in(self, text: str, padded: str, accented: bool) -> bool:
        """Whether ``text`` (its words ``padded``) says or means what the cue needs beside it."""
        if not (self.needs or self.needs_meant):
            return True
        if any(_cue_in(p, padded, accented) for p in self.needs):
            return True
        meant = f" {' '.join(shipped_synonyms().expand(fold_tokens(text)))} "
        return any(f" {' '.join(fold_tokens(p))} " in meant for p in self.needs_meant)

    def said_in(self, text: str) -> bool:
        """Whether ``text`` (an FAQ entry's question, say) says one of this topic's cues."""
        accented = not text.isascii()
        return bool(self.found_in(_padded(text, accented), accented))

    def cue_words_in(self, padded: str, accented: bool) -> frozenset[str]:
        """The words (as ``_key`` spells them) of the cues of this topic found in ``padded``."""
        return frozenset(
            _key(w)
            for cue in self.cues
            if _cue_in(cue, padded, accented)
            for w in _WORD_RE.findall(fold(cue))
        )

    @property
    def context_words(self) -> frozenset[str]:
        """The words of ``context``, as ``_key`` spells them."""
        return frozenset(_key(w) for phrase in self.context for w in _WORD_RE.findall(fold(phrase)))

    def rival(self, name: str, accented: bool) -> bool:
        """Whether procedure ``name`` is one of this topic's ``rivals``: the same family,
        another matter ("đăng ký kết hôn" for "ly hôn"), which never tells the topic was
        not asked."""
        named = _padded(name, accented)
        return any(_cue_in(rival, named, accented) for rival in self.rivals)


class UncoveredTopics(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    topics: tuple[UncoveredTopic, ...] = ()
    plain_words: tuple[str, ...] = ()  # words that never anchor a procedure, see the YAML

    @classmethod
    def load(cls, path: Path = TOPICS_FILE) -> UncoveredTopics:
        data = load_yaml(path) or {}
        topics = [{**(body or {}), "key": key} for key, body in (data.get("topics") or {}).items()]
        return cls(topics=tuple(topics), plain_words=tuple(data.get("plain_words") or ()))

    @cached_property
    def _plain(self) -> frozenset[str]:
        """The plain words, folded (every word of each phrase)."""
        return frozenset(
            _key(w) for phrase in self.plain_words for w in _WORD_RE.findall(fold(phrase))
        )

    def asked(
        self, text: str, best_names: Sequence[str] = (), *, found: bool = True
    ) -> UncoveredTopic | None:
        """The uncovered matter ``text`` asks about (a cue in its asking sentences),
        unless the best procedure found is what those sentences ask about: ``best_names``
        are that procedure's official name and the name it matched by. When no procedure
        was ``found`` (none, or only weak ones), a story's cue counts anywhere in it:
        "cha tôi là liệt sĩ ... tôi có được hưởng chế độ gì không?"; so does a ``told``
        topic's, found or not."""
        story = len(content_words(text)) > STORY_WORDS
        # ("… trợ cấp thờ cúng liệt sĩ. Mức trợ cấp này là bao nhiêu?" asks that allowance)
        asking = question_part(text, points=True) if story else text
        # a short message's cue is read in all of it, but when its sentences that ask
        # hold the cue, the procedure found is looked for in them only: "... nay công ty
        # giải thể. Bao giờ tôi được nhận lương hưu?" asks no dissolution of a company
        topic = self._asked_in(
            asking, best_names, None if story else question_part(text), told=text
        )
        if topic is None and asking != text:
            # a told topic's cue counts in the story, but the procedure the catalogue
            # holds is still looked for where it asks: "đã kích hoạt mức 2 ... đăng nhập
            # không được. Xin hỏi có phải làm lại tài khoản?" asks no level 2 account
            topic = self._asked_in(text, best_names, told=text, told_only=found, asks=asking)
        return topic

    def _asked_in(
        self,
        asking: str,
        best_names: Sequence[str],
        sentences: str | None = None,
        *,
        told: str = "",
        told_only: bool = False,
        asks: str | None = None,
    ) -> UncoveredTopic | None:
        """The topic whose cue ``asking`` holds, unless one of ``best_names`` is anchored
        in it; in ``sentences`` (the sentences of it that ask) instead, when they hold
        the cue too."""
        accented = not asking.isascii()  # with diacritics when the text has them
        padded = _padded(asking, accented)
        told_accented = not told.isascii() if told else accented
        told_padded = _padded(told, told_accented) if told else padded
        asks_accented = not asks.isascii() if asks else accented
        asks_padded = _padded(asks, asks_accented) if asks else padded
        for topic in self.topics:
            if told_only and not topic.told:
                continue
            cue_words = topic.found_in(padded, accented)
            # a told topic's story is read whole for its cue, but what the catalogue holds
            # for these people (its unless phrases, the procedure found) is looked for
            # where the story asks (``asks``)
            in_asks = topic.told and asks is not None
            held, held_accented = (asks_padded, asks_accented) if in_asks else (padded, accented)
            if not cue_words or any(_cue_in(p, held, held_accented) for p in topic.unless):
                continue
            if any(_cue_in(p, told_padded, told_accented) for p in topic.unless_told):
                continue
            if not topic.needed_in(asking, padded, accented):
                continue
            where, said = asking, padded
            if sentences and sentences != asking:
                in_sentences = _padded(sentences, accented)
                if topic.found_in(in_sentences, accented):
                    where, said = sentences, in_sentences
                    cue_words = topic.found_in(said, accented)
            # the cue's own words tell no procedure apart where the name has several
            # others: "khiếu nại cán bộ phường" is not "khiếu nại cán bộ công an" for
            # having "khiếu nại" in common ("công chứng bằng tốt nghiệp" keeps its cue)
            plain = self._plain | topic.cue_words_in(said, accented) | topic.context_words
            # a rival names another matter of the same family: "ly hôn" asked is not
            # "đăng ký kết hôn" (the marriage said in passing)
            names = [n for n in best_names if not topic.rival(n, accented)]
            anchor_in, anchor_accented = (asks, asks_accented) if in_asks else (where, accented)
            if _anchored(
                anchor_in,
                anchor_accented,
                names,
                cue_words,
                plain,
                self._plain,
                topic.context_words,
            ):
                # "ủy quyền nhận lương hưu"; "chưa đủ năm hưởng lương hưu thì nhận BHXH
                # một lần?": the procedure found is what the sentences ask about.
                return None
            return topic
        return None


def _anchored(
    asking: str,
    accented: bool,
    names: Sequence[str],
    cue_words: int,
    plain: frozenset[str],
    fewer_plain: frozenset[str] | None = None,
    context: frozenset[str] = frozenset(),
) -> bool:
    """The procedure was found in the asking sentences themselves (most of a name's
    content words are there, and no fewer than the cue's): the matter is then only
    its context. "xin trợ cấp người khuyết tật ... nơi đang tạm trú" is not about
    "làm tạm trú"."""
    words = _words(asking, accented)  # with diacritics: "tính" lương hưu is not "tỉnh"
    for name in names:
        own = _words(name, accented) if accented else content_words(name)
        present = len(own & words)
        if not own or present < max(2, cue_words, math.ceil(ANCHOR_SHARE * len(own))):
            continue
        # and the words that tell it apart are there too: "hưởng chế độ" alone is not
        # "hưởng chế độ thai sản"
        telling = {w for w in own if _key(w) not in plain}
        if not telling and any(_key(w) in context for w in own):
            # nothing of its own besides the cue's and the matter's context: "gia hạn
            # bằng lái" is not asked by "bị tước bằng lái, hết hạn thì lấy lại"
            continue
        if len(telling) < MIN_TELLING and fewer_plain is not None:
            # few words besides the cue's: the cue's words count too, but one of those
            # few must be said: "hồ sơ hưởng lương hưu" is not "chuyển hưởng lương hưu"
            if telling and not telling & words:
                continue
            telling = {w for w in own if _key(w) not in fewer_plain}
        needed = max(min(2, len(telling)), ANCHOR_SHARE * len(telling))
        if telling and len(telling & words) >= math.ceil(needed) and _said_together(asking, name):
            return True
    return False


def _pairs(text: str) -> set[tuple[str, str]]:
    """The pairs of content words of ``text`` said one right after the other (folded)."""
    tokens, stops = analyse(text)
    return {
        (a, b)
        for pos, (a, b) in enumerate(zip(tokens, tokens[1:], strict=False))
        if not {pos, pos + 1} & stops and not (a.isdigit() or b.isdigit())
    }


def _said_together(asking: str, name: str) -> bool:
    """Whether two words of ``name`` follow each other in ``asking`` too (a name of one
    word always is): "chưa thấy lãnh lương" typed without diacritics has the words of
    "nhận thay lương hưu" ("thay", "lương") but says none of them together."""
    own = _pairs(name)
    return not own or bool(own & _pairs(asking))


MIN_TELLING = 3  # words a name needs besides the cue's for those alone to tell it apart


@cache
def uncovered_topics() -> UncoveredTopics:
    return UncoveredTopics.load()


WEAK_CANDIDATE = 0.6  # a story's best candidate below this leaves its cues counting anywhere


def uncovered_beside(
    catalogue: Catalogue, text: str, resolved: Entity | None, candidates: Sequence[Entity]
) -> UncoveredTopic | None:
    """The matter the catalogue does not cover that ``text`` asks about, unless the best
    procedure the search found (``resolved``, else the first of ``candidates``) is about
    it, by the name it matched and its official name; a weak candidate alone counts as
    nothing found (see ``UncoveredTopics.asked``)."""
    best = resolved or (candidates[0] if candidates else None)
    names: tuple[str, ...] = ()
    if best is not None:
        info = catalogue.get(best.value)
        names = (best.text or "", info.name if info else "")
    found = resolved is not None or (best is not None and (best.score or 0.0) >= WEAK_CANDIDATE)
    return uncovered_topics().asked(text, names, found=found)
