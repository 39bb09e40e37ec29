"""A story is found by what its procedure's record says, not only by the record's names
(nlu/record_words.py): a late tax payment the State caused, a fishing boat bought, a
retired judge who would be a lawyer. A record's opening is read without its
diacritics, and a short message is left to the names."""

from __future__ import annotations

import pickle

import pytest

from nlu.record_words import RECORD_CHARS, RecordWords, record_opening
from nlu.retrieval import ProcedureIndex
from tests.fixtures_retrieval import each_finds_its_procedure, resolved_code

STORIES = [
    # the exemption from late-payment interest speaks of money the State owes
    (
        "Công ty xây dựng nhỏ của tôi làm công trình đường cho ủy ban xã, xã chưa thanh toán"
        " tiền nên công ty nộp thuế chậm. Xin hỏi trường hợp này có được không tính tiền"
        " chậm nộp không?",
        "1.008589",
    ),
    # a fishing boat bought: the boat's registration as its new owner's
    (
        "Tôi mua lại chiếc tàu cá của một chủ tàu ở Bình Định cũ (nay là Gia Lai) để về"
        " Khánh Hòa đánh bắt. Hai bên đã làm hợp đồng mua bán có công chứng. Xin hỏi tôi"
        " phải làm thủ tục gì để đứng tên tàu, đăng ký lại ở đâu?",
        "1.003650",
    ),
    # a retired judge who would be a lawyer: the lawyer's practising certificate
    (
        "Ông P. (Huế) hỏi: Tôi từng là thẩm phán 15 năm, nay đã nghỉ hưu và muốn làm luật"
        " sư. Xin hỏi tôi có được miễn đào tạo, miễn tập sự không và xin chứng chỉ hành"
        " nghề luật sư thế nào?",
        "1.000688",
    ),
]

test_a_story_finds_the_procedure_its_record_tells = each_finds_its_procedure(STORIES)


def test_the_record_that_shares_the_storys_words_is_the_closer() -> None:
    words = RecordWords(
        [
            "Đăng ký tàu cá. Tổ chức, cá nhân có tàu cá mua lại, đóng mới",
            "Cấp giấy phép lái xe. Cá nhân đã đỗ kỳ sát hạch",
        ]
    )
    told = "toi mua lai chiec tau ca cua mot chu tau".split()
    boat, licence = words.similarity(told, [0, 1])
    assert boat > 0.3 > licence


def test_words_no_record_has_are_close_to_none() -> None:
    words = RecordWords(["Đăng ký khai sinh", "Đăng ký kết hôn"])
    assert words.similarity(["xyz", "qwerty"], [0, 1]).tolist() == [0.0, 0.0]
    assert words.similarity([], [0, 1]).tolist() == [0.0, 0.0]


def test_each_row_asked_gets_its_own_cosine_in_the_order_asked() -> None:
    records = ["Đăng ký tàu cá mua lại", "Cấp giấy phép lái xe", "Đăng ký khai sinh"]
    words = RecordWords(records)
    told = "toi mua lai tau ca".split()
    alone = [float(words.similarity(told, [row])[0]) for row in range(3)]
    assert alone[0] > alone[1] > alone[2] == 0.0
    # rows in any order, repeated, or none: each its own cosine, in the order asked
    assert words.similarity(told, [2, 0, 1, 0]).tolist() == pytest.approx(
        [alone[2], alone[0], alone[1], alone[0]]
    )
    assert words.similarity(told, []).shape == (0,)


def test_a_message_compared_again_gets_the_same_figures_and_none_are_pickled() -> None:
    words = RecordWords(["Đăng ký tàu cá mua lại", "Cấp giấy phép lái xe"])
    told = "toi mua lai tau ca".split()
    first = words.similarity(told, [0, 1]).tolist()
    assert words.similarity(told, [0, 1]).tolist() == first  # (its row kept: the same)
    copy = pickle.loads(pickle.dumps(words))
    assert len(copy._queries) == 0
    assert copy.similarity(told, [0, 1]).tolist() == first


def test_a_record_is_read_by_its_opening() -> None:
    opening = record_opening(["Tên thủ tục", "x" * 2 * RECORD_CHARS])
    assert opening.startswith("Tên thủ tục ") and len(opening) == RECORD_CHARS


@pytest.mark.parametrize(
    ("says", "code"),
    [
        # a short message is left to the names: the citizen's card, not the one of the
        # central level whose record reads alike
        ("cấp thẻ bảo hiểm y tế", "1.001939"),
        ("tau ca mua lai dang ky o dau", "1.003650"),
    ],
)
def test_a_short_message_is_found_by_the_names(
    shipped_index: ProcedureIndex, says: str, code: str
) -> None:
    assert resolved_code(shipped_index, says) == code
