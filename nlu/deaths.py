"""A relative's death told by "mất", which is also the word of a paper lost.

"Bố mẹ đều đã mất, sổ đỏ vẫn đứng tên bố" lost no land certificate; "bố tôi mất giấy khai
sinh" did lose a paper. A "mất" after a family word (a few words between allowed), at the
end of a clause or before a word of time, cause or what the family does next, tells a
death: the procedure index reads it as "qua đời", the word of the death procedures'
phrasings, in a message and in the names and phrasings it is built from alike
(nlu/message_reading.py, nlu/retrieval_tables.py). The words are data: ``reissue: died``
in synonyms.yml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.yaml_data import load_yaml
from nlu.normalize import normalize
from nlu.terms import MAX_CHARS, SYNONYMS_PATH, fold_tokens, same_word_written, written_words

_WORD_RE = re.compile(r"\w+")  # the words of ``nlu.terms.analyse``, one per token (positions)
# what may follow a clause's last word: a comma, a full stop... or the end of the message
_CLAUSE_END_RE = re.compile(r"[^\w]*?(?:[,.;:!?…)\]\n]|$)")

Words = tuple[tuple[str, str], ...]  # each word folded, and as written


@dataclass(frozen=True)
class DeathWords:
    """The words that tell a death from a loss (synonyms.yml, ``reissue: died``)."""

    word: str = ""  # the word of both, folded ("mat")
    read_as: tuple[str, ...] = ()  # ... read as these folded words when a death
    of: Words = ()  # a family word before it ("bố", "mẹ")
    between: Words = ()  # ... with these allowed between ("tôi", "đều", "đã")
    after: Words = ()  # ... and one of these after it, when no clause ends with it
    owned_by: Words = ()  # ... not after these ("của bố mất": the father's paper)

    @classmethod
    def load(cls, path: Path = SYNONYMS_PATH) -> DeathWords:
        data = ((load_yaml(path) or {}).get("reissue") or {}).get("died") or {}
        word = fold_tokens(str(data.get("word") or ""))
        return cls(
            word=word[0] if word else "",
            read_as=tuple(fold_tokens(str(data.get("read_as") or ""))),
            of=_words_of(data.get("of")),
            between=_words_of(data.get("between")),
            after=_words_of(data.get("after")),
            owned_by=_words_of(data.get("owned_by")),
        )

    def tells(self, tokens: Sequence[str], said: Sequence[str], pos: int, ends: bool) -> bool:
        """Whether the word at ``pos`` of folded ``tokens`` (``said``: each as written,
        "" where read otherwise) tells a death: ``ends``, a clause ends with it."""
        if not self.word or not self.read_as or tokens[pos] != self.word:
            return False
        after = pos + 1
        if not ends and (after >= len(tokens) or not _is_word(tokens, said, after, self.after)):
            return False
        before = pos - 1
        while before >= 0 and _is_word(tokens, said, before, self.between):
            before -= 1
        if before < 0 or not _is_word(tokens, said, before, self.of):
            return False
        return before == 0 or not _is_word(tokens, said, before - 1, self.owned_by)

    def read(
        self, tokens: Sequence[str], stops: frozenset[int], text: str
    ) -> tuple[list[str], frozenset[int]]:
        """Folded ``tokens`` of ``text`` (``nlu.terms.analyse``) with each death read as
        ``read_as``, and the positions of its particles (``stops``) moved with them."""
        said = written_words(text)
        ends = clause_ends(text)
        read: list[str] = []
        moved: set[int] = set()
        for pos, token in enumerate(tokens):
            if pos in stops:
                moved.add(len(read))
            read.extend(self.read_as if self.tells(tokens, said, pos, pos in ends) else (token,))
        return read, frozenset(moved)


@lru_cache(maxsize=1)
def death_words() -> DeathWords:
    """The shipped words (read once per process)."""
    return DeathWords.load()


def clause_ends(text: str) -> frozenset[int]:
    """The positions of the words of ``nlu.terms.analyse`` that end a clause: a comma, a
    full stop or the like follows them, or the end of the message."""
    words = normalize(text[:MAX_CHARS])
    return frozenset(
        pos
        for pos, word in enumerate(_WORD_RE.finditer(words))
        if _CLAUSE_END_RE.match(words, word.end())
    )


def _words_of(raw) -> Words:
    """The words of a YAML list (None: none), each folded and as written."""
    words = (str(r).strip() for r in raw or ())
    return tuple((fold_tokens(w)[0], normalize(w)) for w in words if fold_tokens(w))


def _is_word(tokens: Sequence[str], said: Sequence[str], pos: int, words: Words) -> bool:
    """Whether the token at ``pos`` is one of ``words``, with its diacritics when it was
    written with them ("bà", not the "ba" of "ba người")."""
    written = said[pos] if pos < len(said) else ""
    return any(tokens[pos] == folded and same_word_written(written, word) for folded, word in words)
