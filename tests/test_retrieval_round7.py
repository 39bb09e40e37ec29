"""The seventh probe round's areas (nlu/dev/probe_*_stories_7.yml, issue 8, "find the
procedure"): the matters citizens ask about most (land and notaries; civil status,
residence and identity; vehicles, insurance and small business) in wordings the
everyday phrasings lacked (knowledge/data/everyday_aliases.yml, H406). Marital status
or an address wrong on VNeID, a sister leaving the family's business, a foreigner's
vehicle registration expired, a car plate lost in a flood, an apartment bought by
taking over its sale contract, a middle name dropped, a certified copy of a land
certificate. And what no procedure answers (flows/uncovered_topics.yml, H407): a
tenancy's quarrel, a plot's market price."""

from __future__ import annotations

from tests.fixtures_retrieval import each_finds_its_procedure, each_is_named_missing

SAID = [
    ("vneid ghi sai tình trạng hôn nhân thì sửa ở đâu", "1.012564"),
    ("địa chỉ thường trú trên vneid bị sai thì sửa thế nào", "1.010039"),
    ("rút tên khỏi hộ kinh doanh gia đình làm thế nào", "2.000720"),
    ("giấy đăng ký xe hết hạn thì làm gì", "1.013079"),
    ("biển số ô tô bị rơi mất xin cấp lại ở đâu", "1.013082"),
    ("mua lại hợp đồng mua căn hộ thì tự làm sổ hồng được không", "1.012787"),
    ("muốn bỏ tên đệm của con thì làm thủ tục gì", "1.004859"),
    ("chứng thực bản sao sổ hồng ở phường nào cũng được không", "2.000815"),
]

test_a_question_of_the_seventh_round_finds_its_procedure = each_finds_its_procedure(SAID)


NAMED_MISSING = [
    (
        "chủ nhà bán căn nhà tôi đang thuê, hợp đồng thuê còn hơn 1 năm, giờ chủ mới bắt tôi"
        " dọn đi trong tháng này có đúng không",
        "rental_dispute",
    ),
    (
        "Tôi thuê mặt bằng mở quán cà phê, hợp đồng 5 năm, đã bỏ ra 200 triệu sửa sang. Nay"
        " chủ nhà đòi lấy lại mặt bằng để bán nhà. Tôi có được đòi bồi thường tiền sửa quán"
        " không?",
        "rental_dispute",
    ),
    (
        "dat tho cu mat duong o Thanh Hoa gio gia khoang bao nhieu 1m, co nen ban luc nay ko",
        "market_prices",
    ),
]

test_what_the_seventh_round_asks_outside_the_catalogue_is_named = each_is_named_missing(
    NAMED_MISSING
)
