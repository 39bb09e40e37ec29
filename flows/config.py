"""Settings of the dialogue, passed in. Their defaults are the settings' defaults:
bot.settings_model takes them, with each setting's range."""

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
    # ... and one offered alone scores at least this: a lone weak match is no choice to
    # offer, and most often an unrelated procedure (the bot says it does not have it).
    lone_offer_score: float = 0.55
    # The national portal's search, given the citizen's own words when we have no record.
    portal_search_url: str = (
        "https://dichvucong.gov.vn/p/home/dvc-dich-vu-cong-truc-tuyen-ds.html?pkeyWord={query}"
    )


@dataclass(frozen=True)
class OfficeWindow:
    """Staff answer on ``weekday`` (0 = Monday) from ``start`` to ``end`` (minutes after
    midnight, Vietnam time)."""

    weekday: int
    start: int
    end: int


@dataclass(frozen=True)
class HandoffSettings:
    """Requests for a person: how long volunteers have to claim one before it goes to the
    staff queue, how long a closed one can be reopened, when staff answer, and how many
    of the last lines go with a request."""

    claim_timeout_s: float = 600.0
    reopen_s: float = 86_400.0
    office_hours: tuple[OfficeWindow, ...] = tuple(
        OfficeWindow(day, start, end)
        for day in range(5)
        for start, end in ((7 * 60 + 30, 11 * 60 + 30), (13 * 60 + 30, 17 * 60))
    )
    transcript_lines: int = 6
