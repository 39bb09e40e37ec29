"""What the procedure finder returns, and the generic words it weighs little.

The finder itself is ``nlu.retrieval.ProcedureIndex``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.yaml_data import parse_yaml
from nlu.normalize import normalize
from nlu.types import Entity

GENERIC_WORDS_PATH = Path(__file__).with_name("generic_words.yml")


@dataclass(frozen=True)
class EntityMatch:
    """The outcome of a look-up.

    ``resolved`` is the clear winner or None; ``candidates`` are up to five
    values with scores in [0, 1], best first (the winner included).
    """

    resolved: Entity | None
    candidates: tuple[Entity, ...] = ()


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """The generic words of ``generic_words.yml``, normalised (diacritics kept)."""
    with GENERIC_WORDS_PATH.open(encoding="utf-8") as fh:
        data = parse_yaml(fh) or {}
    return frozenset(normalize(str(w)) for w in data.get("words") or () if str(w).strip())
