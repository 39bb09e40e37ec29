"""Where the tests keep their throwaway databases: in memory when the machine has room.

About a thousand tests each get their own copy of the 25 MB seeded SQLite database, and
the application's own settings (WAL, ``synchronous=NORMAL``) make SQLite fsync that copy
at its first checkpoint: on a disk every copy is written out, some 25 GB a run. On a
memory file system (tmpfs: ``/dev/shm`` on Linux) the same files cost no disk write and
fsync returns at once. SQLite and PostgreSQL run unchanged there: a real file system with
the same POSIX behaviour; only a power cut would differ, and no test makes one.

:func:`memory_root` is that folder (``CITIZENBOT_TEST_SCRATCH`` names another that anyone
may enter, e.g. /tmp to keep everything on disk); without one, the fixtures use pytest's
temporary folders and PostgreSQL the system's, as before. :func:`session_folder` makes
one test process's folder there, named with its pid, after removing those of test
processes that are gone (a run killed before its teardown).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

ENV_FOLDER = "CITIZENBOT_TEST_SCRATCH"
MEMORY = Path("/dev/shm")
MIN_FREE_BYTES = 2 << 30
# The folders made here and by tests/postgres_server.py: "<prefix><pid>-<random>".
PREFIXES = ("citizenbot-tests-", "citizenbot-pg-")


def memory_root() -> Path | None:
    """The folder for throwaway databases, or None to use pytest's temporary folders."""
    named = os.environ.get(ENV_FOLDER)
    folder = Path(named) if named else MEMORY
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        return None
    stats = os.statvfs(folder)
    if not named and stats.f_bavail * stats.f_frsize < MIN_FREE_BYTES:
        logger.info("%s has less than %d bytes free: databases on disk", folder, MIN_FREE_BYTES)
        return None
    return folder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _pid_in(path: Path) -> int | None:
    """The pid a folder was named with (None: not one of ours)."""
    for prefix in PREFIXES:
        if path.name.startswith(prefix):
            head = path.name[len(prefix) :].split("-", 1)[0]
            return int(head) if head.isdigit() else None
    return None


def _server_running(folder: Path) -> bool:
    try:
        first = (folder / "data" / "postmaster.pid").read_text().split("\n", 1)[0]
    except OSError:
        return False
    return first.strip().isdigit() and _alive(int(first))


def remove_stale(root: Path) -> None:
    """Remove the folders of test processes that are gone (not a server still running)."""
    for path in root.iterdir():
        pid = _pid_in(path)
        if pid is None or _alive(pid) or _server_running(path):
            continue
        shutil.rmtree(path, ignore_errors=True)
        logger.info("removed %s, left by a test run that was stopped", path)


def session_folder(fallback: Path) -> Path:
    """A new folder for this test process in :func:`memory_root` (``fallback`` without one)."""
    root = memory_root()
    if root is None:
        return fallback
    remove_stale(root)
    return Path(tempfile.mkdtemp(prefix=f"{PREFIXES[0]}{os.getpid()}-", dir=root))


@contextmanager
def own_copy(template: Path, folder: Path, name: str = "citizenbot.db") -> Iterator[Path]:
    """A copy of the database ``template`` in a new folder under ``folder``, removed after
    (with what the application put beside it: WAL, the hash key)."""
    own = Path(tempfile.mkdtemp(dir=folder))
    try:
        path = own / name
        shutil.copyfile(template, path)
        yield path
    finally:
        shutil.rmtree(own, ignore_errors=True)
