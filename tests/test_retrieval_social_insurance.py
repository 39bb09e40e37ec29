"""Social and health insurance asked as citizens ask (issue 8, "find the procedure"): a
one-off payment wanted after emigrating, maternity for an adoption or a contraceptive
coil, sick leave after an operation, a funeral allowance for a pensioner, a second work
accident, two insurance books merged, a health card moved to the commune's clinic, a
hospital bill paid back. Each row: the citizen says, the procedure answered (national
code). Matters the catalogue lacks (an ordinary pension, unemployment benefit) are still
named as missing, and a procedure it has is not called missing for a word of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures_retrieval import (
    each_finds_its_procedure,
    each_is_named_missing,
    none_is_called_missing,
)

ROOT = Path(__file__).resolve().parent.parent


SAID = [
    # the one-off payment, wanted back after settling abroad (not a pensioner's, 2.000755)
    ("định cư ở canada rồi có lấy lại được tiền bhxh đã đóng không", "1.001613"),
    ("muốn nhận lại tiền bảo hiểm xã hội đã đóng", "1.001613"),
    # maternity: a coil fitted, a baby adopted (not the adoption itself, 2.001263)
    ("đặt vòng tránh thai có được nghỉ hưởng bảo hiểm không", "2.000693"),
    ("nhan nuoi be 3 thang tuoi co duoc huong che do thai san khong", "2.000693"),
    # sick leave: an operation, a hospital's leave paper handed in
    ("phẫu thuật ruột thừa nghỉ 2 tuần được bảo hiểm trả tiền không", "1.001667"),
    ("nghỉ ốm 3 ngày có được bhxh trả tiền ko", "1.001667"),
    ("có giấy nghỉ việc hưởng bhxh của bệnh viện thì nộp ở đâu", "1.001667"),
    # convalescence after maternity or an illness
    ("nghi thai san xong duoc nghi duong suc may ngay", "1.001598"),
    ("ốm dậy đi làm lại vẫn yếu, xin nghỉ dưỡng sức phục hồi được không", "1.001598"),
    # survivors: the funeral allowance, the monthly allowance said short
    ("ông nội đang lĩnh lương hưu thì mất, gia đình nhận tiền mai táng ở đâu", "2.000821"),
    ("ba em mất, mẹ em có được hưởng tuất hằng tháng không", "2.000821"),
    ("nguoi dong bhxh chet thi vo con duoc huong gi", "2.000821"),
    # a dead pensioner's pension not yet drawn (not a proxy, 1.001601)
    ("bà tôi hưởng lương hưu mất nhưng tiền lương hưu tháng đó chưa nhận", "2.000717"),
    # work accidents: typed short, a second one
    ("tnlđ hồ sơ gồm những gì", "1.001632"),
    ("tnld thi duoc boi thuong nhung gi", "1.001632"),
    ("bị tai nạn lao động lần thứ 2 thì hưởng chế độ thế nào", "1.001643"),
    # the insurance book and health card: two books merged, a wrong year of birth, the
    # clinic of first registration changed (not a hospital bill, 1.001656)
    ("có 2 sổ bhxh muốn gộp làm 1", "1.002759"),
    ("tôi có 2 mã số bhxh", "1.002759"),
    ("sổ bảo hiểm xã hội ghi sai năm sinh sửa ở đâu", "1.002759"),
    ("chuyển bhyt về trạm y tế phường", "1.002759"),
    ("đổi bệnh viện đăng ký khám bhyt", "1.002759"),
    # a newborn's card with the birth registration
    ("bé mới sinh, làm giấy khai sinh xong có được cấp luôn thẻ bảo hiểm y tế không", "2.001023"),
    # a hospital bill paid back, the co-payment waived
    ("cấp cứu ở bệnh viện không nhận bhyt có được bảo hiểm thanh toán lại không", "1.001656"),
    ("đã đóng bhyt 5 năm liên tục, làm giấy miễn cùng chi trả thế nào", "1.001656"),
    ("bhyt ko cung chi tra lam o dau", "1.001656"),
    # voluntary insurance for the self-employed; an employer's registration
    ("chạy xe ôm công nghệ có đóng bảo hiểm xã hội được không", "1.002179"),
    ("hộ kinh doanh có phải đóng bảo hiểm cho người làm thuê không", "1.002051"),
    # pensions the catalogue has: a proxy, leaving to settle abroad, a wrong amount, a
    # commune official's
    ("ủy quyền cho chồng lĩnh thay tiền thai sản", "1.001601"),
    ("đang lĩnh lương hưu muốn sang úc định cư thì nhận một lần được không", "2.000755"),
    ("lương hưu bị tính sai muốn điều chỉnh lại mức hưởng", "1.001710"),
    ("cán bộ xã về hưu làm hồ sơ gì", "2.000605"),
    # a poor household's recognition, before what it is for ("để được mua bhyt")
    (
        "nhà em chồng mất sớm, một mình nuôi 3 con nhỏ, thu nhập thấp, muốn xin vào hộ cận"
        " nghèo để được mua bhyt",
        "1.011607",
    ),
]


test_insurance_questions_find_the_procedure_meant = each_finds_its_procedure(SAID)


# Neighbours keep theirs: an accident at work is the first one, a proxy for a living
# pensioner is the proxy.
NEIGHBOURS = [
    ("bị tai nạn lao động thì làm sao", "1.001632"),
    ("bị tai nạn trên đường đi làm về có được tính là tai nạn lao động không", "1.001632"),
    ("ủy quyền cho con nhận thay lương hưu", "1.001601"),
]


test_neighbouring_procedures_keep_their_phrasings = each_finds_its_procedure(NEIGHBOURS)


# A job left ("nghỉ việc") is no sick leave: the phrasings of 1.001667 name an illness or
# an operation, not only the insurance paying.
NOT_SICK_LEAVE = [
    "nghỉ việc có được bảo hiểm trả tiền không",
    "nghỉ việc có được bảo hiểm xã hội trả tiền không",
]


@pytest.mark.parametrize("says", NOT_SICK_LEAVE)
def test_a_job_left_is_not_read_as_sick_leave(shipped_index, says: str) -> None:
    match = shipped_index.find(says)
    assert match.resolved is None or match.resolved.code != "1.001667"


# A pension or a dead pensioner named beside a procedure the catalogue has: that
# procedure is answered, not "an ordinary pension is not in the catalogue".
PENSION_SAID_IN_PASSING = [
    ("bố em mất, đang hưởng lương hưu, nhà em nhận mai táng phí ở đâu", "2.000821"),
    ("mẹ tôi về hưu, tháng trước mất, nhận tiền mai táng và tiền tuất ở đâu", "2.000821"),
    ("đang hưởng lương hưu, sang Mỹ định cư với con, có nhận 1 lần được không", "2.000755"),
    ("cán bộ xã nghỉ hưu làm thủ tục hưởng lương hưu", "2.000605"),
    # a family word right before "mất" is a death, not a loss
    ("cha toi mat thang 5, luong huu thang 5 chua nhan", "2.000717"),
    ("bố em vừa mất, đang hưởng lương hưu, gia đình phải làm gì", "2.000821"),
    ("chồng tôi mất tuần trước, ông ấy đang lĩnh lương hưu, tôi có được tiền tuất ko", "2.000821"),
]


test_a_pension_said_in_passing_is_not_called_missing = none_is_called_missing(
    PENSION_SAID_IN_PASSING
)


# ... while an ordinary pension and unemployment benefit are still named as missing.
STILL_MISSING = [
    ("thủ tục hưởng lương hưu khi đủ tuổi", "pension"),
    ("làm hồ sơ hưởng trợ cấp thất nghiệp ở đâu", "unemployment"),
    ("e nghỉ việc cty rồi, muốn lãnh bhtn thì cần những gì", "unemployment"),
]


test_what_the_catalogue_lacks_is_still_named = each_is_named_missing(STILL_MISSING)
