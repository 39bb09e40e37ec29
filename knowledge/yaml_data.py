"""YAML text as Python data, read the same way everywhere: by libyaml when PyYAML has it.

Start-up reads some thirty YAML files (templates, word lists, synonyms, the catalogue's
phrasings). PyYAML's pure-Python parser took most of a second of a first start; its C
parser (``CSafeLoader``, in PyYAML's wheels) gives the same data, about ten times
faster (all 96 YAML files of the repository compared equal when this was written). Both
are safe loaders: tags that build Python objects are refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str | IO[str]) -> Any:
    """``text`` (or an open text file) as data; malformed, a ``yaml.YAMLError``."""
    return yaml.load(text, Loader=_LOADER)  # a safe loader


def load_yaml(path: Path) -> Any:
    """The data of the UTF-8 YAML file at ``path``."""
    return parse_yaml(path.read_text(encoding="utf-8"))
