"""What the dialogue remembers between turns, on an in-memory unit of work (fast)."""

from __future__ import annotations

from flows.state import ChooseProcedure, ConversationState
from flows.types import Turn
from knowledge.storage.conversations import StoredConversation
from tests.fakes import FakeUnitOfWork, dialogue_over

# (user says, bot answer contains): one conversation.
FOLLOW_UP = [
    ("lấy vợ cần giấy tờ gì", "kết hôn"),
    ("thế lệ phí bao nhiêu", "Đăng ký kết hôn"),
]


def _state(store, user: str = "lan") -> ConversationState:
    return ConversationState.from_dict(store.conversations[("web", user)].state)


async def test_a_follow_up_is_about_the_procedure_being_discussed(fake_dialogue, memory_store):
    for says, answer in FOLLOW_UP:
        replies = await fake_dialogue.handle(Turn("web", "lan", text=says))
        assert answer in "\n".join(r.text for r in replies)
    state = _state(memory_store)
    assert (state.procedure, state.turns) == ("dang_ky_ket_hon", 2)
    assert memory_store.conversations[("web", "lan")].version == 2


async def test_the_question_asked_is_remembered_as_typed_state(fake_dialogue, memory_store):
    await fake_dialogue.handle(Turn("web", "lan", payload="menu:fee"))
    assert _state(memory_store).pending == ChooseProcedure(("fee",))


async def test_delete_my_data_forgets_the_conversation(fake_dialogue, memory_store):
    await fake_dialogue.handle(Turn("web", "lan", text="xin chào"))
    await fake_dialogue.handle(Turn("web", "lan", text="xóa dữ liệu của tôi"))
    replies = await fake_dialogue.handle(Turn("web", "lan", payload="delete:yes"))
    assert replies[0].kind == "deleted"
    assert ("web", "lan") not in memory_store.conversations
    assert ("web", "lan") not in memory_store.users


class RacedUnitOfWork(FakeUnitOfWork):
    """Another worker saves this conversation while the first commit is under way."""

    raced = False

    async def commit(self) -> int:
        if not RacedUnitOfWork.raced:
            RacedUnitOfWork.raced = True
            key = ("web", "lan")
            other = _state(self.store) if key in self.store.conversations else None
            turns = (other.turns if other else 0) + 1
            version = self.store.conversations[key].version if other else 0
            self.store.conversations[key] = StoredConversation(
                ConversationState(turns=turns).to_dict(), version + 1
            )
        return await super().commit()


async def test_a_turn_that_lost_a_race_runs_again_on_the_newer_state(services, memory_store):
    raced = dialogue_over(services, lambda: RacedUnitOfWork(memory_store))
    replies = await raced.handle(Turn("web", "lan", text="xin chào"))
    assert replies[0].kind != "error"
    # the other worker's turn and ours: both counted, none overwritten
    assert _state(memory_store).turns == 2
