"""Foreigners and farmers asked the way a reader writes to a newspaper column or a
ministry's Q&A page (issue 8, "find the procedure"): a story with ages, dates and places,
then the question. A foreign husband's visit visa, a visitor's e-visa, a foreign wife's
naturalisation, a citizen renouncing abroad, a child's foreign birth certificate recorded,
a foreign resident adopting; pigs, cattle and shrimp fry carried to another province, a
fishing boat bought second-hand, a plantation's code, a forest allocated, civets and
snakes farmed, crocodile skins exported, a disease-safe farm, a veterinary shop, cattle
inseminated, fish caged on an irrigation lake: the catalogue's procedure is answered.
What it lacks (a fertiliser or seed shop, a work permit, a visa to go abroad) is named as
missing, and a neighbouring procedure is not offered for a word of it."""

from __future__ import annotations

from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)

FOUND = [
    # a foreign husband's visit visa, a visitor's e-visa asked online
    (
        "Chồng tôi người Hàn sang Việt Nam bằng thị thực du lịch sắp hết hạn. Xin hỏi"
        " chồng tôi có được cấp thị thực thăm thân không?",
        "1.001194",
    ),
    (
        "Bạn trai tôi người Ấn Độ muốn sang thăm gia đình tôi dịp Tết. Anh ấy có tự xin"
        " thị thực điện tử qua mạng được không?",
        "1.002757",
    ),
    # a foreign wife's naturalisation asked by its condition; renouncing from abroad
    (
        "Vợ tôi người Đài Loan, sống ở Việt Nam 10 năm, muốn nhập quốc tịch Việt Nam. Xin"
        " hỏi có bắt buộc thôi quốc tịch Đài Loan không?",
        "2.002039",
    ),
    (
        "Em tôi sống ở Nhật, muốn nhập quốc tịch Nhật nên phải bỏ quốc tịch Việt Nam. Em có"
        " làm thủ tục thôi quốc tịch qua Đại sứ quán được không?",
        "1.005141",
    ),
    # a child's birth already registered abroad (not a new registration, 2.000528)
    (
        "Con tôi sinh ở Đài Bắc năm 2019, cháu đã có giấy khai sinh do Đài Loan cấp. Nay"
        " về Việt Nam đi học thì làm sao để giấy khai sinh nước ngoài của cháu được ghi nhận?",
        "2.000547",
    ),
    # a foreign resident adopting (not the domestic adoption, 2.001263)
    (
        "Chồng tôi người Anh có thẻ thường trú ở Hà Nội. Vợ chồng tôi muốn nhận một bé làm"
        " con nuôi, chồng tôi là người nước ngoài thì thủ tục nhận con nuôi thế nào?",
        "1.003160",
    ),
    # animals carried to another province: pigs, cattle, piglets after a culling, shrimp fry
    (
        "Gia đình tôi nuôi lợn ở Thanh Hóa, bán cho thương lái Hà Nội. Xin hỏi vận chuyển"
        " lợn sang tỉnh khác thì xin kiểm dịch ở đâu?",
        "1.002338",
    ),
    (
        "Tôi buôn bò ở Lạng Sơn. Xin hỏi mỗi chuyến chở bò ra khỏi tỉnh có bắt buộc phải"
        " kiểm dịch không?",
        "1.002338",
    ),
    (
        "Trại lợn của tôi bị dịch tả lợn châu Phi phải tiêu hủy và đã được hỗ trợ. Nay tái"
        " đàn, chở lợn giống từ tỉnh khác về thì ai phải làm giấy kiểm dịch?",
        "1.002338",
    ),
    (
        "Tôi có cơ sở ương tôm giống ở Cà Mau. Xin hỏi vận chuyển tôm giống ra khỏi tỉnh"
        " xin giấy kiểm dịch ở đâu?",
        "2.000873",
    ),
    # a fishing boat bought second-hand is registered to its new owner
    (
        "Tôi mua lại chiếc tàu cá của một chủ tàu tỉnh khác. Xin hỏi tôi làm thủ tục gì"
        " để đứng tên tàu cá?",
        "1.003650",
    ),
    # forests: a plantation's code, a forest allocated on land already certified
    (
        "Công ty thu mua gỗ yêu cầu rừng keo nhà tôi phải có mã số rừng trồng. Hộ gia đình"
        " xin cấp mã số rừng trồng ở đâu?",
        "1.014605",
    ),
    (
        "Nhà tôi có sổ đất rừng sản xuất, trên đất có rừng tự nhiên. Nay muốn được giao"
        " rừng chính thức để quản lý bảo vệ thì làm gì?",
        "1.014832",
    ),
    # CITES-listed animals farmed, a crocodile's skin exported
    (
        "Tôi đang nuôi 20 con cầy hương, định mở rộng lên vài trăm con. Nuôi cầy hương có"
        " phải đăng ký mã số cơ sở nuôi không?",
        "1.004819",
    ),
    (
        "Tôi muốn mở trại nuôi rắn hổ mang. Xin hỏi nuôi rắn có cần giấy phép không?",
        "1.004819",
    ),
    (
        "Trại cá sấu của tôi có đối tác Nhật muốn mua da. Xin hỏi xuất khẩu da cá sấu xin"
        " giấy phép ở đâu?",
        "1.003903",
    ),
    # a disease-safe farm, a veterinary shop, cattle inseminated, fish on an irrigation lake
    (
        "Doanh nghiệp muốn mua lợn từ trại đã được công nhận. Tôi xin giấy chứng nhận cơ sở"
        " an toàn dịch bệnh động vật ở đâu?",
        "1.011475",
    ),
    (
        "Tôi muốn mở cửa hàng bán thuốc thú y ở chợ xã. Bán thuốc thú y có cần giấy chứng"
        " nhận đủ điều kiện không?",
        "1.001686",
    ),
    (
        "Nhà tôi nuôi 6 con bò cái, nghe nói được hỗ trợ tinh bò để phối giống nhân tạo."
        " Hộ chăn nuôi làm hồ sơ ở đâu?",
        "1.012836",
    ),
    (
        "Tôi nuôi cá lồng trên lòng hồ thủy lợi. Nuôi cá lồng trong phạm vi bảo vệ công trình"
        " thủy lợi có phải xin giấy phép không?",
        "1.014862",
    ),
]


test_stories_find_the_procedure_meant = each_finds_its_procedure(FOUND)


MISSING = [
    # a fertiliser or seed shop: only fertiliser made or imported is in the catalogue
    (
        "Tôi định mở cửa hàng bán phân bón ở thị trấn, chỉ bán lẻ cho bà con. Xin hỏi buôn"
        " bán phân bón có cần giấy chứng nhận đủ điều kiện không?",
        "farm_input_trade",
    ),
    (
        "Hợp tác xã chúng tôi muốn bán giống lúa cho các hợp tác xã khác. Buôn bán giống cây"
        " trồng thì đăng ký ở đâu?",
        "farm_input_trade",
    ),
    # a foreign engineer's work permit
    (
        "Công ty tôi tuyển một kỹ sư người Hàn Quốc. Xin hỏi xin giấy phép lao động cho"
        " người nước ngoài ở đâu?",
        "work_permit",
    ),
]


test_what_the_catalogue_lacks_is_named = each_is_named_missing(MISSING)


# Neighbours keep theirs: fertiliser made in a workshop, a pesticide shop.
NEIGHBOURS = [
    (
        "Tôi muốn mở xưởng trộn phân bón hữu cơ vi sinh. Sản xuất phân bón có phải xin giấy"
        " chứng nhận đủ điều kiện không?",
        "1.007927",
    ),
    (
        "Tôi định mở đại lý bán thuốc bảo vệ thực vật. Xin giấy chứng nhận đủ điều kiện buôn"
        " bán thuốc bảo vệ thực vật ở đâu?",
        "1.004363",
    ),
]


test_neighbours_keep_their_procedure = none_is_called_missing(NEIGHBOURS)
