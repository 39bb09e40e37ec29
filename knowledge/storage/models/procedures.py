"""The procedure catalogue: one row per procedure record."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.storage.models.base import Base


class Procedure(Base):
    """One procedure record: JSON validated by ``knowledge.procedures.records``.

    ``code``, ``name`` and ``source_kind`` are copies of record fields, for look-ups.
    """

    __tablename__ = "procedures"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    code: Mapped[str | None] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(300))
    source_kind: Mapped[str] = mapped_column(String(20))
    record: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
