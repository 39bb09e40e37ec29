"""Which question a follow-up about a dossier asks is read as the NLU's cue phrases are
(nlu.cues.PhraseList): whole words of the folded message, with or without diacritics,
whatever the spacing and punctuation; a phrase may have a gap ("…": at most
nlu.phrase_gaps.MAX_GAP_WORDS words)."""

from __future__ import annotations

import pytest

from flows.dossier_questions import DossierQuestion, DossierQuestions, default_dossier_questions

MISSING, WHEN, WHERE, STATUS = (
    DossierQuestion.MISSING,
    DossierQuestion.WHEN,
    DossierQuestion.WHERE,
    DossierQuestion.STATUS,
)

# (the citizen asks, the questions read, in the file's order)
ASKED = [
    ("cần bổ sung những gì", (MISSING,)),
    ("can bo sung giay to gi a", (MISSING,)),
    ("Khi nào có kết quả?", (WHEN,)),
    ("khi   nao   co ket qua", (WHEN,)),  # spaces typed twice
    ("nộp bổ sung ở đâu", (MISSING, WHERE)),
    ("hồ sơ của tôi đến đâu rồi", (STATUS,)),
    ("ĐÃ DUYỆT CHƯA", (STATUS,)),
    ("bổ sung, ở đâu, bao giờ?", (MISSING, WHEN, WHERE)),
    ("bởi vì tôi bận", ()),  # "bởi" folded is not "bổ"; nothing asked
    ("đâu", ()),  # "ở đâu" is two words
    ("thieu giay", (MISSING,)),
    ("hoàn thiện", ()),  # "hoàn" is not "khi nào"... nor any phrase as a part of a word
]


@pytest.mark.parametrize(("text", "questions"), ASKED)
def test_a_follow_up_is_read_with_or_without_diacritics(text, questions):
    assert default_dossier_questions().read(text) == questions


def test_a_phrase_with_a_gap_matches_its_words_a_few_words_apart():
    questions = DossierQuestions({"when": ["bao giờ … xong"], "where": ["ở đâu"]})
    assert questions.read("bao giờ hồ sơ của tôi mới xong") == (WHEN,)
    far = "bao giờ thì thủ tục đăng ký thường trú cho con tôi mới được xong"  # 12 words apart
    assert questions.read(far) == ()
    assert questions.read("xong rồi, bao giờ?") == ()  # its words in order only
