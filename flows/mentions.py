"""The word lists of flows/mentions.yml (what a message mentions besides a procedure:
follow-up words, papers, manners of submitting), loaded once for every module."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

MENTIONS_FILE = Path(__file__).with_name("mentions.yml")


@cache
def mentions() -> dict:
    return yaml.safe_load(MENTIONS_FILE.read_text(encoding="utf-8"))
