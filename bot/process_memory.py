"""How many malloc arenas a citizenbot process may use (glibc).

glibc gives a thread that allocates while another holds an arena one of its own, up to
8 a core, and what is freed stays mapped in each. A citizenbot process has several
threads from its first imports on (numpy's BLAS pool, then aiosqlite's connections and
the event loop's executor), so its allocations spread over many arenas. Measured with
`bench load` (the SQLite worker's RSS after the load; tenth session): glibc's default
338-448 MiB over eight runs (352-353 with 16 arenas set by hand), two arenas 326-328
in two runs of three (411 in the third), no slower; the PostgreSQL workers' 335-337
MiB do not move. The limit must be set before those threads first allocate, so
``bot/__init__.py`` sets it when any ``citizenbot`` command starts.
"""

from __future__ import annotations

import ctypes
import os

MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's mallopt parameter


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """At most ``arenas`` malloc arenas in this process from now on; False when not done
    (not glibc, or the operator's ``MALLOC_ARENA_MAX`` is set: it wins)."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    mallopt = getattr(libc, "mallopt", None)
    return mallopt is not None and mallopt(_M_ARENA_MAX, arenas) == 1
