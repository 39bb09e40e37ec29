"""Papers asked the way residents type in Zalo, Telegram and Facebook groups (issue 8,
"find the procedure"; nlu/dev/probe_chat_register.yml): one short line without
diacritics, chat short forms (ko, k, dc, dk, j, z, ntn, bn, r, a, mn, cccd, gplx, hkd,
lltp, bhxh, bhyt), words left out. Across the areas: the ID card, residence, civil status,
land, licences and vehicles, passports, insurance, household businesses, building
permits, the criminal record, certified copies, poor households. Each row: the citizen
says, the procedure answered (national code). Two short forms the table of
nlu/abbreviations.yml now reads ("ks" khai sinh, "sđ" sổ đỏ), a spouse named by the
country alone ("lấy ck hàn quốc") and land bought on a handwritten paper find theirs;
matters the catalogue lacks, typed the same way (unemployment benefit, a referral, the
electricity meter, the old household book, a traffic accident's damages, an old
people's allowance), are named as missing, and an old person's ID card is not. An age
typed with a glued "t" ("cho con 15t") tells the ID card's age twins apart."""

from __future__ import annotations

import pytest

from nlu.ages import says_an_age
from nlu.normalize import normalize
from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("lam ks cho be", "lam khai sinh cho be"),
        ("giấy ks bị mất", "giấy khai sinh bị mất"),
        ("mat sđ lam lai", "mat sổ đỏ lam lai"),
        # the longer short forms keep theirs
        ("gks ghi sai", "giấy khai sinh ghi sai"),
        ("sđt bn", "số điện thoại bao nhiêu"),
        # "sd" is also "sử dụng": kept as typed
        ("sd dc ko", "sd được không"),
    ],
)
def test_chat_short_forms_for_papers_are_read(typed: str, read: str) -> None:
    assert normalize(typed) == read


@pytest.mark.parametrize(
    ("typed", "an_age"),
    [
        # chat glues "t" (tuổi) to an age said right after a person
        ("lam cccd cho con 15t o dau", True),
        ("be nha e 10t co can lam cccd ko", True),
        ("ong 80t lam cccd co phai den ko", True),
        # ... not to tonnes or millions
        ("xe tai 5t dang kiem o dau", False),
        ("phi lam so do het 2t", False),
    ],
)
def test_an_age_typed_with_a_glued_t_is_read(typed: str, an_age: bool) -> None:
    assert says_an_age(typed) is an_age


SAID = [
    # an age typed "15t": the first card from 14 (not the under-14 twin "cho con" finds)
    ("e muon lam cccd cho con 15t o dau a", "1.014061"),
    ("lam cccd cho be 5t", "1.014062"),
    # the ID card: lost (reissue), under 14, a first one at 14, a broken one (exchange)
    ("mat cccd lam lai mat bn tien a", "1.014064"),
    ("be nha e 10t co can lam cccd ko z", "1.014062"),
    ("con e du 14 tuoi r, lam cccd lan dau can mang j", "1.014061"),
    ("the cccd bi gay, lam lai co mat phi ko", "1.014063"),
    ("kich hoat vneid muc 2 o dau a", "3.000228"),
    # residence
    ("dki tam tru online tren vneid dc k", "1.004194"),
    ("xin giay xac nhan cu tru ct07 o dau a", "1.010041"),
    ("di lam xa 1 nam co phai khai bao tam vang k", "1.003677"),
    ("lam kt3 o dau z mn", "1.004194"),
    # civil status; "ks" is khai sinh, a spouse named by the country alone is foreign
    ("dk ket hon can giay to j z", "1.000894"),
    ("gks ghi sai ten me sua sao z", "1.004859"),
    ("lam ks cho be co bo la nguoi nhat ntn", "2.000528"),
    ("lay ck han quoc thi dk ket hon o dau a", "2.000806"),
    ("lấy vợ trung quốc đăng ký kết hôn ở đâu", "2.000806"),
    # land; "sđ" is sổ đỏ; land bought on a handwritten paper, never registered
    ("mat sđ lam lai bn lau", "1.012786"),
    ("sang ten sđ cho con het bn tien", "1.013831"),
    ("lam sđ lan dau can j", "1.013978"),
    ("mua dat giay tay tu 2010 gio lam so dc ko", "1.012785"),
    ("tach thua dat chia cho 2 dua con thu tuc ntn", "1.012784"),
    # licences, vehicles, passports
    ("gplx het han doi o dau nhanh nhat", "3.000347"),
    ("bang lai quoc te lam o dau, mat bn", "3.000353"),
    ("mua xe cu sang ten can giay to j", "1.013076"),
    ("mat passport phai lam j mn", "1.001445"),
    # insurance, household business, building, criminal record, copies, poor households
    ("rut bhxh 1 lan can hs j", "1.001613"),
    ("uy quyen cho con nhan luong huu thay dc ko", "1.001601"),
    ("tam ngung kinh doanh hkd 3 thang bao o dau", "1.001570"),
    ("sua lai nha co can gpxd ko z", "1.013229"),
    ("lam lltp so 1 mat bn ngay", "3.000333"),
    ("cong chung ban sao cccd o dau, bn tien 1 trang", "2.000815"),
    ("dk ho ngheo can dieu kien j", "1.011607"),
]


test_chat_messages_find_the_procedure_meant = each_finds_its_procedure(SAID)


MISSING = [
    ("lam tctn o dau, can hs j", "unemployment"),
    ("bao nhieu tuoi thi dc nghi huu a", "pension"),
    ("quen mat khau vneid lay lai sao z", "vneid_account"),
    ("tra cuu phat nguoi xe may o dau", "traffic_fine"),
    ("xin visa di han du lich can giay to j", "visa_abroad"),
    ("di xkld nhat can dk j mn", "work_abroad"),
    # the meter put in the new owner's name (not a vehicle's "sang tên")
    ("mua nha cu sang ten dong ho dien o dau", "utilities"),
    # "bhyt" beside a referral names no health-insurance card's procedure
    ("bhyt chuyen tuyen len bv tinh can giay j", "referral"),
    # whether the old paper household book still counts
    ("so ho khau giay con dung dc ko", "household_book"),
    # the accident said first, the damages after (not a work accident's benefits)
    ("bi tai nan giao thong boi thuong ntn", "traffic_accident"),
    # an old people's allowance, the age said first
    ("ong ba tren 80 tuoi co dc tien tro cap ko a", "social_assistance"),
]


test_what_the_catalogue_lacks_is_named = each_is_named_missing(MISSING)


# ... while the catalogue's own, said with the same words, are not called missing: a
# house's land certificate put in the buyer's name, a lost health-insurance card, a work
# accident's compensation, an old person's ID card, a residence registered after the
# paper book was withdrawn.
NOT_MISSING = [
    ("mua nhà cũ sang tên sổ hồng ở đâu", "1.013831"),
    ("mất thẻ bhyt cấp lại ở đâu", "1.002759"),
    ("bị tai nạn lao động được bồi thường thế nào", "1.001632"),
    ("người trên 80 tuổi làm căn cước có phải đến không", "1.014061"),
    ("sổ hộ khẩu bị thu hồi thì đăng ký thường trú thế nào", "1.004222"),
]


test_the_catalogues_own_are_not_called_missing = none_is_called_missing(NOT_MISSING)
