"""Under load, web chat turns are worked on a few at a time, in the order they came.

With 64 turns interleaved, each turn's every database round trip waited behind all the
others' work, and a new user's first turn (more round trips) waited twice as long as the
rest (p99 twice p50). ``TurnQueue`` lets ``turns_at_once`` in and the others wait their
turn, first come first served; a user's own turns queue behind each other first, so one
user's burst never takes the places of other users.
"""

from __future__ import annotations

import asyncio

from bot.web_guard import TurnQueue


async def _started(queue: TurnQueue, user: str, log: list[str], done: asyncio.Event) -> None:
    async with queue.turn(user):
        log.append(user)
        await done.wait()


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)  # let every waiting task take its step


async def test_no_more_than_the_limit_are_worked_on_and_the_rest_go_in_arrival_order():
    queue = TurnQueue(2)
    started: list[str] = []
    release = {name: asyncio.Event() for name in "abcde"}
    tasks = []
    for name in "abcde":
        tasks.append(asyncio.create_task(_started(queue, name, started, release[name])))
        await _settle()
    assert started == ["a", "b"]
    release["b"].set()
    await _settle()
    assert started == ["a", "b", "c"]
    release["a"].set()
    await _settle()
    assert started == ["a", "b", "c", "d"]
    for event in release.values():
        event.set()
    await asyncio.gather(*tasks)
    assert started == ["a", "b", "c", "d", "e"]


async def test_one_users_burst_waits_for_that_user_not_in_the_places_of_others():
    queue = TurnQueue(2)
    started: list[str] = []
    done = asyncio.Event()
    tasks = [asyncio.create_task(_started(queue, "alice", started, done)) for _ in range(3)]
    await _settle()
    tasks.append(asyncio.create_task(_started(queue, "bob", started, done)))
    await _settle()
    assert started == ["alice", "bob"]  # Alice's other two wait for her first
    done.set()
    await asyncio.gather(*tasks)
    assert started.count("alice") == 3


async def test_a_limit_of_zero_lets_every_turn_in():
    queue = TurnQueue(0)
    started: list[str] = []
    done = asyncio.Event()
    tasks = [asyncio.create_task(_started(queue, f"u{i}", started, done)) for i in range(50)]
    await _settle()
    assert len(started) == 50
    done.set()
    await asyncio.gather(*tasks)


async def test_a_turn_given_up_while_waiting_frees_nothing_it_did_not_hold():
    queue = TurnQueue(1)
    started: list[str] = []
    first_done, never = asyncio.Event(), asyncio.Event()
    first = asyncio.create_task(_started(queue, "a", started, first_done))
    await _settle()
    waiting = asyncio.create_task(_started(queue, "b", started, never))
    await _settle()
    waiting.cancel()  # the client hung up while its turn waited
    await _settle()
    third = asyncio.create_task(_started(queue, "c", started, first_done))
    await _settle()
    assert started == ["a"]  # still one at a time
    first_done.set()
    await asyncio.gather(first, third)
    assert started == ["a", "c"]
