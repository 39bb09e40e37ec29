"""The words that tell agencies apart in a record (flows/agency_words.yml): the police
by name, the bodies that are not the police, those whose dossiers the commune's service
centre does not take, and the post's own slip among a record's papers. Read by the
"where" answer (flows/procedure_answers.py) and the commune centre's address
(flows/intent_routing.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from knowledge.procedures.records import ProcedureInfo
from knowledge.yaml_data import load_yaml
from nlu.normalize import fold, strip_diacritics

AGENCY_WORDS_FILE = Path(__file__).with_name("agency_words.yml")


def _a_word(word: str) -> str:
    """A word of flows/agency_words.yml: at least one letter or digit."""
    if not re.search(r"\w", word):
        raise ValueError(f"{word!r} is no word: a word needs a letter or a digit")
    return word.strip()


_Word = Annotated[str, AfterValidator(_a_word)]


class AgencyWordsFile(BaseModel):
    """The word lists of flows/agency_words.yml (what each is for: see there)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    police: list[_Word] = Field(min_length=1)
    not_police: list[_Word] = Field(min_length=1)
    not_commune_centre: list[_Word] = Field(min_length=1)
    postal_slips: list[Annotated[list[_Word], Field(min_length=1)]] = Field(min_length=1)


@dataclass(frozen=True)
class AgencyWords:
    """flows/agency_words.yml as patterns searched in folded text (``fold``)."""

    police: re.Pattern[str]
    not_police: re.Pattern[str]
    not_commune_centre: re.Pattern[str]
    postal_slip: re.Pattern[str]


def _folded_forms(word: str) -> list[str]:
    """``word`` as folded text says it: as ``fold`` folds it ("Công an" -> "cong an",
    "BHXH" -> "bao hiem xa hoi"), and an abbreviation also as written ("bhxh"), which
    fold leaves as it is where it is glued to another word ("UBND/Công an")."""
    return list(dict.fromkeys((fold(word), strip_diacritics(word.lower()))))


def _any_word(words: Iterable[str]) -> str:
    """A pattern finding any of ``words`` (in their folded forms) as whole words."""
    forms = sorted({f for w in words for f in _folded_forms(w)}, key=len, reverse=True)
    return rf"\b(?:{'|'.join(re.escape(f) for f in forms)})\b"


def load_agency_words(path: Path = AGENCY_WORDS_FILE) -> AgencyWords:
    """The word lists of ``path``, validated (``AgencyWordsFile``: a missing list, an
    empty one or a word without letters is refused with pydantic's ValidationError)."""
    data = AgencyWordsFile.model_validate(load_yaml(path))
    slips = ("(?:" + ".*".join(_any_word([w]) for w in slip) + ")" for slip in data.postal_slips)
    return AgencyWords(
        police=re.compile(_any_word(data.police)),
        not_police=re.compile(_any_word(data.not_police)),
        not_commune_centre=re.compile(_any_word(data.not_commune_centre)),
        postal_slip=re.compile("|".join(slips)),
    )


@cache
def agency_words() -> AgencyWords:
    """flows/agency_words.yml, loaded once."""
    return load_agency_words()


_AGENCY_SPLIT_RE = re.compile(r"\s*(?:[,;]|\s+và\s+|\s+hoặc\s+)\s*")


def police_only(agency: str | None) -> bool:
    """Whether every body ``agency`` names is the police ("Công an tỉnh, Công an cấp xã";
    "Công an cấp xã nơi bố trí điểm tiếp nhận hoặc Phòng Cảnh sát giao thông"), not
    "Ủy ban nhân dân cấp xã, Công an cấp xã và cơ quan Bảo hiểm xã hội". A part written
    in small letters continues the name before it ("Cục cảnh sát …về trật tự, xã hội").
    The words: flows/agency_words.yml."""
    words = agency_words()
    parts: list[str] = []
    for part in _AGENCY_SPLIT_RE.split(agency or ""):
        if parts and part and not part[0].isupper():
            parts[-1] += ", " + part  # "…về trật tự, xã hội"
        elif part:
            parts.append(part)
    for part in parts:
        folded = fold(part)
        if words.not_police.search(folded) or not words.police.search(folded):
            return False
    return bool(parts)  # each part named the police


def police_receives(info: ProcedureInfo) -> bool:
    """Whether the "where" answer says the police receive the dossier: only where every
    body the record names is the police, and the record's address for dossiers (if any)
    names the police too ("Nộp hồ sơ trực tiếp tại cơ quan tuyển lao động" is no police
    station though the agency is "Bộ Công an")."""
    if not police_only(info.agency):
        return False
    words = agency_words()
    address = fold(info.submit_address or "")
    return not address or bool(words.police.search(address))


def names_commune_centre(info: ProcedureInfo) -> bool:
    """Whether the "where" answer says the commune's service centre receives the dossier:
    only where the level shown does not say otherwise ("Cấp thực hiện: Cấp tỉnh" for a
    transfer of a land title), and no body the record names is one whose dossiers the
    centre does not take (the police, a court, tax, a bank, social insurance…:
    flows/agency_words.yml)."""
    agency = fold(info.agency or "")
    level = fold(info.level or "")
    if agency_words().not_commune_centre.search(agency):
        return False
    return bool(info.commune_centre and (not level or "cap xa" in level)) or (
        level.startswith("cap xa") and ("uy ban" in agency or not agency)
    )
