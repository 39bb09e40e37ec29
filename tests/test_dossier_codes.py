"""Citizens type dossier codes every which way; the bot must still recognise them."""

from __future__ import annotations

import pytest

from knowledge.dossiers.codes import (
    EXAMPLE_CODE,
    CodeScan,
    is_code,
    normalize_code,
    scan_codes,
    unit_prefix,
)

CANONICAL = "000.00.04.H51-250701-0001"


@pytest.mark.parametrize(
    "typed",
    [
        "000.00.04.H51-250701-0001",
        "000.00.04.h51-250701-0001",
        "000.00.04.h51 250701 0001",
        "000.00.04.H51 - 250701 - 0001",
        "000 00 04 H51-250701-0001",
        "000 00 04 h51 250701 0001",
        "000.00.04.H51-250701-0001.",
        '"000.00.04.H51-250701-0001"',
        "“000.00.04.H51-250701-0001”",
        "'000.00.04.H51-250701-0001'",
        "  000.00.04.H51-250701-0001 ",
        "000.00.04.H51–250701–0001",  # en dashes from a word processor
        "000.00.04.H51_250701_0001",
        "000.00.04.H51/250701/0001",
        "(000.00.04.H51-250701-0001)",
        "０００.００.０４.Ｈ５１-２５０７０１-０００１",  # full-width characters
    ],
)
def test_a_code_typed_with_spaces_case_or_stray_punctuation_is_recognised(typed):
    assert normalize_code(typed) == CANONICAL
    assert is_code(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "000.00.04.H51-250701",  # no sequence
        "000.00.04.H51-250701-001",  # short sequence
        "000.00.04.H51-250701-00012",  # long sequence
        "000.00.04.H51-251301-0001",  # month 13
        "000.00.04.H51-250230-0001",  # 30 February
        "000.00.04.H51-2507-01",
        "H51-2507-01",
        "00.00.04.H51-250701-0001",  # unit part too short
        "000.00.04.51-250701-0001",  # no unit letter
        "000.00.04.HH1-250701-0001",
        "0909123456",  # a phone number
        "0909 123 456",
        "+84 909 123 456",
        "079090001234",  # a CCCD number
        "mã hồ sơ 000.00.04.H51-250701-0001",  # free text: that is scan_codes' job
        "000.00.04.H51-250701-0001 000.00.04.H51-250701-0002",
        None,
        12345,
        "x" * 1000,
    ],
)
def test_anything_else_is_not_a_code(typed):
    assert normalize_code(typed) is None
    assert not is_code(typed)


def test_a_date_in_the_code_must_exist_leap_years_included():
    assert normalize_code("000.00.04.H51-240229-0001") == "000.00.04.H51-240229-0001"
    assert normalize_code("000.00.04.H51-250229-0001") is None


def test_the_example_shown_to_users_is_itself_a_valid_code():
    assert normalize_code(EXAMPLE_CODE) == EXAMPLE_CODE


def test_the_unit_identifier_is_the_part_before_the_date():
    assert unit_prefix("000.00.04.h51 250701 0001") == "000.00.04.H51"
    assert unit_prefix(EXAMPLE_CODE) == "000.00.04.H51"
    # A code of a system with its own format: the part before the first dash.
    assert unit_prefix(" hcm-123456 ") == "HCM"


@pytest.mark.parametrize(
    ("message", "codes", "malformed"),
    [
        ("tra cứu hồ sơ 000.00.04.H51-250701-0001", (CANONICAL,), ()),
        ("hs mã 000.00.04.h51 250701 0001 sao rồi", (CANONICAL,), ()),
        ("Mã: 000.00.04.H51-250701-0001. Cảm ơn ạ", (CANONICAL,), ()),
        (
            "kiểm tra giúp 000.00.04.H51-250701-0001 và 000.00.04.h51-250702-0003, "
            "lại 000.00.04.H51-250701-0001",
            (CANONICAL, "000.00.04.H51-250702-0003"),
            (),
        ),
        (
            "000.00.04.H51-250701-0001 000.00.04.H51-250701-0002",
            (CANONICAL, "000.00.04.H51-250701-0002"),
            (),
        ),
        ("hồ sơ 000.00.04.H51-250701 đâu rồi", (), ("000.00.04.H51-250701",)),
        ("mã H51-2507-01", (), ("H51-2507-01",)),
        ("hồ sơ 000.00.04.H51-251301-0001", (), ("000.00.04.H51-251301-0001",)),
        ("000.00.04.H5-250701-0001", (), ("000.00.04.H5-250701-0001",)),
        (
            "000.00.04.H51-250701-0001 và 000.00.04.H51-250701",
            (CANONICAL,),
            ("000.00.04.H51-250701",),
        ),
        # Phone and CCCD numbers are neither codes nor attempts at one.
        ("sđt em 0909 123 456, cccd 079090001234", (), ()),
        ("gọi 0909.123.456 hoặc +84909123456", (), ()),
        ("000.00.04.H51-250701-0001 số điện thoại 0909123456", (CANONICAL,), ()),
        # Ordinary text with numbers.
        ("ngày 25/07/2025 em nộp hồ sơ ở phòng A12-05", (), ()),
        ("Covid-19 năm 2021", (), ()),
        ("", (), ()),
    ],
)
def test_codes_and_mistyped_codes_are_found_in_free_text(message, codes, malformed):
    assert scan_codes(message) == CodeScan(codes=codes, malformed=malformed)


def test_scanning_never_raises_on_odd_input():
    for odd in (None, 42, b"bytes", "\x00\x01", "-" * 5000, "1" * 5000, "H" + "1" * 5000):
        result = scan_codes(odd)
        assert isinstance(result, CodeScan)
        assert normalize_code(odd) is None
