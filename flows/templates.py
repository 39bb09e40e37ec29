"""Reply wording, loaded from flows/templates.yml (content is data)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from knowledge.yaml_data import load_yaml

TEMPLATES_FILE = Path(__file__).with_name("templates.yml")


class Templates:
    """Looks up a sentence by key and fills its placeholders."""

    def __init__(self, data: dict) -> None:
        self._data = data

    def __call__(self, key: str, **values: object) -> str:
        text = self._data[key]
        return text.format(**values) if values else text

    def section(self, key: str) -> dict[str, str]:
        return dict(self._data[key])


@cache
def default_templates() -> Templates:
    return Templates(load_yaml(TEMPLATES_FILE))
