"""Social and health insurance told as a newspaper reader column or the social-security
agency's Q&A is told: a personal story with dates, ages and places, then one or two
questions (session 23, "find the procedure" in the long register). Each row: the citizen
says, the procedure answered (national code): twins' maternity leave, a father resting
while his wife gives birth, a pensioner's new ID card, a pension resumed after prison, a
pension decision corrected, an accident's wound reopened, an occupational disease, a
name changed on the book and card, a newborn's card issued with the birth. Matters the
catalogue lacks (a medical assessment before retiring early, what health insurance pays
without a referral, the VssID app's account) are named as missing, and a procedure it
has is not called missing for a word of them."""

from __future__ import annotations

from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)

SAID = [
    # maternity: the leave for twins or a caesarean, a father's days beside his wife
    (
        "Tôi đóng BHXH 3 năm, tháng 6 vừa rồi sinh đôi bằng phương pháp mổ. Xin hỏi thời gian"
        " nghỉ thai sản của tôi được bao nhiêu tháng?",
        "2.000693",
    ),
    (
        "Vợ tôi sinh thường hôm 2/10, tôi làm công ty có đóng bảo hiểm. Xin hỏi chồng nghỉ"
        " chăm sóc vợ sinh thì cần giấy tờ gì để hưởng chế độ?",
        "2.000693",
    ),
    # a beneficiary's details changed (a new ID card), not the ID card itself
    (
        "Mẹ tôi hưởng trợ cấp BHXH hằng tháng, mới đổi sang thẻ căn cước. Có phải báo bảo"
        " hiểm xã hội cập nhật thông tin người hưởng không?",
        "2.000740",
    ),
    # a pension resumed after a prison term (not a pension moved, 1.001742)
    (
        "Anh tôi đang hưởng lương hưu thì phải đi tù 2 năm nên bị dừng lương hưu. Nay đã"
        " chấp hành xong án phạt tù thì có được hưởng tiếp lương hưu không?",
        "2.000809",
    ),
    # a pensioner who died "vào tháng 6": the pension left unpaid, not "pensions not covered"
    (
        "Bố tôi hưởng lương hưu, mất vào tháng 8, còn lương hưu tháng 8 chưa lĩnh. Gia đình"
        " nhận số tiền đó cần giấy tờ gì?",
        "2.000717",
    ),
    # a pension decision corrected (not "pensions not covered")
    (
        "Ông tôi có quyết định hưởng lương hưu nhưng tính thiếu 3 năm làm ở nông trường. Muốn"
        " điều chỉnh lại quyết định hưởng lương hưu thì gửi đơn ở đâu?",
        "1.001710",
    ),
    # a work accident's wound reopened (not the first accident, 1.001632)
    (
        "Năm 2019 tôi bị tai nạn lao động gãy tay, nay vết thương tái phát phải mổ lại. Tôi có"
        " được giám định lại và điều chỉnh mức trợ cấp tai nạn lao động không?",
        "1.001521",
    ),
    # an occupational disease concluded by a hospital (not a relapse, 1.001521)
    (
        "Tôi làm thợ mỏ than 15 năm, hay ho và khó thở. Xin hỏi người được kết luận mắc bệnh"
        " nghề nghiệp bụi phổi thì được hưởng trợ cấp gì, làm hồ sơ ở đâu?",
        "1.001632",
    ),
    # a name changed on the birth record: the book and card corrected (not the civil-status
    # correction itself, 1.004859)
    (
        "Tôi đã đổi tên đệm trên giấy khai sinh, giờ tên trên thẻ bảo hiểm y tế không khớp."
        " Sửa tên trên thẻ bảo hiểm y tế thế nào?",
        "1.002759",
    ),
    # a paper card torn and faded: the insurer's card exchanged (not the police's, 1.001321)
    (
        "Thẻ BHYT giấy của tôi bị rách mờ hết chữ. Xin hỏi có được đổi thẻ bảo hiểm y tế giấy"
        " mới không?",
        "1.002759",
    ),
    # a pensioner settling abroad: the one-off payment instead of the pension
    (
        "Tôi đang hưởng lương hưu, sắp sang Canada định cư với con. Xin hỏi ra nước ngoài định"
        " cư thì có được nhận trợ cấp một lần thay cho lương hưu không?",
        "2.000755",
    ),
    # a newborn's card asked with the birth registration: the joint procedure without
    # residence
    (
        "Cháu nhà tôi mới sinh được 2 tuần. Xin hỏi thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi có"
        " được cấp cùng lúc với khai sinh không?",
        "2.001023",
    ),
]


test_social_insurance_stories_find_the_procedure_meant = each_finds_its_procedure(SAID)


# A medical assessment or the VssID app named in a story whose question is about a
# procedure the catalogue has: that procedure is answered, not "not covered".
SAID_IN_PASSING = [
    (
        "Tôi bị tai nạn lao động ở xưởng, đã giám định y khoa suy giảm 35%. Xin hỏi chế độ tai"
        " nạn lao động tôi được hưởng gì?",
        "1.001632",
    ),
    ("rút bảo hiểm 1 lần trên vssid được k", "1.001613"),
    (
        "Tôi tự trả 18 triệu tiền viện phí ở bệnh viện tư vì không có thẻ. Xin hỏi bảo hiểm y tế"
        " có thanh toán lại không?",
        "1.001656",
    ),
]


test_a_procedure_held_is_not_called_missing_for_a_word_of_a_missing_one = none_is_called_missing(
    SAID_IN_PASSING
)


# What the catalogue lacks is named: a medical assessment before retiring early, what
# health insurance pays without a referral, the VssID account; and, as before, an old-age
# pension and unemployment benefit.
STILL_MISSING = [
    (
        "Tôi 57 tuổi bị bệnh thận nặng. Xin hỏi đi giám định y khoa ở hội đồng giám định y khoa"
        " tỉnh để nghỉ hưu sớm thì thủ tục thế nào?",
        "medical_assessment",
    ),
    (
        "Tôi có thẻ BHYT đăng ký ở trạm y tế xã. Nếu lên bệnh viện tỉnh khám trái tuyến thì bảo"
        " hiểm y tế trả bao nhiêu phần trăm?",
        "health_insurance_benefit",
    ),
    (
        "Tôi đổi số điện thoại nên quên mật khẩu VssID, không nhận được OTP. Lấy lại tài khoản"
        " vssid thế nào?",
        "vssid_account",
    ),
    (
        "Tôi sinh năm 1966, đóng bảo hiểm xã hội 24 năm. Xin hỏi bao giờ tôi đủ tuổi nghỉ hưu và"
        " hồ sơ hưởng lương hưu gồm gì?",
        "pension",
    ),
    (
        "Công ty phá sản, tôi mất việc từ tháng 10. Xin hỏi hưởng trợ cấp thất nghiệp được mấy"
        " tháng, nộp hồ sơ ở đâu?",
        "unemployment",
    ),
]


test_what_the_catalogue_lacks_is_still_named = each_is_named_missing(STILL_MISSING)
