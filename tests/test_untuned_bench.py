"""The untuned bench (nlu/untuned_bench.py) measures each probe round with the tuning data
from before the round: it finds the rounds in the project's history, and counts what the
search did with each question."""

from __future__ import annotations

import subprocess

import pytest

from nlu.entities import EntityMatch
from nlu.types import Entity
from nlu.untuned_bench import DEV_DIR, ROOT, find_outcome, find_row, rounds


def _exists(commit: str, path: str) -> bool:
    done = subprocess.run(
        ["git", "-C", str(ROOT), "cat-file", "-e", f"{commit}:{path}"], capture_output=True
    )
    return done.returncode == 0


def test_each_round_is_measured_with_the_data_from_before_it() -> None:
    found = rounds(6)
    assert len(found) == 6
    assert [r.when for r in found] == sorted(r.when for r in found)
    for r in found:
        assert r.sets
        for name in r.sets:
            assert (ROOT / DEV_DIR / f"{name}.yml").exists()
            assert not _exists(r.before, f"{DEV_DIR}/{name}.yml"), (r.before, name)
        assert _exists(r.before, "knowledge/data/everyday_aliases.yml")


def test_the_real_story_sets_are_measured_in_their_own_rounds() -> None:
    found = rounds(only=("story_questions", "story_questions_2"))
    assert [r.sets for r in found] == [("story_questions",), ("story_questions_2",)]
    assert not _exists(found[0].before, f"{DEV_DIR}/story_questions.yml")


@pytest.mark.parametrize(
    ("resolved", "offered", "gold", "outcome"),
    [
        ("1.001193", ["1.001193"], {"1.001193"}, "right"),
        ("1.001193", ["1.001193"], {"1.000894"}, "wrong"),
        ("1.001193", ["1.001193"], set(), "wrong"),  # a procedure for what none answers
        (None, ["1.001193", "1.000894"], {"1.000894"}, "asked"),
        (None, [], set(), "none"),
    ],
)
def test_what_the_search_did_is_counted(resolved, offered, gold, outcome) -> None:
    assert find_outcome(resolved, offered, frozenset(gold)) == outcome


def test_each_question_s_row_says_what_was_found_and_offered() -> None:
    birth = Entity(
        "procedure", "dang_ky_khai_sinh", text="Đăng ký khai sinh", score=0.9, code="1.001193"
    )
    marriage = Entity(
        "procedure", "dang_ky_ket_hon", text="Đăng ký kết hôn", score=0.5, code="1.000894"
    )
    row = find_row(
        "story_questions",
        "làm khai sinh",
        frozenset({"1.001193"}),
        EntityMatch(birth, (birth, marriage)),
    )
    assert row == {
        "set": "story_questions",
        "text": "làm khai sinh",
        "gold": ["1.001193"],
        "outcome": "right",
        "resolved": "1.001193",
        "candidates": [
            ["1.001193", "dang_ky_khai_sinh", 0.9],
            ["1.000894", "dang_ky_ket_hon", 0.5],
        ],
    }
    asked = find_row(
        "x", "khai sinh hay kết hôn", frozenset(), EntityMatch(None, (birth, marriage))
    )
    assert (asked["outcome"], asked["resolved"]) == ("asked", None)
