"""Cue phrases: what a message asks, and which of its sentences ask it."""

from __future__ import annotations

import pytest

from nlu.cues import (
    asked_aspects,
    detect_aspects,
    is_yes_no,
    question_part,
    said_actions,
    says_a_wish,
)

STORY = (
    "Bố tôi mất năm ngoái, mẹ tôi đã làm khai tử ở xã. "
    "Các anh chị em đã họp gia đình thống nhất. "
    "Tôi muốn hỏi thủ tục sang tên sổ đỏ cho mẹ tôi như thế nào?"
)


def test_a_story_is_searched_by_the_sentence_that_asks() -> None:
    assert question_part(STORY) == "Tôi muốn hỏi thủ tục sang tên sổ đỏ cho mẹ tôi như thế nào?"


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # typed without diacritics: a question mark or a phrase of two words or more
        (
            "bo toi mat nam ngoai. anh em da thong nhat. thu tuc sang ten so do the nao",
            "thu tuc sang ten so do the nao",
        ),
        # "hội" (xã hội) is not "hỏi" (ask) once the accents are gone
        (
            "dong bao hiem xa hoi 6 nam. vo sinh con. chong co duoc huong khong?",
            "chong co duoc huong khong?",
        ),
        # a bare question asks about the sentence before it
        (
            "Năm 2010 tôi mua đất. Nay tôi muốn tách thửa cho con trai. Thủ tục thế nào?",
            "Nay tôi muốn tách thửa cho con trai. . Thủ tục thế nào?",
        ),
        # the writer marks questions with "?": a sentence that only names a procedure
        # done before ("khi làm thủ tục ...") does not ask
        (
            "Tôi nghỉ thai sản 6 tháng. Khi làm thủ tục hưởng chế độ thai sản tôi đã nộp "
            "giấy ra viện. Vậy tôi có được hưởng chế độ dưỡng sức sau sinh không?",
            "Vậy tôi có được hưởng chế độ dưỡng sức sau sinh không?",
        ),
        # several sentences ask: all of them are kept
        (
            "Tôi mất ví. Làm lại căn cước ở đâu? Mất bao lâu?",
            "Làm lại căn cước ở đâu? . Mất bao lâu?",
        ),
    ],
)
def test_the_asking_sentences_of_a_story(text: str, asked: str) -> None:
    assert question_part(text) == asked


LOST_PAPERS = (
    "Tôi đăng ký thường trú ở Đà Lạt. Tôi đi công tác ở Sài Gòn và bị móc túi. "
    "Hiện tại, tôi muốn xin cấp lại thẻ căn cước, bằng lái xe. "
    "Vậy tôi có phải xin xác nhận của công an phường không?"
)


def test_what_the_writer_wants_just_before_the_question_comes_with_it() -> None:
    # for the procedure search only: the question asks about what that sentence wants
    assert question_part(LOST_PAPERS, wishes=True) == (
        "Hiện tại, tôi muốn xin cấp lại thẻ căn cước, bằng lái xe. . "
        "Vậy tôi có phải xin xác nhận của công an phường không?"
    )
    assert question_part(LOST_PAPERS) == "Vậy tôi có phải xin xác nhận của công an phường không?"


MARITAL_STATUS = (
    "Chủ đầu tư yêu cầu giấy xác nhận tình trạng hôn nhân. "
    "Tôi thường trú ở Thái Nguyên nhưng tạm trú ở Bắc Ninh đã 6 năm. "
    "Xin hỏi tôi xin giấy này ở phường nơi tạm trú được không?"
)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        (  # the nearest sentence before that names a paper, not the one just before
            MARITAL_STATUS,
            "Chủ đầu tư yêu cầu giấy xác nhận tình trạng hôn nhân. . "
            "Xin hỏi tôi xin giấy này ở phường nơi tạm trú được không?",
        ),
        (  # typed without diacritics, "nay" points back
            "cong ty bat nop giay kham suc khoe. toi o tro quan 3. xin giay nay o dau duoc?",
            "cong ty bat nop giay kham suc khoe. . xin giay nay o dau duoc?",
        ),
        (  # ... but not "do": "giay do" is also "giấy đỏ"
            "nha toi o que. ban dat roi. giay do lam lai o dau?",
            "giay do lam lai o dau?",
        ),
        (  # the paper left out: "xin ở đâu" asks for the one named before
            "Cơ quan yêu cầu phiếu lý lịch tư pháp. Tôi đang tạm trú ở TP.HCM nhưng"
            " thường trú ở Nghệ An thì xin ở đâu, có làm online được không?",
            "Cơ quan yêu cầu phiếu lý lịch tư pháp. . Tôi đang tạm trú ở TP.HCM nhưng"
            " thường trú ở Nghệ An thì xin ở đâu, có làm online được không?",
        ),
        (  # ... typed without diacritics
            "co quan yeu cau phieu ly lich tu phap. toi tam tru o ha noi thi xin o dau?",
            "co quan yeu cau phieu ly lich tu phap. . toi tam tru o ha noi thi xin o dau?",
        ),
        (  # ... not when the asking sentence names its own paper
            "Tôi đã có sổ đỏ. Giờ muốn xin giấy phép xây dựng thì xin ở đâu?",
            "Giờ muốn xin giấy phép xây dựng thì xin ở đâu?",
        ),
        (  # ... nor when no sentence before names one
            "Tôi mở quán phở ở phường Vinh Tân. Quán ăn như tôi thì xin ở đâu?",
            "Quán ăn như tôi thì xin ở đâu?",
        ),
        (  # a paper named by its kind: "giấy phép này" is the permit named before
            "Chồng tôi là người Úc, Tết này về quê tôi ở một xã biên giới. Bạn bè bảo người"
            " nước ngoài vào khu vực biên giới phải xin giấy phép. Xin hỏi giấy phép này xin"
            " ở đâu?",
            "Bạn bè bảo người nước ngoài vào khu vực biên giới phải xin giấy phép. . Xin hỏi"
            " giấy phép này xin ở đâu?",
        ),
        (  # correcting what the sentence saying it is wrong names, not the one before
            "Thẻ bhyt của tôi ghi sai năm sinh. Thẻ do xã lập danh sách cấp vì tôi thuộc"
            " hộ cận nghèo. Muốn sửa thì làm ở đâu ạ?",
            "Thẻ bhyt của tôi ghi sai năm sinh. . Muốn sửa thì làm ở đâu ạ?",
        ),
        (  # ... typed without diacritics
            "so bhxh cua toi ghi sai dan toc. cong ty cu da giai the roi thi sua o dau?",
            "so bhxh cua toi ghi sai dan toc. . cong ty cu da giai the roi thi sua o dau?",
        ),
        (  # ... not when the question names the paper it corrects
            "Giấy khai sinh năm 1972 ghi sai tên mẹ tôi. Nay tôi làm giấy tờ nhà đất ở"
            " quê. Tôi sửa giấy khai sinh ở đâu?",
            "Tôi sửa giấy khai sinh ở đâu?",
        ),
        (  # ... nor when nothing before it says something is wrong
            "Tôi mua xe cũ của hàng xóm. Muốn sửa lại xe thì làm ở đâu?",
            "Muốn sửa lại xe thì làm ở đâu?",
        ),
    ],
)
def test_a_question_that_points_back_at_a_paper_comes_with_the_sentence_naming_it(
    text: str, asked: str
) -> None:
    # for the procedure search only, as what the writer wants
    assert question_part(text, wishes=True) == asked
    assert question_part(MARITAL_STATUS) == (
        "Xin hỏi tôi xin giấy này ở phường nơi tạm trú được không?"
    )


@pytest.mark.parametrize(
    ("sentence", "wish"),
    [
        ("Nay tôi muốn tách thửa.", True),
        ("Gia đình tôi có nhu cầu xây nhà.", True),
        ("Tôi định mở trung tâm đào tạo lái xe.", True),
        ("toi muon dang ky thuong tru.", True),
        ("Tôi định cư ở Pháp từ năm 2000.", False),  # settled, not "intend"
        ("Theo quy định thì phải nộp phạt.", False),
        ("Khai sinh muộn có bị phạt.", False),
        ("dang ky muon co bi phat", False),  # "muộn", late, once the accents are gone
    ],
)
def test_a_sentence_that_says_a_wish(sentence: str, wish: bool) -> None:
    assert says_a_wish(sentence) is wish


@pytest.mark.parametrize(
    ("text", "actions"),
    [
        ("Xin hỏi gia hạn tạm trú ở đâu?", {"gia hạn"}),
        ("toi muon tam ngung kinh doanh 3 thang", {"tạm ngừng"}),  # typed without diacritics
        ("hủy đăng ký kết hôn được không", {"hủy"}),
        ("huy hieu cua con toi bi mat", set()),  # one word typed bare: "huy" is not "hủy"
        ("Tôi bị xóa đăng ký thường trú.", set()),  # done to the writer, not asked
        ("Tôi đã được gia hạn một lần, nay muốn gia hạn tiếp.", {"gia hạn"}),
        ("Cán bộ yêu cầu bổ sung hồ sơ thì nộp ở đâu?", set()),  # more papers, not a change
        ("cập nhật số căn cước vào sổ đỏ", {"thay đổi"}),  # one action, said another way
        ("Cấp, cấp lại, gia hạn, điều chỉnh giấy phép", {"gia hạn", "thay đổi"}),
        ("", set()),
    ],
)
def test_the_actions_on_what_exists_a_message_asks(text: str, actions: set[str]) -> None:
    assert said_actions(text) == actions


@pytest.mark.parametrize(
    "text",
    ["làm căn cước cần gì", "", "Tôi sinh năm 1990. Tôi ở Hà Nội.", "😀😀", "a. b. c"],
)
def test_one_sentence_or_none_that_asks_keeps_the_whole_message(text: str) -> None:
    assert question_part(text) == text


def test_aspects_and_yes_no_are_read_without_diacritics() -> None:
    assert detect_aspects("dang ky ket hon mat bao lau, le phi bao nhieu") == ("time", "fee")
    assert is_yes_no("nop qua buu dien duoc khong")


def test_a_yes_no_sentence_of_its_own_asks_about_the_conditions() -> None:
    # "… có được không?" asks whether one may; the next sentence asks for the documents
    text = (
        "Tôi muốn thay đổi dân tộc theo dân tộc của mẹ có được không? Nếu được thì phải làm "
        "những thủ tục nào?"
    )
    assert asked_aspects(text) == ("conditions", "steps", "requirements")
    # one sentence: the yes/no is about what it names ("nộp qua bưu điện được không")
    assert asked_aspects("nộp qua bưu điện được không?") == ("post",)
    # a story's sentence that says "chưa" without asking is no question
    assert asked_aspects("Con tôi chưa có thẻ BHYT. Hồ sơ thế nào?") == ("requirements",)


# "khi nào thì", "đến bao giờ" ask when: the time it takes
@pytest.mark.parametrize(
    "text",
    [
        "tôi nộp hồ sơ đăng ký lại BHYT rồi, đến khi nào thì mã thẻ được cập nhật?",
        "làm lại sổ đỏ bao giờ thì có",
        "nộp hồ sơ hưu trí đến bao giờ mới được giải quyết",
    ],
)
def test_when_is_asked_as_the_time_it_takes(text: str) -> None:
    assert "time" in detect_aspects(text)


# Whether a paper must be in the dossier asks for the documents too, beside whether
# one may ("có cần phải ... không" asks about the conditions).
def test_whether_a_paper_is_needed_asks_for_the_documents() -> None:
    text = "Hồ sơ xin nhập quốc tịch Việt Nam có cần giấy xác nhận thường trú hay không?"
    assert "requirements" in asked_aspects(text)
    assert "requirements" in detect_aspects("làm thẻ căn cước có cần mang giấy khai sinh không")


# A question choosing between two things is answered from the rules, as a yes/no one is;
# "hay" in a sentence that asks nothing is no choice.
def test_a_choice_between_two_things_is_asked_like_a_yes_no_question() -> None:
    assert is_yes_no("con tôi khi sinh sẽ theo dân tộc của cha hay mẹ?")
    assert not is_yes_no("tôi hay đi công tác xa nên muốn làm hộ chiếu online")


# "chưa" asks only where a question or the message ends ("đã có kết quả chưa?"); inside a
# sentence it tells what has not happened yet, and the question is about something else.
@pytest.mark.parametrize(
    ("text", "yes_no"),
    [
        ("hồ sơ đã có kết quả chưa", True),
        ("hồ sơ của tôi xong chưa ạ? tôi nộp hôm qua", True),
        ("ho so cua toi co ket qua chua", True),
        ("con em 5 tuổi, khai sinh chưa có tên bố, giờ bố cháu muốn nhận con thì làm gì", False),
        ("giấy phép xây dựng sắp hết hạn mà chưa khởi công được, xin gia hạn", False),
        ("Ông K. (Quảng Trị) hỏi: Tôi bán xe. Ra xã chứng thực hợp đồng thì mang những gì?", False),
    ],
)
def test_not_yet_asks_only_at_the_end_of_a_question(text: str, yes_no: bool) -> None:
    assert is_yes_no(text) is yes_no


def test_a_dossier_with_a_word_between_still_asks_for_the_papers() -> None:
    assert "requirements" in detect_aspects("xin hỏi hồ sơ thi gồm những gì")


# What to do ("phải làm gì", "thủ tục cụ thể", "hướng dẫn cách") asks for the steps.
@pytest.mark.parametrize(
    "text",
    [
        "thẻ BHYT ghi sai ngày sinh, tôi phải làm gì trong trường hợp này?",
        "xin hỏi thủ tục cụ thể ra sao",
        "hướng dẫn cách đăng ký tài khoản định danh mức 2",
    ],
)
def test_what_to_do_asks_for_the_steps(text: str) -> None:
    assert "steps" in detect_aspects(text)


# "thủ tục … thế nào" with the procedure's words between asks for the steps; when the
# words between ask about something else ("lệ phí tính như thế nào"), they ask that only.
@pytest.mark.parametrize(
    ("text", "asked"),
    [
        (
            "Tôi bị mất cà vẹt xe thì hồ sơ, thủ tục làm lại đăng ký xe như thế nào?",
            ("requirements", "steps"),
        ),
        ("Vậy, tôi muốn làm thủ tục đổi giấy phép lái xe A1 sang thẻ PET như thế nào?", ("steps",)),
        ("thu tuc nhap ho khau cho vo nam nay ra sao", ("steps",)),
        ("Vậy thủ tục giải chấp sổ đỏ là gì? Mất bao lâu?", ("steps", "time")),
        ("Xin cho biết thủ tục và điều kiện.", ("steps", "conditions")),
        ("làm thủ tục khai sinh thì lệ phí tính như thế nào", ("fee",)),
        ("thủ tục sang tên xe, phí trước bạ tính thế nào", ("fee",)),
        ("nghỉ việc sau khi sinh con thì em nộp hồ sơ tới đâu ạ", ("where",)),
        # how a named procedure is done, a few words between ("…4" in cues.yml)
        ("đăng ký khai sinh như thế nào", ("steps",)),
        ("xin cấp sổ đỏ lần đầu như thế nào", ("steps",)),
        ("hồ sơ đăng ký khai sinh như thế nào", ("requirements", "steps")),
        # ... but not across a story's other words: a fine is asked (the conditions, as
        # "có bị phạt không" is), no steps
        ("Việc không đăng ký tạm trú của tôi sẽ bị xử phạt như thế nào?", ("conditions",)),
        # how many photos: the papers
        ("cần bao nhiêu ảnh làm hộ chiếu", ("requirements",)),
    ],
)
def test_how_a_procedure_is_done_with_words_between(text: str, asked: tuple[str, ...]) -> None:
    assert asked_aspects(text) == asked


# How a citizen asks what to do, where, what it costs, when and what it is worth, in
# words that fit any procedure; and the look-alikes that ask none of it.
@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # what to do: the steps (the papers come with them in the answer)
        ("tôi cần làm những thủ tục gì để nhận lương hưu thay bố", ("steps", "requirements")),
        ("phải làm những gì để xóa thế chấp", ("steps",)),
        ("xin cho biết tôi phải tiến hành những thủ tục gì?", ("steps", "requirements")),
        ("nếu phải xin giấy phép thì tôi phải thực hiện như thế nào?", ("steps",)),
        ("mất bằng lái xe máy làm lại thế nào", ("steps",)),
        ("căn cước bị sai quê quán làm lại ra sao?", ("steps",)),
        ("sang tên sổ đỏ khi người đứng tên đã mất như thế nào?", ("steps",)),
        ("cháu chưa có thẻ thì sẽ tham gia BHYT như thế nào?", ("steps",)),
        # how, said of any act ("gia hạn", "đổi", "sửa", "mở khóa"): the steps
        ("tạm trú của em hết hạn tháng sau rồi, gia hạn thế nào", ("steps",)),
        ("đổi bằng lái xe hết hạn kiểu gì", ("steps",)),
        ("the bhyt sai ten dem, sua ntn", ("steps",)),
        ("tìm lại được điện thoại rồi, mở khóa căn cước điện tử ra sao", ("steps",)),
        # ... but a fine or a sum asked "như thế nào" is no how-to (a fine: the conditions)
        ("Việc không đăng ký tạm trú của tôi sẽ bị xử phạt như thế nào?", ("conditions",)),
        ("không đi đăng ký khai sinh cho con thì bị phạt ra sao", ("conditions",)),
        ("sang tên sổ đỏ thì lệ phí tính như thế nào", ("fee",)),
        # ... nor what counts as one, nor "what about" another ("khai tử thì thế nào")
        ("thế nào là hộ cận nghèo", ()),
        ("khai tử thì thế nào", ()),
        # whether it is fined: answered from the record's conditions and notes
        ("nộp muộn có bị phạt không", ("conditions",)),
        ("khai sinh quá hạn có bị xử phạt không", ("conditions",)),
        # where: going to the office oneself, or doing it at another place
        (
            "tôi có thể tự đến cơ quan bảo hiểm làm chế độ thai sản được không?",
            ("conditions", "where"),
        ),
        (
            "tôi có thể tự mình liên hệ với cơ quan BHXH để giải quyết được không?",
            ("conditions", "where"),
        ),
        ("tôi có thể làm hộ chiếu tại Hà Nội được không?", ("conditions", "where")),
        ("bị mất giấy tờ, tôi có thể làm ở khác tỉnh được không", ("conditions", "where")),
        ("tôi có làm lại được tại nơi đang công tác hay không?", ("conditions", "where")),
        # ... a place named in the story asks nothing about where
        ("tôi đang sống ở địa phương khác, có được hưởng trợ cấp không?", ()),
        ("tôi đã đến cơ quan BHXH nhưng chưa được giải quyết", ()),
        # the fee: whether money is owed
        ("cấp sổ đỏ lần đầu có phải nộp tiền sử dụng đất không?", ("conditions", "fee")),
        ("đăng ký BHYT hộ gia đình phải đóng bao nhiêu", ("fee",)),
        # the time: when, in words other than "bao lâu"
        ("nộp hồ sơ rồi thì bao giờ được nhận tiền?", ("time",)),
        ("trong thời hạn bao nhiêu lâu thì được hoàn tiền?", ("time",)),
        # ... "chưa bao giờ" is never, not when
        ("tôi chưa bao giờ đăng ký tạm trú, giờ phải làm gì?", ("steps",)),
        # the result: what the paper is worth
        ("giấy xác nhận tình trạng hôn nhân có giá trị như thế nào?", ("result",)),
        ("phiếu lý lịch tư pháp dùng để làm gì?", ("result",)),
        # the papers: what the dossier or the procedure is made of
        ("thủ tục gồm những gì?", ("requirements",)),
        ("hồ sơ bao gồm những gì?", ("requirements",)),
    ],
)
def test_every_aspect_asked_in_general_words(text: str, asked: tuple[str, ...]) -> None:
    assert asked_aspects(text) == asked


# The aspect a citizen asks, in everyday words; and the look-alikes (negative rows) whose
# words hold a cue but ask something else.
@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # what happens if: the conditions, not how ("làm sao")
        ("nộp muộn có làm sao không", ("conditions",)),
        ("nop muon co lam sao khong", ("conditions",)),
        ("phải làm sao để đăng ký lại", ("steps",)),
        # the result alone: "kết quả của thủ tục … là gì" asks no steps
        ("kết quả của thủ tục đăng ký khai sinh là gì", ("result",)),
        ("làm xong được nhận giấy gì", ("result",)),
        ("thủ tục đăng ký khai sinh là gì", ("steps",)),
        # how long, asked yes or no
        ("làm hộ chiếu có lâu không", ("time",)),
        ("bao giờ xong ạ", ("time",)),
        # ... "mấy hôm trước" is when it happened, "mất mấy giấy tờ" a loss
        ("Mấy hôm trước tôi bị mất mấy giấy tờ, làm lại căn cước ở đâu?", ("where",)),
        # where, asked yes or no: where and whether
        ("nộp ở xã được không", ("conditions", "where")),
        ("có phải về quê làm không", ("conditions", "where")),
        ("làm tại nơi tạm trú được không", ("conditions", "where")),
        # ... "làm ở công ty được 5 năm" is how long one worked there
        ("Tôi làm ở công ty được 5 năm, nay nghỉ việc thì có được hưởng trợ cấp không?", ()),
        # which level of office
        ("tôi có phải xin phép xã hay huyện không?", ("conditions", "agency")),
        # whether a paper will do
        ("giấy ra viện có được xem là giấy báo tử không?", ("requirements",)),
        ("nộp bản photo được không", ("requirements",)),
        ("có được coi là tai nạn lao động không?", ()),
        # the form
        ("mẫu khai báo tạm vắng mới hiện nay được quy định như thế nào?", ("forms",)),
        # done without going there: online
        ("có hình thức nào đóng tiếp mà không cần đến trực tiếp không?", ("online",)),
        # the steps, asked to be shown; a story's "hướng dẫn tôi" is no question
        ("xin hướng dẫn giúp em thủ tục tách thửa", ("steps",)),
        ("cán bộ hướng dẫn tôi về UBND xã để làm", ()),
        ("cần những thủ tục, điều kiện gì?", ("steps", "conditions")),
        # spoken "như nào" is "như thế nào"
        ("lam ho chieu nhu nao", ("steps",)),
        ("hồ sơ làm hộ chiếu như nào", ("requirements", "steps")),
        ("thủ tục khai sinh thì lệ phí như nào", ("fee",)),
        # what one is entitled to: the conditions
        ("sinh con được hưởng những chế độ gì", ("conditions",)),
        # names of benefits and periods of work are no fee and no time
        ("thủ tục hưởng mai táng phí gồm những giấy tờ gì?", ("requirements",)),
        ("trong thời gian làm việc tôi bị tai nạn", ()),
        # to whom a dossier or a letter is handed, and which of two places: where
        ("muốn khiếu nại thì làm đơn gửi ai?", ("where",)),
        ("hồ sơ nộp cho công ty hay cho bảo hiểm xã hội?", ("where",)),
        ("sinh viên năm nhất mua bhyt ở trường hay ở phường", ("where",)),
        # whether a commune office or an embassy does it: where, and whether
        ("sao y bản chính học bạ ở phường được không", ("conditions", "where")),
        ("làm thủ tục thôi quốc tịch qua Đại sứ quán được không?", ("conditions", "where")),
        # by when it must be filed, and the same day: the time
        ("hạn cuối quyết toán thuế thu nhập cá nhân là khi nào?", ("time",)),
        ("sao y bằng đại học có lấy trong ngày không", ("time",)),
        ("xin cấp lại có phải chờ xác minh lâu không?", ("conditions", "time")),
        # whether one is exempt, whether a permit is needed, the rule's limits: the
        # conditions, beside what else the sentence names
        # (a free service named, "trợ giúp pháp lý miễn phí", asks who is entitled, no fee)
        (
            "hộ nghèo có được trợ giúp pháp lý miễn phí không, nộp đơn ở đâu?",
            ("conditions", "where"),
        ),
        ("nuôi rắn có cần giấy phép không, hồ sơ gồm những gì?", ("conditions", "requirements")),
        ("thành lập công ty một thành viên cần vốn tối thiểu bao nhiêu", ("conditions",)),
        # which office it is handed to, and which of two places: where
        ("Xin hỏi tôi nộp hồ sơ ở cơ quan nào?", ("where", "agency")),
        ("cơ quan nào cấp giấy phép", ("agency",)),
        ("mua bảo hiểm y tế sinh viên ở trường đại học hay ở quê?", ("where",)),
        ("đến bảo hiểm xã hội huyện hay phải lên tỉnh?", ("where",)),
        # ... "tối đa" alone folds as "tôi đã"
        ("toi da nop ho so roi", ()),
    ],
)
def test_what_is_asked_in_everyday_words(text: str, asked: tuple[str, ...]) -> None:
    assert asked_aspects(text) == asked


# In a story only the sentences that ask count: those marked "?", and those asking with
# a question word or a clause ending yes/no though the writer marks others with "?".
@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # "buôn bán tại nhà" (online), "chưa đủ tuổi" (conditions): the story's
        (
            "Trước đây tôi buôn bán tại nhà, cho cháu mượn chứng minh thư do chưa đủ tuổi. "
            "Tôi cần gộp 2 sổ bảo hiểm xã hội ở đâu?",
            ("where",),
        ),
        # "sau một thời gian làm việc" is no question of time
        (
            "Tôi chuyển ra Hà Nội, sau một thời gian làm việc tôi định ở lâu dài. "
            "Nếu quá hạn đăng ký tạm vắng thì có làm sao không?",
            ("conditions",),
        ),
        # a question ended with "." among others ended with "?"
        (
            "Hồ sơ cấp lại bằng lái bị mất gồm những giấy tờ gì. Thời hạn cấp lại bao lâu?",
            ("requirements", "time"),
        ),
        (
            "Mẹ tôi có phải làm chuyển nhượng không, thủ tục thế nào? "
            "Có mất lệ phí không và cách tính thế nào, nhà tôi có 3 sào đất.",
            ("conditions", "steps", "fee"),
        ),
        # a yes/no clause beside an aspect asked: whether, and the aspect
        (
            "Sổ đỏ bị rách. Nay tôi có thể xin cấp lại hay không, phải liên hệ ở đâu?",
            ("conditions", "where"),
        ),
        # "chưa" in a clause that does not end the question is no yes/no
        ("tôi chưa có giấy khai sinh, làm căn cước ở đâu?", ("where",)),
    ],
)
def test_a_story_is_asked_by_its_asking_sentences(text: str, asked: tuple[str, ...]) -> None:
    assert asked_aspects(text) == asked
