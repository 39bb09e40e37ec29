"""Driving, transport and rural life asked as citizens ask (issue 8, "find the
procedure"): a police driving licence exchanged, points restored, a lost inspection
sticker, a pick-up lifted, a digger inspected, an oversize load, a contract car's badge,
a boat built, bought, renamed, sunk or its papers lost, a skipper's certificate, a jet
ski for tourists, a ferry landing, a fishing boat built or imported, a cage farm, pigs
or shrimp fry taken to another province, a cat flown abroad, a vet shop, pigs culled for
swine fever, rice land planted with fruit trees, pesticides sold, a durian growing code,
a natural forest logged, an heirloom sword declared, a club's sport guns, a private
rehabilitation centre, a groundwater licence renewed. Each row: the citizen says, the
procedure answered (national code). Matters the catalogue lacks (the points left on a
licence, a driver's health check, a driving school, a fishing logbook, bees, a citizen's
air gun or fireworks) are named as missing, and a procedure it has is not called
missing for a word of them."""

from __future__ import annotations

import pytest

from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)

SAID = [
    # driving licences: a police licence exchanged, points restored (not the exchange,
    # 3.000347, that "gplx" alone finds), a paper licence changed to a card
    ("đổi bằng lái xe công an sang bằng dân sự thế nào", "3.000350"),
    ("gplx bi tru het diem thi dang ky kiem tra lai o dau", "1.013211"),
    ("bằng lái giấy bìa cũ có bắt buộc đổi sang thẻ không", "3.000347"),
    # inspection: a lost sticker is reissued, a vehicle altered is certified, a digger is
    # specialised machinery (not the ordinary car's inspection, 1.005103)
    ("mất tem đăng kiểm trên kính ô tô thì làm lại ở đâu", "1.013092"),
    ("nâng gầm xe bán tải có phải đăng kiểm cải tạo không", "1.013206"),
    ("máy xúc có phải đăng kiểm không", "1.013205"),
    # roads: an oversize load, a contract car's badge
    ("xe chở hàng quá khổ xin giấy phép lưu hành ở đâu", "1.000028"),
    ("làm phù hiệu xe hợp đồng cho xe 16 chỗ", "2.002288"),
    # inland boats: bought (not a car's transfer, 1.013076), from another province, the
    # owner moved (not the owner's permanent residence, 1.004222), renamed, sunk, papers
    # lost (not the first registration, 1.004047)
    ("mua lại sà lan cũ thì sang tên thế nào", "1.004002"),
    ("mua ghe của người tỉnh khác thì đăng ký lại ra sao", "1.003970"),
    ("chủ ghe chuyển hộ khẩu sang tỉnh khác thì đăng ký lại phương tiện", "1.006391"),
    ("đổi tên thuyền thì có phải đăng ký lại không", "2.001711"),
    ("ghe bị chìm không sửa được thì xóa đăng ký ở đâu", "2.001659"),
    ("mat giay dang ky xuong may thi cap lai o dau", "1.003930"),
    # a skipper's certificate (not a car's test, 3.000346), a jet ski, a ferry landing
    ("học bằng thuyền trưởng hạng ba ở đâu", "1.003135"),
    ("đăng ký mô tô nước cho khách du lịch thuê", "2.001215"),
    ("mở bến đò ngang qua sông cần thủ tục gì", "1.009455"),
    # fishing boats: one built new, one imported (not joining a household, 1.004222),
    # a cage farm on a river
    ("muốn đóng mới tàu cá thì xin phép ai", "1.004344"),
    ("tàu cá nhập khẩu đăng ký tạm thời ở đâu", "1.003586"),
    ("nuôi cá lồng bè trên sông phải đăng ký ở đâu", "1.014801"),
    # animals: taken out of the province (not a household moving, 1.004222), flown abroad,
    # culled for a disease, a vet shop (not a household business, 1.001612)
    ("chở heo sang tỉnh khác bán cần giấy kiểm dịch gì", "1.002338"),
    ("vận chuyển tôm giống sang tỉnh khác có cần kiểm dịch không", "2.000873"),
    ("gửi mèo sang nước ngoài cần giấy kiểm dịch gì", "1.003407"),
    ("lợn bị dịch tả châu phi phải tiêu hủy thì được hỗ trợ không", "1.013997"),
    ("mở tiệm bán thuốc thú y cần giấy chứng nhận gì", "1.001686"),
    # crops: rice land with fish (not land for housing, 1.013949), pesticides, a growing code
    ("ruộng lúa chuyển sang nuôi cá kết hợp thì đăng ký ở xã", "1.008004"),
    ("mở cửa hàng bán thuốc trừ sâu cần giấy gì", "1.004363"),
    ("xin mã số vùng trồng sầu riêng ở đâu", "1.014776"),
    # forests: a natural forest logged (not a death registered, 1.000656), a household's
    # forest plan (not an organisation's, 1.000055)
    ("khai thác gỗ rừng tự nhiên được giao thì làm thủ tục gì", "1.011471"),
    ("phương án quản lý rừng bền vững cho hộ gia đình nộp ở đâu", "3.000250"),
    # weapons and rehabilitation asked by those they are for
    ("nhà có thanh kiếm cổ làm đồ gia bảo có phải khai báo không", "1.013442"),
    ("câu lạc bộ bắn súng xin giấy phép sử dụng súng thể thao", "3.000398"),
    ("mở cơ sở cai nghiện tự nguyện tư nhân xin giấy phép ở đâu", "3.000364"),
    # groundwater: a licence renewed (not issued, 1.004223), a survey (not a well, 1.001662)
    ("giấy phép khai thác nước ngầm sắp hết hạn thì gia hạn thế nào", "1.004211"),
    ("nhà máy muốn thăm dò nước dưới đất thì xin phép ở đâu", "1.004232"),
    # said with a herd, a disease, a kind of tree or farm (nlu/synonyms.yml: "đàn bò" and
    # "heo" are the "động vật" of the veterinary names, "dịch tả" a disease of animals,
    # "trồng keo" planting a forest, "nuôi cá bè" a cage farm, "đăng kiểm tàu cá" its
    # safety certificate, not a car's inspection, 1.005103)
    ("xin giấy kiểm dịch cho đàn bò bán sang tỉnh bên", "1.002338"),
    ("heo chết vì dịch tả được hỗ trợ bao nhiêu", "1.013997"),
    ("vay vốn trồng keo", "1.012531"),
    ("nuôi cá bè trên hồ thủy điện có cần giấy phép", "1.014801"),
    ("đăng kiểm tàu cá hết hạn", "1.003563"),
    ("mở đại lý bán phân bón thuốc trừ sâu cần gì", "1.004363"),
    # a fishing boat sunk is its own registration removed, not a sea-going ship's whose
    # name is only "Xóa đăng ký" (1.002508); a boat bought from a neighbour (not the
    # neighbour's land mediation, 1.012812)
    ("tàu cá bị chìm ngoài biển xóa đăng ký", "1.003681"),
    ("mua lại chiếc thuyền của ông hàng xóm thì làm giấy tờ gì", "1.004002"),
    ("mất giấy chứng nhận đăng kiểm ô tô", "1.013092"),
    ("xin giấy phép vận chuyển hàng siêu trọng", "1.000028"),
    # a licence that is worn, or asked whether it must be changed, is exchanged (not a
    # land certificate that got wet, 1.012783, nor a first licence, 3.000346); a foreigner
    # driving here changes a foreign licence
    ("bằng lái ô tô bị ướt nhòe chữ muốn đổi", "3.000347"),
    ("bằng lái xe máy a1 có thời hạn không, có phải đổi không", "3.000347"),
    ("người nước ngoài lái xe ở việt nam cần đổi bằng không", "3.000351"),
    # fishing said as "đánh bắt", shrimp farmed (not an adoption, 2.001263), a hatchery
    # (not the fry's quarantine, 2.000873), a catch's origin for export
    ("tàu cá mới mua cần giấy phép đánh bắt", "1.004359"),
    ("xin phép cho tàu cá đi đánh bắt ở vùng biển nước ngoài", "1.004940"),
    ("nuôi tôm thẻ có phải đăng ký không", "1.014801"),
    ("mở cơ sở sản xuất tôm giống cần giấy gì", "1.004918"),
    ("chứng nhận nguồn gốc cá khai thác để xuất khẩu sang châu âu", "1.003666"),
    # a large farm, planted wood sold, a guard's firearms, a company's stun batons (not the
    # company closed, 2.002023), surface water renewed (not issued, 1.004179)
    ("mở trang trại gà 10 nghìn con cần giấy phép gì", "1.008128"),
    ("bán gỗ keo rừng trồng cần giấy tờ gì", "1.000045"),
    ("xin giấy phép sử dụng súng quân dụng cho bảo vệ ngân hàng", "3.000395"),
    ("khai báo dùi cui điện, bình xịt hơi cay của công ty", "3.000390"),
    ("gia hạn giấy phép khai thác nước mặt của nhà máy", "1.004167"),
]


test_transport_and_farming_questions_find_the_procedure_meant = each_finds_its_procedure(SAID)


# Neighbours keep theirs: a car sold, a household moved, an adoption, a lost licence,
# a first fishing-boat registration, a car inspected, a test taken, a well, rice land
# built on.
NEIGHBOURS = [
    ("sang tên xe máy cũ mua lại", "1.013076"),
    ("chuyển hộ khẩu sang tỉnh khác", "1.004222"),
    ("đăng ký nuôi con nuôi cần giấy tờ gì", "2.001263"),
    ("mất bằng lái xe máy làm lại thế nào", "3.000348"),
    ("đăng ký tàu cá mới đóng", "1.003650"),
    ("xe ô tô đến hạn đăng kiểm thì đi đâu", "1.005103"),
    ("thi bằng lái xe máy a1 cần giấy tờ gì", "3.000346"),
    ("nhà em khoan giếng lấy nước dùng có phải đăng ký không", "1.001662"),
    ("chuyển đất trồng lúa sang đất ở", "1.013949"),
]


test_neighbouring_procedures_keep_their_phrasings = each_finds_its_procedure(NEIGHBOURS)


# What the catalogue lacks is named (flows/uncovered_topics.yml).
MISSING = [
    ("tra cứu bằng lái còn bao nhiêu điểm ở đâu", "licence_points"),
    ("tra diem gplx o dau", "licence_points"),
    ("khám sức khỏe để thi bằng lái ở đâu", "driver_health"),
    ("học lái ô tô ở trung tâm nào uy tín, học phí bao nhiêu", "driving_school"),
    ("nộp nhật ký khai thác thủy sản cho ai", "fishing_operation"),
    ("ngư dân được hỗ trợ tiền dầu thì làm hồ sơ gì", "fishing_operation"),
    ("đăng ký nuôi ong lấy mật có phải xin phép không", "farm_animals"),
    ("tiêm phòng lở mồm long móng cho bò ở đâu", "farm_animals"),
    ("thuyền viên tàu cá có cần chứng chỉ gì không", "fishing_crew"),
    ("mua súng hơi về bắn chim có cần giấy phép không", "citizen_weapons"),
    ("mua bình xịt hơi cay để tự vệ có phải xin phép không", "citizen_weapons"),
    ("tết này mua pháo hoa không nổ về đốt có cần giấy phép không", "citizen_fireworks"),
    ("khai trương cửa hàng muốn bắn pháo hoa thì xin phép ai", "citizen_fireworks"),
]


test_what_the_catalogue_lacks_is_named = each_is_named_missing(MISSING)


# ... while the procedures it holds, said with the same words, are not called missing:
# points restored, a club's guns, a dealer's fireworks, an heirloom declared, a vet's
# certificate, a culled herd's support.
NOT_MISSING = [
    ("bằng lái bị trừ hết điểm thì phục hồi thế nào", "1.013211"),
    ("câu lạc bộ bắn súng thể thao xin giấy phép sử dụng súng", "3.000398"),
    ("cơ sở kinh doanh pháo hoa xin giấy phép mua pháo hoa để bán tết", "3.000171"),
    ("khai báo dao kiếm trưng bày làm đồ gia bảo ở đâu", "1.013442"),
    ("xin chứng chỉ hành nghề thú y ở đâu", "1.004756"),
    ("heo bị dịch phải tiêu hủy thì xin hỗ trợ ở đâu", "1.013997"),
]


test_a_procedure_held_is_not_called_missing = none_is_called_missing(NOT_MISSING)


# In the dialogue: the bot names the matter and says plainly it has no procedure for it,
# with no button of a procedure that does not fit.
SAID_IN_DIALOGUE = [
    ("tra cứu bằng lái còn bao nhiêu điểm", "tra cứu điểm còn lại của giấy phép lái xe"),
    ("mua súng hơi bắn chim có cần xin phép không", "súng hơi"),
    ("mua bình xịt hơi cay để tự vệ có phải xin phép không", "bình xịt hơi cay"),
    ("đốt pháo hoa đám cưới có phải xin phép không", "đốt pháo hoa"),
]


@pytest.mark.parametrize(("says", "matter"), SAID_IN_DIALOGUE)
async def test_the_bot_says_plainly_it_has_no_procedure(conversation, says, matter) -> None:
    await conversation.say(says)
    [reply] = conversation.last
    assert reply.kind == "procedure_unknown", reply.text
    assert matter in reply.text
    assert "chưa có thủ tục này trong danh mục" in reply.text
    assert not [b for b in reply.buttons if b.payload.startswith("proc:")]
