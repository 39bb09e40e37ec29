"""Social assistance and its neighbours asked the way a reader writes to a newspaper column
or a ministry's Q&A page (issue 8, "find the procedure"): a story with ages, dates and
places, then the question. A poor household added in the year or leaving the list, a
police officer's family asking his martyr's or war invalid's recognition, a complaint
against the police's fine, a small shop's tax: the catalogue's procedure is answered.
What the catalogue lacks (a monthly allowance for an orphan, the funeral support of a
person on the allowance, a soldier's Agent Orange allowance, a farm's certificate, the
citizens' reception, a loan of the social-policy bank) is named as missing, and a
neighbouring procedure is not offered for a word of it."""

from __future__ import annotations

from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)

FOUND = [
    # a poor household: added in the year after a hardship, leaving the list
    (
        "Nhà tôi ở Quảng Bình, chồng bị tai nạn nằm một chỗ từ tháng 5. Xin hỏi gia đình"
        " có được bổ sung vào danh sách hộ nghèo giữa năm không?",
        "1.011607",
    ),
    (
        "Ông H. (Yên Bái) hỏi: nhà tôi nay đã có thu nhập ổn định từ nuôi dê. Quy trình"
        " công nhận hộ thoát nghèo thế nào?",
        "1.011608",
    ),
    # the police's own people with merit, the police told in the story only
    (
        "Cha tôi là cán bộ công an, hy sinh năm 1972 ở Quảng Trị, đến nay chưa được công"
        " nhận. Xin hỏi thủ tục đề nghị công nhận liệt sĩ và cấp bằng Tổ quốc ghi công?",
        "1.004163",
    ),
    (
        "Tôi là công an về hưu, bị thương khi làm nhiệm vụ năm 1985. Xin hỏi thủ tục xét"
        " hưởng trợ cấp thương binh trong ngành công an?",
        "1.004089",
    ),
    # a complaint against the police's fine, the police told before the question
    (
        "Tháng trước tôi bị công an phường lập biên bản phạt 1 triệu vì để xe trên vỉa hè."
        " Tôi muốn khiếu nại quyết định xử phạt của công an thì gửi đơn ở đâu?",
        "1.004335",
    ),
    # a shop's tax; an old mother's ID card made at home
    (
        "Tôi bán tạp hóa ở chợ xã, doanh thu khoảng 120 triệu một năm. Hộ kinh doanh có"
        " phải khai thuế không, doanh thu dưới 200 triệu có phải nộp thuế không?",
        "1.011022",
    ),
    (
        "Bà nội tôi 88 tuổi, nằm một chỗ đã hai năm. Xin hỏi công an có đến tận nhà làm"
        " căn cước cho người già không?",
        "1.014061",
    ),
]


test_stories_find_the_procedure_meant = each_finds_its_procedure(FOUND)


# The police told in the story: its own procedure is not called missing.
POLICE_TOLD = [
    (
        "Ông tôi là chiến sĩ công an nhân dân, hy sinh năm 1968. Xin hỏi thủ tục đề nghị"
        " công nhận liệt sĩ cho ông thế nào?"
    ),
    (
        "Tôi bị công an xã lập biên bản phạt 2 triệu đồng nhưng thấy không đúng. Xin hỏi"
        " khiếu nại quyết định này thì gửi đơn cho ai?"
    ),
]


test_the_police_told_in_the_story_is_not_called_missing = none_is_called_missing(POLICE_TOLD)


MISSING = [
    # an orphan's monthly allowance is not the guardianship of the orphan (1.004837)
    (
        "Cháu tôi 8 tuổi, bố mẹ đều mất năm ngoái, tôi là bác ruột đang nuôi. Xin hỏi cháu"
        " có được hưởng trợ cấp hằng tháng cho trẻ mồ côi không?",
        "social_assistance",
    ),
    # the social-assistance funeral support is not social insurance's survivors' benefit
    (
        "Bố tôi đang hưởng trợ cấp người cao tuổi thì mất tháng 10. Xin hỏi mức hỗ trợ mai"
        " táng là bao nhiêu?",
        "social_funeral",
    ),
    # a soldier's family (no police told): the police's procedures do not answer
    (
        "Ông Nguyễn Văn B. (Thái Bình) hỏi: tôi đi bộ đội ở chiến trường miền Nam 1970-1975,"
        " nay bị ung thư. Xin hỏi thủ tục hưởng chế độ chất độc da cam?",
        "merit",
    ),
    # a martyr's widow's allowance is no social-insurance "trợ cấp tuất"
    (
        "Bà nội tôi là vợ liệt sĩ, năm nay 90 tuổi. Bà có được trợ cấp tuất hằng tháng của"
        " thân nhân liệt sĩ không?",
        "merit",
    ),
    (
        "Trang trại nhà tôi nuôi 2.000 con vịt. Xin hỏi muốn được công nhận kinh tế trang"
        " trại thì cần điều kiện gì?",
        "farm_economy",
    ),
    (
        "Xin hỏi ủy ban tỉnh có lịch tiếp công dân không? Tôi muốn gặp trực tiếp chủ tịch"
        " để trình bày việc đất đai.",
        "complaints",
    ),
    (
        "Tôi bị khuyết tật chân, muốn mở tiệm sửa xe. Xin hỏi người khuyết tật vay vốn"
        " ngân hàng chính sách cần thủ tục gì?",
        "bank",
    ),
]


test_what_the_catalogue_lacks_is_named = each_is_named_missing(MISSING)


# Neighbours keep theirs: a social-housing loan, a poor household's paper for a loan.
NEIGHBOURS = [
    ("vay vốn ngân hàng chính sách để sửa nhà theo diện nhà ở xã hội", "1.014632"),
    ("nhà tôi hộ nghèo muốn vay vốn ngân hàng chính sách thì xin xác nhận hộ nghèo", "1.011607"),
]


test_neighbours_keep_their_procedure = none_is_called_missing(NEIGHBOURS)
