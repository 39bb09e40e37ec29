"""What the editing workflow refuses, with Vietnamese messages per field.

The kinds' schemas (pydantic) report errors in English or with their own error types;
:func:`field_errors` turns a ``ValidationError`` into one Vietnamese message per field
path (``"source_url"``, ``"channels.0.fee_vnd"``), by the table in ``messages.yml``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from knowledge.yaml_data import load_yaml

MESSAGES_FILE = Path(__file__).with_name("messages.yml")
_VALUE_ERROR_PREFIX = "Value error, "
FORM_WIDE = ""  # the key of an error that belongs to no single field


@cache
def messages() -> dict[str, Any]:
    return load_yaml(MESSAGES_FILE)


def editing_message(key: str) -> str:
    """A message of the workflow itself (``messages.yml``, section ``editing``)."""
    return messages()["editing"][key]


class EditingError(Exception):
    """A request the workflow cannot do: an unknown revision, one no longer a draft..."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


class InvalidData(ValueError):
    """Data that does not fit its kind's schema: ``errors`` maps a field path to its
    Vietnamese message (``""`` for an error about the whole item)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k or '*'}: {v}" for k, v in errors.items()))
        self.errors = errors


def _path(loc: tuple) -> str:
    return ".".join(str(p) for p in loc if not str(p).startswith("function-"))


def _format(template: str, context: dict | None) -> str:
    try:
        return template.format(**(context or {}))
    except (KeyError, IndexError, ValueError):
        return template


def translate(error: dict) -> tuple[str, str]:
    """One pydantic error as (field path, Vietnamese message)."""
    table = messages()
    field = _path(error.get("loc", ()))
    kind = error.get("type", "")
    if kind == "string_type" and error.get("input") is None:
        return field, table["types"]["missing"]
    if kind == "value_error":
        text = str(error.get("msg", "")).removeprefix(_VALUE_ERROR_PREFIX)
        known = table["values"].get(text)
        if known is None:
            return field, text  # the schema's own (Vietnamese) message
        return (field or known.get("field", FORM_WIDE)), known["message"]
    template = table["types"].get(kind)
    if template is None:
        return field, str(error.get("msg", ""))
    return field, _format(template, error.get("ctx"))


def field_errors(exc: ValidationError) -> dict[str, str]:
    """Every error of ``exc``, the first message per field path."""
    result: dict[str, str] = {}
    for error in exc.errors():
        field, message = translate(error)
        result.setdefault(field, message)
    return result
