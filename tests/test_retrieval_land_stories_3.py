"""Land and houses, round three (nlu/dev/probe_land_stories_3.yml, issue 8, "find the
procedure"): what the first two rounds' stories did not ask, in long stories, the third
person, chat spellings without diacritics and abbreviations ("sđ", "gpxd", "cmnd"). Land
a commune allotted without the power to, a village hall's or a clan temple's land get
their first certificate; a certificate lost by whoever kept it is issued again; one whose
added pages are full, a household's to be re-issued with its members
are exchanged; a name unlike the identity card's is corrected, a company renamed is a
change registered; a mortgaged house given, two brothers' plots merged, forest land
turned to a house plot, farmland used also for tourism, State land rent paid once or
exempted, a mortgage corrected or its enforcement registered, a commune chairman's
decision appealed to the province, a clan's plot or a fence mediated, a burnt house's
land tax, the fee on land parents give, an old State block's shared yard and a flat's
minimum floor area each find their procedure; an identity card lost beside a land
certificate, a first identity card, places named "Đất ..." and other certificates lost do
not find the land's. A certificate pawned, crops on recovered land, a flat's lifespan,
the fine for a late registration, a "guaranteed" certificate service, a foreigner's house
outside a project, a plot frozen by a plan and a tenant's damage are named as missing."""

from __future__ import annotations

from tests.fixtures_retrieval import each_finds_its_procedure, each_is_named_missing

SAID = [
    # land a commune allotted without the power to, a village hall's and a clan temple's
    # land: the first certificate
    (
        "Bà C. (Thái Nguyên) hỏi: Năm 2003 ủy ban xã giao cho bà 150m2 đất ở, bà đã nộp"
        " tiền cho xã và còn giữ biên lai, nhưng đến nay vẫn chưa được cấp giấy chứng nhận."
        " Nay cán bộ nói việc giao đất đó không đúng thẩm quyền. Bà có được cấp sổ không, có"
        " phải nộp thêm tiền sử dụng đất không?",
        "1.013978",
    ),
    (
        "Nhà văn hóa thôn tôi xây trên đất của thôn từ những năm 1990, đến nay chưa có giấy"
        " tờ gì. Thôn muốn làm sổ đỏ đứng tên cộng đồng dân cư thì trưởng thôn nộp hồ sơ ở"
        " đâu?",
        "1.013978",
    ),
    (
        "Nhà thờ họ của dòng họ tôi dựng trên đất họ tộc hơn 100 năm nay, chưa có sổ. Dòng"
        " họ muốn xin cấp giấy chứng nhận cho đất nhà thờ họ thì ai đứng tên, nộp ở đâu ạ?",
        "1.013978",
    ),
    # a certificate lost by whoever kept it: issued again
    (
        "sđ của bố e đưa cho ông chú giữ hộ, giờ ông chú mất rồi con cháu bảo ko thấy đâu."
        " làm lại sđ thì bố e phải làm những gì",
        "1.012786",
    ),
    # the added pages full, a household's certificate re-issued with its members:
    # exchanged
    (
        "Sổ đỏ của tôi cấp năm 2009, các trang bổ sung đã ghi kín hết vì mấy lần thế chấp"
        " rồi xóa thế chấp. Lần này ngân hàng nói không còn chỗ để xác nhận. Xin hỏi tôi"
        " phải làm thủ tục gì để có sổ mới?",
        "1.012783",
    ),
    (
        "Sổ đỏ nhà tôi cấp cho 'hộ ông Lê Văn Tư' từ năm 1998. Nghe nói luật mới không còn"
        " ghi hộ gia đình, muốn đổi sang sổ mới ghi tên đủ các thành viên thì có được không,"
        " hết bao nhiêu tiền?",
        "1.012783",
    ),
    # a name unlike the identity card's: corrected
    (
        "so do cua me toi ghi ten la Nguyen Thi Lan trong khi can cuoc la Nguyen Thi Lang,"
        " di cong chung ban dat ho khong chiu lam. sua lai ten tren so do thi lam o dau a",
        "1.012790",
    ),
    # a company renamed: a change of the holder's details
    (
        "Công ty TNHH của tôi vừa đổi tên theo giấy chứng nhận đăng ký doanh nghiệp mới,"
        " thửa đất nhà xưởng vẫn đứng tên công ty cũ. Xin hỏi có bắt buộc đăng ký để sổ đỏ"
        " mang tên công ty mới không, trong thời hạn bao lâu?",
        "1.013833",
    ),
    # a mortgaged house given to a daughter: the transfer
    (
        "Vợ chồng tôi muốn cho con gái căn nhà 3 tầng đang cho thuê, nhưng sổ hồng đang thế"
        " chấp ở ngân hàng. Xin hỏi đang thế chấp thì có tặng cho được không, thủ tục sang"
        " tên thế nào?",
        "1.013831",
    ),
    # two brothers' neighbouring plots merged
    (
        "Mảnh đất 60m2 của tôi liền với 45m2 của anh trai tôi, hai anh em muốn gộp lại để"
        " xây chung một căn nhà. Hai sổ đứng tên hai người khác nhau thì có hợp thửa được"
        " không?",
        "1.012784",
    ),
    # production forest land turned to a house plot
    (
        "Nhà tôi được giao 2ha đất rừng sản xuất trồng keo ở Quảng Ngãi, muốn chuyển 200m2"
        " sang đất ở để làm nhà ngay trên rẫy. Có được không, thủ tục thế nào?",
        "1.013949",
    ),
    # farmland also used for camping, its plan extended (commune)
    (
        "Ông S. (Lâm Đồng) hỏi: Ông đã được xã chấp thuận cho dùng đất nông nghiệp kết hợp"
        " làm dịch vụ cắm trại, nay phương án sắp hết thời hạn. Ông muốn gia hạn thì cần"
        " giấy tờ gì?",
        "1.013965",
    ),
    # yearly State land rent turned into rent paid once (commune)
    (
        "Hộ kinh doanh của tôi thuê đất của Nhà nước trả tiền hằng năm để làm lò gạch. Nay"
        " muốn chuyển sang thuê đất trả tiền một lần cho cả thời gian thuê để được thế chấp"
        " vay vốn. Xin hỏi làm đơn đề nghị gửi ai?",
        "1.013950",
    ),
    # a State land rent exempted
    (
        "Cơ sở của tôi thuê đất của Nhà nước để nuôi trồng thủy sản ở xã đặc biệt khó khăn."
        " Xin hỏi có được miễn tiền thuê đất mấy năm đầu không, hồ sơ đề nghị miễn thế nào?",
        "1.008568",
    ),
    # a registered mortgage corrected; the bank's notice of enforcement registered
    (
        "Hợp đồng thế chấp sổ đỏ của tôi ở ngân hàng ghi sai số thửa so với sổ, ngân hàng"
        " đề nghị đăng ký thay đổi để sửa lại cho đúng. Xin hỏi hồ sơ gồm những gì?",
        "1.011442",
    ),
    (
        "Ông Q. (Hải Phòng) hỏi: Ông thế chấp căn nhà để vay ngân hàng, nay không trả được"
        " nợ. Ngân hàng gửi văn bản nói đã đăng ký thông báo xử lý tài sản bảo đảm là căn"
        " nhà. Ông muốn biết đăng ký thông báo xử lý tài sản bảo đảm là thủ tục gì, làm ở"
        " đâu?",
        "1.011444",
    ),
    # a commune chairman's decision on a dispute taken to the province's chairman
    (
        "Chủ tịch xã đã ra quyết định giải quyết tranh chấp đất giữa nhà tôi và nhà hàng"
        " xóm, phần đất tranh chấp bị giao cho bên kia. Tôi không đồng ý với quyết định đó."
        " Xin hỏi tôi đề nghị lên ai giải quyết tiếp?",
        "1.012805",
    ),
    # a clan's plot disputed, a fence built over the line: mediation at the commune
    (
        "Dòng họ tôi và một hộ trong thôn tranh chấp phần đất nghĩa trang họ, đất chưa có"
        " sổ. Trưởng họ muốn ủy ban xã đứng ra hòa giải thì gửi đơn thế nào?",
        "1.012812",
    ),
    (
        "nha ben xay hang rao lan qua dat nha em gan 1m, noi ko nghe. em gui don len xa hoa"
        " giai thi mat bao lau moi giai quyet xong",
        "1.012812",
    ),
    # a burnt house's land tax relieved
    (
        "Nhà tôi bị cháy rụi hồi tháng 3, thiệt hại rất lớn. Xin hỏi có được xét miễn giảm"
        " thuế đất ở năm nay không, làm đơn ở đâu?",
        "1.008584",
    ),
    # the registration fee on land parents give
    (
        "bố mẹ cho con đất thì con có phải đóng trước bạ ko hay dc miễn, khai ở đâu",
        "1.007277",
    ),
    # the shared yard of an old State block bought
    (
        "Khu tập thể cũ nhà tôi, tôi đã mua căn hộ tầng 1 của Nhà nước từ năm 2005. Nay"
        " muốn mua thêm phần diện tích sân và hành lang sử dụng chung liền kề căn hộ. Xin"
        " hỏi nộp đơn đề nghị mua ở đâu?",
        "1.012894",
    ),
    # the minimum floor area confirmed for a permanent residence
    (
        "Tôi muốn đăng ký thường trú vào căn nhà thuê của người quen. Công an nói phải có"
        " xác nhận diện tích nhà ở bình quân đạt mức tối thiểu. Xin hỏi xin xác nhận này ở"
        " đâu?",
        "1.013314",
    ),
    # an identity card lost beside a land certificate, a 9-digit number confirmed, a first
    # identity card, place names with "Đất", other certificates lost, a single status
    # certificate for a land purchase: not the land's procedures
    (
        "Ông tôi năm nay 78 tuổi, đi chợ bị mất ví, mất cả thẻ căn cước lẫn giấy chứng minh"
        " nhân dân cũ. Xin hỏi ông làm lại căn cước ở đâu, có phải mang theo sổ hộ khẩu hay"
        " sổ đỏ gì không?",
        "1.014064",
    ),
    (
        "Giấy chứng minh nhân dân 9 số của mẹ tôi bị mất từ lâu, nay làm thủ tục sang tên"
        " đất thì văn phòng công chứng yêu cầu giấy xác nhận số chứng minh cũ. Xin hỏi xin"
        " xác nhận số cmnd 9 số ở đâu?",
        "1.012566",
    ),
    (
        "Con gái tôi năm nay tròn 14 tuổi, đi làm căn cước lần đầu có cần mang giấy khai"
        " sinh không, làm ở công an xã nơi thường trú hay ở đâu cũng được?",
        "1.014061",
    ),
    (
        "Bà N. (xã Đất Mũi, Cà Mau) hỏi: Cháu nội của bà mới sinh được 1 tháng, bố mẹ cháu"
        " đi làm ăn xa. Bà có đi đăng ký khai sinh cho cháu được không?",
        "1.001193",
    ),
    (
        "Tôi ở thị trấn Đất Đỏ cũ (Bà Rịa - Vũng Tàu), giấy chứng nhận đăng ký kết hôn của"
        " vợ chồng tôi bị mất trong lúc dọn nhà. Xin hỏi xin lại bản sao ở đâu?",
        "2.000635",
    ),
    (
        "Em định mua một mảnh đất ở Long An, người bán bảo em phải có giấy xác nhận tình"
        " trạng hôn nhân thì mới công chứng được. Xin hỏi giấy xác nhận độc thân xin ở đâu,"
        " mất mấy ngày?",
        "1.004873",
    ),
    (
        "Xe máy đứng tên tôi, tôi bị móc túi mất giấy chứng nhận đăng ký xe (cà vẹt). Xin"
        " hỏi xin cấp lại giấy chứng nhận đăng ký xe ở đâu?",
        "1.013082",
    ),
]


test_a_land_story_finds_the_procedure_meant = each_finds_its_procedure(SAID)


STILL_MISSING = [
    (
        "Anh tôi cần tiền gấp nên mang sổ đỏ đi cầm ở tiệm cầm đồ, vay 300 triệu lãi theo"
        " ngày. Nay tiệm đòi lãi quá cao và không chịu trả sổ. Xin hỏi cầm sổ đỏ như vậy có"
        " hợp pháp không, làm sao lấy lại sổ?",
        "pawned_certificate",
    ),
    (
        "Nhà nước thu hồi 1 sào ruộng của gia đình tôi để làm đường dây điện 500kV, trên"
        " đất có mấy chục cây bưởi đang cho quả. Xin hỏi cây trồng trên đất bị thu hồi được"
        " bồi thường theo giá nào?",
        "land_recovery_compensation",
    ),
    (
        "Căn hộ chung cư tôi mua năm 2010, nghe nói chung cư chỉ có thời hạn 50 năm rồi"
        " phải trả lại nhà nước. Có đúng không, hết hạn thì người dân được gì?",
        "apartment_lifespan",
    ),
    (
        "Bán đất xong quá 30 ngày mới đi đăng ký biến động thì bị phạt bao nhiêu tiền,"
        " người mua hay người bán bị phạt?",
        "land_violation_fine",
    ),
    (
        "Có công ty dịch vụ nhận làm sổ đỏ trọn gói 'bao đậu' với giá 50 triệu cho đất chưa"
        " có giấy tờ. Xin hỏi có nên thuê dịch vụ như vậy không, có phải lừa đảo không?",
        "land_paper_service",
    ),
    (
        "Anh M. quốc tịch Singapore muốn mua một căn nhà phố có sổ đỏ riêng, không thuộc dự"
        " án nào, ở Hà Nội. Người nước ngoài mua nhà riêng lẻ ngoài dự án như vậy có được"
        " cấp sổ hồng không?",
        "foreigner_detached_house",
    ),
    (
        "Mảnh đất tôi mua được 2 năm thì bị quy hoạch treo làm trường học, không được xây,"
        " không được tách thửa, mấy năm nay chưa thấy thu hồi. Xin hỏi tôi có được nhà nước"
        " bồi thường gì không?",
        "planning_freeze",
    ),
    (
        "Người thuê nhà của tôi tự ý đục tường, sửa nhà làm hỏng kết cấu. Tôi muốn chấm dứt"
        " hợp đồng thuê và đòi bồi thường thì làm thế nào?",
        "rental_dispute",
    ),
]


test_what_the_catalogue_lacks_is_named_missing = each_is_named_missing(STILL_MISSING)
