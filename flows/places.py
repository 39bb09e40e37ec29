"""Where do I go now: old -> new units, then the unit's service centre and its hours.

The map of units is loaded once per process (knowledge.places.admin_map). Answers name
every new unit a split ward went to, never invent an address, and end with their sources.
What the database holds about a unit's centre, hours and hotlines is answered by
:mod:`flows.centre_answers`.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from flows.centre_answers import CentreAnswers, Centres
from flows.place_wording import PlaceWording, legacy_label
from flows.state import (
    AskPlace,
    ChoosePlace,
    ConversationState,
    PlaceOption,
    Then,
    UnitRef,
)
from flows.templates import Templates
from flows.types import Button, Location, Reply
from knowledge.places.admin_map import AdminMap
from knowledge.places.centres import CentreInfo
from knowledge.places.units import NewUnit, Resolution, WardFate
from nlu.normalize import normalize

logger = logging.getLogger(__name__)

MAX_CHOICES = 8


def _ref(unit: NewUnit) -> UnitRef:
    return UnitRef(unit.province_key, unit.key)


class PlaceFlow:
    """Answers about places; reads and updates the remembered unit in the state."""

    def __init__(self, admin_map: AdminMap, centres: Centres, templates: Templates) -> None:
        self.map = admin_map
        self.t = templates
        self.centre_answers = CentreAnswers(admin_map, centres, templates)
        self.wording = PlaceWording(admin_map, templates)
        # the last message resolved: a turn asks about the same text several times (the
        # FAQ's scope, the intent's check, the answer)
        self._last: tuple[AdminMap, str, Resolution] | None = None

    # ---- understanding ---------------------------------------------------------------

    def resolve(self, text: str) -> Resolution:
        """The places named in a raw user message (the street keeps the user's spelling)."""
        last = self._last
        if last is not None and last[0] is self.map and last[1] == text:
            return last[2]
        res = self._resolve(text)
        self._last = (self.map, text, res)
        return res

    def _resolve(self, text: str) -> Resolution:
        res = self.map.resolve(normalize(text))
        if res.unknown_ward:
            start = text.lower().find(res.unknown_ward)
            if start >= 0:
                res = replace(res, unknown_ward=text[start : start + len(res.unknown_ward)])
        if res.street:
            start = text.lower().find(res.street)
            street = text[start : start + len(res.street)] if start >= 0 else res.street.title()
            res = replace(res, street=street)
        return res

    def remembered(self, state: ConversationState) -> NewUnit | None:
        ref = state.unit
        if ref is None:
            return None
        return self.map.unit(ref.province_key, ref.unit_key)

    def remember(self, state: ConversationState, unit: NewUnit) -> None:
        state.unit = _ref(unit)

    def unit_of(self, res: Resolution) -> NewUnit | None:
        """The one current unit a resolution points to, if it is unambiguous."""
        if res.kind == "current_unit" and len(res.units) == 1:
            return res.units[0]
        if res.kind == "legacy_ward" and len(res.fates) == 1 and len(res.fates[0].new_units) == 1:
            return res.fates[0].new_units[0]
        return None

    def faq_scope(
        self, state: ConversationState, text: str
    ) -> tuple[tuple[str, str] | None, tuple[str, ...]]:
        """(province, unit) for scoped FAQ entries — the unit the message names, else the
        one remembered; a message naming only a province gives (province, "") unless the
        unit remembered is in it — and the names of the place the message names."""
        resolution = self.resolve(text)
        unit = self.unit_of(resolution)
        remembered = self.remembered(state)
        province = resolution.province if resolution.kind.endswith("province") else None
        names: tuple[str, ...] = ()
        if resolution.kind == "current_unit" and unit is not None:
            names = (unit.name, unit.short_name)
        if province is not None:
            names = (province.name, province.short_name)
            if remembered is None or remembered.province_key != province.key:
                return (province.key, ""), names
        unit = unit or remembered
        return ((unit.province_key, unit.key) if unit else None), names

    # ---- old -> new ------------------------------------------------------------------

    def convert(self, state: ConversationState, res: Resolution) -> list[Reply]:
        """Answer "which unit is this old address in now"; a ward name the map does not
        know is said first."""
        return self.wording.not_found_first(res, self._convert(state, res))

    def _convert(self, state: ConversationState, res: Resolution) -> list[Reply]:
        if res.kind == "legacy_ward":
            if len(res.fates) > 1:
                return [
                    self._choose_wards(state, res.fates, then="convert", total=res.candidate_count)
                ]
            return [self._ward_answer(state, res.fates[0], res.street, res)]
        if res.kind == "legacy_district" and res.district is not None:
            return [self.wording.district_answer(res)]
        if res.kind == "legacy_district" and res.districts:
            return [self._choose_districts(state, res)]
        if res.kind == "legacy_province" and res.province is not None:
            return [self.wording.province_answer(res, current=False)]
        if res.kind == "current_province" and res.province is not None:
            return [self.wording.province_answer(res, current=True)]
        if res.kind == "current_unit" and res.units:
            if len(res.units) > 1:
                return [self._choose_units(state, res.units, then="convert")]
            return [self._current_unit_answer(state, res.units[0], res)]
        return [self._unknown(state, then="convert")]

    def _ward_answer(
        self,
        state: ConversationState,
        fate: WardFate,
        street: str | None,
        res: Resolution | None = None,
        then: str = "centre",
    ) -> Reply:
        """Where an old ward went; for a split ward, buttons lead on to ``then`` (centre/hours)."""
        if not fate.new_units:
            return self._unknown(state, then="convert")
        province = self.map.province(fate.province_key)
        province_name = province.name if province else ""
        legacy = legacy_label(fate)
        notes = self.wording.ward_notes(fate, res)
        if not fate.divided or len(fate.new_units) == 1:
            unit = fate.new_units[0]
            self.remember(state, unit)
            lines = [
                self.t("place_ward_moved", legacy=legacy, unit=unit.name, province=province_name),
                *notes,
            ]
            if street:
                address = f"{street.strip(' ,')}, {unit.name}, {province_name}"
                lines.append(self.t("place_new_address", address=address))
            lines += ["", self.wording.source()]
            return Reply("\n".join(lines), buttons=self.wording.unit_buttons(), kind="place_ward")
        parts = []
        for n, unit in enumerate(fate.new_units, 1):
            key = "place_divided_major" if unit == fate.default else "place_divided_part"
            parts.append(f"{n}. " + self.t(key, unit=f"{unit.name}, {province_name}"))
        lines = [self.t("place_ward_divided", legacy=legacy, lines="\n".join(parts)), *notes]
        if street and fate.default:
            address = f"{street.strip(' ,')}, {fate.default.name}, {province_name}"
            lines.append(
                self.t("place_new_address_divided", unit=fate.default.name, address=address)
            )
        lines += ["", self.wording.source()]
        options = tuple(PlaceOption(unit=_ref(u)) for u in fate.new_units[:MAX_CHOICES])
        state.pending = ChoosePlace(options, Then(then))
        buttons = tuple(
            Button(f"Trung tâm {u.name}", f"place:{i}")
            for i, u in enumerate(fate.new_units[:MAX_CHOICES])
        )
        return Reply("\n".join(lines), buttons=buttons, request_location=True, kind="place_divided")

    def _current_unit_answer(
        self, state: ConversationState, unit: NewUnit, res: Resolution
    ) -> Reply:
        self.remember(state, unit)
        province = self.map.province(unit.province_key)
        text = self.t(
            "place_current_unit", unit=unit.name, province=province.name if province else ""
        )
        if res.also_legacy:
            text += "\n" + self.t("place_current_unit_also_old")
        return Reply(
            text + "\n\n" + self.wording.source(),
            buttons=self.wording.unit_buttons(),
            kind="place_current",
        )

    # ---- choices ---------------------------------------------------------------------

    def _choose_wards(
        self, state: ConversationState, fates: tuple[WardFate, ...], then: str, total: int = 0
    ) -> Reply:
        fates = fates[:MAX_CHOICES]
        state.pending = ChoosePlace(
            tuple(PlaceOption(ward=f.legacy.key) for f in fates), Then(then)
        )
        buttons = tuple(Button(legacy_label(f), f"place:{i}") for i, f in enumerate(fates))
        text = self.t("place_choose", count=max(total, len(fates)))
        if total > len(fates):
            text += "\n" + self.t("place_choose_more", shown=len(fates))
        return Reply(text, buttons=buttons, kind="place_choose")

    def _choose_units(
        self, state: ConversationState, units: tuple[NewUnit, ...], then: str
    ) -> Reply:
        units = units[:MAX_CHOICES]
        state.pending = ChoosePlace(tuple(PlaceOption(unit=_ref(u)) for u in units), Then(then))
        buttons = []
        for i, unit in enumerate(units):
            province = self.map.province(unit.province_key)
            label = f"{unit.name}, {province.short_name}" if province else unit.name
            buttons.append(Button(label, f"place:{i}"))
        return Reply(
            self.t("place_choose", count=len(units)), buttons=tuple(buttons), kind="place_choose"
        )

    def _choose_districts(self, state: ConversationState, res: Resolution) -> Reply:
        districts = res.districts[:MAX_CHOICES]
        state.pending = ChoosePlace(
            tuple(PlaceOption(district=d.key, legacy_province=d.province_key) for d in districts),
            Then.CONVERT,
        )
        buttons = []
        for i, district in enumerate(districts):
            legacy = self.map.legacy_province(district.province_key)
            label = f"{district.name}, {legacy.short_name}" if legacy else district.name
            buttons.append(Button(label, f"place:{i}"))
        return Reply(
            self.t("place_choose", count=len(districts)),
            buttons=tuple(buttons),
            kind="place_choose",
        )

    async def choose(self, state: ConversationState, index: int) -> list[Reply] | None:
        """The user pressed option ``index`` of the pending place question."""
        pending = state.pending
        if not isinstance(pending, ChoosePlace) or not 0 <= index < len(pending.options):
            return None
        option, then = pending.options[index], pending.then
        state.pending = None
        if option.ward:
            legacy = self.map.legacy_ward(option.ward)
            if legacy is None:
                return None
            fate = self.map.fate(option.ward)
            if then == Then.CONVERT or len(fate.new_units) != 1:
                return [self._ward_answer(state, fate, None)]
            unit = fate.new_units[0]
        elif option.district and option.legacy_province:
            res = self._district_resolution(option.legacy_province, option.district)
            return [self.wording.district_answer(res)] if res else None
        elif option.unit is not None:
            unit = self.map.unit(option.unit.province_key, option.unit.unit_key)
            if unit is None:
                return None
        else:
            return None
        self.remember(state, unit)
        if then == Then.HANDOFF:
            return []  # the dialogue opens the request for the unit remembered
        if then == "hours":
            return await self.hours(state, unit)
        if then == "convert":
            return [self._current_unit_answer(state, unit, Resolution(kind="current_unit"))]
        return await self.centre(state, unit)

    def _district_resolution(
        self, legacy_province_key: str, district_key: str
    ) -> Resolution | None:
        district = self.map.legacy_district(legacy_province_key, district_key)
        legacy = self.map.legacy_province(legacy_province_key)
        if district is None or legacy is None:
            return None
        return Resolution(
            kind="legacy_district",
            district=district,
            legacy_province=legacy,
            province=self.map.province(legacy.new_province_key),
            units=self.map.district_units(legacy_province_key, district_key),
        )

    def ask_for_place(self, state: ConversationState, then: str) -> Reply:
        state.pending = AskPlace(Then(then))
        return Reply(self.t("place_ask"), request_location=True, kind="place_ask")

    def _unknown(self, state: ConversationState, then: str) -> Reply:
        state.pending = AskPlace(Then(then))
        return Reply(self.t("place_unknown"), request_location=True, kind="place_unknown")

    # ---- where is the centre, when is it open ----------------------------------------

    async def target(
        self, state: ConversationState, res: Resolution, then: str
    ) -> NewUnit | list[Reply]:
        """The unit a centre/hours question is about, or the replies to send instead.

        An old ward that went whole to one unit: "X (cũ) nay thuộc Y", then Y's answer.
        A ward name the map does not know is said first, and then the place is asked
        for rather than taken from earlier in the conversation.
        """
        found = await self._target(state, res, then)
        if not res.unknown_ward or isinstance(found, NewUnit) and self.unit_of(res) is found:
            return found
        if isinstance(found, NewUnit):  # only remembered: ask instead
            found = [self.ask_for_place(state, then)]
        return self.wording.not_found_first(res, found)

    async def _target(
        self, state: ConversationState, res: Resolution, then: str
    ) -> NewUnit | list[Reply]:
        unit = self.unit_of(res)
        if unit is not None and res.kind == "legacy_ward":
            moved = self.wording.moved_note(res.fates[0], unit, res)
            self.remember(state, unit)
            answer = await (
                self.hours(state, unit) if then == "hours" else self.centre(state, unit)
            )
            return [moved, *answer]
        if unit is not None:
            self.remember(state, unit)
            return unit
        if res.kind == "legacy_ward" and len(res.fates) > 1:
            return [self._choose_wards(state, res.fates, then=then, total=res.candidate_count)]
        if res.kind == "legacy_ward" and res.fates:
            return [self._ward_answer(state, res.fates[0], res.street, res, then=then)]
        if res.kind == "current_unit" and len(res.units) > 1:
            return [self._choose_units(state, res.units, then=then)]
        if res.kind == "legacy_district" and res.units:
            return [self._choose_units(state, res.units, then=then)]
        remembered = self.remembered(state)
        if remembered is not None:
            return remembered
        return [self.ask_for_place(state, then)]

    # the answers themselves: flows.centre_answers

    async def centre(self, state: ConversationState, unit: NewUnit) -> list[Reply]:
        """The centre of ``unit`` with address, phone, hours; or an honest gap."""
        return await self.centre_answers.centre(unit)

    async def hours(self, state: ConversationState, unit: NewUnit) -> list[Reply]:
        """Opening hours of the unit's centre with their source, or an honest gap."""
        return await self.centre_answers.hours(unit)

    def province_asked(self, state: ConversationState, text: str) -> str | None:
        """The key of the province ``text`` names (read for sure), else of the unit the
        conversation is about; None when neither."""
        named = self.resolve(text) if text else None
        if named is not None and named.province is not None and not named.fuzzy:
            return named.province.key
        unit = self.remembered(state)
        return unit.province_key if unit else None

    async def hotlines(self, state: ConversationState, text: str) -> list[Reply] | None:
        """The verified hotlines of the province a hotline question is about, or an
        honest gap; None when no province is known (the caller asks for the place)."""
        province_key = self.province_asked(state, text)
        if province_key is None:
            return None
        lines = await self.centre_answers.province_hotline_lines(province_key)
        if not lines:
            province = self.map.province(province_key)
            name = province.name if province else ""
            lines = [self.t("hotlines_unknown", province=name)]
        return [Reply("\n".join(lines), kind="hotlines")]

    async def hotline_lines(self, state: ConversationState, text: str = "") -> list[str]:
        """The provincial hotlines of the province ``text`` names (read for sure, not
        guessed from a typo), else of the unit the conversation is about, if any."""
        province_key = self.province_asked(state, text)
        if province_key is None:
            return []
        return await self.centre_answers.province_hotline_lines(province_key)

    async def centres_of(self, unit: NewUnit) -> list[CentreInfo]:
        return await self.centre_answers.centres_of(unit)

    async def hotline_lines_for(self, unit: NewUnit) -> list[str]:
        """The provincial hotlines of ``unit``'s province (verified ones only)."""
        return await self.centre_answers.hotline_lines(unit)

    # ---- location --------------------------------------------------------------------

    async def at_location(self, state: ConversationState, point: Location) -> list[Reply]:
        """The unit at (or nearest to) a shared location, then its centre."""
        if not self.map.in_vietnam(point.lat, point.lon):
            logger.info("location outside Vietnam")
            return [Reply(self.t("location_outside"), kind="location_outside")]
        nearby = self.map.nearest_unit(point.lat, point.lon)
        unit = nearby.unit
        province = self.map.province(unit.province_key)
        province_name = province.name if province else ""
        self.remember(state, unit)
        then = state.pending.then if isinstance(state.pending, AskPlace) else None
        state.pending = None
        if nearby.inside:
            text = self.t("location_found", unit=unit.name, province=province_name)
        else:
            km = f"{nearby.distance_km:.1f}".replace(".", ",")
            text = self.t("location_nearest", unit=unit.name, province=province_name, km=km)
        first = Reply(text + "\n" + self.wording.source(), kind="location")
        if then == Then.HANDOFF:
            return [first]  # the dialogue opens the request for the unit remembered
        if then == Then.HOTLINES:
            return [first, *(await self.hotlines(state, "") or [])]
        if then == "hours":
            return [first, *await self.hours(state, unit)]
        return [first, *await self.centre(state, unit)]
