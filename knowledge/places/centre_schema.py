"""The one schema of a service centre and of a hotline: pydantic models that validate a
row of ``kb import`` (TSV/CSV) and the admin's edit form alike.

Every rule raises a pydantic error of its own type (``kb_blank``, ``kb_too_long``,
``kb_url``, ``kb_coordinate``, ``kb_pair``, ``kb_date``, ``kb_source``) with an English
message for the CLI; the admin shows the same error in Vietnamese, looked up by its type
(``knowledge/editing/messages.yml``). Derived flags (``caution``, ``describes_place``,
``verified``) are not part of the data: ``knowledge.places.centres`` derives them from
the note and the address whenever a record is made.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from knowledge.places.centres import (
    CentreInfo,
    HotlineInfo,
    describes_a_place,
    is_verified,
    needs_caution,
)

# Service centres are in Vietnam (the Trường Sa special zone reaches south of 8°N): a
# point outside this box is almost always a typo or swapped lat/lon.
LAT_RANGE = (4.0, 24.0)
LON_RANGE = (102.0, 118.0)
CENTRE_URL_MAX = 500

_URL = re.compile(r"https?://\S+")


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise PydanticCustomError("kb_text", "must be text")
    return value.strip() or None


def _text(limit: int | None = None, required: bool = True):
    def check(value: Any) -> str | None:
        text = _clean(value)
        if text is None:
            if required:
                raise PydanticCustomError("kb_blank", "is empty")
            return None
        if limit is not None and len(text) > limit:
            raise PydanticCustomError(
                "kb_too_long", "is longer than {max} characters", {"max": limit}
            )
        return text

    return BeforeValidator(check)


def _note(value: Any) -> str:
    return _clean(value) or ""


def _centre_url(value: Any) -> str:
    text = _clean(value)
    if text is None:
        raise PydanticCustomError("kb_blank", "is empty")
    if not _URL.fullmatch(text) or len(text) > CENTRE_URL_MAX:
        raise PydanticCustomError(
            "kb_url",
            "must be an http(s) URL of at most {max} characters",
            {"max": CENTRE_URL_MAX},
        )
    return text


def _coordinate(bounds: tuple[float, float]):
    low, high = bounds

    def check(value: Any) -> float | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            number = float(value.strip().replace(",", ".") if isinstance(value, str) else value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number) or not low <= number <= high:
            raise PydanticCustomError(
                "kb_coordinate",
                "must be a decimal number between {low} and {high} (a point in Vietnam), not {raw}",
                {"low": f"{low:g}", "high": f"{high:g}", "raw": repr(value)},
            )
        return number

    return BeforeValidator(check)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _clean(value)
    if text is None:
        raise PydanticCustomError("kb_blank", "is empty")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError(
            "kb_date", "must be a date YYYY-MM-DD, not {raw}", {"raw": repr(text)}
        ) from None


VerifiedOn = Annotated[dt.date, BeforeValidator(_date)]
Note = Annotated[str, BeforeValidator(_note)]


class CentreData(BaseModel):
    """A commune-level service centre as staff give it (file row or form)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    province: Annotated[str, _text(200)]
    unit_name: Annotated[str, _text(200)]
    centre_name: Annotated[str, _text(300)]
    address: Annotated[str | None, _text(required=False)] = None
    phone: Annotated[str | None, _text(200, required=False)] = None
    hours: Annotated[str | None, _text(required=False)] = None
    lat: Annotated[float | None, _coordinate(LAT_RANGE)] = None
    lon: Annotated[float | None, _coordinate(LON_RANGE), Field(validate_default=True)] = None
    source_url: Annotated[str, BeforeValidator(_centre_url)]
    verified_on: VerifiedOn
    note: Note = ""

    @field_validator("lon")
    @classmethod
    def _with_lat(cls, lon: float | None, info: ValidationInfo) -> float | None:
        if "lat" not in info.data:  # lat itself was wrong: that error is enough
            return lon
        if (info.data["lat"] is None) != (lon is None):
            raise PydanticCustomError("kb_pair", "must be given together with 'lat'")
        return lon


class HotlineData(BaseModel):
    """A national or provincial hotline (or a province-wide fact) as staff give it.

    A hotline may be known without a public page (the shipped national portal number):
    then ``source_url`` explains where it was seen, and the note must say UNVERIFIED so
    the bot never states it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    scope: Annotated[str, _text(200)]
    service: Annotated[str, _text(300)]
    contact: Annotated[str, _text()]
    details: Annotated[str | None, _text(required=False)] = None
    note: Note = ""
    source_url: Annotated[str, _text()]
    verified_on: VerifiedOn

    @field_validator("source_url")
    @classmethod
    def _a_page_unless_unverified(cls, url: str, info: ValidationInfo) -> str:
        if not _URL.fullmatch(url) and is_verified(info.data.get("note", "")):
            raise PydanticCustomError(
                "kb_source", "must be an http(s) URL, or the note must say UNVERIFIED"
            )
        return url


def centre_info(data: CentreData) -> CentreInfo:
    """The record the bot reads, with its derived flags (not yet linked to a unit)."""
    return CentreInfo(
        **data.model_dump(),
        caution=needs_caution(data.note),
        describes_place=describes_a_place(data.address, data.note),
    )


def hotline_info(data: HotlineData) -> HotlineInfo:
    """The record the bot reads, ``verified`` derived from the note."""
    return HotlineInfo(**data.model_dump(), verified=is_verified(data.note))
