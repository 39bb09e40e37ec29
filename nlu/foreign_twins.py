"""A foreign element the message tells ("chồng tôi là người Nhật", "con tôi quốc tịch
Pháp") against the civil-status twins that differ only by it ("Thủ tục đăng ký khai
sinh" and "Thủ tục đăng ký khai sinh có yếu tố nước ngoài"): the twin without it weighs
less, and the one with it takes the better score (the words matched say nothing between
them). Used by nlu/retrieval.py on its ranked hits, as nlu/ages.py is for ages.

What says a foreign element is data (``nlu/synonyms.yml``): the expansions whose target
is the marker ("người Hàn Quốc" -> "có yếu tố nước ngoài"), and the ``foreign_element``
phrases that say it without changing the search ("quốc tịch Pháp"); and a place abroad
(nlu/foreign_places.py), which also chooses the twin "… ở nước ngoài" of a procedure
"… ở trong nước" for someone living abroad (``replaced_twins``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from nlu.terms import base_name, fold_tokens
from nlu.types import H

PLAIN_UNFIT = 0.8  # a twin without the foreign element, for a message that tells one


def _folded(name: str) -> str:
    words = fold_tokens(base_name(name))
    if words[:2] == ["thu", "tuc"]:  # the names are folded: "thu tuc dang ky ..."
        words = words[2:]
    return " ".join(words)


def by_folded_name(official: Mapping[str, str]) -> dict[str, list[str]]:
    """The procedures (values) by their folded name (``_folded``; folding every name
    takes a fifth of a second: the index makes this once for all its twin tables)."""
    by_name: dict[str, list[str]] = {}
    for value, name in official.items():
        by_name.setdefault(_folded(name), []).append(value)
    return by_name


def marker_twins(
    official: Mapping[str, str],
    marker: str,
    for_marker: str = "",
    pairs: Sequence[tuple[str, str]] = (),
    *,
    by_name: Mapping[str, list[str]] | None = None,
) -> dict[str, str]:
    """Each procedure whose name is another's without ``marker`` (folded words, "co yeu
    to nuoc ngoai"), or the words before ``for_marker`` of another's ("gia han tam tru"
    of "gia han tam tru cho nguoi nuoc ngoai tai viet nam") -> that other one: plain
    value -> foreign value (the civil twins' marker too, nlu/civil_twins.py: "cho nguoi da
    co ho so giay to ca nhan"). ``pairs`` name twins in other words ("Đăng ký tạm trú",
    "Khai báo tạm trú cho người nước ngoài ..."), as written. ``by_name``: ``official``
    already as ``by_folded_name`` gives it."""
    by_name = by_folded_name(official) if by_name is None else by_name
    twins: dict[str, str] = {}
    for name, values in by_name.items():
        padded = f" {name} "
        if marker and f" {marker} " in padded:
            plain = " ".join(padded.replace(f" {marker} ", " ", 1).split())
        elif for_marker and f" {for_marker} " in padded:
            plain = padded.split(f" {for_marker} ", 1)[0].strip()
        else:
            continue
        for value in by_name.get(plain, ()):
            twins.setdefault(value, values[0])
    for plain, theirs in pairs:
        foreign = by_name.get(_folded(theirs))
        for value in by_name.get(_folded(plain), ()) if foreign else ():
            twins.setdefault(value, foreign[0])
    return twins


def replaced_twins(
    official: Mapping[str, str],
    home: str,
    away: str,
    *,
    by_name: Mapping[str, list[str]] | None = None,
) -> dict[str, str]:
    """Each procedure whose name has ``home`` (folded words, "o trong nuoc") -> the one
    whose name has ``away`` there instead ("o nuoc ngoai"; a civil registration's "dang
    ki" -> "dang ki lai", nlu/civil_twins.py): plain value -> twin; ``by_name`` as for
    ``marker_twins``."""
    by_name = by_folded_name(official) if by_name is None else by_name
    twins: dict[str, str] = {}
    for name, values in by_name.items() if home and away else ():
        padded = f" {name} "
        if f" {home} " not in padded:
            continue
        for theirs in by_name.get(
            " ".join(padded.replace(f" {home} ", f" {away} ", 1).split()), ()
        )[:1]:
            for value in values:
                twins.setdefault(value, theirs)
    return twins


def fitting_foreign(
    hits: list[H], twins: Mapping[str, str], make: Callable[[str, float], H | None]
) -> list[H]:
    """``hits`` of a message that tells a foreign element: each twin without it weighs
    ``PLAIN_UNFIT`` as much, and its twin with it (``make`` builds one not among the
    hits) has at least the plain one's score. A plain one whose twin is "" has none of
    its own (a copy of an extract of a register gone, nlu/civil_twins.py): the best of
    the hits that are a chosen twin takes its score instead."""
    if not any(h.value in twins for h in hits):
        return hits
    by_value: dict[str, H] = {h.value: h for h in hits}
    chosen = set(twins.values())
    for hit in hits:
        foreign_value = twins.get(hit.value)
        if foreign_value is None:
            continue
        by_value[hit.value] = replace(hit, score=hit.score * PLAIN_UNFIT)
        if not foreign_value:
            foreign_value = next((h.value for h in hits if h.value in chosen), "")
            if not foreign_value:
                continue
        foreign = by_value.get(foreign_value)
        if foreign is None:
            made = make(foreign_value, hit.score)
            if made is not None:
                by_value[foreign_value] = made
        elif foreign.score < hit.score:
            by_value[foreign_value] = replace(foreign, score=hit.score)
    return sorted(by_value.values(), key=lambda h: -h.score)


def plain_first(hits: list[H], twins: Mapping[str, str]) -> list[H]:
    """``hits`` of a message that tells no foreign element: a twin with one (``twins``:
    plain -> with it) never ranks above its plain twin among the hits; the two swap
    scores. "đăng ký kết hôn với bạn gái quê Đồng Nai" matched the phrasing "kết hôn với
    bạn gái người nước ngoài" a little better than the marriage itself. (Not for a
    message that says "nước ngoài": ``Synonyms.says_abroad``.)"""
    plain_of = {foreign: plain for plain, foreign in twins.items()}
    at = {h.value: i for i, h in enumerate(hits)}
    swapped = list(hits)
    for i, hit in enumerate(hits):
        j = at.get(plain_of.get(hit.value, ""))
        if j is not None and hits[j].score < hit.score:
            swapped[i] = replace(hit, score=hits[j].score)
            swapped[j] = replace(hits[j], score=hit.score)
    if swapped == hits:
        return hits
    return sorted(swapped, key=lambda h: -h.score)
