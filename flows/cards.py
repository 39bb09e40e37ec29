"""A checklist card a volunteer hands to a resident: documents, fee, time, where, hours.

``build_card`` turns a catalogue record (and, when known, the resident's service
centre) into a :class:`Card`: plain data that ``card_text`` makes into a short text to
forward and ``bot.card_image`` into a PNG. Facts come only from the record and the
centre row, formatted by the same helpers as the procedure answers; a fact neither has
is said to be unknown ("chưa rõ — vui lòng hỏi trung tâm"), never guessed. A centre
row marked unverified keeps the same caution the centre answers show.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from flows.config import DialogueSettings
from flows.format import date
from flows.procedure_answers import ProcedureAnswers, document_cases
from flows.record_text import cut_text, display_name
from flows.templates import Templates, default_templates
from knowledge.places.centres import CentreInfo
from knowledge.procedures.records import ProcedureInfo

CARDS_FILE = Path(__file__).with_name("cards.yml")
MAX_DOCUMENT_CHARS = 220  # one document line on a card
MAX_TEXT_DOCUMENTS = 12  # documents listed in the forwardable text
MAX_FIELD_CHARS = 300
MAX_NAME_CHARS = 240  # some national records have names of a paragraph
# A remark for staff inside the hours ("(unverified, from GitHub project)"): the card
# says it in Vietnamese as a caution instead.
_HOURS_REMARK_RE = re.compile(r"\s*\([^)]*unverified[^)]*\)", re.IGNORECASE)


@dataclass(frozen=True)
class Card:
    """What a resident needs to bring and where to go, each fact with its source.

    ``fee`` and ``time`` hold one line per group of channels ("Nộp trực tiếp: 20.000
    đồng"); an unknown fact is the "unknown" sentence, never an empty value.
    ``verified`` and ``centre_verified`` are dates written dd/mm/yyyy.
    """

    name: str
    code: str | None
    documents: tuple[str, ...]
    fee: tuple[str, ...]
    time: tuple[str, ...]
    where: str
    hours: str
    source_url: str
    verified: str
    centre_source_url: str | None = None
    centre_verified: str | None = None
    address: str | None = None
    describes_place: bool = False
    phone: str | None = None
    agency: str | None = None
    cautions: tuple[str, ...] = ()
    case: str | None = None
    other_cases: int = 0
    curated: bool = True

    @property
    def has_centre(self) -> bool:
        return self.centre_source_url is not None


@cache
def card_templates() -> Templates:
    """The card's wording (flows/cards.yml)."""
    return Templates(yaml.safe_load(CARDS_FILE.read_text(encoding="utf-8")))


@cache
def _answers() -> ProcedureAnswers:
    """The procedure answers' own formatting (fees, documents, channel names)."""
    return ProcedureAnswers(default_templates(), DialogueSettings())


def _plain(text: str) -> str:
    """One line of text as composed characters (how fonts hold Vietnamese letters)."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _documents(info: ProcedureInfo, case: int | None) -> tuple[tuple[str, ...], str | None, int]:
    """The documents of one case (the chosen one, else the first), its name, and how
    many other cases the record lists."""
    cases = document_cases(info)
    if not cases:
        return (), None, 0
    index = case if case is not None and 0 <= case < len(cases) else 0
    chosen = cases[index]
    answers = _answers()
    docs = tuple(
        _plain(cut_text(answers._document(doc), MAX_DOCUMENT_CHARS))
        for doc in info.documents
        if doc.case == chosen
    )
    label = _plain(cut_text(chosen, 160)) if len(cases) > 1 else None
    return docs, label, len(cases) - 1


def _channel_facts(info: ProcedureInfo, value_of, unknown: str) -> tuple[str, ...]:
    answers = _answers()
    if not any(value_of(row) for row in info.channels):
        return (unknown,)
    lines = answers._channel_lines(info, value_of)
    return tuple(_plain(line.removeprefix("- ")) for line in lines)


def build_card(
    info: ProcedureInfo,
    centre: CentreInfo | None = None,
    *,
    case: int | None = None,
    templates: Templates | None = None,
) -> Card:
    """The checklist card of ``info``; with ``centre``, where to go and when.

    Where the documents differ by case, ``case`` (an index into the record's cases, as
    in the ``case:<slug>:<n>`` buttons) picks one; without it the first case is shown
    and the card says how many others there are.
    """
    t = templates or card_templates()
    unknown = t("unknown")
    answers = _answers()
    documents, case_label, other_cases = _documents(info, case)
    fee = _channel_facts(info, answers.fee_text, unknown)
    time = _channel_facts(info, lambda row: row.time, unknown)
    cautions: list[str] = []
    if centre is not None:
        where = _plain(centre.centre_name)
        hours = _plain(_HOURS_REMARK_RE.sub("", centre.hours or "")) or unknown
        if centre.caution:
            cautions.append(default_templates()("centre_caution"))
        if centre.hours and "unverified" in centre.hours.lower():
            cautions.append(default_templates()("hours_caution"))
        centre_source_url: str | None = centre.source_url
        centre_verified: str | None = date(centre.verified_on)
    else:
        place = info.submit_address
        where = _plain(cut_text(place, MAX_FIELD_CHARS)) if place else unknown
        hours = unknown
        centre_source_url = centre_verified = None
    return Card(
        name=_plain(cut_text(display_name(info.name), MAX_NAME_CHARS)),
        code=info.code,
        documents=documents,
        fee=fee,
        time=time,
        where=where,
        hours=hours,
        source_url=info.source_url,
        verified=date(info.verified_on),
        centre_source_url=centre_source_url,
        centre_verified=centre_verified,
        address=_plain(centre.address) if centre is not None and centre.address else None,
        describes_place=bool(centre is not None and centre.describes_place),
        phone=_plain(centre.phone) if centre is not None and centre.phone else None,
        agency=_plain(cut_text(info.agency, MAX_FIELD_CHARS)) if info.agency else None,
        cautions=tuple(cautions),
        case=case_label,
        other_cases=other_cases,
        curated=info.is_curated,
    )


def card_text(card: Card, templates: Templates | None = None) -> str:
    """The card as a short plain text to forward (numbered documents, fee, time, where,
    hours, sources). Values are inserted as they are: each channel escapes plain text."""
    t = templates or card_templates()
    title = (
        t("title_with_code", name=card.name, code=card.code)
        if card.code
        else t("title", name=card.name)
    )
    lines = [title]
    if card.case:
        lines.append(t("case", case=card.case))
    if card.documents:
        lines.append(t("documents_head"))
        shown = card.documents[:MAX_TEXT_DOCUMENTS]
        lines += [f"{n}. {doc}" for n, doc in enumerate(shown, 1)]
        if len(card.documents) > len(shown):
            lines.append(t("more_documents", count=len(card.documents) - len(shown)))
    else:
        lines.append(t("documents_unknown"))
    if card.other_cases:
        lines.append(t("other_cases", count=card.other_cases))
    lines.append(t("fee_head"))
    lines += [f"- {line}" for line in card.fee]
    lines.append(t("time_head"))
    lines += [f"- {line}" for line in card.time]
    lines.append(t("where", where=card.where))
    if card.address:
        lines.append(t("place" if card.describes_place else "address", address=card.address))
    if card.phone:
        lines.append(t("phone", phone=card.phone))
    if not card.has_centre and card.agency:
        lines.append(t("agency", agency=card.agency))
    lines.append(t("hours", hours=card.hours))
    lines += list(card.cautions)
    source_key = "source" if card.curated else "source_crawl"
    lines.append(t(source_key, url=card.source_url, date=card.verified))
    if card.centre_source_url and card.centre_verified:
        lines.append(t("centre_source", url=card.centre_source_url, date=card.centre_verified))
    return "\n".join(lines)
