"""Civil status told as citizens write it, round three (issue 8, "find the procedure";
questions of nlu/dev/probe_civil_status_stories_3.yml, invented by H291): stories with the
question at the end, third person, no diacritics, abbreviations. What tells procedures
apart here: a registration of a foreign act recorded (a divorce at a foreign town hall, an
annulment, an adoption by a foreign court) against the one done at home; an emigrant's
death registered again against a copy of its extract; a surname changed after a father's
recognition against the recognition; names differing between papers confirmed; the
joint birth registration asked with the child's residence; new phrasings of the border's
own recognition and adoption and of a foreign-element adoption registered again. Each
row: the citizen says, the procedure answered (national code). Matters the catalogue
lacks (a soldier's leave to marry, a sham marriage annulled, a Korean marriage visa, an
adoptee's search for a birth mother, the Women's Union's pre-marriage counselling, a
cremation permit, a family genealogy) are named as missing."""

from __future__ import annotations

from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)

SAID = [
    # the child's residence asked with the joint registration on VNeID (not the parents')
    (
        "Vợ chồng tôi thuê trọ ở Bình Dương, chỉ có tạm trú, hộ khẩu thường trú vẫn ở Nghệ "
        "An. Khai sinh cho con qua VNeID theo kiểu liên thông có nhập khẩu luôn cho cháu "
        "vào hộ khẩu ở quê được không?",
        "2.000986",
    ),
    # a surname changed to the father's after recognition, not the recognition again
    (
        "Sau khi làm thủ tục nhận cha xong, con tôi muốn đổi sang mang họ của cha thì phải "
        "làm thêm thủ tục gì, làm ở đâu?",
        "1.004859",
    ),
    # a birth certificate matched to the card
    (
        "Ông D. (Phú Thọ) hỏi: giấy khai sinh của tôi ghi tên là Đình, nhưng từ trước đến "
        "nay tôi dùng tên Đinh trong mọi giấy tờ, kể cả căn cước. Nay tôi muốn sửa giấy "
        "khai sinh cho khớp thì cần mang theo những gì, mất bao lâu?",
        "1.004859",
    ),
    # a divorce abroad at a town hall, not a court; an annulment abroad recorded
    (
        "Chị N. (Kiên Giang) hỏi: Tôi và chồng cũ người Nhật đã ly hôn bằng cách nộp đơn ở "
        "tòa thị chính bên Nhật, không qua tòa án. Nay tôi về quê muốn đăng ký kết hôn với "
        "người khác thì việc ly hôn đó có cần ghi vào sổ hộ tịch ở Việt Nam không, làm ở "
        "đâu?",
        "2.000554",
    ),
    (
        "Vợ tôi đã được tòa án Hàn Quốc tuyên hủy việc kết hôn vì kết hôn giả. Về Việt Nam "
        "cô ấy có phải làm thủ tục gì để ghi việc hủy kết hôn đó vào sổ không?",
        "2.000554",
    ),
    # a death long past never registered, no hospital's notice
    (
        "ba co toi mat nam 1985, chua tung khai tu, gio lam so do thua ke thi can giay "
        "chung tu. ko co giay bao tu thi thay bang giay gi a",
        "1.000656",
    ),
    # an emigrant's death registered again, the register gone: not a copy of the extract
    (
        "Mẹ tôi là người Việt định cư ở Canada, mất ở Việt Nam năm 2010, khi đó đã khai tử "
        "ở Sở Tư pháp. Nay giấy chứng tử bị thất lạc, hỏi thì nơi đăng ký cũng không còn "
        "lưu sổ. Tôi muốn làm lại giấy chứng tử cho mẹ thì làm thủ tục gì?",
        "2.000497",
    ),
    # names differing between a death certificate and a bank book
    (
        "Tên mẹ tôi trong giấy chứng tử là Nguyễn Thị Huệ, còn trong sổ tiết kiệm lại ghi "
        "Nguyễn Thị Huê. Ngân hàng yêu cầu giấy tờ xác nhận là cùng một người thì mới cho "
        "rút tiền. Xin hỏi xin xác nhận ở đâu?",
        "2.002516",
    ),
    # an adoption made by a foreign court recorded at home, not adopted again
    (
        "Tôi là người Việt sống ở Mỹ, đã nhận con nuôi tại tòa án bang Texas năm 2019, đứa "
        "bé cũng là người Việt. Nay về nước, tôi muốn việc nuôi con nuôi đó được ghi vào sổ "
        "ở Việt Nam thì làm thủ tục gì?",
        "2.002363",
    ),
    # the new entries' everyday words: the border's recognition and adoption, a
    # foreign-element adoption registered again
    ("nhận cha con ở xã biên giới", "1.000080"),
    ("nhận trẻ em bên kia biên giới làm con nuôi", "2.002349"),
    ("đăng ký lại việc nuôi con nuôi có yếu tố nước ngoài", "1.003179"),
]


test_civil_status_stories_3_find_the_procedure_meant = each_finds_its_procedure(SAID)


# Told beside what the catalogue lacks, but asked of what it holds: not named missing.
SAID_IN_PASSING = [
    # whether a recognition needs a DNA test: the recognition asked, not the test
    (
        "Tôi năm nay 30 tuổi, giấy khai sinh không có tên cha. Cha ruột tôi nay đã già, "
        "muốn làm thủ tục nhận tôi là con, tôi cũng đồng ý. Hai cha con cần chuẩn bị gì, có "
        "bắt buộc xét nghiệm ADN không?",
        "1.001022",
    ),
    # a child born of surrogacy registered: the birth, not the surrogacy or a benefit
    (
        "Vợ chồng em hiếm muộn, được chị họ mang thai hộ theo quyết định của bệnh viện. Bé "
        "đã sinh được 10 ngày, giấy chứng sinh ghi tên chị họ là người sinh. Giờ vợ chồng "
        "em đi làm giấy khai sinh cho bé thì ghi tên ai là mẹ, cần thêm giấy tờ gì ạ?",
        "1.001193",
    ),
    (
        "Bà Q. (Hà Tĩnh) hỏi: con gái tôi mang thai hộ cho vợ chồng người em họ, cháu bé đã "
        "sinh ở bệnh viện tỉnh. Vậy ai là người đi làm khai sinh cho cháu, làm ở xã nơi con "
        "gái tôi ở hay nơi vợ chồng em họ ở?",
        "1.001193",
    ),
    ("đăng ký nhận con có bắt buộc xét nghiệm adn không", "1.001022"),
]


test_civil_status_stories_3_not_called_missing = none_is_called_missing(SAID_IN_PASSING)


STILL_MISSING = [
    # a soldier's leave to marry: the army's own matter
    (
        "Em là quân nhân chuyên nghiệp, muốn cưới vợ thì phải xin phép đơn vị, thẩm tra lý "
        "lịch gia đình bên vợ thế nào ạ, mất bao lâu?",
        "military_marriage",
    ),
    # a sham marriage annulled: the court's
    (
        "Tôi phát hiện vợ người Trung Quốc lấy tôi chỉ để có giấy tờ rồi bỏ trốn, hai năm "
        "nay không liên lạc. Tôi muốn yêu cầu hủy kết hôn giả tạo thì nộp đơn ở đâu?",
        "court",
    ),
    # a marriage visa of the country one goes to, the spouse's move told with it
    (
        "Vợ em người Việt, em muốn làm visa F6 cho vợ sang Hàn sống cùng, hồ sơ nộp ở Đại "
        "sứ quán hay ở đâu ạ?",
        "visa_abroad",
    ),
    # an adoptee searching for a birth mother, told before "cơ quan nào giúp"
    (
        "Tôi là con nuôi được một gia đình người Mỹ nhận từ năm 1990, nay muốn tìm lại mẹ "
        "đẻ ở Việt Nam. Cơ quan nào có thể giúp tôi tìm kiếm thông tin?",
        "family_search",
    ),
    # the Women's Union's counselling certificate, the marriage told beside it
    (
        "Sắp tới em đăng ký kết hôn với chồng Hàn, nghe nói phải có giấy chứng nhận đã tham "
        "gia tư vấn tiền hôn nhân của Hội Phụ nữ. Giấy đó xin ở đâu ạ?",
        "marriage_counselling",
    ),
    # a cremation permit, the death certificate asked as its paper
    (
        "bo em mat o benh vien, gia dinh muon hoa tang thi xin giay phep hoa tang o dau, co "
        "can giay chung tu truoc ko",
        "cremation",
    ),
    # a family genealogy "trích lục": no civil-status extract
    (
        "Dòng họ nhà tôi muốn xin trích lục gia phả có xác nhận của ủy ban để làm hồ sơ "
        "nhận lại đất hương hỏa, xin ở đâu ạ?",
        "genealogy",
    ),
    ("xin phép hỏa táng ở đâu", "cremation"),
]


test_what_the_catalogue_lacks_is_named_3 = each_is_named_missing(STILL_MISSING)
