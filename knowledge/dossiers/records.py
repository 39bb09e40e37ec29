"""Dossier status: plain records, the source interface, and the errors sources raise.

Every source of truth (the local registry fed by the centre, a provincial HTTP
system) sits behind :class:`DossierSource`; :class:`DossierRouter` picks one by
the code's unit-identifier prefix. Records never carry the applicant's name, ID
number or phone number: sources map only the fields listed here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

# National status codes, as synchronised with the national portal.
STATUS_NAMES: dict[int, str] = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}
# Statuses after which the appointment date no longer matters (nothing can be late).
FINAL_STATUSES = frozenset({3, 7, 8, 9, 10})


@dataclass(frozen=True)
class DossierRecord:
    """What a source says about one dossier (no personal data)."""

    code: str
    status: int
    source: str
    procedure_code: str | None = None
    procedure_name: str | None = None
    received_on: dt.date | None = None
    appointment_on: dt.date | None = None
    agency: str | None = None
    note: str | None = None
    missing_documents: tuple[str, ...] = ()
    updated_at: dt.datetime | None = None

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, f"Trạng thái {self.status}")

    def overdue(self, today: dt.date) -> bool:
        """Late: past the appointment date and not finished ("Quá hạn" is not a status)."""
        return (
            self.appointment_on is not None
            and self.status not in FINAL_STATUSES
            and today > self.appointment_on
        )


@dataclass(frozen=True)
class StatusEvent:
    """One recorded status change; the history is kept, never overwritten."""

    code: str
    status: int
    recorded_at: dt.datetime
    source: str
    note: str | None = None
    appointment_on: dt.date | None = None


@dataclass(frozen=True)
class StatusChange:
    """Result of recording a status: whether it differs from the previous one."""

    code: str
    old_status: int | None
    new_status: int
    changed: bool
    record: DossierRecord | None = field(default=None, compare=False)


class SourceUnavailable(Exception):
    """A source could not answer (timeout, 5xx, malformed reply, circuit open)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"dossier source {source} unavailable: {reason}")
        self.source = source
        self.reason = reason


class DossierSource(Protocol):
    """Anything that can say where a dossier is."""

    name: str

    async def lookup(self, code: str) -> DossierRecord | None:
        """The dossier, or None when the source does not know the code.

        Raises SourceUnavailable when the source cannot answer now.
        """
        ...
