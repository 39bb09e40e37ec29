"""The embedded intent classifier: TF-IDF n-grams and a linear model.

Features are computed on the normalised text: word 1-2-grams and char_wb
2-5-grams of the accent-folded form, plus (optionally) the same on the form with
diacritics, which disambiguates words that fold alike ("phí" / "phi"); every
example is also trained on in its accent-stripped form, so that the accented
features do not penalise people who type without diacritics. The model is a
linear SVM calibrated to probabilities (sigmoid, 3-fold; the default, chosen on
5-fold cross-validation of nlu/data and confirmed on the held-out set) or a
multinomial logistic regression. Training is deterministic.

Training uses scikit-learn; the fitted pipeline is then compiled into plain
arrays (``nlu.compiled_model.CompiledModel``), and ranking uses only those:
scikit-learn is not even imported unless a model is trained. A saved model holds
only these arrays (``.npz``, no pickle) beside its metadata (``metadata.json``:
fingerprint of the data and configuration, versions). A message in which the
model recognises fewer than half of the words (binary junk, hex) gets an empty
ranking.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from nlu.compiled_model import WORD_TOKEN_PATTERN, CompiledModel, TermBlock
from nlu.normalize import abbreviations_fingerprint, normalize, strip_diacritics
from nlu.training_data import Example, examples_fingerprint, load_examples
from nlu.types import IntentScore

if TYPE_CHECKING:  # scikit-learn is imported to train only: ranking needs numpy alone
    from sklearn.pipeline import Pipeline

logger = logging.getLogger(__name__)

SKLEARN_VERSION = version("scikit-learn")
MODEL_FILE = "model.npz"
METADATA_FILE = "metadata.json"
# Bump when features, preprocessing or the saved form change, so saved models become stale.
FORMAT_VERSION = 2
SEED = 13
_LEGACY_FILES = ("model.joblib",)


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


def _vectorizers(prefix: str, preprocessor: Any) -> list[tuple[str, Any]]:
    from sklearn.feature_extraction.text import TfidfVectorizer

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
                analyzer="word", ngram_range=(1, 2), token_pattern=WORD_TOKEN_PATTERN, **common
            ),
        ),
        (f"{prefix}_char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), **common)),
    ]


def build_pipeline(config: EmbeddedConfig, class_counts: Counter[str]) -> Pipeline:
    """The scikit-learn pipeline for ``config``; its input is normalised text."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.svm import LinearSVC

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


def fit_pipeline(examples: Sequence[Example], config: EmbeddedConfig) -> Pipeline:
    """Fit the scikit-learn pipeline on ``examples`` (at least two intents are needed)."""
    if not examples:
        raise ValueError("no training examples")
    counts = Counter(e.intent for e in examples)
    if len(counts) < 2:
        raise ValueError(f"need at least two intents to train, got {sorted(counts)}")
    texts = [normalize(e.text) for e in examples]
    labels = [e.intent for e in examples]
    if config.augment_folded:
        extra = [(strip_diacritics(t), y) for t, y in zip(texts, labels, strict=True)]
        extra = [(t, y) for (t, y), orig in zip(extra, texts, strict=True) if t != orig]
        texts += [t for t, _ in extra]
        labels += [y for _, y in extra]
    pipeline = build_pipeline(config, counts)
    pipeline.fit(texts, labels)
    return pipeline


# -- compiling a fitted pipeline ---------------------------------------------------------


def _check_vectorizer(name: str, vectorizer: Any) -> None:
    """Refuse a vectorizer whose settings ``TermBlock`` does not reproduce exactly."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    supported = (
        isinstance(vectorizer, TfidfVectorizer)
        and vectorizer.analyzer in ("word", "char_wb")
        and vectorizer.preprocessor in (_folded, _identity)
        and vectorizer.input == "content"
        and not vectorizer.lowercase
        and vectorizer.strip_accents is None
        and vectorizer.tokenizer is None
        and (vectorizer.analyzer != "word" or vectorizer.token_pattern == WORD_TOKEN_PATTERN)
        and vectorizer.stop_words is None
        and not vectorizer.binary
        and vectorizer.sublinear_tf
        and vectorizer.use_idf
        and vectorizer.norm == "l2"
        and vectorizer.dtype == np.float64
    )
    if not supported:
        raise ValueError(f"cannot compile vectorizer {name!r}: unsupported settings")


def compile_pipeline(pipeline: Pipeline) -> CompiledModel:
    """Turn a pipeline from ``build_pipeline``, fitted, into a ``CompiledModel``."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    blocks: list[TermBlock] = []
    idf_parts: list[np.ndarray] = []
    n_terms = 0
    for name, vectorizer in pipeline.named_steps["features"].transformer_list:
        _check_vectorizer(name, vectorizer)
        vocabulary = {term: n_terms + int(j) for term, j in vectorizer.vocabulary_.items()}
        blocks.append(
            TermBlock(
                name=name,
                analyzer=vectorizer.analyzer,
                folded=vectorizer.preprocessor is _folded,
                ngram_range=tuple(vectorizer.ngram_range),
                vocabulary=vocabulary,
            )
        )
        idf_parts.append(np.asarray(vectorizer.idf_, dtype=np.float64))
        n_terms += len(vectorizer.idf_)
    model = pipeline.named_steps["model"]
    classes = [str(c) for c in model.classes_]
    if isinstance(model, CalibratedClassifierCV) and model.method == "sigmoid":
        head = "sigmoid"
        parts = [(c.estimator, c.calibrators) for c in model.calibrated_classifiers_]
    elif isinstance(model, LogisticRegression):
        head = "softmax" if len(classes) > 2 else "logistic"
        parts = [(model, [])]
    else:
        raise ValueError(f"cannot compile model {type(model).__name__}")
    coefs, intercepts, slopes, offsets, fold_of, class_of = [], [], [], [], [], []
    for fold, (estimator, calibrators) in enumerate(parts):
        coef = estimator.coef_
        coef = np.asarray(coef.toarray() if hasattr(coef, "toarray") else coef, np.float64)
        if coef.shape[0] == 1 and len(classes) == 2:
            columns = [1]  # a binary model scores the second class
        elif coef.shape[0] == len(estimator.classes_):
            columns = [classes.index(str(c)) for c in estimator.classes_]
        else:
            raise ValueError("cannot compile a fold that saw only two of several classes")
        coefs.append(coef)
        intercepts.extend(np.broadcast_to(estimator.intercept_, len(columns)).tolist())
        slopes.extend(float(c.a_) for c in calibrators)
        offsets.extend(float(c.b_) for c in calibrators)
        fold_of.extend([fold] * len(columns))
        class_of.extend(columns)
    idf = np.concatenate(idf_parts)
    compiled = CompiledModel(
        classes=tuple(classes),
        blocks=tuple(blocks),
        head=head,
        n_folds=len(parts),
        weights=np.ascontiguousarray((np.vstack(coefs) * idf).T),
        idf=idf,
        intercepts=np.array(intercepts, dtype=np.float64),
        slopes=np.array(slopes, dtype=np.float64),
        offsets=np.array(offsets, dtype=np.float64),
        fold_of=np.array(fold_of, dtype=np.intp),
        class_of=np.array(class_of, dtype=np.intp),
    )
    compiled.check()
    return compiled


# -- the classifier ----------------------------------------------------------------------


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
        self, model: CompiledModel, config: EmbeddedConfig, metadata: dict[str, Any]
    ) -> None:
        self.model = model
        self.config = config
        self.metadata = metadata
        self.intents: tuple[str, ...] = model.classes

    @classmethod
    def train(
        cls, examples: Sequence[Example], config: EmbeddedConfig | None = None
    ) -> EmbeddedClassifier:
        """Fit a classifier on ``examples`` (at least two intents are needed)."""
        config = config or EmbeddedConfig()
        started = time.perf_counter()
        classifier = cls.from_pipeline(fit_pipeline(examples, config), examples, config)
        seconds = time.perf_counter() - started
        classifier.metadata["train_seconds"] = round(seconds, 3)
        logger.info(
            "trained embedded classifier on %d examples, %d intents in %.2fs",
            len(examples),
            len(classifier.intents),
            seconds,
        )
        return classifier

    @classmethod
    def from_pipeline(
        cls, pipeline: Pipeline, examples: Sequence[Example], config: EmbeddedConfig
    ) -> EmbeddedClassifier:
        """Compile ``pipeline``, fitted on ``examples`` by ``fit_pipeline(examples, config)``."""
        model = compile_pipeline(pipeline)
        metadata = {
            "format_version": FORMAT_VERSION,
            "fingerprint": data_fingerprint(examples, config),
            "sklearn_version": SKLEARN_VERSION,
            "config": asdict(config),
            "n_examples": len(examples),
            "intents": sorted({e.intent for e in examples}),
            "n_terms": len(model.idf),
            "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        return cls(model, config, metadata)

    def probabilities(self, text: str) -> np.ndarray:
        """The probability of each of ``intents`` for ``text``, recognised or not."""
        return self.model.score(normalize(text))

    def rank(self, text: str) -> list[IntentScore]:
        """All intents with their probabilities, best first.

        Empty when the model recognises fewer than half of the words of ``text``
        (``CompiledModel.recognised_share``: binary junk, hex, another script, nothing
        left after normalisation): a ranking would be a guess from stray letters.
        """
        return self.model.rank(normalize(text))

    def rank_many(self, texts: Sequence[str]) -> list[list[IntentScore]]:
        """``rank`` for each of ``texts``."""
        return [self.rank(text) for text in texts]

    def save(self, directory: Path | str) -> None:
        """Write the compiled model and its metadata (fingerprint, versions) to ``directory``."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        self.model.save(directory / MODEL_FILE)
        for legacy in _LEGACY_FILES:  # a pickled pipeline from format 1 is stale now
            (directory / legacy).unlink(missing_ok=True)
        tmp_meta = directory / f"{METADATA_FILE}.{secrets.token_hex(6)}.tmp"
        tmp_meta.write_text(json.dumps(self.metadata, indent=2, ensure_ascii=False), "utf-8")
        tmp_meta.replace(directory / METADATA_FILE)
        logger.info("saved embedded model to %s", directory)

    @classmethod
    def load(cls, directory: Path | str) -> EmbeddedClassifier:
        """Load a model saved by ``save``; raises ``ModelError`` if absent or incompatible."""
        directory = Path(directory)
        metadata = read_metadata(directory)
        if metadata is None:
            raise ModelError(f"no model metadata in {directory}")
        if metadata.get("sklearn_version") != SKLEARN_VERSION:
            raise ModelError(
                f"model in {directory} was built with scikit-learn "
                f"{metadata.get('sklearn_version')}, this is {SKLEARN_VERSION}"
            )
        if metadata.get("format_version") != FORMAT_VERSION:
            raise ModelError(f"model in {directory} has an old format")
        try:
            model = CompiledModel.load(directory / MODEL_FILE)
            config = EmbeddedConfig(**metadata["config"])
        except Exception as exc:
            raise ModelError(f"cannot load model from {directory}: {exc}") from exc
        logger.info("loaded embedded model from %s", directory)
        return cls(model, config, metadata)


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
    if metadata.get("sklearn_version") != SKLEARN_VERSION:
        return True
    if metadata.get("format_version") != FORMAT_VERSION:
        return True
    config = config or EmbeddedConfig()
    current = data_fingerprint(load_examples(data_path), config)
    return metadata.get("fingerprint") != current
