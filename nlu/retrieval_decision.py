"""Which candidate of a procedure search a message resolves to (``ProcedureIndex.find``).

The index ranks candidates (:mod:`nlu.retrieval`); this decides whether the top one is
clearly good enough to answer, or the candidates are offered to choose from. A long
message that tells a story is searched by its asking sentences first (``question_part``),
the whole story after; the words after "muốn" (or before "để") tell what is wanted from
what happened before (or what it is for); a second strong candidate on other words is a
second procedure, and a close call is settled by a telling word only the top name has.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from nlu.ages import fitting_age, says_an_age
from nlu.cues import question_part
from nlu.entities import EntityMatch
from nlu.terms import analyse, content_pairs, content_words
from nlu.types import Entity

if TYPE_CHECKING:
    from nlu.retrieval import Hit, ProcedureIndex

TWO_PROCEDURES = 0.8  # a runner-up this strong on other words is a second procedure
TWO_PROCEDURES_JOINED = 0.65  # ... when a conjunction joins them ("khai sinh hay kết hôn")
# folded; not "với", mostly "with" ("tranh chấp ranh giới với anh họ, hòa giải rồi mà
# không được"): without it, 13 dev and probe sets gained one right answer, lost none
JOINING = frozenset({"hay", "hoac", "va"})
STORY_WORDS = 12  # a message with more content words than this tells a story
# "lấy chồng ở xã khác, muốn chuyển hộ khẩu về nhà chồng": what follows "muốn" is asked,
# what comes before it is the story (matched on the accented words when the text has them:
# folded, "muon" is also "muộn", late)
WANTED_RE = re.compile(r"\b(?:muốn|định|có nhu cầu)\s+(.+)$", re.IGNORECASE | re.DOTALL)
# ... and typed without diacritics, "muon" where it starts what is wanted: after a comma,
# a person or "giờ" ("..., gio toi muon chuyen khau"), not after what was done late
# ("khai sinh muon", "dang ky muon")
WANTED_FOLDED_RE = re.compile(
    r"(?:^|[,.;:]|\b(?:toi|em|minh|anh|chi|chung toi|gia dinh|gio|nay|nhung|ma|thi|nen"
    r"|van|cung|rat)\b)"
    r"\s*(?:muon|co nhu cau)\s+(.+)$",
    re.IGNORECASE | re.DOTALL,
)
# "xin giấy xác nhận độc thân để kết hôn": what comes before "để" is what is asked for,
# what follows it the purpose (read as WANTED_RE's words, see ``_wanted``)
PURPOSE_RE = re.compile(r"^(.+?)\s+để\s+\w", re.IGNORECASE | re.DOTALL)
STORY_WHOLE_WEIGHT = 0.9  # a match on the whole story, against one on its asking sentences
STORY_RESOLVE_SCORE = 0.75
STRONG_SCORE = 0.85  # a match this strong is answered even when a runner-up is close
# asking sentences that name a procedure this strongly are not settled by their story
# (``_settled_by_story``): not 0.85 since a story is compared with the records
# (nlu/record_words.py), which lifts the asking sentences' names too (untuned bench:
# right 986 either way, wrong 201 -> 200 of 1,455)
QUESTION_STRONG = 0.9
STORY_ALONE_SCORE = 0.65  # ... or this, when no runner-up comes near (all below ALONE_RUNNER_UP)
ALONE_RUNNER_UP = 0.5
ALONE_SCORE = 0.58  # a short message's match with no runner-up near (below ALONE_RUNNER_UP)
# the whole story names another of the procedures its asking sentences name this much
# more strongly than their clear winner: the story's (``_settled_by_story``)
STORY_SETTLES = 0.15
TELLING_WORD_SCORE = 0.6  # a close call is settled by a word only the top name has, from here
# A story's close call between strong candidates is settled for the top one when its record
# opening shares this much more with the story than each close runner-up's (cosine,
# nlu/record_words.py). Untuned bench, by the search: right +12, wrong 0 of 1,455 (0.03:
# +13 / 0, and 2 more questions outside the catalogue answered; 0.08: +9 / 0); real story
# sets: +2 / +1 of 152. Settling it for a close runner-up the records prefer by 0.1 or more
# instead: +5 / +2 more, real unchanged (not kept).
RECORD_SETTLES = 0.05
# ... and whatever the scores, a story's runner-up is meant when its record opening shares
# this much more with the story than the top one's: the two swap places and scores (the
# names matched the words; the records tell what the story is about), unless the asking
# sentences name a procedure clearly. Untuned bench, by the search, 7 rounds (1,516
# questions): right / wrong 1,048 / 198 -> 1,054 / 196; real story sets (152): 101 / 23
# either way. Overruling clearly named questions too: 1,058 / 190 and 102 / 22, but four
# tuned stories answered wrong ("chứng thực bản sao phiếu lý lịch tư pháp" read as the
# record itself). At 0.1: 1,058 / 195; 0.2: 1,050 / 195 (both without that condition).
RECORD_OVERRULES = 0.15
# ... and a story whose candidates are too weak or too close to answer is answered all the
# same when the top one's record opening shares this much more with it than the runner-up's.
# Untuned bench, stories the search asked about (7 rounds, 454 asked): at 0.15, 24 of them,
# the top one right in 20 (0.1: 35 of 59; 0.2: 11 of 12). Not for a top one that scores
# below RECORD_ANSWERS_FROM: its record may share the story's background (a martyr's
# family asking about an allowance not in the catalogue is not "Xét công nhận liệt sỹ").
RECORD_ANSWERS = 0.15
RECORD_ANSWERS_FROM = 0.6
RECORD_AGREES_OVER = 4  # the candidates whose records the top one's is compared with
# A story's runner-up goes first when the asking sentences say a pair of words of its name
# that the top name lacks, and its record shares at least RECORD_BACKS more with the story;
# not against a top one this strong (a name or phrasing matched whole), nor this far behind
# it. Untuned bench, 7 rounds, search: right 1,075 -> 1,094, wrong 197 -> 181 (without the
# records: 1,059 / 208; RECORD_BACKS 0 or 0.05: 1,090 / 184); below 0.95 instead of 0.99:
# 1,092 / 183 and two of its tests lost; any gap: the same, and two dev answers lost.
RECORD_BACKS = 0.03
SAID_APART_BELOW = 0.99
SAID_APART_WITHIN = 0.25


def tells_a_story(text: str) -> bool:
    """Whether a message tells a story: more than ``STORY_WORDS`` content words."""
    return isinstance(text, str) and len(content_words(text)) > STORY_WORDS


def _story_ranking(asked: list[Hit], whole: list[Hit]) -> list[Hit]:
    """Candidates of a story: those of its asking sentences, and those of the whole
    story a little lower (``STORY_WHOLE_WEIGHT``); each procedure once, at its best."""
    best = {h.value: h for h in asked}
    for h in whole:
        weighed = replace(h, score=h.score * STORY_WHOLE_WEIGHT)
        if h.value not in best or best[h.value].score < weighed.score:
            best[h.value] = weighed
    return sorted(best.values(), key=lambda h: -h.score)


class CandidateDecision:
    """``find`` and what it weighs, over the ranked hits of an index
    (:class:`nlu.retrieval.ProcedureIndex`, whose ``search``, synonyms and thresholds it
    reads)."""

    def __init__(self, index: ProcedureIndex) -> None:
        self.index = index
        # official name -> its content words and word pairs (``_telling_pairs``): the
        # names of the catalogue recur from message to message
        self._names_read: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    def _telling_words(self, words: frozenset[str]) -> frozenset[str]:
        """The words that tell names apart: not the paperwork words of ``weak_words``
        ("đăng ký", "làm", "giấy")."""
        generic = {w for w in words if w in self.index.synonyms.weak}
        for term in self.index.synonyms.weak:  # "đăng ký": both its words are there
            parts = term.split()
            if len(parts) > 1 and all(p in words for p in parts):
                generic.update(parts)
        return frozenset(words - generic)

    def _close_to(self, top: Hit, others: list[Hit]) -> list[Hit]:
        """The runners-up within the margin of ``top``: a close call."""
        return [h for h in others if top.score - h.score < self.index.margin]

    def told_apart(self, top: Hit, others: list[Hit], said: set[str]) -> bool:
        """The message says a telling word of the top name that no close runner-up's
        name has, and none of theirs that the top lacks: "thẻ tạm trú cho vợ người
        Trung Quốc" is the foreigner's card, not "đăng ký tạm trú" (dev sets: right +3,
        wrong unchanged)."""
        near = self._close_to(top, others)
        if not near:
            return False
        theirs = frozenset().union(*(h.words for h in near))
        if not self._telling_words(top.words - theirs - self._same_as(top.name, theirs)) & said:
            return False
        return not any(self._telling_words(h.words - top.words) & said for h in near)

    def _same_as(self, name: str, theirs: frozenset[str]) -> set[str]:
        """The words of ``name``'s everyday phrases whose official words are all among
        ``theirs``: they name the same thing, and tell nothing apart ("thi bằng lái xe"
        against "Đổi giấy phép lái xe": "bằng lái" is "giấy phép lái xe")."""
        tokens = analyse(name)[0]
        return {
            word
            for words, official in self.index.synonyms.said_officially_as(tokens)
            if official and official <= theirs
            for word in words
        }

    def _telling_pairs(self, name: str, other: str, said: set[str]) -> set[str]:
        """The word pairs of ``name`` in ``said`` with a telling word ``other`` lacks."""
        words, pairs = self._name_read(name)
        own = self._telling_words(words - self._name_read(other)[0])
        return {p for p in pairs & said if not own.isdisjoint(p.split())}

    def _name_read(self, name: str) -> tuple[frozenset[str], frozenset[str]]:
        """An official name's content words and word pairs, read once."""
        found = self._names_read.get(name)
        if found is None:
            found = frozenset(content_words(name)), frozenset(content_pairs(name))
            self._names_read[name] = found
        return found

    def _said_apart(self, asked: str, text: str, hits: list[Hit]) -> list[Hit]:
        """The runner-up first, at the top one's score, when the asking sentences say a
        pair of words of its official name with a word the top one's lacks ("hồ sơ
        **bổ nhiệm** giám định viên": not "Miễn nhiệm giám định viên"), none of the top
        one's, and its record shares more with the message (``RECORD_BACKS``): a pair
        said in passing ("thay đổi chủ hộ": no household business changed) is rarely
        backed by the record. The twin with a foreign element the story told, or a rule
        of the search, keeps the top one first."""
        top, runner_up, *rest = hits
        if top.score >= SAID_APART_BELOW or top.score - runner_up.score >= SAID_APART_WITHIN:
            return hits
        said = content_pairs(asked)
        top_name = self.index.written_name(top.value)
        runner_name = self.index.written_name(runner_up.value)
        if not self._telling_pairs(runner_name, top_name, said):
            return hits
        if self._telling_pairs(top_name, runner_name, said):
            return hits
        if self.index.put_first_by_a_rule(text, top, runner_up):
            return hits  # (a foreign element told, or a step that failed)
        if self._record_leads(text, top, [runner_up])[0] > -RECORD_BACKS:
            return hits
        return [replace(runner_up, score=top.score), replace(top, score=runner_up.score), *rest]

    def _record_leads(self, story: str, top: Hit, others: list[Hit]) -> list[float]:
        """How much more the top candidate's record opening shares with the story than
        each of ``others``' (cosine; negative where theirs shares more)."""
        mine, *theirs = self.index.record_similarity(story, [top, *others])
        return [mine - s for s in theirs]

    def _told_by_records(self, story: str, top: Hit, others: list[Hit]) -> bool:
        """The top candidate's record shares clearly more with the story than each close
        runner-up's (``RECORD_SETTLES``)."""
        near = self._close_to(top, others)
        return bool(near) and all(d >= RECORD_SETTLES for d in self._record_leads(story, top, near))

    def _overruled_by_records(self, story: str, hits: list[Hit]) -> list[Hit]:
        """The runner-up first, at the top one's score, when its record opening shares far
        more with the story than the top one's (``RECORD_OVERRULES``)."""
        top, runner_up, *rest = hits
        if self.index.put_first_by_a_rule(story, top, runner_up):
            return hits  # (the records know nothing of the foreign element, or what failed)
        if -self._record_leads(story, top, [runner_up])[0] < RECORD_OVERRULES:
            return hits
        return [replace(runner_up, score=top.score), replace(top, score=runner_up.score), *rest]

    def _wanted(self, text: str, close: list[Hit]) -> Hit | None:
        """Of two close candidates for a short message, the one the words after "muốn"
        name decisively, when the other is not named there: the first was what happened
        before ("lấy chồng ở xã khác"). A story's asking sentences are read instead
        (``question_part``): its words after "muốn" pick other procedures (dev sets).
        Without "muốn", the words before "để" are what is wanted, the rest its purpose
        ("giấy xác nhận độc thân để kết hôn")."""
        if len(close) != 2:
            return None
        if text.isascii():
            found = WANTED_FOLDED_RE.search(text)
        else:
            found = WANTED_RE.search(text) or PURPOSE_RE.search(text)
        if found is None:
            return None
        tail = [h for h in self.index.search(found.group(1)) if h.score >= self.index.min_score]
        if not tail or not self._decisive(tail):
            return None
        values = [h.value for h in close]
        if tail[0].value not in values or any(h.value in values for h in tail[1:]):
            return None
        return next(h for h in close if h.value == tail[0].value)

    def _decisive(self, hits: list[Hit]) -> bool:
        """A clear winner: strong, and well ahead of the next."""
        if not hits:
            return False
        runner_up = hits[1].score if len(hits) > 1 else 0.0
        return (
            hits[0].score >= self.index.resolve_score
            and hits[0].score - runner_up >= self.index.margin
        )

    def _settled_by_story(self, text: str, hits: list[Hit], named: list[Hit]) -> list[Hit]:
        """The asking sentences' clear winner, unless it is not strong, the whole story
        does not support it and names another of the procedures they name far more
        strongly: "… dùng sổ
        đỏ này thế chấp. Xin hỏi đăng ký thế chấp ở đâu?" is the land's mortgage, not a
        car's; "… hai sổ bảo hiểm … Thủ tục gộp sổ làm ở đâu?" merges social-insurance
        books, not land plots (13 dev and probe sets: right +2, wrong -2, none lost)."""
        if hits[0].score >= QUESTION_STRONG:  # named that strongly, it is what is asked
            return hits
        whole = self.index.search(text, loose_pairs=False, story=text)
        if not whole:
            return hits
        if whole[0].value == hits[0].value:
            # the whole story names it first too: that counts, weighed as in
            # ``_story_ranking``
            return _story_ranking(hits, [h for h in whole if h.score >= self.index.min_score])
        best = whole[0]
        # (named by the asking sentences: or as the twin the story chose, nlu/foreign_twins.py)
        if best.score < STRONG_SCORE or best.value not in {h.value for h in (*named, *hits)}:
            return hits
        theirs = next((h.score for h in whole if h.value == hits[0].value), 0.0)
        if theirs >= STORY_RESOLVE_SCORE or best.score - theirs < STORY_SETTLES:
            return hits  # the story supports the question's reading too, or not far less
        return [best, *(h for h in hits if h.value != best.value)]

    def find(self, text: str) -> EntityMatch:
        """A resolved procedure (clear winner) and the candidates worth offering.

        A long message that tells a story is searched by the sentences that ask
        (``question_part``); when they settle nothing, the whole story too, and the
        two rankings merged decide (``_story_ranking``).
        """
        story = tells_a_story(text)
        asked = question_part(text, wishes=True) if story else text
        # the records are compared with all the story tells (nlu/record_words.py)
        named = self.index.search(asked, story=text if story else None)
        hits = [h for h in named if h.score >= self.index.min_score]
        if asked != text and not says_an_age(asked):
            # "Con tôi 10 tuổi … Xin hỏi làm thẻ căn cước cho cháu cần gì?": the age the
            # story told chooses between twins that differ by age (nlu/ages.py)
            hits = fitting_age(hits, self.index.official_names, text)
        if asked != text:
            hits = self.index.fitting_kind(hits, text)
        told = self.index.twins_told(text) if asked != text else {}
        if (
            any(h.value in told for h in hits)
            and not self.index.twins_told(asked)  # (then the search weighed them)
        ):
            # "Chồng tôi là người Nhật … Xin hỏi làm khai sinh cho con …": a foreign
            # element the story told chooses the twin with it; "Anh K. (hiện sống tại
            # Đức) hỏi: … thôi quốc tịch ở đâu?", the twin "… ở nước ngoài"
            # (nlu/foreign_twins.py, nlu/foreign_places.py)
            hits = self.index.weigh_twins(hits, told)
        named_clearly = asked != text and self._decisive(hits)
        agreed = ""  # what the asking sentences and the whole story both put first
        if named_clearly:
            hits = self._settled_by_story(text, hits, named)
        elif asked != text:
            # the whole story only as written: its pairs said apart are mostly chance.
            # Both rankings merged decide: a procedure the whole story names more strongly
            # (weighed down) leads (dev sets: right +4, wrong unchanged)
            whole = [
                h
                for h in self.index.search(text, loose_pairs=False, story=text)
                if h.score >= self.index.min_score
            ]
            if hits and whole and hits[0].value == whole[0].value:
                agreed = hits[0].value
            hits = _story_ranking(hits, whole) if hits else whole
        if not hits:
            return EntityMatch(None)
        if story and len(hits) > 1 and not named_clearly:
            # (asking sentences that name a procedure clearly are settled by the story above)
            hits = self._overruled_by_records(text, hits)
        if story and len(hits) > 1:
            hits = self._said_apart(asked, text, hits)
        candidates = tuple(
            Entity("procedure", h.value, text=h.name, score=round(h.score, 4), code=h.code)
            for h in hits[: self.index.max_candidates]
        )
        top = hits[0]
        runner_up = hits[1].score if len(hits) > 1 else 0.0
        # "đăng ký khai sinh và kết hôn": a second, strong match on other words is a
        # second procedure; the citizen chooses.
        # In a story, other things are named in passing: no second procedure is read.
        # ("... hay ...", "... và ..."): a conjunction between them makes a weaker one count
        second = TWO_PROCEDURES_JOINED if JOINING & set(analyse(text)[0]) else TWO_PROCEDURES
        two = (
            not story
            and len(hits) > 1
            and runner_up >= second
            and not self._telling_words(top.words & hits[1].words)
        )
        if not story and (two or top.score - runner_up < self.index.margin):
            wanted = self._wanted(text, hits[:2])
            if wanted is not None:  # the second was named in the story before "muốn"
                two = False
                hits = [wanted, *(h for h in hits if h.value != wanted.value)]
                candidates = tuple(
                    Entity("procedure", h.value, text=h.name, score=round(h.score, 4), code=h.code)
                    for h in hits[: self.index.max_candidates]
                )
                resolved = candidates[0] if wanted.score >= self.index.resolve_score else None
                return EntityMatch(resolved, candidates)
        clear = top.score - runner_up >= self.index.margin or (
            top.score >= STRONG_SCORE and top.score >= runner_up
        )
        if not clear and top.score >= TELLING_WORD_SCORE:
            clear = self.told_apart(top, hits[1:], content_words(asked))
        if not clear and story and top.score >= STORY_RESOLVE_SCORE:
            clear = self._told_by_records(text, top, hits[1:])
        # A story names many things in passing: a weak match in it is asked about
        # (dev sets: below 0.75, 10 stories answered right and 8 wrong) unless nothing
        # else comes near (0.65-0.75 with no runner-up: 5 more right, 1 more wrong).
        needed = self.index.resolve_score
        alone = runner_up < ALONE_RUNNER_UP
        if story:
            needed = max(needed, STORY_ALONE_SCORE if alone else STORY_RESOLVE_SCORE)
        elif alone:
            needed = min(needed, ALONE_SCORE)
        if top.score >= needed and clear and not two:
            return EntityMatch(candidates[0], candidates)
        if (
            story
            and len(hits) > 1
            and top.score >= RECORD_ANSWERS_FROM
            and self._answered_by_records(text, hits, agreed=agreed == top.value)
        ):
            return EntityMatch(candidates[0], candidates)
        return EntityMatch(None, candidates)

    def _answered_by_records(self, story: str, hits: list[Hit], agreed: bool) -> bool:
        """The top candidate's record opening shares far more with the story than the
        runner-up's (``RECORD_ANSWERS``): the story is about it, however weakly its
        words name it. Or all agree: the asking sentences and the whole story put it
        first (``agreed``), and its record shares more with the story than each of the
        next candidates' (``RECORD_SETTLES``), from a fair score (``STORY_ALONE_SCORE``)."""
        top, *others = hits[:RECORD_AGREES_OVER]
        leads = self._record_leads(story, top, others)
        if leads[0] >= RECORD_ANSWERS:
            return True
        return agreed and top.score >= STORY_ALONE_SCORE and min(leads) >= RECORD_SETTLES
