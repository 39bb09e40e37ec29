"""End to end: the real PTB Application, over real HTTP, against a fake Bot API.

Most stories use a scripted dialogue so that they can say exactly what the
dialogue answers. The stories marked "any dialogue" also run against the real
dialogue when a ``citizen_dialogue`` fixture exists (see ``any_bot``).
"""

from __future__ import annotations

import asyncio
import functools
import logging

import pytest
from telegram import Bot
from telegram.error import InvalidToken

from bot.telegram_bot import (
    APOLOGY,
    BOT_COMMANDS,
    UNSUPPORTED_MESSAGE,
    PollingConfig,
    RecipientUnavailable,
    TelegramChannel,
    TelegramRunner,
    build_application,
)
from flows.types import Button, Location, Reply, Turn, Venue
from tests.fake_telegram import FakeTelegram, running_bot

ALICE = 4201
BOB = 4202
WAIT = 60.0  # an upper bound on waiting for an event, for a loaded machine


class ScriptedDialogue:
    """Answers from ``script`` (keyed by text or payload), else echoes.

    A script entry is a list of replies, an exception to raise, or an async
    callable returning replies (to make a turn slow).
    """

    def __init__(self) -> None:
        self.turns: list[Turn] = []
        self.script: dict[str, object] = {}
        self._changed = asyncio.Event()

    async def handle(self, turn: Turn) -> list[Reply]:
        self.turns.append(turn)
        self._changed.set()
        self._changed = asyncio.Event()
        key = turn.text if turn.text is not None else turn.payload
        entry = self.script.get(key or "")
        if isinstance(entry, BaseException):
            raise entry
        if callable(entry):
            return await entry()
        if entry is not None:
            return list(entry)
        if turn.location is not None:
            return [Reply(f"Đã nhận vị trí {turn.location.lat}, {turn.location.lon}")]
        return [Reply(f"Bạn vừa gửi: {key}")]

    async def wait_for_turns(self, count: int, within: float = WAIT) -> list[Turn]:
        async with asyncio.timeout(within):
            while len(self.turns) < count:
                event = self._changed
                await event.wait()
        return self.turns


@pytest.fixture
def telegram_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
async def fake(telegram_env: None):
    server = FakeTelegram()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def dialogue() -> ScriptedDialogue:
    return ScriptedDialogue()


@pytest.fixture
async def bot(fake: FakeTelegram, dialogue: ScriptedDialogue):
    async with running_bot(fake, dialogue) as application:
        yield application


@pytest.fixture(params=["scripted", "citizen"])
def any_bot(request: pytest.FixtureRequest):
    """``running_bot`` over the scripted dialogue, and over the real one (``services``
    from conftest, its replies through its outbox)."""
    if request.param == "scripted":
        return functools.partial(running_bot, dialogue=ScriptedDialogue())
    services = request.getfixturevalue("services")
    return functools.partial(running_bot, dialogue=services.dialogue, outbox=services.db)


def html_messages(fake: FakeTelegram, chat_id: int, since: int = 0) -> list[dict]:
    return [p for p in fake.calls("sendMessage", since=since) if p["chat_id"] == chat_id]


# ---- any dialogue ------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["/start", "/help", "/menu"])
async def test_citizen_opening_the_bot_gets_an_answer(
    fake: FakeTelegram, any_bot, command: str
) -> None:
    async with any_bot(fake):
        fake.user_sends_text(ALICE, command)
        calls = await fake.wait_for_method("sendMessage", timeout=WAIT)
    first = calls[0]
    assert first["chat_id"] == ALICE
    assert first["parse_mode"] == "HTML"
    assert first["text"].strip()


async def test_citizen_asking_in_words_sees_typing_then_an_answer(
    fake: FakeTelegram, any_bot
) -> None:
    # shown once a turn is slow (1 s by default: a quicker answer shows no "typing...")
    async with any_bot(fake, typing_after_s=0):
        fake.user_sends_text(ALICE, "làm căn cước cần giấy tờ gì")
        await fake.wait_for_method("sendMessage", timeout=WAIT)
    methods = [m for m, _ in fake.sent]
    assert methods.index("sendChatAction") < methods.index("sendMessage")
    assert fake.calls("sendChatAction")[0] == {"chat_id": ALICE, "action": "typing"}


async def test_an_answer_quicker_than_the_typing_delay_shows_no_typing(
    fake: FakeTelegram, any_bot
) -> None:
    async with any_bot(fake, typing_after_s=60):
        fake.user_sends_text(ALICE, "làm căn cước cần giấy tờ gì")
        await fake.wait_for_method("sendMessage", timeout=WAIT)
    assert fake.calls("sendChatAction") == []


async def test_citizen_sharing_a_location_gets_an_answer(fake: FakeTelegram, any_bot) -> None:
    async with any_bot(fake):
        fake.user_sends_location(ALICE, 21.0285, 105.8542)
        calls = await fake.wait_for_method("sendMessage", timeout=WAIT)
    assert calls[0]["chat_id"] == ALICE


# ---- scripted dialogue -------------------------------------------------------------------


async def test_bot_registers_its_commands_with_vietnamese_descriptions(
    fake: FakeTelegram, bot
) -> None:
    calls = await fake.wait_for_method("setMyCommands", 2, timeout=WAIT)
    (params,) = [p for p in calls if "scope" not in p]  # the default menu: private chats
    expected = [
        {"command": "start", "description": "Bắt đầu"},
        {"command": "help", "description": "Bot giúp được gì"},
        {"command": "menu", "description": "Danh mục chức năng"},
        {"command": "huytheodoi", "description": "Dừng theo dõi hồ sơ"},
        {"command": "tinhnguyen", "description": "Dành cho tình nguyện viên"},
        {"command": "xong", "description": "Kết thúc cuộc hỗ trợ"},
        {"command": "roinhom", "description": "Tình nguyện viên rời Tổ"},
    ]
    assert params["commands"] == expected
    assert [c.command for c in BOT_COMMANDS][:3] == ["start", "help", "menu"]
    got = await bot.bot.get_my_commands()
    assert [(c.command, c.description) for c in got] == [
        (c["command"], c["description"]) for c in expected
    ]


async def test_in_a_group_the_menu_offers_only_the_way_to_a_private_chat(
    fake: FakeTelegram, bot
) -> None:
    await fake.wait_for_method("setMyCommands", 2, timeout=WAIT)
    assert fake.commands[("all_group_chats", "")] == [
        {"command": "start", "description": "Hỏi em trong tin nhắn riêng"}
    ]
    assert len(fake.commands[("default", "")]) == len(BOT_COMMANDS)


@pytest.mark.parametrize(
    ("message", "payload"),
    [
        ("/start", "cmd:start"),
        ("/help", "cmd:help"),
        ("/menu", "cmd:menu"),
        ("/huytheodoi", "cmd:unfollow"),
        ("/start@citizenbot_test_bot", "cmd:start"),
        ("/start moi-tinh-nguyen-vien", "cmd:start:moi-tinh-nguyen-vien"),
    ],
)
async def test_commands_reach_the_dialogue_as_payloads(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot, message: str, payload: str
) -> None:
    fake.user_sends_text(ALICE, message)
    (turn,) = await dialogue.wait_for_turns(1)
    assert turn == Turn(channel="telegram", user_id=str(ALICE), payload=payload, chat_id=str(ALICE))
    await fake.wait_for_method("sendMessage", timeout=WAIT)


async def test_an_unknown_command_reaches_the_dialogue_as_text(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot
) -> None:
    fake.user_sends_text(ALICE, "/khongco")
    (turn,) = await dialogue.wait_for_turns(1)
    assert turn.text == "/khongco" and turn.payload is None


async def test_answer_text_is_escaped_html_and_arrives_as_written(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot
) -> None:
    answer = "Phí <b>50.000đ</b> & lệ phí 'khác'\nDòng hai"
    dialogue.script["phí bao nhiêu"] = [Reply(answer)]
    fake.user_sends_text(ALICE, "phí bao nhiêu")
    (params,) = await fake.wait_for_method("sendMessage", timeout=WAIT)
    assert params["parse_mode"] == "HTML"
    assert params["text"] == ("Phí &lt;b&gt;50.000đ&lt;/b&gt; &amp; lệ phí 'khác'\nDòng hai")
    shown = [m for m in fake.messages.values() if m["from"]["is_bot"] and "text" in m]
    assert shown[-1]["text"] == answer  # what the citizen sees
    (turn,) = dialogue.turns
    assert turn == Turn(
        channel="telegram", user_id=str(ALICE), text="phí bao nhiêu", chat_id=str(ALICE)
    )


async def test_buttons_arrive_as_inline_keyboard_and_pressing_one_feeds_the_payload_back(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot
) -> None:
    dialogue.script["thủ tục"] = [
        Reply(
            "Anh/chị muốn hỏi thủ tục nào?",
            buttons=(Button("Cấp căn cước", "proc:cccd"), Button("Khai sinh", "proc:ks")),
        )
    ]
    dialogue.script["proc:cccd"] = [Reply("Thủ tục cấp căn cước cần...")]
    fake.user_sends_text(ALICE, "thủ tục")
    (params,) = await fake.wait_for_method("sendMessage", timeout=WAIT)
    buttons = [b for row in params["reply_markup"]["inline_keyboard"] for b in row]
    assert [(b["text"], b["callback_data"]) for b in buttons] == [
        ("Cấp căn cước", "proc:cccd"),
        ("Khai sinh", "proc:ks"),
    ]
    menu = next(m for m in fake.messages.values() if m.get("reply_markup"))

    mark = len(fake.sent)
    query_id = fake.user_presses_button(ALICE, menu["message_id"], "proc:cccd")
    calls = await fake.wait_for(
        lambda calls: any(m == "sendMessage" for m, _ in calls), WAIT, since=mark
    )
    methods = [m for m, _ in calls]
    assert methods[0] == "answerCallbackQuery"
    assert calls[0][1]["callback_query_id"] == query_id
    assert html_messages(fake, ALICE, since=mark)[0]["text"] == "Thủ tục cấp căn cước cần..."
    assert dialogue.turns[-1] == Turn(
        channel="telegram", user_id=str(ALICE), payload="proc:cccd", chat_id=str(ALICE)
    )


async def test_a_message_corrected_after_sending_is_answered_as_corrected(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot
) -> None:
    dialogue.script["đăng ký kết hô"] = [Reply("Dạ, em chưa hiểu ạ.")]
    dialogue.script["đăng ký kết hôn"] = [Reply("Đăng ký kết hôn cần...")]
    typo = fake.user_sends_text(ALICE, "đăng ký kết hô")
    await fake.wait_for_method("sendMessage", timeout=WAIT)
    fake.user_edits_text(typo, "đăng ký kết hôn")
    sent = await fake.wait_for_method("sendMessage", 2, timeout=WAIT)
    assert [m["text"] for m in sent] == ["Dạ, em chưa hiểu ạ.", "Đăng ký kết hôn cần..."]
    assert dialogue.turns[-1].text == "đăng ký kết hôn"


async def test_a_double_tap_on_a_button_is_answered_once(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot
) -> None:
    dialogue.script["thủ tục"] = [
        Reply("Thủ tục nào?", buttons=(Button("Căn cước", "proc:cccd"), Button("Khai sinh", "k")))
    ]
    dialogue.script["proc:cccd"] = [Reply("Thủ tục cấp căn cước cần...")]
    dialogue.script["k"] = [Reply("Đăng ký khai sinh cần...")]
    fake.user_sends_text(ALICE, "thủ tục")
    await fake.wait_for_method("sendMessage", timeout=WAIT)
    menu = next(m for m in fake.messages.values() if m.get("reply_markup"))
    mark = len(fake.sent)
    for payload in ("proc:cccd", "proc:cccd", "k"):  # a shaky thumb, then the other button
        fake.user_presses_button(ALICE, menu["message_id"], payload)
    await fake.wait_for(
        lambda calls: any("khai sinh" in p.get("text", "") for _, p in calls), WAIT, since=mark
    )
    texts = [m["text"] for m in html_messages(fake, ALICE, since=mark)]
    assert texts == ["Thủ tục cấp căn cước cần...", "Đăng ký khai sinh cần..."]
    assert len(fake.calls("answerCallbackQuery", since=mark)) == 3  # no spinner left turning
    assert [t.payload for t in dialogue.turns[1:]] == ["proc:cccd", "k"]


async def test_a_button_whose_payload_is_too_long_is_left_out_not_fatal(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot
) -> None:
    dialogue.script["menu"] = [
        Reply("Chọn:", buttons=(Button("Quá dài", "x" * 65), Button("Được", "ok")))
    ]
    fake.user_sends_text(ALICE, "menu")
    (params,) = await fake.wait_for_method("sendMessage", timeout=WAIT)
    buttons = [b for row in params["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["callback_data"] for b in buttons] == ["ok"]


async def test_a_list_of_more_buttons_than_telegram_allows_still_arrives(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot
) -> None:
    many = tuple(Button(f"Phường {n}", f"place:{n}") for n in range(130))
    rating = (Button("👍", "fb:up:x"), Button("👎", "fb:down:x"))
    dialogue.script["phường nào"] = [
        Reply("Chọn phường:", buttons=(*many, Button(" ", "y"), *rating))
    ]
    fake.user_sends_text(ALICE, "phường nào")
    (params,) = await fake.wait_for_method("sendMessage", timeout=WAIT)
    rows = params["reply_markup"]["inline_keyboard"]
    buttons = [b["callback_data"] for row in rows for b in row]
    assert len(buttons) == 100 and buttons[0] == "place:0"
    assert rows[-1] == [
        {"text": "👍", "callback_data": "fb:up:x"},
        {"text": "👎", "callback_data": "fb:down:x"},
    ]
    assert not fake.failed


async def test_a_long_answer_is_split_into_ordered_chunks_under_the_limit(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot
) -> None:
    paragraphs = [" ".join(f"đoạn{p}-từ{w} &" for w in range(40)) for p in range(40)]
    text = "\n\n".join(paragraphs)
    assert len(text) > 10_000
    dialogue.script["dài"] = [Reply(text, buttons=(Button("Tiếp", "more"),))]
    fake.user_sends_text(ALICE, "dài")
    await fake.wait_for(  # the last chunk carries the keyboard
        lambda calls: any(m == "sendMessage" and "reply_markup" in p for m, p in calls), WAIT
    )
    chunks = fake.calls("sendMessage")
    assert len(chunks) >= 3
    assert all(len(c["text"]) <= 4096 for c in chunks)
    shown = [m["text"] for m in fake.messages.values() if m["from"]["is_bot"]]
    assert " ".join(shown).split() == text.split()  # every word, in order
    assert [("reply_markup" in c) for c in chunks] == [False] * (len(chunks) - 1) + [True]


async def test_a_service_centre_answer_comes_with_a_venue(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot
) -> None:
    venue = Venue(21.0278, 105.8342, "Trung tâm PVHCC phường Ba Đình", "1 Trần Phú, Ba Đình")
    dialogue.script["trung tâm ở đâu"] = [Reply("Trung tâm gần anh/chị nhất:", venue=venue)]
    fake.user_sends_text(ALICE, "trung tâm ở đâu")
    calls = await fake.wait_for(lambda calls: any(m == "sendVenue" for m, _ in calls), WAIT)
    methods = [m for m, _ in calls]
    assert methods.index("sendMessage") < methods.index("sendVenue")
    (params,) = fake.calls("sendVenue")
    assert params["chat_id"] == ALICE
    assert (params["latitude"], params["longitude"]) == (venue.lat, venue.lon)
    assert (params["title"], params["address"]) == (venue.title, venue.address)


async def test_asking_for_a_location_offers_a_send_location_keyboard(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot
) -> None:
    dialogue.script["gần tôi"] = [Reply("Anh/chị gửi vị trí giúp em.", request_location=True)]
    fake.user_sends_text(ALICE, "gần tôi")
    (params,) = await fake.wait_for_method("sendMessage", timeout=WAIT)
    markup = params["reply_markup"]
    assert markup["keyboard"] == [[{"text": "Gửi vị trí của tôi", "request_location": True}]]
    assert markup["resize_keyboard"] is True and markup["one_time_keyboard"] is True


async def test_buttons_and_a_location_request_together_use_two_messages(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot
) -> None:
    dialogue.script["tìm"] = [
        Reply(
            "Chọn tỉnh hoặc gửi vị trí.", buttons=(Button("Hà Nội", "p:hn"),), request_location=True
        )
    ]
    fake.user_sends_text(ALICE, "tìm")
    first, second = await fake.wait_for_method("sendMessage", 2, timeout=WAIT)
    assert "inline_keyboard" in first["reply_markup"]
    assert second["reply_markup"]["keyboard"][0][0]["request_location"] is True


async def test_a_shared_location_reaches_the_dialogue_as_a_location(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot
) -> None:
    fake.user_sends_location(ALICE, 10.7769, 106.7009)
    (turn,) = await dialogue.wait_for_turns(1)
    assert turn == Turn(
        channel="telegram",
        user_id=str(ALICE),
        location=Location(10.7769, 106.7009),
        chat_id=str(ALICE),
    )
    await fake.wait_for_method("sendMessage", timeout=WAIT)


async def test_when_the_dialogue_fails_the_citizen_gets_an_apology_and_the_bot_carries_on(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "số CCCD của tôi là 001099012345"
    dialogue.script[secret] = RuntimeError("dialogue exploded")
    caplog.set_level(logging.DEBUG, logger="bot")
    fake.user_sends_text(ALICE, secret)
    (apology,) = await fake.wait_for_method("sendMessage", timeout=WAIT)
    assert apology["text"] == APOLOGY
    assert apology["chat_id"] == ALICE

    mark = len(fake.sent)
    fake.user_sends_text(ALICE, "xin chào")
    (answer,) = await fake.wait_for_method("sendMessage", since=mark, timeout=WAIT)
    assert answer["text"] == "Bạn vừa gửi: xin chào"

    failures = [
        r for r in caplog.records if r.exc_info and "dialogue exploded" in str(r.exc_info[1])
    ]
    assert failures, "the failure is logged with its traceback"
    ours = "\n".join(caplog.handler.format(r) for r in caplog.records if r.name.startswith("bot."))
    assert "001099012345" not in ours  # our logs never carry the citizen's words


async def test_a_slow_answer_for_one_citizen_does_not_hold_up_another(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot
) -> None:
    release = asyncio.Event()

    async def slow() -> list[Reply]:
        await asyncio.wait_for(release.wait(), WAIT)
        return [Reply("xong việc chậm")]

    dialogue.script["chậm"] = slow
    fake.user_sends_text(ALICE, "chậm")
    fake.user_sends_text(ALICE, "sau đó")
    fake.user_sends_text(BOB, "nhanh")
    await fake.wait_for(lambda calls: html_messages(fake, BOB), WAIT)
    assert html_messages(fake, ALICE) == []  # Alice's second message waits for her first
    release.set()
    await fake.wait_for(lambda calls: len(html_messages(fake, ALICE)) >= 2, WAIT)
    assert [m["text"] for m in html_messages(fake, ALICE)] == [
        "xong việc chậm",
        "Bạn vừa gửi: sau đó",
    ]


async def test_a_contact_card_is_not_read_and_its_phone_number_never_logged(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.user_sends_contact(ALICE, "+84912345678")
    (params,) = await fake.wait_for_method("sendMessage", timeout=WAIT)
    assert params["text"] == UNSUPPORTED_MESSAGE
    assert dialogue.turns == []
    assert not [r for r in caplog.records if "912345678" in r.getMessage()]


GROUP = -100555


async def test_in_a_group_the_bot_points_to_a_private_chat_and_keeps_out_of_the_talk(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot
) -> None:
    story = [  # (someone in the group says, the bot answers in the group)
        ("/start", True),
        ("hôm nay ai đi họp tổ?", False),
        ("/help@another_bot", False),
        ("@citizenbot_test_bot hồ sơ HS-2024-001 của tôi sao rồi", True),
    ]
    for text, answered in story:
        since = len(fake.sent)
        fake.user_sends_text(ALICE, text, chat_id=GROUP)
        fake.user_sends_text(BOB, "xin chào")  # a private chat goes on as usual
        awaited = {BOB, GROUP} if answered else {BOB}
        await fake.wait_for(
            lambda calls, awaited=awaited: (
                awaited <= {p["chat_id"] for m, p in calls if m == "sendMessage"}
            ),
            WAIT,
            since=since,
        )
        in_group = html_messages(fake, GROUP, since)
        assert bool(in_group) is answered, text
        if answered:
            assert "@citizenbot_test_bot" in in_group[0]["text"]
            assert "tin nhắn riêng" in in_group[0]["text"]
    assert all(t.chat_id == str(BOB) for t in dialogue.turns)  # nothing from the group


async def test_a_photo_gets_a_polite_note_about_what_the_bot_reads(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot
) -> None:
    fake.user_sends_photo(ALICE)
    (params,) = await fake.wait_for_method("sendMessage", timeout=WAIT)
    assert params["text"] == UNSUPPORTED_MESSAGE
    assert dialogue.turns == []


async def test_a_file_sent_with_a_caption_gets_its_caption_answered(
    fake: FakeTelegram, services
) -> None:
    # A citizen sends a scan with the question as its caption, outside any talk with a
    # volunteer: the bot says it cannot read the file, then answers the question.
    async with running_bot(fake, services.dialogue, outbox=services.db):
        fake.user_sends_document(ALICE, caption="đăng ký khai sinh cần giấy tờ gì")
        await fake.wait_for(lambda calls: len(html_messages(fake, ALICE)) >= 2, WAIT)
    first, *answer = [m["text"] for m in html_messages(fake, ALICE)]
    assert first == "Dạ, em chưa đọc được tệp anh/chị gửi; em trả lời theo phần chữ kèm theo ạ."
    assert "khai sinh" in answer[0].lower()
    assert UNSUPPORTED_MESSAGE not in answer


async def test_a_citizen_who_blocked_the_bot_does_not_break_it(
    fake: FakeTelegram, dialogue: ScriptedDialogue, bot
) -> None:
    fake.block_user(ALICE)
    fake.user_sends_text(ALICE, "xin chào")
    await dialogue.wait_for_turns(1)
    fake.user_sends_text(BOB, "xin chào")
    await fake.wait_for(lambda calls: html_messages(fake, BOB), WAIT)
    assert html_messages(fake, ALICE) == []
    refused = [(m, code) for m, p, code, _ in fake.failed if m == "sendMessage"]
    assert refused == [("sendMessage", 403)]  # no apology attempt to a blocked chat


# ---- the channel outside a handler (notifications) ---------------------------------------


async def test_a_notification_reaches_a_chat_through_the_channel(fake: FakeTelegram) -> None:
    async with Bot(fake.token, base_url=fake.base_url) as bare_bot:
        await TelegramChannel(bare_bot).send_replies(
            str(ALICE), [Reply("Hồ sơ 000.00.00.H29-250701-0001 đã có kết quả.")]
        )
    (params,) = fake.calls("sendMessage")
    assert params["chat_id"] == ALICE and params["parse_mode"] == "HTML"


async def test_sending_to_a_blocked_citizen_raises_recipient_unavailable(
    fake: FakeTelegram,
) -> None:
    fake.block_user(ALICE)
    async with Bot(fake.token, base_url=fake.base_url) as bare_bot:
        with pytest.raises(RecipientUnavailable) as caught:
            await TelegramChannel(bare_bot).send_replies(ALICE, [Reply("Hồ sơ đã có kết quả.")])
    assert caught.value.chat_id == ALICE
    assert "blocked" in caught.value.reason


async def test_a_short_flood_limit_is_waited_out(fake: FakeTelegram) -> None:
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    async with Bot(fake.token, base_url=fake.base_url) as bare_bot:
        await TelegramChannel(bare_bot).send_replies(ALICE, [Reply("Thông báo")])
    assert [p["text"] for p in fake.calls("sendMessage")] == ["Thông báo"]
    assert [code for _, _, code, _ in fake.failed] == [429]


# ---- lifecycle ---------------------------------------------------------------------------


async def test_a_rejected_token_fails_start_cleanly_without_leaking_it(
    fake: FakeTelegram, dialogue: ScriptedDialogue
) -> None:
    wrong = "999999:WRONG-secret-token"
    runner = TelegramRunner(
        build_application(wrong, dialogue, base_url=fake.base_url), PollingConfig(timeout_s=1)
    )
    with pytest.raises(InvalidToken) as caught:
        await asyncio.wait_for(runner.start(), WAIT)
    assert "WRONG-secret-token" not in str(caught.value)
    await asyncio.wait_for(runner.stop(), WAIT)  # safe after a failed start, and twice
    await asyncio.wait_for(runner.stop(), WAIT)


async def test_the_runner_stops_promptly_while_a_long_poll_is_open(
    fake: FakeTelegram, dialogue: ScriptedDialogue
) -> None:
    application = build_application(fake.token, dialogue, base_url=fake.base_url)
    runner = TelegramRunner(application, PollingConfig(timeout_s=30))
    await asyncio.wait_for(runner.start(), WAIT)
    try:
        assert application.updater.running
        await asyncio.sleep(0.2)  # a getUpdates is now waiting on the server
    finally:
        loop = asyncio.get_running_loop()
        started = loop.time()
        await asyncio.wait_for(runner.stop(), WAIT)
    assert loop.time() - started < 5
    assert not application.running
