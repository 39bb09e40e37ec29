"""Rendering replies for Telegram: escaping, splitting, keyboards (pure functions)."""

from __future__ import annotations

import html
import re

import pytest

from bot.telegram_render import (
    LOCATION_BUTTON_LABEL,
    inline_keyboard,
    location_keyboard,
    split_message,
    tg_len,
    to_html,
)
from flows.types import Button
from tests.fake_telegram import parse_html

BROKEN_ENTITY = re.compile(r"&[a-z#0-9]*$|^[a-z#0-9]*;")


@pytest.mark.parametrize(
    ("plain", "expected"),
    [
        ("Phí 50.000đ", "Phí 50.000đ"),
        ("<b>đậm</b>", "&lt;b&gt;đậm&lt;/b&gt;"),
        ("A & B", "A &amp; B"),
        ("'nháy' \"kép\"", "'nháy' \"kép\""),
        ("dòng 1\r\ndòng 2\rdòng 3", "dòng 1\ndòng 2\ndòng 3"),
        ("*không* _phải_ markdown", "*không* _phải_ markdown"),
    ],
)
def test_plain_text_is_escaped_and_nothing_else_is_interpreted(plain: str, expected: str) -> None:
    assert to_html(plain) == expected
    assert parse_html(to_html(plain)) == plain.replace("\r\n", "\n").replace("\r", "\n")


def test_a_short_message_stays_whole() -> None:
    assert split_message("Xin chào\n\nanh/chị") == ["Xin chào\n\nanh/chị"]


def test_empty_or_blank_text_gives_no_chunks() -> None:
    assert split_message("") == []
    assert split_message("\n\n  \n") == []


def test_splitting_prefers_paragraphs() -> None:
    paragraphs = ["a" * 30, "b" * 30, "c" * 30]
    assert split_message("\n\n".join(paragraphs), limit=70) == [
        "a" * 30 + "\n\n" + "b" * 30,
        "c" * 30,
    ]


def test_a_long_paragraph_is_split_on_lines() -> None:
    lines = [f"dòng {i:02d} " + "x" * 20 for i in range(6)]
    chunks = split_message("\n".join(lines), limit=70)
    assert all(tg_len(c) <= 70 for c in chunks)
    assert "\n".join(chunks).split("\n") == lines


def test_a_long_line_is_split_between_words() -> None:
    words = [f"từ{i}" for i in range(100)]
    chunks = split_message(" ".join(words), limit=50)
    assert all(tg_len(c) <= 50 for c in chunks)
    assert " ".join(chunks).split() == words


@pytest.mark.parametrize("limit", [12, 13, 17, 50, 4096])
def test_a_hard_split_never_cuts_an_entity(limit: int) -> None:
    text = to_html("a&<>" * 3000)
    chunks = split_message(text, limit=limit)
    assert all(len(c) <= limit for c in chunks)
    assert "".join(chunks) == text
    for chunk in chunks:
        assert not BROKEN_ENTITY.search(chunk), chunk
        parse_html(chunk)  # Telegram would accept it


def test_length_is_counted_as_telegram_does() -> None:
    text = "😀" * 3000  # 2 UTF-16 units each
    chunks = split_message(text)
    assert all(tg_len(c) <= 4096 for c in chunks)
    assert "".join(chunks) == text


def test_ten_thousand_characters_make_ordered_chunks_within_the_limit() -> None:
    text = "\n\n".join(f"Đoạn {i}: " + "nội dung & chi tiết " * 20 for i in range(30))
    assert len(text) > 10_000
    chunks = split_message(to_html(text))
    assert len(chunks) >= 3
    assert all(len(c) <= 4096 for c in chunks)
    assert html.unescape(" ".join(chunks)).split() == text.split()


@pytest.mark.parametrize(
    ("labels", "rows"),
    [
        (["Có", "Không"], [2]),
        (["Một", "Hai", "Ba", "Bốn"], [3, 1]),
        (["Cấp căn cước", "Khai sinh", "Đăng ký thường trú"], [2, 1]),
        (["Thủ tục cấp lại giấy khai sinh", "Khác"], [1, 1]),
    ],
)
def test_short_labels_share_rows_long_ones_get_a_row_each(
    labels: list[str], rows: list[int]
) -> None:
    markup = inline_keyboard([Button(label, f"p:{i}") for i, label in enumerate(labels)])
    assert markup is not None
    assert [len(row) for row in markup.inline_keyboard] == rows
    flat = [b for row in markup.inline_keyboard for b in row]
    assert [(b.text, b.callback_data) for b in flat] == [
        (label, f"p:{i}") for i, label in enumerate(labels)
    ]


def test_a_payload_over_64_bytes_is_skipped_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    ok = "đ" * 32  # 64 bytes in UTF-8
    markup = inline_keyboard([Button("Dài", "đ" * 33), Button("Vừa", ok), Button("Rỗng", "")])
    assert markup is not None
    assert [b.callback_data for row in markup.inline_keyboard for b in row] == [ok]
    assert "Skipping Telegram button" in caplog.text


def test_no_usable_button_means_no_keyboard() -> None:
    assert inline_keyboard([]) is None
    assert inline_keyboard([Button("x", "y" * 100)]) is None


def test_location_keyboard_has_one_one_time_location_button() -> None:
    markup = location_keyboard().to_dict()
    assert markup["keyboard"] == [[{"text": LOCATION_BUTTON_LABEL, "request_location": True}]]
    assert markup["resize_keyboard"] is True
    assert markup["one_time_keyboard"] is True
