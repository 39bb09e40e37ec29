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
from collections.abc import Callable, Iterable, Sequence

from flows.agency_words import agency_words, names_commune_centre, police_receives
from flows.channel_facts import ChannelFacts
from flows.channel_twins import filed_fully_online
from flows.conditions_passages import (
    asked_part,
    asked_words,
    phrases_re,
    refers_back,
    relevant_passages,
)
from flows.config import DialogueSettings
from flows.document_checklist import checklist_lines, section_head
from flows.document_parts import DocumentSections, document_sections, is_form_paper
from flows.format import date
from flows.record_text import (
    address_text,
    agency_text,
    case_labels,
    cut_list,
    cut_text,
    document_name,
    leading_notes,
    same_text,
    short_name,
    step_lines,
)
from flows.short_steps import short_step_lines
from flows.templates import Templates
from flows.types import Button, Reply
from knowledge.procedures.records import ChannelInfo, DocumentInfo, ProcedureInfo
from nlu.cues import ASPECTS
from nlu.normalize import fold

# The aspects offered as buttons after an answer, in this order.
BUTTON_ASPECTS = ("requirements", "fee", "time", "where", "online", "conditions", "all")
ALL_ASPECTS = ASPECTS  # "Xem đầy đủ": every aspect, in this order
MAX_NOTES = 5  # a record's notes given with its conditions, but in "Xem đầy đủ"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


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
        self.channels = ChannelFacts(templates, self.clock)

    # -- whole replies --------------------------------------------------------------

    def answer(
        self,
        info: ProcedureInfo,
        aspects: Sequence[str],
        *,
        question: str = "",
        case: int | None = None,
        guided: bool = True,
        twin: ProcedureInfo | None = None,
    ) -> Reply:
        """One reply with every aspect asked (``"all"`` for the whole record).

        When the documents differ by case (parts of one checklist are no cases: see
        flows/document_parts.py) and no ``case`` is chosen, the citizen is
        asked which case is theirs (unless ``guided`` is off): asked for the documents
        only, that question is the reply; asked for more, the reply answers the rest and
        asks it at the end, with the cases as its buttons. "Xem đầy đủ" (``all``) is
        guided the same way: every case's list at once (24,000 characters for a building
        permit) comes only from "Xem tất cả các trường hợp", or with ``guided`` off.
        ``twin``, the same procedure filed through the other channel
        (flows/channel_twins.py), is named before the source and offered as a button.
        """
        aspects = ALL_ASPECTS if "all" in aspects else tuple(dict.fromkeys(aspects))
        asked = document_sections(info).asked
        by_case = "requirements" in aspects and guided and case is None and len(asked) > 1
        if by_case and len(aspects) == 1:
            return self.choose_case(info, twin)
        lines = [self._title(info, "answer_")]
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
        first = next(a for a in aspects if not (by_case and a == "requirements"))
        if twin is not None:
            aspect = "all" if len(aspects) == len(ALL_ASPECTS) else first
            twin_line, twin_button = self._twin(info, twin, aspect)
            lines += ["", twin_line]
        lines += ["", self._source(info), *self._other_sources(info, aspects)]
        skip = set(aspects) if len(aspects) < len(ALL_ASPECTS) else set(BUTTON_ASPECTS)
        buttons = self.case_buttons(info) if by_case else self.aspect_buttons(info, skip=skip)
        if by_case and "steps" in aspects and len(aspects) < len(ALL_ASPECTS):
            buttons += self._steps_button(info)  # the steps' "more" line names it
        if twin is not None:
            buttons = (twin_button, *buttons)
        return Reply(
            text="\n".join(lines),
            buttons=buttons,
            kind="procedure_" + ("all" if len(aspects) == len(ALL_ASPECTS) else first),
            meta={"procedure": info.slug, "aspects": tuple(aspects)},
        )

    def overview(self, info: ProcedureInfo, twin: ProcedureInfo | None = None) -> Reply:
        text = self.t("procedure_overview", name=short_name(info.name))
        buttons = self.aspect_buttons(info)
        if twin is not None:
            line, button = self._twin(info, twin, None)
            text += "\n\n" + line
            buttons = (button, *buttons)
        return Reply(
            text=text,
            buttons=buttons,
            kind="procedure_overview",
            meta={"procedure": info.slug},
        )

    def _twin(
        self, info: ProcedureInfo, twin: ProcedureInfo, aspect: str | None
    ) -> tuple[str, Button]:
        """The line saying that ``twin`` is this procedure filed through the other
        channel (with its code), and the button answering ``aspect`` of it."""
        key = "channel_twin_in_person" if filed_fully_online(info) else "channel_twin_online"
        label = self.t(key + "_button")
        payload = f"proc:{twin.slug}" + (f":{aspect}" if aspect else "")
        return self.t(key, code=twin.code or "", button=label), Button(label, payload)

    def choose_case(self, info: ProcedureInfo, twin: ProcedureInfo | None = None) -> Reply:
        lines = [self._title(info), "", self.t("choose_case")]
        buttons = self.case_buttons(info)
        if twin is not None:
            line, button = self._twin(info, twin, "requirements")
            lines += ["", line]
            buttons = (button, *buttons)
        return Reply(
            text="\n".join(lines),
            buttons=buttons,
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

    def _title(self, info: ProcedureInfo, kind: str = "") -> str:
        """The procedure's name and code: a header line (``kind`` ""), or an answer's
        polite first line (``kind`` "answer_")."""
        name = short_name(info.name)
        if info.code:
            return self.t(f"{kind}title_with_code", name=name, code=info.code)
        return self.t(f"{kind}title", name=name)

    def _source(self, info: ProcedureInfo) -> str:
        key = "source" if info.is_curated else "source_crawl"
        return self.t(key, url=info.source_url, date=date(info.verified_on))

    def _other_sources(self, info: ProcedureInfo, aspects: Sequence[str]) -> list[str]:
        """A line for each secondary source of a fact the answer shows (a curated
        record's fee taken from the national record cites the national record too)."""
        shown = {field for aspect in aspects for field in ASPECT_FACTS.get(aspect, ())}
        if not names_commune_centre(info):
            shown.discard("commune_centre")  # not said, so its source is not cited
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
        if aspect == "steps":
            return self._steps(info, whole=len(asked) == len(ALL_ASPECTS))
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

    def _steps(self, info: ProcedureInfo, whole: bool = False) -> list[str]:
        """Every step in full in "Xem đầy đủ" (``whole``); else short on a phone (each
        stage's line, each step's first sentence: ``short_step_lines``), with a line
        saying that there is more and where to see it."""
        if not info.steps:
            return []
        texts = [s.text for s in info.steps]
        if whole:
            return [self.t("steps_head"), *step_lines(texts)]
        short = short_step_lines(texts)
        lines = [self.t("steps_head"), *short.lines]
        button = self.t.section("buttons")["all"]
        if short.more_steps:
            lines.append(self.t("steps_more_steps", count=short.more_steps, button=button))
        elif short.shortened:
            lines.append(self.t("steps_more_detail", button=button))
        return lines

    def _steps_button(self, info: ProcedureInfo) -> tuple[Button, ...]:
        """The "Xem đầy đủ" button, where the steps answer left something out and says so."""
        if not short_step_lines([s.text for s in info.steps]).left_out:
            return ()
        return (Button(self.t.section("buttons")["all"], f"proc:{info.slug}:all"),)

    def fee_text(self, row: ChannelInfo) -> str | None:
        """The fee of one channel row, with its note (flows/channel_facts.py)."""
        return self.channels.fee_text(row)

    def _fee(self, info: ProcedureInfo) -> list[str]:
        lines = self.channels.fee_lines(info)
        return lines if lines else self._unknown("fee_unknown")

    def _time(self, info: ProcedureInfo) -> list[str]:
        lines = self.channels.time_lines(info)
        return lines if lines else self._unknown("time_unknown")

    def _where(self, info: ProcedureInfo, asked: Sequence[str] = ()) -> list[str]:
        lines = []
        if info.agency:
            lines.append(self.t("where_agency", agency=cut_list(agency_text(info.agency), 300)))
        if info.submit_address:
            lines.append(
                self.t("submit_address_line", text=cut_text(address_text(info.submit_address), 300))
            )
        if info.level:
            lines.append(self.t("where_level", level=info.level))
        if police_receives(info):
            if info.channels and not any(c.available for c in info.channel_rows("in_person")):
                lines.append(self.t("where_police_online"))  # filed online only
            else:
                lines.append(self.t("where_police" if info.level else "where_police_no_level"))
        elif names_commune_centre(info):
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
        elif info.channels and not online and not info.is_curated:
            # the portal's table of ways to file has no online row ("nộp trực tiếp" only,
            # as the where answer says): not filed online, as for the post (``_post``)
            return [self.t("online_not_available")]
        else:
            return self._unknown("online_unknown")
        if info.portal_url:
            lines.append(self.t("online_where", url=info.portal_url))
        # the online rows' time and fee, said as the time and fee answers say them (a
        # value for each case, named from the row's case text: flows/value_cases.py)
        time = self.channels.channel_value(online, lambda row: row.time)
        if time and "time" not in asked:
            lines.append(f"- {self.t('time_head').rstrip(':')}: {time}")
        fee = self.channels.channel_value(online, self.fee_text)
        if fee and "fee" not in asked:
            lines.append(f"- {self.t('fee_head').rstrip(':')}: {fee}")
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
        "đối tượng") or the procedure in framing words ("tôi có thể đăng ký lại … không":
        templates "conditions_framing") is answered with what the record has, not "not
        found". The question is read without the story told before it ("…, nay cháu 5
        tuổi. Xin hỏi …"): the story's words quote nothing (they matched "Công dân Việt
        Nam" and "Theo quy định của Luật phí…" by chance), but a question that points back
        at it ("như vậy") is not one about the procedure as such."""
        framing = phrases_re(self._folded("conditions_generic", "conditions_framing"))
        asking = asked_part(question, self._folded("conditions_question_cues"))
        particular = framing.sub(" ", asking) if framing else asking  # not the story's
        asked = bool(asked_words(info, particular))
        common = frozenset(self._folded("conditions_common_words"))
        quotes = relevant_passages(info, particular, common) if asked else []
        if quotes:
            return [self.t("conditions_quote_head"), *(f"“{q}”" for q in quotes)]
        lines = []
        as_such = particular != asking and not asked  # "điều kiện gì?", "có thể … không"
        # "đào ao như vậy có phải … không" asks about the story
        as_such &= not refers_back(asking, self._folded("conditions_story_references"))
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

    def _folded(self, *keys: str) -> tuple[str, ...]:
        """The phrases of templates ``keys`` ("|" between phrases), folded, in order."""
        return tuple(fold(p) for key in keys for p in self.t(key).split("|"))

    def _agency(self, info: ProcedureInfo) -> list[str]:
        lines = []
        if not info.agency and not info.authority and info.level:
            lines.append(self.t("agency_unnamed"))  # a level only: no body named
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
        laws = _distinct(info.legal_basis)
        lines = [self.t("legal_head"), *(f"- {cut_text(law, 250)}" for law in laws[:12])]
        if len(laws) > 12:  # the rest is not dropped silently
            lines.append(self.t("legal_more"))
        if info.decision:
            lines.append(self.t("decision_line", text=info.decision))
        return lines

    def _forms(self, info: ProcedureInfo) -> list[str]:
        forms = [d for d in info.documents if d.form]
        if forms:
            lines = [self.t("forms_head")]
            items = [f"- {d.form}: {_form_name(d)}" for d in forms]
            return lines + _distinct(items)  # one paper listed twice in the record
        # no form numbers, but papers that are forms all the same ("Tờ khai đăng ký khai
        # sinh theo mẫu"): those, not "no form"
        unnumbered = _distinct(
            _form_name(d)
            for d in info.documents
            if is_form_paper(d) and not agency_words().postal_slip.search(fold(document_name(d)))
        )
        if unnumbered:
            return [self.t("forms_unnumbered"), *(f"- {name}" for name in unnumbered)]
        return [self.t("forms_none")] if info.documents else self._unknown("forms_unknown")


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


# What a paper's numbering leaves before its name ("(i) ..Bản sao…")
_LEADING_MARKS_RE = re.compile(r"^[\s.,;:]+")


def _form_name(paper: DocumentInfo) -> str:
    """A paper's name in the forms answer: without the stops its numbering left."""
    return cut_text(_LEADING_MARKS_RE.sub("", document_name(paper)), 200)


def _distinct(items: Iterable[str]) -> list[str]:
    """``items`` without repeats, counting as one those that are the same text
    (``same_text``: "… chưa đủ thông tin" and "… chưa đủ thông tin.")."""
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(same_text(item), item)
    return list(seen.values())


def _shows(fact: str, shown: set[str]) -> bool:
    """Whether an answer showing ``shown`` shows ``fact`` ("channels.post.fee" is shown
    by "fee", "channels.post" and itself)."""
    parts = fact.split(".")
    return any(fact == f or fact.startswith(f + ".") or parts[-1] == f for f in shown)
