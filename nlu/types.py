"""Plain data produced by the NLU layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, TypeVar


@dataclass(frozen=True)
class Entity:
    """One entity found in the text, already resolved to a canonical value."""

    type: str
    value: str
    text: str = ""
    score: float = 1.0
    code: str | None = None  # the national procedure code (mã TTHC), when known


@dataclass(frozen=True)
class IntentScore:
    name: str
    confidence: float


@dataclass(frozen=True)
class Parse:
    """What the NLU understood of one message.

    ``intent`` is already the fallback intent (``out_of_scope``) when the top
    confidence is below the configured threshold; ``ranking`` keeps the raw
    scores so the dialogue can offer suggestions.
    """

    text: str
    normalized: str
    intent: str
    confidence: float
    ranking: tuple[IntentScore, ...] = ()
    entities: tuple[Entity, ...] = ()
    backend: str = "embedded"
    fallback: bool = False
    candidates: tuple[Entity, ...] = field(default=())
    aspects: tuple[str, ...] = ()  # every aspect asked, in order ("time", "fee", ...)
    yes_no: bool = False  # "... được không?"
    emergency: bool = False  # somebody is in danger
    # small talk read unsure, with words small talk never uses ("làm sổ hưu" as thanks)
    odd_small_talk: bool = False

    def entity(self, type_: str) -> Entity | None:
        """Return the first entity of ``type_`` or None."""
        for ent in self.entities:
            if ent.type == type_:
                return ent
        return None

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "normalized": self.normalized,
            "intent": {"name": self.intent, "confidence": round(self.confidence, 4)},
            "fallback": self.fallback,
            "backend": self.backend,
            "ranking": [
                {"name": s.name, "confidence": round(s.confidence, 4)} for s in self.ranking
            ],
            "entities": [
                {
                    "type": e.type,
                    "value": e.value,
                    "code": e.code,
                    "text": e.text,
                    "score": round(e.score, 4),
                }
                for e in self.entities
            ],
            "aspects": list(self.aspects),
            "yes_no": self.yes_no,
            "emergency": self.emergency,
            "candidates": [
                {"type": e.type, "value": e.value, "code": e.code, "score": round(e.score, 4)}
                for e in self.candidates
            ],
        }


class ScoredHit(Protocol):
    """A retrieval hit as the rules that reweigh ranked hits read it (nlu/retrieval.py's
    ``Hit``, a frozen dataclass: they return it with another score)."""

    value: str
    name: str
    score: float


H = TypeVar("H", bound=ScoredHit)
