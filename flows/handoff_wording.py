"""What the bot says about requests for a person, and how it reads a citizen's words
while asking for one: the wording (handoff.yml), the reply kinds the staff's insights
count by, and the lines several steps show -- a request's notice to volunteers, the
lines said before it, who holds it, when staff answer, the rating question."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

from flows.config import HandoffSettings
from flows.format import VIETNAM, date, date_time
from flows.state import RecentLine
from flows.templates import Templates
from flows.types import Button, Reply
from knowledge.handoff.records import HandoffRecord, RequestStatus, TranscriptLine
from knowledge.places.admin_map import AdminMap
from knowledge.places.units import NewUnit
from knowledge.yaml_data import load_yaml
from nlu.normalize import fold

TEXTS_FILE = Path(__file__).with_name("handoff.yml")
_WORD = re.compile(r"\w+")

# Reply kinds. A typed message answered "opened" (or "which ward?") is a request for a
# person in the staff's inbox (flows.insights); one request is one item there, so the
# ward given afterwards and a request asked for again while one is live have their own.
OPENED = "handoff_opened"
UNIT_GIVEN = "handoff_unit_given"  # the ward asked for: the request asked before opens
ASKED_AGAIN = "handoff_asked_again"  # "already open" / "already claimed"
LIVE = "handoff_live"  # the same, to "reopen" pressed while the request is live
ASK_UNIT = "handoff_ask_unit"  # which ward? (the request opens once it is given)
ASK_UNIT_AGAIN = "handoff_ask_unit_again"  # the same, asked for a person again meanwhile


@cache
def handoff_texts() -> Templates:
    return Templates(load_yaml(TEXTS_FILE))


def _words(text: str) -> str:
    """``text`` folded (no diacritics, abbreviations expanded) as " word word ", so a
    phrase is found as whole words, typed with diacritics or without."""
    return f" {' '.join(_WORD.findall(fold(text)))} "


def says_any(text: str, phrases: str) -> bool:
    """Whether ``text`` says one of ``phrases`` (separated by ``|``, as in handoff.yml)."""
    said = _words(text)
    return any(_words(p) in said for p in phrases.split("|") if p.strip())


def begins_with_any(text: str, phrases: str) -> bool:
    said = _words(text)
    return any(said.startswith(_words(p)) for p in phrases.split("|") if p.strip())


class HandoffWording:
    """The lines about a request that more than one step says."""

    def __init__(self, admin_map: AdminMap, settings: HandoffSettings, texts: Templates) -> None:
        self.map = admin_map
        self.settings = settings
        self.t = texts

    def notice(
        self, number: int, unit: NewUnit, since: dt.datetime, lines: tuple[RecentLine, ...]
    ) -> Reply:
        """What the unit's volunteers on duty are sent when a request opens."""
        return Reply(
            self.t(
                "volunteer_notice",
                number=number,
                unit=unit.name,
                since=date_time(since),
                transcript=self.transcript(lines),
            ),
            buttons=(Button(self.t("claim_button"), f"hclaim:{number}"),),
            kind="handoff_notice",
        )

    def transcript(self, lines: tuple[RecentLine | TranscriptLine, ...]) -> str:
        shown = [
            self.t("line_citizen" if line.who == "citizen" else "line_bot", text=line.text)
            for line in lines
        ]
        return "\n".join(shown) or self.t("no_lines")

    def when(self, moment: dt.datetime) -> str:
        local = moment.astimezone(VIETNAM)
        return self.t(
            "when",
            time=local.strftime("%H:%M"),
            weekday=self.t.section("weekdays")[local.weekday()],
            date=date(local.date()),
        )

    def still_live(self, request: HandoffRecord, kind: str = LIVE) -> Reply:
        """The citizen's request is there already: waiting, or held by someone."""
        if request.status == RequestStatus.CLAIMED:
            text = self.t(
                "already_claimed", helper=self.helper_name(request), number=request.number
            )
        else:
            text = self.t("already_open", number=request.number, since=date_time(request.opened_at))
        return Reply(text, kind=kind)

    def helper_name(self, request: HandoffRecord) -> str:
        """How the citizen sees whoever holds the request."""
        if request.claimed_by_staff is not None:
            return self.t("helper_staff")
        return self.t("helper_volunteer", unit=self.unit_name(request))

    def unit_name(self, request: HandoffRecord) -> str:
        unit = self.map.unit(request.province_key, request.unit_key)
        return unit.name if unit else request.unit_key

    def claimer_tag(self, claimer: str | None) -> str:
        """How other helpers see who holds a request."""
        if claimer and claimer.startswith("v:"):
            return self.t("tag_volunteer", id=claimer[2:])
        return self.t("tag_staff")

    def rating_question(self, request: HandoffRecord) -> Reply:
        """The end of the help: rate it 1-5, and reopen it for a while."""
        number = request.number
        buttons = tuple(Button(str(n), f"hrate:{number}:{n}") for n in range(1, 6))
        text = self.t("ended_citizen", number=number)
        if self.settings.reopen_s > 0:  # (0: a closed request stays closed)
            hours = max(1, round(self.settings.reopen_s / 3600))
            text += "\n" + self.t("reopen_hint", hours=hours)
            buttons += (Button(self.t("reopen_button"), f"hreopen:{number}"),)
        return Reply(text, buttons=buttons, kind="handoff_rate")
