"""A record's documents as one checklist in parts and the cases a citizen chooses among.

The national records list papers under labels ("cases" in the record). Some labels are
cases the citizen is in ("Người đã ly hôn…"); others name a part of the same checklist
("Giấy tờ phải nộp", "Giấy tờ phải xuất trình"), which every citizen needs. A part is
never a case to choose: a record of parts only (and "Trường hợp chung") is answered
with its whole checklist under plain headings, and a record with cases as well asks
only among its cases, each case's list then giving the parts too. Which labels are
parts: flows/document_parts.yml.

Indexes of labels are those of ``labels`` (every distinct label, in the record's
order), as the ``case:<slug>:<n>`` buttons and the checklist card use them.

Some rows of a table name no paper but introduce the papers after them ("… các giấy tờ
sau:", "Đối với phương tiện thương mại:"): ``is_lead_in`` tells them, ``says_nothing``
those of them that say no more than "the papers are these" ("Hồ sơ gồm:").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flows.record_text import ENUMERATOR_RE, TRAILING_PUNCTUATION, cut_text
from knowledge.procedures.records import GENERAL_CASE, DocumentInfo, ProcedureInfo
from knowledge.yaml_data import load_yaml
from nlu.normalize import fold

PARTS_FILE = Path(__file__).with_name("document_parts.yml")
MAX_HEADING_CHARS = 250  # a part's heading is its label (the longest shipped: 211)


@dataclass(frozen=True)
class _Words:
    openings: tuple[tuple[str, int], ...]  # (folded opening, its part's rank)
    labels: dict[str, int]  # folded whole label -> its part's rank
    case_words: re.Pattern[str]
    heading: str
    tails: tuple[str, ...]
    lead_end: re.Pattern[str]
    lead_openings: tuple[str, ...]
    filler: re.Pattern[str]
    form_openings: tuple[str, ...]
    form_anywhere: re.Pattern[str]


@cache
def _words() -> _Words:
    data = load_yaml(PARTS_FILE)
    openings, labels = [], {}
    for rank, part in enumerate(data["parts"]):
        openings += [(fold(o), rank) for o in part.get("openings", ())]
        labels |= {fold(label): rank for label in part.get("labels", ())}
    words = "|".join(re.escape(fold(w)) for w in data["case_words"])
    leads = data["lead_ins"]
    endings = "|".join(re.escape(fold(w)) for w in leads["endings"])
    filler = "|".join(re.escape(fold(w)) for w in sorted(leads["filler"], key=len, reverse=True))
    forms = data["form_papers"]
    anywhere = "|".join(re.escape(fold(w)) for w in forms["anywhere"])
    return _Words(
        openings=tuple(sorted(openings, key=lambda o: -len(o[0]))),
        labels=labels,
        case_words=re.compile(rf"\b(?:{words})\b"),
        heading=data["heading"],
        tails=tuple(sorted(data["heading_tails"], key=len, reverse=True)),
        lead_end=re.compile(rf"(?::|\b(?:{endings}))$"),
        lead_openings=tuple(fold(o) for o in leads["openings"]),
        filler=re.compile(rf"\b(?:{filler})\b"),
        form_openings=tuple(fold(o) for o in forms["openings"]),
        form_anywhere=re.compile(rf"\b(?:{anywhere})\b"),
    )


def _plain(label: str) -> str:
    """A label without its numbering ("1. ", "a) ")."""
    return ENUMERATOR_RE.sub("", label, count=1).strip()


@cache
def part_rank(label: str) -> int | None:
    """The rank of the part ``label`` names (the order parts are shown in), or None:
    a case. "Giấy tờ phải nộp" is a part; "Các giấy tờ phải nộp đối với tàu biển" and
    "Trường hợp chung" are not."""
    words = _words()
    said = fold(_plain(label)).rstrip(TRAILING_PUNCTUATION)
    if said in words.labels:
        return words.labels[said]
    for opening, rank in words.openings:
        if said == opening or (said.startswith(opening) and not said[len(opening)].isalnum()):
            return None if words.case_words.search(said[len(opening) :]) else rank
    return None


def part_heading(label: str) -> str:
    """A part's heading: its label without numbering or a closing "gồm" ("Các giấy tờ
    phải xuất trình (bản chính), bao gồm" -> "Các giấy tờ phải xuất trình (bản chính):")."""
    words = _words()
    text = _plain(label).rstrip(TRAILING_PUNCTUATION)
    for tail in words.tails:
        if fold(text).endswith(" " + fold(tail)):
            text = text[: -len(tail)].rstrip(TRAILING_PUNCTUATION)
            break
    text = cut_text(text, MAX_HEADING_CHARS)
    return words.heading.format(part=text[:1].upper() + text[1:])


def _said(doc: DocumentInfo) -> str:
    """A row's name as compared with the lead-ins' words: without numbering or a list
    mark, accents, capitals, spacing and a final period or space."""
    name = " ".join(ENUMERATOR_RE.sub("", doc.name, count=1).split())
    return fold(name).rstrip(" .;,").rstrip()


def _opens_with(said: str, openings: tuple[str, ...]) -> bool:
    """Whether ``said`` (see ``_said``) opens with one of ``openings`` as whole words."""
    return any(said.startswith(o) and not said[len(o) : len(o) + 1].isalnum() for o in openings)


def is_lead_in(doc: DocumentInfo) -> bool:
    """Whether a row of the documents introduces the papers after it instead of naming
    one (flows/document_parts.yml, ``lead_ins``)."""
    if doc.form or doc.note:
        return False
    words = _words()
    said = _said(doc)
    if not words.lead_end.search(said):
        return False
    counted = bool(doc.original or doc.copies)
    return not counted or _opens_with(said, words.lead_openings)


def is_form_paper(doc: DocumentInfo) -> bool:
    """Whether a paper is a form to fill in, numbered or not ("Tờ khai đăng ký khai sinh
    theo mẫu"; flows/document_parts.yml, ``form_papers``)."""
    if doc.form:
        return True
    words = _words()
    said = _said(doc)
    named = _opens_with(said, words.form_openings) or words.form_anywhere.search(said)
    return bool(named) and not is_lead_in(doc)


def says_nothing(doc: DocumentInfo) -> bool:
    """Whether a lead-in says no more than "the papers are these" ("Hồ sơ gồm các giấy
    tờ sau:"): then it is left out."""
    rest = _words().filler.sub(" ", _said(doc).rstrip(":"))
    return not re.sub(r"[\W_]+", "", rest)


@dataclass(frozen=True)
class DocumentSections:
    """A record's labels: every one (``labels``), those naming parts of one checklist
    (``parts``, in the order shown) and the cases (``cases``, "Trường hợp chung" among
    them, in the record's order), as indexes of ``labels``."""

    labels: tuple[str, ...]
    parts: tuple[int, ...]
    cases: tuple[int, ...]

    @property
    def asked(self) -> tuple[int, ...]:
        """The cases the citizen is asked to choose among; none when there is one list
        (one case, or parts and at most one case)."""
        return self.cases if len(self.cases) > 1 else ()

    def is_part(self, label: str) -> bool:
        return label in self.labels and self.labels.index(label) in self.parts

    def shown(self, case: int | None) -> list[int]:
        """The labels a documents answer lists, in order: for a ``case`` asked about,
        "Trường hợp chung" (the papers every case needs: the form, the ID...) unless that
        is the case, that case, then every part; otherwise (None, a part, a case not asked
        about, out of range) all of them: "Trường hợp chung", the parts, then each case."""
        general = [i for i in self.cases if self.labels[i] == GENERAL_CASE]
        if case is not None and case in self.asked:
            return [*(i for i in general if i != case), case, *self.parts]
        others = [i for i in self.cases if i not in general]
        return [*general, *self.parts, *others]


def document_sections(info: ProcedureInfo) -> DocumentSections:
    labels = tuple(dict.fromkeys(d.case for d in info.documents))
    ranks = {i: part_rank(label) for i, label in enumerate(labels)}
    parts = sorted((i for i, r in ranks.items() if r is not None), key=lambda i: (ranks[i], i))
    cases = tuple(i for i, r in ranks.items() if r is None)
    return DocumentSections(labels=labels, parts=tuple(parts), cases=cases)
