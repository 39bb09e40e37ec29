"""A residence said as a place ("đăng ký xe theo nơi tạm trú"): the names of its own
registration weigh less, as a step said to have failed does (nlu/retrieval.py,
``DONE_WEIGHT``); the message asks about another matter, done where the writer lives.
The phrases are data (``nlu/places_said.yml``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from knowledge.yaml_data import load_yaml
from nlu.normalize import fold
from nlu.terms import fold_tokens
from nlu.types import H

PLACES_SAID_PATH = Path(__file__).with_name("places_said.yml")
PLACE_SAID = 0.8  # a registration of the residence a message names as a place weighs this much


@dataclass(frozen=True)
class PlacesSaid:
    """Each folded phrase with the folded names it puts aside."""

    phrases: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @classmethod
    def load(cls, path: Path = PLACES_SAID_PATH) -> PlacesSaid:
        if not path.exists():
            return cls()
        data = (load_yaml(path) or {}).get("said_as_place") or {}
        return cls(
            tuple(
                (
                    " ".join(fold_tokens(str(phrase))),
                    # as ``ProcedureIndex.official_names`` holds names: folded as written
                    tuple(fold(str(n)) for n in names or ()),
                )
                for phrase, names in data.items()
                if fold_tokens(str(phrase))
            )
        )

    def fitting(self, hits: list[H], official: Mapping[str, str], tokens: Sequence[str]) -> list[H]:
        """``hits`` read with the residences folded ``tokens`` name as places: a name that
        is (or starts with) the registration of one weighs ``PLACE_SAID`` as much;
        ``official``: each procedure's official name, folded (read as it is, per hit)."""
        padded = f" {' '.join(tokens)} "
        aside = tuple(n for phrase, names in self.phrases if f" {phrase} " in padded for n in names)
        if not aside:
            return hits
        weighed = []
        for hit in hits:
            if official.get(hit.value, "").startswith(aside):
                hit = replace(hit, score=hit.score * PLACE_SAID)
            weighed.append(hit)
        return sorted(weighed, key=lambda h: -h.score)
