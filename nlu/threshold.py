"""Choose the fallback threshold by cross-validation on the training data.

Below the threshold a message is treated as not understood (out_of_scope). Too high
and short replies ("ok", "bye") fall back needlessly; too low and guesses are stated
as answers. The held-out set is never used here, so its figures stay honest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.model_selection import StratifiedKFold

from nlu.embedded import EmbeddedClassifier, EmbeddedConfig
from nlu.training_data import Example
from nlu.types import IntentScore

FALLBACK_INTENT = "out_of_scope"
CANDIDATES = tuple(round(0.15 + 0.05 * i, 2) for i in range(10))  # 0.15 .. 0.60


@dataclass(frozen=True)
class ThresholdReport:
    best: float
    accuracy: dict[float, float]
    fallback_rate: dict[float, float]


def cross_validate_threshold(
    examples: Sequence[Example],
    config: EmbeddedConfig | None = None,
    candidates: Sequence[float] = CANDIDATES,
    folds: int = 5,
) -> ThresholdReport:
    """Accuracy for each candidate threshold over ``folds`` train/validate splits.

    The best is the highest accuracy; on a tie the higher (more cautious) threshold.
    """
    config = config or EmbeddedConfig()
    labels = [e.intent for e in examples]
    correct = dict.fromkeys(candidates, 0)
    fallbacks = dict.fromkeys(candidates, 0)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=7)
    for train_idx, test_idx in splitter.split(labels, labels):
        model = EmbeddedClassifier.train([examples[i] for i in train_idx], config)
        for i in test_idx:
            ranking = model.rank(examples[i].text)
            top = ranking[0] if ranking else IntentScore(FALLBACK_INTENT, 0.0)
            for threshold in candidates:
                low = top.confidence < threshold
                predicted = FALLBACK_INTENT if low else top.name
                correct[threshold] += predicted == examples[i].intent
                fallbacks[threshold] += low
    n = len(examples)
    accuracy = {t: correct[t] / n for t in candidates}
    best = max(candidates, key=lambda t: (round(accuracy[t], 4), t))
    return ThresholdReport(best, accuracy, {t: fallbacks[t] / n for t in candidates})
