"""Road transport and vehicles, asked as a reader writes to a newspaper column (issue 8,
"find the procedure"): a story with dates, ages and places, then the question. A licence
expired for a few months or moved up to C1, a first test at 52, a police officer's
licence after retiring, a motorbike inherited or burnt, the plates of one who moved
province, a car repainted or taken off the yellow plates, a stolen plate, an imported car
driven to where it is registered, a wooden boat just built, an old boat never
registered, a barge bought in the commune, a ferryman's certificate, a taxi firm's lost
licence, a fuel tanker. Each row: the citizen says, the procedure answered (national
code). Matters the catalogue lacks (a road accident's damages, a plate auction, a used
car checked before buying, the fine for riding without a licence, the road fee, a car
towed away) are named as missing, and the procedures it has are not called missing for
a word of them."""

from __future__ import annotations

from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)

SAID = [
    # expired a few months, asked whether the test is taken again: the test
    (
        "Bằng lái xe ô tô của tôi hết hạn được khoảng 4 tháng vì tôi quên không để ý. Xin hỏi"
        " bằng quá hạn vài tháng thì có phải thi sát hạch lại không, hay chỉ cần đổi?",
        "3.000346",
    ),
    # moving up to a truck's class is a licence issued after the test
    (
        "Tôi đang có bằng lái hạng B số sàn, nay công ty yêu cầu lái xe tải 5 tấn. Xin hỏi tôi"
        " muốn nâng hạng lên C1 thì cần điều kiện gì?",
        "3.000346",
    ),
    # a police officer's licence, exchanged "for an ordinary one" after retiring
    (
        "Tôi nguyên là cán bộ công an, được cấp giấy phép lái xe của ngành Công an. Nay tôi đã"
        " nghỉ hưu, muốn đổi sang bằng lái thông thường. Xin hỏi thủ tục đổi thế nào?",
        "3.000350",
    ),
    # a motorbike left by a father who died: the transfer (no land in the story)
    (
        "Bố tôi mất năm 2024, để lại chiếc xe máy đứng tên ông. Anh em đã thống nhất để tôi"
        " đứng tên xe. Xin hỏi tôi làm thủ tục sang tên xe thừa kế như thế nào?",
        "1.013076",
    ),
    # moved province: the registration exchanged for the new address (not residence)
    (
        "Tôi chuyển hộ khẩu từ Quảng Ngãi vào Đồng Nai từ năm 2025. Xe máy của tôi vẫn mang biển"
        " số Quảng Ngãi. Xin hỏi tôi có phải đổi biển số sang tỉnh mới không?",
        "1.013079",
    ),
    # a new colour, a yellow plate given back
    (
        "Tôi vừa sơn lại chiếc ô tô từ màu trắng sang màu xanh. Xin hỏi đổi màu sơn xe có phải"
        " làm lại giấy đăng ký không?",
        "1.013079",
    ),
    (
        "Tôi mới mua chiếc ô tô cũ, chủ cũ chạy Grab nên xe mang biển vàng. Xin hỏi muốn đổi từ"
        " biển vàng về biển trắng thì làm thế nào?",
        "1.013079",
    ),
    # a plate stolen off the motorbike: the plate issued again
    (
        "Sáng nay tôi phát hiện biển số xe máy của mình bị ai đó tháo trộm mất. Xin hỏi làm thủ"
        " tục cấp lại biển số thế nào?",
        "1.013082",
    ),
    # a motorbike burnt, or sold long ago and fined since: its registration withdrawn
    (
        "Chiếc xe máy của tôi bị cháy rụi hoàn toàn trong vụ cháy nhà. Xin hỏi tôi có phải làm"
        " thủ tục gì với công an để xóa xe này không?",
        "1.013123",
    ),
    (
        "Năm 2022 tôi bán xe máy cho người ở tỉnh khác, đến nay người mua chưa sang tên, tôi"
        " liên tục nhận phạt nguội. Xin hỏi làm gì để xe không còn đứng tên mình nữa?",
        "1.013123",
    ),
    # an imported car without plates driven to where it is registered
    (
        "Công ty tôi nhập khẩu một chiếc ô tô về cảng Hải Phòng, sau đó phải chạy về Hà Nội để"
        " đăng ký. Xin hỏi xe nhập khẩu chưa có biển thì đăng ký tạm thời ở đâu?",
        "1.013086",
    ),
    # boats: just built and not working yet; working for years, never registered
    (
        "Gia đình tôi vừa đóng mới một chiếc thuyền gỗ gắn máy để chở cát, thuyền chưa hoạt"
        " động. Xin hỏi phải đăng ký phương tiện ở đâu trước khi đưa vào chở hàng?",
        "1.004088",
    ),
    (
        "Nhà tôi có chiếc ghe máy chở hàng trên sông Hậu đã dùng hơn 10 năm nhưng chưa bao giờ"
        " đăng ký. Xin hỏi ghe cũ đang hoạt động thì đăng ký thế nào?",
        "1.004047",
    ),
    # bought from a boat owner of another province
    (
        "Tôi ở Vĩnh Long, mua một chiếc tàu chở hàng của chủ tàu ở Đồng Tháp. Xin hỏi tôi đăng"
        " ký lại tàu sang tên mình thì hồ sơ thế nào?",
        "1.003970",
    ),
    # a boat registered in the story, the skipper's own certificate asked
    (
        "Tôi vừa đăng ký xong chiếc thuyền máy chở khách ở Ninh Bình. Xin hỏi bây giờ tôi muốn"
        " lái thuyền thì phải có chứng chỉ gì, thi ở đâu?",
        "1.003135",
    ),
    # a transport firm's licence burnt (not a household business's certificate)
    (
        "Công ty tôi bị cháy văn phòng, giấy phép kinh doanh vận tải bằng xe ô tô bị cháy mất."
        " Xin hỏi xin cấp lại giấy phép kinh doanh vận tải cần những gì?",
        "2.002287",
    ),
    # a driving school opened (not a licence of one's own)
    (
        "Tôi định mở trung tâm đào tạo lái xe ô tô ở Gia Lai. Xin hỏi xin giấy phép đào tạo"
        " lái xe cần điều kiện gì?",
        "1.001777",
    ),
    (
        "Công ty tôi chở xăng dầu bằng xe bồn đến các cây xăng. Xin hỏi có phải xin giấy phép"
        " vận chuyển hàng hóa nguy hiểm không?",
        "1.013259",
    ),
]


test_transport_stories_find_the_procedure_meant = each_finds_its_procedure(SAID)


# Neighbours keep theirs: an estate's division attested, a marriage's land, a land dispute
# with a brother, a dependant registered online, an ordinary exchange, a military licence.
NEIGHBOURS = [
    ("thừa kế chiếc ô tô của bố, anh em chia di sản thì chứng thực ở đâu", "2.001406"),
    ("tranh chấp đất với em trai thì gửi đơn đến đâu", "1.012812"),
    ("bằng lái b2 sắp hết hạn, đổi ở đâu", "3.000347"),
    ("xuất ngũ rồi đổi bằng lái quân sự sang bằng dân sự thế nào", "3.000349"),
    ("tôi nghỉ hưu ở ngành công an, muốn đổi bằng lái xe công an sang bằng dân sự", "3.000350"),
    ("chuyển hộ khẩu cả gia đình về nhà mới mua", "1.004222"),
]


test_neighbouring_procedures_keep_their_phrasings = each_finds_its_procedure(NEIGHBOURS)


# What the catalogue lacks is named as missing, though the story names a vehicle it has
# procedures for.
MISSING = [
    (
        "Con trai tôi đi xe máy va chạm với một ô tô, cháu bị gãy chân. Tài xế chỉ chịu bồi"
        " thường 10 triệu. Xin hỏi gia đình tôi đòi bồi thường thiệt hại do tai nạn giao thông"
        " thế nào?",
        "traffic_accident",
    ),
    (
        "Tôi muốn tham gia đấu giá biển số ô tô để lấy biển đẹp cho chiếc xe mới mua. Xin hỏi"
        " đăng ký tham gia đấu giá biển số xe thế nào?",
        "plate_auction",
    ),
    (
        "Tôi định mua lại một chiếc ô tô cũ nhưng sợ là xe gian. Xin hỏi tôi có thể tra cứu"
        " thông tin xe ở đâu trước khi mua?",
        "vehicle_check",
    ),
    (
        "Con tôi 19 tuổi, lái xe máy không có bằng và bị lập biên bản. Xin hỏi mức phạt lỗi không"
        " có giấy phép lái xe là bao nhiêu và nộp phạt ở đâu?",
        "traffic_fine",
    ),
    (
        "Tôi vừa bán chiếc ô tô tải, phí sử dụng đường bộ đã nộp đến hết năm 2026. Xin hỏi phí"
        " bảo trì đường bộ chưa dùng hết có được trả lại không?",
        "road_fee",
    ),
    (
        "Chiều qua tôi đỗ ô tô dưới lòng đường, khi quay ra thì xe đã bị cẩu về bãi. Xin hỏi tôi"
        " phải đến đâu để lấy xe về?",
        "traffic_fine",
    ),
]


test_what_the_catalogue_lacks_is_named = each_is_named_missing(MISSING)


# ... while a worker's accident on the way home, a vehicle's mortgage registered, a
# licence asked by itself and an inspection stay the catalogue's procedures.
NOT_MISSING = [
    ("Thế chấp xe ô tô để vay vốn thì đăng ký thế chấp ở đâu?", None),
    ("Bằng lái xe máy bị mất thì làm lại ở đâu?", "3.000348"),
    ("Xe ô tô hết hạn đăng kiểm thì đi đăng kiểm cần mang giấy tờ gì?", "1.005103"),
    (
        "Tôi bị tai nạn giao thông trên đường đi làm về, gãy tay. Xin hỏi có được hưởng chế độ"
        " tai nạn lao động không?",
        None,
    ),
]


test_the_catalogues_own_are_not_called_missing = none_is_called_missing(NOT_MISSING)
