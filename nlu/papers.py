"""The papers a message names ("sổ đỏ", "căn cước", "bằng lái") against those a
procedure's matched name names: a name that names papers, none of which the message
names, weighs less ("sổ đỏ ghi địa chỉ cũ" is not the ID card's phrasing "căn cước ghi
địa chỉ cũ" for the words they share), as nlu/business_kinds.py does for kinds of
business (used by nlu/retrieval.py on its ranked hits). The papers are data
(``nlu/papers.yml``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from knowledge.yaml_data import load_yaml
from nlu.kept import Kept
from nlu.terms import fold_tokens
from nlu.types import H

PAPERS_PATH = Path(__file__).with_name("papers.yml")
# a name of other papers than those the message names weighs this much. Untuned bench
# (7 rounds, 1,845 questions), at 0.8 or 0.9: one right answer gained, one asked about
# instead (totals unchanged); with today's data and on the dev sets through the dialogue
# no answer changed (names of other papers seldom lead). It settles what a phrasing that
# shares a message's words but names another paper would otherwise take
OTHER_PAPER = 0.8
NAMES_KEPT = 8192  # candidates' names whose reading is kept (``_names_read``)


@dataclass(frozen=True)
class Papers:
    """Each paper's folded phrases, longest first across all papers."""

    phrases: tuple[tuple[str, str], ...] = ()  # (folded phrase, paper)

    @classmethod
    def load(cls, path: Path = PAPERS_PATH) -> Papers:
        if not path.exists():
            return cls()
        data = (load_yaml(path) or {}).get("papers") or {}
        phrases = {
            folded: str(paper)
            for paper, raw in data.items()
            for p in raw or ()
            if (folded := " ".join(fold_tokens(str(p))))
        }
        ordered = sorted(phrases.items(), key=lambda item: -len(item[0].split()))
        return cls(tuple(ordered))

    def named(self, tokens: Sequence[str]) -> frozenset[str]:
        """The papers folded ``tokens`` name, each phrase read once (the longest first:
        "giấy chứng nhận căn cước" is not also "căn cước")."""
        padded = f" {' '.join(tokens)} "
        found = set()
        for phrase, paper in self.phrases:
            key = f" {phrase} "
            if key in padded:
                found.add(paper)
                padded = padded.replace(key, " | ")
        return frozenset(found)

    def _of_name(self, name: str) -> frozenset[str]:
        known = self._names_read.get(name)
        if known is None:
            known = self._names_read.keep(name, self.named(fold_tokens(name)))
        return known

    @cached_property
    def _names_read(self) -> Kept[str, frozenset[str]]:
        return Kept(NAMES_KEPT)

    def fitting(self, hits: list[H], tokens: Sequence[str]) -> list[H]:
        """``hits`` read with the papers folded ``tokens`` name: a matched name that names
        papers, none of them these, weighs ``OTHER_PAPER`` as much."""
        said = self.named(tokens)
        if not said:
            return hits
        weighed = []
        for hit in hits:
            theirs = self._of_name(hit.name)
            if theirs and not theirs & said:
                hit = replace(hit, score=hit.score * OTHER_PAPER)
            weighed.append(hit)
        return sorted(weighed, key=lambda h: -h.score)
