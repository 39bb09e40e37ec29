"""Button payloads: each one we send parses into its action; anything else is refused."""

from __future__ import annotations

import pytest

from flows.actions import (
    AskIntent,
    DeleteData,
    FollowDossier,
    Help,
    PickCase,
    PickPlace,
    PickProcedure,
    ShowMenu,
    Start,
    UnfollowDossier,
    parse_action,
)
from flows.state import (
    AskPlace,
    ChoosePlace,
    ChooseProcedure,
    ConversationState,
    PlaceOption,
    Then,
    UnitRef,
)

PAYLOADS = [
    ("cmd:start", Start()),
    ("cmd:start:volunteer_invite-42", Start("volunteer_invite-42")),
    ("cmd:start:<b>bad param</b>", Start(None)),  # a bad deep link still greets
    ("cmd:help", Help()),
    ("cmd:menu", ShowMenu()),
    ("menu:fee", ShowMenu("fee")),
    ("proc:dang_ky_khai_sinh", PickProcedure("dang_ky_khai_sinh")),
    ("proc:tthc_1_001613:fee", PickProcedure("tthc_1_001613", "fee")),
    ("case:dang_ky_khai_sinh:2", PickCase("dang_ky_khai_sinh", 2)),
    ("case:dang_ky_khai_sinh:all", PickCase("dang_ky_khai_sinh", None)),
    ("place:3", PickPlace(3)),
    ("follow:000.00.09.H79-250701-0001", FollowDossier("000.00.09.H79-250701-0001")),
    ("unfollow", UnfollowDossier()),
    ("cmd:unfollow", UnfollowDossier()),
    ("unfollow:000.00.09.H79-250701-0001", UnfollowDossier("000.00.09.H79-250701-0001")),
    ("intent:ask_procedure_fee", AskIntent("ask_procedure_fee")),
    ("delete:yes", DeleteData(True)),
    ("delete:no", DeleteData(False)),
]


@pytest.mark.parametrize(("payload", "action"), PAYLOADS)
def test_every_payload_we_send_parses_into_its_action(payload, action) -> None:
    assert parse_action(payload) == action


@pytest.mark.parametrize(
    "payload",
    [
        "",
        ":",
        "place:²",  # a non-ASCII digit
        "place:٣",
        "place:-1",
        "place:999",
        "case:x:1e3",
        "proc:",
        "proc:a:b:c",
        "delete:maybe",
        "delete:yes:now",
        "<script>alert(1)</script>",
        "proc:<b>" + "x" * 190,
        "x" * 65,
        "follow:000.00.09.H79 250701",
        "follow:0912345678",
        "unfollow:abc",
        "unknown:thing",
        "cmd:reboot",
        "cmd:help:extra",
        "proc:dang_ky_khai_sinh\n",
        "proc:đăng_ký",
        None,
        42,
    ],
)
def test_anything_else_is_not_a_payload_of_ours(payload) -> None:
    assert parse_action(payload) is None


def test_the_state_round_trips_through_its_stored_form() -> None:
    state = ConversationState(
        procedure="dang_ky_khai_sinh",
        pending=ChoosePlace(
            (PlaceOption(ward="phuongbennghe"), PlaceOption(unit=UnitRef("hcm", "sg"))),
            Then.HOURS,
        ),
        unit=UnitRef("hcm", "sg"),
        dossiers=["000.00.09.H79-250701-0001"],
        turns=4,
    )
    assert ConversationState.from_dict(state.to_dict()) == state


def test_a_state_stored_by_an_older_release_never_crashes() -> None:
    # Release 1 stored questions as dicts, places as {"w": ...}, the unit under "extra".
    old = {
        "procedure": "dang_ky_ket_hon",
        "pending": {"type": "choose_procedure", "aspects": ["fee"]},
        "extra": {"unit": {"p": "hcm", "u": "sg"}},
        "turns": 7,
    }
    state = ConversationState.from_dict(old)
    assert (state.procedure, state.pending, state.turns) == (
        "dang_ky_ket_hon",
        ChooseProcedure(("fee",)),
        7,
    )
    unreadable = {"procedure": "x", "pending": {"type": "ask_place", "then": "teleport"}}
    assert ConversationState.from_dict(unreadable) == ConversationState(procedure="x")
    assert ConversationState.from_dict("garbage") == ConversationState()
    assert ConversationState.from_dict({"turns": "many"}) == ConversationState()
    assert AskPlace().then is Then.CONVERT


# (button payload sent, kind of the first reply): through the real dialogue.
PRESSED = [
    ("cmd:start:volunteer-invite", "greet"),  # a deep link greets, as /start does
    ("cmd:start:mời bạn", "greet"),
    ("proc:<b>" + "x" * 190, "unknown_button"),
    ("place:²", "unknown_button"),
    ("place:0", "unknown_button"),  # no place question is pending
    ("case:no_such_procedure:1", "unknown_button"),
    ("follow:" + "9" * 12, "unknown_button"),  # a phone-like number is no dossier code
]


@pytest.mark.parametrize(("payload", "kind"), PRESSED)
async def test_a_pressed_button_is_routed_or_called_outdated(conversation, payload, kind):
    await conversation.payload(payload)
    assert conversation.last[0].kind == kind
    assert payload not in conversation.text  # never echoed back
