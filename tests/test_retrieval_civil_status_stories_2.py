"""Civil status told as citizens write it, round two (issue 8, "find the procedure";
questions of nlu/dev/probe_civil_status_stories_2.yml, invented by H272): stories with the
question at the end, third person, no diacritics, abbreviations. What tells procedures
apart here: a foreign element the story tells (a child born abroad, an emigrant settled
abroad, two nationalities) against the plain registration; a register lost too
("xã cũng không còn lưu sổ") against a copy of the extract; a foreign birth certificate
or a marriage done over there ("bên đó") recorded, not registered again; a mobile
registration at home or in a far village; the border's own registrations; corrections
said in everyday words (a name's diacritics, a middle name, information added to an old
certificate). Each row: the citizen says, the procedure answered (national code).
Matters the catalogue lacks (maintenance changed, a marriage of two women, a birth
registered at an embassy abroad, a spouse sponsored to settle abroad, an unlawful
marriage annulled) are named as missing."""

from __future__ import annotations

from nlu.retrieval import ProcedureIndex
from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)

SAID = [
    # a foreign element the story tells: a child born abroad, registered nowhere there
    (
        "Chị L. (Hải Dương) hỏi: Con tôi sinh ở Đài Loan năm 2022 khi tôi đang làm việc bên"
        " đó, bệnh viện chỉ cấp giấy chứng sinh, chưa làm khai sinh ở cơ quan nào bên đó. Nay"
        " hai mẹ con về quê, tôi làm giấy khai sinh cho con ở đâu?",
        "2.000528",
    ),
    ("con sinh ở nhật về vn làm khai sinh thế nào", "2.000528"),
    # ... with a foreign birth certificate: recorded, not registered again
    (
        "con sinh bên hàn quốc đã có giấy khai sinh bên đó rồi, về vn phải làm gì",
        "2.000547",
    ),
    # an emigrant settled abroad: the registrations with a foreign element
    (
        "Tôi là người Việt định cư ở Pháp, sinh năm 1970 tại Huế. Giấy khai sinh gốc đã thất"
        " lạc, phường cũ báo sổ đăng ký khai sinh năm đó cũng không còn. Tôi muốn đăng ký lại"
        " khai sinh ở Việt Nam thì nộp hồ sơ ở đâu?",
        "2.000522",
    ),
    (
        "việt kiều mỹ chưa từng có giấy khai sinh ở việt nam muốn làm khai sinh",
        "1.000893",
    ),
    (
        "Tôi là người Việt định cư ở Đức, muốn nhận đứa cháu ruột, con của em gái tôi ở Quảng"
        " Ngãi, làm con nuôi và đưa cháu sang Đức sống. Thủ tục thế nào, nộp hồ sơ ở đâu?",
        "1.004878",
    ),
    # two nationalities: the change with a foreign element, not a passport
    (
        "Con gái tôi mang hai quốc tịch Việt Nam và Mỹ, giấy khai sinh Việt Nam đăng ký ở Sở"
        " Tư pháp năm 2015. Nay cháu muốn đổi tên đệm cho giống trên hộ chiếu Mỹ, xin hỏi làm"
        " ở đâu?",
        "2.000748",
    ),
    # a marriage registered over there, asked whether it is done again at home
    (
        "Em với chồng (cả hai là người Việt) đăng ký kết hôn ở Nhật khi đang đi thực tập"
        " sinh. Giờ về Việt Nam sinh con thì có phải đăng ký kết hôn lại ở VN không ạ?",
        "2.002189",
    ),
    # the register lost too: registering again, not a copy of the extract
    (
        "giấy chứng tử của ông bị chuột cắn nát, xã bảo sổ khai tử năm 1996 cũng không còn."
        " làm lại giấy chứng tử thế nào ạ?",
        "1.005461",
    ),
    ("mất giấy đăng ký kết hôn, xã không còn lưu sổ thì làm sao", "1.004746"),
    # a copy taken from the register (not a certified photocopy)
    ("xin bản sao giấy khai sinh từ sổ hộ tịch ở đâu", "2.000635"),
    # corrections in everyday words
    (
        "Tôi 25 tuổi, bố là người Kinh, mẹ là người Thái, giấy khai sinh ghi dân tộc Kinh. Tôi"
        " muốn chuyển sang dân tộc Thái theo mẹ để thi vào trường dự bị đại học dân tộc. Người"
        " đã thành niên có tự làm được không?",
        "1.004859",
    ),
    (
        "Giấy khai sinh cũ của tôi cấp năm 1980, không ghi dân tộc và quốc tịch, nay làm hộ"
        " chiếu thì bị hỏi. Xin hỏi bổ sung thông tin hộ tịch cho người đã 45 tuổi làm thế nào?",
        "1.004859",
    ),
    (
        "Nhờ ad tư vấn: bé nhà em làm khai sinh rồi mới phát hiện tên bé bị ghi thiếu dấu (Hòa"
        " thành Hoa). Có phải làm lại khai sinh từ đầu không ạ?",
        "1.004859",
    ),
    ("giấy kết hôn ghi sai tên chồng sửa ở đâu", "1.004859"),
    ("đổi tên đệm cho con cần gì", "1.004859"),
    # the father named: after the parents married, or from the start
    (
        "con 3 tuoi chua co ten bo trong khai sinh, gio 2 vo chong dk ket hon roi thi them ten"
        " bo vao khai sinh kieu gi",
        "1.001022",
    ),
    (
        "Bà T. (Thái Nguyên) hỏi: Con gái tôi vừa sinh cháu ngoại được 2 tuần, bố cháu là bạn"
        " trai chưa cưới. Hai đứa muốn khai sinh cho cháu có tên bố ngay từ đầu, xin hỏi cần"
        " giấy tờ gì?",
        "1.000689",
    ),
    # an adult sibling's guardian
    (
        "Em trai tôi 30 tuổi bị thiểu năng trí tuệ, bố mẹ đều đã mất. Tôi là chị gái, muốn làm"
        " người giám hộ cho em để lo giấy tờ, tiền trợ cấp. Xin hỏi đăng ký ở đâu, cần giấy gì?",
        "1.004837",
    ),
    # the official coming to the family; the border's own registration
    ("cán bộ tư pháp đến nhà đăng ký kết hôn cho người bệnh được không", "1.000593"),
    ("đăng ký khai sinh lưu động", "1.003583"),
    ("khai sinh cho con có mẹ là người trung quốc ở khu vực biên giới", "1.000110"),
]


test_civil_status_stories_2_find_the_procedure_meant = each_finds_its_procedure(SAID)

# A close call since a story is compared with the records (nlu/record_words.py): the
# whole story reads "làm lại … kết hôn" as a marriage paper issued again (2.000635, 0.802)
# as much as the recording of a marriage abroad (2.002189, 0.800; the untuned bench gained
# 30 right answers for this kind of cost). The citizen is asked, with both offered first.
MARRIED_ABROAD = (
    "Anh trai tôi đi làm ở Malaysia rồi lấy vợ người Malaysia, hai người đăng ký kết hôn"
    " bên đó. Nay anh muốn đưa vợ về quê Quảng Bình sống, việc kết hôn đó có phải làm lại"
    " ở Việt Nam không?"
)


def test_a_marriage_abroad_asked_again_is_offered_first(shipped_index: ProcedureIndex) -> None:
    match = shipped_index.find(MARRIED_ABROAD)
    assert match.resolved is None or match.resolved.code == "2.002189"
    assert "2.002189" in [c.code for c in match.candidates[:2]]


# Told beside what the catalogue lacks, but asked of what it holds: not named missing.
SAID_IN_PASSING = [
    # a divorce abroad, asked how it is recorded before a marital-status certificate
    (
        "Tôi đã ly hôn ở Hàn Quốc năm 2021. Nay xin giấy xác nhận tình trạng hôn nhân ở xã thì"
        " cán bộ yêu cầu phải ghi chú ly hôn trước. Xin hỏi ghi chú ly hôn nộp ở đâu, bản án có"
        " cần dịch không?",
        "2.000554",
    ),
    # a child born at a hospital abroad (its birth paper named) registered at home
    "con sinh ở nhật về vn làm khai sinh thế nào",
]


test_civil_status_stories_2_not_called_missing = none_is_called_missing(SAID_IN_PASSING)


STILL_MISSING = [
    # maintenance a court set, changed: not its payment enforced (1.003091)
    (
        "Tôi ly hôn năm 2022, tòa quyết định chồng cũ cấp dưỡng 2 triệu mỗi tháng. Nay con lớn,"
        " chi phí học hành tăng nhiều, tôi muốn yêu cầu tăng mức cấp dưỡng thì làm thế nào?",
        "maintenance_change",
    ),
    # an unlawful marriage annulled: the court's
    (
        "Con gái tôi bị ép lấy chồng khi mới 16 tuổi, nhà trai khai gian tuổi để đăng ký kết"
        " hôn. Nay gia đình muốn hủy việc kết hôn trái pháp luật này thì yêu cầu ở đâu?",
        "court",
    ),
    # two women: no procedure registers it
    (
        "Hai đứa mình đều là nữ, sống với nhau 5 năm rồi. Bây giờ ở Việt Nam đăng ký kết hôn"
        " đồng giới được chưa?",
        "same_sex_marriage",
    ),
    # a birth registered at the embassy abroad: the mission's, not in the crawl
    (
        "Vợ chồng em đang làm việc ở Nhật, bé mới sinh ở Osaka. Em muốn làm khai sinh Việt Nam"
        " cho bé ngay tại Đại sứ quán Việt Nam ở Tokyo thì cần gì ạ?",
        "civil_status_abroad",
    ),
    # a spouse sponsored to settle abroad, the marriage told before it
    (
        "Em đã đăng ký kết hôn với chồng Việt kiều Mỹ ở Sở Tư pháp, giờ muốn chồng bảo lãnh em"
        " sang Mỹ định cư thì nộp hồ sơ ở đâu ạ?",
        "sponsorship_abroad",
    ),
    ("bảo lãnh vợ sang mỹ định cư", "sponsorship_abroad"),
]


test_what_the_catalogue_lacks_is_named_2 = each_is_named_missing(STILL_MISSING)
