"""A volunteer turns an answer into a checklist card for a resident: text and PNG.

The card carries only what the record and the centre row say (unknowns are said to be
unknown), each with its source; the PNG shows Vietnamese letters, and its QR code
opens the record's link. The QR code is checked with a real decoder (zxing-cpp,
a test dependency whose wheels work offline), also after the JPEG recompression a
chat app applies to photos.
"""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
import zxingcpp
from fontTools.ttLib import TTFont
from PIL import Image

from bot.card_image import (
    CARD_WIDTH,
    MAX_IMAGE_DOCUMENTS,
    drawn_lines,
    font_path,
    render_card_png,
    wrap,
)
from flows.cards import Card, build_card, card_templates, card_text
from flows.format import date
from flows.procedure_answers import document_cases
from knowledge.catalogue import SEED_NATIONAL, SEED_PROCEDURES, read_procedures
from knowledge.places.centre_tables import SEED_CENTRES, SEED_VERIFIED_ON, read_centres
from knowledge.procedures.records import DocumentInfo, ProcedureInfo

UNKNOWN = "chưa rõ — vui lòng hỏi trung tâm"


@pytest.fixture(scope="module")
def catalogue() -> dict[str, ProcedureInfo]:
    """The curated catalogue as shipped (knowledge/data/procedures.yml)."""
    return {info.slug: info for info in read_procedures(SEED_PROCEDURES)}


@pytest.fixture(scope="module")
def national() -> dict[str, ProcedureInfo]:
    """The national records as shipped, by code."""
    return {info.code: info for info in read_procedures(SEED_NATIONAL)}


@pytest.fixture(scope="module")
def centres():
    return read_centres(SEED_CENTRES, SEED_VERIFIED_ON)


def by_unit(centres, unit: str):
    return next(c for c in centres if c.unit_name == unit)


def decode_qr(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


# --- the card's facts and its forwardable text ------------------------------------------


def test_birth_registration_card_lists_documents_fee_place_and_sources(catalogue, centres):
    info = catalogue["dang_ky_khai_sinh"]
    centre = by_unit(centres, "Phường Tân Định")

    card = build_card(info, centre)

    assert card.name == "Đăng ký khai sinh" and card.code == "1.001193"
    assert len(card.documents) == 3
    assert card.documents[1].startswith("Giấy chứng sinh: 1 bản chính")
    assert any("Miễn lệ phí khi đăng ký đúng hạn" in line for line in card.fee)
    assert card.where == "Trung tâm Phục vụ hành chính công phường Tân Định"
    assert card.address == "58B Nguyễn Đình Chiểu, phường Tân Định"
    assert card.hours == UNKNOWN  # the published list gives no hours for this centre
    assert card.source_url == info.source_url
    assert card.verified == date(info.verified_on)
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", card.verified)
    assert card.centre_source_url == centre.source_url

    text = card_text(card, card_templates())
    lines = text.splitlines()
    assert lines[0] == "Thủ tục: Đăng ký khai sinh (mã 1.001193)"
    assert "1. Tờ khai đăng ký khai sinh" in text
    assert "2. Giấy chứng sinh: 1 bản chính" in text
    assert "3. Giấy tờ tùy thân" in text
    assert "Nơi nộp: Trung tâm Phục vụ hành chính công phường Tân Định" in lines
    assert "Địa chỉ: 58B Nguyễn Đình Chiểu, phường Tân Định" in lines
    assert f"Giờ làm việc: {UNKNOWN}" in lines
    assert f"Nguồn: {info.source_url} (cập nhật {date(info.verified_on)})" in lines
    assert f"Nguồn địa chỉ: {centre.source_url} (cập nhật {date(centre.verified_on)})" in lines


def test_fees_are_written_in_dong_per_channel(catalogue):
    card = build_card(catalogue["dang_ky_thuong_tru"])

    assert "Nộp trực tiếp: 20.000 đồng" in card.fee
    assert "Nộp trực tuyến: 10.000 đồng" in card.fee
    assert "- Nộp trực tiếp: 20.000 đồng" in card_text(card)


def test_a_fee_nobody_has_sourced_is_said_to_be_unknown(catalogue):
    record = catalogue["dang_ky_khai_sinh"]
    unsourced = dataclasses.replace(
        record,
        channels=tuple(
            dataclasses.replace(c, fee_vnd=None, fee_note=None, time=None) for c in record.channels
        ),
        documents=(),
    )

    card = build_card(unsourced)

    assert card.fee == (UNKNOWN,) and card.time == (UNKNOWN,)
    assert card.documents == ()
    text = card_text(card)
    assert f"Lệ phí:\n- {UNKNOWN}" in text
    assert f"Giấy tờ cần mang: {UNKNOWN}" in text
    assert "đồng" not in text  # no amount is made up


def test_without_a_centre_the_card_says_where_is_unknown_and_names_the_agency(catalogue):
    card = build_card(catalogue["dang_ky_khai_sinh"])

    text = card_text(card)
    assert f"Nơi nộp: {UNKNOWN}" in text
    assert "Cơ quan giải quyết: Ủy ban nhân dân cấp xã" in text
    assert f"Giờ làm việc: {UNKNOWN}" in text
    assert "Nguồn địa chỉ" not in text


def test_an_unverified_centre_keeps_the_call_before_you_go_caution(catalogue, centres):
    centre = by_unit(centres, "Phường Xuân Hòa")
    assert centre.caution

    card = build_card(catalogue["dang_ky_thuong_tru"], centre)

    text = card_text(card)
    assert "Lưu ý: địa chỉ theo danh sách công bố, vui lòng gọi trước khi đến." in text
    assert "giờ làm việc này chưa được xác nhận chính thức" in text
    # the staff's English remark gives way to the Vietnamese caution
    assert card.hours == "T2-T6 07:30-11:30, 13:00-17:00; T7 07:30-11:30"


def test_documents_that_differ_by_case_show_one_case_and_say_others_exist(catalogue):
    info = catalogue["dang_ky_thuong_tru"]
    cases = list(dict.fromkeys(d.case for d in info.documents))
    assert len(cases) == 2

    first, second = build_card(info), build_card(info, case=1)

    assert first.case == cases[0] and second.case == cases[1]
    assert first.other_cases == second.other_cases == 1
    assert first.documents != second.documents
    assert "còn 1 trường hợp khác" in card_text(second)


VESSEL = "Các giấy tờ phải nộp đối với phương tiện thủy nội địa, tàu cá"
SHIP = "Các giấy tờ phải nộp đối với tàu biển"
BOAT_PARTS = ["Các giấy tờ phải xuất trình (bản chính):", "Hồ sơ khác:"]
EXTRACT_PARTS = ["Giấy tờ phải nộp:", "Giấy tờ phải xuất trình:"]

# (record, the label of the case button pressed before, the case the card applies to,
#  the headings over its papers, how many other cases it says there are)
CARDS_OF_PARTS = [
    # parts of one checklist only: the whole checklist, the form first without heading
    ("2.000635", None, None, [None, *EXTRACT_PARTS], 0),
    ("2.000635", "Giấy tờ phải nộp", None, [None, *EXTRACT_PARTS], 0),  # an old button
    # two vessel cases and parts for both: one case, then the parts
    ("1.005040", None, VESSEL, [None, *BOAT_PARTS], 1),
    ("1.005040", SHIP, SHIP, [None, *BOAT_PARTS], 1),
    ("1.005040", "Hồ sơ khác", VESSEL, [None, *BOAT_PARTS], 1),  # a part is no case
]


@pytest.mark.parametrize(("code", "pressed", "applies", "headings", "others"), CARDS_OF_PARTS)
def test_parts_of_one_checklist_come_on_the_card_under_their_headings(
    national, code, pressed, applies, headings, others
):
    info = national[code]
    case = document_cases(info).index(pressed) if pressed else None

    card = build_card(info, case=case)

    assert card.case == applies
    assert [section.heading for section in card.sections] == headings
    assert card.other_cases == others
    text = card_text(card)
    assert ("Áp dụng cho" in text) is bool(applies)
    assert ("trường hợp khác" in text) is bool(others)
    # each section is numbered from 1, as in the answer
    starts = [line for line in text.splitlines() if line.startswith("1. ")]
    assert len(starts) == len(headings)


def test_markup_in_a_record_stays_plain_text(catalogue):
    hostile = dataclasses.replace(
        catalogue["dang_ky_khai_sinh"],
        name="<b>Khai sinh</b><script>alert('x')</script> {code}",
        documents=(DocumentInfo(name='<img src=x onerror="alert(1)">'),),
    )

    card = build_card(hostile)
    text = card_text(card)

    assert "Thủ tục: <b>Khai sinh</b><script>alert('x')</script> {code} (mã 1.001193)" in text
    assert '1. <img src=x onerror="alert(1)">' in text
    assert "&lt;" not in text and "&amp;" not in text  # not escaped twice by the card
    png = Image.open(io.BytesIO(render_card_png(card)))
    assert png.width == CARD_WIDTH


def test_a_long_list_of_documents_is_cut_with_a_count(catalogue):
    many = dataclasses.replace(
        catalogue["dang_ky_khai_sinh"],
        documents=tuple(DocumentInfo(name=f"Giấy tờ số {n}", original=1) for n in range(1, 16)),
    )

    card = build_card(many)

    assert len(card.documents) == 15
    text = card_text(card)
    assert "12. Giấy tờ số 12: 1 bản chính" in text
    assert "13. Giấy tờ số 13" not in text
    assert "…và 3 giấy tờ khác" in text


def test_a_national_record_card_says_its_source_is_the_crawl_and_cuts_a_long_name(catalogue):
    national = dataclasses.replace(
        catalogue["dang_ky_khai_sinh"], source_kind="portal_crawl", name="Đăng ký biến động " * 40
    )

    card = build_card(national)

    assert len(card.name) <= 240 and card.name.endswith("…")
    assert "(Cơ sở dữ liệu thủ tục hành chính quốc gia; bản thu thập ngày" in card_text(card)


# --- the PNG ----------------------------------------------------------------------------


def test_the_png_is_1080_wide_and_its_qr_opens_the_record(catalogue, centres):
    info = catalogue["dang_ky_thuong_tru"]  # the longest source link of the catalogue
    card = build_card(info, by_unit(centres, "Phường Xuân Hòa"))

    png = render_card_png(card)

    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    assert image.width == CARD_WIDTH == 1080
    assert 1000 < image.height < 3000
    assert decode_qr(image) == [info.source_url]
    # A chat app sends photos smaller and as JPEG: the code must survive that.
    small = image.convert("RGB").resize((image.width // 2, image.height // 2))
    jpeg = io.BytesIO()
    small.save(jpeg, format="JPEG", quality=70)
    assert decode_qr(Image.open(io.BytesIO(jpeg.getvalue()))) == [info.source_url]


@pytest.mark.parametrize(("code", "pressed", "applies", "headings", "others"), CARDS_OF_PARTS)
def test_the_picture_gives_the_papers_under_the_cards_headings_numbered_within_each(
    national, code, pressed, applies, headings, others
):
    info = national[code]
    case = document_cases(info).index(pressed) if pressed else None
    card = build_card(info, case=case)

    lines = drawn_lines(card)

    assert [line for line in lines if line in headings] == [h for h in headings if h]
    assert any(line.startswith("Áp dụng cho: ") for line in lines) is bool(applies)
    # each section numbered from 1 as on the text card, up to the picture's papers
    numbered = [line for line in lines if re.match(r"\d+\. ", line)]
    assert sum(line.startswith("1. ") for line in numbered) == len(headings)
    assert len(numbered) == min(len(card.documents), MAX_IMAGE_DOCUMENTS)
    hidden = len(card.documents) - len(numbered)
    assert (f"…và {hidden} giấy tờ khác" in lines) is bool(hidden)


def test_many_documents_keep_the_png_a_card_not_a_scroll(catalogue):
    many = dataclasses.replace(
        catalogue["dang_ky_khai_sinh"],
        documents=tuple(
            DocumentInfo(name="Giấy tờ rất dài " * 30 + str(n), original=1) for n in range(30)
        ),
    )

    image = Image.open(io.BytesIO(render_card_png(build_card(many))))

    assert image.width == CARD_WIDTH
    assert image.height < 3000


def test_the_font_has_every_vietnamese_letter_the_card_uses(catalogue, centres):
    card = build_card(catalogue["dang_ky_khai_sinh"], by_unit(centres, "Phường Tân Định"))
    letters = set(card_text(card)) | set("ĂÂĐÊÔƠƯăâđêôơưỳýỷỹỵữựẫẩậệễổỡợ—…•")
    for face in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        with TTFont(font_path(face)) as font:
            cmap = font.getBestCmap()
        missing = sorted(c for c in letters if not c.isspace() and ord(c) not in cmap)
        assert missing == [], face


def test_a_machine_without_system_fonts_uses_matplotlibs_dejavu(tmp_path):
    path = font_path("DejaVuSans.ttf", system_dir=tmp_path)

    assert path.is_file()
    assert "matplotlib" in str(path)


def test_long_words_such_as_links_wrap_within_the_width():
    from bot.card_image import URL

    link = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma=" + (
        "x" * 120
    )

    lines = wrap(link, URL.face, 400, max_lines=20)

    assert "".join(lines) == link
    assert all(URL.face.getlength(line) <= 400 for line in lines)
    cut = wrap(link, URL.face, 400, max_lines=2)
    assert len(cut) == 2 and cut[-1].endswith("…")


def test_card_is_plain_frozen_data(catalogue):
    card = build_card(catalogue["dang_ky_khai_sinh"])

    assert isinstance(card, Card)
    with pytest.raises(dataclasses.FrozenInstanceError):
        card.name = "x"  # type: ignore[misc]
