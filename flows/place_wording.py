"""How place answers are worded: an old unit's fate, a district's or province's new units,
"ward X not found", the map's source line and the buttons after a unit's answer.

Plain wording over the admin map and the templates; what is remembered in the
conversation, and the questions asked back, stay in :mod:`flows.places`.
"""

from __future__ import annotations

from dataclasses import replace

from flows.centre_answers import map_source
from flows.templates import Templates
from flows.types import Button, Reply
from knowledge.places.admin_map import AdminMap
from knowledge.places.units import NewUnit, Resolution, WardFate


def legacy_label(fate: WardFate) -> str:
    legacy = fate.legacy
    if legacy.whole_district:
        return f"{legacy.name}, {legacy.province_name}"
    return f"{legacy.name}, {legacy.district_name}, {legacy.province_name}"


class PlaceWording:
    """Replies and lines about places that change nothing in the conversation."""

    def __init__(self, admin_map: AdminMap, templates: Templates) -> None:
        self.map = admin_map
        self.t = templates

    def ward_notes(self, fate: WardFate, res: Resolution | None) -> list[str]:
        """Say when the typed name was merged earlier, or is also another current unit."""
        if res is None:
            return []
        notes = []
        if res.via_alias:
            notes.append(self.t("place_via_alias", legacy=fate.legacy.name))
        others = [u for u in res.also_current if u not in fate.new_units]
        if others:
            notes.append(self.t("place_also_current", units=", ".join(u.name for u in others)))
        return notes

    def moved_note(self, fate: WardFate, unit: NewUnit, res: Resolution) -> Reply:
        """The line "old ward X now belongs to Y", said before Y's centre or hours."""
        province = self.map.province(unit.province_key)
        line = self.t(
            "place_ward_moved",
            legacy=legacy_label(fate),
            unit=unit.name,
            province=province.name if province else "",
        )
        lines = [line, *self.ward_notes(fate, res), self.source()]
        return Reply("\n".join(lines), kind="place_ward")

    def district_answer(self, res: Resolution) -> Reply:
        district = res.district
        legacy_province = res.legacy_province
        lines = []
        for n, unit in enumerate(res.units, 1):
            lines.append(f"{n}. {unit.name}")
        province = res.province.name if res.province else ""
        text = self.t(
            "place_district",
            district=district.name if district else "",
            province=legacy_province.name if legacy_province else province,
            lines="\n".join(lines),
        )
        if res.province:
            text += f"\n({province})"
        text += "\n" + self.t("place_no_district") + "\n\n" + self.source()
        return Reply(text, kind="place_district")

    def province_answer(self, res: Resolution, current: bool) -> Reply:
        province = res.province
        members = province.name
        if len(res.legacy_provinces) > 1:  # merged: every member is a former province
            members = ", ".join(
                self.t("place_former_member", province=p.name) for p in res.legacy_provinces
            )
        elif res.legacy_provinces:
            members = res.legacy_provinces[0].name
        if current:
            text = self.t("place_current_province", province=province.name, members=members)
        elif (
            res.legacy_province
            and res.legacy_province.new_province_key == province.key
            and (res.legacy_province.key == province.key)
        ):
            text = self.t("place_legacy_province_same", province=province.name, members=members)
        else:
            legacy = res.legacy_province.name if res.legacy_province else ""
            text = self.t(
                "place_legacy_province", legacy=legacy, province=province.name, members=members
            )
        return Reply(text + "\n\n" + self.source(), kind="place_province")

    def not_found_first(self, res: Resolution, replies: list[Reply]) -> list[Reply]:
        """``replies`` opened by "I did not find ward X (in the place found)"."""
        if not res.unknown_ward or not replies:
            return replies
        place = self.found_place(res)
        if place:
            note = self.t("place_ward_not_found", ward=res.unknown_ward, place=place)
        else:
            note = self.t("place_ward_not_found_anywhere", ward=res.unknown_ward)
        first = replies[0]
        if first.kind == "place_unknown":  # that reply already says nothing was found
            return replies
        return [replace(first, text=note + "\n" + first.text), *replies[1:]]

    def found_place(self, res: Resolution) -> str:
        """The district or province found besides an unknown ward name."""
        if res.kind == "legacy_district" and res.district is not None:
            province = res.legacy_province.name if res.legacy_province else ""
            return f"{res.district.name}, {province} (cũ)" if province else res.district.name
        if res.kind == "legacy_province" and res.legacy_province is not None:
            return f"{res.legacy_province.name} (cũ)"
        if res.kind == "current_province" and res.province is not None:
            return res.province.name
        return ""

    def unit_buttons(self) -> tuple[Button, ...]:
        labels = self.t.section("buttons")
        return (
            Button(labels["centre"], "intent:find_service_centre"),
            Button(labels["hours"], "intent:ask_opening_hours"),
        )

    def source(self) -> str:
        return map_source(self.t)
