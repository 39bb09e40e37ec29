"""Building, housing, planning, environment and water told as a reader writes to a
newspaper column or a ministry's Q&A page (issue 8, "find the procedure"): a long polite
story with years, floors, areas and places, then the question. A house built new, in
town or in a planned village, or on land marked for a road, needs its building permit;
a roof relaid or a facade redone is a repair's permit; a permit lost in a flood is
issued again, one about to lapse extended, one whose design changed adjusted. A house
rebuilt on a certified plot is recorded on the certificate; a flat bought from a
developer gets its own; a foreigner's fifty years are extended. Social housing's income
and housing confirmations, a poor household's loan to rebuild, a condominium's board, a
plot's planning, a homestay's well, a river pumped for a factory, a pig farm's
environmental permit and its change, a karaoke's fire-safety design, a guesthouse's
acceptance and a workshop allowed to work again each find their procedure. Matters the
catalogue lacks (a small workshop's environmental registration, a landlord raising the
rent, a karaoke licence, a fine for building without a permit) are named as missing,
and a neighbour's noise or a farm's smell finds no procedure at all."""

from __future__ import annotations

import pytest

from tests.fixtures_retrieval import each_finds_its_procedure, each_is_named_missing, story_ids

SAID = [
    # a house built new in a village with a detailed plan; on land marked for a road
    (
        "Gia đình tôi ở thôn Đông, có 200m2 đất ở đã có sổ đỏ, năm sau định xây nhà 2 tầng."
        " Khu dân cư thôn tôi đã có quy hoạch chi tiết được duyệt. Xin hỏi nhà ở nông thôn"
        " như vậy có phải xin giấy phép xây dựng không?",
        "1.013225",
    ),
    (
        "Đất nhà tôi 80m2, có khoảng 15m2 nằm trong quy hoạch mở rộng đường nhưng chưa có"
        " quyết định thu hồi. Xin hỏi tôi có được cấp giấy phép xây dựng có thời hạn không?",
        "1.013225",
    ),
    # a roof relaid after a storm, a facade redone: the repair's permit (not a new house's)
    (
        "Mái ngói nhà tôi bị dột nhiều chỗ sau đợt bão, tôi muốn lợp lại mái, không thay đổi"
        " kết cấu chịu lực. Xin hỏi sửa chữa như vậy có cần xin giấy phép xây dựng không?",
        "1.013229",
    ),
    (
        "Nhà tôi ở mặt phố, mặt tiền đã cũ và bong tróc, tôi muốn làm lại mặt tiền và thay"
        " cửa. Xin hỏi sửa mặt tiền như vậy có phải xin phép không?",
        "1.013229",
    ),
    # a permit soaked in a flood, one about to lapse
    (
        "Trận lũ làm ngập nhà tôi, giấy tờ trong tủ bị hỏng, trong đó có giấy phép xây dựng"
        " nhà đang xây dở. Xin hỏi tôi xin cấp lại giấy phép xây dựng thế nào?",
        "1.013228",
    ),
    # a house rebuilt on a certified plot, one built by the former owner: recorded on it
    (
        "Căn nhà cấp 4 trên sổ hồng của bà đã bị phá đi để xây nhà 2 tầng mới, diện tích sàn"
        " khác hẳn. Xin hỏi bà có phải đăng ký thay đổi tài sản trên sổ hồng không?",
        "1.013995",
    ),
    (
        "Năm 2019 tôi xây nhà 3 tầng trên mảnh đất đã có sổ đỏ, sổ chỉ ghi đất. Ngân hàng"
        " yêu cầu nhà phải được ghi vào sổ. Xin hỏi thủ tục đăng ký bổ sung nhà vào giấy"
        " chứng nhận thế nào?",
        "1.013995",
    ),
    # land and house never certified: the first certificate (not a building permit)
    (
        "Gia đình tôi ở trên mảnh đất này từ năm 1994, xây nhà từ năm 1996 nhưng đất và nhà"
        " đều chưa được cấp giấy chứng nhận. Xin hỏi nay làm sổ cho cả đất và nhà thì cần"
        " giấy tờ gì?",
        "1.013978",
    ),
    # a flat bought from a developer, by a citizen or a foreigner
    (
        "Tôi mua căn hộ của chủ đầu tư từ năm 2017 nhưng đến nay chủ đầu tư vẫn chưa làm sổ"
        " hồng. Xin hỏi tôi có thể tự nộp hồ sơ xin cấp sổ hồng không?",
        "1.012787",
    ),
    (
        "Anh J. quốc tịch Úc đã ký hợp đồng mua một căn hộ trong dự án thương mại. Xin hỏi"
        " người nước ngoài mua căn hộ như vậy thì ai làm sổ hồng?",
        "1.012787",
    ),
    # a foreigner's fifty years of ownership extended
    (
        "Chồng tôi là người Hàn Quốc, mua căn hộ năm 2021, giấy chứng nhận ghi thời hạn sở"
        " hữu 50 năm. Xin hỏi khi hết hạn thì có được gia hạn không?",
        "1.012890",
    ),
    # social housing: a crowded home's housing confirmed; a poor household's loan
    (
        "Vợ chồng tôi và 2 con đang ở chung nhà bố mẹ, căn nhà 45m2 có tất cả 6 người. Xin"
        " hỏi nhà chúng tôi bình quân dưới 15m2 một người thì có được mua nhà ở xã hội"
        " không, xác nhận điều kiện nhà ở tại đâu?",
        "1.014632",
    ),
    (
        "Nhà ông là hộ nghèo, căn nhà tạm bị bão làm sập một phần. Ông nghe nói có chính"
        " sách cho vay ưu đãi để tự xây lại nhà ở. Xin hỏi ông cần làm thủ tục gì để được vay?",
        "1.014632",
    ),
    # a social-housing flat bought: the family's permanent residence in it is asked
    (
        "Năm 2024 tôi mua được căn hộ nhà ở xã hội ở Bình Dương và đã nhận nhà. Nay cả gia"
        " đình tôi muốn chuyển hộ khẩu từ quê vào căn hộ này. Xin hỏi đăng ký thường trú vào"
        " căn hộ cần giấy tờ gì?",
        "1.004222",
    ),
    # a project's flats sold by its developer
    (
        "Dự án nhà ở xã hội gần chỗ tôi làm việc sắp mở bán. Xin hỏi hồ sơ đăng ký mua nộp"
        " cho chủ đầu tư hay cho ủy ban?",
        "1.115150",
    ),
    # a condominium's board recognised
    (
        "Tòa chung cư chúng tôi đã tổ chức hội nghị nhà chung cư lần đầu và bầu ra ban quản"
        " trị. Xin hỏi ban quản trị phải làm thủ tục gì để được công nhận?",
        "1.012888",
    ),
    # a permit about to be sought; the plot's planning asked
    (
        "Tôi sắp làm hồ sơ xin giấy phép xây dựng nhà ở trên mảnh đất mới mua. Trước khi"
        " nộp, tôi muốn biết chỉ giới đường đỏ của thửa đất này. Xin hỏi xin thông tin quy"
        " hoạch ở đâu?",
        "1.014159",
    ),
    # water: a homestay's well, a well-driller's licence extended
    (
        "Tôi mở homestay 8 phòng, dùng nước giếng khoan khoảng 8 khối mỗi ngày. Xin hỏi hồ"
        " sơ đăng ký khai thác nước dưới đất gồm những gì?",
        "1.001662",
    ),
    (
        "Giấy phép hành nghề khoan nước dưới đất của công ty tôi sắp hết hạn. Xin hỏi thủ"
        " tục gia hạn giấy phép hành nghề khoan gồm những gì?",
        "2.001738",
    ),
    # environment: a pig farm's permit (not the farm's own certificate), its change, an
    # impact assessment at the province
    (
        "Gia đình tôi nuôi heo quy mô khoảng 3.000 con. Nghe nói trang trại phải có giấy"
        " phép môi trường. Xin hỏi trang trại như tôi có thuộc diện phải xin không?",
        "1.010727",
    ),
    (
        "Xưởng may của tôi đã có giấy phép môi trường do tỉnh cấp. Nay tôi mở rộng thêm một"
        " dây chuyền giặt tẩy. Xin hỏi tôi có phải xin điều chỉnh giấy phép môi trường không?",
        "1.010729",
    ),
    (
        "Công ty tôi chuẩn bị đầu tư nhà máy gạch ở Thanh Hóa. Xin hỏi hồ sơ thẩm định báo"
        " cáo đánh giá tác động môi trường nộp ở đâu?",
        "1.010733",
    ),
    # fire safety: a design appraised, a guesthouse accepted, a workshop working again
    (
        "Tôi thuê một tòa nhà 5 tầng để cải tạo thành quán karaoke. Xin hỏi trước khi cải"
        " tạo có phải làm thẩm duyệt thiết kế về phòng cháy chữa cháy không?",
        "3.000489",
    ),
    (
        "Chị vừa xây xong nhà nghỉ 7 tầng, thiết kế đã được công an thẩm duyệt phòng cháy"
        " chữa cháy. Xin hỏi chị phải làm thủ tục nghiệm thu phòng cháy chữa cháy thế nào?",
        "3.000493",
    ),
    (
        "Cơ sở sản xuất của tôi bị cảnh sát phòng cháy đình chỉ hoạt động vì vi phạm về"
        " phòng cháy. Nay tôi đã khắc phục xong. Xin hỏi làm thủ tục gì để được phục hồi"
        " hoạt động?",
        "3.000494",
    ),
]


test_a_building_or_housing_story_finds_the_procedure_meant = each_finds_its_procedure(SAID)


STILL_MISSING = [
    (
        "Tôi có xưởng mộc gia đình nhỏ ở làng nghề, có hộ kinh doanh. Cán bộ xã nói cơ sở"
        " phải đăng ký môi trường với ủy ban xã. Xin hỏi hồ sơ đăng ký môi trường gồm"
        " những gì?",
        "environmental_registration",
    ),
    (
        "Tôi thuê một căn nhà nguyên căn để ở, hợp đồng 2 năm. Mới được 1 năm chủ nhà đòi"
        " tăng tiền thuê 30%. Xin hỏi chủ nhà làm như vậy có đúng không?",
        "rental_dispute",
    ),
    (
        "Em muốn mở quán karaoke 6 phòng ở nhà mình. Xin hỏi em cần xin giấy phép kinh doanh"
        " karaoke ở đâu?",
        "karaoke",
    ),
    (
        "Nhà tôi xây thêm tầng 3 mà chưa kịp xin phép, phường đã lập biên bản. Xin hỏi xây"
        " không phép bị phạt bao nhiêu tiền?",
        "building_violation",
    ),
]


test_what_the_catalogue_lacks_is_named_missing = each_is_named_missing(STILL_MISSING)


# A neighbour's noise or a condominium's fee finds no procedure: the bot says it has
# none for it (or that it is beyond what it answers), and offers no procedure's button.
NOTHING_FOUND = [
    "Cạnh nhà tôi có một xưởng mộc chạy máy cưa từ 5 giờ sáng đến 10 giờ đêm, tiếng ồn rất"
    " lớn, bụi gỗ bay sang nhà. Xin hỏi tôi có thể phản ánh ở đâu để họ chấm dứt?",
    "Chung cư tôi ở đang tranh cãi với chủ đầu tư về phí dịch vụ quản lý vận hành tăng mà"
    " không hỏi ý kiến cư dân. Xin hỏi chủ đầu tư tự tăng phí như vậy có đúng không?",
]


@pytest.mark.parametrize("says", NOTHING_FOUND, ids=story_ids(NOTHING_FOUND))
async def test_a_neighbours_nuisance_is_answered_honestly(conversation, says: str) -> None:
    await conversation.say(says)
    [reply] = conversation.last
    assert reply.kind in {"procedure_unknown", "out_of_scope"}, reply.text
    assert not [b for b in reply.buttons if b.payload.startswith("proc:")]
