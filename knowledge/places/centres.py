"""Service centres and hotlines: their records, the rules for their flags, their repository.

Two flags are derived from a centre row when it is read, never typed by hand:

* ``caution``: the row's note says UNVERIFIED, UNCERTAIN or CONFLICT, or that the
  address comes from a GitHub copy of the published list. The bot then adds a short
  "call before you go" warning.
* ``describes_place``: the address column describes a place rather than giving a
  street address. Rule: the note marks the row as descriptive ("Descriptive only",
  "Descriptive location only"), or the address itself says the street is "not stated".
  In the seed these are the six rows outside HCMC that name an old People's Committee
  building or "2 điểm: ..." instead of a street.

The files the records come from are read and written by
:mod:`knowledge.places.centre_tables`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.places.units import AdminDataError
from knowledge.storage import models
from knowledge.storage.db import OUTAGE_ERRORS, Database, DatabaseUnavailable
from knowledge.text import fold

logger = logging.getLogger(__name__)

# Markers in a centre's note that make the bot warn before the address (case as written).
# "verify" and "RELOCATED" catch notes such as "unofficial source - verify" and a centre
# ordered relocated: the published address may no longer be right.
CAUTION_MARKERS = (
    "UNVERIFIED",
    "UNCERTAIN",
    "CONFLICT",
    "Address from a GitHub copy",
    "verify",
    "RELOCATED",
)
UNVERIFIED_MARKER = "UNVERIFIED"
# "1022 (nhánh 3)", "(0274) 1022", "0236.383.1022" — but not "43 Nguyễn Văn Bá" (an address).
# A remark for staff inside the hours cell ("(unverified, from GitHub project)"): never
# shown to a citizen; the hours are then said with a caution instead.
_HOURS_REMARK_RE = re.compile(r"\s*\([^)]*unverified[^)]*\)", re.IGNORECASE)
_PHONE_START = re.compile(r"^[\d\s.()+]*\d[\d\s.()+]*(?=$|[;(/])")
NATIONAL_SCOPES = ("national", "toanquoc")
# The folded start of a hotline row's service that marks an opening-hours statement.
_HOURS_SERVICE = "gio lam viec"


@dataclass(frozen=True)
class CentreInfo:
    """One service centre as the bot shows it; ``None`` means "not in the source"."""

    province: str
    unit_name: str
    centre_name: str
    source_url: str
    verified_on: dt.date
    address: str | None = None
    phone: str | None = None
    hours: str | None = None
    lat: float | None = None
    lon: float | None = None
    note: str = ""
    caution: bool = False
    describes_place: bool = False
    province_key: str | None = None
    unit_key: str | None = None

    @property
    def shown_hours(self) -> str | None:
        """The opening hours as a citizen reads them: a remark for staff in brackets
        ("(unverified, from GitHub project)") taken out; None when there are none."""
        return _HOURS_REMARK_RE.sub("", self.hours or "").strip() or None

    @property
    def hours_unverified(self) -> bool:
        """The hours cell is marked unverified (they are said with a caution)."""
        return bool(self.hours and _HOURS_REMARK_RE.search(self.hours))


@dataclass(frozen=True)
class HotlineInfo:
    """A hotline or contact; never state one whose ``verified`` is False."""

    scope: str
    service: str
    contact: str
    source_url: str
    verified_on: dt.date
    details: str | None = None
    note: str = ""
    verified: bool = True

    @property
    def national(self) -> bool:
        return fold_province(self.scope) in NATIONAL_SCOPES

    @property
    def is_phone(self) -> bool:
        """True when the contact starts with a number to call, not an address or a remark."""
        return not self.is_hours and bool(_PHONE_START.match(self.contact))

    @property
    def is_hours(self) -> bool:
        """True for a province-wide statement about opening hours, not a contact."""
        return fold(self.service).startswith(_HOURS_SERVICE)


def needs_caution(note: str) -> bool:
    """True when the note says the row is unverified, uncertain or conflicting."""
    return any(marker in note for marker in CAUTION_MARKERS)


def describes_a_place(address: str | None, note: str) -> bool:
    """True when the address column describes a place instead of giving a street address."""
    if not address:
        return False
    return "descriptive" in note.lower() or "not stated" in address.lower()


def is_verified(note: str) -> bool:
    """A hotline is verified unless its note says UNVERIFIED (upper case, as the files mark it)."""
    return UNVERIFIED_MARKER not in note


_PROVINCE_PREFIXES = ("thanhpho", "tinh", "tp")
_PROVINCE_ALIASES = {"hcm": "hochiminh", "saigon": "hochiminh", "hn": "hanoi"}


def fold_province(text: str) -> str:
    """A province name or key folded to one comparable word: "TP Hồ Chí Minh" -> "hochiminh".

    Drops a parenthesised remark, accents, spaces, punctuation and the "Thành phố"/"TP"/
    "Tỉnh" prefix, so the administrative map's key ("thanhphohochiminh"), "TP.HCM" and
    "Sài Gòn" fold like "TP Hồ Chí Minh".
    """
    words = re.sub(r"\(.*?\)", " ", fold(text))
    folded = "".join(re.findall(r"[a-z0-9]+", words))
    for prefix in _PROVINCE_PREFIXES:
        if folded.startswith(prefix) and len(folded) > len(prefix):
            folded = folded[len(prefix) :]
            break
    return _PROVINCE_ALIASES.get(folded, folded)


# --- linking to the administrative map ---------------------------------------------------


def link_units(infos: Sequence[CentreInfo]) -> list[CentreInfo]:
    """Fill ``province_key``/``unit_key`` from the administrative map where a unit matches.

    Blocking (the map loads from disk on first use): call it in a worker thread. When the
    map's data cannot be read the centres are kept unlinked (lookups by province name
    and the text columns still work) and a warning is logged.
    """
    from knowledge.places.admin_map import get_admin_map

    try:
        admin_map = get_admin_map()
    except AdminDataError as exc:
        logger.warning("administrative map unavailable, centres not linked to units: %s", exc)
        return [replace(i, province_key=None, unit_key=None) for i in infos]
    linked = []
    for info in infos:
        unit = admin_map.find_new_unit(info.province, info.unit_name)
        if unit is None:
            linked.append(replace(info, province_key=None, unit_key=None))
        else:
            linked.append(replace(info, province_key=unit.province_key, unit_key=unit.key))
    missing = [f"{i.unit_name} ({i.province})" for i in linked if i.unit_key is None]
    logger.info("linked %d of %d centres to units", len(linked) - len(missing), len(linked))
    if missing:
        logger.info("centres without a matching unit: %s", "; ".join(missing))
    return linked


# --- repository --------------------------------------------------------------------------


def _centre_info(row: models.ServiceCentre) -> CentreInfo:
    return CentreInfo(
        province=row.province,
        unit_name=row.unit_name,
        centre_name=row.centre_name,
        address=row.address,
        phone=row.phone,
        hours=row.hours,
        lat=row.lat,
        lon=row.lon,
        source_url=row.source_url,
        verified_on=row.verified_on,
        note=row.note,
        caution=row.caution,
        describes_place=row.describes_place,
        province_key=row.province_key,
        unit_key=row.unit_key,
    )


def _hotline_info(row: models.Hotline) -> HotlineInfo:
    return HotlineInfo(
        scope=row.scope,
        service=row.service,
        contact=row.contact,
        details=row.details,
        source_url=row.source_url,
        note=row.note,
        verified=row.verified,
        verified_on=row.verified_on,
    )


def _fill_centre(row: models.ServiceCentre, info: CentreInfo) -> None:
    row.province_key = info.province_key
    row.unit_key = info.unit_key
    row.address = info.address
    row.phone = info.phone
    row.hours = info.hours
    row.lat = info.lat
    row.lon = info.lon
    row.source_url = info.source_url
    row.verified_on = info.verified_on
    row.note = info.note
    row.caution = info.caution
    row.describes_place = info.describes_place


def _fill_hotline(row: models.Hotline, info: HotlineInfo) -> None:
    row.contact = info.contact
    row.details = info.details
    row.source_url = info.source_url
    row.note = info.note
    row.verified = info.verified
    row.verified_on = info.verified_on


class CentreDirectory:
    """What the dialogue reads about a unit: its service centres and its province's
    verified hotlines (reference data, read outside a turn's unit of work)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def of_unit(
        self, province_key: str, unit_key: str
    ) -> tuple[list[CentreInfo], list[HotlineInfo]]:
        """Raises :class:`DatabaseUnavailable` when the database cannot be read."""
        try:
            async with self.db.session() as session:
                repo = CentreRepository(session)
                centres = await repo.for_unit(province_key, unit_key)
                hotlines = [h for h in await repo.hotlines_for(province_key) if h.verified]
        except OUTAGE_ERRORS as exc:
            raise DatabaseUnavailable("read service centres") from exc
        return centres, hotlines

    async def hotlines_of(self, province_key: str) -> list[HotlineInfo]:
        """The province's verified hotlines, then the national ones; raises
        :class:`DatabaseUnavailable` when the database cannot be read."""
        try:
            async with self.db.session() as session:
                hotlines = await CentreRepository(session).hotlines_for(province_key)
        except OUTAGE_ERRORS as exc:
            raise DatabaseUnavailable("read hotlines") from exc
        return [h for h in hotlines if h.verified]


class CentreRepository:
    """Reads and writes centres and hotlines within one session (the caller commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_unit(self, province_key: str, unit_key: str) -> list[CentreInfo]:
        """The centres of one current unit of the administrative map."""
        rows = await self.session.scalars(
            select(models.ServiceCentre)
            .where(
                models.ServiceCentre.province_key == province_key,
                models.ServiceCentre.unit_key == unit_key,
            )
            .order_by(models.ServiceCentre.id)
        )
        return [_centre_info(r) for r in rows]

    async def for_province(self, province_key: str) -> list[CentreInfo]:
        """All centres linked to units of one province, in file order."""
        rows = await self.session.scalars(
            select(models.ServiceCentre)
            .where(models.ServiceCentre.province_key == province_key)
            .order_by(models.ServiceCentre.id)
        )
        return [_centre_info(r) for r in rows]

    async def hotlines_for(self, province: str) -> list[HotlineInfo]:
        """The province's hotlines (matched by folded name or key), then the national ones.

        Each carries ``verified``: the dialogue must not state an unverified number.
        """
        wanted = fold_province(province)
        rows = list(await self.session.scalars(select(models.Hotline).order_by(models.Hotline.id)))
        infos = [_hotline_info(r) for r in rows]
        provincial = [
            i for i in infos if not i.national and wanted and fold_province(i.scope) == wanted
        ]
        return provincial + [i for i in infos if i.national]

    async def count(self) -> int:
        """Number of service centres."""
        return await self.session.scalar(select(func.count(models.ServiceCentre.id))) or 0

    async def count_hotlines(self) -> int:
        return await self.session.scalar(select(func.count(models.Hotline.id))) or 0

    async def list_centres(self) -> list[CentreInfo]:
        rows = await self.session.scalars(
            select(models.ServiceCentre).order_by(models.ServiceCentre.id)
        )
        return [_centre_info(r) for r in rows]

    async def list_hotlines(self) -> list[HotlineInfo]:
        rows = await self.session.scalars(select(models.Hotline).order_by(models.Hotline.id))
        return [_hotline_info(r) for r in rows]

    async def upsert_centres(self, infos: Sequence[CentreInfo]) -> tuple[int, int]:
        """Insert or update centres by (province, unit, centre name); returns (created, updated)."""
        existing = {
            (r.province, r.unit_name, r.centre_name): r
            for r in await self.session.scalars(select(models.ServiceCentre))
        }
        created = updated = 0
        for info in infos:
            row = existing.get((info.province, info.unit_name, info.centre_name))
            if row is None:
                row = models.ServiceCentre(
                    province=info.province, unit_name=info.unit_name, centre_name=info.centre_name
                )
                self.session.add(row)
                created += 1
            else:
                updated += 1
            _fill_centre(row, info)
        await self.session.flush()
        return created, updated

    async def upsert_hotlines(self, infos: Sequence[HotlineInfo]) -> tuple[int, int]:
        """Insert or update hotlines by (scope, service); returns (created, updated)."""
        existing = {
            (r.scope, r.service): r for r in await self.session.scalars(select(models.Hotline))
        }
        created = updated = 0
        for info in infos:
            row = existing.get((info.scope, info.service))
            if row is None:
                row = models.Hotline(scope=info.scope, service=info.service)
                self.session.add(row)
                created += 1
            else:
                updated += 1
            _fill_hotline(row, info)
        await self.session.flush()
        return created, updated
