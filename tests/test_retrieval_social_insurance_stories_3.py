"""Social insurance, health insurance and unemployment, asked as a reader writes to a
newspaper column or the social-security agency's Q&A (issue 8, "find the procedure"),
third set (H281): eligibility asked as a condition ("có được hưởng ... không", "đủ điều
kiện chưa"). The one-off payment of a worker with a grave illness, a voluntary
contributor's birth allowance, both parents off for a sick child, an accident
outside working hours, a death of one on a monthly work-accident or occupational-disease
allowance (the survivors' benefits, the money left unpaid), an occupational disease
followed by an accident, the state's support of a near-poor household's voluntary
contributions and the years still missing paid at once, a household-business owner's own
compulsory BHXH (2024 law), a near-poor student's card, a child's worn card, a monthly
allowance moved to another province, a one-off payment collected for a husband abroad, a
pension recomputed. Each row: the citizen says, the procedure answered (national code).
Matters the catalogue lacks (the social pension of the 2024 law, an employer gone bankrupt
owing the contributions, a book kept by the former employer, a single mother's monthly
allowance) are named as missing, and benefits asked beside an employer's debt keep
their procedures."""

from __future__ import annotations

from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)

SAID = [
    # a grave illness: the one-off payment at once, asked as "nhận bảo hiểm một lần"
    (
        "Anh tôi bị suy thận giai đoạn cuối, đã đóng bảo hiểm 9 năm. Bệnh như vậy có được nhận"
        " bảo hiểm một lần ngay không?",
        "1.001613",
    ),
    # a voluntary contributor's birth allowance is maternity's, not the voluntary registration
    (
        "Tôi đóng bảo hiểm xã hội tự nguyện được 2 năm, nghe nói người đóng tự nguyện sinh con"
        " được nhận 2 triệu. Tôi vừa sinh con, có được nhận không?",
        "2.000693",
    ),
    # both parents off for a sick child; an accident outside working hours: sickness
    (
        "Con tôi 4 tuổi nằm viện, hai vợ chồng thay nhau nghỉ. Xin hỏi cả hai vợ chồng nghỉ chăm"
        " con ốm có được hưởng chế độ không?",
        "1.001667",
    ),
    (
        "e bi tai nan xe may ngoai gio lam, cty noi ko phai tai nan lao dong. vay e co duoc"
        " huong om dau khong",
        "1.001667",
    ),
    # the death of one on a monthly work-accident allowance: the survivors' benefits
    (
        "Mẹ tôi đang hưởng trợ cấp tai nạn lao động hằng tháng thì mất. Xin hỏi gia đình được"
        " nhận những khoản gì của bảo hiểm xã hội?",
        "2.000821",
    ),
    # ... and the allowance of one on an occupational-disease allowance left unpaid
    (
        "Ông tôi hưởng trợ cấp bệnh nghề nghiệp hằng tháng, mất tháng trước. Tiền trợ cấp"
        " tháng cuối chưa ai lĩnh, con cháu nhận thế nào?",
        "2.000717",
    ),
    # an occupational disease, then an accident: the combined case, not a first accident
    (
        "Anh tôi đã hưởng trợ cấp bệnh nghề nghiệp, năm nay lại bị tai nạn ở xưởng. Xin hỏi"
        " lần này tính riêng hay cộng dồn với bệnh cũ?",
        "1.001643",
    ),
    # the years still missing paid at once: voluntary contributions
    (
        "Tôi đã đóng bảo hiểm bắt buộc 14 năm, nay nghỉ làm. Tôi muốn đóng một lần cho những"
        " năm còn thiếu để hưởng lương hưu có được không?",
        "1.002179",
    ),
    # a household-business owner's own BHXH (2024 law): the compulsory registration, not
    # the household business's registration
    (
        "Tôi có đăng ký hộ kinh doanh bán tạp hóa. Nghe nói chủ hộ kinh doanh có đăng ký phải"
        " tham gia bảo hiểm xã hội bắt buộc. Tôi đăng ký ở đâu?",
        "1.002051",
    ),
    (
        "Chủ hộ kinh doanh tự đóng bảo hiểm xã hội cho bản thân thì hồ sơ gồm những gì?",
        "1.002051",
    ),
    # a near-poor student's card: the card's, not the household's recognition
    (
        "Con tôi là sinh viên, nhà thuộc hộ cận nghèo. Cháu được cấp thẻ bảo hiểm y tế diện"
        " cận nghèo thì còn phải mua ở trường không?",
        "1.001939",
    ),
    # a child's worn card exchanged, not the newborn's joint registration
    (
        "Con tôi 3 tuổi, thẻ bhyt trẻ em bị rách. Xin hỏi thẻ BHYT của trẻ dưới 6 tuổi bị hỏng"
        " thì đổi ở đâu?",
        "1.002759",
    ),
    # a monthly work-accident allowance moved near the children: the transfer
    (
        "Bố tôi hưởng trợ cấp tai nạn lao động hằng tháng, nay vào ở với con. Trợ cấp tai nạn"
        " lao động hằng tháng chuyển về nơi ở mới được không?",
        "1.001742",
    ),
    # a one-off payment collected for a husband working abroad: the proxy
    (
        "Chồng tôi đi làm ở Hàn Quốc, hồ sơ bảo hiểm xã hội một lần đã được giải quyết. Tôi có"
        " được nhận tiền thay chồng không?",
        "1.001601",
    ),
    # a pension recomputed for a pay rise left out: the decision corrected
    (
        "Tôi tìm lại được quyết định nâng lương mà lúc làm hồ sơ hưu bị bỏ sót. Tôi có được tính"
        " lại mức hưởng lương hưu không?",
        "1.001710",
    ),
]


test_social_insurance_stories_3_find_the_procedure_meant = each_finds_its_procedure(SAID)


# What the catalogue lacks is named as missing, though the story names neighbours.
MISSING = [
    # the 2024 law's social pension, told before "có được nhận không?"
    (
        "Mẹ tôi 76 tuổi, không có lương hưu. Nghe nói luật mới có trợ cấp hưu trí xã hội cho"
        " người từ 75 tuổi. Xin hỏi mẹ tôi có được nhận không, đăng ký ở đâu?",
        "social_pension",
    ),
    # an employer gone bankrupt owing the contributions: no insurer's protection fund
    (
        "Công ty tôi trừ tiền bảo hiểm hằng tháng nhưng nay công ty phá sản, nợ bảo hiểm 10"
        " tháng. Xin hỏi tôi phải làm đơn gửi đâu?",
        "employer_unpaid_insurance",
    ),
    # a former employer keeping the book
    (
        "Tôi nghỉ việc 4 tháng mà công ty cũ chưa trả sổ bảo hiểm. Công ty giữ sổ không trả thì"
        " tôi phải làm sao?",
        "insurance_record",
    ),
    # a single mother's monthly allowance, not the poor household's recognition
    (
        "Tôi là mẹ đơn thân thuộc hộ nghèo. Xin hỏi mẹ đơn thân có được nhận trợ cấp hằng tháng"
        " cho con không?",
        "social_assistance",
    ),
]


test_what_the_catalogue_lacks_is_named_3 = each_is_named_missing(MISSING)


# ... while a benefit asked beside an employer's debt, and a pension decision corrected,
# stay the catalogue's procedures.
NOT_MISSING = [
    (
        "Công ty tôi từng nợ bảo hiểm 3 tháng nhưng đã nộp đủ. Tôi vừa nghỉ ốm 1 tuần, có được"
        " hưởng chế độ ốm đau không?",
        "1.001667",
    ),
    (
        "Công ty nợ bảo hiểm của tôi mấy tháng. Tôi vừa sinh con, có được hưởng chế độ thai sản"
        " không?",
        "2.000693",
    ),
    (
        "Tôi về hưu năm ngoái, hồ sơ bỏ sót quyết định nâng lương. Tôi có được tính lại mức"
        " hưởng lương hưu không?",
        "1.001710",
    ),
]


test_the_catalogues_own_are_not_called_missing_3 = none_is_called_missing(NOT_MISSING)
