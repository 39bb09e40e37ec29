"""Evaluate the NLU on labelled examples and write a report.

The prediction compared with the label is the final intent after the
confidence threshold, so a fallback counts as ``out_of_scope``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix

from nlu.eval_sets import LabelledQuestion
from nlu.service import Nlu
from nlu.training_data import Example

Labelled = LabelledQuestion | Example  # Rasa examples carry no procedure codes

logger = logging.getLogger(__name__)

REPORT_FILE = "report.json"
ERRORS_FILE = "errors.json"
CONFUSION_FILE = "confusion_matrix.png"


@dataclass(frozen=True)
class Prediction:
    """The NLU's answer for one labelled example."""

    text: str
    expected: str
    predicted: str
    confidence: float
    fallback: bool
    top_raw: str
    gold_codes: tuple[str, ...] | None = None  # None: no procedure label
    codes: tuple[str, ...] = ()  # the ranked candidates' national codes


@dataclass(frozen=True)
class EvalResult:
    """Metrics of one evaluation run; ``summary`` is what the CLI prints."""

    summary: dict[str, Any]
    per_intent: dict[str, dict[str, float]]
    labels: tuple[str, ...]
    confusion: tuple[tuple[int, ...], ...]
    predictions: tuple[Prediction, ...] = field(repr=False, default=())

    @property
    def errors(self) -> list[Prediction]:
        """The misclassified examples."""
        return [p for p in self.predictions if p.predicted != p.expected]

    def to_dict(self) -> dict[str, Any]:
        """The summary, per-intent figures and confusion matrix as JSON-ready data."""
        return {
            **self.summary,
            "per_intent": self.per_intent,
            "labels": list(self.labels),
            "confusion_matrix": [list(row) for row in self.confusion],
        }


def procedure_figures(predictions: Sequence[Prediction]) -> dict[str, Any]:
    """Procedure retrieval on the questions labelled with procedure codes.

    ``procedure_top1``/``top3``: the gold code first / among the first three
    candidates, over questions whose procedure is in the catalogue;
    ``not_in_catalogue_rate``: share of all labelled questions given no candidate
    (the bot then says it does not have this procedure), split into the questions it
    should have known (``..._when_known``) and those it rightly did not.
    """
    labelled = [p for p in predictions if p.gold_codes is not None]
    if not labelled:
        return {}
    known = [p for p in labelled if p.gold_codes]
    unknown = [p for p in labelled if not p.gold_codes]

    def share(items, test) -> float | None:
        return round(sum(1 for p in items if test(p)) / len(items), 4) if items else None

    gold = lambda p: set(p.gold_codes or ())  # noqa: E731
    return {
        "procedure_n": len(labelled),
        "procedure_n_in_catalogue": len(known),
        "procedure_top1": share(known, lambda p: bool(p.codes[:1]) and p.codes[0] in gold(p)),
        "procedure_top3": share(known, lambda p: bool(gold(p) & set(p.codes[:3]))),
        "not_in_catalogue_rate": share(labelled, lambda p: not p.codes),
        "not_in_catalogue_rate_when_known": share(known, lambda p: not p.codes),
        "not_in_catalogue_rate_when_unknown": share(unknown, lambda p: not p.codes),
    }


async def evaluate(nlu: Nlu, examples: Sequence[Labelled]) -> EvalResult:
    """Parse every example with ``nlu`` and compute accuracy, macro-F1 and per-intent figures,
    and procedure retrieval figures where the examples carry procedure codes.

    A coroutine, like ``Nlu.parse``; from synchronous code use ``evaluate_sync``.
    """
    if not examples:
        raise ValueError("no examples to evaluate")
    predictions = []
    for example in examples:
        parse = await nlu.parse(example.text)
        predictions.append(
            Prediction(
                text=example.text,
                expected=example.intent,
                predicted=parse.intent,
                confidence=parse.confidence,
                fallback=parse.fallback,
                top_raw=parse.ranking[0].name if parse.ranking else parse.intent,
                gold_codes=getattr(example, "procedures", None),
                codes=tuple(c.code or c.value for c in parse.candidates),
            )
        )
    y_true = [p.expected for p in predictions]
    y_pred = [p.predicted for p in predictions]
    labels = sorted(set(y_true) | set(y_pred))
    report = classification_report(y_true, y_pred, labels=labels, output_dict=True, zero_division=0)
    per_intent = {
        label: {
            "precision": float(report[label]["precision"]),
            "recall": float(report[label]["recall"]),
            "f1": float(report[label]["f1-score"]),
            "support": int(report[label]["support"]),
        }
        for label in labels
    }
    matrix = confusion_matrix(y_true, y_pred, labels=labels)
    summary = {
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macro_f1": float(report["macro avg"]["f1-score"]),
        "weighted_f1": float(report["weighted avg"]["f1-score"]),
        "n": len(predictions),
        "n_errors": sum(1 for p in predictions if p.predicted != p.expected),
        "fallback_rate": sum(p.fallback for p in predictions) / len(predictions),
        "backend": nlu.backend_name,
        "threshold": nlu.settings.threshold,
        **procedure_figures(predictions),
    }
    logger.info(
        "NLU evaluation on %d examples: accuracy %.3f, macro-F1 %.3f",
        summary["n"],
        summary["accuracy"],
        summary["macro_f1"],
    )
    return EvalResult(
        summary=summary,
        per_intent=per_intent,
        labels=tuple(labels),
        confusion=tuple(tuple(int(v) for v in row) for row in matrix),
        predictions=tuple(predictions),
    )


def evaluate_sync(nlu: Nlu, examples: Sequence[Labelled]) -> EvalResult:
    """``evaluate`` for code that runs no event loop (scripts)."""
    return asyncio.run(evaluate(nlu, examples))


def write_report(result: EvalResult, out_dir: Path | str) -> dict[str, Any]:
    """Write report.json, errors.json and confusion_matrix.png into ``out_dir``.

    Returns the JSON-ready summary (accuracy, macro_f1, n, backend, ...) with
    the paths of the three files under ``files``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "report": out / REPORT_FILE,
        "errors": out / ERRORS_FILE,
        "confusion_matrix": out / CONFUSION_FILE,
    }
    paths["report"].write_text(
        json.dumps(result.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8"
    )
    errors = [
        {
            "text": p.text,
            "intent": p.expected,
            "predicted": p.predicted,
            "confidence": round(p.confidence, 4),
            "fallback": p.fallback,
            "top_raw": p.top_raw,
        }
        for p in result.errors
    ]
    errors += [
        {"text": p.text, "procedures": list(p.gold_codes or ()), "candidates": list(p.codes[:3])}
        for p in result.predictions
        if p.gold_codes is not None
        and not set(p.gold_codes) & set(p.codes[:3])
        and (p.gold_codes or p.codes)
    ]
    paths["errors"].write_text(json.dumps(errors, indent=2, ensure_ascii=False), "utf-8")
    _plot_confusion(result, paths["confusion_matrix"])
    logger.info("NLU report written to %s", out)
    return {**result.summary, "files": {key: str(path) for key, path in paths.items()}}


def _plot_confusion(result: EvalResult, path: Path) -> None:
    labels = list(result.labels)
    n = len(labels)
    size = max(6.0, 0.55 * n + 3.0)
    # A bare Figure on the Agg canvas: no pyplot global state, safe in a server thread.
    fig = Figure(figsize=(size, size * 0.9))
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.imshow(result.confusion, cmap="Blues", interpolation="nearest")
    ax.set_xticks(range(n), labels=labels, rotation=60, ha="right", fontsize=9)
    ax.set_yticks(range(n), labels=labels, fontsize=9)
    ax.set_xlabel("predicted")
    ax.set_ylabel("expected")
    acc, f1 = result.summary["accuracy"], result.summary["macro_f1"]
    ax.set_title(f"NLU confusion matrix (accuracy {acc:.3f}, macro-F1 {f1:.3f})")
    peak = max((max(row) for row in result.confusion), default=0) or 1
    for i, row in enumerate(result.confusion):
        for j, value in enumerate(row):
            if value:
                colour = "white" if value > peak / 2 else "black"
                ax.text(j, i, str(value), ha="center", va="center", color=colour, fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
