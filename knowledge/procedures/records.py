"""The procedure catalogue: one schema for a record and the in-memory view (the database
side is :mod:`knowledge.procedures.repository`).

A procedure record is shaped like the national procedure database's record (code,
name, level, agency, channels each with their own time and fee, documents and steps
per case, conditions, legal basis ...). The dataclasses below are the one schema:
pydantic validates them when a file is imported (``validate_records``) and when the
stored JSON is read back, so import, storage and (later) admin forms share one set of
rules.

Two layers make the catalogue: records of the national catalogue (``source_kind:
portal_crawl``, from the public crawl of dichvucong.gov.vn) and curated records that
we checked ourselves. A curated record wins over a national record with the same
national code, fact by fact: what it leaves unknown is taken from the national record,
which it then cites (``merge_layers``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, TypeAdapter, ValidationError

CHANNELS = ("in_person", "online", "post")
GENERAL_CASE = "Trường hợp chung"
Channel = Literal["in_person", "online", "post"]
SourceKind = Literal["curated", "portal_crawl"]


def _blank_to_none(value: Any) -> Any:
    """Numbers read from YAML become text; blank text becomes None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        value = str(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _http_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ValueError("must be an http(s) URL")
    return value


def _slug(value: str) -> str:
    if not value.isascii() or not value.replace("_", "").isalnum():
        raise ValueError("must be ascii letters, digits and _")
    return value


def _text_list(value: Any) -> Any:
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(v.strip() for v in value if isinstance(v, str) and v.strip()) + tuple(
            v for v in value if not isinstance(v, str)
        )
    return value


Text = Annotated[str, BeforeValidator(_blank_to_none)]
OptText = Annotated[str | None, BeforeValidator(_blank_to_none)]
Url = Annotated[str, BeforeValidator(_blank_to_none), AfterValidator(_http_url)]
Count = Annotated[int | None, Field(ge=0, strict=True)]
TextList = Annotated[tuple[str, ...], BeforeValidator(_text_list)]
CaseText = Annotated[str, BeforeValidator(lambda v: _blank_to_none(v) or GENERAL_CASE)]


@dataclass(frozen=True)
class ChannelInfo:
    """How one channel works for a procedure; ``None`` means "not known".

    A channel may have several rows when its time or fee differ by case
    (``case`` says which).
    """

    channel: Channel
    available: bool | None = None
    time: OptText = None
    fee_vnd: Count = None
    fee_note: OptText = None
    case: OptText = None


@dataclass(frozen=True)
class DocumentInfo:
    name: Text
    case: CaseText = GENERAL_CASE
    form: OptText = None
    original: Count = None
    copies: Count = None
    note: OptText = None


@dataclass(frozen=True)
class StepInfo:
    text: Text
    case: CaseText = GENERAL_CASE


@dataclass(frozen=True)
class SourceRef:
    """A secondary source and the facts of the record that came from it."""

    url: Url
    label: Text
    facts: TextList = ()


@dataclass(frozen=True)
class ProcedureInfo:
    """One procedure of the catalogue, shaped like the national procedure record."""

    slug: Annotated[str, AfterValidator(_slug)]
    name: Text
    source_url: Url
    verified_on: dt.date
    code: OptText = None
    aliases: TextList = ()
    field: OptText = None
    level: OptText = None
    agency: OptText = None
    authority: OptText = None
    submit_address: OptText = None
    who_may_apply: OptText = None
    online_level: Annotated[
        Literal["toàn trình", "một phần"] | None, BeforeValidator(_blank_to_none)
    ] = None
    portal_url: OptText = None
    result: OptText = None
    conditions: OptText = None
    decision: OptText = None
    legal_basis: TextList = ()
    notes: TextList = ()
    channels: tuple[ChannelInfo, ...] = ()
    documents: tuple[DocumentInfo, ...] = ()
    steps: tuple[StepInfo, ...] = ()
    source_kind: SourceKind = "curated"
    popularity: Annotated[float | None, Field(ge=0.0, le=1.0)] = None
    commune_centre: bool | None = None
    sources: tuple[SourceRef, ...] = ()

    def __post_init__(self) -> None:
        rows = [(c.channel, c.case) for c in self.channels]
        if len(set(rows)) != len(rows):
            raise ValueError("a channel is listed twice for the same case")

    def channel(self, name: str) -> ChannelInfo | None:
        """The first row of channel ``name`` (the general one when several)."""
        for info in self.channels:
            if info.channel == name:
                return info
        return None

    def channel_rows(self, name: str) -> tuple[ChannelInfo, ...]:
        return tuple(c for c in self.channels if c.channel == name)

    @property
    def is_curated(self) -> bool:
        return self.source_kind == "curated"

    def prose(self) -> tuple[str, ...]:
        """The record's written text: name, who may apply, conditions, result, notes,
        documents and steps (what a reader of the record reads, not its codes or links)."""
        fields = (self.name, self.who_may_apply, self.conditions, self.result, *self.notes)
        documents = (t for d in self.documents for t in (d.name, d.note))
        steps = (s.text for s in self.steps)
        return tuple(t for t in (*fields, *documents, *steps) if t)


RECORD = TypeAdapter(ProcedureInfo)


class RecordError(ValueError):
    """One record that does not fit the schema: which record and what is wrong."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:3]:
        loc = ".".join(str(p) for p in error["loc"] if not str(p).startswith("function-"))
        parts.append(f"'{loc}' {error['msg']}" if loc else error["msg"])
    return "; ".join(parts)


def validate_record(raw: Any, where: str = "record") -> ProcedureInfo:
    """Validate one raw record (a dict from YAML/JSON or a form) against the schema."""
    if not isinstance(raw, dict):
        raise RecordError(where, "each procedure must be a mapping")
    try:
        return RECORD.validate_python(raw)
    except ValidationError as exc:
        slug = raw.get("slug")
        label = f"{where} ({slug})" if isinstance(slug, str) else where
        raise RecordError(label, _describe(exc)) from None


def validate_records(raws: Sequence[Any]) -> list[ProcedureInfo]:
    """Validate a whole list: the first bad record raises; slugs must be unique."""
    infos = [validate_record(raw, f"procedures[{i}]") for i, raw in enumerate(raws)]
    seen: set[str] = set()
    for info in infos:
        if info.slug in seen:
            raise RecordError(info.slug, "slug appears twice")
        seen.add(info.slug)
    return infos


def from_stored(data: dict) -> ProcedureInfo:
    """A record read back from storage, where it was validated when written.

    Built directly (a tenth of the time of a full validation, which matters at
    start-up with thousands of records); a record of another shape, e.g. written
    by an older release, goes through the full validation instead.
    """
    try:
        return ProcedureInfo(
            **{
                **data,
                "verified_on": dt.date.fromisoformat(data["verified_on"]),
                "aliases": tuple(data.get("aliases") or ()),
                "legal_basis": tuple(data.get("legal_basis") or ()),
                "notes": tuple(data.get("notes") or ()),
                "channels": tuple(ChannelInfo(**c) for c in data.get("channels") or ()),
                "documents": tuple(DocumentInfo(**d) for d in data.get("documents") or ()),
                "steps": tuple(StepInfo(**x) for x in data.get("steps") or ()),
                "sources": tuple(
                    SourceRef(**{**x, "facts": tuple(x.get("facts") or ())})
                    for x in data.get("sources") or ()
                ),
            }
        )
    except (TypeError, KeyError, ValueError):
        return RECORD.validate_python(data)


def record_to_dict(info: ProcedureInfo) -> dict:
    """The file/storage shape of a record (inverse of ``validate_record``)."""
    return RECORD.dump_python(info, mode="json")


# What a record says about itself, never taken from the other layer.
_OWN_FIELDS = frozenset(
    {"slug", "name", "source_url", "verified_on", "code", "aliases", "source_kind", "popularity"}
)
_FILLED_FIELDS = tuple(
    f.name for f in fields(ProcedureInfo) if f.name not in _OWN_FIELDS | {"channels", "sources"}
)
# A fact that qualifies another is taken only with it: the national record's level is
# its agency's ("Cấp bộ" for the driving licence, whose curated agency is the commune
# police: "nộp tại trụ sở công an theo cấp ghi ở trên" would send the citizen astray).
_TAKEN_WITH = {"level": "agency"}
NATIONAL_LABEL = "Cơ sở dữ liệu thủ tục hành chính quốc gia; bản thu thập ngày {date}"


def _unknown(value: Any) -> bool:
    return value is None or value == ()


def _row_facts(row: ChannelInfo) -> dict[str, Any]:
    """A channel row's facts; the fee is one fact (an amount, a note or both)."""
    fee = None if row.fee_vnd is None and row.fee_note is None else (row.fee_vnd, row.fee_note)
    return {"available": row.available, "time": row.time, "fee": fee}


def _with_fact(row: ChannelInfo, name: str, value: Any) -> ChannelInfo:
    if name == "fee":
        return replace(row, fee_vnd=value[0], fee_note=value[1])
    return replace(row, **{name: value})


def _fill_row(
    row: ChannelInfo, candidates: Sequence[ChannelInfo], taken: set[str]
) -> tuple[ChannelInfo, ...]:
    """``row`` with what it leaves unknown taken from the national ``candidates`` (its
    channel's rows): a fact they all state alike. A row that knows nothing, where the
    national rows differ by case, becomes those rows."""
    own = _row_facts(row)
    if all(v is None for v in own.values()) and len(candidates) > 1:
        stated = {n for c in candidates for n, v in _row_facts(c).items() if v is not None}
        taken.update(f"channels.{row.channel}.{name}" for name in stated)
        return tuple(candidates)
    for name, value in own.items():
        values = {_row_facts(c)[name] for c in candidates}
        if value is None and len(values) == 1 and None not in values:
            row = _with_fact(row, name, values.pop())
            taken.add(f"channels.{row.channel}.{name}")
    return (row,)


def _fill_channels(
    curated: ProcedureInfo, national: ProcedureInfo, taken: set[str]
) -> tuple[ChannelInfo, ...]:
    own_rows = {(c.channel, c.case) for c in curated.channels}
    rows: list[ChannelInfo] = []
    for row in curated.channels:
        same = national.channel_rows(row.channel)
        by_case = tuple(c for c in same if c.case == row.case)
        general = row.case in (None, GENERAL_CASE)
        candidates = by_case or (same if general else ())
        if len(candidates) > 1 and any((c.channel, c.case) in own_rows for c in candidates):
            candidates = by_case  # the curated record lists this channel by case itself
        rows.extend(_fill_row(row, candidates, taken) if candidates else (row,))
    for channel in dict.fromkeys(c.channel for c in national.channels):
        if not curated.channel_rows(channel):
            rows.extend(national.channel_rows(channel))
            taken.add(f"channels.{channel}")
    return tuple(rows)


def fill_unknowns(curated: ProcedureInfo, national: ProcedureInfo) -> ProcedureInfo:
    """The curated record with each fact it leaves unknown taken from the national
    record of its code, which it then cites (a ``SourceRef`` naming those facts).

    A fact the curated record states wins, even where the national record differs.
    Unknown is ``None`` or an empty list; in a channel row, an unknown availability,
    time or fee (amount and note together: a note alone is a statement), or a channel
    without a row. The level is taken only with the agency (``_TAKEN_WITH``).
    """
    taken: set[str] = set()
    changes: dict[str, Any] = {}
    for name in _FILLED_FIELDS:
        value = getattr(national, name)
        qualified = _TAKEN_WITH.get(name)
        if qualified and not _unknown(getattr(curated, qualified)):
            continue
        if _unknown(getattr(curated, name)) and not _unknown(value):
            changes[name] = value
            taken.add(name)
    channels = _fill_channels(curated, national, taken)
    if not taken:
        return curated
    facts = sorted(taken, key=lambda f: (f.startswith("channels."), f))
    refs = list(curated.sources)
    at = next((i for i, s in enumerate(refs) if s.url == national.source_url), None)
    # the facts shown from it are cited with the date the crawl was taken
    label = NATIONAL_LABEL.format(date=national.verified_on.strftime("%d/%m/%Y"))
    if at is None:
        refs.append(SourceRef(url=national.source_url, label=label, facts=tuple(facts)))
    else:
        known = refs[at].facts
        more = (*known, *(f for f in facts if f not in known))
        refs[at] = replace(refs[at], label=label, facts=more)
    return replace(curated, **changes, channels=channels, sources=tuple(refs))


def merge_layers(infos: Iterable[ProcedureInfo]) -> list[ProcedureInfo]:
    """One record per procedure: a curated record replaces the national record of its code.

    The curated record is an overlay: each fact it states wins. A fact it leaves
    unknown is taken from the national record (``fill_unknowns``), which the merged
    record then cites in ``sources`` with the facts taken — so a field the curator left
    empty shows the official record's value rather than "chưa có thông tin". It gains
    the national record's official name and aliases (everyday phrasings), its
    popularity, and is reachable by the national record's slug too.
    """
    national: dict[str, ProcedureInfo] = {}
    curated: list[ProcedureInfo] = []
    for info in infos:
        if info.is_curated or not info.code:
            curated.append(info)
        else:
            national[info.code] = info
    merged = []
    for info in curated:
        base = national.pop(info.code, None) if info.code else None
        if base is not None:
            names = (*info.aliases, base.name, *base.aliases)
            aliases = tuple(a for a in dict.fromkeys(names) if a != info.name)
            info = replace(
                fill_unknowns(info, base),
                aliases=aliases,
                popularity=info.popularity if info.popularity is not None else base.popularity,
            )
        merged.append(info)
    merged.extend(national.values())
    return merged


class Catalogue:
    """An in-memory view of the merged catalogue, read on every turn.

    The catalogue is read far more often than written, so each process keeps a
    copy and reloads it after an import. A national record replaced by a curated
    one stays reachable by its slug (old buttons keep working).
    """

    def __init__(self, infos: Sequence[ProcedureInfo] = ()) -> None:
        merged = merge_layers(infos)
        self._by_slug = {i.slug: i for i in merged}
        self._by_code: dict[str, ProcedureInfo] = {}
        for info in merged:
            if info.code:
                self._by_code.setdefault(info.code, info)
        self._all = tuple(merged)
        for info in infos:
            if info.slug not in self._by_slug and info.code in self._by_code:
                self._by_slug[info.slug] = self._by_code[info.code]

    @classmethod
    def from_stored(cls, records: Sequence[str]) -> Catalogue:
        """The catalogue of stored records (blocking: JSON parsing of thousands)."""
        return cls([from_stored(json.loads(r)) for r in records])

    def get(self, slug: str | None) -> ProcedureInfo | None:
        return self._by_slug.get(slug) if slug else None

    def by_code(self, code: str | None) -> ProcedureInfo | None:
        return self._by_code.get(code) if code else None

    def all(self) -> list[ProcedureInfo]:
        """Every procedure once (curated records in place of their national twins)."""
        return list(self._all)

    def curated(self) -> list[ProcedureInfo]:
        return [i for i in self.all() if i.is_curated]

    def __len__(self) -> int:
        return len(self._all)
