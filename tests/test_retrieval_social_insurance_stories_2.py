"""Social insurance, health insurance and pensions, asked as a reader writes to a newspaper
column or the social-security agency's Q&A (issue 8, "find the procedure"), second set
(H251): a story, then the question. Savings paid in taken out at once, a coil fitted, a
child's illness, the days off after an operation paid, maternity pay collected by
relatives, a survivor's allowance drawn by a daughter, an address changed, a pension paid
in cash again, a pension or a survivor's allowance moved near the children, a waiting
pension file moved, a pension taken at once by one settling abroad, a pension resumed
after an illegal stay abroad, books merged for the pension, a birth date corrected, a
dropped health-insurance card, a second accident's combined assessment, voluntary
contributions resumed, the employer's registration, a card bought at the commune's
agent, the 613 allowance, a retired teacher's seniority allowance, a dead pensioner's
money left unpaid. Each row: the citizen says, the procedure answered (national code).
Matters the catalogue lacks (an employer that kept back the contributions, the years
paid in looked up, a life-insurance policy cancelled, the allowance of people over 80)
are named as missing, and neighbours keep theirs (land books merged, the social
allowance moved, unemployment benefit resumed, a health-insurance card bought)."""

from __future__ import annotations

from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)

SAID = [
    # the contributions "taken out at once": the one-off payment
    (
        "Tôi làm công nhân may 5 năm, nghỉ từ năm ngoái, nay về quê buôn bán. Xin hỏi tôi lấy"
        " tiền bảo hiểm đã đóng ra một lần thì làm ở đâu?",
        "1.001613",
    ),
    # a coil fitted is maternity's (contraception), not a hospital bill claimed back
    (
        "Em đi đặt vòng tránh thai ở trạm y tế, được nghỉ 7 ngày. Em đang đóng bảo hiểm ở công"
        " ty. Xin hỏi đặt vòng tránh thai có được bảo hiểm trả tiền không?",
        "2.000693",
    ),
    # a child's illness, and the days off after an operation: sickness
    (
        "Con trai tôi 5 tuổi bị sốt xuất huyết, tôi nghỉ làm 5 ngày chăm cháu. Xin hỏi tôi có"
        " được hưởng chế độ khi con ốm không?",
        "1.001667",
    ),
    (
        "Tôi bị mổ dạ dày, nằm viện 7 ngày rồi về nghỉ thêm 2 tuần theo giấy ra viện. Xin hỏi"
        " bảo hiểm xã hội trả tiền những ngày nghỉ ốm đó thế nào?",
        "1.001667",
    ),
    # maternity pay collected by a relative, a survivor's allowance drawn by a daughter: proxy
    (
        "Chị gái tôi sinh con xong phải nằm viện điều trị, chị muốn nhờ chồng đi nhận tiền thai"
        " sản thay. Xin hỏi người nhà nhận thay tiền thai sản cần giấy gì?",
        "1.001601",
    ),
    (
        "Bà nội tôi hưởng tiền tuất hằng tháng, nay yếu không đi lĩnh được. Tôi muốn thay bà"
        " lĩnh tiền hằng tháng thì cần mẫu giấy ủy quyền lĩnh thay nào?",
        "1.001601",
    ),
    # a recipient's new address, and cash again instead of the bank card
    (
        "Bố tôi đang hưởng lương hưu, vừa chuyển nhà sang phường khác và đổi số điện thoại. Xin"
        " hỏi có phải báo thay đổi địa chỉ, số điện thoại cho bảo hiểm xã hội không?",
        "2.000740",
    ),
    (
        "Ông tôi nhận lương hưu qua thẻ ngân hàng nhưng ông không biết dùng thẻ. Xin hỏi muốn"
        " quay lại nhận lương hưu bằng tiền mặt thì làm sao?",
        "2.000740",
    ),
    # a waiting pension's file moved to another province (not "no pension procedure")
    (
        "Tôi đóng bảo hiểm đủ 20 năm, đang chờ hưởng lương hưu ở Nghệ An. Nay tôi vào Đồng Nai"
        " sống với con. Xin hỏi chuyển hồ sơ chờ hưu vào Đồng Nai thế nào?",
        "1.001742",
    ),
    # settling abroad: the pension taken at once
    (
        "Bố tôi hưởng lương hưu, năm nay sang Úc định cư với em gái tôi. Xin hỏi định cư nước"
        " ngoài thì bố tôi có nhận một lần thay cho lương hưu hằng tháng được không?",
        "2.000755",
    ),
    (
        "Anh R. là người Hàn Quốc, đang hưởng lương hưu ở Việt Nam, nay về nước sống hẳn. Anh hỏi"
        " có nhận trợ cấp một lần thay lương hưu được không?",
        "2.000755",
    ),
    # back from an illegal stay abroad: the pension resumed
    (
        "Anh tôi đang hưởng lương hưu thì xuất cảnh trái phép sang Campuchia, bị dừng lương. Nay"
        " anh đã về nước. Xin hỏi anh có được hưởng lại lương hưu không?",
        "2.000809",
    ),
    # books merged "for the pension later" (not "no pension procedure"), a birth date
    # corrected, a dropped card
    (
        "Tôi có hai sổ bảo hiểm ở hai công ty. Xin hỏi thủ tục gộp sổ bảo hiểm để tính lương"
        " hưu sau này thế nào?",
        "1.002759",
    ),
    (
        "Sổ bảo hiểm xã hội của tôi ghi sai ngày sinh. Xin hỏi sửa ngày sinh trên sổ bảo hiểm"
        " thì nộp ở đâu?",
        "1.002759",
    ),
    (
        "Tôi đánh rơi thẻ bảo hiểm y tế ở chợ. Xin hỏi xin cấp lại thẻ bảo hiểm y tế ở đâu?",
        "1.002759",
    ),
    # an occupational disease, then an accident: the combined assessment (not a first one)
    (
        "Tôi đang hưởng trợ cấp bệnh nghề nghiệp thì lại bị tai nạn lao động ở công trình. Xin"
        " hỏi có được giám định tổng hợp và tính lại mức trợ cấp không?",
        "1.001643",
    ),
    # contributions resumed on one's own: voluntary, not the one-off payment
    (
        "Tôi nghỉ làm công ty sau 12 năm đóng bảo hiểm, chưa rút. Xin hỏi đăng ký đóng tiếp bảo"
        " hiểm tự nguyện ở đâu?",
        "1.002179",
    ),
    # the employer's registration and the book issued
    (
        "Em mới vào làm công ty được 1 tháng, ký hợp đồng 1 năm. Xin hỏi công ty đăng ký bảo"
        " hiểm và cấp sổ cho người lao động trong bao lâu?",
        "1.002051",
    ),
    # a card bought at the commune's collecting agent (not an insurance agent's exam)
    (
        "Vợ chồng tôi làm nông, chưa có bảo hiểm y tế. Xin hỏi mua bảo hiểm y tế ở đại lý thu ở"
        " xã được không?",
        "1.001939",
    ),
    # the 613 allowance, "hằng tháng" as most write it
    (
        "Bố tôi có hơn 15 năm công tác, nghỉ việc từ năm 1992, đã hết hưởng trợ cấp mất sức lao"
        " động. Xin hỏi bố tôi có được hưởng trợ cấp hằng tháng theo Quyết định 613 không?",
        "2.000762",
    ),
    # a retired teacher's seniority allowance (not "no pension procedure")
    (
        "Mẹ tôi là giáo viên nghỉ hưu năm 2010, lương hưu chưa có phụ cấp thâm niên nhà giáo."
        " Xin hỏi mẹ tôi làm hồ sơ hưởng trợ cấp thế nào?",
        "1.001646",
    ),
    # a dead pensioner's money left unpaid, told without "đã mất"
    (
        "Ông ngoại tôi hưởng lương hưu mất tháng 10, tiền lương hưu tháng đó chưa rút. Xin hỏi"
        " người nhà làm thủ tục nhận ở đâu?",
        "2.000717",
    ),
    (
        "Chú tôi hưởng trợ cấp tai nạn lao động hằng tháng, mất hồi tháng 8, còn hai tháng chưa"
        " lĩnh. Xin hỏi gia đình lĩnh số tiền còn lại đó thế nào?",
        "2.000717",
    ),
    ("bố em mất hôm qua, lương hưu của người mất ai lĩnh thay", "2.000717"),
    # a father's lump sum at a birth, a pregnancy's conditions: maternity (not the one-off
    # payment for "một lần", not voluntary contributions)
    (
        "Vợ tôi ở nhà nội trợ, không đóng bảo hiểm. Tôi đóng BHXH ở công ty. Xin hỏi tôi có được"
        " hưởng chế độ trợ cấp một lần khi sinh con không?",
        "2.000693",
    ),
    (
        "Tôi mang thai tháng thứ 5, đóng bảo hiểm được 8 tháng thì định nghỉ việc. Xin hỏi tôi đã"
        " đủ điều kiện nhận bảo hiểm thai sản chưa?",
        "2.000693",
    ),
    # contributions stopped long ago, or years still missing before the pension: voluntary
    (
        "Tôi 52 tuổi, nghỉ làm công ty đã lâu, đóng được 14 năm rồi dừng. Xin hỏi tôi có nên tiếp"
        " tục đóng bảo hiểm xã hội không?",
        "1.002179",
    ),
    (
        "Mẹ tôi 54 tuổi, đóng BHXH 16 năm, sắp đến tuổi nghỉ nhưng vẫn còn thiếu 4 năm đóng. Xin"
        " hỏi muốn hưởng lương hưu thì mẹ tôi phải làm gì?",
        "1.002179",
    ),
    # a worker killed at work: the survivors' benefits
    (
        "Anh trai tôi làm thợ điện bị điện giật tử vong khi đang làm việc. Xin hỏi gia đình được"
        " hưởng những chế độ gì từ bảo hiểm xã hội?",
        "2.000821",
    ),
    # another bank for the pension (not "no pension procedure")
    (
        "Tôi nghỉ hưu năm 2015, nay muốn đổi ngân hàng nhận lương hưu từ Vietcombank sang"
        " Agribank gần nhà. Xin hỏi phải làm giấy gì?",
        "2.000740",
    ),
    # both parents off for a sick child: sickness, not maternity
    (
        "Con tôi 3 tuổi bị viêm phổi nằm viện 7 ngày. Vợ chồng tôi đều đóng bảo hiểm. Xin hỏi cả"
        " hai vợ chồng cùng nghỉ chăm con có được hưởng không?",
        "1.001667",
    ),
    # a card's birth date corrected (not the ID card's)
    ("Thẻ BHYT của tôi ghi sai ngày sinh so với căn cước. Xin hỏi sửa lại thẻ ở đâu?", "1.002759"),
    # a premature birth, the father's days off
    (
        "Vợ tôi sinh non ở tuần 32, bé phải nằm lồng kính. Tôi đóng bảo hiểm ở công ty. Xin hỏi"
        " chồng được nghỉ bao nhiêu ngày?",
        "2.000693",
    ),
    # a newborn's card after the birth registered online: the joint procedure
    (
        "Con tôi mới sinh, tôi đã làm khai sinh trên VNeID. Xin hỏi thẻ BHYT của bé làm ở đâu?",
        "2.000986",
    ),
    # a foreigner going home takes the one-off payment (not a work permit)
    (
        "Tôi là người nước ngoài, làm việc ở Việt Nam, có đóng bảo hiểm xã hội 5 năm. Nay tôi về"
        " nước, xin hỏi có được rút bảo hiểm một lần không?",
        "1.001613",
    ),
    # a card kept after leaving a job: bought as one who only has health insurance
    (
        "Tôi nghỉ việc ở công ty, thẻ bảo hiểm y tế hết hạn cuối tháng. Xin hỏi tôi muốn tiếp tục"
        " có bảo hiểm y tế thì mua ở đâu?",
        "1.001939",
    ),
    # a worn paper card exchanged: the agency's (not the police's central exchange)
    (
        "Thẻ bảo hiểm y tế của tôi bị rách mờ chữ, đi khám bệnh viện không nhận. Xin hỏi đổi thẻ"
        " ở đâu?",
        "1.002759",
    ),
]


test_social_insurance_stories_find_the_procedure_meant = each_finds_its_procedure(SAID)


# Neighbours keep theirs: land books merged or corrected are not the insurance book's,
# a card bought after leaving a job is the card's, maternity and convalescence keep theirs.
NEIGHBOURS = [
    ("tôi có hai sổ đỏ liền kề muốn gộp thành một sổ", "1.012784"),
    ("nghi viec roi the bhyt bi khoa, gio muon tu mua bhyt", "1.001939"),
    (
        "Chị tôi sinh con, có đóng bảo hiểm 2 năm. Xin hỏi hồ sơ hưởng thai sản gồm những gì?",
        "2.000693",
    ),
    (
        "Mẹ tôi mất vì bệnh, bà đóng bảo hiểm xã hội 18 năm. Xin hỏi gia đình nhận trợ cấp mai"
        " táng ở đâu?",
        "2.000821",
    ),
]


test_neighbouring_procedures_keep_their_phrasings = each_finds_its_procedure(NEIGHBOURS)


# What the catalogue lacks is named as missing, though the story names benefits it has
# procedures for.
MISSING = [
    (
        "Tôi làm công ty 4 năm, công ty trừ tiền bảo hiểm vào lương nhưng không nộp cho bảo hiểm"
        " xã hội. Xin hỏi tôi phải báo ở đâu?",
        "employer_unpaid_insurance",
    ),
    (
        "Tôi làm ở 3 công ty, muốn biết tổng thời gian đã đóng bảo hiểm là bao nhiêu. Xin hỏi"
        " tra ở đâu?",
        "insurance_record",
    ),
    (
        "Tôi mua bảo hiểm nhân thọ 3 năm, nay muốn hủy. Xin hỏi có lấy lại được số phí đã đóng"
        " không?",
        "commercial_insurance",
    ),
    (
        "Ông tôi năm nay 85 tuổi, không có lương hưu. Xin hỏi người trên 80 tuổi có được nhận"
        " trợ cấp hằng tháng không?",
        "social_assistance",
    ),
    # the social allowance moved with the father is not the pension's transfer
    (
        "Bố tôi 82 tuổi, đang nhận trợ cấp xã hội hằng tháng ở Quảng Ninh. Nay bố chuyển vào"
        " TP.HCM ở với tôi. Xin hỏi làm sao để chuyển nơi nhận trợ cấp của bố vào đây?",
        "social_assistance",
    ),
    # months paid in looked up, the app failing
    (
        "Tôi muốn xem mình đã đóng bảo hiểm được bao nhiêu tháng trên VssID nhưng không đăng nhập"
        " được. Xin hỏi làm sao?",
        "insurance_record",
    ),
    # the card's benefits at a visit, not the hospitals' contract with the agency
    (
        "Tôi có thẻ BHYT đăng ký ở trạm y tế xã. Xin hỏi quyền lợi khi đi khám chữa bệnh bằng thẻ"
        " BHYT ở bệnh viện huyện thế nào?",
        "health_insurance_benefit",
    ),
    # a pension's conditions asked beside "một lần": no pension taken at once by an emigrant
    (
        "Tôi đã đóng bảo hiểm xã hội 18 năm, năm nay 62 tuổi. Xin hỏi tôi có được hưởng lương hưu"
        " hằng tháng không hay chỉ được nhận một lần?",
        "pension",
    ),
    # a child refused at the local school is the school's matter, not a residence one
    (
        "Con út của tôi không được học tại trường địa phương vì nhập khẩu muộn. Tôi có xác nhận"
        " khu phố con sống ở đây từ nhỏ. Tôi rất buồn và không biết gặp ai.",
        "education",
    ),
    # unemployment benefit resumed is not a pension resumed
    (
        "đang hưởng trợ cấp thất nghiệp thì có việc làm mới, có được hưởng tiếp trợ cấp không",
        "unemployment",
    ),
]


test_what_the_catalogue_lacks_is_named = each_is_named_missing(MISSING)


# ... while a benefit asked beside an employer's debt, and a pensioner's death, stay the
# catalogue's procedures.
NOT_MISSING = [
    (
        "Công ty trừ tiền bảo hiểm vào lương nhưng không nộp cho bảo hiểm xã hội mấy tháng nay."
        " Tôi vừa sinh con, xin hỏi tôi có được hưởng chế độ thai sản không?",
        "2.000693",
    ),
    (
        "Công ty không nộp bảo hiểm cho tôi 6 tháng cuối, tôi nghỉ việc được 1 năm rồi. Xin hỏi"
        " tôi rút bảo hiểm xã hội một lần được không?",
        "1.001613",
    ),
    (
        "Tôi nghỉ việc được 14 tháng, đóng bảo hiểm 7 năm. Xin hỏi rút bảo hiểm xã hội một lần"
        " cần giấy tờ gì?",
        "1.001613",
    ),
    (
        "Bố tôi hưởng lương hưu mất tháng trước, tiền lương hưu tháng đó chưa rút. Xin hỏi nhà"
        " tôi nhận số tiền đó thế nào?",
        "2.000717",
    ),
]


test_the_catalogues_own_are_not_called_missing = none_is_called_missing(NOT_MISSING)
