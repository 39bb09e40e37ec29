"""The word lists of flows/mentions.yml (what a message mentions besides a procedure:
follow-up words, papers, manners of submitting), loaded once for every module."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from knowledge.yaml_data import load_yaml

MENTIONS_FILE = Path(__file__).with_name("mentions.yml")


@cache
def mentions() -> dict:
    return load_yaml(MENTIONS_FILE)
