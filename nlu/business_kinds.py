"""The one kind of business a message says ("Công ty cổ phần của gia đình tôi …", "tổ hợp
tác của chúng tôi …") against the kinds procedure names are for ("… của hộ kinh doanh",
"… (doanh nghiệp, chi nhánh …)", "… tổ hợp tác"): a name for other kinds only weighs
less, as nlu/ages.py does for ages (used by nlu/retrieval.py on its ranked hits). The
kinds are data (``nlu/business_kinds.yml``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from knowledge.yaml_data import load_yaml
from nlu.kept import Kept
from nlu.terms import fold_tokens
from nlu.types import H

BUSINESS_KINDS_PATH = Path(__file__).with_name("business_kinds.yml")
KIND_UNFIT = 0.8  # a name for other kinds of business than the one said weighs this much
NAMES_KEPT = 8192  # candidates' names whose reading is kept (``_names_read``)


def _padded(words: Sequence[str]) -> str:
    return f" {' '.join(words)} "


@dataclass(frozen=True)
class BusinessKinds:
    """Each kind: the folded phrases a message says it with, and those of names."""

    kinds: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()

    @classmethod
    def load(cls, path: Path = BUSINESS_KINDS_PATH) -> BusinessKinds:
        if not path.exists():
            return cls()
        data = (load_yaml(path) or {}).get("kinds") or {}

        def folded(raw) -> tuple[str, ...]:
            return tuple(p for p in (" ".join(fold_tokens(str(w))) for w in raw or ()) if p)

        return cls(
            tuple(
                (str(kind), folded(entry.get("said")), folded(entry.get("names")))
                for kind, entry in data.items()
            )
        )

    def _name_kinds(self, name: str) -> frozenset[str]:
        """``of_name``, kept per name: the same candidates come back message after message
        (a dict of this table's own, not a cache keyed by the whole table)."""
        known = self._names_read.get(name)
        if known is None:
            known = self._names_read.keep(name, self.of_name(name))
        return known

    @cached_property
    def _names_read(self) -> Kept[str, frozenset[str]]:
        return Kept(NAMES_KEPT)

    def said(self, tokens: Sequence[str]) -> frozenset[str]:
        """The kinds folded ``tokens`` say their business is."""
        padded = _padded(tokens)
        return frozenset(k for k, said, _ in self.kinds if any(f" {p} " in padded for p in said))

    def of_name(self, name: str) -> frozenset[str]:
        """The kinds an official name is for."""
        padded = _padded(fold_tokens(name))
        return frozenset(k for k, _, names in self.kinds if any(f" {p} " in padded for p in names))

    def fitting(self, hits: list[H], official: Mapping[str, str], tokens: Sequence[str]) -> list[H]:
        """``hits`` read with the one kind of business folded ``tokens`` say: a name for
        other kinds only weighs ``KIND_UNFIT`` as much."""
        said = self.said(tokens)
        if len(said) != 1:  # none, or several kinds: nothing to tell
            return hits
        weighed = []
        for hit in hits:
            kinds = self._name_kinds(official.get(hit.value, ""))
            if kinds and not kinds & said:
                hit = replace(hit, score=hit.score * KIND_UNFIT)
            weighed.append(hit)
        return sorted(weighed, key=lambda h: -h.score)
