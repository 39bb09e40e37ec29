"""The sixth probe round's areas (nlu/dev/probe_*_stories_6.yml, issue 8, "find the
procedure"): procedures citizens ask about in their own words that had no everyday
phrasing (knowledge/data/everyday_aliases.yml, H405). A border stamp for Laos, a fire
extinguisher's inspection, a bridge over an irrigation canal, an auctioneer's
certificate, a court witness's travel costs, dried squid posted abroad, a credit fund's
licence after the communes merged, a lawyer's certificate withdrawn and asked back."""

from __future__ import annotations

from tests.fixtures_retrieval import each_finds_its_procedure

SAID = [
    ("xin tem AB đi Lào ở đâu", "1.014904"),
    ("kiểm định bình chữa cháy ở đâu, mất bao lâu", "3.000495"),
    ("làm cầu bê tông qua kênh thủy lợi trước nhà có phải xin phép không", "1.014849"),
    ("chứng chỉ hành nghề đấu giá nộp hồ sơ ở đâu", "1.003915"),
    ("người làm chứng ở tòa có được thanh toán tiền tàu xe không", "2.002802"),
    ("gửi mực khô qua bưu điện sang Hàn Quốc có cần kiểm dịch không", "2.001558"),
    ("sau sáp nhập xã quỹ tín dụng nhân dân có phải sửa giấy phép địa bàn không", "1.012696"),
    ("bị thu hồi chứng chỉ hành nghề luật sư giờ xin cấp lại được không", "1.008624"),
]

test_a_question_of_the_sixth_round_finds_its_procedure = each_finds_its_procedure(SAID)
