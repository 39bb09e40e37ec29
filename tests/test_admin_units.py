"""The administrative-unit map: loading, old-to-new lookups, resolving messages, geography.

Expected values come from the vietnamadminunits data files (printed while writing these
tests), not from memory.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.places.admin_map import AdminMap, get_admin_map
from knowledge.places.names import fold_key
from knowledge.places.package_data import package_data_dir
from knowledge.places.units import MAX_CANDIDATES, Resolution
from knowledge.text import fold

ROOT = Path(__file__).resolve().parent.parent
HCM = "thanhphohochiminh"
HN = "thanhphohanoi"


@pytest.fixture(scope="module")
def amap() -> AdminMap:
    return get_admin_map()


def unit_keys(units) -> list[tuple[str, str]]:
    return [(u.province_key, u.key) for u in units]


# --------------------------------------------------------------------------- loading


def test_counts_match_the_data(amap: AdminMap) -> None:
    assert len(amap.provinces()) == 34
    assert len(amap.units()) == 3321
    assert len(amap.legacy_wards()) == 10040
    assert sum(1 for w in amap.legacy_wards() if w.whole_district) == 5
    assert len(amap.legacy_provinces()) == 63
    assert len(amap.legacy_districts()) == 696
    assert {u.type for u in amap.units()} == {"Phường", "Xã", "Đặc khu"}
    assert sum(1 for u in amap.units() if u.type == "Đặc khu") == 13
    assert sum(len(amap.units_of(p.key)) for p in amap.provinces()) == 3321
    # Every legacy ward has a fate; 471 were split between several new units.
    fates = [amap.fate(w.key) for w in amap.legacy_wards()]
    assert sum(1 for f in fates if f.divided) == 471
    assert all(f.new_units and f.default is f.new_units[0] for f in fates)


def test_map_is_loaded_once() -> None:
    assert get_admin_map() is get_admin_map()


def test_records_are_frozen(amap: AdminMap) -> None:
    unit = amap.unit(HCM, "phuongbenthanh")
    assert unit is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        unit.name = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Resolution(kind="none").kind = "legacy_ward"  # type: ignore[misc]


def test_provinces_and_units(amap: AdminMap) -> None:
    hcm = amap.province(HCM)
    assert hcm is not None
    assert (hcm.name, hcm.short_name, hcm.code) == ("Thành phố Hồ Chí Minh", "Hồ Chí Minh", "79")
    assert amap.provinces()[0].key == HN  # by code
    ben_thanh = amap.unit(HCM, "phuongbenthanh")
    assert ben_thanh is not None
    assert (ben_thanh.name, ben_thanh.short_name, ben_thanh.type) == (
        "Phường Bến Thành",
        "Bến Thành",
        "Phường",
    )
    assert ben_thanh.area_km2 and ben_thanh.area_km2 > 0
    assert amap.unit(HCM, "nosuchunit") is None
    assert amap.units_of("nosuchprovince") == ()


def test_unit_type_follows_its_name(amap: AdminMap) -> None:
    # The package gives "Xã" for Phường Tân Lộc (Cần Thơ) and "Phường" for Xã Phong Điền.
    assert amap.unit("thanhphocantho", "phuongtanloc").type == "Phường"
    assert amap.unit("thanhphocantho", "xaphongdien").type == "Xã"
    for unit in amap.units():
        assert fold_key(unit.name).startswith(fold_key(unit.type))


def test_fates_follow_the_converter_data(amap: AdminMap) -> None:
    data = json.loads((package_data_dir() / "converter_2025.json").read_text(encoding="utf-8"))
    for pk, units in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for uk, legacy_keys in units.items():
            for lk in legacy_keys:
                fate = amap.fate(lk)
                assert not fate.divided
                assert unit_keys(fate.new_units) == [(pk, uk)]
    for pk, legacy_map in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for lk, parts in legacy_map.items():
            fate = amap.fate(lk)
            assert fate.divided
            assert {u.key for u in fate.new_units} == {p["newWardKey"] for p in parts}
            default = [p["newWardKey"] for p in parts if p["isDefaultNewWard"]]
            assert [fate.default.key] == default
            assert fate.new_units[0] is fate.default
            assert all(u.province_key == pk for u in fate.new_units)


def test_fate_of_a_divided_ward(amap: AdminMap) -> None:
    fate = amap.fate("thanhphohanoi_quanhoankiem_phuongdongxuan")
    assert fate.divided
    assert fate.legacy.name == "Phường Đồng Xuân"
    assert fate.legacy.district_name == "Quận Hoàn Kiếm"
    assert [u.name for u in fate.new_units] == ["Phường Hoàn Kiếm", "Phường Ba Đình"]
    assert fate.default.name == "Phường Hoàn Kiếm"
    with pytest.raises(KeyError):
        amap.fate("thanhphohanoi_quanhoankiem_phuongkhongco")


def test_legacy_province_fate(amap: AdminMap) -> None:
    province, merged = amap.legacy_province_fate("tinhbinhduong")
    assert province.key == HCM
    assert [p.key for p in merged] == [HCM, "tinhbinhduong", "tinhbariavungtau"]
    province, merged = amap.legacy_province_fate("tinhbinhphuoc")
    assert province.key == "tinhdongnai"
    assert [p.key for p in merged] == ["tinhdongnai", "tinhbinhphuoc"]
    province, merged = amap.legacy_province_fate(HN)
    assert province.key == HN and [p.key for p in merged] == [HN]


def test_district_fates(amap: AdminMap) -> None:
    fates = amap.district_fates(HN, "quanhoankiem")
    assert len(fates) == 18
    assert {f.legacy.district_key for f in fates} == {"quanhoankiem"}
    assert {u.key for u in amap.district_units(HN, "quanhoankiem")} == {
        "phuongbadinh",
        "phuonghoankiem",
        "phuongcuanam",
        "phuonghongha",
        "phuongvanmieuquoctugiam",
    }
    with pytest.raises(KeyError):
        amap.district_fates(HN, "quankhongco")


def test_fold() -> None:
    assert fold("Đường Hồ Chí Minh") == "duong ho chi minh"
    assert fold_key("Thành phố Hồ Chí Minh") == "thanhphohochiminh"
    assert fold_key("Quận 04") == "quan4"
    assert fold_key("Phường Văn Miếu - Quốc Tử Giám") == "phuongvanmieuquoctugiam"
    assert fold_key("Xã Ea H'Leo") == "xaeahleo"
    # Decomposed input folds like composed input.
    assert fold_key("Hòa".replace("ò", "o\u0300")) == fold_key("Hòa") == "hoa"


# ------------------------------------------------------------------------ resolving


def test_numbered_ward_and_district(amap: AdminMap) -> None:
    r = amap.resolve("phường 13 quận 4 giờ là phường nào")
    assert r.kind == "legacy_ward"
    assert r.candidate_count == 1 and not r.ambiguous
    (fate,) = r.fates
    assert fate.legacy.key == "thanhphohochiminh_quan4_phuong13"
    assert unit_keys(fate.new_units) == [(HCM, "phuongxomchieu")]
    assert fate.default.name == "Phường Xóm Chiếu"
    assert not fate.divided
    assert r.district.name == "Quận 4"
    assert r.province.key == HCM
    assert r.street is None


@pytest.mark.parametrize(
    "text",
    [
        "phường 13 quận 4 thành phố hcm",  # "p.13 q.4 tp hcm" after our normaliser
        "p.13 q.4 tp hcm",  # and before it
        "p13 q4",
        "phuong 13 quan 4 thanh pho ho chi minh",
        "f13 q4 tphcm",
        "phường 13, quận 4, thành phố hồ chí minh cũ",
    ],
)
def test_abbreviations_and_no_diacritics(amap: AdminMap, text: str) -> None:
    r = amap.resolve(text)
    assert r.kind == "legacy_ward"
    assert [f.legacy.key for f in r.fates] == ["thanhphohochiminh_quan4_phuong13"]


# A message with diacritics and a type word typed bare: "phuong" is "phường" typed bare
# (no word is written so), while a bare "xa" is "far" ("đánh bắt xa bờ": test below).
def test_a_ward_type_typed_bare_among_diacritics_is_still_a_ward(amap: AdminMap) -> None:
    r = amap.resolve("làm giấy tờ ở phuong Bến Nghé")
    assert r.kind == "legacy_ward"
    assert [f.legacy.key for f in r.fates] == ["thanhphohochiminh_quan1_phuongbennghe"]


def test_commune_without_diacritics_in_a_merged_province(amap: AdminMap) -> None:
    r = amap.resolve("xa tan phu huyen dong phu binh phuoc nay thuoc dau")
    assert r.kind == "legacy_ward"
    (fate,) = r.fates
    # In Đồng Phú the only Tân Phú was the district town (thị trấn).
    assert fate.legacy.key == "tinhbinhphuoc_huyendongphu_thitrantanphu"
    assert fate.legacy.province_name == "Tỉnh Bình Phước"
    assert unit_keys(fate.new_units) == [("tinhdongnai", "xadongphu")]
    assert r.legacy_province.key == "tinhbinhphuoc"
    assert r.province.key == "tinhdongnai"
    # "Xã Tân Phú" is also a current unit of Đồng Nai (another place): said, not chosen.
    assert unit_keys(r.also_current) == [("tinhdongnai", "xatanphu")]
    # The same without type words.
    bare = amap.resolve("tân phú đồng phú bình phước")
    assert [f.legacy.key for f in bare.fates] == [fate.legacy.key]


def test_legacy_province(amap: AdminMap) -> None:
    r = amap.resolve("tỉnh bình dương nhập vào đâu")
    assert r.kind == "legacy_province"
    assert r.legacy_province.key == "tinhbinhduong"
    assert r.province.name == "Thành phố Hồ Chí Minh"
    assert [p.name for p in r.legacy_provinces] == [
        "Thành phố Hồ Chí Minh",
        "Tỉnh Bình Dương",
        "Tỉnh Bà Rịa - Vũng Tàu",
    ]
    assert amap.resolve("tinh binh duong sap nhap vao dau").legacy_province.key == "tinhbinhduong"


def test_two_provinces_named(amap: AdminMap) -> None:
    r = amap.resolve("bình phước nhập với đồng nai à")
    assert r.kind == "legacy_province"
    assert r.legacy_province.key == "tinhbinhphuoc"
    assert r.province.key == "tinhdongnai"
    assert [p.key for p in r.legacy_provinces] == ["tinhdongnai", "tinhbinhphuoc"]
    r = amap.resolve("tôi ở hà nội nhưng hộ khẩu ở nghệ an")
    assert r.kind == "current_province" and r.ambiguous
    assert r.province is None
    assert {p.key for p in r.provinces} == {HN, "tinhnghean"}


def test_current_province(amap: AdminMap) -> None:
    for text in ("thành phố hồ chí minh", "sài gòn", "tp.hcm", "hồ chí minh"):
        r = amap.resolve(text)
        assert r.kind == "current_province", text
        assert r.province.key == HCM


def test_legacy_district(amap: AdminMap) -> None:
    r = amap.resolve("quận hoàn kiếm cũ giờ gồm những phường nào")
    assert r.kind == "legacy_district"
    assert r.district.key == "quanhoankiem" and r.district.province_key == HN
    assert r.province.key == HN
    assert len(r.fates) == 18
    assert {u.key for u in r.units} == {
        "phuongbadinh",
        "phuonghoankiem",
        "phuongcuanam",
        "phuonghongha",
        "phuongvanmieuquoctugiam",
    }


def test_ambiguous_district(amap: AdminMap) -> None:
    r = amap.resolve("tân phú")
    assert r.kind == "legacy_district"
    assert r.district is None and r.ambiguous
    assert {(d.province_key, d.key) for d in r.districts} == {
        ("tinhdongnai", "huyentanphu"),
        (HCM, "quantanphu"),
    }


def test_island_district_without_wards(amap: AdminMap) -> None:
    r = amap.resolve("huyện côn đảo")
    assert r.kind == "legacy_district"
    (fate,) = r.fates
    assert fate.legacy.whole_district
    assert unit_keys(fate.new_units) == [(HCM, "dackhucondao")]


def test_street_is_kept(amap: AdminMap) -> None:
    r = amap.resolve("đổi địa chỉ 12 lê lợi, phường 4, gò vấp sang địa chỉ mới")
    assert r.kind == "legacy_ward"
    assert r.street == "12 lê lợi"
    (fate,) = r.fates
    # Gò Vấp's phường 4 had already been merged into phường 1 before 2025.
    assert fate.legacy.key == "thanhphohochiminh_quangovap_phuong1"
    assert r.via_alias
    assert unit_keys(fate.new_units) == [(HCM, "phuonghanhthong")]
    assert r.district.name == "Quận Gò Vấp"

    r = amap.resolve("số 5/2 đường nguyễn trãi, phường 2, quận 5, tp hcm")
    assert r.street == "số 5/2 đường nguyễn trãi"
    assert [f.legacy.key for f in r.fates] == ["thanhphohochiminh_quan5_phuong2"]
    assert not r.via_alias
    r = amap.resolve("nhà tôi ở ấp 3 xã tân thạnh đông huyện củ chi")
    assert r.street == "ấp 3"
    assert [f.legacy.key for f in r.fates] == ["thanhphohochiminh_huyencuchi_xatanthanhdong"]
    assert r.also_current == ()


@pytest.mark.parametrize("text", ["phường an lộc tx bình long", "phường an lộc thị xã bình long"])
def test_town_abbreviation(amap: AdminMap, text: str) -> None:
    r = amap.resolve(text)
    assert r.kind == "legacy_ward"
    (fate,) = r.fates
    assert fate.legacy.key == "tinhbinhphuoc_thixabinhlong_phuonganloc"
    assert unit_keys(fate.new_units) == [("tinhdongnai", "phuongbinhlong")]
    assert unit_keys(r.also_current) == [("tinhdongnai", "phuonganloc")]


def test_numbered_ward_alone_is_ambiguous(amap: AdminMap) -> None:
    r = amap.resolve("phường 1")
    assert r.kind == "legacy_ward"
    assert r.ambiguous and r.candidate_count == 33
    assert len(r.fates) == MAX_CANDIDATES
    assert {f.legacy.name for f in r.fates} == {"Phường 1"}
    assert len({f.legacy.key for f in r.fates}) == MAX_CANDIDATES
    assert r.district is None and r.province is None


def test_commune_name_in_several_provinces(amap: AdminMap) -> None:
    r = amap.resolve("xã thanh tân giờ là xã nào")
    assert r.kind == "legacy_ward"
    assert r.candidate_count == 5 and r.province is None
    assert [f.legacy.key for f in r.fates] == [
        "tinhhaiduong_huyenthanhha_xathanhtan",
        "tinhthaibinh_huyenkienxuong_xathanhtan",
        "tinhhanam_huyenthanhliem_xathanhtan",
        "tinhthanhhoa_huyennhuthanh_xathanhtan",
        "tinhbentre_huyenmocaybac_xathanhtan",
    ]
    # A province narrows it down.
    r = amap.resolve("xã thanh tân thái bình")
    assert [f.legacy.key for f in r.fates] == ["tinhthaibinh_huyenkienxuong_xathanhtan"]
    assert unit_keys(r.fates[0].new_units) == [("tinhhungyen", "xabinhnguyen")]


def test_divided_ward(amap: AdminMap) -> None:
    r = amap.resolve("phường đồng xuân quận hoàn kiếm nay thuộc phường nào")
    assert r.kind == "legacy_ward"
    (fate,) = r.fates
    assert fate.divided
    assert [u.key for u in fate.new_units] == ["phuonghoankiem", "phuongbadinh"]
    assert fate.default.key == "phuonghoankiem"


def test_current_unit(amap: AdminMap) -> None:
    r = amap.resolve("phường bến thành")
    assert r.kind == "current_unit"
    assert unit_keys(r.units) == [(HCM, "phuongbenthanh")]
    assert r.province.key == HCM
    # The legacy ward of the same name is the other reading.
    assert [f.legacy.key for f in r.also_legacy] == ["thanhphohochiminh_quan1_phuongbenthanh"]

    # With the old district named, the legacy reading wins; the current name is noted.
    r = amap.resolve("phường bến thành quận 1")
    assert r.kind == "legacy_ward"
    assert [f.legacy.key for f in r.fates] == ["thanhphohochiminh_quan1_phuongbenthanh"]
    assert unit_keys(r.also_current) == [(HCM, "phuongbenthanh")]

    # A name that never was a legacy ward.
    r = amap.resolve("phường sài gòn trụ sở ở đâu")
    assert r.kind == "current_unit"
    assert unit_keys(r.units) == [(HCM, "phuongsaigon")]


def test_current_unit_names_shared_by_several_provinces(amap: AdminMap) -> None:
    r = amap.resolve("xã tân phú")
    assert r.kind == "current_unit" and r.ambiguous
    assert r.candidate_count == 5
    assert {u.province_key for u in r.units} == {
        "tinhnghean",
        "tinhdongnai",
        "tinhtayninh",
        "tinhdongthap",
        "tinhvinhlong",
    }
    assert r.also_legacy  # and legacy wards of that name


def test_diacritics_decide_between_look_alike_names(amap: AdminMap) -> None:
    r = amap.resolve("xã cẩm giàng hải phòng")
    assert unit_keys(r.units) == [("thanhphohaiphong", "xãcẩmgiàng")]
    r = amap.resolve("xa cam giang hai phong")
    assert r.ambiguous
    assert set(unit_keys(r.units)) == {
        ("thanhphohaiphong", "xãcẩmgiàng"),
        ("thanhphohaiphong", "xãcẩmgiang"),
    }


def test_typo(amap: AdminMap) -> None:
    r = amap.resolve("phuong ben thnah")
    assert r.kind == "current_unit" and r.fuzzy
    assert unit_keys(r.units) == [(HCM, "phuongbenthanh")]
    r = amap.resolve("phường bến thàn")  # a letter missing, diacritics as the name's
    assert r.kind == "current_unit" and r.fuzzy


# "xa hoi" typed without diacritics is "xã hội" (society), not "xã" and a misspelt name:
# "lanh bao hiem xa hoi mot lan o dau" asks where the social-insurance lump sum is paid,
# and names no "Xã Huổi Một" (one letter from "hoi mot").
@pytest.mark.parametrize(
    "text", ["lanh bao hiem xa hoi mot lan o dau", "bao hiem xa hoi mot lan", "tro cap xa hoi mot"]
)
def test_social_insurance_typed_plainly_names_no_commune(amap: AdminMap, text: str) -> None:
    assert amap.resolve(text).kind == "none"


# Typed with diacritics, a word is a typo of a name's word only when its marks fit too:
# "Ủy ban nhân dân quận cấp giấy chứng nhận" names no "Quận Cầu Giấy" ("cap giay" is one
# letter from "cau giay", "cấp" two from "cầu").
def test_a_typo_with_other_diacritics_is_not_a_place(amap: AdminMap) -> None:
    assert amap.resolve("nay được Ủy ban nhân dân quận cấp giấy chứng nhận").kind == "none"
    assert amap.resolve("quận cầu giây").kind == "legacy_district"  # one mark off: a typo


# A type word typed with other diacritics is another word: "đặc xá cho vợ" asks about a
# pardon and names no "xã Chờ"; the same words typed as "xã" or bare still do.
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("làm đơn xin đặc xá cho chồng đang ở tù", "none"),
        ("đặc xá cho vợ", "none"),
        ("xã Chờ giờ thuộc đâu", "legacy_ward"),
        ("xa cho bac ninh", "legacy_ward"),
    ],
)
def test_a_type_word_with_other_diacritics_is_no_type_word(
    amap: AdminMap, text: str, kind: str
) -> None:
    assert amap.resolve(text).kind == kind


# A former name the map knows only without diacritics ("datdo", huyện Đất Đỏ, now part
# of Long Đất) is spelt as the names that share it: "trên đất đó" names no place.
def test_a_former_name_is_spelt_as_the_names_it_shares(amap: AdminMap) -> None:
    assert amap.resolve("xây dựng nhà trên đất đó").kind == "none"
    assert amap.resolve("huyen dat do").kind == "legacy_district"
    assert amap.resolve("xã đất đỏ").kind == "current_unit"


@pytest.mark.parametrize(
    "text",
    [
        "phường abcxyz",
        "",
        "   ",
        "!!! ??? 🙂",
        "hôm nay trời đẹp quá",
        "tôi muốn làm giấy khai sinh cho con",
        "trung tâm hành chính công gần nhất ở đâu",
        "trung tâm ở đâu",
        "đồng ý",
        "bạn làm được gì",
        "làm giấy khai sinh ở đâu",
        "công an xã ở đâu",
        "xã mới của tôi là gì",
        "làm căn cước cho con có mất phí không",
        "đăng ký thường trú cần giấy tờ gì",
        # written with diacritics, a bare "xa" is "far": "xa bờ" is no "xã Bo"
        "ngư dân đánh bắt xa bờ được hỗ trợ tiền dầu thì làm hồ sơ ở đâu",
    ],
)
def test_nothing_to_resolve(amap: AdminMap, text: str) -> None:
    assert amap.resolve(text).kind == "none"


def test_resolve_survives_odd_input(amap: AdminMap) -> None:
    long_text = "phường 13 quận 4 " * 200
    assert amap.resolve(long_text).kind == "legacy_ward"
    assert amap.resolve("\x00\u200b p\u0301 q\U0001f600 1").kind in ("none", "legacy_district")
    assert amap.resolve("ĐỔI ĐỊA CHỈ PHƯỜNG 13 QUẬN 4").fates[0].legacy.key.endswith("phuong13")


# ------------------------------------------------------------------ find_new_unit


@pytest.mark.parametrize(
    ("province", "unit", "expected"),
    [
        ("TP Hồ Chí Minh", "Phường Tân Định", (HCM, "phuongtandinh")),
        ("Thành phố Hồ Chí Minh", "Phường Tân Định", (HCM, "phuongtandinh")),
        ("TP.HCM", "Phường Tân Định", (HCM, "phuongtandinh")),
        ("Hồ Chí Minh", "Tân Định", (HCM, "phuongtandinh")),
        (None, "Phường Tân Định", (HCM, "phuongtandinh")),
        ("Hà Nội", "Phường Hoàn Kiếm", (HN, "phuonghoankiem")),
        ("Hà Nội", "phuong hoan kiem", (HN, "phuonghoankiem")),
        ("Hà Nội", "Phường Hoàn Kím", (HN, "phuonghoankiem")),  # a near miss
        ("Đà Nẵng", "Đặc khu Hoàng Sa", ("thanhphodanang", "dackhuhoangsa")),
        ("Tỉnh Bình Phước", "Xã Đồng Phú", ("tinhdongnai", "xadongphu")),  # a legacy name
        ("Lâm Đồng", "Phường 1 Bảo Lộc", ("tinhlamdong", "phuong1baoloc")),
        ("Hải Phòng", "Xã Cẩm Giàng", ("thanhphohaiphong", "xãcẩmgiàng")),
        ("Hải Phòng", "Xã Cam Giang", None),  # Cẩm Giang or Cẩm Giàng: no guess
        (None, "Xã Tân Phú", None),  # in five provinces
        ("Atlantis", "Phường 1", None),
    ],
)
def test_find_new_unit(amap: AdminMap, province, unit, expected) -> None:
    found = amap.find_new_unit(province, unit)
    assert (found.province_key, found.key) == expected if expected else found is None


def test_every_seed_centre_links_to_a_unit(amap: AdminMap) -> None:
    path = ROOT / "knowledge" / "data" / "centres.tsv"
    if not path.exists():
        pytest.skip("no centres seed")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    missing = [
        (row["province"], row["new_unit"])
        for row in rows
        if amap.find_new_unit(row["province"], row["new_unit"]) is None
    ]
    assert rows and missing == []


# -------------------------------------------------------------------- geography


def test_nearest_unit(amap: AdminMap) -> None:
    near = amap.nearest_unit(10.7769, 106.7009)  # Nhà hát Thành phố, central HCMC
    assert (near.unit.province_key, near.unit.key) == (HCM, "phuongsaigon")
    assert near.inside and near.distance_km < 1.0
    near = amap.nearest_unit(21.0285, 105.8522)  # Hoàn Kiếm lake, Hà Nội
    assert (near.unit.province_key, near.unit.key) == (HN, "phuonghoankiem")
    assert near.inside and near.distance_km < 1.0


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (10.7769, 106.7009, True),  # Hồ Chí Minh City
        (21.0285, 105.8522, True),  # Hà Nội
        (10.2, 103.96, True),  # Phú Quốc
        (8.645, 111.92, True),  # Trường Sa Lớn
        (16.83, 112.34, True),  # Hoàng Sa
        (13.7563, 100.5018, False),  # Bangkok
        (13.0, 113.0, False),  # the open sea
        (15.0, 125.0, False),  # the Philippine Sea
        (float("nan"), 106.0, False),
    ],
)
def test_in_vietnam(amap: AdminMap, lat: float, lon: float, expected: bool) -> None:
    assert amap.in_vietnam(lat, lon) is expected


# --------------------------------------------------------------- no network, ever


def test_loading_imports_no_geocoder_and_opens_no_socket() -> None:
    code = """
import socket, sys
def refuse(*args, **kwargs):
    raise AssertionError("network access")
socket.socket = refuse
socket.create_connection = refuse
from knowledge.places.admin_map import get_admin_map
m = get_admin_map()
m.resolve("phường 13 quận 4")
m.nearest_unit(10.77, 106.70)
bad = [n for n in sys.modules if n.startswith(("vietnamadminunits", "geopy", "shapely"))]
assert not bad, bad
print("ok")
"""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
