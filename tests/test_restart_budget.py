"""The supervisor of `serve --workers N` starts a dead worker again: always when one dies
now and then, never in an endless loop of workers dying at start."""

from __future__ import annotations

from bot.workers import RestartBudget
from tests.fakes import ManualClock


def test_workers_dying_in_a_loop_are_given_up_on() -> None:
    clock = ManualClock()
    budget = RestartBudget(limit=3, window_s=600, clock=lambda: clock().timestamp())
    assert [budget.allow() for _ in range(3)] == [True, True, True]
    clock.advance(seconds=5)
    assert budget.allow() is False


def test_a_worker_dying_now_and_then_is_always_started_again() -> None:
    clock = ManualClock()
    budget = RestartBudget(limit=3, window_s=600, clock=lambda: clock().timestamp())
    for _ in range(50):  # fifty deaths over a long time: each one far from the others
        assert budget.allow() is True
        clock.advance(minutes=5)
