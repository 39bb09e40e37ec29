"""The NLU service the dialogue calls: ``await nlu.parse(text) -> Parse``.

Intent ranking comes from a backend (the embedded scikit-learn model by
default; a Rasa HTTP backend can be added beside it through ``IntentBackend``),
the confidence threshold turns weak guesses into ``out_of_scope`` with
``fallback=True``, and entities come from the gazetteer.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, runtime_checkable

from nlu.config import NluSettings
from nlu.cues import asked_aspects, intent_read, is_emergency, is_yes_no
from nlu.embedded import EmbeddedClassifier, EmbeddedConfig, ModelError, is_stale
from nlu.entities import EntityMatch
from nlu.normalize import normalize
from nlu.small_talk import SmallTalkWords, small_talk_words
from nlu.training_data import TrainingDataError, load_examples
from nlu.types import IntentScore, Parse

logger = logging.getLogger(__name__)

FALLBACK_INTENT = "out_of_scope"


class NluError(RuntimeError):
    """The NLU cannot work: no training data, no model, unknown backend."""


class EntityFinder(Protocol):
    """Finds the procedure a message is about (``nlu.retrieval.ProcedureIndex``)."""

    def find(self, text: str) -> EntityMatch: ...

    def __len__(self) -> int: ...


@runtime_checkable
class IntentBackend(Protocol):
    """Something that ranks intents for a text (embedded model, Rasa server, ...)."""

    name: str

    async def rank(self, text: str) -> list[IntentScore]:
        """All intents with confidences, best first."""
        ...


@dataclass(frozen=True)
class TrainReport:
    """What ``Nlu.train`` did."""

    n_examples: int
    n_intents: int
    seconds: float


class EmbeddedBackend:
    """The in-process scikit-learn classifier as an ``IntentBackend``."""

    name = "embedded"

    def __init__(self, classifier: EmbeddedClassifier) -> None:
        self.classifier = classifier

    async def rank(self, text: str) -> list[IntentScore]:
        """Rank intents in-process (fast enough not to need a thread)."""
        return self.classifier.rank(text)


class Nlu:
    """Intent classification with a confidence threshold, plus gazetteer entities."""

    def __init__(
        self,
        settings: NluSettings,
        gazetteer: EntityFinder | None = None,
        *,
        backend: IntentBackend | None = None,
        config: EmbeddedConfig | None = None,
    ) -> None:
        self.settings = settings
        self.config = config or EmbeddedConfig()
        self._gazetteer = gazetteer
        self._backend: IntentBackend | None = backend
        if backend is None and settings.backend != "embedded":
            raise NluError(
                f"NLU backend {settings.backend!r} needs a backend object; "
                "only 'embedded' is built in"
            )

    @property
    def backend(self) -> IntentBackend:
        """The intent backend in use (the embedded model is loaded or trained if needed)."""
        if self._backend is None:
            self.ensure_model()
        assert self._backend is not None
        return self._backend

    async def close(self) -> None:
        """Release the backend's connections (the Rasa client's HTTP session)."""
        close = getattr(self._backend, "close", None)
        if close is not None:
            await close()

    @property
    def small_talk(self) -> SmallTalkWords:
        """The small-talk examples' words (``nlu.small_talk``; read once per data dir)."""
        return small_talk_words(Path(self.settings.data_dir))

    @property
    def backend_name(self) -> str:
        """Name of the backend that ranks intents."""
        return self._backend.name if self._backend is not None else self.settings.backend

    @property
    def gazetteer(self) -> EntityFinder | None:
        """The gazetteer used for entities, if any."""
        return self._gazetteer

    def set_gazetteer(self, gazetteer: EntityFinder | None) -> None:
        """Replace the gazetteer (e.g. after staff publish new procedures)."""
        self._gazetteer = gazetteer
        logger.info("gazetteer replaced: %d entries", len(gazetteer) if gazetteer else 0)

    def ensure_model(self) -> None:
        """Load the embedded model from ``model_dir``, or train it if missing or stale."""
        if self._backend is not None:
            return
        model_dir, data_dir = Path(self.settings.model_dir), Path(self.settings.data_dir)
        if not data_dir.exists():
            try:
                self._backend = EmbeddedBackend(EmbeddedClassifier.load(model_dir))
                logger.warning("no training data at %s; using the saved model as is", data_dir)
                return
            except ModelError as exc:
                raise NluError(f"no training data at {data_dir} and no usable model") from exc
        try:
            stale = is_stale(model_dir, data_dir, self.config)
        except TrainingDataError as exc:
            logger.error("training data is broken (%s); trying the saved model", exc)
            try:
                self._backend = EmbeddedBackend(EmbeddedClassifier.load(model_dir))
                return
            except ModelError:
                raise NluError(f"training data is broken and no usable model: {exc}") from exc
        if stale:
            logger.info(
                "NLU model in %s is missing or stale; training from %s", model_dir, data_dir
            )
            self.train()
            return
        try:
            self._backend = EmbeddedBackend(EmbeddedClassifier.load(model_dir))
        except ModelError as exc:
            logger.warning("cannot load NLU model (%s); retraining", exc)
            self.train()

    def train(self) -> TrainReport:
        """Train the embedded model on ``data_dir`` and save it to ``model_dir``.

        The new model replaces the embedded one in use at once (a plugged-in
        backend of another kind is left in place).
        """
        started = time.perf_counter()
        examples = load_examples(self.settings.data_dir)
        if not examples:
            raise NluError(f"no intent examples in {self.settings.data_dir}")
        classifier = EmbeddedClassifier.train(examples, self.config)
        classifier.save(self.settings.model_dir)
        if self._backend is None or isinstance(self._backend, EmbeddedBackend):
            self._backend = EmbeddedBackend(classifier)
        report = TrainReport(
            n_examples=len(examples),
            n_intents=len(classifier.intents),
            seconds=time.perf_counter() - started,
        )
        logger.info(
            "NLU trained: %d examples, %d intents, %.2fs",
            report.n_examples,
            report.n_intents,
            report.seconds,
        )
        return report

    def find_procedure(self, text: str) -> EntityMatch:
        """The procedure ``text`` names, and the candidates (the retrieval index only)."""
        return self._entities(text)

    def _entities(self, text: str) -> EntityMatch:
        if self._gazetteer is None:
            return EntityMatch(None)
        try:
            return self._gazetteer.find(text)
        except Exception:
            logger.exception("gazetteer lookup failed")
            return EntityMatch(None)

    async def parse(self, text: str) -> Parse:
        """Understand one message.

        Empty text gives ``out_of_scope`` with confidence 0. A top confidence
        below ``settings.threshold`` gives ``out_of_scope`` with ``fallback=True``
        and the raw top confidence; ``ranking`` always holds the raw scores.
        A backend failure is logged and answered as a fallback, never raised.
        """
        text = text if isinstance(text, str) else ""
        normalized = normalize(text)
        if not normalized:
            return Parse(
                text=text,
                normalized="",
                intent=FALLBACK_INTENT,
                confidence=0.0,
                backend=self.backend_name,
                fallback=True,
            )
        if self._backend is None:
            self.ensure_model()
        backend = self._backend
        if backend is None:  # pragma: no cover - ensure_model sets it or raises
            raise NluError("no intent backend")
        try:
            ranking = tuple(await backend.rank(text))
        except Exception:
            logger.exception("intent backend %s failed", backend.name)
            ranking = ()
        # A fallback backend says which model actually answered this turn.
        used = getattr(backend, "last_used", backend.name)
        match = self._entities(text)
        understood = Parse(
            text=text,
            normalized=normalized,
            intent=FALLBACK_INTENT,
            confidence=0.0,
            backend=used,
            fallback=True,
            entities=(match.resolved,) if match.resolved is not None else (),
            candidates=match.candidates,
            aspects=asked_aspects(text),
            yes_no=is_yes_no(text),
            emergency=is_emergency(text),
        )
        if not ranking:
            return understood
        # an intent read from words that only look like its own ("mang theo" as "mạng")
        # gives way to the next one the message has the words of (cues.yml, intent_needs)
        top = intent_read(ranking, text, names_a_procedure=match.resolved is not None) or ranking[0]
        fallback = top.confidence < self.settings.threshold
        return replace(
            understood,
            intent=FALLBACK_INTENT if fallback else top.name,
            confidence=top.confidence,
            ranking=ranking,
            fallback=fallback,
            odd_small_talk=self.small_talk.unsure_of(top.name, top.confidence, text),
        )


def build_nlu(settings: NluSettings, gazetteer: EntityFinder | None = None) -> Nlu:
    """The NLU for the configured backend.

    ``rasa``: the Rasa server, with the embedded model trained beside it so any turn
    Rasa cannot answer (down, slow, malformed) is still understood.
    """
    small_talk_words(Path(settings.data_dir))  # read here, not in a turn
    if settings.backend == "embedded":
        return Nlu(settings, gazetteer)
    if settings.backend == "rasa":
        from nlu.rasa_backend import FallbackBackend, RasaBackend

        embedded = Nlu(replace(settings, backend="embedded"))
        backend = FallbackBackend(RasaBackend(settings.rasa), embedded.backend)
        return Nlu(settings, gazetteer, backend=backend)
    raise NluError(f"unknown NLU backend {settings.backend!r}")
