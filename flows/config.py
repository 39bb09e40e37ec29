"""Settings of the dialogue (validated by bot.config, passed in)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DialogueSettings:
    portal_url: str = "https://dichvucong.gov.vn"
    max_text_chars: int = 2000
    suggestions: int = 3
