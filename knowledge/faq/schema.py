"""The one schema of a FAQ entry, for the admin form, ``kb import`` and the stored row.

Every rule raises a Vietnamese message for its own field, so the admin shows it next to
the field (``field_errors``) and ``kb import`` reports it per entry. Text is kept as
typed: an answer is plain text that every channel escapes when it shows it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

QUESTION_MAX = 500
VARIANT_MAX = 500
VARIANTS_MAX = 100
ANSWER_MAX = 3500  # a Telegram message holds 4096 characters; the source line follows
URL_MAX = 500
CODE_MAX = 40
KEY_MAX = 100
FIELDS = (
    "question",
    "variants",
    "answer",
    "source_url",
    "procedure_code",
    "province_key",
    "unit_key",
    "verified_on",
)
_KEY = re.compile(r"^[a-z0-9_\-]+$")
_DATE_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _fail(message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError("faq_field", message, context)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _fail("Phải là văn bản.")
    return value.strip() or None


def _required(value: Any, missing: str, limit: int, too_long: str) -> str:
    text = _text(value)
    if text is None:
        raise _fail(missing)
    if len(text) > limit:
        raise _fail(too_long, limit=limit)
    return text


class FaqEntryData(BaseModel):
    """What staff write for one FAQ entry (the row's content without id and status)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    question: str
    variants: list[str] = []
    answer: str
    source_url: str
    procedure_code: str | None = None
    province_key: str | None = None
    unit_key: str | None = None
    verified_on: dt.date

    @model_validator(mode="before")
    @classmethod
    def _every_field_present(cls, data: Any) -> Any:
        """Missing fields go through their own rule, which says in Vietnamese what is
        missing (pydantic's own "Field required" is English)."""
        if isinstance(data, Mapping):
            unknown = [key for key in data if key not in FIELDS]
            if unknown:
                raise _fail(
                    "Trường không được hỗ trợ: {fields}.", fields=", ".join(map(str, unknown))
                )
            return {field: data.get(field) for field in FIELDS}
        return data

    @field_validator("question", mode="before")
    @classmethod
    def _question(cls, value: Any) -> str:
        return _required(
            value, "Vui lòng nhập câu hỏi.", QUESTION_MAX, "Câu hỏi dài quá {limit} ký tự."
        )

    @field_validator("variants", mode="before")
    @classmethod
    def _variants(cls, value: Any) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            value = value.splitlines()
        if not isinstance(value, list | tuple):
            raise _fail("Các cách hỏi khác phải là danh sách, mỗi dòng một cách hỏi.")
        seen: set[str] = set()
        variants: list[str] = []
        for item in value:
            text = _text(item)
            if text is None:
                continue
            if len(text) > VARIANT_MAX:
                raise _fail("Mỗi cách hỏi khác tối đa {limit} ký tự.", limit=VARIANT_MAX)
            if text.casefold() not in seen:
                seen.add(text.casefold())
                variants.append(text)
        if len(variants) > VARIANTS_MAX:
            raise _fail("Tối đa {limit} cách hỏi khác.", limit=VARIANTS_MAX)
        return variants

    @field_validator("answer", mode="before")
    @classmethod
    def _answer(cls, value: Any) -> str:
        text = _required(
            value, "Vui lòng nhập câu trả lời.", ANSWER_MAX, "Câu trả lời dài quá {limit} ký tự."
        )
        return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n"))

    @field_validator("source_url", mode="before")
    @classmethod
    def _source_url(cls, value: Any) -> str:
        url = _required(
            value,
            "Vui lòng nhập đường dẫn nguồn (http:// hoặc https://).",
            URL_MAX,
            "Đường dẫn nguồn dài quá {limit} ký tự.",
        )
        if not re.match(r"^https?://[^\s/]+\.[^\s]*$", url, flags=re.IGNORECASE):
            raise _fail("Nguồn phải là một địa chỉ web bắt đầu bằng http:// hoặc https://.")
        return url

    @field_validator("procedure_code", mode="before")
    @classmethod
    def _procedure_code(cls, value: Any) -> str | None:
        code = _text(value)
        if code is not None and (len(code) > CODE_MAX or any(c.isspace() for c in code)):
            raise _fail(
                "Mã thủ tục không hợp lệ (không có khoảng trắng, tối đa {limit} ký tự).",
                limit=CODE_MAX,
            )
        return code

    @field_validator("province_key", "unit_key", mode="before")
    @classmethod
    def _place_key(cls, value: Any) -> str | None:
        key = _text(value)
        if key is not None and (len(key) > KEY_MAX or not _KEY.match(key)):
            raise _fail(
                "Mã đơn vị hành chính không hợp lệ (chữ thường không dấu, số, '_' hoặc '-')."
            )
        return key

    @field_validator("verified_on", mode="before")
    @classmethod
    def _verified_on(cls, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = _text(value)
        if text is None:
            raise _fail("Vui lòng nhập ngày kiểm tra thông tin.")
        try:
            match = _DATE_DMY.match(text)
            if match:
                day, month, year = (int(part) for part in match.groups())
                return dt.date(year, month, day)
            return dt.date.fromisoformat(text)
        except ValueError:
            raise _fail("Ngày kiểm tra không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd).") from None

    @model_validator(mode="after")
    def _scope(self) -> FaqEntryData:
        if self.unit_key is not None and self.province_key is None:
            raise ValidationError.from_exception_data(
                type(self).__name__,
                [
                    {
                        "type": _fail("Chọn tỉnh/thành phố trước khi chọn đơn vị."),
                        "loc": ("unit_key",),
                        "input": self.unit_key,
                    }
                ],
            )
        return self

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The question and its variants: every way of asking that retrieves the entry."""
        return (self.question, *self.variants)

    def to_record(self) -> dict[str, Any]:
        """Plain JSON-ready data (the date as ISO text): for revisions and export."""
        return self.model_dump(mode="json")

    @classmethod
    def from_form(cls, form: Mapping[str, str], *, today: dt.date | None = None) -> FaqEntryData:
        """Validate a submitted form: ``variants`` one phrasing per line; a blank
        ``verified_on`` means today (``today``, else the local date)."""
        data: dict[str, Any] = {field: form.get(field) for field in FIELDS}
        data["variants"] = (form.get("variants") or "").splitlines()
        if not (data["verified_on"] or "").strip():
            data["verified_on"] = today or dt.date.today()
        return cls.model_validate(data)


def field_errors(error: ValidationError) -> dict[str, str]:
    """The first Vietnamese message of each field (``""`` for the entry as a whole)."""
    errors: dict[str, str] = {}
    for item in error.errors():
        loc = item.get("loc") or ()
        field = str(loc[0]) if loc else ""
        errors.setdefault(field, item["msg"])
    return errors
