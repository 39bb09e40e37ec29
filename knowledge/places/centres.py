"""Service centres and hotlines: plain records, their TSV/CSV files and their repository.

The shipped seed (``knowledge/data/centres.tsv`` and ``hotlines.tsv``) is the domain
brief's files plus rows added later, each with its own source page and ``verified_on``
date. A file is validated whole before anything is written, and every record keeps its
``source_url`` and ``verified_on`` so the bot can show both.

The hotline file also carries province-wide facts about a city's centres that belong to
no single centre. A row whose ``service`` starts with "Giờ làm việc" is such a fact about
opening hours (``HotlineInfo.is_hours``): its ``number_or_contact`` holds the statement
and ``details`` its caveat; it is never listed as a number to call.

Two flags are derived from a centre row when it is read, never typed by hand:

* ``caution``: the row's note says UNVERIFIED, UNCERTAIN or CONFLICT, or that the
  address comes from a GitHub copy of the published list. The bot then adds a short
  "call before you go" warning.
* ``describes_place``: the address column describes a place rather than giving a
  street address. Rule: the note marks the row as descriptive ("Descriptive only",
  "Descriptive location only"), or the address itself says the street is "not stated".
  In the seed these are the six rows outside HCMC that name an old People's Committee
  building or "2 điểm: ..." instead of a street.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge import DATA_DIR
from knowledge.data_files import check_header, delimiter, read_table, table_error
from knowledge.storage import models
from knowledge.text import fold

logger = logging.getLogger(__name__)

SEED_DIR = DATA_DIR
SEED_CENTRES = SEED_DIR / "centres.tsv"
SEED_HOTLINES = SEED_DIR / "hotlines.tsv"

# The shipped files have no verified_on column: their facts were checked when the domain
# brief's data was taken into the project, so that date stands for every seed row.
SEED_VERIFIED_ON = dt.date(2026, 11, 22)

CENTRE_REQUIRED_COLUMNS = (
    "province",
    "new_unit",
    "centre_name",
    "address",
    "phone",
    "hours",
    "source_url",
    "note",
)
CENTRE_COLUMNS = (*CENTRE_REQUIRED_COLUMNS, "lat", "lon", "verified_on")
HOTLINE_REQUIRED_COLUMNS = (
    "scope",
    "service",
    "number_or_contact",
    "details",
    "source_url",
    "note",
)
HOTLINE_COLUMNS = (*HOTLINE_REQUIRED_COLUMNS, "verified_on")

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
_PHONE_START = re.compile(r"^[\d\s.()+]*\d[\d\s.()+]*(?=$|[;(/])")
NATIONAL_SCOPES = ("national", "toanquoc")
# The folded start of a hotline row's service that marks an opening-hours statement.
_HOURS_SERVICE = "gio lam viec"

# Service centres are in Vietnam (the Trường Sa special zone reaches south of 8°N): a
# point outside this box is almost always a typo or swapped lat/lon.
LAT_RANGE = (4.0, 24.0)
LON_RANGE = (102.0, 118.0)

# Longest text per column (the database's String lengths).
_MAX_LEN = {
    "province": 200,
    "new_unit": 200,
    "centre_name": 300,
    "phone": 200,
    "scope": 200,
    "service": 300,
}
_CENTRE_URL_MAX = 500


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


# --- files -----------------------------------------------------------------------------


def _text(row: dict[str, str], column: str, where: str, path: Path, required: bool = False):
    value = row.get(column, "") or None
    if required and not value:
        raise table_error(path, where, f"'{column}' is empty")
    limit = _MAX_LEN.get(column)
    if value and limit and len(value) > limit:
        raise table_error(path, where, f"'{column}' is longer than {limit} characters")
    return value


def _url(value: str | None) -> bool:
    return bool(value) and re.fullmatch(r"https?://\S+", value or "") is not None


def _coordinate(row: dict[str, str], column: str, bounds, where: str, path: Path):
    raw = row.get(column, "")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    low, high = bounds
    if not math.isfinite(value) or not low <= value <= high:
        raise table_error(
            path,
            where,
            f"'{column}' must be a decimal number between {low:g} and {high:g} "
            f"(a point in Vietnam), not {raw!r}",
        )
    return value


def _verified_on(row: dict[str, str], default: dt.date | None, where: str, path: Path):
    raw = row.get("verified_on", "")
    if raw:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise table_error(
                path, where, f"'verified_on' must be a date YYYY-MM-DD, not {raw!r}"
            ) from None
    if default is None:
        raise table_error(path, where, "'verified_on' is empty and no default date was given")
    return default


def _centre(row: dict[str, str], number: int, default: dt.date | None, path: Path) -> CentreInfo:
    where = f"row {number}"
    centre_name = _text(row, "centre_name", where, path, required=True)
    where = f"row {number} ({centre_name})"
    source_url = _text(row, "source_url", where, path, required=True)
    if not _url(source_url) or len(source_url) > _CENTRE_URL_MAX:
        raise table_error(
            path, where, "'source_url' must be an http(s) URL of at most 500 characters"
        )
    lat = _coordinate(row, "lat", LAT_RANGE, where, path)
    lon = _coordinate(row, "lon", LON_RANGE, where, path)
    if (lat is None) != (lon is None):
        raise table_error(path, where, "'lat' and 'lon' must be given together")
    address = _text(row, "address", where, path)
    note = _text(row, "note", where, path) or ""
    return CentreInfo(
        province=_text(row, "province", where, path, required=True),
        unit_name=_text(row, "new_unit", where, path, required=True),
        centre_name=centre_name,
        address=address,
        phone=_text(row, "phone", where, path),
        hours=_text(row, "hours", where, path),
        lat=lat,
        lon=lon,
        source_url=source_url,
        verified_on=_verified_on(row, default, where, path),
        note=note,
        caution=needs_caution(note),
        describes_place=describes_a_place(address, note),
    )


def read_centres(path: Path, verified_on: dt.date | None = None) -> list[CentreInfo]:
    """Parse and validate a centres file; ``verified_on`` fills rows without a date."""
    header, rows = read_table(path)
    check_header(path, header, CENTRE_REQUIRED_COLUMNS, CENTRE_COLUMNS)
    numbered = [(n, _centre(row, n, verified_on, path)) for n, row in rows]
    seen: dict[tuple[str, str, str], int] = {}
    for number, info in numbered:
        key = (info.province, info.unit_name, info.centre_name)
        if key in seen:
            raise table_error(path, f"row {number}", f"same centre as row {seen[key]}: {key[2]}")
        seen[key] = number
    return [info for _number, info in numbered]


def _hotline(row: dict[str, str], number: int, default: dt.date | None, path: Path):
    where = f"row {number}"
    service = _text(row, "service", where, path, required=True)
    where = f"row {number} ({service})"
    note = _text(row, "note", where, path) or ""
    source_url = _text(row, "source_url", where, path, required=True)
    # A hotline may be known without a public page (the shipped national portal number):
    # then the source column explains where it was seen, and the row must be UNVERIFIED
    # so the bot never states it.
    if not _url(source_url) and is_verified(note):
        raise table_error(
            path,
            where,
            "'source_url' must be an http(s) URL, or the note must say UNVERIFIED",
        )
    return HotlineInfo(
        scope=_text(row, "scope", where, path, required=True),
        service=service,
        contact=_text(row, "number_or_contact", where, path, required=True),
        details=_text(row, "details", where, path),
        source_url=source_url,
        note=note,
        verified=is_verified(note),
        verified_on=_verified_on(row, default, where, path),
    )


def read_hotlines(path: Path, verified_on: dt.date | None = None) -> list[HotlineInfo]:
    """Parse and validate a hotlines file; ``verified_on`` fills rows without a date."""
    header, rows = read_table(path)
    check_header(path, header, HOTLINE_REQUIRED_COLUMNS, HOTLINE_COLUMNS)
    numbered = [(n, _hotline(row, n, verified_on, path)) for n, row in rows]
    seen: dict[tuple[str, str], int] = {}
    for number, info in numbered:
        key = (info.scope, info.service)
        if key in seen:
            raise table_error(path, f"row {number}", f"same hotline as row {seen[key]}: {key[1]}")
        seen[key] = number
    return [info for _number, info in numbered]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def centre_to_row(info: CentreInfo) -> dict[str, str]:
    """The file shape of one centre (inverse of the reader)."""
    values = {
        "province": info.province,
        "new_unit": info.unit_name,
        "centre_name": info.centre_name,
        "address": info.address,
        "phone": info.phone,
        "hours": info.hours,
        "source_url": info.source_url,
        "note": info.note,
        "lat": info.lat,
        "lon": info.lon,
        "verified_on": info.verified_on,
    }
    return {k: _cell(v) for k, v in values.items()}


def hotline_to_row(info: HotlineInfo) -> dict[str, str]:
    """The file shape of one hotline (inverse of the reader)."""
    values = {
        "scope": info.scope,
        "service": info.service,
        "number_or_contact": info.contact,
        "details": info.details,
        "source_url": info.source_url,
        "note": info.note,
        "verified_on": info.verified_on,
    }
    return {k: _cell(v) for k, v in values.items()}


def write_table(path: Path, columns: Sequence[str], rows: Sequence[dict[str, str]]) -> None:
    """Write rows as TSV, or CSV when ``path`` ends in ``.csv``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=list(columns), delimiter=delimiter(path), lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)


# --- linking to the administrative map ---------------------------------------------------


def link_units(infos: Sequence[CentreInfo]) -> list[CentreInfo]:
    """Fill ``province_key``/``unit_key`` from the administrative map where a unit matches.

    Blocking (the map loads from disk on first use): call it in a worker thread. When the
    map's data cannot be read the centres are kept unlinked (lookups by province name
    and the text columns still work) and a warning is logged.
    """
    from knowledge.places.admin_units import AdminDataError, get_admin_map

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
