"""The keyed hash that stands for a person in the insight tables.

``user_hash(channel, user_id, key)`` is HMAC-SHA256 over the channel and the user id: the
same person always gets the same hash (so their rows can be counted and deleted with
the rest of their data), and without the key nobody can tell whose rows they are, even
for Telegram chat ids, which are few enough to try them all.

The key (``key_for_database``), chosen once per database:

1. ``CITIZENBOT_SESSION_SECRET`` (or ``CITIZENBOT_WEB__SESSION_SECRET``) when set: a key
   derived from it (HMAC with a fixed label, so the hash key is never the session
   secret itself). Every worker of a deployment shares it already (web sessions need
   it), on every machine.
2. Otherwise, for a SQLite database file: 32 random bytes in a file beside it
   (``<database>.userhash-key``, mode 0600), made by the first process that needs it and
   read by every later one. SQLite lives on one machine, and so does the key.
3. Otherwise (PostgreSQL or an in-memory database without the secret): a random key of
   this process, with a warning. Rows written by other processes or before a restart
   then no longer match their person, so "delete my data" cannot find them: a
   PostgreSQL deployment must set CITIZENBOT_SESSION_SECRET (it must anyway, for web
   sessions to survive restarts and span workers).

Changing the secret orphans earlier rows the same way (they stay, unlinked to anyone).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from sqlalchemy.engine import make_url

logger = logging.getLogger(__name__)

SECRET_VARIABLES = ("CITIZENBOT_SESSION_SECRET", "CITIZENBOT_WEB__SESSION_SECRET")
KEY_FILE_SUFFIX = ".userhash-key"
KEY_BYTES = 32
_LABEL = b"citizenbot user hash v1"


def user_hash(channel: str, user_id: str, key: bytes) -> str:
    """64 hex characters standing for one person on one channel."""
    message = f"{channel}\x1f{user_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def key_from_secret(secret: str) -> bytes:
    return hmac.new(secret.encode(), _LABEL, hashlib.sha256).digest()


def key_for_database(database_url: str, env: Mapping[str, str] | None = None) -> bytes:
    """The hash key of the database at ``database_url`` (see the module docstring)."""
    env = os.environ if env is None else env
    secret = next((env[name] for name in SECRET_VARIABLES if env.get(name)), None)
    return _key_for(database_url, secret)


@cache
def _key_for(database_url: str, secret: str | None) -> bytes:
    """Every turn asks: remembered per database and secret."""
    if secret is not None:
        return key_from_secret(secret)
    path = _sqlite_file(database_url)
    if path is not None:
        return _key_file(path.with_name(path.name + KEY_FILE_SUFFIX))
    return _process_key()


def _sqlite_file(database_url: str) -> Path | None:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).resolve()


@cache
def _key_file(path: Path) -> bytes:
    """The key kept in ``path``, made there by whoever comes first: written whole to a
    file of its own, then linked into place (a link never replaces a file), so every
    process reads the one complete key."""
    if not path.exists():
        draft = path.with_name(f"{path.name}.{secrets.token_hex(6)}.tmp")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(KEY_BYTES))
        try:
            os.link(draft, path)
            logger.info("made the user-hash key %s", path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    text = path.read_text(encoding="ascii").strip()
    if len(text) != 2 * KEY_BYTES:
        raise RuntimeError(f"the user-hash key file {path} is damaged")
    return bytes.fromhex(text)


@cache
def _process_key() -> bytes:
    logger.warning(
        "CITIZENBOT_SESSION_SECRET is not set and the database is not a SQLite file: "
        "insight rows are hashed with a key of this process only, and 'delete my data' "
        "will not find rows written before a restart or by other workers"
    )
    return secrets.token_bytes(KEY_BYTES)
