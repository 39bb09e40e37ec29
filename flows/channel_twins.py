"""Procedures the catalogue lists twice, once per channel they are filed through.

A vehicle registration revoked, reissued or temporary is two national procedures: "…
thực hiện bằng dịch vụ công trực tuyến toàn trình" and "… trực tuyến một phần hoặc trực
tiếp …", with different papers (in person: the plates, the registration, the engine
and frame rubbings; fully online: the declaration and an identity account). Retrieval
finds the two as one (``channel_twin_key`` in nlu/terms.py) and answers with one of
them; the answer then names the other and offers it as a button, so whoever files the
other way gets their own list.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from flows.conditions_passages import phrases_re
from flows.mentions import mentions
from knowledge.procedures.records import Catalogue, ProcedureInfo
from nlu.normalize import fold
from nlu.terms import channel_twin_key


def filed_fully_online(info: ProcedureInfo) -> bool:
    """Whether ``info`` is the twin filed fully online ("… toàn trình")."""
    return "toan trinh" in fold(info.name)


@cache
def _said() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The phrases saying filing in person, and fully online (flows/mentions.yml)."""
    lists = mentions()["channels_said"]
    in_person, online = (
        phrases_re(tuple(fold(p) for p in lists[key])) for key in ("in_person", "online")
    )
    assert in_person is not None and online is not None
    return in_person, online


def said_fully_online(text: str) -> bool | None:
    """True when ``text`` says filing online ("qua VNeID", "online"), False when it says
    filing in person ("nộp trực tiếp", "lên công an"), None when neither or both."""
    in_person, online = (bool(p.search(fold(text))) for p in _said())
    return None if in_person == online else online


class ChannelTwins:
    """Each channel twin's other twin, read once from a catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        groups: dict[str, list[ProcedureInfo]] = defaultdict(list)
        for info in catalogue.all():
            key = channel_twin_key(info.name)
            if key:
                groups[key].append(info)
        self._other: dict[str, ProcedureInfo] = {}
        for members in groups.values():
            if len(members) != 2:
                continue
            first, second = members
            if filed_fully_online(first) != filed_fully_online(second):
                self._other[first.slug] = second
                self._other[second.slug] = first

    def of(self, info: ProcedureInfo) -> ProcedureInfo | None:
        """The twin of ``info`` filed through the other channel, or None."""
        return self._other.get(info.slug)

    def said(self, info: ProcedureInfo, text: str) -> ProcedureInfo:
        """The twin of ``info`` whose channel ``text`` says, else ``info`` itself."""
        twin = self._other.get(info.slug)
        if twin is None:
            return info
        online = said_fully_online(text)
        return twin if online is not None and online == filed_fully_online(twin) else info
