"""Procedure records a test writes itself (not the shipped catalogue), and the answers
made of them without a dialogue."""

from __future__ import annotations

import datetime as dt

from flows.config import DialogueSettings
from flows.procedure_answers import ProcedureAnswers
from flows.templates import default_templates
from knowledge.procedures.records import ProcedureInfo


def national_record(name: str = "Thủ tục thử", **facts) -> ProcedureInfo:
    """A national record named ``name`` with only ``facts`` (documents, channels...)."""
    return ProcedureInfo(
        slug="thu_tuc_thu",
        name=name,
        source_url="https://dichvucong.gov.vn/thu-tuc-hanh-chinh/thu",
        verified_on=dt.date(2026, 6, 10),
        source_kind="national",
        **facts,
    )


def procedure_answers() -> ProcedureAnswers:
    """The answers with the shipped templates and default settings."""
    return ProcedureAnswers(default_templates(), DialogueSettings())
