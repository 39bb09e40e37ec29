"""Progress of a long command-line step on stderr, so that nothing sits silent for minutes."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def progress(stage: str, every_s: float = 30.0) -> Iterator[None]:
    """Say on stderr that a long step starts, is still running (every ``every_s``) and is
    done, with the seconds so far, so that nothing sits silent for minutes."""
    started, done = time.monotonic(), threading.Event()

    def say(state: str) -> None:
        elapsed = time.monotonic() - started
        print(f"citizenbot: {stage}: {state} [{elapsed:.0f} s]", file=sys.stderr, flush=True)

    def beat() -> None:
        while not done.wait(every_s):
            say("still working")

    say("started")
    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
    say("done")
