"""What the reading steps keep of the words and messages they met.

A message is read several times while it is found (its asking sentences, the whole
story, the rules after the search), and the same words and candidates' names come back
message after message: each step keeps what it made for the last few keys in a ``Kept``.
When one is full it forgets everything in one step (a reader never meets a half-evicted
dict), and it is never pickled: a table loaded from the build cache starts with an empty
one.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Kept(Generic[K, V]):
    """The values made for at most ``size`` keys, forgotten all at once when full."""

    __slots__ = ("size", "_values")

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"a Kept holds at least one value, not {size}")
        self.size = size
        self._values: dict[K, V] = {}

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[K]:
        return iter(self._values)

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def __getitem__(self, key: K) -> V:
        return self._values[key]

    def get(self, key: K) -> V | None:
        return self._values.get(key)

    def keep(self, key: K, value: V) -> V:
        """Keep ``value`` for ``key`` (forgetting all the others first when full); returns
        ``value``."""
        values = self._values
        if len(values) >= self.size and key not in values:
            values.clear()
        values[key] = value
        return value

    def __getstate__(self) -> dict[str, int]:
        return {"size": self.size}

    def __setstate__(self, state: dict[str, int]) -> None:
        self.size = state["size"]
        self._values = {}

    def __repr__(self) -> str:
        return f"Kept({len(self._values)} of {self.size})"
