"""Answers about one procedure record: only the aspects asked, with the source.

An answer names the procedure, gives what was asked (documents, fee, time, where,
online, post, conditions, agency, result, legal basis, forms, steps — one or several),
ends with the record's source and date, and offers the other aspects as buttons.
A fact the record does not have is said to be unknown, never guessed. Where the
documents differ by case, the citizen is asked which case is theirs first; labels that
name parts of one checklist ("Giấy tờ phải nộp", "Giấy tờ phải xuất trình") are no
cases (flows/document_parts.py). The checklist's headings and lines:
flows/document_checklist.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from flows.config import DialogueSettings
from flows.document_checklist import checklist_lines, section_head
from flows.document_parts import DocumentSections, document_sections
from flows.format import date, money
from flows.record_text import (
    TRAILING_PUNCTUATION,
    agency_text,
    asked_words,
    case_labels,
    cut_text,
    document_name,
    leading_notes,
    relevant_passages,
    short_name,
    step_lines,
    without_list_marks,
)
from flows.templates import Templates
from flows.types import Button, Reply
from knowledge.procedures.portal.tables import PORTAL_FREE_WITH_NOTE
from knowledge.procedures.records import GENERAL_CASE, ChannelInfo, ProcedureInfo
from nlu.cues import ASPECTS
from nlu.normalize import fold

# The aspects offered as buttons after an answer, in this order.
BUTTON_ASPECTS = ("requirements", "fee", "time", "where", "online", "conditions", "all")
ALL_ASPECTS = ASPECTS  # "Xem đầy đủ": every aspect, in this order
MAX_FEE_NOTE_CHARS = 800  # a fee's note says who pays less or nothing: cut only past this
MAX_CASE_INLINE = 80  # a longer case description is not repeated on every line
MAX_NOTES = 5  # a record's notes given with its conditions, but in "Xem đầy đủ"
_AMOUNT_RE = re.compile(r"\d[\d.,]*")  # "10.000", "4.000.000" in a fee's note
# The end of a period a fee's note gives: "đến hết ngày 31/12/2025", "đến ngày 30/6/2026".
_PERIOD_END_RE = re.compile(r"đến (?:hết )?ngày (\d{1,2})/(\d{1,2})/(\d{4})")
VIETNAM_OFFSET = dt.timedelta(hours=7)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _join(names: list[str]) -> str:
    """ "Nộp trực tiếp, nộp trực tuyến": only the first name keeps its capital."""
    return ", ".join([names[0], *(n[:1].lower() + n[1:] for n in names[1:])])


def document_cases(info: ProcedureInfo) -> list[str]:
    """The distinct labels the documents are listed under (one when they do not differ),
    cases and parts alike: the indexes of the ``case:<slug>:<n>`` buttons. The cases a
    citizen is asked among: ``document_sections(info).asked``."""
    return list(document_sections(info).labels)


class ProcedureAnswers:
    """Turns a catalogue record into replies."""

    def __init__(
        self,
        templates: Templates,
        settings: DialogueSettings,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.t = templates
        self.settings = settings
        self.clock = clock or _utc_now  # for "this reduced fee's period is over"

    # -- whole replies --------------------------------------------------------------

    def answer(
        self,
        info: ProcedureInfo,
        aspects: Sequence[str],
        *,
        question: str = "",
        case: int | None = None,
        guided: bool = True,
    ) -> Reply:
        """One reply with every aspect asked (``"all"`` for the whole record).

        When the documents differ by case (parts of one checklist are no cases: see
        flows/document_parts.py) and no ``case`` is chosen, the citizen is
        asked which case is theirs (unless ``guided`` is off): asked for the documents
        only, that question is the reply; asked for more, the reply answers the rest and
        asks it at the end, with the cases as its buttons. "Xem đầy đủ" (``all``) is
        guided the same way: every case's list at once (24,000 characters for a building
        permit) comes only from "Xem tất cả các trường hợp", or with ``guided`` off.
        """
        aspects = ALL_ASPECTS if "all" in aspects else tuple(dict.fromkeys(aspects))
        asked = document_sections(info).asked
        by_case = "requirements" in aspects and guided and case is None and len(asked) > 1
        if by_case and len(aspects) == 1:
            return self.choose_case(info)
        lines = [self._title(info)]
        for aspect in aspects:
            if by_case and aspect == "requirements":
                continue
            body = self._body(info, aspect, question=question, case=case, asked=aspects)
            if body:
                lines += ["", *body]
        if by_case:
            lines += ["", self.t("choose_case_too")]
        hint = self.t("unknown_fact_hint", portal_url=self.settings.portal_url)
        lines = [x for n, x in enumerate(lines) if x != hint or hint not in lines[:n]]  # once
        lines += ["", self._source(info), *self._other_sources(info, aspects)]
        skip = set(aspects) if len(aspects) < len(ALL_ASPECTS) else set(BUTTON_ASPECTS)
        first = next(a for a in aspects if not (by_case and a == "requirements"))
        return Reply(
            text="\n".join(lines),
            buttons=self.case_buttons(info) if by_case else self.aspect_buttons(info, skip=skip),
            kind="procedure_" + ("all" if len(aspects) == len(ALL_ASPECTS) else first),
            meta={"procedure": info.slug, "aspects": tuple(aspects)},
        )

    def overview(self, info: ProcedureInfo) -> Reply:
        return Reply(
            text=self.t("procedure_overview", name=short_name(info.name)),
            buttons=self.aspect_buttons(info),
            kind="procedure_overview",
            meta={"procedure": info.slug},
        )

    def choose_case(self, info: ProcedureInfo) -> Reply:
        return Reply(
            text="\n".join([self._title(info), "", self.t("choose_case")]),
            buttons=self.case_buttons(info),
            kind="choose_case",
            meta={"procedure": info.slug, "aspects": ("requirements",)},
        )

    def case_buttons(self, info: ProcedureInfo) -> tuple[Button, ...]:
        """A button a case asked about (its index among every label: a part has none),
        then "Xem tất cả các trường hợp"."""
        all_cases = self.t.section("buttons")["all_cases"]
        sections = document_sections(info)
        labels = case_labels([sections.labels[i] for i in sections.asked])
        buttons = [
            Button(label, f"case:{info.slug}:{i}")
            for i, label in zip(sections.asked, labels, strict=True)
        ]
        return (*buttons, Button(all_cases, f"case:{info.slug}:all"))

    def aspect_buttons(self, info: ProcedureInfo, skip: set[str] | None = None) -> tuple:
        labels = self.t.section("buttons")
        skip = skip or set()
        return tuple(
            Button(labels[a], f"proc:{info.slug}:{a}") for a in BUTTON_ASPECTS if a not in skip
        )

    # -- pieces ---------------------------------------------------------------------

    def _title(self, info: ProcedureInfo) -> str:
        name = short_name(info.name)
        if info.code:
            return self.t("title_with_code", name=name, code=info.code)
        return self.t("title", name=name)

    def _source(self, info: ProcedureInfo) -> str:
        key = "source" if info.is_curated else "source_crawl"
        return self.t(key, url=info.source_url, date=date(info.verified_on))

    def _other_sources(self, info: ProcedureInfo, aspects: Sequence[str]) -> list[str]:
        """A line for each secondary source of a fact the answer shows (a curated
        record's fee taken from the national record cites the national record too)."""
        shown = {field for aspect in aspects for field in ASPECT_FACTS.get(aspect, ())}
        return [
            self.t("source_also", url=ref.url, label=ref.label)
            for ref in info.sources
            if ref.url != info.source_url and any(_shows(fact, shown) for fact in ref.facts)
        ]

    def _unknown(self, key: str) -> list[str]:
        return [self.t(key), self.t("unknown_fact_hint", portal_url=self.settings.portal_url)]

    def _body(
        self,
        info: ProcedureInfo,
        aspect: str,
        *,
        question: str,
        case: int | None,
        asked: Sequence[str] = (),
    ):
        if aspect == "requirements":
            return self._requirements(info, case)
        if aspect == "conditions":  # every note only in "Xem đầy đủ"
            return self._conditions(info, question, whole=len(asked) == len(ALL_ASPECTS))
        if aspect in ("online", "where"):
            return getattr(self, f"_{aspect}")(info, asked)
        handler: Callable[[ProcedureInfo], list[str]] = getattr(self, f"_{aspect}")
        return handler(info)

    def _requirements(self, info: ProcedureInfo, case: int | None) -> list[str]:
        """The papers of ``case`` (an index of ``document_cases``; None: every case):
        the papers every citizen brings first, without a "Trường hợp: Trường hợp chung"
        heading; the parts of the checklist under their own ("Giấy tờ phải nộp:"),
        given with any case; each particular case under "Trường hợp: …"."""
        if not info.documents:
            return self._unknown("requirements_unknown")
        return [self.t("requirements_head"), *checklist_lines(info, case, self.t)]

    def section_head(self, sections: DocumentSections, name: str) -> str | None:
        """The heading of the papers listed under label ``name``: see
        ``flows.document_checklist.section_head``."""
        return section_head(sections, name, self.t)

    def _steps(self, info: ProcedureInfo) -> list[str]:
        if not info.steps:
            return []
        return [self.t("steps_head"), *step_lines([s.text for s in info.steps])]

    def _channel_lines(self, info: ProcedureInfo, value_of) -> list[str]:
        """One line per distinct value; channels sharing a value share a line. A channel
        whose value differs by case gives each case when the cases are short, else all
        its values with "tùy trường hợp"."""
        names = self.t.section("channels")
        per_channel: dict[str, list[str]] = {}
        for row in info.channels:
            value = self.t("channel_not_available") if row.available is False else value_of(row)
            if value is None:
                value = self.t("not_known")
            if row.case and row.case != GENERAL_CASE and len(row.case) <= MAX_CASE_INLINE:
                value = f"{value} ({row.case})"
            values = per_channel.setdefault(row.channel, [])
            if _same_key(value) not in {_same_key(v) for v in values}:
                values.append(value)
        grouped: dict[str, tuple[str, list[str]]] = {}
        for channel, values in per_channel.items():
            value = "; ".join(values)
            if len(values) > 1 and not any(v.endswith(")") for v in values):
                value += f" ({self.t('depends_on_case')})"
            grouped.setdefault(_same_key(value), (value, []))[1].append(names[channel])
        return [
            "- " + self.t("channel_line", channel=_join(labels), value=value)
            for value, labels in grouped.values()
        ]

    def fee_text(self, row: ChannelInfo) -> str | None:
        """The fee of one channel row, with its note ("miễn phí khi đăng ký đúng hạn")."""
        parts = []
        # A free procedure's note already says so ("Miễn lệ phí khi ..."), and a note
        # may state the amount itself ("10.000 đồng/trường hợp").
        if row.fee_vnd is not None and not (row.fee_vnd == 0 and row.fee_note):
            amount = self.t("fee_free") if row.fee_vnd == 0 else money(row.fee_vnd)
            if not (row.fee_note and _states_amount(row.fee_note, row.fee_vnd)):
                parts.append(amount)
        if row.fee_note:
            # the source's list marks, in 334 notes of the national catalogue
            note = without_list_marks(row.fee_note)
            if note.startswith(PORTAL_FREE_WITH_NOTE):
                # the portal's fee cell says "free" while its note names amounts, a
                # provincial rate or the regulation that sets one (the record keeps the
                # fee unknown): the note first, the cell after ("Miễn phí" in front would
                # mislead), and never cut away
                note = cut_text(note[len(PORTAL_FREE_WITH_NOTE) :], MAX_FEE_NOTE_CHARS)
                note = self.t("fee_note_first", note=note.rstrip(TRAILING_PUNCTUATION))
            else:
                note = cut_text(note, MAX_FEE_NOTE_CHARS)
            passed = self._periods_over(note)
            if passed:
                note += " " + self.t("fee_period_over", dates=", ".join(passed))
            parts.append(note)
        return "; ".join(parts) if parts else None

    def _periods_over(self, note: str) -> list[str]:
        """The end dates of the periods a fee's note gives ("đến hết ngày 31/12/2025")
        that are over, in Vietnam's calendar, as the note writes them."""
        today = (self.clock() + VIETNAM_OFFSET).date()
        over = []
        for match in _PERIOD_END_RE.finditer(note):
            day, month, year = (int(g) for g in match.groups())
            try:
                ended = dt.date(year, month, day)
            except ValueError:
                continue
            if ended < today:
                over.append("/".join(match.groups()))
        return list(dict.fromkeys(over))

    def _fee(self, info: ProcedureInfo) -> list[str]:
        if not any(self.fee_text(c) for c in info.channels):
            return self._unknown("fee_unknown")
        note = _shared_note(info.channels)
        if note is None:
            return [self.t("fee_head"), *self._channel_lines(info, self.fee_text)]
        # the amounts differ by channel and every row carries the same note (a household
        # business: 150.000 and 50.000 đồng, each with 700 characters of the same note):
        # each amount on its line, the note once under them
        amounts = self._channel_lines(info, lambda row: self.fee_text(replace(row, fee_note=None)))
        said = self.fee_text(ChannelInfo(channel="in_person", fee_note=note))
        return [self.t("fee_head"), *amounts, self.t("fee_shared_note", note=said)]

    def _time(self, info: ProcedureInfo) -> list[str]:
        if not any(c.time for c in info.channels):
            return self._unknown("time_unknown")
        return [self.t("time_head"), *self._channel_lines(info, lambda c: c.time)]

    def _where(self, info: ProcedureInfo, asked: Sequence[str] = ()) -> list[str]:
        lines = []
        if info.agency:
            lines.append(self.t("where_agency", agency=cut_text(agency_text(info.agency), 300)))
        if info.submit_address:
            lines.append(self.t("submit_address_line", text=cut_text(info.submit_address, 300)))
        if info.level:
            lines.append(self.t("where_level", level=info.level))
        agency = fold(info.agency or "")
        level = fold(info.level or "")
        # the commune centre is named only where the level shown does not say otherwise
        # ("Cấp thực hiện: Cấp tỉnh" for a transfer of a land title)
        if "cong an" in agency:
            lines.append(self.t("where_police" if info.level else "where_police_no_level"))
        elif (info.commune_centre and (not level or "cap xa" in level)) or (
            level.startswith("cap xa") and ("uy ban" in agency or not agency)
        ):
            lines.append(self.t("where_commune_centre"))
        names = self.t.section("channels")
        available = list(
            dict.fromkeys(names[c.channel].lower() for c in info.channels if c.available)
        )
        if available:
            lines.append(self.t("where_channels", channels=", ".join(available)))
        online = info.channel("online")
        if online and online.available and info.portal_url and "online" not in asked:
            lines.append(self.t("online_where", url=info.portal_url))
        if not lines:
            return self._unknown("where_unknown")
        return [self.t("where_head"), *lines]

    def _online(self, info: ProcedureInfo, asked: Sequence[str] = ()) -> list[str]:
        """Whether and where to file online, with the online rows' time and fee unless
        the same answer gives those under their own heading ("ở đâu, phí bao nhiêu")."""
        online = info.channel_rows("online")
        if info.online_level == "toàn trình":
            lines = [self.t("online_full")]
        elif info.online_level == "một phần":
            lines = [self.t("online_partial")]
        elif any(c.available for c in online):
            lines = [self.t("online_available")]
        elif online and all(c.available is False for c in online):
            return [self.t("online_not_available")]
        else:
            return self._unknown("online_unknown")
        if info.portal_url:
            lines.append(self.t("online_where", url=info.portal_url))
        # an online row's "case" mostly describes the channel ("Thực hiện trực tuyến thông
        # qua Cổng dịch vụ công quốc gia, …"): named only to tell several rows apart
        several = len({row.case for row in online}) > 1
        for row in online:
            label = f" ({cut_text(row.case, MAX_CASE_INLINE)})" if several and row.case else ""
            if row.time and "time" not in asked:
                lines.append(f"- {self.t('time_head').rstrip(':')}{label}: {row.time}")
            fee = self.fee_text(row) if "fee" not in asked else None
            if fee:
                lines.append(f"- {self.t('fee_head').rstrip(':')}{label}: {fee}")
        lines.append(self.t("online_vneid_hint"))
        return lines

    def _post(self, info: ProcedureInfo) -> list[str]:
        rows = info.channel_rows("post")
        if any(c.available for c in rows):
            lines = [self.t("post_yes")]
            for row in rows:
                if row.time:
                    lines.append(f"- {self.t('time_head')} {row.time}")
                fee = self.fee_text(row)
                if fee:
                    lines.append(f"- {self.t('fee_head')} {fee}")
            return lines
        if rows and all(c.available is False for c in rows):
            return [self.t("post_no")]
        if info.channels and not rows and not info.is_curated:
            return [self.t("post_no")]
        return self._unknown("post_unknown")

    def _conditions(self, info: ProcedureInfo, question: str, whole: bool = False) -> list[str]:
        """The parts of the record that answer the question, quoted; else what it has
        (its first MAX_NOTES notes unless ``whole``: civil-status records have up to 20).
        A question that names no more than the conditions themselves ("điều kiện gì",
        "đối tượng") is answered with what the record has, not "not found"."""
        generic = "|".join(re.escape(fold(p)) for p in self.t("conditions_generic").split("|"))
        particular = re.sub(rf"\b(?:{generic})\b", " ", fold(question))
        asked = bool(asked_words(info, particular))
        quotes = relevant_passages(info, particular) if asked else []
        if quotes:
            return [self.t("conditions_quote_head"), *(f"“{q}”" for q in quotes)]
        lines = []
        as_such = particular != fold(question) and not asked  # "điều kiện gì?"
        if question and not as_such and (info.conditions or info.notes or info.who_may_apply):
            lines.append(self.t("conditions_not_found"))
        if info.who_may_apply:
            lines.append(self.t("who_may_apply", text=cut_text(info.who_may_apply, 300)))
        if info.conditions:
            lines.append(self.t("conditions_head", text=cut_text(info.conditions)))
        notes = info.notes if whole else leading_notes(info.notes, MAX_NOTES)
        lines += [f"- {cut_text(note, 300)}" for note in notes]
        if len(notes) < len(info.notes):
            lines.append(self.t("conditions_more_notes", count=len(info.notes) - len(notes)))
        return lines or self._unknown("conditions_unknown")

    def _agency(self, info: ProcedureInfo) -> list[str]:
        lines = []
        if info.agency:
            lines.append(self.t("agency_line", text=cut_text(agency_text(info.agency), 300)))
        if info.authority and agency_text(info.authority) != agency_text(info.agency or ""):
            authority = cut_text(agency_text(info.authority), 300)
            lines.append(self.t("authority_line", text=authority))
        if info.level:
            lines.append(self.t("where_level", level=info.level))
        return lines or self._unknown("agency_unknown")

    def _result(self, info: ProcedureInfo) -> list[str]:
        if not info.result:
            return self._unknown("result_unknown")
        return [self.t("result_line", text=cut_text(info.result, 400))]

    def _legal_basis(self, info: ProcedureInfo) -> list[str]:
        if not info.legal_basis and not info.decision:
            return self._unknown("legal_unknown")
        lines = [
            self.t("legal_head"),
            *(f"- {cut_text(law, 250)}" for law in info.legal_basis[:12]),
        ]
        if info.decision:
            lines.append(self.t("decision_line", text=info.decision))
        return lines

    def _forms(self, info: ProcedureInfo) -> list[str]:
        forms = [d for d in info.documents if d.form]
        if not forms:
            return [self.t("forms_none")] if info.documents else self._unknown("forms_unknown")
        lines = [self.t("forms_head")]
        lines += [f"- {d.form}: {cut_text(document_name(d), 200)}" for d in forms]
        return lines


# The record's facts each aspect shows, as ``SourceRef.facts`` names them ("documents",
# "channels.online.fee"; a bare channel fact name matches every channel's).
ASPECT_FACTS: dict[str, tuple[str, ...]] = {
    "requirements": ("documents",),
    "forms": ("documents",),
    "steps": ("steps",),
    "fee": ("fee",),
    "time": ("time",),
    "online": ("online_level", "portal_url", "channels.online"),
    "post": ("channels.post",),
    "where": ("agency", "submit_address", "level", "commune_centre", "available"),
    "agency": ("agency", "authority", "level"),
    "result": ("result",),
    "conditions": ("who_may_apply", "conditions", "notes"),
    "legal_basis": ("legal_basis", "decision"),
}


def _shows(fact: str, shown: set[str]) -> bool:
    """Whether an answer showing ``shown`` shows ``fact`` ("channels.post.fee" is shown
    by "fee", "channels.post" and itself)."""
    parts = fact.split(".")
    return any(fact == f or fact.startswith(f + ".") or parts[-1] == f for f in shown)


def _shared_note(rows: Sequence[ChannelInfo]) -> str | None:
    """The fee note every available row carries when their amounts, all known, differ;
    else None."""
    rows = [row for row in rows if row.available is not False]
    notes = {row.fee_note for row in rows}
    if len(rows) < 2 or len(notes) != 1 or any(row.fee_vnd is None for row in rows):
        return None
    if len({row.fee_vnd for row in rows}) < 2:
        return None
    return notes.pop()


def _same_key(value: str) -> str:
    """A value as compared for repeats: "1.500.000 đồng." is "1.500.000 đồng"."""
    return " ".join(value.split()).rstrip(TRAILING_PUNCTUATION).casefold()


def _states_amount(note: str, vnd: int) -> bool:
    """Whether a fee's note names the amount itself ("10.000 đồng/trường hợp")."""
    return any(re.sub(r"[.,]", "", n) == str(vnd) for n in _AMOUNT_RE.findall(note))
