"""Whether a word, without its diacritics, is a possible Vietnamese syllable: an onset,
a vowel nucleus and an ending ("nhua" of "nhựa", "xua" of "xưa", "khuyen"), or not
("sihn", "bnag", "chiue", "sinj"). A word the index does not know but which is a
syllable is a word it has not met (nhựa, xưa, chai, mía), not a typo: retrieval
corrects only words that are no syllable (nlu/retrieval.py)."""

from __future__ import annotations

import re

# The onsets, vowel nuclei and endings of Vietnamese syllables, written without
# diacritics ("đ" folds to "d"; "gi" and "qu" are onsets).
ONSETS = ("ngh ng nh ch gh gi kh ph qu th tr b c d g h k l m n p r s t v x").split()
NUCLEI = (
    "a e i o u y ai ao au ay eo eu ia ie iu oa oe oi oo ua ue ui uo uu uy ya ye "
    "ieu oai oay oao oeo uai uay uoi uou uya uye uyu yeu uau"
).split()
ENDINGS = "c ch m n ng nh p t".split()

_SYLLABLE_RE = re.compile(
    "^(?:{})?(?:{})(?:{})?$".format(
        "|".join(sorted(ONSETS, key=len, reverse=True)),
        "|".join(sorted(NUCLEI, key=len, reverse=True)),
        "|".join(sorted(ENDINGS, key=len, reverse=True)),
    )
)


def is_syllable(word: str) -> bool:
    """Whether the folded, lower-case ``word`` is a possible Vietnamese syllable."""
    return bool(_SYLLABLE_RE.match(word))
