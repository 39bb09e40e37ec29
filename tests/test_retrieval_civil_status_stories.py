"""Civil status and nationality told as a reader writes to a newspaper column or to the
justice department (issue 8, "find the procedure"): a story with years, ages and places,
then the question. A child's ethnicity or surname chosen at its birth registration, a
foreign father's child, a marriage registered abroad or a divorce granted there, a
relative who died abroad, a child's name or surname changed, a certified contract written
wrongly, nationality renounced or restored from abroad, Vietnamese origin proved. Each
row: the citizen says, the procedure answered (national code). Matters the catalogue
lacks (a hospital's own papers issued again, an estate's division sued for, a person
declared missing, a father who refuses his child) are named as missing, and a divorce
granted abroad, asked how it is recorded, is not called the court's."""

from __future__ import annotations

from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)

SAID = [
    # the ethnicity and the surname chosen when the birth is registered (not a later
    # change, 1.004859)
    (
        "Vợ tôi là người Tày, tôi là người Kinh, con đầu lòng sắp chào đời. Xin hỏi khi làm"
        " giấy khai sinh có được chọn dân tộc theo mẹ không, thủ tục đăng ký khai sinh ra sao?",
        "1.001193",
    ),
    # a child of a foreign father: the nationality chosen at its registration
    (
        "Tôi lấy chồng người Hàn Quốc, hai vợ chồng sống ở Đồng Nai, con vừa sinh ở bệnh viện"
        " tỉnh. Xin hỏi làm giấy khai sinh cho cháu ở đâu, có phải chọn quốc tịch cho con không?",
        "2.000528",
    ),
    # a marriage registered abroad, recorded at home
    (
        "Chúng tôi đăng ký kết hôn ở Úc năm 2020, nay cả hai về Đà Nẵng sinh sống và muốn"
        " việc kết hôn được công nhận, ghi vào sổ hộ tịch ở Việt Nam. Xin hỏi thủ tục ra sao?",
        "2.002189",
    ),
    # a divorce granted abroad, recorded before a new marriage (not the court's)
    (
        "Tôi đã ly hôn với chồng người Nhật theo bản án của tòa án Nhật năm 2019. Nay tôi"
        " muốn đăng ký kết hôn ở quê, xin hỏi phải làm gì với bản án ly hôn ở nước ngoài?",
        "2.000554",
    ),
    # a brother who died abroad: the foreign death certificate recorded
    (
        "Anh tôi đi làm ở Đài Loan và mất vì tai nạn lao động, phía Đài Loan đã cấp giấy"
        " chứng tử. Xin hỏi gia đình muốn ghi việc khai tử vào sổ hộ tịch thì làm thế nào?",
        "2.000547",
    ),
    # a child's name and surname changed
    (
        "Con tôi 9 tuổi, tên ở nhà đặt vội nên tên quá quê, cháu bị bạn trêu. Gia đình muốn"
        " đổi tên cho cháu, xin hỏi làm ở đâu?",
        "1.004859",
    ),
    (
        "Tôi ly hôn năm 2021 và được nuôi con. Xin hỏi thủ tục đổi họ cho con sang họ mẹ thế"
        " nào, có cần chữ ký của bố cháu không?",
        "1.004859",
    ),
    # a foreigner who died in Vietnam
    (
        "Chị dâu tôi là người nước ngoài, mất ở Việt Nam tại nhà chồng ở Huế tháng trước. Xin"
        " hỏi làm giấy chứng tử cho người nước ngoài mất ở Việt Nam nộp ở đâu?",
        "1.001766",
    ),
    # nationality: restored by someone back home; renounced or restored from abroad
    (
        "Năm 2008 tôi thôi quốc tịch Việt Nam để nhập quốc tịch Đài Loan. Nay tôi đã về"
        " sống ở quê Cần Thơ được 4 năm và muốn xin trở lại quốc tịch Việt Nam. Thủ tục thế"
        " nào?",
        "2.002038",
    ),
    (
        "Tôi định cư ở Úc từ năm 1995, nay muốn nhập quốc tịch Úc nên cần thôi quốc tịch"
        " Việt Nam. Xin hỏi tôi đang ở nước ngoài thì nộp đơn xin thôi quốc tịch ở đâu?",
        "1.005141",
    ),
    (
        "Tôi là người Việt định cư ở Mỹ, đã thôi quốc tịch Việt Nam năm 2001. Nay tôi đang ở"
        " nước ngoài xin trở lại quốc tịch Việt Nam thì nộp hồ sơ ở đâu?",
        "1.004757",
    ),
    # Vietnamese origin proved by a child of emigrants
    (
        "Bố mẹ tôi sang Canada từ năm 1980, tôi sinh ở Toronto và chỉ có quốc tịch Canada."
        " Tôi cần giấy chứng minh là người gốc Việt Nam để về nước mua nhà, xin hỏi cấp ở đâu?",
        "2.001895",
    ),
    # a certified gift contract with a wrong plot number
    (
        "Tôi và em gái làm hợp đồng tặng cho quyền sử dụng đất, đã chứng thực ở xã, nay mới"
        " thấy số thửa trong hợp đồng bị ghi sai. Xin hỏi sửa lỗi thế nào?",
        "2.000927",
    ),
    # a copy of a marriage certificate certified while the original is kept
    (
        "Vợ chồng tôi vay vốn ngân hàng, ngân hàng cần bản sao giấy đăng ký kết hôn, bản"
        " gốc vẫn còn. Xin hỏi chứng thực bản sao giấy đăng ký kết hôn ở đâu?",
        "2.000815",
    ),
]


test_civil_status_stories_find_the_procedure_meant = each_finds_its_procedure(SAID)


# A divorce granted abroad, asked how it is recorded: the catalogue's procedure, not the
# court's divorce.
SAID_IN_PASSING = [
    (
        "Tôi ly hôn ở nước ngoài năm 2022, nay về nước muốn ghi chú ly hôn vào sổ hộ tịch"
        " để kết hôn lại, làm ở đâu?",
        "2.000554",
    ),
]


test_a_divorce_recorded_from_abroad_is_not_called_missing = none_is_called_missing(SAID_IN_PASSING)


STILL_MISSING = [
    # a hospital's birth certificate or death notice issued again is the hospital's
    (
        "Tôi sinh con ở bệnh viện tỉnh năm ngoái nhưng làm mất giấy chứng sinh trước khi"
        " làm khai sinh. Xin hỏi xin cấp lại giấy chứng sinh ở đâu?",
        "hospital_papers",
    ),
    (
        "Ông tôi mất ở bệnh viện năm 2019, giấy báo tử bị thất lạc. Xin hỏi muốn xin bệnh"
        " viện cấp lại giấy báo tử thì làm sao?",
        "hospital_papers",
    ),
    # an estate's division sued for, a person declared missing: the court's
    (
        "Cha mẹ mất không để lại di chúc, anh trai chiếm hết đất, hòa giải ở thôn không"
        " thành. Xin hỏi chúng tôi có thể kiện chia thừa kế không?",
        "court",
    ),
    (
        "Chồng tôi bỏ đi biệt tích từ năm 2016, nay tôi muốn yêu cầu tuyên bố mất tích thì"
        " nộp đơn ở đâu?",
        "court",
    ),
    # a father who refuses his child: no recognition both sides agree on
    (
        "bố đứa bé không chịu nhận con, nhà tôi muốn làm xét nghiệm adn để xác định cha cho cháu",
        "paternity_dispute",
    ),
]


test_what_the_catalogue_lacks_is_still_named = each_is_named_missing(STILL_MISSING)
