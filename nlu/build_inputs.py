"""What the NLU's cached tables are built from, beyond the data handed to them.

The procedure index and the FAQ index are kept in the build cache
(knowledge/build_cache.py) under a key naming every input. Besides the records, phrasings
and training questions they are built over, they are made by the code and the shipped
word lists of this package (abbreviations, synonyms, cues, typos...) and by the one
folding function. ``shipped_digest`` is a digest of those files, part of both keys: a
change to any of them builds the tables again at the next start, with no format number
to remember to bump.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from knowledge.build_cache import files_digest

_NLU = Path(__file__).resolve().parent
_FOLDING = _NLU.parent / "knowledge" / "text.py"
_PATTERNS = ("*.py", "*.yml", "*.txt")


def shipped_files() -> list[Path]:
    """The package's own code and word lists (not its training or evaluation data, which
    the keys name by content) and the folding function's module."""
    return sorted({*(p for pattern in _PATTERNS for p in _NLU.glob(pattern)), _FOLDING})


@lru_cache(maxsize=1)
def shipped_digest() -> str:
    """A digest of ``shipped_files()``' names and bytes (read once per process)."""
    return files_digest(shipped_files(), relative_to=_NLU.parent)
