"""A published change is swapped in between turns: a turn sees one version throughout."""

from __future__ import annotations

import asyncio

from flows.knowledge_gate import KnowledgeGate


async def test_a_swap_waits_for_the_turn_in_flight_and_holds_new_turns_back():
    gate = KnowledgeGate()
    knowledge = {"version": 1}
    seen: dict[str, list[int]] = {"first": [], "second": []}
    first_started, first_may_finish = asyncio.Event(), asyncio.Event()

    async def first_turn():
        async with gate.turn():
            seen["first"].append(knowledge["version"])
            first_started.set()
            await first_may_finish.wait()  # e.g. a database round trip
            seen["first"].append(knowledge["version"])

    async def second_turn():
        async with gate.turn():
            seen["second"].append(knowledge["version"])

    first = asyncio.create_task(first_turn())
    await first_started.wait()
    swap = asyncio.create_task(gate.swap(lambda: knowledge.update(version=2)))
    await asyncio.sleep(0)  # let the swap close the gate
    second = asyncio.create_task(second_turn())
    await asyncio.sleep(0)
    assert knowledge["version"] == 1 and not swap.done()
    assert seen["second"] == []  # held back while the swap waits
    first_may_finish.set()
    await asyncio.gather(first, swap, second)
    assert seen == {"first": [1, 1], "second": [2]}
    assert gate.running == 0


async def test_with_no_turn_running_a_swap_applies_at_once():
    gate = KnowledgeGate()
    applied = []
    await gate.swap(lambda: applied.append(True))
    async with gate.turn():
        assert gate.running == 1
    assert applied == [True]
