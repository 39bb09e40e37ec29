"""The papers of a record written as a checklist: its sections under their headings,
and a line a paper, as the documents answer and the volunteer's checklist card give them.

Which labels are parts of one checklist and which are cases: flows/document_parts.py.
The wording (a case's heading, a paper's counts) is the replies' (flows/templates.yml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.document_parts import DocumentSections, document_sections, part_heading
from flows.record_text import (
    ENUMERATOR_RE,
    SENTENCE_END_RE,
    TRAILING_PUNCTUATION,
    cut_text,
    document_name,
    short_name,
    source_order,
    without_list_marks,
)
from flows.templates import Templates
from knowledge.procedures.records import GENERAL_CASE, DocumentInfo, ProcedureInfo
from nlu.normalize import fold

MAX_PAPER_CHARS = 300  # a paper's name (and its note) past this is cut
MAX_HEADING_CHARS = 200  # a case's heading: the land transfer's first case has 400
# a case that names itself: "Trường hợp hưởng BHXH một lần", "Đối với trường hợp …"
_OWN_CASE_RE = re.compile(r"^(?:đối với\s+)?trường hợp\s+", re.IGNORECASE)
_FORMS_SPLIT_RE = re.compile(r"\s*[,;]\s*")  # a paper's several forms: "Mẫu TK01, Mẫu TK01a"


@dataclass(frozen=True)
class ChecklistSection:
    """The papers listed under one label of the record (``label``), in the order their
    source numbered them, and the heading they are shown under (None: the papers of
    "Trường hợp chung" or of a record with one list)."""

    label: str
    heading: str | None
    papers: tuple[DocumentInfo, ...]


def checklist(info: ProcedureInfo, case: int | None, t: Templates) -> list[ChecklistSection]:
    """The sections a documents answer lists for ``case`` (an index of the record's
    labels; None: every case), in order: ``DocumentSections.shown``.

    A paper a section every citizen brings has listed already ("Trường hợp chung", a
    part such as "Giấy tờ phải nộp"; with a case chosen, any section shown) is not
    listed again, and a section left with no paper is not shown (among every case's
    lists, a case is: it is one of the cases to choose): the record of the
    civil-status extract lists the same line under "Giấy tờ phải nộp" and "Giấy tờ
    phải xuất trình"."""
    sections = document_sections(info)
    chosen = case is not None and case in sections.asked
    listed: set[tuple] = set()
    shown = []
    for index in sections.shown(case):
        label = sections.labels[index]
        papers = source_order([d for d in info.documents if d.case == label])
        shared = chosen or label == GENERAL_CASE or index in sections.parts
        new = [d for d in papers if _paper_key(d) not in listed]
        # among every case's lists, a case whose papers all came before is still shown
        papers = new if new or shared else papers
        if shared:
            listed.update(_paper_key(d) for d in papers)
        if papers:
            heading = section_head(sections, label, t)
            shown.append(ChecklistSection(label=label, heading=heading, papers=tuple(papers)))
    return shown


def _paper_key(doc: DocumentInfo) -> tuple:
    """A paper as compared for repeats: its name (spacing, case, a final period aside),
    counts and note."""
    name = " ".join(document_name(doc).split()).rstrip(TRAILING_PUNCTUATION)
    return (fold(name), doc.original, doc.copies, doc.note)


def section_head(sections: DocumentSections, name: str, t: Templates) -> str | None:
    """The heading of the papers listed under label ``name``: a part's plain one
    ("Giấy tờ phải nộp:"), a case's "Trường hợp: …", none for the papers of
    "Trường hợp chung" or of a record with one list."""
    if sections.is_part(name):
        return part_heading(name)
    if len(sections.labels) > 1 and name != GENERAL_CASE:
        # without the source's numbering ("1. Trường hợp …", "(1.1) Đối với …") and cut
        # as a title is; a case that says "Trường hợp …" itself is not said so twice
        # ("Trường hợp: Hưởng BHXH một lần")
        case = short_name(ENUMERATOR_RE.sub("", name, count=1) or name, MAX_HEADING_CHARS)
        own = _OWN_CASE_RE.match(case)
        if own and case[own.end() :]:
            case = case[own.end() :]
            case = case[:1].upper() + case[1:]
        return t("case_head", case=case)
    return None


def paper_line(doc: DocumentInfo, t: Templates) -> str:
    """One paper: its name without the source's own numbering ("(5) Bản vẽ …", listed
    in the record's order under our numbers), its form, counts and note."""
    name = without_list_marks(document_name(doc))
    name = name[:1].upper() + name[1:]  # "đơn trình báo mất hộ chiếu …" begins a line
    text = _cut(name)
    form = fold(doc.form or "")
    if form and form in fold(name) and form not in fold(text):
        # the paper the row counts is named past the cut ("Phiếu CC01 được tạo lập
        # … thì hồ sơ còn có: Phiếu thu thập thông tin dân cư (Mẫu DC01 …)"): the
        # name goes on to it when that is not twice as long, else the sentence naming
        # it is given instead
        longer = _cut(name, 2 * MAX_PAPER_CHARS)
        named = [s for s in SENTENCE_END_RE.split(name) if form in fold(s)]
        if form in fold(longer):
            text = longer
        elif named:
            text = "… " + _cut(named[-1])
    text = text.rstrip(TRAILING_PUNCTUATION)
    # the form, unless the name says it: each of several ("Mẫu TK01, Mẫu TK01a") too
    if doc.form and any(fold(f) not in fold(text) for f in _FORMS_SPLIT_RE.split(doc.form)):
        text += f" ({doc.form})"
    counts = None
    if doc.original and doc.copies:
        counts = t("document_counts", original=doc.original, copies=doc.copies)
    elif doc.original:
        counts = t("document_original", original=doc.original)
    elif doc.copies:
        counts = t("document_copies", copies=doc.copies)
    if counts:
        text += f": {counts}"
    if doc.note:
        text += f". {_cut(doc.note)}"
    return text


def _cut(text: str, limit: int = MAX_PAPER_CHARS) -> str:
    """``cut_text``, but a paper cut inside its last sentence ends after a clause (", ",
    "; ") in its last third rather than after any word: "… người chưa đủ 14 tuổi; …",
    not "… thì nộp bản chụp và xuất…" (a Vietnamese word is often two: "xuất trình")."""
    cut = cut_text(text, limit)
    if not cut.endswith("…") or cut.endswith(" …"):  # whole, or after a sentence
        return cut
    head = cut[:-1]
    at = max(head.rfind(", "), head.rfind("; "))
    return head[:at] + " …" if at >= limit * 2 // 3 else cut
