"""An asking sentence that points back ("Xin hỏi tôi xin giấy này ở đâu?") and the
sentence it points at: the nearest one before it that names its head word ("Chủ đầu tư
yêu cầu giấy xác nhận tình trạng hôn nhân."), or the one just before it for a head listed
without words; or one that leaves out the paper it asks for ("… thì xin ở đâu?") and the
nearest sentence before it naming a paper. The words are data (``nlu/referents.yml``);
``nlu/cues.py`` reads the two sentences together as the question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from knowledge.yaml_data import load_yaml
from nlu.normalize import fold, normalize

REFERENTS_PATH = Path(__file__).with_name("referents.yml")
_WORD_RE = re.compile(r"\w+")


def _padded(text: str, accented: bool) -> str:
    words = _WORD_RE.findall(normalize(text) if accented else fold(text))
    return f" {' '.join(w.lower() for w in words)} "


def _phrases(data: dict, key: str, accented: bool = True) -> tuple[str, ...]:
    """The phrases of a list of ``referents.yml``, padded (``_padded``)."""
    return tuple(_padded(str(w), accented) for w in data.get(key) or ())


def _nearest_saying(
    sentences: Sequence[str], i: int, accented: bool, words: Sequence[str]
) -> int | None:
    """The nearest sentence before ``sentences[i]`` that says one of ``words`` (padded)."""
    for j in range(i - 1, -1, -1):
        if any(w in _padded(sentences[j], accented) for w in words):
            return j
    return None


@dataclass(frozen=True)
class Head:
    """A head word pointed at, and the words a sentence naming it holds: as written with
    diacritics and folded, each read once on loading."""

    key: str
    folded_key: str
    named: tuple[str, ...] = ()
    folded_named: tuple[str, ...] = ()

    @classmethod
    def of(cls, head: str, named: tuple[str, ...]) -> Head:
        def spelled(text: str, accented: bool) -> str:
            return _padded(text, accented).strip()

        return cls(
            spelled(head, True),
            spelled(head, False),
            tuple(spelled(w, True) for w in named),
            tuple(spelled(w, False) for w in named),
        )


@dataclass(frozen=True)
class Elided:
    """A verb with its paper left out, right before the question ("… thì xin ở đâu?"),
    as padded phrases, and the words that name a paper, with and without diacritics."""

    phrases: tuple[str, ...] = ()
    folded_phrases: tuple[str, ...] = ()
    papers: tuple[str, ...] = ()
    folded_papers: tuple[str, ...] = ()

    @classmethod
    def of(cls, data: dict) -> Elided:
        verbs, questions = data.get("verbs") or (), data.get("questions") or ()
        said = [f"{v} {q}" for v in verbs for q in questions]
        return cls(
            tuple(_padded(p, True) for p in said),
            tuple(_padded(p, False) for p in said),
            _phrases(data, "papers"),
            _phrases(data, "folded_papers", accented=False),
        )

    def pointed_at(self, sentences: Sequence[str], i: int, accented: bool) -> int | None:
        """The nearest sentence before ``sentences[i]`` naming a paper, when
        ``sentences[i]`` asks for one it leaves out."""
        padded = _padded(sentences[i], accented)
        papers = self.papers if accented else self.folded_papers
        phrases = self.phrases if accented else self.folded_phrases
        if not any(p in padded for p in phrases) or any(w in padded for w in papers):
            return None
        return _nearest_saying(sentences, i, accented, papers)


@dataclass(frozen=True)
class Corrections:
    """A question about correcting that says nothing wrong itself ("Muốn sửa thì làm ở
    đâu?") and the words that say something is wrong ("ghi sai"), as padded phrases with
    and without diacritics: the correction is of what the sentence saying so names."""

    verbs: tuple[str, ...] = ()
    folded_verbs: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    folded_errors: tuple[str, ...] = ()

    @classmethod
    def of(cls, data: dict) -> Corrections:
        return cls(
            _phrases(data, "verbs"),
            _phrases(data, "verbs", accented=False),
            _phrases(data, "errors"),
            _phrases(data, "errors", accented=False),
        )

    def pointed_at(
        self, sentences: Sequence[str], i: int, accented: bool, papers: Sequence[str]
    ) -> int | None:
        """The nearest sentence before ``sentences[i]`` saying something is wrong, when
        ``sentences[i]`` asks about correcting, says nothing wrong itself and names none
        of ``papers`` (padded words): "Tôi sửa giấy khai sinh ở đâu?" says what it
        corrects."""
        padded = _padded(sentences[i], accented)
        verbs = self.verbs if accented else self.folded_verbs
        errors = self.errors if accented else self.folded_errors
        if not any(v in padded for v in verbs) or any(e in padded for e in errors):
            return None
        if any(p in padded for p in papers):
            return None
        return _nearest_saying(sentences, i, accented, errors)


@dataclass(frozen=True)
class Referents:
    """Each head word with the words a sentence naming it holds, and the pointers; and
    the verbs whose paper is left out (``elided``)."""

    heads: tuple[Head, ...] = ()
    pointers: tuple[str, ...] = ()
    folded_pointers: tuple[str, ...] = ()
    elided: Elided = Elided()
    corrections: Corrections = Corrections()

    @classmethod
    def load(cls, path: Path = REFERENTS_PATH) -> Referents:
        if not path.exists():
            return cls()
        data = load_yaml(path) or {}
        heads = tuple(
            Head.of(str(head), tuple(str(w) for w in named or ()))
            for head, named in (data.get("heads") or {}).items()
        )
        return cls(
            heads,
            tuple(str(p) for p in data.get("pointers") or ()),
            tuple(str(p) for p in data.get("folded_pointers") or ()),
            Elided.of(data.get("elided") or {}),
            Corrections.of(data.get("corrections") or {}),
        )

    def pointed_at(self, sentences: Sequence[str], i: int) -> int | None:
        """The index of the sentence before ``sentences[i]`` that it points back at, or
        None when it points at none."""
        accented = not sentences[i].isascii()
        padded = _padded(sentences[i], accented)
        pointers = self.pointers if accented else self.folded_pointers
        for head in self.heads:
            key = head.key if accented else head.folded_key
            if not any(f" {key} {p} " in padded for p in pointers):
                continue
            named = head.named if accented else head.folded_named
            if not named:
                return i - 1 if i else None
            for j in range(i - 1, -1, -1):
                before = _padded(sentences[j], accented)
                if any(f" {w} " in before for w in named):
                    return j
            return None
        elided = self.elided.pointed_at(sentences, i, accented)
        if elided is not None:
            return elided
        papers = self.elided.papers if accented else self.elided.folded_papers
        return self.corrections.pointed_at(sentences, i, accented, papers)


@cache
def referents() -> Referents:
    return Referents.load()
