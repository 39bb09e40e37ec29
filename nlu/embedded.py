"""The embedded intent classifier: TF-IDF n-grams and a linear model (scikit-learn).

Features are computed on the normalised text: word 1-2-grams and char_wb
2-5-grams of the accent-folded form, plus (optionally) the same on the form with
diacritics, which disambiguates words that fold alike ("phí" / "phi"); every
example is also trained on in its accent-stripped form, so that the accented
features do not penalise people who type without diacritics. The model is a
linear SVM calibrated to probabilities (sigmoid, 3-fold; the default, chosen on
5-fold cross-validation of nlu/data and confirmed on the held-out set) or a
multinomial logistic regression. Training is deterministic.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from nlu.normalize import abbreviations_fingerprint, normalize, strip_diacritics
from nlu.training_data import Example, examples_fingerprint, load_examples
from nlu.types import IntentScore

logger = logging.getLogger(__name__)

MODEL_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
# Bump when features or preprocessing change, so saved models become stale.
FORMAT_VERSION = 1
SEED = 13
_WORD_TOKEN_PATTERN = r"(?u)\b\w+\b"  # keep one-letter words ("ở" -> "o")


class ModelError(RuntimeError):
    """A saved model is missing, unreadable or was built by another version."""


@dataclass(frozen=True)
class EmbeddedConfig:
    """Hyper-parameters of the embedded classifier."""

    classifier: str = "svm"  # "svm" (LinearSVC calibrated by sigmoid) or "logreg"
    diacritic_features: bool = True
    augment_folded: bool = True  # also train on an accent-stripped copy of each example
    svm_C: float = 0.3
    logreg_C: float = 100.0  # high: sharp probabilities, so few needless fallbacks
    class_weight: str | None = "balanced"

    def __post_init__(self) -> None:
        if self.classifier not in ("logreg", "svm"):
            raise ValueError(f"unknown classifier {self.classifier!r}: use 'logreg' or 'svm'")


def _identity(text: str) -> str:
    return text


def _folded(text: str) -> str:
    return strip_diacritics(text)


def _vectorizers(prefix: str, preprocessor: Any) -> list[tuple[str, TfidfVectorizer]]:
    common: dict[str, Any] = {
        "preprocessor": preprocessor,
        "lowercase": False,
        "sublinear_tf": True,
        "dtype": np.float64,
    }
    return [
        (
            f"{prefix}_word",
            TfidfVectorizer(
                analyzer="word", ngram_range=(1, 2), token_pattern=_WORD_TOKEN_PATTERN, **common
            ),
        ),
        (f"{prefix}_char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), **common)),
    ]


def build_pipeline(config: EmbeddedConfig, class_counts: Counter[str]) -> Pipeline:
    """The scikit-learn pipeline for ``config``; its input is normalised text."""
    parts = _vectorizers("folded", _folded)
    if config.diacritic_features:
        parts += _vectorizers("accented", _identity)
    if config.classifier == "svm" and min(class_counts.values()) >= 2:
        folds = min(3, min(class_counts.values()))
        model: Any = CalibratedClassifierCV(
            LinearSVC(C=config.svm_C, class_weight=config.class_weight, random_state=SEED),
            method="sigmoid",
            cv=folds,
        )
    else:
        if config.classifier == "svm":
            logger.warning("an intent has fewer than 2 examples; using logistic regression")
        model = LogisticRegression(
            C=config.logreg_C, class_weight=config.class_weight, max_iter=5000, random_state=SEED
        )
    return Pipeline([("features", FeatureUnion(parts)), ("model", model)])


def data_fingerprint(examples: Sequence[Example], config: EmbeddedConfig) -> str:
    """Hash of the training examples, the preprocessing and the configuration."""
    digest = hashlib.sha256()
    digest.update(examples_fingerprint(examples).encode())
    digest.update(abbreviations_fingerprint().encode("utf-8", "surrogatepass"))
    digest.update(json.dumps(asdict(config), sort_keys=True).encode())
    digest.update(str(FORMAT_VERSION).encode())
    return digest.hexdigest()


class EmbeddedClassifier:
    """A trained intent classifier; build one with ``train`` or ``load``."""

    def __init__(
        self, pipeline: Pipeline, config: EmbeddedConfig, metadata: dict[str, Any]
    ) -> None:
        self._pipeline = pipeline
        self.config = config
        self.metadata = metadata
        self.intents: tuple[str, ...] = tuple(str(c) for c in pipeline.classes_)

    @classmethod
    def train(
        cls, examples: Sequence[Example], config: EmbeddedConfig | None = None
    ) -> EmbeddedClassifier:
        """Fit a classifier on ``examples`` (at least two intents are needed)."""
        config = config or EmbeddedConfig()
        if not examples:
            raise ValueError("no training examples")
        counts = Counter(e.intent for e in examples)
        if len(counts) < 2:
            raise ValueError(f"need at least two intents to train, got {sorted(counts)}")
        started = time.perf_counter()
        texts = [normalize(e.text) for e in examples]
        labels = [e.intent for e in examples]
        if config.augment_folded:
            extra = [(strip_diacritics(t), y) for t, y in zip(texts, labels, strict=True)]
            extra = [(t, y) for (t, y), orig in zip(extra, texts, strict=True) if t != orig]
            texts += [t for t, _ in extra]
            labels += [y for _, y in extra]
        pipeline = build_pipeline(config, counts)
        pipeline.fit(texts, labels)
        seconds = time.perf_counter() - started
        metadata = {
            "format_version": FORMAT_VERSION,
            "fingerprint": data_fingerprint(examples, config),
            "sklearn_version": sklearn.__version__,
            "config": asdict(config),
            "n_examples": len(examples),
            "intents": sorted(counts),
            "train_seconds": round(seconds, 3),
            "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        logger.info(
            "trained embedded classifier on %d examples, %d intents in %.2fs",
            len(examples),
            len(counts),
            seconds,
        )
        return cls(pipeline, config, metadata)

    def rank(self, text: str) -> list[IntentScore]:
        """All intents with their probabilities, best first."""
        probs = self._pipeline.predict_proba([normalize(text)])[0]
        order = np.argsort(-probs, kind="stable")
        return [IntentScore(self.intents[i], float(probs[i])) for i in order]

    def rank_many(self, texts: Sequence[str]) -> list[list[IntentScore]]:
        """``rank`` for many texts at once (faster for evaluation)."""
        if not texts:
            return []
        matrix = self._pipeline.predict_proba([normalize(t) for t in texts])
        result = []
        for probs in matrix:
            order = np.argsort(-probs, kind="stable")
            result.append([IntentScore(self.intents[i], float(probs[i])) for i in order])
        return result

    def save(self, directory: Path | str) -> None:
        """Write the model and its metadata (fingerprint, sklearn version) to ``directory``."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        tmp_model = directory / (MODEL_FILE + ".tmp")
        joblib.dump(self._pipeline, tmp_model)
        tmp_model.replace(directory / MODEL_FILE)
        tmp_meta = directory / (METADATA_FILE + ".tmp")
        tmp_meta.write_text(json.dumps(self.metadata, indent=2, ensure_ascii=False), "utf-8")
        tmp_meta.replace(directory / METADATA_FILE)
        logger.info("saved embedded model to %s", directory)

    @classmethod
    def load(cls, directory: Path | str) -> EmbeddedClassifier:
        """Load a model saved by ``save``; raises ``ModelError`` if absent or incompatible.

        Only load directories this application wrote: the model is a pickle.
        """
        directory = Path(directory)
        metadata = read_metadata(directory)
        if metadata is None:
            raise ModelError(f"no model metadata in {directory}")
        if metadata.get("sklearn_version") != sklearn.__version__:
            raise ModelError(
                f"model in {directory} was built with scikit-learn "
                f"{metadata.get('sklearn_version')}, this is {sklearn.__version__}"
            )
        if metadata.get("format_version") != FORMAT_VERSION:
            raise ModelError(f"model in {directory} has an old format")
        try:
            pipeline = joblib.load(directory / MODEL_FILE)
            config = EmbeddedConfig(**metadata["config"])
        except Exception as exc:
            raise ModelError(f"cannot load model from {directory}: {exc}") from exc
        logger.info("loaded embedded model from %s", directory)
        return cls(pipeline, config, metadata)


def read_metadata(directory: Path | str) -> dict[str, Any] | None:
    """The metadata of a saved model, or None if there is none (or it is unreadable)."""
    path = Path(directory) / METADATA_FILE
    if not path.is_file() or not (Path(directory) / MODEL_FILE).is_file():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        logger.warning("unreadable model metadata %s", path)
        return None
    return data if isinstance(data, dict) else None


def is_stale(
    directory: Path | str, data_path: Path | str, config: EmbeddedConfig | None = None
) -> bool:
    """True when the saved model is missing, built by another scikit-learn or
    format version, or trained on data (or a configuration) other than ``data_path``'s."""
    metadata = read_metadata(directory)
    if metadata is None:
        return True
    if metadata.get("sklearn_version") != sklearn.__version__:
        return True
    if metadata.get("format_version") != FORMAT_VERSION:
        return True
    config = config or EmbeddedConfig()
    current = data_fingerprint(load_examples(data_path), config)
    return metadata.get("fingerprint") != current
