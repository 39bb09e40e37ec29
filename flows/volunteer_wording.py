"""The wording of the volunteer's side (volunteers.yml), read by the volunteer flow and by
the relay of a request for a person, which cannot import each other."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flows.templates import Templates
from knowledge.yaml_data import load_yaml

TEXTS_FILE = Path(__file__).with_name("volunteers.yml")


@cache
def volunteer_texts() -> Templates:
    return Templates(load_yaml(TEXTS_FILE))
