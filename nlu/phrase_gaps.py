"""Gaps in the phrases of the YAML word lists (``cues.yml``, ``synonyms.yml``).

A phrase may hold a gap for words the citizen puts between its parts: "thủ tục … thế
nào" is "thủ tục", then a few other words, then "thế nào". "…" alone stands for at most
``MAX_GAP_WORDS`` words; a number right after it for at most that many ("đăng ký …4
như thế nào", "hòa giải …15 không thành").
"""

from __future__ import annotations

import re

GAP = "…"
MAX_GAP_WORDS = 10
_WIDTH_RE = re.compile(r"\d+")  # right after a gap: its width in words


def gapped_parts(phrase: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The parts of ``phrase`` between its gaps, as written, and each gap's width in
    words ("đăng ký …4 như thế nào" -> ("đăng ký ", " như thế nào"), (4,))."""
    head, *rest = phrase.split(GAP)
    parts, widths = [head], []
    for after in rest:
        width = _WIDTH_RE.match(after)
        widths.append(int(width.group()) if width else MAX_GAP_WORDS)
        parts.append(after[width.end() :] if width else after)
    return tuple(parts), tuple(widths)
