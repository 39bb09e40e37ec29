"""A citizen asks about a matter the catalogue does not hold (issue 8, point 4): the bot
says plainly that it has no procedure for it, names the matter, and gives the portal's
search and a person; it never answers a neighbouring procedure, nor asks "which of
these procedures?" with buttons none of which fits. The procedures the catalogue does
hold, asked in the same words, are still answered.

Dialogue tables: (user says, bot answer contains). Each conversation starts fresh;
typed with and without diacritics. The matters are those of flows/uncovered_topics.yml.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.app import refresh_faq
from flows.faq import FaqAnswers
from flows.uncovered import uncovered_topics
from knowledge.faq.repository import FaqRepository
from knowledge.faq.schema import FaqEntryData
from tests.conftest import Conversation

NOT_HELD = "chưa có thủ tục này trong danh mục"

# (user says, the matter the answer names)
NOT_IN_CATALOGUE = [
    # wages, contracts and dismissal are between a worker and the company
    ("Công ty nợ lương hai tháng rồi không trả thì tôi làm đơn gửi đâu?", "quan hệ lao động"),
    ("cong ty bat ky hop dong thu viec 3 thang co dung khong", "quan hệ lao động"),
    ("Tôi bị sa thải mà không được báo trước thì phải làm sao?", "quan hệ lao động"),
    # a traffic fine paid, a motorbike held (not the vehicle's registration withdrawn)
    ("Bị phạt nguội vượt đèn đỏ thì nộp phạt ở đâu?", "nộp phạt vi phạm giao thông"),
    ("xe may bi csgt giu 10 ngay, di lay ve can mang gi", "nộp phạt vi phạm giao thông"),
    # a SIM card is the operator's
    ("sim bi khoa 2 chieu vi chua chuan hoa thong tin thue bao", "sim điện thoại"),
    ("Mất sim điện thoại thì làm lại sim giữ số ở đâu?", "sim điện thoại"),
    # electricity and water come from their companies
    ("Nhà mới xây muốn lắp công tơ điện riêng thì làm đơn ở đâu?", "lắp điện, nước"),
    ("xin lap nuoc may cho nha can giay to gi", "lắp điện, nước"),
    # health services are the Ministry of Health's, none in the catalogue
    ("Con tôi 2 tháng tuổi, đăng ký tiêm chủng ở đâu?", "y tế"),
    ("Mở phòng khám nha khoa tư nhân cần giấy phép gì?", "y tế"),
    # a bank's own services; a visa to go abroad; work abroad under contract
    ("Con tôi đỗ đại học, muốn vay vốn sinh viên thì làm thế nào?", "ngân hàng"),
    ("Làm thẻ ATM cho con cần mang giấy tờ gì?", "ngân hàng"),
    ("Tôi muốn vay vốn ngân hàng chính sách để chăn nuôi thì làm hồ sơ gì?", "ngân hàng"),
    ("Tôi muốn xin visa đi Hàn Quốc du lịch thì nộp hồ sơ ở đâu?", "visa"),
    ("Muốn đi xuất khẩu lao động Nhật Bản thì làm thủ tục gì?", "xuất khẩu lao động"),
    ("Mua bảo hiểm xe máy bắt buộc ở đâu?", "công ty bảo hiểm"),
    # a school place, a grave moved, a storm's damage to a home
    ("Bé nhà tôi 3 tuổi, xin vào trường mầm non công lập có cần hộ khẩu không?", "tuyển sinh"),
    ("Cải táng mộ ông bà về quê thì xin phép ở đâu?", "cải táng"),
    ("Nhà bị bão làm tốc mái, xin hỗ trợ của nhà nước thế nào?", "thiên tai"),
    # an inheritance or a divorce disputed goes to court (not the division of an
    # estate agreed, 2.001406)
    ("tranh chap thua ke giua anh em thi kien o dau", "tòa án"),
    ("Tôi muốn ly dị chồng nhưng chồng không chịu ký thì phải làm sao?", "tòa án"),
    ("anh em tranh chấp di chúc của bố thì giải quyết ra sao", "tòa án"),
    ("kháng cáo bản án sơ thẩm trong bao nhiêu ngày", "tòa án"),
    # a land dispute taken to court after a failed mediation (not the chairman's decision,
    # 1.013967); a change of gender; surrogacy itself
    ("Hòa giải không thành, tôi muốn kiện ra tòa vụ tranh chấp đất với hàng xóm", "tòa án"),
    ("khoi kien tranh chap dat dai thi can giay to gi", "tòa án"),
    ("Tôi là người chuyển giới, muốn đổi giới tính trong giấy khai sinh", "giới tính"),
    ("vo chong em muon nho chi gai mang thai ho thi lam the nao", "mang thai hộ"),
    # buying on instalments is a lender's; a bailiff's record of facts is the bailiff's
    ("vay trả góp mua điện thoại cần giấy tờ gì", "ngân hàng"),
    ("Muốn lập vi bằng mua bán nhà đất thì làm ở đâu?", "vi bằng"),
    ("lam vi bang het bao nhieu tien", "vi bằng"),
    # the land register's information and cadastral maps
    ("Xin trích lục bản đồ địa chính thửa đất nhà tôi ở đâu?", "thông tin đất đai"),
    ("tra cuu thong tin thua dat o dau", "thông tin đất đai"),
    # the household book is no longer issued: its loss told before what is asked
    ("mất sổ hộ khẩu thì làm lại thế nào", "sổ hộ khẩu"),
    ("mat so ho khau roi lam sao", "sổ hộ khẩu"),
    # troubles with a VNeID or public-service account itself: a person helps (the
    # community digital-technology teams), no procedure answers
    ("quên mật khẩu vneid thì làm sao", "VNeID"),
    ("ko dang nhap dc vneid thi lam sao", "VNeID"),
    ("doi so dien thoai tren vneid the nao", "VNeID"),
    ("quen mat khau dich vu cong", "VNeID"),
    # ... told before the question, the level 2 account activated long ago with it
    (
        "Tôi đã kích hoạt tài khoản định danh mức 2 từ năm ngoái, nay đổi điện thoại mới "
        "thì VNeID đăng nhập không được, cứ báo lỗi thiết bị. Xin hỏi có phải ra công an "
        "làm lại tài khoản không?",
        "VNeID",
    ),
    # the company's dissolution told before the question is not what is asked
    (
        "Tôi đóng bảo hiểm ở công ty được 20 năm, nay công ty giải thể. Bao giờ tôi được "
        "nhận lương hưu hằng tháng?",
        "lương hưu",
    ),
    # the papers a traveller carries are the airline's rules, not a birth registration
    (
        "Năm nay tôi về quê ăn Tết có đi cùng con nhỏ. Trong VNeID của tôi đã có thông tin "
        "của các con. Tôi xin hỏi khi làm thủ tục đi máy bay, trẻ em có cần giấy khai sinh?",
        "đi máy bay",
    ),
    ("tre em di may bay noi dia can giay to gi", "đi máy bay"),
]


@pytest.mark.parametrize(("says", "matter"), NOT_IN_CATALOGUE)
async def test_a_matter_the_catalogue_lacks_is_said_to_be_missing(conversation, says, matter):
    await conversation.say(says)
    [reply] = conversation.last
    assert reply.kind == "procedure_unknown", reply.text
    assert matter in reply.text
    assert NOT_HELD in reply.text
    assert "dichvucong.gov.vn" in reply.text  # the portal's search for the user's words
    assert not [b for b in reply.buttons if b.payload.startswith("proc:")]
    assert "cmd:human" in [b.payload for b in reply.buttons]


# (user says, the procedure the answer is about): the same words beside a procedure
# the catalogue holds
STILL_ANSWERED = [
    ("Tôi trả hết nợ vay ngân hàng rồi, muốn xóa thế chấp sổ đỏ thì làm ở đâu?", "1.011443"),
    ("Bố tôi muốn nhận lương hưu qua thẻ ATM thay tiền mặt thì làm thế nào?", "2.000740"),
    ("Tôi bị công ty sa thải, giờ muốn nhận bảo hiểm xã hội một lần thì cần gì?", "1.001613"),
    ("Đăng ký tạm trú có dùng hóa đơn tiền điện để chứng minh chỗ ở được không?", "1.004194"),
    ("Phòng khám của tôi muốn ký hợp đồng khám chữa bệnh BHYT thì nộp hồ sơ gì?", "1.001798"),
    ("Tôi cần xin lý lịch tư pháp để đi xuất khẩu lao động, làm ở đâu?", "3.000333"),
    ("Tôi nộp phạt xong rồi nhưng bị mất bằng lái, làm lại bằng lái thế nào?", "3.000348"),
    ("Nhà tôi định khoan giếng lấy nước sinh hoạt thì có phải đăng ký với xã không?", "1.001662"),
    ("Muốn vay ngân hàng thì đăng ký thế chấp sổ đỏ ở đâu?", "1.011441"),
    # the loan is only what the poor household's recognition is for
    ("Xin giấy xác nhận hộ nghèo để vay vốn ngân hàng chính sách", "1.011607"),
    # a will certified, a bailiff's licence, a marriage or birth extract
    ("chứng thực di chúc ở xã cần giấy tờ gì", "2.001019"),
    ("Thủ tục bổ nhiệm Thừa phát lại cần hồ sơ gì?", "1.008922"),
    ("xin trích lục khai sinh bản sao ở đâu", "2.000635"),
    ("xin bản sao bản án để kháng cáo ở đâu", "3.000165"),
    # a pensioner's death: the pension left unpaid, the survivors' benefits (not "pensions
    # are not covered", nor the proxy who collects a living pensioner's, 1.001601)
    ("Ông tôi mất tuần trước, còn lương hưu chưa lĩnh thì ai nhận?", "2.000717"),
    ("Bố tôi đang hưởng lương hưu thì qua đời, gia đình được hưởng chế độ gì?", "2.000821"),
    # leaving to work abroad, asked about the residence left behind
    ("Chồng tôi đi xuất khẩu lao động 3 năm, có phải khai báo tạm vắng không?", "1.003677"),
    # a child born by surrogacy is registered as any birth
    ("Con sinh ra nhờ mang thai hộ thì đăng ký khai sinh cần giấy tờ gì?", "1.001193"),
    # a locked VNeID account is unlocked by the police; a level 2 account is registered
    ("vneid bị khóa tài khoản thì làm sao", "3.000275"),
    ("đăng ký vneid mức 2 ở đâu", "3.000228"),
    # a paper asked for, to travel with it
    ("làm căn cước cho trẻ em để đi máy bay được không", "1.014062"),
    ("làm hộ chiếu cho con để đi máy bay sang Nhật cần gì", "1.001456"),
    # typed without diacritics, "cong an xa" holds no "ân xá" (an amnesty)
    (
        "gplx hang A1 cap o Hai Duong cu, gio e tam tru o Dong Nai. doi sang the pet thi lam"
        " o cong an xa noi tam tru dc ko hay phai ve que a",
        "3.000347",
    ),
]


@pytest.mark.parametrize(("says", "code"), STILL_ANSWERED)
async def test_a_procedure_the_catalogue_holds_is_answered_in_the_same_words(
    conversation, says, code
):
    await conversation.say(says)
    assert conversation.last[0].kind != "procedure_unknown", conversation.text
    assert f"(mã {code})" in conversation.text


@pytest.fixture
async def with_faq(services, fake_dialogue) -> Conversation:
    """A citizen talking to the dialogue with the shipped FAQ entries published, and one
    staff wrote about a matter the catalogue lacks."""
    if fake_dialogue.faq.holder is not services.faq:
        fake_dialogue.faq = FaqAnswers(services.faq, fake_dialogue.t, services.catalogue)
    async with services.db.session() as session:
        await FaqRepository(session).create(COMPLAINT_ENTRY, status="published")
    await refresh_faq(services.db, services.faq)
    return Conversation(services, dialogue=fake_dialogue)


COMPLAINT_ENTRY = FaqEntryData(
    question="Muốn khiếu nại thái độ của cán bộ trung tâm hành chính công thì gửi ở đâu?",
    variants=["Khiếu nại cán bộ trung tâm hành chính công gây khó dễ ở đâu?"],
    answer="Dạ, anh/chị gửi phản ánh tại quầy tiếp nhận hoặc hòm thư góp ý của trung tâm.",
    source_url="https://dichvucong.gov.vn/p/home/dvc-huong-dan-cong-dan.html",
    verified_on=dt.date(2026, 12, 4),
)


# A matter the catalogue lacks is told so, not answered with an FAQ entry that shares a
# few of its words ("đổi ... cccd ... được không" is the seed entry on ID cards after the
# merger); an entry that speaks of the matter still answers it, and the seed entry its own.
FAQ_OR_NOT = [
    ("chuyển giới rồi thì đổi giới tính trên cccd và khai sinh được không", None),
    ("chuyen gioi roi thi doi gioi tinh tren cccd va khai sinh duoc khong", None),
    ("muốn khiếu nại thái độ cán bộ trung tâm hành chính công thì gửi ở đâu", "hòm thư góp ý"),
    ("Đổi tên phường thì có phải đổi CCCD không?", "không bắt buộc"),
]


@pytest.mark.parametrize(("says", "faq_says"), FAQ_OR_NOT)
async def test_a_matter_the_catalogue_lacks_is_no_faq_entry_sharing_its_words(
    with_faq, says, faq_says
):
    [reply] = await with_faq.say(says)
    if faq_says is None:
        assert reply.kind == "procedure_unknown", reply.text
        assert "giới tính" in reply.text and NOT_HELD in reply.text
    else:
        assert reply.kind == "faq_answer", reply.text
        assert faq_says in reply.text


# In a short message, the procedure found is looked for in the sentences that ask when
# they hold the matter: a neighbour named only in the story before does not hide it.
def test_a_neighbour_told_before_the_question_does_not_hide_the_matter() -> None:
    dissolved = ("giải thể công ty", "Giải thể doanh nghiệp")
    told = "Nay công ty tôi giải thể. Bao giờ tôi được nhận lương hưu?"
    assert uncovered_topics().asked(told, dissolved).key == "pension"
    # ... while a procedure the asking sentence names is what it asks about
    proxy = ("ủy quyền nhận lương hưu", "Ủy quyền lĩnh thay các chế độ bảo hiểm xã hội")
    asked = "Mẹ tôi ốm nặng. Tôi ủy quyền nhận lương hưu thay mẹ thế nào?"
    assert uncovered_topics().asked(asked, proxy) is None
