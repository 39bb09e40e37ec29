"""Readers' letters (nlu/dev/probe_letters.yml, issue 8, "find the procedure"): long
stories in the register of newspaper reader columns, other papers named in passing. A
dog taken to another province needs the animal quarantine certificate (not the pet topic
the catalogue lacks, nor the one for going abroad), a household business's tax debt is
paid in instalments, tax paid on a sale later found exempt is refunded, a German driving
licence is exchanged as a foreign one, a pensioner's death is the survivors' allowance, a
criminal-record certificate is asked for work abroad."""

from __future__ import annotations

from tests.fixtures_retrieval import each_finds_its_procedure

SAID = [
    (
        "Gia đình tôi chuyển từ Đà Nẵng vào TP.HCM sinh sống, đã làm xong đăng ký thường"
        " trú ở chỗ mới. Tôi muốn mang theo hai con chó cảnh đi bằng xe khách, nghe nói"
        " chó mèo chở ra khỏi tỉnh phải có giấy kiểm dịch. Xin hỏi giấy này xin ở đâu và"
        " mất mấy ngày?",
        "1.002338",
    ),
    (
        "Cửa hàng điện máy của tôi là hộ kinh doanh, còn nợ thuế gần 80 triệu từ mấy năm"
        " dịch, giờ buôn bán khó khăn không trả một lần được. Tôi có được nộp dần không,"
        " có cần ai bảo lãnh không?",
        "1.008588",
    ),
    (
        "Cho tôi hỏi: Năm ngoái tôi bán lại căn nhà cho em gái ruột, lúc sang tên đã nộp"
        " thuế thu nhập cá nhân 2%. Nay mới biết chuyển nhượng nhà giữa anh chị em ruột"
        " được miễn thuế. Tôi có được hoàn lại số thuế đã nộp thừa không, làm đơn gửi đâu?",
        "1.008565",
    ),
    (
        "Tôi vừa về nước sau 5 năm du học ở Đức, có bằng lái ô tô do Đức cấp. Tôi đã làm"
        " lại căn cước và đăng ký thường trú ở Đà Nẵng. Bằng lái nước ngoài có đổi sang"
        " giấy phép lái xe Việt Nam được không, cần những giấy tờ gì?",
        "3.000351",
    ),
    (
        "Mẹ tôi là giáo viên về hưu, đang lĩnh lương hưu, mất ngày 10/10 vừa rồi. Gia"
        " đình đã làm khai tử ở xã. Xin hỏi con cái được nhận tiền mai táng và tiền tuất"
        " thế nào, nộp hồ sơ ở đâu, trong thời hạn bao lâu?",
        "2.000821",
    ),
    (
        "Anh P. (Thanh Hóa) hỏi: Anh chuẩn bị đi làm việc ở Nhật theo diện kỹ năng đặc"
        " định, hộ chiếu đã làm xong từ tháng trước, công ty phái cử yêu cầu nộp thêm"
        " phiếu lý lịch tư pháp số 2. Anh đang ở công ty đào tạo tiếng trong Bắc Ninh,"
        " không về quê được. Phiếu số 2 có nhờ người nhà đi xin thay được không, và bao"
        " lâu thì có kết quả?",
        "3.000333",
    ),
    (  # "Muốn sửa" corrects the card the first sentence says is wrong (nlu/referents.yml)
        "Thẻ bhyt của tôi ghi sai năm sinh, 1975 thành 1957, lần nào đi khám cũng phải"
        " giải thích. Thẻ của tôi do xã lập danh sách cấp vì tôi thuộc hộ cận nghèo. Muốn"
        " sửa thì làm ở đâu ạ?",
        "1.002759",
    ),
]

test_a_reader_s_letter_finds_the_procedure_meant = each_finds_its_procedure(SAID)
