"""A checklist card a volunteer hands to a resident: documents, fee, time, where, hours.

``build_card`` turns a catalogue record (and, when known, the resident's service
centre) into a :class:`Card`: plain data that ``card_text`` makes into a short text to
forward and ``bot.card_image`` into a PNG. Facts come only from the record and the
centre row, formatted by the same helpers as the procedure answers; a fact neither has
is said to be unknown ("chưa rõ — vui lòng hỏi trung tâm"), never guessed. A centre
row marked unverified keeps the same caution the centre answers show.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flows.config import DialogueSettings
from flows.document_checklist import checklist, paper_line
from flows.document_parts import document_sections
from flows.format import date
from flows.procedure_answers import ProcedureAnswers
from flows.record_text import cut_text, display_name
from flows.templates import Templates, default_templates
from knowledge.places.centres import CentreInfo
from knowledge.procedures.records import ProcedureInfo
from knowledge.yaml_data import load_yaml

CARDS_FILE = Path(__file__).with_name("cards.yml")
MAX_DOCUMENT_CHARS = 220  # one document line on a card
MAX_TEXT_DOCUMENTS = 12  # documents listed in the forwardable text
MAX_FIELD_CHARS = 300
MAX_NAME_CHARS = 240  # some national records have names of a paragraph


@dataclass(frozen=True)
class CardSection:
    """The papers of the card under one heading ("Giấy tờ phải nộp:"), each a line; a
    heading of None: the papers of the case the card applies to, of "Trường hợp
    chung" or of a record with one list."""

    heading: str | None
    documents: tuple[str, ...]
    only_from: int | None = None  # the first paper only some bring ("papers_only_if")


@dataclass(frozen=True)
class Card:
    """What a resident needs to bring and where to go, each fact with its source.

    The papers come in ``sections``, as the documents answer lists them: a record
    whose labels are parts of one checklist ("Giấy tờ phải nộp", "Giấy tờ phải xuất
    trình") gives every part under its heading; one with cases gives one ``case``
    and the parts, and says how many ``other_cases`` there are. ``fee`` and ``time``
    hold one line per group of channels ("Nộp trực tiếp: 20.000 đồng"); an unknown
    fact is the "unknown" sentence, never an empty value.
    ``verified`` and ``centre_verified`` are dates written dd/mm/yyyy.
    """

    name: str
    code: str | None
    sections: tuple[CardSection, ...]
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
    def documents(self) -> tuple[str, ...]:
        """Every paper on the card, section after section."""
        return tuple(doc for section in self.sections for doc in section.documents)

    @property
    def has_centre(self) -> bool:
        return self.centre_source_url is not None


@cache
def card_templates() -> Templates:
    """The card's wording (flows/cards.yml)."""
    return Templates(load_yaml(CARDS_FILE))


@cache
def _answers() -> ProcedureAnswers:
    """The procedure answers' own formatting (fees, documents, channel names)."""
    return ProcedureAnswers(default_templates(), DialogueSettings())


def _plain(text: str) -> str:
    """One line of text as composed characters (how fonts hold Vietnamese letters)."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _documents(
    info: ProcedureInfo, case: int | None
) -> tuple[tuple[CardSection, ...], str | None, int]:
    """The papers as the documents answer lists them, the case they apply to and how
    many other cases the record lists. Where the citizen would be asked their case,
    the chosen one (else the first) and the parts of the checklist; otherwise every
    list: "Trường hợp chung", the parts, any one case, each under its heading."""
    grouped = document_sections(info)
    asked = grouped.asked
    chosen = (case if case in asked else asked[0]) if asked else None
    applies = grouped.labels[chosen] if chosen is not None else None
    t = _answers().t
    sections = []
    for section in checklist(info, chosen, t):
        # the case chosen has no heading of its own: the card says it applies to it
        heading = None if section.label == applies else section.heading
        # a card lists papers to bring: a row introducing others is none
        docs = (_plain(cut_text(paper_line(doc, t), MAX_DOCUMENT_CHARS)) for doc in section.papers)
        some = len(section.groups[1])
        only_from = len(section.papers) - some if some else None
        if section.papers:
            head = _plain(heading) if heading else None
            sections.append(CardSection(head, tuple(docs), only_from))
    label = _plain(cut_text(applies, 160)) if applies else None
    return tuple(sections), label, max(len(asked) - 1, 0)


def _channel_facts(info: ProcedureInfo, value_of, unknown: str) -> tuple[str, ...]:
    answers = _answers()
    if not any(value_of(row) for row in info.channels):
        return (unknown,)
    lines = answers.channels.lines(info, value_of)
    return tuple(_plain(line.removeprefix("- ")) for line in lines)


def build_card(
    info: ProcedureInfo,
    centre: CentreInfo | None = None,
    *,
    case: int | None = None,
    templates: Templates | None = None,
) -> Card:
    """The checklist card of ``info``; with ``centre``, where to go and when.

    Where the documents differ by case, ``case`` (an index into the record's labels, as
    in the ``case:<slug>:<n>`` buttons) picks one; without it (or for a label that is
    a part of the checklist) the first case is shown and the card says how many others
    there are. Parts of one checklist are no cases: they come with any case.
    """
    t = templates or card_templates()
    unknown = t("unknown")
    answers = _answers()
    sections, case_label, other_cases = _documents(info, case)
    fee = _channel_facts(info, answers.channels.fee_text, unknown)
    time = _channel_facts(info, lambda row: row.time, unknown)
    cautions: list[str] = []
    if centre is not None:
        where = _plain(centre.centre_name)
        # a remark for staff in the hours ("(unverified, …)") is said as a caution
        hours = _plain(centre.shown_hours or "") or unknown
        if centre.caution:
            cautions.append(default_templates()("centre_caution"))
        if centre.hours_unverified:
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
        sections=sections,
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
        lines += _document_lines(card, t)
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


def listed_sections(card: Card, limit: int) -> tuple[list[CardSection], int]:
    """The sections as a card lists them within ``limit`` papers (the text's and the
    picture's own limits), in order, and how many papers are left out."""
    listed: list[CardSection] = []
    room = limit
    for section in card.sections:
        shown = section.documents[:room]
        if not shown:
            break
        only_from = section.only_from if (section.only_from or 0) < len(shown) else None
        listed.append(CardSection(section.heading, shown, only_from))
        room -= len(shown)
    return listed, len(card.documents) - (limit - room)


def _document_lines(card: Card, t: Templates) -> list[str]:
    """The papers under their sections' headings, numbered within each section as in
    the answer; past ``MAX_TEXT_DOCUMENTS`` papers, how many more there are."""
    lines: list[str] = []
    listed, hidden = listed_sections(card, MAX_TEXT_DOCUMENTS)
    for section in listed:
        if section.heading:
            lines.append(section.heading)
        for n, doc in enumerate(section.documents, 1):
            if n - 1 == section.only_from:
                lines.append(t("papers_only_if"))
            lines.append(f"{n}. {doc}")
    if hidden:
        lines.append(t("more_documents", count=hidden))
    return lines
