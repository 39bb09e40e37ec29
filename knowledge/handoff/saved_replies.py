"""Saved replies: polite wording staff pick from when they answer a citizen in the admin.

``knowledge/data/saved_replies.yml`` holds a handful (a greeting, asking which procedure,
asking for a moment, pointing to the centre, closing). They are wording, not facts: an
address, a fee or a deadline comes from the sourced knowledge base instead. The frozen
dataclasses below are the one schema; pydantic validates the file against them and a
bad file is refused with a :class:`~knowledge.data_files.CatalogueError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)

from knowledge import DATA_DIR
from knowledge.data_files import CatalogueError, read_yaml

SAVED_REPLIES_FILE = DATA_DIR / "saved_replies.yml"
MAX_REPLY_CHARS = 2000  # what staff may send in one message (a Telegram message holds 4096)
MAX_TITLE_CHARS = 80


def _text(value: Any) -> Any:
    """Text read from YAML, its spacing made single; blank text is missing."""
    if isinstance(value, str):
        return " ".join(value.split()) or None
    return value


def _key(value: str) -> str:
    if not value.isascii() or not value.replace("_", "").isalnum() or value != value.lower():
        raise ValueError("must be lower-case ascii letters, digits and _")
    return value


_TRIMMED = BeforeValidator(_text)
Key = Annotated[str, StringConstraints(min_length=1, max_length=40), AfterValidator(_key)]


@dataclass(frozen=True)
class SavedReply:
    """One reply: ``key`` names it, ``title`` is how the list shows it, ``text`` is sent."""

    __pydantic_config__ = ConfigDict(extra="forbid")

    key: Key
    title: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TITLE_CHARS), _TRIMMED]
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_REPLY_CHARS), _TRIMMED]


_REPLIES = TypeAdapter(tuple[SavedReply, ...])


def validate_saved_replies(raw: Any, path: str = "saved replies") -> tuple[SavedReply, ...]:
    """The file's content (a mapping with a non-empty ``replies`` list); keys are unique."""
    if not isinstance(raw, dict) or not isinstance(raw.get("replies"), list) or not raw["replies"]:
        raise CatalogueError(path, "file", "expected a non-empty top-level 'replies' list")
    try:
        replies = _REPLIES.validate_python(raw["replies"])
    except ValidationError as exc:
        error = exc.errors()[0]
        where = "replies." + ".".join(str(p) for p in error["loc"])
        raise CatalogueError(path, where, error["msg"].removeprefix("Value error, ")) from None
    keys = [reply.key for reply in replies]
    for key in keys:
        if keys.count(key) > 1:
            raise CatalogueError(path, key, "key appears twice")
    return replies


def read_saved_replies(path: Path = SAVED_REPLIES_FILE) -> tuple[SavedReply, ...]:
    """Read and validate a saved-replies file; a bad file raises CatalogueError."""
    raw = read_yaml(path)
    return validate_saved_replies(raw, str(path))


@cache
def default_saved_replies() -> dict[str, SavedReply]:
    """The shipped saved replies by key, in file order (read once per process)."""
    return {reply.key: reply for reply in read_saved_replies(SAVED_REPLIES_FILE)}
