"""The papers of a record written as a checklist: its sections under their headings,
and a line a paper, as the documents answer and the volunteer's checklist card give them.
A row that introduces the papers after it ("… các giấy tờ sau:") is a plain line of
the answer between them, not a numbered paper, and no paper of the card.

Within a section, the papers everyone brings come first and those only some bring
("Bản sao giấy khai sinh … đối với người chưa đủ 14 tuổi", "… (nếu có)") after a line of
their own (``papers_only_if``), each group in the source's order and the numbering
running on; flows/conditional_papers.py tells them.

Which labels are parts of one checklist and which are cases: flows/document_parts.py.
The wording (a case's heading, a paper's counts) is the replies' (flows/templates.yml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from flows.conditional_papers import is_conditional
from flows.document_parts import (
    DocumentSections,
    document_sections,
    is_lead_in,
    part_heading,
    says_nothing,
)
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
    """The rows listed under one label of the record (``label``), in the order their
    source numbered them, and the heading they are shown under (None: the papers of
    "Trường hợp chung" or of a record with one list). ``rows`` are the papers and the
    lead-ins among them (``is_lead_in``); ``papers`` the papers alone, those everyone
    brings first (see ``groups``)."""

    label: str
    heading: str | None
    rows: tuple[DocumentInfo, ...]
    # the record's name: a case it states (or ``label`` does) is everyone's here ("…
    # của người dưới 14 tuổi" for a card for those under 14)
    record: str = ""

    @property
    def groups(self) -> tuple[tuple[DocumentInfo, ...], tuple[DocumentInfo, ...]]:
        """The rows everyone needs (with the lead-ins) and the papers only some bring
        (``is_conditional`` for ``record``), each in the source's order. All the rows
        come first, none after, when the papers are all of one kind, or a lead-in other
        than the first row introduces some papers only (a sub-case: "Đối với phương tiện
        thương mại:"), so that moving a paper would take it from under its lead-in."""
        leads = [at for at, row in enumerate(self.rows) if is_lead_in(row)]
        if leads and leads != [0]:
            return self.rows, ()
        some = [
            at
            for at, row in enumerate(self.rows)
            if at not in leads and is_conditional(row, self.record, self.label)
        ]
        if not some or len(some) + len(leads) == len(self.rows):
            return self.rows, ()
        every = tuple(row for at, row in enumerate(self.rows) if at not in some)
        return every, tuple(self.rows[at] for at in some)

    @property
    def papers(self) -> tuple[DocumentInfo, ...]:
        every, some = self.groups
        return tuple(row for row in every + some if not is_lead_in(row))

    def lines(self, t: Templates) -> list[str]:
        """The section as the answer lists it: its heading, then a line a row, the papers
        numbered (from 1 in each section) and the lead-ins plain between them; the
        papers only some bring after the line saying so, their numbers running on."""
        lines = [self.heading] if self.heading else []
        number = 0
        every, some = self.groups
        for at, row in enumerate(every + some):
            if at == len(every):
                lines.append(t("papers_only_if"))
            if is_lead_in(row):
                lines.append(lead_in_line(row))
            else:
                number += 1
                lines.append(f"{number}. {paper_line(row, t)}")
        return lines


@dataclass(frozen=True, eq=False)
class _Same:
    """A record or the templates as a cache key: the same object, not an equal one (a
    record is large to hash; a published edit makes a new object)."""

    of: object

    def __hash__(self) -> int:
        return id(self.of)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.of is self.of


MAX_CACHED = 512  # checklists remembered: a record's and case's (it never changes)


def checklist(info: ProcedureInfo, case: int | None, t: Templates) -> list[ChecklistSection]:
    """``_checklist``, remembered for the last ``MAX_CACHED`` records and cases asked."""
    return list(_remembered(_Same(info), case, _Same(t)))


@lru_cache(maxsize=MAX_CACHED)
def _remembered(info: _Same, case: int | None, t: _Same) -> tuple[ChecklistSection, ...]:
    return tuple(_checklist(info.of, case, t.of))


def _checklist(info: ProcedureInfo, case: int | None, t: Templates) -> list[ChecklistSection]:
    """The sections a documents answer lists for ``case`` (an index of the record's
    labels; None: every case), in order: ``DocumentSections.shown``.

    A paper a section every citizen brings has listed already ("Trường hợp chung", a
    part such as "Giấy tờ phải nộp"; with a case chosen, any section shown) is not
    listed again, and a section left with no paper is not shown (among every case's
    lists, a case is: it is one of the cases to choose): the record of the
    civil-status extract lists the same line under "Giấy tờ phải nộp" and "Giấy tờ
    phải xuất trình".

    The one lead-in of a section that the record lists last introduces nothing there:
    it goes first in it, unless parts of the checklist come next (the civil-status
    records' "… nộp/xuất trình … các giấy tờ sau:" before "Giấy tờ phải nộp:"). One
    that says no more than "the papers are these" is left out."""
    sections = document_sections(info)
    chosen = case is not None and case in sections.asked
    listed: set[tuple] = set()
    shown = []
    order = sections.shown(case)
    for at, index in enumerate(order):
        label = sections.labels[index]
        rows = [d for d in info.documents if d.case == label and not says_nothing(d)]
        part_next = at + 1 < len(order) and order[at + 1] in sections.parts
        rows = _leads_placed(source_order(rows), part_next)
        shared = chosen or label == GENERAL_CASE or index in sections.parts
        new = [d for d in rows if _paper_key(d) not in listed]
        if all(is_lead_in(d) for d in new):  # lead-ins alone list nothing
            new = []
        # among every case's lists, a case whose papers all came before is still shown
        rows = new if new or shared else rows
        if shared:
            listed.update(_paper_key(d) for d in rows)
        if rows:
            heading = section_head(sections, label, t)
            shown.append(
                ChecklistSection(
                    label=label,
                    heading=heading,
                    rows=tuple(rows),
                    record=info.name,
                )
            )
    return shown


def _leads_placed(rows: list[DocumentInfo], part_next: bool) -> list[DocumentInfo]:
    """``rows`` with their one lead-in first when it ends them and no part comes next
    (several lead-ins mark sub-cases: "Đối với phương tiện thương mại:" … "Đối với
    phương tiện phi thương mại:", left where the record puts them)."""
    leads = [row for row in rows if is_lead_in(row)]
    if part_next or len(leads) != 1 or rows[-1] is not leads[0] or len(rows) < 2:
        return rows
    return [rows[-1], *rows[:-1]]


def checklist_lines(info: ProcedureInfo, case: int | None, t: Templates) -> list[str]:
    """The lines of every section of ``checklist`` (see ``ChecklistSection.lines``)."""
    return list(_lines(_Same(info), case, _Same(t)))


@lru_cache(maxsize=MAX_CACHED)
def _lines(info: _Same, case: int | None, t: _Same) -> tuple[str, ...]:
    sections = checklist(info.of, case, t.of)
    return tuple(line for section in sections for line in section.lines(t.of))


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


def lead_in_line(doc: DocumentInfo) -> str:
    """A row that introduces the papers after it, as a plain line ending with ":"
    ("Người có yêu cầu … các giấy tờ sau:"): its counts are no paper's."""
    name = without_list_marks(document_name(doc))
    text = _cut(name[:1].upper() + name[1:])
    return text if text.endswith("…") else text.rstrip(TRAILING_PUNCTUATION) + ":"


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
