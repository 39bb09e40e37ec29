"""The compiled intent model answers exactly like scikit-learn, fast, and refuses junk."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from sklearn.pipeline import Pipeline

from nlu.embedded import (
    FORMAT_VERSION,
    METADATA_FILE,
    MODEL_FILE,
    CompiledModel,
    EmbeddedClassifier,
    EmbeddedConfig,
    ModelError,
    fit_pipeline,
    is_stale,
)
from nlu.normalize import normalize
from nlu.service import Nlu
from nlu.training_data import Example, load_examples
from tests.conftest import ROOT

TRAINING = ROOT / "nlu" / "data"
HELDOUT = ROOT / "nlu" / "eval" / "heldout.yml"
PNG_START = bytes.fromhex("89504e470d0a1a0a0000000d494844520000010000000100080600000011a3c2")

ODD_INPUTS = [
    "",
    "   \u200b\u200b  ",
    "😀🎉👍",
    "ok 👍",
    "x" * 5000,
    "lệ phí làm căn cước bao nhiêu " * 60,
    "qwzx blorf vrrkt",
    "Ich möchte einen Reisepass beantragen",
    "我想办理护照",
    "LỆ PHÍ KẾT HÔN BAO NHIÊU???",
    "le phi ket hon bn",
    "000.00.12.H40-250710-0003",
    PNG_START.decode("latin-1"),
    PNG_START.decode("utf-8", "replace"),
    bytes(range(256)).decode("latin-1"),
]


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return load_examples(TRAINING)


@pytest.fixture(scope="module")
def pipeline(examples: list[Example]) -> Pipeline:
    """The scikit-learn pipeline, fitted as training does it."""
    return fit_pipeline(examples, EmbeddedConfig())


@pytest.fixture(scope="module")
def classifier(pipeline: Pipeline, examples: list[Example]) -> EmbeddedClassifier:
    """The same pipeline, compiled: what the service ranks with."""
    return EmbeddedClassifier.from_pipeline(pipeline, examples, EmbeddedConfig())


def _sklearn(pipeline: Pipeline, texts: list[str]) -> np.ndarray:
    return pipeline.predict_proba([normalize(t) for t in texts])


def _compiled(classifier: EmbeddedClassifier, texts: list[str]) -> np.ndarray:
    return np.array([classifier.probabilities(t) for t in texts])


def test_every_held_out_question_gets_scikit_learns_probabilities(
    pipeline: Pipeline, classifier: EmbeddedClassifier
) -> None:
    texts = [e.text for e in load_examples(HELDOUT)]
    expected = _sklearn(pipeline, texts)
    assert classifier.intents == tuple(pipeline.classes_)
    np.testing.assert_allclose(_compiled(classifier, texts), expected, rtol=0, atol=1e-9)
    for text, probs in zip(texts, expected, strict=True):
        ranking = classifier.rank(text)
        if ranking:  # the same order and figures as sorting scikit-learn's answer
            order = np.argsort(-probs, kind="stable")
            assert [s.name for s in ranking] == [classifier.intents[i] for i in order]
            assert [s.confidence for s in ranking] == pytest.approx(probs[order], abs=1e-9)


def test_odd_messages_get_scikit_learns_probabilities_too(
    pipeline: Pipeline, classifier: EmbeddedClassifier
) -> None:
    expected = _sklearn(pipeline, ODD_INPUTS)
    np.testing.assert_allclose(_compiled(classifier, ODD_INPUTS), expected, rtol=0, atol=1e-9)
    assert np.allclose(expected.sum(axis=1), 1.0)


@pytest.mark.parametrize(
    ("config", "intents"),
    [
        (EmbeddedConfig(classifier="logreg"), None),
        (EmbeddedConfig(), ("greet", "thank")),  # a two-intent model scores one class
        (EmbeddedConfig(classifier="logreg", diacritic_features=False), ("greet", "thank")),
    ],
)
def test_other_model_shapes_compile_exactly(
    examples: list[Example], config: EmbeddedConfig, intents: tuple[str, ...] | None
) -> None:
    chosen = [e for e in examples if intents is None or e.intent in intents]
    fitted = fit_pipeline(chosen, config)
    compiled = EmbeddedClassifier.from_pipeline(fitted, chosen, config)
    texts = [e.text for e in load_examples(HELDOUT)][::5] + ODD_INPUTS
    np.testing.assert_allclose(
        _compiled(compiled, texts), _sklearn(fitted, texts), rtol=0, atol=1e-9
    )


def test_saved_model_gives_bit_identical_answers(
    classifier: EmbeddedClassifier, tmp_path: Path
) -> None:
    classifier.save(tmp_path)
    loaded = EmbeddedClassifier.load(tmp_path)
    texts = [e.text for e in load_examples(HELDOUT)] + ODD_INPUTS
    assert loaded.intents == classifier.intents
    assert np.array_equal(_compiled(loaded, texts), _compiled(classifier, texts))
    assert [loaded.rank(t) for t in texts] == [classifier.rank(t) for t in texts]
    with np.load(tmp_path / MODEL_FILE, allow_pickle=False) as saved:  # plain arrays, no pickle
        assert saved["weights"].shape == (len(classifier.model.idf), len(saved["intercepts"]))


def test_two_processes_saving_the_model_at_once_both_succeed(
    classifier: EmbeddedClassifier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers started together on a fresh machine each train and save the model: a save
    that runs while another is half-written must not take the other's temporary file."""
    real_savez = np.savez
    nested = []

    def savez_with_another_save_inside(fh, **arrays):
        if not nested:  # the other process saves completely while this one writes
            nested.append(True)
            classifier.save(tmp_path)
        real_savez(fh, **arrays)

    monkeypatch.setattr(np, "savez", savez_with_another_save_inside)
    classifier.save(tmp_path)
    assert nested
    loaded = EmbeddedClassifier.load(tmp_path)
    assert loaded.intents == classifier.intents
    assert not list(tmp_path.glob("*.tmp"))


def test_a_saved_model_ranks_without_loading_scikit_learn(
    classifier: EmbeddedClassifier, tmp_path: Path
) -> None:
    classifier.save(tmp_path)
    script = (
        "import sys\n"
        "from nlu.embedded import EmbeddedClassifier\n"
        f"ranking = EmbeddedClassifier.load({str(tmp_path)!r}).rank('lệ phí bao nhiêu')\n"
        "print(ranking[0].name, 'sklearn' in sys.modules, 'scipy' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert run.stdout.split() == ["ask_procedure_fee", "False", "False"]


def test_a_model_saved_in_the_old_format_is_retrained_not_loaded(tmp_path: Path) -> None:
    (tmp_path / "model.joblib").write_bytes(b"an old pickled pipeline")
    (tmp_path / MODEL_FILE).write_bytes(b"")
    (tmp_path / METADATA_FILE).write_text(
        json.dumps({"format_version": FORMAT_VERSION - 1, "sklearn_version": "any"}), "utf-8"
    )
    assert is_stale(tmp_path, TRAINING)
    with pytest.raises(ModelError):
        EmbeddedClassifier.load(tmp_path)
    EmbeddedClassifier.train([Example("xin chào", "greet"), Example("cảm ơn", "thank")]).save(
        tmp_path
    )
    assert not (tmp_path / "model.joblib").exists()
    assert EmbeddedClassifier.load(tmp_path).rank("chào bạn")[0].name == "greet"


def test_a_damaged_model_file_is_refused_with_a_model_error(
    classifier: EmbeddedClassifier, tmp_path: Path
) -> None:
    classifier.save(tmp_path)
    path = tmp_path / MODEL_FILE
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ModelError):
        EmbeddedClassifier.load(tmp_path)


def test_arrays_that_do_not_fit_together_are_refused(classifier: EmbeddedClassifier) -> None:
    arrays = classifier.model.to_arrays()
    arrays["intercepts"] = arrays["intercepts"][:-1]
    with pytest.raises(ValueError):
        CompiledModel.from_arrays(arrays)


# -- junk gets no ranking ----------------------------------------------------------------


@pytest.mark.parametrize(
    "junk",
    [
        PNG_START.decode("latin-1"),
        PNG_START.decode("utf-8", "replace"),
        bytes(range(128, 256)).decode("latin-1"),
        base64.b64encode(PNG_START * 4).decode(),
        bytes(range(0, 256, 7)).hex(),
        "😀🎉👍",
        "",
        "qwzx blorf vrrkt",
        "我想办理护照",
    ],
)
def test_a_message_the_model_cannot_read_gets_no_ranking(
    classifier: EmbeddedClassifier, junk: str
) -> None:
    assert classifier.rank(junk) == []


@pytest.mark.parametrize(
    "message", ["camon", "thankss", "ok", "ừ", "k", "good morning", "le phi bn", "hi"]
)
def test_short_replies_and_typos_still_get_a_ranking(
    classifier: EmbeddedClassifier, message: str
) -> None:
    ranking = classifier.rank(message)
    assert {s.name for s in ranking} == set(classifier.intents)


def test_nearly_every_held_out_question_is_read(classifier: EmbeddedClassifier) -> None:
    texts = [e.text for e in load_examples(HELDOUT)]
    unread = [text for text in texts if not classifier.rank(text)]
    # Measured: "bb" and "kg" ("bye bye", "không"), misread or unsure before, too.
    assert len(unread) <= len(texts) // 100


async def test_the_service_refuses_binary_junk_plainly(config) -> None:
    nlu = Nlu(replace(config.nlu))
    parse = await nlu.parse(PNG_START.decode("latin-1") + "IDATx\x9c\xed\xdd")
    assert parse.fallback and parse.intent == "out_of_scope"
    assert parse.confidence == 0.0 and parse.ranking == ()
    understood = await nlu.parse("lệ phí đăng ký kết hôn bao nhiêu")
    assert understood.intent == "ask_procedure_fee" and not understood.fallback
