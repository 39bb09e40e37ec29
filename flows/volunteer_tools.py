"""What volunteers hand to residents: step-by-step guides (knowledge/data/
volunteer_guides.yml, every step with its source) and checklist cards of a procedure
(flows/cards.py), as text to forward and as a picture with a QR code of the record."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flows.cards import Card, build_card, card_text
from flows.format import date
from flows.places import PlaceFlow
from flows.state import ConversationState
from flows.types import Button, ImageRef, Reply, Turn
from flows.unit_of_work import UnitOfWork
from flows.volunteers import VolunteerFlow
from knowledge.procedures.records import Catalogue
from knowledge.volunteers.guides import Guide, GuideItem, default_guides

logger = logging.getLogger(__name__)


class VolunteerTools:
    def __init__(
        self, volunteers: VolunteerFlow, places: PlaceFlow, catalogue: Callable[[], Catalogue]
    ) -> None:
        self.volunteers = volunteers
        self.places = places
        self.catalogue = catalogue
        self.t = volunteers.t

    # ---- guides ----------------------------------------------------------------------

    def guides(self) -> list[Reply]:
        buttons = tuple(Button(g.title[:60], f"guide:{g.slug}") for g in default_guides().values())
        return [Reply(self.t("guides_head"), buttons=buttons, kind="guides")]

    def guide(self, slug: str) -> list[Reply]:
        guide = default_guides().get(slug)
        if guide is None:
            return [Reply(self.t("guide_unknown"), kind="guide_unknown")]
        return [Reply(self.render_guide(guide), kind="guide")]

    def render_guide(self, guide: Guide) -> str:
        lines = [guide.title]
        if guide.before:
            lines += ["", self.t("guide_before"), *(f"- {self._item(i)}" for i in guide.before)]
        lines += ["", self.t("guide_steps")]
        lines += [f"{n}. {self._item(i)}" for n, i in enumerate(guide.steps, start=1)]
        if guide.notes:
            lines += ["", self.t("guide_notes"), *(f"- {self._item(i)}" for i in guide.notes)]
        lines += ["", self.t("guide_sources", date=date(guide.seen_on))]
        lines += [f"- {s.publisher}: {s.url}" for s in guide.sources]
        return "\n".join(lines)

    def _item(self, item: GuideItem) -> str:
        return item.text + (self.t("guide_unsure") if item.unsure else "")

    # ---- checklist cards -------------------------------------------------------------

    def card_button(self, code: str) -> Button:
        return Button(self.t("card_button"), f"card:{code}")

    async def card(
        self, turn: Turn, state: ConversationState, uow: UnitOfWork, code: str
    ) -> list[Reply]:
        """A volunteer's card of procedure ``code`` with their unit's centre, for the case
        of its documents chosen in this conversation (else the first): the text to
        forward, then the picture (rendered by the channel from ``ImageRef``)."""
        volunteer = await self.volunteers.member(turn, state, uow)
        if volunteer is None:
            return [self.volunteers.refused()]
        unit = f"{volunteer.province_key}/{volunteer.unit_key}"
        ref = ImageRef("card", code, unit, self.chosen_case(state, code))
        card = await self.card_for(ref)
        if card is None:
            return [Reply(self.t("card_unknown"), kind="card_unknown")]
        # the card alone, to forward as it is: what is said to the volunteer comes after
        text = "\n".join([self.t("card_title"), "", card_text(card)])
        hint = (
            self.t("card_hint_helping", number=state.helping)
            if state.helping is not None
            else self.t("card_hint")
        )
        return [
            Reply(text, kind="card", image=ref),
            Reply(hint, kind="card_hint"),
        ]

    def chosen_case(self, state: ConversationState, code: str) -> int | None:
        """The case of procedure ``code`` chosen in the conversation, if any (a case of
        another record holding the same code numbers other labels: not this one's)."""
        info = self.catalogue().by_code(code)
        chosen = state.chosen_case
        if info is None or chosen is None or chosen.procedure != info.slug:
            return None
        return chosen.case

    async def card_for(self, ref: ImageRef) -> Card | None:
        """The card a reply's picture shows (None: no such procedure)."""
        info = self.catalogue().by_code(ref.key) if ref.kind == "card" else None
        if info is None:
            return None
        centre = None
        if ref.unit and "/" in ref.unit:
            province_key, unit_key = ref.unit.split("/", 1)
            unit = self.places.map.unit(province_key, unit_key)
            if unit is not None:
                centres = await self.places.centres_of(unit)
                centre = centres[0] if centres else None
        return build_card(info, centre, case=ref.case)
