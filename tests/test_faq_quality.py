"""How often a citizen's paraphrase of a FAQ entry gets that entry's answer: staff publish
the entries of the development set (nlu/dev/faq_paraphrases.yml) next to the shipped
ones, and citizens ask them in their own words — without diacritics, with chat
abbreviations, with typos — through the real dialogue. Unrelated questions (procedures,
places, small talk) must not be answered from the FAQ.

The floors sit a little under what the retrieval reached when tuned (68 of 94 right, one
other entry's answer, no FAQ answer to an unrelated question, since the FAQ's own everyday
words and key words, nlu/faq_words.yml); the held-out set
(nlu/eval/faq_paraphrases.yml) is measured with `citizenbot nlu faq-eval`, not here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.faq import FaqAnswers, FaqIndexHolder, first_turn_asker
from nlu.faq_evaluation import FaqEvaluation, evaluate_faq, load_faq_set, published_with

DEV_SET = Path(__file__).resolve().parents[1] / "nlu" / "dev" / "faq_paraphrases.yml"


@pytest.fixture
async def dev_evaluation(services, fake_dialogue) -> FaqEvaluation:
    """The development set asked through the dialogue, its entries published into a
    FAQ holder of their own alongside the shipped seed entries."""
    faq_set = load_faq_set(DEV_SET)
    shipped = services.faq
    holder = FaqIndexHolder(
        background=shipped.background, synonyms=shipped.synonyms, place_names=shipped.place_names
    )
    holder.rebuild(published_with(shipped.current.entries.items(), faq_set))
    fake_dialogue.faq = FaqAnswers(holder, fake_dialogue.t, services.catalogue)
    questions = {i: e.question for i, e in shipped.current.entries.items()}
    return await evaluate_faq(faq_set, first_turn_asker(fake_dialogue), questions)


def test_the_development_set_is_large_enough_to_mean_something():
    faq_set = load_faq_set(DEV_SET)
    assert len(faq_set.cases) >= 20
    assert all(3 <= len(case.paraphrases) <= 5 for case in faq_set.cases)
    assert len(faq_set.unrelated) >= 30


async def test_most_paraphrases_get_their_entry_and_unrelated_questions_get_no_faq_answer(
    dev_evaluation,
):
    summary = dev_evaluation.summary()
    assert summary["right_rate"] >= 0.68, summary["misses"]
    assert summary["wrong_entry"] <= 2, summary["misses"]
    assert summary["false_answers"] == 0, summary["false"]
