"""Answers about one procedure: requirements, fee, time, where, online.

Every factual answer ends with the record's source and verification date,
and a fact the catalogue does not have is said to be unknown, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

import yaml

from flows.config import DialogueSettings
from flows.format import date, money
from flows.templates import Templates
from flows.types import Button, Reply
from knowledge.procedures import Catalogue, ChannelInfo, ProcedureInfo
from nlu.normalize import fold
from nlu.retrieval import ProcedureIndex, RetrievalEntry, Synonyms

ASPECTS = ("requirements", "fee", "time", "where", "online")

INTENT_ASPECT = {
    "ask_procedure_requirements": "requirements",
    "ask_procedure_fee": "fee",
    "ask_procedure_time": "time",
    "ask_procedure_where": "where",
    "ask_online_submission": "online",
}


def index_for(catalogue: Catalogue, vocabulary: Iterable[str] = ()) -> ProcedureIndex:
    """The retrieval index over every procedure's names, for the NLU's `procedure` entity.

    ``vocabulary``: everyday words (e.g. the NLU's training examples) that are known
    words, never typos of a procedure word. Built once per distinct catalogue.
    """
    entries = tuple(
        RetrievalEntry(
            value=i.slug,
            names=(i.name, *i.aliases),
            code=i.code,
            popularity=i.popularity or 0.0,
            level=i.level,
        )
        for i in catalogue.all()
    )
    return _index(entries, tuple(vocabulary))


@lru_cache(maxsize=4)
def _index(entries: tuple[RetrievalEntry, ...], vocabulary: tuple[str, ...]) -> ProcedureIndex:
    return ProcedureIndex(entries, Synonyms.load(), vocabulary=vocabulary)


@cache
def _mention_words() -> tuple[tuple[str, ...], frozenset[str]]:
    data = yaml.safe_load(Path(__file__).with_name("mentions.yml").read_text(encoding="utf-8"))
    verbs = tuple(sorted(data["procedure_verbs"], key=len, reverse=True))
    return verbs, frozenset(data["question_words"])


def mentions_unknown_procedure(text: str) -> bool:
    """True when the text names some procedure ("làm hộ chiếu") the gazetteer did not match."""
    verbs, question_words = _mention_words()
    folded = f" {fold(text)} "
    for verb in verbs:
        start = folded.find(f" {verb} ")
        while start >= 0:
            after = folded[start + len(verb) + 2 :].split()
            if any(word not in question_words for word in after[:3]):
                return True
            start = folded.find(f" {verb} ", start + 1)
    return False


def aspect_buttons(
    info: ProcedureInfo, t: Templates, skip: str | None = None
) -> tuple[Button, ...]:
    labels = t.section("buttons")
    return tuple(Button(labels[a], f"proc:{info.slug}:{a}") for a in ASPECTS if a != skip)


def _join(names: list[str]) -> str:
    """ "Nộp trực tiếp, nộp trực tuyến": only the first name keeps its capital."""
    return ", ".join([names[0], *(n[:1].lower() + n[1:] for n in names[1:])])


class ProcedureAnswers:
    """Turns a catalogue record into the reply for one aspect."""

    def __init__(self, templates: Templates, settings: DialogueSettings) -> None:
        self.t = templates
        self.settings = settings

    def answer(self, info: ProcedureInfo, aspect: str) -> Reply:
        body = getattr(self, f"_{aspect}")(info)
        lines = [self._title(info), *body, "", self._source(info)]
        return Reply(
            text="\n".join(lines),
            buttons=aspect_buttons(info, self.t, skip=aspect),
            kind=f"procedure_{aspect}",
            meta={"procedure": info.slug, "aspect": aspect},
        )

    def overview(self, info: ProcedureInfo) -> Reply:
        return Reply(
            text=self.t("procedure_overview", name=info.name),
            buttons=aspect_buttons(info, self.t),
            kind="procedure_overview",
            meta={"procedure": info.slug},
        )

    def _title(self, info: ProcedureInfo) -> str:
        if info.code:
            return self.t("title_with_code", name=info.name, code=info.code)
        return self.t("title", name=info.name)

    def _source(self, info: ProcedureInfo) -> str:
        return self.t("source", url=info.source_url, date=date(info.verified_on))

    def _unknown(self, key: str) -> list[str]:
        return [self.t(key), self.t("unknown_fact_hint", portal_url=self.settings.portal_url)]

    def _requirements(self, info: ProcedureInfo) -> list[str]:
        if not info.documents:
            lines = self._unknown("requirements_unknown")
        else:
            lines = [self.t("requirements_head")]
            cases = list(dict.fromkeys(d.case for d in info.documents))
            for case in cases:
                if len(cases) > 1:
                    lines.append(f"{case}:")
                docs = [d for d in info.documents if d.case == case]
                for n, doc in enumerate(docs, 1):
                    lines.append(f"{n}. {self._document(doc)}")
        if info.steps:
            lines += ["", self.t("steps_head")]
            lines += [f"{n}. {s.text}" for n, s in enumerate(info.steps, 1)]
        if info.who_may_apply:
            lines += ["", self.t("who_may_apply", text=info.who_may_apply)]
        if info.conditions:
            lines.append(self.t("conditions", text=info.conditions))
        lines += [f"- {note}" for note in info.notes]
        return lines

    def _document(self, doc) -> str:
        parts = [doc.name]
        if doc.form:
            parts.append(f"({doc.form})")
        counts = None
        if doc.original and doc.copies:
            counts = self.t("document_counts", original=doc.original, copies=doc.copies)
        elif doc.original:
            counts = self.t("document_original", original=doc.original)
        elif doc.copies:
            counts = self.t("document_copies", copies=doc.copies)
        text = " ".join(parts)
        if counts:
            text += f": {counts}"
        if doc.note:
            text += f". {doc.note}"
        return text

    def _channel_values(self, info: ProcedureInfo, value_of) -> list[str]:
        """One line per distinct value; channels sharing a value share a line."""
        names = self.t.section("channels")
        grouped: dict[str, list[str]] = {}
        for channel in info.channels:
            if channel.available is False:
                value = self.t("channel_not_available")
            else:
                value = value_of(channel)
            if value is not None:
                grouped.setdefault(value, []).append(names[channel.channel])
        return [
            "- " + self.t("channel_line", channel=_join(channels), value=value)
            for value, channels in grouped.items()
        ]

    def _fee(self, info: ProcedureInfo) -> list[str]:
        def value(c: ChannelInfo) -> str | None:
            parts = []
            # A free procedure's note already says so ("Miễn lệ phí khi ...").
            if c.fee_vnd is not None and not (c.fee_vnd == 0 and c.fee_note):
                parts.append(self.t("fee_free") if c.fee_vnd == 0 else money(c.fee_vnd))
            if c.fee_note:
                parts.append(c.fee_note)
            return "; ".join(parts) if parts else None

        lines = self._channel_values(info, value)
        if not any(value(c) for c in info.channels):
            return self._unknown("fee_unknown")
        return [self.t("fee_head"), *lines, *self._missing_channels(info, value)]

    def _time(self, info: ProcedureInfo) -> list[str]:
        def value(c: ChannelInfo) -> str | None:
            return c.time

        if not any(c.time for c in info.channels):
            return self._unknown("time_unknown")
        return [
            self.t("time_head"),
            *self._channel_values(info, value),
            *self._missing_channels(info, value),
        ]

    def _missing_channels(self, info: ProcedureInfo, value_of) -> list[str]:
        """Channels that exist but whose value is unknown are named as unknown."""
        names = self.t.section("channels")
        return [
            "- " + self.t("channel_line", channel=names[c.channel], value=self.t("not_known"))
            for c in info.channels
            if c.available and value_of(c) is None
        ]

    def _where(self, info: ProcedureInfo) -> list[str]:
        if not info.agency and not info.level and not info.channels:
            return self._unknown("where_unknown")
        lines = [self.t("where_head")]
        if info.agency:
            lines.append(self.t("where_agency", agency=info.agency))
        if info.level:
            lines.append(self.t("where_level", level=info.level))
            if fold(info.level).startswith("cap xa"):
                lines.append(self.t("where_centre_hint"))
        names = self.t.section("channels")
        available = [names[c.channel].lower() for c in info.channels if c.available]
        if available:
            lines.append(self.t("where_channels", channels=", ".join(available)))
        online = info.channel("online")
        if online and online.available and info.portal_url:
            lines.append(self.t("online_where", url=info.portal_url))
        return lines

    def _online(self, info: ProcedureInfo) -> list[str]:
        online = info.channel("online")
        if info.online_level == "toàn trình":
            lines = [self.t("online_full")]
        elif info.online_level == "một phần":
            lines = [self.t("online_partial")]
        elif online and online.available:
            lines = [self.t("online_available")]
        elif online and online.available is False:
            return [self.t("online_not_available")]
        else:
            return self._unknown("online_unknown")
        if info.portal_url:
            lines.append(self.t("online_where", url=info.portal_url))
        if online and (online.time or online.fee_vnd is not None or online.fee_note):
            if online.time:
                lines.append(f"- {self.t('time_head')} {online.time}")
            if online.fee_vnd is not None:
                fee = self.t("fee_free") if online.fee_vnd == 0 else money(online.fee_vnd)
                lines.append(f"- {self.t('fee_head')} {fee}")
        lines.append(self.t("online_vneid_hint"))
        return lines
