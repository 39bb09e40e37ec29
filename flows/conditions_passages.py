"""Which sentences of a procedure's record answer a citizen's question about its
conditions ("tôi đang ở nhà thuê có đăng ký thường trú được không?" -> "Nếu ở nhờ, thuê,
mượn nhà thì cần chủ hộ và chủ sở hữu chỗ ở đồng ý"): the question read without the story
told before it (``asked_part``), its own words (``asked_words``: not the procedure's
name), and the record's sentences that share the most of them (``relevant_passages``).
Used by the conditions answer (flows/procedure_answers.py ``_conditions``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from flows.record_text import INVISIBLE_RE, cut_text
from knowledge.procedures.records import ProcedureInfo
from nlu.normalize import fold
from nlu.terms import analyse, content_words

# Where a passage of a record ends, for quoting (``relevant_passages``): a list after
# ":" or ";" is a passage of its own.
_PASSAGE_END_RE = re.compile(r"(?<=[.;:!?])\s+|\n+")


# Where a message's sentences end, for finding its question (``asked_part``)
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+|\n+")


@lru_cache(maxsize=32)
def phrases_re(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """Any of the folded ``phrases`` as whole words, in their order; None for none
    (made once per list: the conditions answer reads its lists on every question)."""
    escaped = [re.escape(p) for p in phrases if p]
    return re.compile(rf"\b(?:{'|'.join(escaped)})\b") if escaped else None


def asked_part(message: str, cues: Sequence[str]) -> str:
    """What ``message`` asks, folded, without the story told before it: its sentences
    that end with "?" ("Tôi sinh năm 1965, … bị thất lạc. Xin hỏi tôi có thể đăng ký lại
    không?"), else the whole message; each from the last of ``cues`` (folded phrases:
    "xin hỏi", "cho tôi hỏi") in it on."""
    sentences = [s.strip() for s in _SENTENCE_SPLIT_RE.split(message)]
    asking = [s for s in sentences if s.rstrip(" \"'”)").endswith("?")] or [message]
    cue = phrases_re(tuple(cues))
    parts = []
    for sentence in asking:
        folded = fold(sentence)
        last = [m.end() for m in cue.finditer(folded)] if cue else []
        parts.append(folded[last[-1] :] if last else folded)
    return " ".join(" ".join(parts).split())


def refers_back(asking: str, references: Sequence[str]) -> bool:
    """Whether the folded question ``asking`` points back at the story told before it
    with one of ``references`` (folded: "như vậy", "trường hợp này"): what the story
    names is then part of what is asked."""
    back = phrases_re(tuple(references))
    return bool(back and back.search(asking))


def asked_words(info: ProcedureInfo, question: str) -> set[str]:
    """The content words of ``question`` that are not words of the procedure's name."""
    return content_words(question) - content_words(" ".join((info.name, *info.aliases)))


def _word_pairs(text: str) -> set[tuple[str, str]]:
    """The folded words of ``text`` side by side, two at a time."""
    tokens, _ = analyse(text)
    return set(zip(tokens, tokens[1:], strict=False))


# How far apart a sentence may write two words the question wrote side by side: "nhà
# thuê" is "thuê, mượn nhà", "đủ tuổi" is "đủ 20 tuổi" (a number between is no word)
NEAR_WORDS = 2


def _near_pairs(text: str) -> set[tuple[str, str]]:
    """The folded words of ``text`` at most ``NEAR_WORDS`` apart, numbers aside, two at a
    time and in either order."""
    tokens = [t for t in analyse(text)[0] if not t.isdigit()]
    near = set()
    for at, word in enumerate(tokens):
        for other in tokens[at + 1 : at + 1 + NEAR_WORDS]:
            near |= {(word, other), (other, word)}
    return near


def _shared(asked: set[str], pairs: set[tuple[str, str]], sentence: str) -> int:
    """How many asked words ``sentence`` has; an asked word the question wrote beside
    another ("định cư", "nghề nghiệp") counts only where the sentence has the two near
    each other too (``_near_pairs``): "định cư" is not "gia đình" and "cư trú", "nghề
    nghiệp" is not "doanh nghiệp", but "nhà thuê" is "thuê, mượn nhà"."""
    words = content_words(sentence)
    beside = _near_pairs(sentence)
    count = 0
    for word in asked & words:
        own = [pair for pair in pairs if word in pair]
        count += not own or any(pair in beside for pair in own)
    return count


def record_passages(info: ProcedureInfo) -> list[tuple[int, str]]:
    """The record's passages a conditions question may be answered with, each once, with
    the place of the text it is in (conditions first): its conditions, who may apply,
    notes, and the texts of its channels' and documents' cases."""
    # A national record's "who may apply" is the portal's list of kinds of applicant
    # ("Công dân Việt Nam, Doanh nghiệp, Hợp tác xã…", in all 2,642 records): it answers
    # no particular question, so only a curated record's is quoted ("Cha, mẹ; nếu cha,
    # mẹ không thể đi thì ông, bà…")
    who = info.who_may_apply if info.is_curated else None
    texts = [info.conditions or "", who or "", *info.notes]
    texts += [c.case or "" for c in info.channels] + [c.fee_note or "" for c in info.channels]
    texts += [d.note or "" for d in info.documents] + [d.case for d in info.documents]
    passages: list[tuple[int, str]] = []
    seen: set[str] = set()
    for order, text in enumerate(texts):
        for sentence in _PASSAGE_END_RE.split(INVISIBLE_RE.sub("", text)):
            sentence = sentence.strip(" -+•*").rstrip(" ;,:")  # a quote ends on its words
            if len(sentence) >= 12 and sentence not in seen:
                seen.add(sentence)
                passages.append((order, sentence))
    return passages


def relevant_passages(
    info: ProcedureInfo, question: str, common: frozenset[str] = frozenset(), limit: int = 2
) -> list[str]:
    """Passages of the record (``record_passages``) that share the most content words
    with the question (words of the procedure's own name do not count; two asked words
    side by side in the question count where they are side by side). Asked words that
    are all ``common`` in records ("theo", "việc") select nothing."""
    asked = asked_words(info, question)
    if not asked or asked <= common:
        return []
    pairs = {(a, b) for a, b in _word_pairs(question) if a in asked and b in asked and a != b}
    scored: list[tuple[int, int, str]] = []
    for order, sentence in record_passages(info):
        shared = _shared(asked, pairs, sentence)
        if shared:
            scored.append((shared, -order, sentence))
    scored.sort(reverse=True)
    best = scored[0][0] if scored else 0
    if best < min(2, len(asked)):
        return []
    return [cut_text(s, 400) for shared, _, s in scored[:limit] if shared >= max(1, best - 1)]
