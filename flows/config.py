"""Settings of the dialogue (validated by bot.config, passed in)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DialogueSettings:
    portal_url: str = "https://dichvucong.gov.vn"
    max_text_chars: int = 2000
    suggestions: int = 3
    # Retrieval candidates scoring less are never offered as buttons: a weak match is
    # an unrelated procedure (the ranking keeps them; see nlu test's top-3).
    offer_score: float = 0.5
    # The national portal's search, given the citizen's own words when we have no record.
    portal_search_url: str = (
        "https://dichvucong.gov.vn/p/home/dvc-dich-vu-cong-truc-tuyen-ds.html?pkeyWord={query}"
    )
