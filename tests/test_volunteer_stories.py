"""Volunteers and citizens through the bot when things do not go straight: a volunteer
who helps two citizens at once, one who stops helping in the middle of a conversation
(leaves, is suspended, deletes their data), a citizen who deletes their data while
helped, and a checklist card handed to the resident -- told through the real dialogue
over the in-memory unit of work, each person's screen read from the outbox."""

from __future__ import annotations

import re

import pytest

from flows.types import Reply, Turn
from knowledge.handoff.records import RequestStatus
from knowledge.volunteers.records import VolunteerStatus
from tests.fakes import FakeUnitOfWork, ManualClock, dialogue_over
from tests.test_handoff_dialogue import MONDAY_9AM, WARD, Person, join


@pytest.fixture
def dialogue(services, memory_store):
    clock = ManualClock(MONDAY_9AM)  # office hours
    return dialogue_over(services, lambda: FakeUnitOfWork(memory_store), clock=clock)


class Screens:
    """What reached each person's chat since the last look (their own replies included)."""

    def __init__(self, store) -> None:
        self.store = store
        self.seen = len(store.outbox)

    def since_last(self) -> dict[str, list[Reply]]:
        fresh = self.store.outbox[self.seen :]
        self.seen = len(self.store.outbox)
        screens: dict[str, list[Reply]] = {}
        for message in fresh:
            screens.setdefault(message.recipient, []).append(Reply.from_dict(message.body))
        return screens


async def asks_for_a_person(dialogue, user_id: str) -> tuple[Person, int]:
    citizen = Person(dialogue, user_id)
    await citizen.say(WARD)
    text = await citizen.payload("cmd:human")
    return citizen, int(re.search(r"yêu cầu số (\d{6})", text).group(1))


def texts(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


async def test_a_volunteer_helping_two_citizens_sees_where_each_message_goes(
    dialogue, memory_store
):
    lan = await join(dialogue, memory_store, "501")
    an, first = await asks_for_a_person(dialogue, "900")
    binh, second = await asks_for_a_person(dialogue, "901")
    await lan.payload(f"hclaim:{first}")
    screens = Screens(memory_store)

    # Taking a second request says that typing now goes to it, not to the first.
    text = await lan.payload(f"hclaim:{second}")
    assert f"tin anh/chị nhắn từ giờ chỉ tới yêu cầu số {second}" in text
    assert [b.payload for b in lan.last[0].buttons] == [f"hclaim:{first}"]

    # An writes; Lan sees whose message it is, with the button to answer An.
    screens.since_last()
    await an.say("em cần hỏi về khai sinh")
    [relayed] = screens.since_last()["501"]
    assert relayed.text == f"💬 Yêu cầu số {first}: em cần hỏi về khai sinh"
    assert [b.payload for b in relayed.buttons] == [f"hclaim:{first}"]

    # Typing at once goes to the request chosen last (Bình), and Lan is told so.
    text = await lan.say("Chào anh/chị")
    assert text.startswith(f"Đã chuyển tới yêu cầu số {second}.")
    assert "900" not in screens.since_last()  # nothing crossed to An
    # Pressing An's button, the next message reaches An only.
    await lan.press(f"Nhắn cho số {first}", [relayed])
    text = await lan.say("Anh An mang giấy chứng sinh nhé")
    assert text.startswith(f"Đã chuyển tới yêu cầu số {first}.")
    screen = screens.since_last()
    assert texts(screen["900"]).endswith(": Anh An mang giấy chứng sinh nhé")
    assert "901" not in screen

    # /xong ends An's; Bình's is still Lan's, and what Lan types now is not relayed.
    await lan.payload("cmd:done")
    assert f"vẫn giữ yêu cầu số {second}" in texts(lan.last)
    assert [b.payload for b in lan.last[-1].buttons] == [f"hclaim:{second}"]
    screens.since_last()
    await lan.say("đăng ký khai sinh cần gì")
    assert "901" not in screens.since_last()


async def stops_by_leaving(dialogue, store, volunteer: Person) -> None:
    await volunteer.payload("cmd:leave")
    assert "đã rời" in await volunteer.press("Có, rời Tổ")


async def stops_by_suspension(dialogue, store, volunteer: Person) -> None:
    [record] = [v for v in store.people.volunteers.values() if v.user_id == volunteer.user_id]
    async with FakeUnitOfWork(store) as uow:
        await dialogue.people.volunteers.change_status(uow, record.id, VolunteerStatus.SUSPENDED)
        await uow.commit()


async def stops_by_deleting_their_data(dialogue, store, volunteer: Person) -> None:
    await volunteer.say("xóa dữ liệu của tôi")
    assert "đã xóa" in await volunteer.payload("delete:yes")


@pytest.mark.parametrize(
    "stops", [stops_by_leaving, stops_by_suspension, stops_by_deleting_their_data]
)
async def test_a_volunteer_who_stops_mid_conversation_hands_the_citizen_on(
    dialogue, memory_store, stops
):
    lan = await join(dialogue, memory_store, "511")
    minh = await join(dialogue, memory_store, "512")
    citizen, number = await asks_for_a_person(dialogue, "910")
    await lan.payload(f"hclaim:{number}")
    await citizen.say("em cần kích hoạt VNeID, số em 0912345678")
    await lan.say("Chị đã có căn cước gắn chip chưa ạ?")
    screens = Screens(memory_store)

    await stops(dialogue, memory_store, lan)
    screen = screens.since_last()
    # The citizen is not left talking to nobody: told, and told who comes next.
    told = texts(screen["910"])
    assert f"tình nguyện viên đang hỗ trợ yêu cầu số {number} không thể tiếp tục" in told
    assert "tình nguyện viên khác của Tổ công nghệ số Phường Bến Thành" in told
    assert "không cần gửi lại yêu cầu" in told
    # The other volunteer on duty gets it again, with what was said (numbers hidden).
    [notice] = screen["512"]
    assert f"Yêu cầu số {number} (Phường Bến Thành) cần người nhận lại" in notice.text
    assert "- Người dân: em cần kích hoạt VNeID, số em [số]" in notice.text
    assert "- Người hỗ trợ: Chị đã có căn cước gắn chip chưa ạ?" in notice.text
    assert "0912345678" not in notice.text
    # (the leaving volunteer's id as a number of its own: the request's random number
    # may hold the digits "511", as 951164 did once)
    assert "501" not in screen and not re.search(r"(?<!\d)511(?!\d)", notice.text)
    assert memory_store.people.requests[number].status == RequestStatus.OPEN

    # Minh takes it from the notice and the conversation goes on with him.
    await minh.press("Nhận hỗ trợ", [notice])
    await citizen.say("em có căn cước rồi")
    relayed = screens.since_last()["512"]
    assert relayed[-1].text == f"💬 Yêu cầu số {number}: em có căn cước rồi"


async def test_the_last_volunteer_stopping_hands_the_citizen_to_staff(dialogue, memory_store):
    lan = await join(dialogue, memory_store, "521")
    citizen, number = await asks_for_a_person(dialogue, "920")
    await lan.payload(f"hclaim:{number}")
    screens = Screens(memory_store)
    await stops_by_suspension(dialogue, memory_store, lan)
    told = texts(screens.since_last()["920"])
    assert "em đã báo lại cho cán bộ Trung tâm Phục vụ hành chính công" in told
    assert "tình nguyện viên khác" not in told


async def test_a_volunteer_whose_request_went_to_someone_else_cannot_write_into_it(
    dialogue, memory_store
):
    lan = await join(dialogue, memory_store, "531")
    minh = await join(dialogue, memory_store, "532")
    citizen, number = await asks_for_a_person(dialogue, "930")
    await lan.payload(f"hclaim:{number}")
    await stops_by_suspension(dialogue, memory_store, lan)
    await minh.payload(f"hclaim:{number}")
    [record] = [v for v in memory_store.people.volunteers.values() if v.user_id == "531"]
    async with FakeUnitOfWork(memory_store) as uow:
        await dialogue.people.volunteers.change_status(uow, record.id, VolunteerStatus.ACTIVE)
        await uow.commit()
    screens = Screens(memory_store)

    text = await lan.say("Chị ơi, chị còn đó không?")  # Lan's chat still pointed at it
    assert f"yêu cầu số {number} không còn do anh/chị hỗ trợ" in text
    assert "930" not in screens.since_last()


async def test_a_citizen_who_deletes_their_data_while_helped_ends_it_for_the_volunteer(
    dialogue, memory_store
):
    lan = await join(dialogue, memory_store, "541")
    citizen, number = await asks_for_a_person(dialogue, "940")
    await lan.payload(f"hclaim:{number}")
    await citizen.say("cảm ơn anh")
    screens = Screens(memory_store)

    await citizen.say("xóa dữ liệu của tôi")
    assert "đã xóa" in await citizen.payload("delete:yes")
    [told] = screens.since_last()["541"]
    assert f"Người dân đã kết thúc yêu cầu số {number} và xóa dữ liệu" in told.text
    assert number not in memory_store.people.requests
    assert "đã kết thúc" in await lan.say("Anh còn cần gì nữa không?")
    assert "940" not in screens.since_last()


async def test_a_checklist_card_is_a_message_of_its_own_to_hand_on(dialogue, memory_store):
    lan = await join(dialogue, memory_store, "551")
    await lan.say("đăng ký khai sinh cần giấy tờ gì")
    await lan.press("Tạo phiếu cho người dân")
    card, hint = lan.last
    # The card says nothing meant for the volunteer: forwarded, it reads right.
    assert card.text.startswith("Phiếu cho người dân\n\nThủ tục: Đăng ký khai sinh")
    assert "chuyển tiếp" not in card.text and card.image is not None
    assert "chuyển tiếp tin phiếu" in hint.text

    # While helping a citizen, the hint says how it reaches them; forwarded, it does.
    citizen, number = await asks_for_a_person(dialogue, "950")
    await lan.payload(f"hclaim:{number}")
    await lan.payload("card:1.001193")
    card, hint = lan.last
    assert f"đang hỗ trợ yêu cầu số {number}" in hint.text
    screens = Screens(memory_store)
    await lan.say(card.text)
    [received] = screens.since_last()["950"]
    assert received.text.startswith(
        "Tình nguyện viên Tổ công nghệ số Phường Bến Thành: Phiếu cho người dân"
    )
    assert "Giấy chứng sinh" in received.text


# The headings over the papers of the copy of a civil-status extract (2.000635)
_PAPER_HEADS = ("Giấy tờ cần mang:", "Giấy tờ phải nộp:", "Giấy tờ phải xuất trình:")


async def test_a_card_of_a_checklist_in_parts_gives_every_part_as_the_answer_does(
    dialogue, memory_store
):
    lan = await join(dialogue, memory_store, "552")
    # (the volunteer asks or presses, the reply's headings among _PAPER_HEADS)
    story = [
        (lan.say, "cấp bản sao trích lục hộ tịch cần giấy tờ gì", list(_PAPER_HEADS[1:])),
        (lan.press, "Tạo phiếu cho người dân", list(_PAPER_HEADS)),
    ]
    for act, what, heads in story:
        await act(what)
        reply = lan.last[0]
        assert [line for line in reply.text.splitlines() if line in _PAPER_HEADS] == heads
    lines = reply.text.splitlines()
    assert "(mã 2.000635)" in lines[2]
    # the form everyone fills in first, then what to hand in and what to show
    assert lines[lines.index("Giấy tờ cần mang:") + 1].startswith("1. Tờ khai đề nghị bản sao")
    handed, shown = lines.index("Giấy tờ phải nộp:"), lines.index("Giấy tờ phải xuất trình:")
    assert lines[handed + 1 : shown][-1].startswith("2. Văn bản ủy quyền")
    assert any("Hộ chiếu/Thẻ căn cước" in line for line in lines[shown:])
    # the parts are not cases: the card applies to no one case and hides no other
    assert "Áp dụng cho" not in reply.text
    assert "trường hợp khác" not in reply.text


CARD = "Tạo phiếu cho người dân"
ALL_CASES = "Xem tất cả các trường hợp"
DIVORCED = "Người đã ly hôn hoặc vợ/chồng đã chết"
SHIP = "Các giấy tờ phải nộp đối với tàu biển"
BOAT = "Các giấy tờ phải nộp đối với phương tiện thủy nội địa, tàu cá"

# (what the volunteer asks, the case button they press, what they may type for it
#  instead, the case's label, the first case: the card's when none is chosen)
CASES_CHOSEN = [
    ("đăng ký kết hôn cần giấy tờ gì", DIVORCED, "tôi đã ly hôn", DIVORCED, "Trường hợp chung"),
    ("trình báo đường thủy nội địa cần giấy tờ gì", "Tàu biển", "tàu biển", SHIP, BOAT),
]


@pytest.mark.parametrize(("asks", "button", "typed", "case", "first"), CASES_CHOSEN)
async def test_a_card_made_after_choosing_a_case_applies_to_that_case(
    dialogue, memory_store, asks, button, typed, case, first
):
    lan = await join(dialogue, memory_store, "553")
    screens = Screens(memory_store)
    await lan.say(asks)
    question = lan.last  # "which case?", the card button under it too

    async def under_the_question(label: str) -> str:
        return await lan.press(label, question)

    # (the volunteer does, with; the bot's first reply then says; the card's picture,
    #  as the channel draws it from the outbox, applies to)
    story = [
        (under_the_question, CARD, f"Áp dụng cho: {first}", first),  # none chosen yet
        (under_the_question, button, f"Trường hợp: {case}", None),
        (under_the_question, CARD, f"Áp dụng cho: {case}", case),
        (under_the_question, ALL_CASES, f"Trường hợp: {case}", None),  # each case
        (under_the_question, CARD, f"Áp dụng cho: {first}", first),  # every case: as before
        (lan.say, asks, "thuộc trường hợp nào", None),
        (lan.say, typed, f"Trường hợp: {case}", None),
        (lan.press, CARD, f"Áp dụng cho: {case}", case),  # the button under the answer
    ]
    for act, what, says, picture in story:
        screens.since_last()
        await act(what)
        assert says in lan.last[0].text, what
        sent = screens.since_last()["553"][0]
        drawn = await dialogue.people.tools.card_for(sent.image) if sent.image else None
        assert (drawn.case if drawn else None) == picture, what


@pytest.mark.parametrize(
    "asks", ["xóa dữ liệu của tôi", "xoa du lieu cua toi", "xóa thông tin của tôi"]
)
async def test_a_citizen_talking_with_a_volunteer_can_still_delete_their_data(
    dialogue, memory_store, asks
):
    lan = await join(dialogue, memory_store, "561")
    citizen, number = await asks_for_a_person(dialogue, "960")
    await lan.payload(f"hclaim:{number}")
    screens = Screens(memory_store)

    # (the citizen says, the bot answers, what reaches the volunteer)
    story = [
        (asks, "có chắc muốn xóa toàn bộ dữ liệu", ""),  # not passed on
        ("có", "đã xóa toàn bộ dữ liệu", f"Người dân đã kết thúc yêu cầu số {number}"),
    ]
    for says, answered, volunteer_sees in story:
        assert answered in await citizen.say(says)
        seen = texts(screens.since_last().get("561", []))
        assert volunteer_sees in seen if volunteer_sees else seen == ""
    assert number not in memory_store.people.requests


async def test_a_citizen_who_keeps_their_data_goes_on_talking_with_the_volunteer(
    dialogue, memory_store
):
    lan = await join(dialogue, memory_store, "571")
    citizen, number = await asks_for_a_person(dialogue, "970")
    await lan.payload(f"hclaim:{number}")
    screens = Screens(memory_store)

    # (the citizen says, the bot answers them, what reaches the volunteer)
    story = [
        ("dạ em muốn xoá hết thông tin của em ạ", "có chắc muốn xóa", ""),
        ("không", "giữ nguyên, không xóa gì", ""),
        ("ok", "", f"💬 Yêu cầu số {number}: ok"),
        ("xóa dữ liệu của tôi", "có chắc muốn xóa", ""),
        # a message of its own is passed on, and the question is dropped
        ("thôi để em hỏi anh trước đã", "", f"💬 Yêu cầu số {number}: thôi để em hỏi"),
        ("vâng", "", f"💬 Yêu cầu số {number}: vâng"),
        # asking the volunteer how to delete something elsewhere is passed on
        ("anh chỉ em cách xóa dữ liệu trên VNeID", "", "cách xóa dữ liệu trên VNeID"),
    ]
    for says, answered, volunteer_sees in story:
        text = await citizen.say(says)
        assert text.startswith("Dạ") and answered in text if answered else text == ""
        seen = texts(screens.since_last().get("571", []))
        assert volunteer_sees in seen if volunteer_sees else seen == ""
    assert memory_store.people.requests[number].status == RequestStatus.CLAIMED


async def test_what_was_said_before_reaches_the_volunteer_cut_after_a_word(dialogue, memory_store):
    lan = await join(dialogue, memory_store, "581")
    citizen = Person(dialogue, "980")
    await citizen.say(WARD)
    await citizen.say("đăng ký khai sinh cần giấy tờ gì")
    answer = citizen.last[0].text
    assert len(answer) > 200 and "\nNguồn: " in answer  # a long answer with its source
    long_story = "em muốn làm giấy khai sinh cho con " + "vì em đi làm xa nên chưa kịp làm " * 8
    await citizen.say(long_story)
    text = await citizen.payload("cmd:human")
    number = int(re.search(r"yêu cầu số (\d{6})", text).group(1))

    claimed = await lan.payload(f"hclaim:{number}")
    lines = claimed.splitlines()
    told = next(line for line in lines if line.startswith("- Người dân: em muốn"))
    answered = next(line for line in lines if line.startswith("- Bot: Dạ, đây là thông tin"))
    for line, whole in [(told, long_story), (answered, answer)]:
        kept = line.split(": ", 1)[1]
        assert kept.endswith("…") and len(kept) <= 200
        words = kept.removesuffix("…").split()
        assert words == whole.split()[: len(words)]  # whole words, none cut in the middle
    assert "Nguồn" not in claimed  # the volunteer reads what was answered, not its source


async def test_a_photo_or_sticker_while_relayed_is_told_and_its_caption_passed_on(
    dialogue, memory_store
):
    lan = await join(dialogue, memory_store, "591")
    citizen, number = await asks_for_a_person(dialogue, "990")
    await lan.payload(f"hclaim:{number}")
    screens = Screens(memory_store)

    async def sends(media: str, caption: str | None = None) -> str:
        turn = Turn(channel="telegram", user_id="990", chat_id="990", text=caption, media=media)
        return texts(await dialogue.handle(turn))

    # (the citizen sends, with the caption, the citizen is told, the volunteer sees)
    story = [
        (
            "photo",
            "giấy khai sinh của con em",
            "em chưa chuyển được ảnh cho người hỗ trợ",
            f"💬 Yêu cầu số {number}: giấy khai sinh của con em "
            "(người dân vừa gửi một ảnh; bot không chuyển được ảnh)",
        ),
        (
            "sticker",
            None,
            "em chưa chuyển được nhãn dán",
            f"💬 Yêu cầu số {number}: "
            "(người dân vừa gửi một nhãn dán; bot không chuyển được nhãn dán)",
        ),
    ]
    for media, caption, told, volunteer_sees in story:
        text = await sends(media, caption)
        assert told in text and "mô tả nội dung bằng chữ" in text
        assert ("Phần chữ anh/chị gửi kèm em đã chuyển" in text) == bool(caption)
        assert "em mới đọc được tin nhắn chữ" not in text
        assert texts(screens.since_last()["591"]) == volunteer_sees

    # The volunteer's photo does not reach the citizen either; its caption does.
    photo = Turn(
        channel="telegram", user_id="591", chat_id="591", text="mẫu tờ khai", media="photo"
    )
    assert "em chưa chuyển được ảnh cho người dân" in texts(await dialogue.handle(photo))
    assert texts(screens.since_last()["990"]).endswith(": mẫu tờ khai")

    # Not talking with anyone, a photo gets the usual note.
    assert "em mới đọc được tin nhắn chữ" in texts(
        await dialogue.handle(Turn(channel="telegram", user_id="995", media="photo"))
    )
