"""Where to go and whom to call: service centres and hotlines, each with its source."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Float, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.storage.models.base import Base


class ServiceCentre(Base):
    """A commune-level Public Administrative Service Centre, as a published list gives it.

    ``province`` and ``unit_name`` keep the text of the source; ``province_key`` and
    ``unit_key`` point at the matching current unit of the administrative map when one
    was found at import time. ``caution`` and ``describes_place`` are derived from the
    row at import time (see ``knowledge.places.centres``).
    """

    __tablename__ = "service_centres"
    __table_args__ = (
        UniqueConstraint("province", "unit_name", "centre_name"),
        Index("ix_service_centres_unit", "province_key", "unit_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    province: Mapped[str] = mapped_column(String(200))
    unit_name: Mapped[str] = mapped_column(String(200))
    province_key: Mapped[str | None] = mapped_column(String(100))
    unit_key: Mapped[str | None] = mapped_column(String(100))
    centre_name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(200))
    hours: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    source_url: Mapped[str] = mapped_column(String(500))
    verified_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    caution: Mapped[bool] = mapped_column(default=False)
    describes_place: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class Hotline(Base):
    """A national or provincial hotline (or city-level centre contact) with its source.

    ``verified`` is False when the source note marks the row UNVERIFIED: such a number
    must not be stated as fact.
    """

    __tablename__ = "hotlines"
    __table_args__ = (UniqueConstraint("scope", "service"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(200))
    service: Mapped[str] = mapped_column(String(300))
    contact: Mapped[str] = mapped_column(Text)
    details: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    verified: Mapped[bool] = mapped_column(default=True)
    verified_on: Mapped[dt.date] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
