"""Where is the centre, when is it open: a current unit's service centre (address, phone,
hours, map pin) and its province's hotlines, from the database, each with its source.

A fact the database does not have is said to be unknown, never guessed: the gap names
province-wide opening hours (with their own source and date) and a number to call.
"""

from __future__ import annotations

from typing import Protocol

from flows.format import date
from flows.templates import Templates
from flows.types import Reply, Venue
from knowledge.places.admin_map import AdminMap
from knowledge.places.centres import CentreInfo, HotlineInfo
from knowledge.places.units import NewUnit
from knowledge.provenance import admin_map_provenance


class Centres(Protocol):
    """A unit's service centres and its province's verified hotlines
    (``knowledge.places.centres.CentreDirectory``); raises ``DatabaseUnavailable``."""

    async def of_unit(
        self, province_key: str, unit_key: str
    ) -> tuple[list[CentreInfo], list[HotlineInfo]]: ...

    async def hotlines_of(self, province_key: str) -> list[HotlineInfo]: ...


def map_source(t: Templates) -> str:
    """The line citing the map of units (the unit and province names come from it)."""
    source = admin_map_provenance()
    return t("place_source", url=source.source_url, date=date(source.verified_on))


class CentreAnswers:
    """Replies about a unit's service centre, its opening hours and its province's hotlines."""

    def __init__(self, admin_map: AdminMap, centres: Centres, templates: Templates) -> None:
        self.map = admin_map
        self.centres = centres
        self.t = templates

    async def _read(self, unit: NewUnit) -> tuple[list[CentreInfo], list[HotlineInfo]]:
        """The unit's centres and its province's verified hotlines."""
        return await self.centres.of_unit(unit.province_key, unit.key)

    async def centre(self, unit: NewUnit) -> list[Reply]:
        """The centre of ``unit`` with address, phone, hours; or an honest gap."""
        centres, hotlines = await self._read(unit)
        province = self.map.province(unit.province_key)
        province_name = province.name if province else ""
        if not centres:
            lines = [self.t("centre_missing", unit=unit.name, province=province_name)]
            lines += self._hotline_lines(hotlines, province_name)
            lines += ["", map_source(self.t)]
            return [Reply("\n".join(lines), kind="centre_missing")]
        replies = []
        for info in centres:
            lines = [
                self.t("centre_head", unit=unit.name),
                self.t("centre_name", name=info.centre_name),
            ]
            if info.address:
                key = "centre_place" if info.describes_place else "centre_address"
                lines.append(self.t(key, address=info.address))
            if info.phone:
                lines.append(self.t("centre_phone", phone=info.phone))
            if info.shown_hours:
                lines.append(self.t("centre_hours", hours=info.shown_hours))
            else:
                lines.append(self.t("centre_hours_unknown"))
            if info.caution:
                lines.append(self.t("centre_caution"))
            if info.shown_hours and info.hours_unverified:
                lines.append(self.t("hours_caution"))
            if not info.phone:
                lines += self._hotline_lines(hotlines, province_name)
            lines += ["", self.t("centre_source", url=info.source_url, date=date(info.verified_on))]
            venue = None
            if info.lat is not None and info.lon is not None:
                venue = Venue(info.lat, info.lon, info.centre_name, info.address or unit.name)
            replies.append(Reply("\n".join(lines), venue=venue, kind="centre"))
        return replies

    async def hours(self, unit: NewUnit) -> list[Reply]:
        """Opening hours of the unit's centre with their source, or an honest gap.

        The gap adds city-wide facts (their own source and date) and a number to call.
        """
        centres, hotlines = await self._read(unit)
        province = self.map.province(unit.province_key)
        province_name = province.name if province else ""
        with_hours = [c for c in centres if c.shown_hours]
        if with_hours:
            info = with_hours[0]
            lines = [self.t("hours_head", unit=unit.name, hours=info.shown_hours)]
            if info.caution or info.hours_unverified:
                lines.append(self.t("hours_caution"))
            if info.phone:
                lines.append(self.t("centre_phone", phone=info.phone))
            lines += ["", self.t("centre_source", url=info.source_url, date=date(info.verified_on))]
            return [Reply("\n".join(lines), kind="hours")]
        lines = [self.t("hours_unknown", unit=unit.name)]
        lines += self._area_hours_lines(hotlines, province_name)
        with_phone = [c for c in centres if c.phone]
        if with_phone:
            info = with_phone[0]
            lines += [
                "",
                self.t("hours_centre_phone", name=info.centre_name, phone=info.phone),
                self.t("centre_source", url=info.source_url, date=date(info.verified_on)),
            ]
        elif hotline_lines := self._hotline_lines(hotlines, province_name):
            lines += ["", *hotline_lines]
        return [Reply("\n".join(lines), kind="hours_unknown")]

    async def centres_of(self, unit: NewUnit) -> list[CentreInfo]:
        centres, _ = await self._read(unit)
        return centres

    async def hotline_lines(self, unit: NewUnit) -> list[str]:
        """The provincial hotlines of ``unit``'s province (verified ones only)."""
        return await self.province_hotline_lines(unit.province_key)

    async def province_hotline_lines(self, province_key: str) -> list[str]:
        """The provincial hotlines of a province (verified ones only)."""
        hotlines = await self.centres.hotlines_of(province_key)
        province = self.map.province(province_key)
        return self._hotline_lines(hotlines, province.name if province else "")

    def _area_hours_lines(self, hotlines: list, province_name: str) -> list[str]:
        """Province-wide statements about opening hours, each with its source and date."""
        lines = []
        for fact in (h for h in hotlines if h.is_hours and not h.national):
            lines += ["", self.t("hours_area_head", province=province_name)]
            lines.append(self.t("hours_area_line", text=fact.contact))
            if fact.details:
                lines.append(self.t("hours_area_line", text=fact.details))
            lines.append(self.t("centre_source", url=fact.source_url, date=date(fact.verified_on)))
        return lines

    def _hotline_lines(self, hotlines: list, province_name: str) -> list[str]:
        provincial = [h for h in hotlines if not h.national and h.is_phone]
        if not provincial:
            return []
        lines = [self.t("hotlines_head", province=province_name)]
        lines += [self.t("hotline_line", service=h.service, contact=h.contact) for h in provincial]
        sources = dict.fromkeys((h.source_url, h.verified_on) for h in provincial)
        lines += [
            self.t("hotline_source_dated", url=url, date=date(verified_on))
            for url, verified_on in sources
        ]
        return lines
