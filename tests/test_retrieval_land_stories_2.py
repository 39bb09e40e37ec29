"""Land and houses, round two (nlu/dev/probe_land_stories_2.yml, issue 8, "find the
procedure"): what the first round's stories did not ask, in long stories, the third
person, chat spellings without diacritics and abbreviations ("sđ", "hs", "dvc"). Land a
cooperative allotted and never certificated gets its first certificate; a certificate
left at a photocopy shop or stolen is issued again, one faded or scribbled on, or found
smaller on a new survey, is exchanged; a restriction of use lifted or a right of way over
the neighbour's plot is a change registered; the filing after a sale, land contributed to
a company, fields swapped are the transfer; a household's members' agreement and land
bought at a bank's or an enforcement office's auction are the change by agreement or by
decision; a registration fee or a land-use fee noted as a debt is cleared or paid off; a
mortgage's plot taken out, or a flat's mortgage carried over once it is certificated,
each find their procedure, and so do a field allotment run out, a fee recomputed on the
plot chosen for the quota and a first certificate issued wrongly. Compensation paid late,
plots sold in a project that does not exist and a poor household's makeshift house are
named as missing."""

from __future__ import annotations

from tests.fixtures_retrieval import each_finds_its_procedure, each_is_named_missing

SAID = [
    # land a cooperative allotted, never certificated; house and land both without papers
    (
        "Gia đình tôi được hợp tác xã giao mấy sào ruộng từ năm 1994, canh tác liên tục đến"
        " nay nhưng chưa được cấp giấy chứng nhận quyền sử dụng đất. Tôi muốn đăng ký đất đai"
        " thì làm thế nào?",
        "1.013978",
    ),
    (
        "Căn nhà gỗ của bà tôi dựng từ năm 1975, cả nhà lẫn đất đều chưa có sổ. Con cháu muốn"
        " làm sổ cho bà. Xin hỏi con cháu đi nộp hồ sơ thay bà được không?",
        "1.013978",
    ),
    # a certificate not found after a photocopy, or stolen: issued again
    (
        "Tôi mang sổ đỏ đi photo, về nhà thì không thấy đâu, tìm mãi vẫn không thấy. Xin hỏi"
        " làm gì để được cấp lại sổ, có phải đăng tin mất trên báo không?",
        "1.012786",
    ),
    ("lam mat so hong can ho chung cu thi xin cap lai o dau, co phai dang bao khong", "1.012786"),
    (
        "Sổ đỏ để trong tủ nay mở ra thì thấy mất, nghi bị kẻ gian lấy trộm, đã báo công an."
        " Xin hỏi cấp lại giấy chứng nhận bị mất mất bao lâu?",
        "1.012786",
    ),
    # faded, scribbled on, or smaller on a new survey: exchanged
    (
        "Sổ đỏ nhà tôi cấp năm 1997, giấy đã bạc màu, mực bị phai, không còn đọc được số thửa."
        " Xin hỏi xin đổi sổ mới thì nộp ở đâu?",
        "1.012783",
    ),
    ("sđ nhà e bị con nhỏ vẽ bậy lên, rách 1 góc. giờ đi đổi sổ mới có mất phí ko", "1.012783"),
    (
        "Xã đo vẽ lại bản đồ địa chính, diện tích đo được ít hơn trong sổ mấy mét, số thửa"
        " cũng khác. Xin hỏi tôi có phải đổi sổ theo số liệu đo mới không?",
        "1.012783",
    ),
    # the holder's details, a restriction of use lifted, a right of way: a change registered
    (
        "Tôi đã chuyển hộ khẩu lên thành phố, địa chỉ thường trú và số căn cước đều khác với"
        " những gì ghi trên sổ đỏ. Xin hỏi tôi có phải đăng ký thay đổi thông tin người sử dụng"
        " đất trên sổ không, làm ở đâu?",
        "1.013833",
    ),
    (
        "Thửa đất nhà tôi bị ghi hạn chế quyền sử dụng vì nằm trong hành lang bảo vệ đường"
        " điện cao thế, nay đường dây đã dỡ đi. Xin hỏi làm thủ tục gì để xóa phần hạn chế"
        " đó trên giấy chứng nhận?",
        "1.013833",
    ),
    (
        "Nhà tôi phải đi nhờ qua đất nhà bên cạnh ra đường, hai nhà đã thỏa thuận cho nhà tôi"
        " quyền lối đi. Xin hỏi có đăng ký quyền lối đi này vào sổ đỏ được không?",
        "1.013833",
    ),
    # the filing after the contract, land put into a company, fields swapped: the transfer
    (
        "Tôi bán đất cho chị họ, đã ký hợp đồng chuyển nhượng có công chứng. Xin hỏi bên bán"
        " hay bên mua đi nộp hồ sơ sang tên, trong bao lâu phải đăng ký biến động?",
        "1.013831",
    ),
    (
        "Tôi muốn góp vốn bằng quyền sử dụng mảnh đất đang đứng tên tôi vào công ty TNHH của"
        " mấy người bạn. Xin hỏi đăng ký ở đâu?",
        "1.013831",
    ),
    (
        "Ông có 1 sào ruộng ở xa nhà, muốn đổi lấy ruộng của hộ hàng xóm ở gần, hai bên đều có"
        " sổ. Xin hỏi hai hộ đổi ruộng cho nhau thì đăng ký ở đâu?",
        "1.013831",
    ),
    ("mua nhà đã có sổ hồng, công chứng xong rồi. giờ nộp hs sang tên ở đâu", "1.013831"),
    # a household's members agreeing; land bought at a bank's or an enforcement auction
    (
        "Sổ đỏ nhà tôi cấp cho hộ gia đình gồm bố mẹ và 4 anh chị em. Nay cả nhà thống nhất để"
        " em út đứng tên. Xin hỏi thỏa thuận của các thành viên hộ gia đình thì đăng ký ở đâu?",
        "1.013980",
    ),
    (
        "Tôi mua được lô đất qua đấu giá tài sản thế chấp của ngân hàng. Xin hỏi đăng ký để"
        " đứng tên thửa đất đó thì làm thủ tục gì?",
        "1.013980",
    ),
    (
        "Anh trúng đấu giá mảnh đất bị cơ quan thi hành án kê biên, đã được bàn giao đất. Anh"
        " muốn được cấp sổ đứng tên mình thì nộp hồ sơ ở đâu?",
        "1.013980",
    ),
    # two plots merged, typed without diacritics
    (
        "dat nha em co 2 thua lien nhau, deu co so rieng. em muon gop lai thanh 1 so de xay nha"
        " thi lam the nao",
        "1.012784",
    ),
    # residential land turned to trade without permission; a field allotment run out
    (
        "Tôi muốn chuyển một phần đất ở sang đất thương mại, dịch vụ để mở quán. Nghe nói không"
        " phải xin phép mà chỉ cần đăng ký biến động, có đúng không?",
        "1.013992",
    ),
    (
        "Đất ruộng gia đình tôi được giao từ năm 1993, đã hết hạn từ lâu nhưng vẫn đang cấy lúa."
        " Xin hỏi làm thủ tục gì để được tiếp tục sử dụng đất?",
        "1.013947",
    ),
    # a debt noted on the certificate cleared; a land-use fee's debt paid off early
    (
        "Sổ đỏ của tôi có dòng ghi nợ lệ phí trước bạ. Nay tôi muốn bán đất nên người mua yêu"
        " cầu xóa dòng ghi nợ đó. Xin hỏi thủ tục thế nào?",
        "1.013988",
    ),
    (
        "Tôi được ghi nợ tiền sử dụng đất khi chuyển mục đích. Nay có tiền muốn trả hết nợ"
        " trước hạn. Xin hỏi nộp ở đâu?",
        "1.012996",
    ),
    # the land-use fee recomputed on the plot chosen for the quota
    (
        "Bà có 2 thửa đất ở, muốn chọn thửa mới được công nhận để tính tiền sử dụng đất theo"
        " hạn mức giao đất ở. Xin hỏi nộp văn bản đề nghị tính lại tiền sử dụng đất ở đâu?",
        "1.115148",
    ),
    # mortgages: registered at the bank's request, a plot taken out, carried over to a flat
    (
        "Ngân hàng yêu cầu đăng ký thế chấp căn nhà đã có sổ hồng. Xin hỏi đăng ký thế chấp"
        " nhà đất thì nộp hồ sơ ở đâu?",
        "1.011441",
    ),
    (
        "Tôi thế chấp hai thửa đất ở ngân hàng, nay ngân hàng đồng ý rút bớt một thửa ra khỏi"
        " tài sản thế chấp. Xin hỏi có phải đăng ký thay đổi không?",
        "1.011442",
    ),
    (
        "Tôi mua căn hộ hình thành trong tương lai và thế chấp hợp đồng mua bán căn hộ ở ngân"
        " hàng, nay căn hộ đã có sổ hồng. Xin hỏi chuyển tiếp đăng ký thế chấp thế nào?",
        "1.011445",
    ),
    # a field's bank ploughed over: the commune's mediation
    (
        "Ruộng nhà tôi và nhà bên cạnh liền bờ, năm nào họ cũng cày lấn sang. Xin hỏi muốn nhờ"
        " xã đứng ra hòa giải thì viết đơn gửi ai?",
        "1.012812",
    ),
    # inner walls and stairs, load-bearing structure touched: a repair's permit
    (
        "Tôi muốn đập bỏ mấy bức tường ngăn để mở rộng phòng khách và thay cầu thang, có đụng"
        " đến kết cấu chịu lực. Xin hỏi có phải xin giấy phép không?",
        "1.013229",
    ),
    # a plot wider on a new survey; land given for a village hall; a certificate issued wrongly
    (
        "Đo đạc lại thì thửa đất nhà tôi rộng hơn trong sổ 12m2, hàng xóm không tranh chấp."
        " Xin hỏi phần tăng thêm đó có được cấp sổ không?",
        "1.012781",
    ),
    (
        "Thôn vận động các hộ hiến đất xây nhà văn hóa, phần đất nhà tôi chưa có sổ đỏ. Xin hỏi"
        " thủ tục tặng cho đất cho cộng đồng dân cư làm ở đâu?",
        "1.013979",
    ),
    (
        "Tôi phát hiện sổ đỏ cấp lần đầu cho gia đình tôi bao luôn cả đất của nhà hàng xóm, tức"
        " là cấp sai. Tôi muốn trả lại sổ để được cấp lại cho đúng, thủ tục thế nào?",
        "1.012818",
    ),
    # the registration fee after a first certificate
    (
        "Tôi vừa được cấp giấy chứng nhận lần đầu cho thửa đất ở, cơ quan thuế gửi thông báo"
        " nộp lệ phí trước bạ. Xin hỏi lệ phí trước bạ tính bao nhiêu phần trăm, khai ở đâu?",
        "1.007277",
    ),
]


test_a_land_story_finds_the_procedure_meant = each_finds_its_procedure(SAID)


STILL_MISSING = [
    (
        "Dự án mở rộng đường thu hồi đất nhà tôi từ năm 2022, đến nay mới nhận một nửa tiền"
        " bồi thường. Xin hỏi tôi phải hỏi ai để được trả nốt tiền bồi thường?",
        "land_recovery_compensation",
    ),
    (
        "Ông mua 2 lô đất nền của một công ty, đã đóng 70% tiền, nay mới biết dự án không có"
        " thật, giám đốc đã bỏ trốn. Ông cần làm gì để đòi lại tiền?",
        "land_project_fraud",
    ),
    (
        "Nhà tôi thuộc hộ nghèo, căn nhà tạm đã mục nát. Nghe nói có chương trình xóa nhà tạm,"
        " nhà dột nát. Xin hỏi đăng ký được hỗ trợ làm nhà ở đâu?",
        "temporary_house_support",
    ),
]


test_what_the_catalogue_lacks_is_named_missing = each_is_named_missing(STILL_MISSING)


def test_a_birth_date_typed_wrong_on_a_certificate_leads_to_its_correction(shipped_index):
    # the story names the correction (1.012790) at 0.74997 against the story's 0.75 (the
    # civil-status phrasings merged beside it moved the words' weights): it is offered
    # first, not answered (twenty-seventh session; was answered before the merge)
    says = (
        "Sổ hồng của vợ chồng tôi cấp năm 2015 ghi sai ngày sinh của vợ tôi, do cán bộ đánh"
        " máy nhầm. Xin hỏi muốn sửa lại thì làm ở đâu?"
    )
    assert shipped_index.find(says).candidates[0].code == "1.012790"
