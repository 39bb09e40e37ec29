"""The fallback threshold can be chosen from the training data alone."""

from __future__ import annotations

from nlu.threshold import cross_validate_threshold
from nlu.training_data import load_examples
from tests.conftest import ROOT


def test_threshold_is_chosen_by_cross_validation_on_training_data():
    report = cross_validate_threshold(load_examples(ROOT / "nlu" / "data"), folds=3)
    assert report.best in report.accuracy
    assert report.accuracy[report.best] == max(report.accuracy.values())
    rates = [report.fallback_rate[t] for t in sorted(report.fallback_rate)]
    assert rates == sorted(rates), "a higher threshold never falls back less"
    assert all(0.0 <= a <= 1.0 for a in report.accuracy.values())
