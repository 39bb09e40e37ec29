"""Knowledge swapped between turns, never in the middle of one.

Published edits reach a running process as new immutable values (a catalogue, a
procedure index, an FAQ index), built in the background. A turn reads those values
across several awaits, so it must see one version from its start to its end: turns run
inside the gate, and a swap closes the gate to new turns, waits until the turns in
flight have finished, assigns (a few attribute writes) and opens it again. Turns take
milliseconds, so new turns wait at most about one turn.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager


class KnowledgeGate:
    def __init__(self) -> None:
        self._running = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._open = asyncio.Event()
        self._open.set()
        self._swap = asyncio.Lock()

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Run one turn: on one version of the knowledge, from start to end."""
        while not self._open.is_set():
            await self._open.wait()
        self._running += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._running -= 1
            if self._running == 0:
                self._idle.set()

    async def swap(self, apply: Callable[[], None]) -> None:
        """Call ``apply`` (which assigns the new values) when no turn is running."""
        async with self._swap:
            self._open.clear()
            try:
                await self._idle.wait()
                apply()
            finally:
                self._open.set()

    @property
    def running(self) -> int:
        return self._running
