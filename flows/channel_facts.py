"""What a procedure costs and how long it takes, channel by channel: the lines of the
fee and time answers (and a channel row's fee, for the online and postal answers and the
volunteer's card).

Channels sharing a value share a line ("Nộp trực tiếp, nộp trực tuyến: 5 ngày làm
việc"); values that differ by case each name their case ("2 ngày làm việc (cấp chứng
nhận đăng ký xe); 7 ngày làm việc (cấp lại biển số định danh)", flows/value_cases.py)
where that is found for them all (a short case only where it names one: not the way of
filing nor the time restated); a fee's note is kept, its amounts written as all amounts
are ("5000 đồng", "400.000đ" -> "5.000 đồng", "400.000 đồng"), a row's case that is its
fee's text ("Phí: 800.000 đồng/hồ sơ (áp dụng mức phí 400.000 đồng/hồ sơ …)") is said
as its note, a period of a reduced fee that is over is said to be over, and the fee of
declaring a tax or a fee is told apart from the tax itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from flows.format import money
from flows.record_text import TRAILING_PUNCTUATION, cut_text, same_text, without_list_marks
from flows.templates import Templates
from flows.value_cases import names_own_case, short_case_named, shown_labels, value_label
from knowledge.procedures.portal.tables import PORTAL_FREE_WITH_NOTE
from knowledge.procedures.records import GENERAL_CASE, ChannelInfo, ProcedureInfo
from knowledge.yaml_data import load_yaml
from nlu.terms import base_name, fold_tokens, folded_phrases

MAX_FEE_NOTE_CHARS = 800  # a fee's note says who pays less or nothing: cut only past this
MAX_CASE_INLINE = 80  # a longer case description is not repeated on every line
_AMOUNT_RE = re.compile(r"\d[\d.,]*")  # "10.000", "4.000.000" in a fee's note
# An amount of đồng as the source wrote it, without separators or with "đ" for "đồng":
# "thu 5000 đồng/lần", "400.000đ/hộ chiếu" (said "5.000 đồng", "400.000 đồng", as every
# amount); not a scrap the crawl cut ("0.000đ/giấy thông hành" is not "0 đồng").
_SOURCE_AMOUNT_RE = re.compile(
    r"(?<![\d.,/])([1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d*|0(?![.\d])) ?(đồng|đ|vnđ)(?![^\W\d_]|\))",
    re.IGNORECASE,
)
# The end of a period a fee's note gives: "đến hết ngày 31/12/2025", "đến ngày 30/6/2026".
_PERIOD_END_RE = re.compile(r"đến (?:hết )?ngày (\d{1,2})/(\d{1,2})/(\d{4})")
VIETNAM_OFFSET = dt.timedelta(hours=7)
FACTS_FILE = Path(__file__).with_name("channel_facts.yml")


@cache
def _declared_dues() -> tuple[tuple[str, ...], str]:
    """The folded beginnings of the names of procedures that declare a tax or a fee,
    and the note their fee answer adds (channel_facts.yml)."""
    section = load_yaml(FACTS_FILE)["declared_dues"]
    return folded_phrases(section["names"]), str(section["note"])


def join_channels(names: list[str]) -> str:
    """ "Nộp trực tiếp, nộp trực tuyến": only the first name keeps its capital."""
    return ", ".join([names[0], *(n[:1].lower() + n[1:] for n in names[1:])])


class ChannelFacts:
    """The fee and time lines of a record (``templates``' wording); ``clock`` tells
    which of a fee note's periods are over."""

    def __init__(self, templates: Templates, clock: Callable[[], dt.datetime]) -> None:
        self.t = templates
        self.clock = clock

    def lines(
        self, info: ProcedureInfo, value_of: Callable[[ChannelInfo], str | None]
    ) -> list[str]:
        """One line per distinct value; channels sharing a value share a line. A channel
        whose value differs by case gives each value its case: the case itself when
        short, else a label from its text (flows/value_cases.py) when every value of the
        channel gets one of its own; else all its values with "tùy trường hợp"."""
        names = self.t.section("channels")
        per_channel: dict[str, list[_Said]] = {}
        for row in info.channels:
            value = self.t("channel_not_available") if row.available is False else value_of(row)
            if value is None:
                value = self.t("not_known")
            per_channel.setdefault(row.channel, []).append(_said(value, row.case))
        grouped: dict[str, tuple[str, list[str]]] = {}
        for channel, said in per_channel.items():
            value = self._values(said)
            grouped.setdefault(same_text(value), (value, []))[1].append(names[channel])
        return [
            "- " + self.t("channel_line", channel=join_channels(labels), value=value)
            for value, labels in grouped.values()
        ]

    def channel_value(
        self, rows: Sequence[ChannelInfo], value_of: Callable[[ChannelInfo], str | None]
    ) -> str | None:
        """The value of one channel's ``rows`` as its line in ``lines`` says it (each
        value with its case), leaving out rows with none; None when no row has one."""
        said = [
            _said(value, row.case)
            for row in rows
            if row.available is not False and (value := value_of(row)) is not None
        ]
        return self._values(said) if said else None

    def _values(self, said: list[_Said]) -> str:
        """A channel's values, each with its case where that is known for them all."""
        shown = _labels_shown(said) if len({same_text(s.value) for s in said}) > 1 else None
        values: list[str] = []
        for s in said:
            label = s.short or (shown.get(s.label) if shown and s.label else None)
            value = f"{s.value} ({label})" if label else s.value
            if same_text(value) not in {same_text(v) for v in values}:
                values.append(value)
        # "145 USD/thẻ.; Thẻ tạm trú …": a value's own full stop goes before the next
        value = "; ".join(v.rstrip(" .;,") for v in values) if len(values) > 1 else values[0]
        # values none of which says its case ("21 ngày; 5 ngày làm việc") depend on one
        if len(values) > 1 and not any(v.endswith(")") for v in values):
            value += f" ({self.t('depends_on_case')})"
        return value

    def fee_text(self, row: ChannelInfo) -> str | None:
        """The fee of one channel row, with its note ("miễn phí khi đăng ký đúng hạn")."""
        parts = []
        fee_note, free_cell = row.fee_note, False
        if (case_fee := _fee_in_case(row.case)) and (not fee_note or fee_note.startswith("/")):
            # the row's case is the text of its fee ("Phí: 800.000 đồng/hồ sơ (áp dụng
            # mức phí 400.000 đồng/hồ sơ kể từ … đến hết ngày 31/12/2026 …). Lệ phí:
            # 100.000 đồng/hồ sơ.") where the note is none or a crawl's scrap ("/hồ
            # sơ"): the amount alone would drop the reduced rate and the second fee;
            # beside a "free" cell it is said first, as a note naming a fee is
            fee_note, free_cell = case_fee, row.fee_vnd == 0
        # A free procedure's note already says so ("Miễn lệ phí khi ..."), and a note
        # may state the amount itself ("10.000 đồng/trường hợp").
        if row.fee_vnd is not None and not (row.fee_vnd == 0 and fee_note):
            amount = self.t("fee_free") if row.fee_vnd == 0 else money(row.fee_vnd)
            if not (fee_note and _states_amount(fee_note, row.fee_vnd)):
                parts.append(amount)
        if fee_note:
            # the source's list marks, in 334 notes of the national catalogue
            note = _with_separators(without_list_marks(fee_note)).rstrip(" ;,")
            if note.startswith(PORTAL_FREE_WITH_NOTE) or free_cell:
                # the portal's fee cell says "free" while its note names amounts, a
                # provincial rate or the regulation that sets one (the record keeps the
                # fee unknown): the note first, the cell after ("Miễn phí" in front would
                # mislead), and never cut away
                note = note.removeprefix(PORTAL_FREE_WITH_NOTE)
                note = cut_text(note, MAX_FEE_NOTE_CHARS)
                note = self.t("fee_note_first", note=note.rstrip(TRAILING_PUNCTUATION))
            else:
                note = cut_text(note, MAX_FEE_NOTE_CHARS)
            passed = self._periods_over(note)
            if passed:
                note += " " + self.t("fee_period_over", dates=", ".join(passed))
            parts.append(note)
        return "; ".join(parts) if parts else None

    def fee_lines(self, info: ProcedureInfo) -> list[str]:
        """The fee answer's lines; none when no channel's fee is known."""
        if not any(self.fee_text(c) for c in info.channels):
            return []
        note = _shared_note(info.channels)
        if note is None:
            lines = [self.t("fee_head"), *self.lines(info, self.fee_text)]
        else:
            # the amounts differ by channel and every row carries the same note (a
            # household business: 150.000 and 50.000 đồng, each with 700 characters of
            # the same note): each amount on its line, the note once under them
            amounts = self.lines(info, lambda row: self.fee_text(replace(row, fee_note=None)))
            said = self.fee_text(ChannelInfo(channel="in_person", fee_note=note))
            lines = [self.t("fee_head"), *amounts, self.t("fee_shared_note", note=said)]
        if declares_dues(info):
            lines.append(_declared_dues()[1])
        return lines

    def time_lines(self, info: ProcedureInfo) -> list[str]:
        """The time answer's lines; none when no channel's time is known."""
        if not any(c.time for c in info.channels):
            return []
        return [self.t("time_head"), *self.lines(info, lambda c: c.time)]

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


def _fee_in_case(case: str | None) -> str | None:
    """A channel row's case when it is the text of the row's fee: it begins with a fee's
    heading ("Phí: 800.000 đồng/hồ sơ …", "Phí, lệ phí (nếu có): Hội đồng nhân dân cấp
    tỉnh quyết định …"), and says something ("phí: không ghi" does not)."""
    if not case:
        return None
    head_re, nothing = _fee_case_words()
    match = head_re.match(case)
    if match is None:
        return None
    if case[match.end() :].strip(TRAILING_PUNCTUATION).casefold() in nothing:
        return None
    # its sentences while each is a fee's ("… Lệ phí: 100.000 đồng/hồ sơ."), not the
    # time that may follow ("Cơ quan đăng ký có trách nhiệm giải quyết hồ sơ …")
    sentences = re.split(r"(?<=[.!?])\s+", case.strip())
    kept = [sentences[0]]
    for sentence in sentences[1:]:
        if not head_re.match(sentence):
            break
        kept.append(sentence)
    return " ".join(kept)


@cache
def _fee_case_words() -> tuple[re.Pattern[str], frozenset[str]]:
    """How a case that is a fee's text begins (a heading before a colon: "Phí:", "Phí,
    lệ phí (nếu có):"), and what says nothing (channel_facts.yml)."""
    data = load_yaml(FACTS_FILE)
    heads = sorted(map(str, data["fee_in_case"]["heads"]), key=len, reverse=True)
    head_re = re.compile(
        rf"\W*(?:{'|'.join(map(re.escape, heads))})(?![^\W\d_])[^:]{{0,60}}:", re.IGNORECASE
    )
    return head_re, frozenset(str(w).casefold() for w in data["value_cases"]["says_nothing"])


def declares_dues(info: ProcedureInfo) -> bool:
    """A procedure of declaring a tax or a fee ("Khai lệ phí trước bạ …"): what it costs
    to file is not the amount declared, which the record does not hold."""
    name = f"{' '.join(fold_tokens(base_name(info.name)))} "
    return any(name.startswith(f"{start} ") for start in _declared_dues()[0])


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


@dataclass(frozen=True)
class _Said:
    """A channel row's value and its case: ``short`` a case short enough to say whole,
    ``label`` one found in a long case's text ("" when the value names its case
    itself), ``long`` whether the case is long."""

    value: str
    short: str | None = None
    label: str | None = None
    long: bool = False


def _said(value: str, case: str | None) -> _Said:
    if not case or case == GENERAL_CASE:
        return _Said(value)
    if len(case) <= MAX_CASE_INLINE:
        if not short_case_named(value, case):
            # a way of filing, the time restated, a time beside a fee: no case said
            return _Said(value)
        return _Said(value, short=case.rstrip(TRAILING_PUNCTUATION))
    label = "" if names_own_case(value) else value_label(value, case)
    return _Said(value, label=label, long=True)


def _labels_shown(said: list[_Said]) -> dict[str, str] | None:
    """How the labels of a channel's long cases are said, when every such value has one
    and no label goes with two values; else None."""
    if any(s.long and s.label is None for s in said):
        return None
    values_of: dict[str, set[str]] = {}
    for s in said:
        if s.label:
            values_of.setdefault(s.label.casefold(), set()).add(same_text(s.value))
    if any(len(values) > 1 for values in values_of.values()):
        return None
    return shown_labels([s.label for s in said if s.label])


def _with_separators(note: str) -> str:
    """A fee's note with its amounts of đồng written as all amounts are: "5000 đồng/lần"
    -> "5.000 đồng/lần", "400.000đ/hộ chiếu" -> "400.000 đồng/hộ chiếu"."""
    return _SOURCE_AMOUNT_RE.sub(lambda m: money(int(m.group(1).replace(".", ""))), note)


def _states_amount(note: str, vnd: int) -> bool:
    """Whether a fee's note names the amount itself ("10.000 đồng/trường hợp")."""
    return any(re.sub(r"[.,]", "", n) == str(vnd) for n in _AMOUNT_RE.findall(note))
