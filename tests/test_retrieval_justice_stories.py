"""Justice services told as a reader writes to a newspaper column or to the justice
department (issue 8, "find the procedure"): a story with years, ages and amounts, then
the question. An heir who gives up her share, the heirs' division of an estate, a
relative's orphan adopted, an adoption made abroad recorded at home, a legal-aid helper
changed, a judgment won and not obeyed, a province's department
asked to compensate, a grassroots mediator hurt at work, a paper just obtained and then
certified. Each row: the citizen says, the procedure answered (national code). Matters
the catalogue lacks (a fraud reported to the police, a slander, a prisoner's early
release, an estate's division sued for) are named as missing, and a complaint about
legal aid, which the catalogue holds, is not."""

from __future__ import annotations

from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)

SAID = [
    # an heir who gives up her share: her marriage told is no marriage asked (1.000894)
    (
        "Bố tôi mất năm ngoái, để lại mảnh vườn ở quê. Tôi đã lấy chồng xa, không có nhu"
        " cầu nhận phần thừa kế. Xin hỏi tôi làm văn bản từ chối di sản ở đâu?",
        "2.001016",
    ),
    # the heirs' division certified, asked as "chia thừa kế" (not the certificate's
    # change, 1.013831, nor the death registered in the story, 1.000656)
    (
        "Bà nội tôi mất năm 2021, gia đình đã làm giấy chứng tử. Nay các cô chú muốn làm"
        " thủ tục chia thừa kế căn nhà để sang tên sổ đỏ. Xin hỏi phân chia di sản thừa kế"
        " thì làm ở đâu?",
        "2.001406",
    ),
    # a relative's orphan, a child from a care centre: the adoption at the commune, not
    # the certificate for adopting a foreign child (1.003198)
    (
        "Em gái tôi mất vì bệnh năm 2023, để lại cháu trai 3 tuổi. Vợ chồng tôi muốn nhận"
        " cháu làm con nuôi. Xin hỏi chúng tôi có đủ điều kiện nhận con nuôi không?",
        "2.001263",
    ),
    (
        "Vợ chồng tôi đã 40 tuổi mà chưa có con, muốn nhận một bé ở trung tâm bảo trợ xã hội"
        " về nuôi. Xin hỏi điều kiện nhận con nuôi là gì?",
        "2.001263",
    ),
    # an adoption made abroad under that country's law, recorded at home
    (
        "Năm 2016 chúng tôi ở Hàn Quốc đã nhận con nuôi theo pháp luật bên đó, nay cả nhà"
        " về nước. Xin hỏi việc nuôi con nuôi ở nước ngoài có phải ghi vào sổ ở Việt Nam"
        " không?",
        "2.002363",
    ),
    # the legal-aid helper changed (not legal aid asked again, 2.000829)
    (
        "Tôi thuộc hộ nghèo, được trung tâm trợ giúp pháp lý cử người giúp trong vụ tranh"
        " chấp đất, nhưng người đó không nắm hồ sơ. Xin hỏi tôi có được đề nghị đổi người"
        " khác trợ giúp không?",
        "2.001687",
    ),
    # a judgment won and not obeyed: its enforcement requested
    (
        "Năm 2024 tòa xử tôi thắng kiện, bản án có hiệu lực buộc người hàng xóm trả 80 triệu"
        " nhưng đến nay anh ta không chịu trả. Xin hỏi tôi yêu cầu thi hành án ở đâu?",
        "1.003091",
    ),
    # state compensation asked of a province's department (not a business licence,
    # 1.001612)
    (
        "Quyết định của Sở thu hồi giấy phép của cơ sở tôi đã bị tòa tuyên là trái pháp"
        " luật, tôi phải đóng cửa 5 tháng. Xin hỏi tôi yêu cầu bồi thường thiệt hại thì gửi"
        " hồ sơ cho cơ quan nào?",
        "2.002192",
    ),
    # a grassroots mediator hurt at work
    (
        "Tôi là hòa giải viên ở tổ dân phố, khi đi hòa giải một vụ cãi nhau thì bị đánh"
        " bị thương. Xin hỏi hòa giải viên gặp tai nạn có được hỗ trợ không?",
        "2.000424",
    ),
    # a paper just obtained, then its certified copies (not the paper itself, 3.000333)
    (
        "Tôi vừa được cấp phiếu lý lịch tư pháp để đi du học, trường yêu cầu nộp bản sao có"
        " chứng thực. Xin hỏi chứng thực bản sao phiếu lý lịch tư pháp ở phường được không?",
        "2.000815",
    ),
]


test_justice_stories_find_the_procedure_meant = each_finds_its_procedure(SAID)


# A complaint about legal aid received, told in the story: the catalogue's procedure,
# not the complaints it lacks.
SAID_IN_PASSING = [
    (
        "Tôi được trợ giúp pháp lý trong một vụ tranh chấp nhưng trợ giúp viên đòi thêm tiền"
        " mới chịu làm. Xin hỏi tôi muốn khiếu nại việc này thì gửi đơn đến đâu?",
        "2.000592",
    ),
]


test_a_complaint_about_legal_aid_is_not_called_missing = none_is_called_missing(SAID_IN_PASSING)


STILL_MISSING = [
    # a fraud or a slander reported: the police's criminal procedure
    (
        "Bố tôi bị kẻ giả danh công an gọi điện lừa chuyển khoản mất 150 triệu. Xin hỏi"
        " làm đơn tố giác tội phạm gửi đến đâu?",
        "crime_report",
    ),
    (
        "Hàng xóm bịa đặt nói xấu tôi khắp xóm. Xin hỏi tôi có thể kiện người đó tội vu"
        " khống không?",
        "crime_report",
    ),
    # a prisoner's early release: the prison's and the court's
    (
        "Chồng tôi đang chấp hành án tù, cải tạo tốt. Xin hỏi gia đình xin tha tù trước"
        " thời hạn cho anh ấy thì gửi đơn đến đâu?",
        "prison_sentence",
    ),
    # an estate's division sued for is no certification of the heirs' agreement
    (
        "Cha mẹ mất không để lại di chúc, anh cả giữ hết nhà đất, thôn hòa giải không"
        " thành. Xin hỏi chúng tôi có thể khởi kiện chia di sản thừa kế ra tòa không?",
        "court",
    ),
]


test_what_the_catalogue_lacks_is_still_named = each_is_named_missing(STILL_MISSING)
