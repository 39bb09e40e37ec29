"""Vehicles, driving licences and passports told as a reader writes to a newspaper column,
second round (issue 8, "find the procedure"; nlu/dev/probe_transport_stories_2.yml): a
car sold to another province whose buyer asks for the old "cắt chuyển vùng", a motorbike
given by a grandfather and its registration fee, a 16-year-old owner, a car drowned in a
flood and sold for scrap, an old 4-digit plate, a frame number written wrongly, an engine
replaced, a used car bought from someone who moved away, a plate kept on transfer, a B2
licence under the 2024 road law, learning to drive without a school. Each row: the
citizen says, the procedure answered (national code). Matters the catalogue lacks (the
points left on a licence, a driver's health check, the fine for drink-driving, a work
visa to Japan, a hit-and-run's damages) are named as missing."""

from __future__ import annotations

from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)

SAID = [
    # the old word for the seller's withdrawal when the buyer lives in another province
    (
        "Tôi vừa bán chiếc ô tô cho một người ở Cà Mau. Người mua bảo tôi phải đi cắt chuyển"
        " vùng thì họ mới đăng ký được. Xin hỏi bây giờ còn thủ tục cắt chuyển vùng không,"
        " tôi phải làm gì và làm ở đâu?",
        "1.013123",
    ),
    # a motorbike given within the family: the fee's exemption (not a house's or land's)
    (
        "Ông tôi ở Bắc Giang muốn cho tặng chiếc xe máy Cub cho cháu nội đang học đại học ở Hà"
        " Nội. Xin hỏi xe cho tặng giữa ông và cháu có được miễn lệ phí trước bạ không?",
        "1.007700",
    ),
    # a 16-year-old as the owner of a new motorbike: the first registration
    (
        "Con trai tôi năm nay 16 tuổi. Tôi định mua cho cháu chiếc xe máy 50 phân khối để đi"
        " học. Xin hỏi cháu 16 tuổi có được đứng tên đăng ký xe không, hay phải để bố mẹ đứng"
        " tên?",
        "1.013067",
    ),
    # a car drowned and sold for scrap: its papers and plates given back
    (
        "Chiếc ô tô của gia đình tôi bị ngập nước trong trận lũ, máy hỏng hoàn toàn, sẽ bán phế"
        " liệu. Xin hỏi tôi có bắt buộc phải làm thủ tục nộp lại giấy đăng ký và biển số"
        " không?",
        "1.013123",
    ),
    # an old short plate, a frame number written wrongly, an engine replaced: the exchange
    (
        "Xe máy của tôi vẫn mang biển số 4 số cũ từ năm 2005. Nghe nói bây giờ bắt buộc phải"
        " đổi sang biển 5 số định danh. Xin hỏi có đúng là bắt buộc không, nếu muốn đổi thì"
        " làm ở đâu?",
        "1.013079",
    ),
    (
        "Khi mua chiếc xe máy cũ tôi mới để ý số khung trên giấy đăng ký xe ghi sai một chữ so"
        " với số khung đóng trên xe. Xin hỏi tôi phải đi điều chỉnh lại giấy đăng ký ở đâu?",
        "1.013079",
    ),
    (
        "Xe máy của tôi bị hỏng máy, tôi thay một cái máy khác nên số máy khác với giấy đăng"
        " ký. Xin hỏi thay máy xe máy thì có phải đổi lại giấy đăng ký xe không?",
        "1.013079",
    ),
    # a used car bought from one who moved to another province; a plate kept on transfer
    (
        "Tôi mua chiếc ô tô cũ biển Hải Dương của một người nay đã chuyển lên Hà Nội sinh sống."
        " Tôi ở Hải Phòng. Xin hỏi khi sang tên tôi có bị đổi biển số không?",
        "1.013076",
    ),
    (
        "Tôi mua chiếc xe máy cũ, trên xe đang mang biển số đẹp 4 số 9. Xin hỏi khi sang tên"
        " tôi có được giữ nguyên biển số đó không hay bị cấp biển mới?",
        "1.013076",
    ),
    # a B2 licence under the 2024 road law: the exchange
    (
        "Bằng lái của tôi là hạng B2 cấp năm 2020, còn hạn đến 2030. Luật mới không còn hạng B2"
        " nữa. Xin hỏi tôi có bắt buộc phải đổi sang bằng hạng B không, đổi ở đâu?",
        "3.000347",
    ),
    # learning to drive without a school asks the licence's test, not a school's licence
    (
        "Em năm nay 19 tuổi, muốn tự học lái xe ô tô với anh trai rồi đi thi cho đỡ tốn tiền."
        " Xin hỏi có bắt buộc phải học ở trung tâm đào tạo lái xe mới được thi bằng B không?",
        "3.000346",
    ),
]


test_transport_stories_2_find_the_procedure_meant = each_finds_its_procedure(SAID)


# Neighbours keep theirs: a plot of land inherited is not a vehicle's transfer, a new
# motorbike's plate is its first registration.
NEIGHBOURS = [
    ("bố em mất không để lại di chúc, mấy anh em muốn sang tên mảnh đất cho mẹ", "1.013831"),
    ("mua xe máy mới thì đăng ký biển số ở đâu", "1.013067"),
    ("con em vừa đủ 18 tuổi, muốn thi bằng lái ô tô hạng b thì đăng ký thế nào ạ", "3.000346"),
]


test_neighbouring_procedures_keep_theirs = each_finds_its_procedure(NEIGHBOURS)


MISSING = [
    (
        "Tôi bị cảnh sát giao thông phạt vì chạy quá tốc độ, bị trừ 6 điểm giấy phép lái xe."
        " Xin hỏi tôi tra cứu số điểm còn lại của bằng lái ở đâu?",
        "licence_points",
    ),
    (
        "Em chuẩn bị đi thi bằng lái ô tô, cần khám sức khỏe lái xe. Xin hỏi khám sức khỏe lái"
        " xe ở trạm y tế xã có được không, giá khám bao nhiêu?",
        "driver_health",
    ),
    (
        "Tối qua tôi uống 2 lon bia rồi đi xe máy về thì bị thổi nồng độ cồn. Xin hỏi mức phạt"
        " nồng độ cồn xe máy như vậy là bao nhiêu?",
        "traffic_fine",
    ),
    (
        "Tôi đã có hộ chiếu, được một công ty Nhật nhận sang làm việc. Xin hỏi xin visa lao"
        " động Nhật Bản thì nộp hồ sơ ở đại sứ quán hay qua công ty?",
        "visa_abroad",
    ),
    (
        "Bố tôi đi xe máy thì bị một xe ô tô tông từ phía sau rồi bỏ chạy. Camera có ghi được"
        " biển số. Xin hỏi gia đình tôi phải làm gì để người gây tai nạn bồi thường?",
        "traffic_accident",
    ),
    # a disabled child's certificate is not a licence: the commune's assessment, which the
    # catalogue lacks (not legal aid for the disabled, which the words also match)
    ("xin giấy xác nhận mức độ khuyết tật cho con", "disability_assessment"),
]


test_what_the_catalogue_lacks_is_named = each_is_named_missing(MISSING)


# ... while a licence exchanged with a health check, a passport for work abroad and a
# foreign licence brought home from work abroad stay the catalogue's.
NOT_MISSING = [
    (
        "Tôi lái xe tải hạng C, bằng lái sắp hết hạn. Xin hỏi khi đổi bằng lái có cần nộp bản"
        " giấy khám sức khỏe không?",
        "3.000347",
    ),
    (
        "Em sắp đi xuất khẩu lao động Đài Loan, công ty bảo em tự đi làm hộ chiếu. Xin hỏi làm"
        " hộ chiếu lần đầu ở đâu, mất mấy ngày?",
        None,
    ),
    (
        "Tôi đi xuất khẩu lao động ở Nhật 5 năm, có bằng lái ô tô của Nhật còn hạn. Nay tôi về"
        " hẳn quê. Xin hỏi bằng lái Nhật có đổi sang giấy phép lái xe Việt Nam được không?",
        "3.000351",
    ),
]


test_the_catalogues_own_are_not_called_missing = none_is_called_missing(NOT_MISSING)
