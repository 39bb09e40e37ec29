"""Small talk the classifier is unsure of, said with words small talk never uses.

The classifier reads accent-folded words and their letters, so a short message can
land on small talk by a chance likeness: "làm sổ hưu" read as thanks ("hưu" is the
"hữu" of "thông tin rất hữu ích"), and was answered "Dạ, không có gì ạ". Small talk read
with less than ``SURE`` confidence that says a word none of the small-talk examples
(``nlu/data``) says is marked (``Parse.odd_small_talk``); the dialogue then does not
answer it as small talk when it names something to do ("làm sổ hưu"), but says it lacks
that procedure (flows.intent_routing). Sure small talk stays small talk whatever it says
("cảm ơn anh Tuấn"), and so does odd small talk that names nothing to do ("ok vậy nha,
bye bye").
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from nlu.normalize import fold, normalize
from nlu.training_data import TrainingDataError, load_examples

logger = logging.getLogger(__name__)

# The intents that are only talk (flows.intent_routing.SMALL_TALK answers them)
SMALL_TALK_INTENTS = frozenset(
    {"greet", "thank", "goodbye", "affirm", "deny", "ask_bot_identity", "ask_to_repeat"}
)
_WORD = re.compile(r"\w+")
SURE = 0.7  # at or above it, small talk is read as such whatever its words


@dataclass(frozen=True)
class SmallTalkWords:
    """The words of the small-talk examples, as written and accent-folded."""

    words: frozenset[str]
    folded: frozenset[str]

    def unsure_of(self, intent: str, confidence: float, text: str) -> bool:
        """Whether ``intent`` (small talk, below ``SURE``) says words small talk never
        uses: compared with their diacritics when the message has any ("thẻ" is no "thế"),
        else folded. Without examples nothing is doubted."""
        if intent not in SMALL_TALK_INTENTS or confidence >= SURE or not self.words:
            return False
        said = _words(text)
        if all(w.isascii() for w in said):
            return not {fold(w) for w in said} <= self.folded
        return not said <= self.words


@cache
def small_talk_words(data_dir: Path) -> SmallTalkWords:
    """The small-talk words of the training data in ``data_dir`` (read once; none when
    the data cannot be read: the model then answers as it reads)."""
    try:
        examples = load_examples(data_dir)
    except TrainingDataError as exc:
        logger.warning("no small-talk words: %s", exc)
        return SmallTalkWords(frozenset(), frozenset())
    words: set[str] = set()
    for example in examples:
        if example.intent in SMALL_TALK_INTENTS:
            words |= _words(example.text)
    return SmallTalkWords(frozenset(words), frozenset(fold(w) for w in words))


def _words(text: str) -> set[str]:
    """The words of ``text`` as normalised (abbreviations written out), particles too:
    "lam so huu" has no content word folded but "hưu", yet no small talk says "so"."""
    return set(_WORD.findall(normalize(text)))
