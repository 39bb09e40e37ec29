"""The held-out set stays unseen, and the shipped model keeps understanding it."""

from __future__ import annotations

from dataclasses import replace

from nlu.eval_sets import load_questions
from nlu.evaluate import evaluate, write_report
from nlu.normalize import fold
from nlu.service import Nlu
from nlu.training_data import load_examples
from tests.conftest import ROOT

HELDOUT = ROOT / "nlu" / "eval" / "heldout.yml"
REAL_QUESTIONS = ROOT / "nlu" / "eval" / "real_questions.yml"
TRAINING = ROOT / "nlu" / "data"


def test_no_held_out_example_is_in_the_training_data():
    held_out = {fold(e.text) for e in load_examples(HELDOUT)}
    leaked = [e.text for e in load_examples(TRAINING) if fold(e.text) in held_out]
    assert leaked == []


def test_no_real_citizen_question_is_in_the_training_data():
    """The real questions (nlu/eval/real_questions.yml) are kept for evaluation only:
    neither they nor a near copy of them (same words, in any order) are trained on."""
    real = {fold(q.text) for q in load_questions(REAL_QUESTIONS)}
    real_words = {frozenset(t.split()) for t in real}
    training = [fold(e.text) for e in load_examples(TRAINING)]
    leaked = [t for t in training if t in real or frozenset(t.split()) in real_words]
    assert leaked == []


def test_real_questions_are_sourced_and_never_from_the_portals_own_question_pages():
    import yaml

    rows = yaml.safe_load(REAL_QUESTIONS.read_text(encoding="utf-8"))["questions"]
    assert len(rows) >= 300
    for row in rows:
        assert row["source_url"].startswith(("http://", "https://")), row["text"]
        assert "dvc-chi-tiet-cau-hoi" not in row["source_url"]


def test_held_out_covers_every_trained_intent():
    trained = {e.intent for e in load_examples(TRAINING)}
    assert {e.intent for e in load_examples(HELDOUT)} == trained


async def test_held_out_accuracy_does_not_regress(config, tmp_path):
    nlu = Nlu(replace(config.nlu))
    nlu.ensure_model()
    summary = write_report(await evaluate(nlu, load_examples(HELDOUT)), tmp_path)
    # Measured 0.936 / 0.941 when this floor was set; the floor catches real regressions.
    assert summary["accuracy"] >= 0.88
    assert summary["macro_f1"] >= 0.88
    assert (tmp_path / "confusion_matrix.png").stat().st_size > 0
