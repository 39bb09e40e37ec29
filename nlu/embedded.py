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
arrays (``CompiledModel``): each vectorizer's vocabulary and idf, and one weight
column per class of each calibration fold with the idf folded in, beside that
column's intercept and sigmoid calibrator. Ranking a message cuts it into
n-grams with dict lookups and does one gather-and-product, then the sigmoid,
normalisation and fold average of ``predict_proba``: the same probabilities
(to rounding), without scikit-learn's per-call validation; scikit-learn is not
even imported unless a model is trained. A saved model holds only these arrays
(``.npz``, no pickle). A message in which the model recognises fewer than half
of the words (binary junk, hex) gets an empty ranking.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

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
_WORD_TOKEN_PATTERN = r"(?u)\b\w+\b"  # keep one-letter words ("ở" -> "o")
_TOKEN_RE = re.compile(_WORD_TOKEN_PATTERN)
_WORD_CACHE_SIZE = 20_000  # words whose char n-gram rows a block remembers
# rank() gives no ranking when fewer of a message's words are recognised. Measured: every
# message of nlu/data and nlu/eval/heldout.yml has at least half, but for "???", "????",
# "bb" and "kg" (misread or below the threshold before too); binary junk, hex and base64
# have at most 0.4.
MIN_RECOGNISED_SHARE = 0.5
_LEGACY_FILES = ("model.joblib",)
_BLOCK_KEYS = ("name", "analyzer", "folded", "ngram_range")
_INDEXES = ("fold_of", "class_of")
_ARRAYS = ("weights", "idf", "intercepts", "slopes", "offsets", "fold_of", "class_of")


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
                analyzer="word", ngram_range=(1, 2), token_pattern=_WORD_TOKEN_PATTERN, **common
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


# -- the compiled form -------------------------------------------------------------------


def _expit(x: Any) -> Any:
    """The logistic function 1 / (1 + e^-x), as scipy.special.expit (scipy is not loaded)."""
    with np.errstate(over="ignore"):  # e^-x overflows to inf below x = -709: the answer is 0
        return 1.0 / (1.0 + np.exp(-x))


@dataclass(frozen=True, eq=False)
class TermBlock:
    """One fitted TF-IDF vectorizer: how it cuts text into terms, and its terms' rows."""

    name: str
    analyzer: str  # "word" (tokens and token n-grams) or "char_wb" (char n-grams in words)
    folded: bool  # terms of the accent-stripped text, else of the text with diacritics
    ngram_range: tuple[int, int]
    vocabulary: dict[str, int]  # term -> row of CompiledModel.weights
    # word -> rows of its known char n-grams; words recur, so cutting each once pays
    _word_rows: dict[str, tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def terms(self, text: str) -> list[str]:
        """Every n-gram of ``text``, repeated as often as it occurs (as scikit-learn cuts it)."""
        low, high = self.ngram_range
        if self.analyzer == "word":
            tokens = _TOKEN_RE.findall(text)
            out = list(tokens) if low == 1 else []
            for n in range(max(low, 2), min(high, len(tokens)) + 1):
                out += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
            return out
        out = []
        for word in text.split():
            padded = f" {word} "
            size = len(padded)
            for n in range(low, high + 1):
                if n >= size:  # a short word counts once, whole
                    out.append(padded)
                    break
                out += [padded[i : i + n] for i in range(size - n + 1)]
        return out

    def rows(self, text: str) -> list[int]:
        """The row of every known term of ``text``, repeated as often as the term occurs."""
        vocabulary = self.vocabulary
        if self.analyzer == "word":
            return [vocabulary[t] for t in self.terms(text) if t in vocabulary]
        cache = self._word_rows
        out: list[int] = []
        for word in text.split():
            found = cache.get(word)
            if found is None:
                if len(cache) >= _WORD_CACHE_SIZE:
                    cache.clear()
                found = tuple(vocabulary[t] for t in self.terms(word) if t in vocabulary)
                cache[word] = found
            out += found
        return out


@dataclass(frozen=True, eq=False)
class CompiledModel:
    """A fitted pipeline as arrays: term rows -> class columns -> probabilities.

    ``head`` says how a column's decision value becomes a probability:
    ``sigmoid`` (a calibrated fold: each column has its calibrator's slope and
    offset, per fold normalised, then averaged over ``n_folds``), ``softmax``
    (multinomial logistic regression) or ``logistic`` (binary logistic regression).
    """

    classes: tuple[str, ...]
    blocks: tuple[TermBlock, ...]
    head: str
    n_folds: int
    weights: np.ndarray  # (terms, columns): idf x coefficient, C-contiguous for row gathers
    idf: np.ndarray  # (terms,)
    intercepts: np.ndarray  # (columns,)
    slopes: np.ndarray  # (columns,) sigmoid head only, else empty
    offsets: np.ndarray  # (columns,) sigmoid head only, else empty
    fold_of: np.ndarray  # (columns,) fold of each column
    class_of: np.ndarray  # (columns,) index into ``classes`` of each column

    def score(self, text: str) -> np.ndarray:
        """The probability of each of ``classes`` for normalised ``text``."""
        folded = strip_diacritics(text)
        rows: list[int] = []
        counts: list[int] = []
        bounds = [0]  # where each block's terms start in ``rows``
        for block in self.blocks:
            counted = Counter(block.rows(folded if block.folded else text))
            rows += counted.keys()
            counts += counted.values()
            bounds.append(len(rows))
        decision = self.intercepts.copy()
        if rows:
            index = np.array(rows, dtype=np.intp)
            tf = np.log(np.array(counts, dtype=np.float64)) + 1.0
            sizes = np.diff(bounds)
            starts = np.array(bounds[:-1])[sizes > 0]
            # Each block is scaled to unit length (l2) by its own tf-idf norm.
            norms = np.sqrt(np.add.reduceat(np.square(tf * self.idf[index]), starts))
            decision += (tf / np.repeat(norms, sizes[sizes > 0])) @ self.weights[index]
        return self._probabilities(decision)

    def recognised_share(self, text: str) -> float:
        """The share of the words of normalised ``text`` that the model recognises (0 when
        there are none): words it was trained on, and words of two or more characters at
        least half of whose character n-grams it has seen (a typo or a run-together spelling
        such as "camon"). Measured on the accent-stripped text."""
        tokens = _TOKEN_RE.findall(strip_diacritics(text))
        if not tokens:
            return 0.0
        words = [b.vocabulary for b in self.blocks if b.folded and b.analyzer == "word"]
        grams = [b for b in self.blocks if b.folded and b.analyzer == "char_wb"]

        def recognised(token: str) -> bool:
            if any(token in vocabulary for vocabulary in words):
                return True
            if len(token) < 2:
                return False
            for block in grams:
                terms = block.terms(token)
                if 2 * sum(term in block.vocabulary for term in terms) >= len(terms):
                    return True
            return False

        return sum(map(recognised, tokens)) / len(tokens)

    def _probabilities(self, decision: np.ndarray) -> np.ndarray:
        n_classes = len(self.classes)
        if self.head == "softmax":
            exp = np.exp(decision - decision.max())
            return exp / exp.sum()
        if self.head == "logistic":
            positive = float(_expit(decision[0]))
            return np.array([1.0 - positive, positive])
        proba = np.zeros((self.n_folds, n_classes))
        proba[self.fold_of, self.class_of] = _expit(-(self.slopes * decision + self.offsets))
        if n_classes == 2:
            proba[:, 0] = 1.0 - proba[:, 1]
        else:
            total = proba.sum(axis=1, keepdims=True)
            if total.all():
                proba /= total
            else:  # every calibrator said 0: that fold votes uniformly
                uniform = np.full_like(proba, 1.0 / n_classes)
                proba = np.divide(proba, total, out=uniform, where=total != 0)
        if proba.max() > 1.0:  # rounding past 1 is clipped, as scikit-learn does
            proba[(proba > 1.0) & (proba <= 1.0 + 1e-5)] = 1.0
        return proba.sum(axis=0) / self.n_folds

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The model as named arrays (the vocabularies as UTF-8 JSON bytes), for ``np.savez``."""
        blocks = [
            {key: getattr(b, key) for key in _BLOCK_KEYS}
            | {"terms": sorted(b.vocabulary, key=b.vocabulary.__getitem__)}
            for b in self.blocks
        ]
        spec = {"classes": self.classes, "head": self.head, "n_folds": self.n_folds}
        raw = json.dumps(spec | {"blocks": blocks}, ensure_ascii=False).encode("utf-8")
        return {"spec": np.frombuffer(raw, dtype=np.uint8)} | {
            name: getattr(self, name) for name in _ARRAYS
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> CompiledModel:
        """Rebuild a model written by ``to_arrays``; raises ValueError if it is inconsistent."""
        spec = json.loads(bytes(arrays["spec"]).decode("utf-8"))
        blocks, first_row = [], 0
        for block in spec["blocks"]:
            terms = block["terms"]
            vocabulary = {str(term): first_row + i for i, term in enumerate(terms)}
            options = {key: block[key] for key in _BLOCK_KEYS}
            options["ngram_range"] = tuple(options["ngram_range"])
            blocks.append(TermBlock(**options, vocabulary=vocabulary))
            first_row += len(terms)
        numbers = {
            name: np.ascontiguousarray(arrays[name], np.intp if name in _INDEXES else np.float64)
            for name in _ARRAYS
        }
        model = cls(
            classes=tuple(str(c) for c in spec["classes"]),
            blocks=tuple(blocks),
            head=str(spec["head"]),
            n_folds=int(spec["n_folds"]),
            **numbers,
        )
        model.check()
        return model

    def check(self) -> None:
        """Raise ValueError unless the arrays fit together."""
        n_terms, n_columns = sum(len(b.vocabulary) for b in self.blocks), len(self.intercepts)
        columns = (n_columns,) if self.head == "sigmoid" else (0,)
        if (
            self.head not in ("sigmoid", "softmax", "logistic")
            or len(self.classes) < 2
            or any(b.analyzer not in ("word", "char_wb") for b in self.blocks)
            or not any(b.folded and b.analyzer == "word" for b in self.blocks)
            or self.weights.shape != (n_terms, n_columns)
            or self.idf.shape != (n_terms,)
            or self.fold_of.shape != (n_columns,)
            or self.class_of.shape != (n_columns,)
            or self.slopes.shape != columns
            or self.offsets.shape != columns
            or not set(self.fold_of.tolist()) <= set(range(self.n_folds))
            or not set(self.class_of.tolist()) <= set(range(len(self.classes)))
        ):
            raise ValueError("compiled model arrays do not fit together")


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
        and (vectorizer.analyzer != "word" or vectorizer.token_pattern == _WORD_TOKEN_PATTERN)
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
        normalized = normalize(text)
        if self.model.recognised_share(normalized) < MIN_RECOGNISED_SHARE:
            return []
        probs = self.model.score(normalized)
        order = np.argsort(-probs, kind="stable")
        return [IntentScore(self.intents[i], float(probs[i])) for i in order]

    def rank_many(self, texts: Sequence[str]) -> list[list[IntentScore]]:
        """``rank`` for each of ``texts``."""
        return [self.rank(text) for text in texts]

    def save(self, directory: Path | str) -> None:
        """Write the compiled model and its metadata (fingerprint, versions) to ``directory``."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        tmp_model = directory / (MODEL_FILE + ".tmp")
        with tmp_model.open("wb") as fh:
            np.savez(fh, allow_pickle=False, **self.model.to_arrays())
        tmp_model.replace(directory / MODEL_FILE)
        for legacy in _LEGACY_FILES:  # a pickled pipeline from format 1 is stale now
            (directory / legacy).unlink(missing_ok=True)
        tmp_meta = directory / (METADATA_FILE + ".tmp")
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
            with np.load(directory / MODEL_FILE, allow_pickle=False) as data:
                model = CompiledModel.from_arrays({name: data[name] for name in data.files})
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
