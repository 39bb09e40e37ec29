"""The seventh probe round's areas (nlu/dev/probe_*_stories_7.yml, issue 8, "find the
procedure"): the matters citizens ask about most (land and notaries; civil status,
residence and identity; vehicles, insurance and small business) in wordings the
everyday phrasings lacked (knowledge/data/everyday_aliases.yml, H406). Marital status
or an address wrong on VNeID, a sister leaving the family's business, a foreigner's
vehicle registration expired, a car plate lost in a flood, an apartment bought by
taking over its sale contract, a middle name dropped, a certified copy of a land
certificate."""

from __future__ import annotations

from tests.fixtures_retrieval import each_finds_its_procedure

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
