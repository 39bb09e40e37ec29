"""The papers the police issue, asked as a reader writes to a newspaper column or to the
police's Q&A page (issue 8, "find the procedure"): a story with dates, ages and places,
then the question. A family moved into a flat bought, someone with no home at all, a
temporary residence about to end, a passport reported lost and found again or soaked,
a motorbike bought through several hands, a Korean or Californian licence, a military
one, a relative abroad still in the household, an old card long expired, a card lost far
from home, a phone lost. Each row: the citizen says, the procedure answered (national
code). Matters the catalogue lacks (a passport lost while studying abroad, a visa to go
abroad, the fine for riding a vehicle still in another's name, a licence taken away and
wanted back) are named as missing, and the procedures it has are not called missing for a
word of them."""

from __future__ import annotations

from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)

SAID = [
    # the whole family moved into a flat bought (its pink book is no land question)
    (
        "Tôi mua căn hộ chung cư ở Huế, sổ hồng đã đứng tên vợ chồng tôi. Nay muốn chuyển hộ"
        " khẩu cả gia đình từ Quảng Bình vào đó. Xin hỏi có làm online được không?",
        "1.004222",
    ),
    # no home at all, neither residence possible: the residence declared
    (
        "Tôi sống trên ghe ở sông Tiền đã lâu, không có nhà, không đủ điều kiện đăng ký thường"
        " trú hay tạm trú. Xin hỏi tôi khai báo cư trú thế nào?",
        "1.010040",
    ),
    # the registration named in the story, its end near: the extension (not a first one)
    (
        "Tôi thuê trọ ở Vĩnh Long, đăng ký tạm trú từ năm 2024, nay sắp hết hạn. Xin hỏi tôi"
        " phải làm gì?",
        "1.002755",
    ),
    # a passport reported lost, then found: its use restored (not the loss report again)
    (
        "Tôi đã trình báo mất hộ chiếu hồi tháng 2, tháng 6 lại tìm thấy trong va li. Xin hỏi"
        " hộ chiếu đó có cách nào khôi phục không?",
        "1.010384",
    ),
    # soaked, typed without diacritics: a new passport (nothing was lost)
    (
        "Ho chieu cua toi bi uot nuoc, trang thong tin bi nhoe het. Xin hoi lam ho chieu moi o"
        " dau?",
        "1.001456",
    ),
    # bought through several hands, the registered owner out of reach: the transfer
    (
        "Năm 2019 tôi mua lại chiếc xe máy đã qua nhiều đời chủ, chỉ có giấy viết tay, không"
        " liên lạc được với chủ xe cũ. Xin hỏi muốn sang tên chính chủ thì làm thế nào?",
        "1.013076",
    ),
    (
        "Tôi mua chiếc xe tải cũ đã qua nhiều người mua đi bán lại. Xin hỏi tôi có đăng ký"
        " sang tên được không?",
        "1.013076",
    ),
    # a foreign licence, named by its country or its state (not the ordinary exchange)
    (
        "Vợ tôi là người Nhật, có bằng lái xe của Nhật, đang sống ở Đà Nẵng. Xin hỏi cô ấy có"
        " đổi sang bằng lái Việt Nam được không?",
        "3.000351",
    ),
    (
        "Tôi là Việt kiều về nước, có bằng lái xe của bang Texas. Xin hỏi có đổi sang giấy"
        " phép lái xe Việt Nam được không?",
        "3.000351",
    ),
    # a military licence after leaving the army
    (
        "Tôi xuất ngũ năm 2025, trong quân đội được cấp bằng lái xe quân sự. Xin hỏi đổi sang"
        " bằng lái dân sự thế nào?",
        "3.000349",
    ),
    # a relative settled abroad still named in the household: the deletion ("xóa tên")
    (
        "Cô tôi định cư ở Mỹ từ lâu nhưng vẫn còn tên trong hộ khẩu. Xin hỏi gia đình có xóa"
        " tên cô được không?",
        "1.003197",
    ),
    # an old 9-digit card long expired, a card wanted now: the exchange, not a first card
    (
        "Tôi sinh năm 1975, CMND 9 số đã hết hạn từ lâu. Xin hỏi giờ làm căn cước thì thủ tục"
        " thế nào?",
        "1.014063",
    ),
    # a card lost far from home, made again where one lives for now (not a first card)
    (
        "Em tôi đi làm ở Bình Dương thì bị mất căn cước. Xin hỏi em có làm lại căn cước ở nơi"
        " tạm trú được không?",
        "1.014064",
    ),
    # a phone lost: the account locked (not unlocked)
    (
        "Tôi bị mất điện thoại có cài VNeID. Xin hỏi khóa tài khoản định danh điện tử ở đâu?",
        "3.000276",
    ),
]


test_police_paper_stories_find_the_procedure_meant = each_finds_its_procedure(SAID)


# Neighbours keep theirs: a first temporary residence, a passport lost at home, an
# ordinary licence's exchange, a transfer of a vehicle bought new-ish from an acquaintance.
NEIGHBOURS = [
    ("em mới thuê phòng trọ, đăng ký tạm trú cần giấy tờ gì", "1.004194"),
    ("mất hộ chiếu phải làm gì", "1.001445"),
    ("bằng lái b2 sắp hết hạn, đổi ở đâu", "3.000347"),
    ("mua lại xe của người quen thì sang tên thế nào", "1.013076"),
    ("ở trọ làm căn cước lần đầu ở đâu", "1.014061"),
    ("mở khóa tài khoản định danh điện tử thế nào", "3.000275"),
]


test_neighbouring_procedures_keep_their_phrasings = each_finds_its_procedure(NEIGHBOURS)


# What the catalogue lacks is named as missing, though the story names a paper it has.
MISSING = [
    # a passport lost while studying abroad is the Vietnamese mission's
    (
        "Con trai tôi đang du học ở Pháp thì mất hộ chiếu. Xin hỏi cháu làm lại hộ chiếu ở"
        " đâu để kịp về nước?",
        "passport_abroad",
    ),
    # a visa to go abroad, said "thị thực"
    (
        "Tôi đã có hộ chiếu còn hạn. Xin hỏi thủ tục xin thị thực đi Hàn Quốc thế nào?",
        "visa_abroad",
    ),
    # the fine for riding a vehicle not yet transferred (not the transfer itself)
    (
        "Tôi đi xe của bố, bị cảnh sát giao thông hỏi giấy tờ. Xin hỏi lỗi không sang tên xe"
        " phạt bao nhiêu?",
        "traffic_fine",
    ),
    # a licence taken away by a fine, wanted back (not its exchange)
    (
        "Bằng lái của tôi bị cảnh sát giao thông tước 2 tháng. Xin hỏi hết hạn thì đến đâu để"
        " nhận lại bằng lái?",
        "licence_penalty",
    ),
]


test_what_the_catalogue_lacks_is_named = each_is_named_missing(MISSING)


# ... while a passport lost at home before leaving, a foreigner's visa here and a
# transfer asked by itself stay the catalogue's procedures.
NOT_MISSING = [
    ("Tôi mất hộ chiếu ở nhà, tháng sau đi du học Úc. Xin hỏi trình báo mất ở đâu?", "1.001445"),
    ("Xin thị thực cho người nước ngoài đang ở Việt Nam thế nào?", "1.001194"),
    ("Mua xe máy cũ thì sang tên xe ở đâu?", "1.013076"),
]


test_the_catalogues_own_are_not_called_missing = none_is_called_missing(NOT_MISSING)
