"""Things that take seconds to build from shipped data, kept on disk for the next start.

``load_or_build`` reads ``<name>-<digest>.pickle`` from the cache folder when it was built
from the same inputs (the digest is taken over ``key``, which must name every input and a
format number), and otherwise builds it, saves it and removes older copies. A broken or
unreadable file is rebuilt; a read-only folder only costs the saving.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")


def digest_of(key: object) -> str:
    """A short digest of ``repr(key)``: ``key`` must have a stable repr (no sets)."""
    return hashlib.sha256(repr(key).encode("utf-8", "surrogatepass")).hexdigest()[:20]


def files_digest(paths: Iterable[Path], relative_to: Path) -> str:
    """A short digest of the files' names (relative to ``relative_to``) and bytes, in the
    order given: for a key naming the code and data files a build is made by."""
    digest = hashlib.sha256()
    for path in paths:
        name = path.relative_to(relative_to).as_posix().encode("utf-8")
        content = path.read_bytes()
        digest.update(b"%d:%s%d:" % (len(name), name, len(content)))
        digest.update(content)
    return digest.hexdigest()[:20]


def _read(path: Path, kind: type[T]) -> T | None:
    # Unpickling creates many objects at once: the cyclic collector only slows it down.
    enabled = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as fh:
            value = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:
        logger.warning("cannot read the cached %s; rebuilding", path)
        return None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(value, kind):
        logger.warning("the cached %s holds a %s; rebuilding", path, type(value).__name__)
        return None
    logger.info("read %s", path)
    return value


def _save(path: Path, value: object, name: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{name}-*.pickle"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError as exc:
        logger.warning("cannot save %s: %s", path, exc)


def load_or_build(
    cache_dir: Path | None, name: str, key: object, kind: type[T], build: Callable[[], T]
) -> T:
    """The cached ``kind`` built from the inputs named by ``key``, or a fresh build."""
    if cache_dir is None:
        return build()
    path = Path(cache_dir) / f"{name}-{digest_of(key)}.pickle"
    value = _read(path, kind)
    if value is None:
        value = build()
        _save(path, value, name)
    return value
