"""The words by which the "where" and "forms" answers read a record's agency, address and
papers (flows/agency_words.yml): the file validates, a broken one is refused by name, and
the police, the commune's centre and the post's slip are told as the records say them."""

from __future__ import annotations

import pytest
import yaml
from pydantic import ValidationError

from flows.agency_words import (
    AGENCY_WORDS_FILE,
    AgencyWordsFile,
    agency_words,
    load_agency_words,
    names_commune_centre,
    police_only,
    police_receives,
)
from nlu.normalize import fold
from tests.records import national_record


def test_the_shipped_file_validates_and_loads():
    data = AgencyWordsFile.model_validate(
        yaml.safe_load(AGENCY_WORDS_FILE.read_text(encoding="utf-8"))
    )
    assert "công an" in data.police and "ủy ban" in data.not_police
    assert load_agency_words().police.pattern == agency_words().police.pattern


def _written(tmp_path, **changes):
    data = yaml.safe_load(AGENCY_WORDS_FILE.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            del data[key]
        else:
            data[key] = value
    path = tmp_path / "agency_words.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"police": None}, "police"),  # a list left out
        ({"not_police": []}, "not_police"),  # a list emptied
        ({"not_commune_centre": ["thuế", " - "]}, "not_commune_centre.1"),  # no word
        ({"postal_slips": [[]]}, "postal_slips.0"),
        ({"polise": ["công an"]}, "polise"),  # a misspelt list's name
    ],
)
def test_a_broken_file_is_refused_naming_its_fault(tmp_path, changes, field):
    with pytest.raises(ValidationError) as caught:
        load_agency_words(_written(tmp_path, **changes))
    assert field in {".".join(str(p) for p in e["loc"]) for e in caught.value.errors()}


@pytest.mark.parametrize(
    ("agency", "expected"),
    [
        ("Công an cấp Xã", True),
        ("Cục quản lý xuất nhập cảnh", True),
        ("Cục cảnh sát quản lý hành chính về trật tự, xã hội", True),
        ("Công an cấp xã nơi bố trí điểm tiếp nhận hoặc Phòng Cảnh sát giao thông", True),
        ("Ủy ban nhân dân cấp xã, Công an cấp xã và cơ quan Bảo hiểm xã hội", False),
        ("Bộ Công an, Bảo hiểm xã hội tỉnh, Cục Chính sách, Công an cấp Tỉnh", False),
        ("UBND/Công an cấp xã", False),  # "ubnd": fold leaves it glued to the next word
        ("Ủy ban nhân dân cấp xã", False),
        ("", False),
        (None, False),
    ],
)
def test_police_only(agency, expected):
    assert police_only(agency) is expected


def test_the_police_receive_only_where_the_address_names_them_too():
    at_the_police = national_record(agency="Bộ Công an", submit_address="Công an cấp xã")
    elsewhere = national_record(
        agency="Bộ Công an", submit_address="Nộp hồ sơ trực tiếp tại cơ quan tuyển lao động"
    )
    assert police_receives(at_the_police)
    assert police_receives(national_record(agency="Công an tỉnh"))
    assert not police_receives(elsewhere)


@pytest.mark.parametrize(
    ("agency", "level", "centre", "expected"),
    [
        ("Ủy ban nhân dân cấp xã", "Cấp xã", None, True),
        ("Ủy ban nhân dân cấp xã", "Cấp tỉnh", True, False),  # the level says otherwise
        ("Sở Tư pháp", "", True, True),
        ("Bộ Công an, Bộ Quốc phòng, Sở Nông nghiệp và Môi trường", "Cấp xã", True, False),
        ("Chi cục Thuế khu vực", "Cấp xã", True, False),
        ("Tòa án nhân dân cấp huyện", "Cấp xã", True, False),
        ("Cơ quan BHXH", "Cấp xã", True, False),
    ],
)
def test_names_commune_centre(agency, level, centre, expected):
    info = national_record(agency=agency, level=level or None, commune_centre=centre)
    assert names_commune_centre(info) is expected


@pytest.mark.parametrize(
    ("paper", "expected"),
    [
        (
            "Bản sao phiếu gửi hồ sơ theo mẫu do doanh nghiệp cung ứng dịch vụ bưu chính "
            "công ích phát hành",
            True,
        ),
        ("Phiếu gửi hồ sơ", False),  # no post named after it
        ("Tờ khai đăng ký khai sinh theo mẫu", False),
    ],
)
def test_the_posts_own_slip(paper, expected):
    assert bool(agency_words().postal_slip.search(fold(paper))) is expected
