"""Mask personal numbers (ID cards, phone numbers) before text is shown or logged."""

from __future__ import annotations

import re

# 9+ digits, possibly grouped by spaces, dots or dashes: CCCD (12), CMND (9), phones (10-11).
_LONG_NUMBER = re.compile(r"(?<![\w.])(?:\+?84|0)?(?:\d[\s.\-]?){8,}\d(?![\w])")


def redact_numbers(text: str) -> str:
    """Replace ID-card and phone-like numbers with ``***``."""
    return _LONG_NUMBER.sub("***", text)
