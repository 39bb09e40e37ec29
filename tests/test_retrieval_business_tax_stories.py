"""Household businesses, companies, cooperatives and tax asked the way a reader writes to a
newspaper column or the tax authority's Q&A page (issue 8, "find the procedure"): a story
with ages, dates, amounts and places, then the question. A civil servant's spouse holding
a shop, an address renamed by the merger of communes, a widow keeping her husband's shop,
a family closing a dead father's business, a small seller's threshold, a storm's tax
relief, a platform's tax refunded, an invoice written wrong, a company paused, a
cooperative's new director, the ID-card number used as the tax code, a collaborator's
withheld tax, the income tax and registration fee of land sold, given or inherited, a car
given by a brother: the catalogue's procedure is answered. What it lacks (the licence fee,
a trademark, a company's bankruptcy, a lottery prize's tax, a market kiosk, an eatery's
food-safety certificate, a shop's labour contracts) is named as missing, and a
neighbouring procedure is not offered for a word of it."""

from __future__ import annotations

from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)

FOUND = [
    # who may hold a household business: registering it, not changing its holder
    (
        "Vợ chồng tôi định mở quán tạp hóa ở xã, chồng tôi là viên chức trường học. Xin hỏi"
        " chồng có được đứng tên hộ kinh doanh không?",
        "1.001612",
    ),
    # the address renamed by the merger of communes (nobody moved)
    (
        "Tiệm của tôi đăng ký năm 2020 ở xã cũ, nay xã đã sáp nhập. Xin hỏi có phải thay đổi"
        " địa chỉ trên giấy chứng nhận đăng ký hộ kinh doanh không?",
        "2.000720",
    ),
    # a widow keeping the shop; a family closing a dead father's business
    (
        "Chồng tôi mất năm ngoái, anh đứng tên tiệm sửa xe. Tôi muốn tiếp tục bán, xin hỏi có"
        " được đứng tên thay chồng không?",
        "2.000720",
    ),
    (
        "Mẹ tôi đứng tên hộ kinh doanh quán bún, mẹ mất tháng 3. Gia đình không kinh doanh"
        " nữa, xin hỏi muốn chấm dứt hộ kinh doanh thì làm thế nào?",
        "1.001266",
    ),
    # the household business's own tax: a small seller's threshold, a storm's relief, a
    # platform's tax withheld, the e-invoice of a cash register, an invoice written wrong
    (
        "Tôi bán bánh trước chợ, doanh thu một năm chưa tới 200 triệu. Xin hỏi tôi có phải"
        " kê khai thuế với cơ quan thuế không?",
        "1.011022",
    ),
    (
        "Tiệm tạp hóa nhà tôi bị lũ cuốn mất hàng. Xin hỏi hộ kinh doanh bị thiệt hại do"
        " thiên tai có được giảm thuế không?",
        "3.000083",
    ),
    (
        "Tôi bán quần áo trên Lazada, sàn đã khấu trừ thuế mỗi đơn. Xin hỏi làm sao để được"
        " hoàn lại số thuế sàn đã khấu trừ?",
        "1.014033",
    ),
    (
        "Cửa hàng của tôi được yêu cầu dùng hóa đơn điện tử khởi tạo từ máy tính tiền. Xin"
        " hỏi đăng ký sử dụng hóa đơn điện tử ở đâu?",
        "1.010337",
    ),
    (
        "Tôi xuất hóa đơn cho khách nhưng ghi sai mã số thuế của họ. Xin hỏi hóa đơn lập sai"
        " xử lý thế nào?",
        "1.010341",
    ),
    # a company: one founder, a pause (not the household business's), a lost certificate
    (
        "Tôi muốn tự mình thành lập công ty bán vật tư nông nghiệp, không góp vốn với ai."
        " Xin hỏi hồ sơ gồm những gì?",
        "2.001583",
    ),
    (
        "Công ty TNHH của chúng tôi ở Hưng Yên hết đơn hàng. Xin hỏi công ty muốn tạm ngừng"
        " kinh doanh 6 tháng thì báo ở đâu?",
        "2.002029",
    ),
    # a cooperative's new director and seat; a tổ hợp tác of neighbours
    (
        "Giám đốc hợp tác xã rau sạch của xã tôi nghỉ hưu. Xin hỏi hợp tác xã bầu giám đốc mới"
        " thì đăng ký thay đổi ở đâu?",
        "1.005277",
    ),
    # the ID-card number now the tax code; an old card's number updated
    (
        "Cháu tôi 19 tuổi đi làm thêm, quán bảo cung cấp mã số thuế. Xin hỏi dùng số căn cước"
        " làm mã số thuế thì có phải đăng ký gì không?",
        "1.008498",
    ),
    (
        "Mã số thuế của tôi cấp theo số chứng minh nhân dân cũ. Xin hỏi có phải cập nhật"
        " thông tin đăng ký thuế khi đã có căn cước không?",
        "1.008503",
    ),
    # a collaborator's withheld tax; a one-off social-insurance payment told before it
    (
        "Tôi làm cộng tác viên viết bài, mỗi lần nhận tiền bị khấu trừ 10%. Xin hỏi tôi có"
        " được hoàn lại số thuế đã bị khấu trừ không?",
        "2.002233",
    ),
    # land sold, inherited: the income tax; the buyer's and the heir's registration fee
    (
        "Tôi bán lô đất ở quê giá 900 triệu. Xin hỏi thuế thu nhập cá nhân tính theo giá nào?",
        "1.007674",
    ),
    (
        "Bố mẹ tôi mất để lại nhà, các anh em để tôi đứng tên. Xin hỏi tôi có phải nộp thuế"
        " thu nhập cá nhân đối với phần thừa kế không?",
        "1.007674",
    ),
    (
        "Bố tôi được ông nội để lại mảnh đất theo di chúc. Xin hỏi lệ phí trước bạ khi sang"
        " tên có được miễn không?",
        "1.007277",
    ),
]


test_stories_find_the_procedure_meant = each_finds_its_procedure(FOUND)


MISSING = [
    (
        "Tôi mở tiệm điện thoại năm 2025. Xin hỏi hộ kinh doanh phải nộp lệ phí môn bài bao nhiêu?",
        "licence_fee",
    ),
    (
        "Xưởng nước mắm nhà tôi ở Phú Quốc muốn giữ tên riêng. Xin hỏi đăng ký bảo hộ nhãn"
        " hiệu ở đâu?",
        "trademark",
    ),
    (
        "Công ty TNHH của tôi nợ nhà cung cấp 3 tỷ, không trả nổi. Xin hỏi nộp đơn yêu cầu"
        " mở thủ tục phá sản thế nào?",
        "bankruptcy",
    ),
    (
        "Chú tôi trúng xổ số 500 triệu. Xin hỏi tiền trúng thưởng phải nộp thuế thu nhập cá"
        " nhân bao nhiêu?",
        "prize_tax",
    ),
    (
        "Tôi muốn thuê ki ốt ở chợ phường để bán quần áo. Xin hỏi đăng ký với ai?",
        "market_kiosk",
    ),
    # the certificate named whole, the eatery said apart from it (not the farm-food one)
    (
        "Tôi mở quán cơm ở phường. Xin hỏi quán ăn có phải xin giấy chứng nhận đủ điều kiện"
        " an toàn thực phẩm không?",
        "food_service_safety",
    ),
    (
        "Tiệm tôi thuê hai người bán hàng. Xin hỏi hộ kinh doanh có bắt buộc ký hợp đồng lao"
        " động không?",
        "labour",
    ),
]


test_what_the_catalogue_lacks_is_named = each_is_named_missing(MISSING)


# Neighbours keep theirs: a farm-food seller's certificate, an electric motorbike's fee.
NEIGHBOURS = [
    ("cơ sở bán thịt lợn xin giấy chứng nhận đủ điều kiện an toàn thực phẩm ở đâu", "2.001827"),
    ("xe máy điện có phải nộp lệ phí trước bạ không", "1.007700"),
]


test_neighbours_keep_their_procedure = none_is_called_missing(NEIGHBOURS)


# A car given by a brother, its income tax asked: since the transport stories' phrasings
# of a gift car's transfer (1.013076, merged after this file was written), the two are
# close and the citizen chooses; the tax comes first, and land's income tax is not offered
# before it (session 24, the lead).
def test_a_gift_cars_income_tax_is_offered_first(shipped_index) -> None:
    match = shipped_index.find(
        "Anh ruột tôi đi nước ngoài, cho tôi chiếc ô tô. Xin hỏi nhận xe ô tô được tặng có"
        " phải nộp thuế thu nhập cá nhân không?"
    )
    assert match.resolved is None or match.resolved.code == "1.008538"
    assert match.candidates[0].code == "1.008538"
    assert "1.013076" in [c.code for c in match.candidates[:2]]
