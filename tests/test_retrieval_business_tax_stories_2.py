"""Household businesses, companies, cooperatives, tax and the money matters a small
business owner meets, told as a reader writes to a newspaper column or the tax
authority's Q&A page, round two (nlu/dev/probe_business_tax_stories_2.yml, H293): a
household business's registration withdrawn, its bank account told to the tax office,
its capital raised, a second selling place; a company converted, a private enterprise
let, a branch closed or moved, a certificate corrected, exchanged or revoked for a forged
founding, a dissolution revoked, a member's capital sold and its income tax, a merger; a
cooperative's branch, lost certificate and own company, a tổ hợp tác changed; VAT filed
quarterly, a return corrected, a deadline extended, e-filing, a VAT refund, an overpayment
offset, a budget payment corrected, a tax-residence certificate, an insurance agent's
return, a tax agent engaged, land rent reduced, a fishing boat's registration fee;
customs of a machine repaired abroad, a small parcel exported, goods spoiled under
customs control; a gaming licence, a foreign loan and account, a goldsmith's workshop
closed, a fine paid twice refunded, SME support: the catalogue's procedure is answered.
What it lacks (a lottery ticket seller's contract, a digital signature, barcodes, a
job-creation loan, a shop's card terminal, new notes for Tết) is named as missing."""

from __future__ import annotations

from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)

FOUND = [
    # a household business: its registration withdrawn, its bank account, a second place,
    # its capital
    (
        "Tôi đã nộp hồ sơ đăng ký hộ kinh doanh nhưng không mở quán nữa. Xin hỏi hồ sơ đăng"
        " ký hộ kinh doanh đang nộp có rút lại được không?",
        "1.014035",
    ),
    (
        "Tôi là chủ hộ kinh doanh, vừa mở tài khoản ở ngân hàng khác để nhận tiền hàng. Xin"
        " hỏi có phải thông báo thay đổi số tài khoản với cơ quan thuế không?",
        "1.009825",
    ),
    (
        "Tôi bán cây cảnh ở phường, nay mở thêm một điểm bán ở chợ xã bên. Xin hỏi hộ kinh"
        " doanh có thêm địa điểm kinh doanh thì phải thông báo thế nào?",
        "1.009824",
    ),
    (
        "Cửa hàng của tôi đăng ký vốn 200 triệu, nay lên gần 1 tỷ. Xin hỏi hộ kinh doanh"
        " tăng vốn có phải đăng ký thay đổi không?",
        "2.000720",
    ),
    # a company converted, let, closing a branch, moving an office, its paper corrected,
    # exchanged or revoked, its dissolution revoked
    (
        "Công ty TNHH một thành viên của tôi muốn bán 30% vốn cho em trai. Xin hỏi chuyển"
        " sang công ty TNHH hai thành viên thì hồ sơ gồm những gì?",
        "2.002033",
    ),
    (
        "Công ty TNHH của chúng tôi muốn kêu gọi thêm nhà đầu tư. Xin hỏi chuyển đổi công"
        " ty TNHH sang công ty cổ phần thế nào?",
        "2.002034",
    ),
    (
        "doanh nghiep tu nhan cua bo toi muon chuyen thanh cong ty tnhh, thu tuc the nao a",
        "2.002032",
    ),
    (
        "Tôi là chủ doanh nghiệp tư nhân kinh doanh nhà nghỉ. Xin hỏi cho thuê doanh nghiệp"
        " tư nhân có phải báo với cơ quan đăng ký kinh doanh không?",
        "1.010026",
    ),
    (
        "Chi nhánh ở Đà Nẵng làm ăn không hiệu quả. Xin hỏi thủ tục chấm dứt hoạt động chi"
        " nhánh gồm những gì?",
        "2.002020",
    ),
    (
        "Văn phòng đại diện của công ty chuyển sang tòa nhà khác. Xin hỏi đăng ký thay đổi"
        " địa chỉ văn phòng đại diện làm ở đâu?",
        "2.002045",
    ),
    (
        "Công ty tôi vừa nhận giấy, thấy ngày sinh của giám đốc không khớp hồ sơ. Xin hỏi"
        " giấy chứng nhận đăng ký doanh nghiệp ghi sai thì sửa thế nào?",
        "2.002016",
    ),
    (
        "Công ty tôi vẫn dùng giấy chứng nhận đăng ký kinh doanh cấp năm 2006, chưa có mã số"
        " doanh nghiệp. Xin hỏi đổi sang giấy chứng nhận đăng ký doanh nghiệp thế nào?",
        "2.002017",
    ),
    (
        "Xin hỏi làm thế nào để thu hồi giấy chứng nhận đăng ký doanh nghiệp?",
        "2.002008",
    ),
    (
        "Công ty tôi đã nộp thông báo giải thể nhưng lại ký được hợp đồng mới. Xin hỏi có"
        " hủy quyết định giải thể được không?",
        "1.010010",
    ),
    # a member's capital sold: the company's change, then the seller's income tax
    (
        "Tôi góp vốn trong công ty TNHH hai thành viên, muốn chuyển nhượng phần vốn cho con."
        " Xin hỏi đăng ký thay đổi thành viên công ty thế nào?",
        "2.002011",
    ),
    (
        "Tôi bán lại phần vốn góp trong công ty của bạn. Xin hỏi thuế thu nhập cá nhân từ"
        " chuyển nhượng vốn góp tự khai ở đâu?",
        "1.008529",
    ),
    (
        "Hai công ty cùng một chủ muốn sáp nhập công ty nhỏ vào công ty lớn. Xin hỏi công ty"
        " nhận sáp nhập phải đăng ký những gì?",
        "2.002060",
    ),
    # a cooperative's branch, lost certificate and own company; a tổ hợp tác changed
    (
        "Hợp tác xã rau của chúng tôi muốn mở cửa hàng ở tỉnh khác. Xin hỏi hợp tác xã đăng"
        " ký chi nhánh thế nào?",
        "2.002123",
    ),
    (
        "Văn phòng hợp tác xã bị ngập, giấy chứng nhận đăng ký hợp tác xã trôi mất. Xin hỏi"
        " xin cấp lại ở đâu?",
        "2.002638",
    ),
    (
        "Hợp tác xã thủy sản muốn góp vốn thành lập một công ty TNHH. Xin hỏi hợp tác xã"
        " thành lập doanh nghiệp có phải thông báo không?",
        "2.001958",
    ),
    (
        "Tổ hợp tác của chúng tôi vừa bầu lại tổ trưởng. Xin hỏi tổ hợp tác có phải đăng ký"
        " thay đổi với xã không?",
        "2.002639",
    ),
    # a company's tax: filing period, a return corrected, deadlines, e-filing, refunds
    (
        "Công ty đang khai thuế GTGT theo tháng. Xin hỏi muốn chuyển sang khai thuế theo"
        " quý thì làm thủ tục gì?",
        "1.010949",
    ),
    (
        "Kế toán khai thiếu doanh thu tháng 8 trên tờ khai thuế. Xin hỏi khai bổ sung hồ sơ"
        " khai thuế thế nào?",
        "1.008327",
    ),
    (
        "Kế toán của doanh nghiệp tôi nằm viện đúng kỳ nộp tờ khai. Xin hỏi có thể xin gia"
        " hạn nộp hồ sơ khai thuế không?",
        "1.008513",
    ),
    (
        "Xưởng mộc của công ty tôi bị cháy hồi tháng 10, giờ không còn tiền nộp thuế. Xin"
        " hỏi doanh nghiệp bị hỏa hoạn có được gia hạn nộp thuế không?",
        "1.008590",
    ),
    (
        "Công ty mới thành lập. Xin hỏi đăng ký giao dịch điện tử với cơ quan thuế thế nào?",
        "1.008008",
    ),
    (
        "Công ty tôi xuất khẩu hạt điều. Xin hỏi hồ sơ đề nghị hoàn thuế GTGT gồm những gì?",
        "1.007037",
    ),
    (
        "Doanh nghiệp nộp nhầm tiền thuế hai lần. Xin hỏi số tiền nộp thừa được bù trừ sang"
        " quý sau hay xin hoàn lại?",
        "1.008565",
    ),
    (
        "Tôi nộp thuế qua ngân hàng nhưng ghi sai tiểu mục. Xin hỏi đề nghị tra soát, điều"
        " chỉnh thông tin đã nộp thế nào?",
        "1.008345",
    ),
    (
        "Khách hàng Nhật yêu cầu công ty tôi có giấy chứng nhận cư trú thuế của Việt Nam."
        " Xin hỏi xin giấy này ở đâu?",
        "1.008544",
    ),
    (
        "Tôi làm đại lý bảo hiểm nhân thọ, hoa hồng bị khấu trừ thuế. Xin hỏi cuối năm tôi"
        " có phải tự khai thuế năm không?",
        "1.007690",
    ),
    (
        "Em làm kế toán. Xin hỏi đăng ký dự thi chứng chỉ hành nghề dịch vụ làm thủ tục về"
        " thuế ở đâu?",
        "1.010237",
    ),
    (
        "Công ty tôi ký hợp đồng với một đại lý thuế. Xin hỏi có phải thông báo với cơ quan"
        " thuế về việc dùng dịch vụ đại lý thuế không?",
        "1.010701",
    ),
    (
        "Xưởng của công ty nằm trên đất thuê của Nhà nước. Xin hỏi nộp giấy đề nghị giảm"
        " tiền thuê đất năm 2025 ở đâu?",
        "3.000518",
    ),
    (
        "Tôi vừa đóng mới một tàu cá vỏ thép. Xin hỏi khai lệ phí trước bạ tàu cá ở đâu?",
        "1.007699",
    ),
    (
        "Toi ban hang online doanh thu duoi nguong nhung bi khau tru thue tren san. Xin hoi"
        " so thue da khau tru co doi lai dc khong",
        "1.014033",
    ),
    # customs a small business meets
    (
        "Máy cắt nhập từ Đức bị hỏng phải gửi sang Đức sửa. Xin hỏi thủ tục hải quan tạm"
        " xuất tái nhập máy móc đi sửa chữa thế nào?",
        "1.007879",
    ),
    (
        "Em bán đồ thủ công, gửi cho khách ở Úc một gói hàng 3 triệu qua bưu điện. Xin hỏi"
        " gửi hàng xuất khẩu như vậy có phải khai hải quan ko?",
        "1.007643",
    ),
    (
        "Lô hàng nhập khẩu bị hư một phần khi chờ hải quan kiểm tra. Xin hỏi có được giảm"
        " thuế nhập khẩu phần hàng bị hư hỏng không?",
        "1.007661",
    ),
    # the State Bank, gaming, the Treasury, small and medium businesses
    (
        "Khách sạn muốn mở khu máy trò chơi điện tử có thưởng cho khách nước ngoài. Xin hỏi"
        " xin giấy chứng nhận đủ điều kiện kinh doanh ở đâu?",
        "3.000258",
    ),
    (
        "Công ty tôi vay tiền của công ty mẹ ở Hàn Quốc trong 2 năm. Xin hỏi khoản vay nước"
        " ngoài có phải đăng ký với Ngân hàng Nhà nước không?",
        "1.000972",
    ),
    (
        "Công ty xuất khẩu muốn mở tài khoản ngoại tệ ở nước ngoài. Xin hỏi có phải xin"
        " giấy phép không?",
        "1.000199",
    ),
    (
        "Tiệm vàng nhà tôi không chế tác nữa. Xin hỏi tự nguyện chấm dứt sản xuất vàng trang"
        " sức có phải báo Ngân hàng Nhà nước không?",
        "2.000077",
    ),
    (
        "Tôi nộp tiền phạt hai lần qua ngân hàng. Xin hỏi số tiền nộp thừa vào ngân sách"
        " nhà nước xin hoàn trả ở kho bạc thế nào?",
        "3.000116",
    ),
    (
        "Công ty siêu nhỏ của tôi muốn được hỗ trợ đào tạo nhân viên. Xin hỏi chính sách hỗ"
        " trợ doanh nghiệp nhỏ và vừa nộp hồ sơ ở đâu?",
        "2.002418",
    ),
]


test_stories_find_the_procedure_meant = each_finds_its_procedure(FOUND)


MISSING = [
    (
        "Mẹ tôi muốn nhận vé số về bán ở đầu chợ. Xin hỏi làm đại lý bán vé số đăng ký ở đâu?",
        "lottery_seller",
    ),
    (
        "Công ty mới thành lập cần chữ ký số để ký tờ khai. Xin hỏi mua chữ ký số ở đâu?",
        "digital_signature",
    ),
    (
        "Cơ sở làm nước mắm muốn in mã vạch lên chai. Xin hỏi đăng ký mã số mã vạch ở đâu?",
        "barcode",
    ),
    (
        "Tôi là chủ tiệm sửa xe, muốn vay vốn ưu đãi tạo việc làm để mở rộng xưởng. Xin hỏi"
        " nộp hồ sơ vay ở đâu?",
        "bank",
    ),
    (
        "Tiệm tạp hóa muốn có máy quẹt thẻ POS cho khách. Xin hỏi đăng ký ở đâu?",
        "bank",
    ),
    (
        "Tết sắp tới tiệm tôi cần đổi tiền mới mệnh giá nhỏ. Xin hỏi đổi tiền mới ở đâu?",
        "bank",
    ),
]


test_what_the_catalogue_lacks_is_named = each_is_named_missing(MISSING)


# Neighbours keep theirs: the police's residence confirmation (not the tax residence),
# an insurance agent's exam, a lottery agent's tax, a torn banknote exchanged, the FAQ's
# digital signature for online filing, a household business paused.
NEIGHBOURS = [
    ("xin giấy xác nhận cư trú ở đâu", "1.010041"),
    ("thi chứng chỉ đại lý bảo hiểm ở đâu", "1.010387"),
    ("đại lý xổ số khai thuế thu nhập cá nhân năm thế nào", "1.007690"),
    ("đổi tiền rách ở đâu", "2.001077"),
    "nộp hồ sơ trực tuyến có bắt buộc phải có chữ ký số không",
    ("tạm ngừng kinh doanh hộ cá thể phải báo ở đâu", "1.001570"),
]


test_neighbours_keep_their_procedure = none_is_called_missing(NEIGHBOURS)
