"""The one age a message says ("căn cước cho con 15 tuổi") against the ages procedure
names set ("… cho người dưới 14 tuổi", "… từ đủ 14 tuổi trở lên"): twins that differ only
by the age are told apart by it (used by nlu/retrieval.py on its ranked hits).
"""

from __future__ import annotations

import re
from dataclasses import replace

from nlu.normalize import fold
from nlu.types import H

# an age said, not a range the message names ("cho trẻ dưới 14 tuổi", "từ đủ 14 tuổi");
# or in chat, "t" glued to the number right after a person ("cho con 15t", "bé nhà e 10t"; not
# "xe 5t", five tonnes, nor "2t", two million)
AGE_SAID_RE = re.compile(
    r"(?<!duoi )(?<!tren )(?<!du )(?<!tu )(?<!qua )(?<!hon )\b(\d{1,3})\s*tuoi\b"
    r"|\b(?:con|be|chau|em|e|toi|minh|ong|ba|bo|me|anh|nguoi) (\d{1,3})t\b"
)
AGE_BELOW_RE = re.compile(r"\bduoi (\d{1,3}) tuoi\b")
AGE_FROM_RE = re.compile(r"\bdu (\d{1,3}) tuoi\b")
AGE_UNFIT = 0.8  # a name the age does not fit weighs this much


def says_an_age(text: str) -> bool:
    """Whether ``text`` says some age ("cháu 10 tuổi"), not only a range."""
    return bool(AGE_SAID_RE.search(fold(text)))


def fitting_age(hits: list[H], official: dict[str, str], text: str) -> list[H]:
    """``hits`` read with the one age the message says: a name setting ages it does not
    fit ("... cho người dưới 14 tuổi" for "căn cước cho con 15 tuổi") weighs less, and
    a name setting ages it fits takes the better of the two scores (the twins differ
    only by the age, so the words matched say nothing between them)."""
    said = [a or b for a, b in AGE_SAID_RE.findall(fold(text))] if isinstance(text, str) else []
    if len(said) != 1:  # none, or several people's ages: nothing to tell
        return hits
    age = int(said[0])
    fits: dict[str, bool] = {}
    for hit in hits:
        name = official.get(hit.value, "")
        below, from_ = AGE_BELOW_RE.search(name), AGE_FROM_RE.search(name)
        if below is not None or from_ is not None:
            fits[hit.value] = (below is None or age < int(below.group(1))) and (
                from_ is None or age >= int(from_.group(1))
            )
    if not fits or all(fits.values()):
        return hits
    best_unfit = max((h.score for h in hits if fits.get(h.value) is False), default=0.0)
    weighed = []
    for hit in hits:
        fit = fits.get(hit.value)
        if fit is False:
            hit = replace(hit, score=hit.score * AGE_UNFIT)
        elif fit:
            hit = replace(hit, score=max(hit.score, best_unfit))
        weighed.append(hit)
    return sorted(weighed, key=lambda h: -h.score)
