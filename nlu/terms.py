"""Words of procedure names and messages, as the procedure index compares them.

Accent-folded tokens with one spelling of "ký"/"kí"; question words and particles told
by their accented spelling ("số" is one, "sổ" is not); the name of a procedure without
"Thủ tục" and its level; and the everyday phrases expanded with official terms
(``synonyms.yml``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from functools import cache, cached_property, lru_cache
from itertools import pairwise
from pathlib import Path

from knowledge.yaml_data import load_yaml
from nlu.entities import generic_words
from nlu.normalize import fold, normalize, strip_diacritics
from nlu.phrase_gaps import GAP, gapped_parts

SYNONYMS_PATH = Path(__file__).with_name("synonyms.yml")
MAX_CHARS = 600  # longer messages are matched on their first MAX_CHARS characters

_TOKEN_RE = re.compile(r"\w+")
# a gap in a phrase's key (``phrase_key``): "…12", at most 12 words (nlu/phrase_gaps.py)
_GAP_RE = re.compile(rf"^{GAP}(\d+)$")
_I_Y_HEADS = frozenset("bdhklmnpqrstvx")
_LEVEL_SUFFIX_RE = re.compile(
    r"\s*[(\[]\s*(?:thực hiện|thuc hien|tthc)?\s*(?:tại|tai|ở|o)?\s*"
    r"(?:cấp|cap)\s+(?:xã|xa|tỉnh|tinh|huyện|huyen|bộ|bo|trung ương|trung uong)[^)\]]*[)\]]\s*$",
    re.IGNORECASE,
)
_LEADING_THU_TUC_RE = re.compile(r"^\s*thủ tục\s+", re.IGNORECASE)
# the channel and the levels of a vehicle registration's twins ("Cấp lại chứng nhận đăng ký
# xe, biển số xe thực hiện bằng dịch vụ công trực tuyến toàn trình" and "... trực tuyến một
# phần hoặc trực tiếp thực hiện tại cấp trung ương, cấp tỉnh, cấp xã")
_CHANNEL_RE = re.compile(
    r"\s*(?:thực hiện\s+)?(?:bằng\s+)?dịch vụ công\s+(?:trực tuyến\s+)?"
    r"(?:toàn trình|một phần hoặc trực tiếp)(?:\s+thực hiện tại cấp[\w\s,]*)?$",
    re.IGNORECASE,
)


def marks(word: str) -> tuple[str, ...]:
    """The diacritics of ``word`` in order ("bảo": the hook above; "báo": the acute;
    "đ" counts as one), without the letters under them: "ký" and "kí" have the same."""
    return tuple(
        ch
        for ch in unicodedata.normalize("NFD", word.lower())
        if unicodedata.combining(ch) or ch == "đ"
    )


def same_word_written(said: str, key: str) -> bool:
    """Whether a word the user wrote (``said``) may be a phrase's word ``key`` of the
    same folded spelling: always when typed without diacritics, else only with the same
    diacritics ("bảo tự" is not "báo tử")."""
    return said.isascii() or marks(said) == marks(key)


@dataclass(frozen=True)
class Synonyms:
    """Everyday phrases expanded with official terms, and weak words (folded)."""

    expansions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    weak: frozenset[str] = frozenset()
    # a paper lost or wanted again (``reissue_asked``), and names of procedures that
    # issue one again (``reissue_names``): folded phrases, see synonyms.yml
    reissue_asked: tuple[str, ...] = ()
    reissue_names: tuple[str, ...] = ()
    lost_words: frozenset[str] = frozenset()  # folded words saying a paper is lost
    taken_after: frozenset[str] = frozenset()  # ... not when one of these follows
    # phrases that may say a paper is wanted again: each folded, and as written ("lái",
    # drive, is no "lại", again)
    again_said: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    lost_said: tuple[str, ...] = ()  # folded phrases that say a paper is lost, without "mất"
    same_papers: frozenset[str] = frozenset()  # folded keys of expansions, see synonyms.yml
    # a step said to be taken and failed (folded phrase, gaps allowed) -> the folded
    # names of the procedures of that step, which the message no longer asks (``done``)
    done: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # a foreign element: the folded words of procedure names that have it, and phrases
    # that tell one besides the expansions to those words (see synonyms.yml)
    foreign_marker: str = ""
    foreign_for: str = ""  # ... and the words a name for foreigners has ("cho người nước ngoài")
    foreign_said: tuple[str, ...] = ()
    foreign_abroad: tuple[str, ...] = ()  # the marker's words said of abroad ("nước ngoài")
    # twins whose names differ by more than the marker: (plain name, foreign name), as written
    foreign_pairs: tuple[tuple[str, str], ...] = ()
    # each expansion's phrase as written in synonyms.yml (its words, lower case), by key
    written: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    @classmethod
    def load(cls, path: Path = SYNONYMS_PATH) -> Synonyms:
        if not path.exists():
            return cls()
        data = load_yaml(path) or {}
        expansions = []
        written: dict[str, tuple[str, ...]] = {}
        for phrase, targets in (data.get("expansions") or {}).items():
            targets = [targets] if isinstance(targets, str) else list(targets or ())
            key = phrase_key(str(phrase))
            if key and targets:
                expansions.append((key, tuple(str(t) for t in targets)))
                words = tuple(_TOKEN_RE.findall(normalize(" ".join(gapped_parts(str(phrase))[0]))))
                if len(words) == sum(1 for w in key.split(" ") if not _GAP_RE.match(w)):
                    written[key] = words
        # Longest phrases first, so "sổ hồng" is expanded before "hồng".
        expansions.sort(key=lambda e: -len(e[0]))
        weak = frozenset(" ".join(fold_tokens(str(w))) for w in data.get("weak_words") or ())
        reissue = data.get("reissue") or {}
        foreign = data.get("foreign_element") or {}
        return cls(
            tuple(expansions),
            weak,
            written=written,
            reissue_asked=folded_phrases(reissue.get("asked")),
            reissue_names=folded_phrases(reissue.get("names")),
            lost_words=frozenset(folded_phrases(reissue.get("lost"))),
            taken_after=frozenset(folded_phrases(reissue.get("taken"))),
            again_said=tuple(
                (tuple(fold_tokens(str(p))), tuple(_TOKEN_RE.findall(normalize(str(p)))))
                for p in reissue.get("again") or ()
                if fold_tokens(str(p))
            ),
            lost_said=folded_phrases(reissue.get("lost_said")),
            same_papers=frozenset(folded_phrases(data.get("same_papers"))),
            done=tuple(
                (key, folded_phrases(names))
                for phrase, names in (data.get("done") or {}).items()
                if (key := phrase_key(str(phrase)))
            ),
            foreign_marker=" ".join(fold_tokens(str(foreign.get("marker") or ""))),
            foreign_said=folded_phrases(foreign.get("said")),
            foreign_abroad=folded_phrases(foreign.get("abroad")),
            foreign_for=" ".join(fold_tokens(str(foreign.get("for") or ""))),
            foreign_pairs=tuple(
                (str(plain), str(theirs)) for plain, theirs in (foreign.get("twins") or {}).items()
            ),
        )

    def cache_key(self) -> tuple:
        """Every field, in a form whose repr is the same in every process (sets sorted):
        part of the keys the indexes built with these synonyms are cached under."""

        def stable(value: object) -> object:
            if isinstance(value, frozenset | set):
                return tuple(sorted(value))
            if isinstance(value, dict):
                return tuple(sorted(value.items()))
            return value

        return tuple((f.name, stable(getattr(self, f.name))) for f in fields(self))

    def reissue(self, tokens: Sequence[str], names: bool = False) -> bool:
        """Whether folded ``tokens`` ask for a paper again (or, ``names``, name a
        procedure that issues one again)."""
        return _has_phrase(tokens, self.reissue_names if names else self.reissue_asked)

    def says_lost(self, tokens: Sequence[str]) -> bool:
        """Whether folded ``tokens`` say a paper was lost ("mất", "đánh rơi"...)."""
        return bool(self.lost_words.intersection(tokens)) or _has_phrase(tokens, self.lost_said)

    def may_say_again(self, tokens: Sequence[str], said: Sequence[str] = ()) -> bool:
        """Whether folded ``tokens`` that ask for no paper again (``reissue``) may still
        say so in other words ("đổi", "hết hạn"). ``said``: each token as written ("" where
        read otherwise); typed without diacritics "lai" may be "lại", but written "lái"
        (drive: "giấy phép lái xe") it is not."""
        for words, written in self.again_said:
            if words[0] not in tokens:
                continue  # (most phrases, most messages)
            for start, token in enumerate(tokens):
                if token != words[0] or not phrase_at(tokens, words, start):
                    continue
                as_said = tuple(said[start : start + len(words)])
                if len(as_said) < len(words) or all(w.isascii() for w in as_said):
                    return True  # typed bare, or not known as written: it may be
                if as_said == written:
                    return True
        return False

    def says_foreign(self, tokens: Sequence[str], expanded: Sequence[str]) -> bool:
        """Whether folded ``tokens`` (``expanded``: the terms ``expand`` added for them)
        tell a foreign element: a foreign spouse, parent or nationality."""
        if not self.foreign_marker:
            return False
        return _has_phrase(expanded, (self.foreign_marker,)) or _has_phrase(
            tokens, self.foreign_said
        )

    def says_abroad(self, tokens: Sequence[str]) -> bool:
        """Whether folded ``tokens`` say the marker's words of abroad ("nước ngoài"),
        telling a foreign element or not."""
        return _has_phrase(tokens, self.foreign_abroad)

    def done_names(self, tokens: Sequence[str]) -> tuple[str, ...]:
        """The folded names of the steps folded ``tokens`` say were taken and failed
        ("hòa giải ở xã không thành": "hoa giai tranh chap dat dai")."""
        names: list[str] = []
        for key, done in self.done:
            words = key.split(" ")
            if words[0] in tokens and any(
                t == words[0] and phrase_at(tokens, words, i) for i, t in enumerate(tokens)
            ):
                names.extend(done)
        return tuple(names)

    def expand(self, tokens: Sequence[str], said: Sequence[str] = ()) -> list[str]:
        """The official terms of every everyday phrase found in ``tokens``; where two
        phrases overlap, the longer one's only ("nhận con nuôi" is an adoption, not
        "nhận con", a parentage recognised). ``said``: the words as the user wrote them,
        one per token ("" for one read otherwise, a typo corrected): a phrase is found
        only where those written with diacritics have the phrase's ("bảo tự" is not
        "báo tử"; "bao tu" may be)."""
        places: dict[str, list[int]] = {}  # each word's positions in the message
        for start, token in enumerate(tokens):
            places.setdefault(token, []).append(start)
        in_order = tuple(tokens)
        # only the phrases whose first words the message has in a row, longest first
        by_one, by_two = self._by_head_start
        candidates = sorted(
            {i for token in places for i in by_one.get(token, ())}
            | {i for pair in pairwise(in_order) for i in by_two.get(pair, ())}
        )
        covered: set[int] = set()
        added: list[str] = []
        for i in candidates:
            phrase, targets = self.expansions[i]
            words, head = self._words[i], self._heads[i]
            spans = [
                span
                for start in places[words[0]]
                if in_order[start : start + len(head)] == head  # (a quick first look)
                and (span := phrase_at(tokens, words, start))
                and self._written_alike(phrase, [said[p] for p in span if p < len(said)])
            ]
            free = [span for span in spans if covered.isdisjoint(span)]
            if not free:
                continue
            for span in free:
                covered.update(span)
            for target in targets:
                added.extend(_folded(target))
        return added

    def officialised(
        self, tokens: Sequence[str], stops: frozenset[int]
    ) -> list[tuple[tuple[str, ...], frozenset[int]]]:
        """A name's everyday phrases said officially ("đính chính sổ đỏ" -> "đính chính
        giấy chứng nhận quyền sử dụng đất"): one variant per paper named (``same_papers``), as
        folded tokens with the positions of particles; a message in official words then
        finds the everyday name too."""
        variants: list[tuple[tuple[str, ...], frozenset[int]]] = []
        for start, i in self._in_a_row(tokens):
            phrase, targets = self.expansions[i]
            if phrase not in self.same_papers:
                continue
            end = start + len(self._words[i])
            new, new_stops = analyse(targets[0])
            shift = len(new) - len(self._words[i])
            spliced = (*tokens[:start], *new, *tokens[end:])
            moved = {p if p < start else p + shift for p in stops if not start <= p < end}
            moved.update(start + p for p in new_stops)
            variants.append((spliced, frozenset(moved)))
        return variants

    def said_officially_as(
        self, tokens: Sequence[str]
    ) -> list[tuple[frozenset[str], frozenset[str]]]:
        """The everyday phrases written in a row in folded ``tokens``, each as its words
        and the content words of its (first) official phrase ("thi bằng lái xe": "bằng
        lái" is "giấy phép lái xe")."""
        official = self._official_words
        return [(frozenset(self._words[i]), official[i]) for _start, i in self._in_a_row(tokens)]

    def _in_a_row(self, tokens: Sequence[str]) -> Iterator[tuple[int, int]]:
        """(where it starts, which) of every expansion whose words ``tokens`` have in a
        row, gaps not read (a name's own words: ``officialised``, ``said_officially_as``)."""
        by_first = self._by_first_word
        for start, token in enumerate(tokens):
            for i in by_first.get(token, ()):
                words = self._words[i]
                if tuple(tokens[start : start + len(words)]) == words:
                    yield start, i

    @cached_property
    def _official_words(self) -> tuple[frozenset[str], ...]:
        """Each expansion's first official phrase as its content words."""
        return tuple(frozenset(content_words(t[0])) for _phrase, t in self.expansions)

    def _written_alike(self, phrase: str, said: Sequence[str]) -> bool:
        """Whether the words the user wrote where ``phrase`` was found may be it (see
        ``same_word_written``); always when they are not known."""
        written = self.written.get(phrase)
        if not written or len(said) != len(written):
            return True
        return all(not s or same_word_written(s, w) for s, w in zip(said, written, strict=True))

    @cached_property
    def _words(self) -> tuple[tuple[str, ...], ...]:
        """Each expansion's phrase as its words (see ``phrase_key``)."""
        return tuple(tuple(phrase.split(" ")) for phrase, _targets in self.expansions)

    @cached_property
    def _heads(self) -> tuple[tuple[str, ...], ...]:
        """Each expansion's words before its first gap: found together where it is."""
        heads = []
        for words in self._words:
            gap = next((i for i, word in enumerate(words) if _GAP_RE.match(word)), len(words))
            heads.append(words[:gap])
        return tuple(heads)

    @cached_property
    def _by_head_start(
        self,
    ) -> tuple[dict[str, tuple[int, ...]], dict[tuple[str, str], tuple[int, ...]]]:
        """Positions of the expansions by their head's first word (a head of one word)
        and by its first two words (the others): a message has a phrase's first words
        in a row where it has the phrase (``expand``)."""
        by_one: dict[str, list[int]] = {}
        by_two: dict[tuple[str, str], list[int]] = {}
        for i, head in enumerate(self._heads):
            if len(head) > 1:
                by_two.setdefault((head[0], head[1]), []).append(i)
            else:
                by_one.setdefault(head[0], []).append(i)
        return (
            {word: tuple(found) for word, found in by_one.items()},
            {pair: tuple(found) for pair, found in by_two.items()},
        )

    @cached_property
    def _by_first_word(self) -> dict[str, tuple[int, ...]]:
        """Positions of the expansions by their first word (every message asks)."""
        index: dict[str, list[int]] = {}
        for i, words in enumerate(self._words):
            index.setdefault(words[0], []).append(i)
        return {word: tuple(positions) for word, positions in index.items()}


def phrase_key(phrase: str) -> str:
    """An everyday phrase as ``Synonyms`` holds it: its folded words, each gap (see
    nlu/phrase_gaps.py) as "…N" between them ("hòa giải …12 không thành" -> "hoa giai
    …12 khong thanh"); "" for a phrase with no word, or with a gap at an end."""
    parts, widths = gapped_parts(phrase)
    words = [" ".join(fold_tokens(part)) for part in parts]
    if not all(words):
        return ""
    gaps = [f"{GAP}{width}" for width in widths]
    return " ".join(w for pair in zip(words, [*gaps, ""], strict=True) for w in pair if w)


def phrase_at(tokens: Sequence[str], words: Sequence[str], start: int) -> tuple[int, ...]:
    """The positions in ``tokens`` of a phrase's ``words`` (see ``phrase_key``) found from
    ``start``: each run of words in a row, a gap's run at its nearest place within the
    gap; () when the phrase is not there."""
    found: list[int] = []
    at, slack = start, 0
    run: list[str] = []
    for word in (*words, f"{GAP}0"):  # a last, empty gap closes the last run
        gap = _GAP_RE.match(word)
        if not gap:
            run.append(word)
            continue
        width = len(run)
        places = (
            p for p in range(at, at + slack + 1) if tuple(tokens[p : p + width]) == tuple(run)
        )
        place = next(places, None)
        if place is None:
            return ()
        found.extend(range(place, place + width))
        at, slack, run = place + width, int(gap.group(1)), []
    return tuple(found)


@cache
def shipped_synonyms() -> Synonyms:
    """The shipped synonyms (nlu/synonyms.yml), read once for every reader in a process."""
    return Synonyms.load()


def _has_phrase(tokens: Sequence[str], phrases: Sequence[str]) -> bool:
    """Whether one of the folded ``phrases`` is in ``tokens``, as whole words."""
    padded = f" {' '.join(tokens)} "
    return any(f" {p} " in padded for p in phrases)


def folded_phrases(raw) -> tuple[str, ...]:
    """The phrases of a YAML list (None: none), each its folded words joined by one
    space (as ``_has_phrase`` compares them); one without a word is dropped."""
    return tuple(p for p in (" ".join(fold_tokens(str(w))) for w in raw or ()) if p)


def canon(token: str) -> str:
    """One spelling of "ký"/"kí", "lý"/"lí" (folded: "ky"/"ki")."""
    if len(token) == 2 and token[1] == "y" and token[0] in _I_Y_HEADS:
        return token[0] + "i"
    return token


@lru_cache(maxsize=4096)
def _folded(target: str) -> tuple[str, ...]:
    return tuple(fold_tokens(target))


def fold_tokens(text: str) -> list[str]:
    """The accent-folded words of ``text``."""
    return [canon(t) for t in _TOKEN_RE.findall(fold(text[:MAX_CHARS]))]


BARE_SHARE = 0.7  # a message with this share of words without diacritics was typed bare


def analyse(text: str) -> tuple[tuple[str, ...], frozenset[int]]:
    """Folded tokens, and the positions of question words and particles.

    A word is a particle by its accented spelling ("số" is, "sổ" is not); a word
    typed without any diacritics is one when any accented reading of it is. The last
    few messages are remembered: one parse reads a message several times.
    """
    tokens, stops, _ = _analysed(text[:MAX_CHARS])
    return tokens, stops


def written_words(text: str) -> list[str]:
    """The words of ``text`` as written (normalised: lower case, abbreviations
    expanded), one per token of ``analyse``."""
    return _TOKEN_RE.findall(normalize(text[:MAX_CHARS]))


def guessed_stops(text: str) -> frozenset[int]:
    """The positions ``analyse`` reads as particles only by guessing a word typed
    without diacritics ("so" may be "số"; it may as well be "sổ")."""
    return _analysed(text[:MAX_CHARS])[2]


@lru_cache(maxsize=32)
def _analysed(text: str) -> tuple[tuple[str, ...], frozenset[int], frozenset[int]]:
    words = _TOKEN_RE.findall(normalize(text))
    accented, folded = _generic_sets()
    # typed without diacritics: which reading of a bare word was meant is a guess
    bare = sum(w.isascii() for w in words) >= BARE_SHARE * len(words)
    tokens, stops, guessed = [], [], []
    for pos, word in enumerate(words):
        token = canon(strip_diacritics(word))
        tokens.append(token)
        if word in accented:
            stops.append(pos)
        elif word.isascii() and token in folded:
            stops.append(pos)
            if bare:
                guessed.append(pos)
    return tuple(tokens), frozenset(stops), frozenset(guessed)


@lru_cache(maxsize=1)
def _generic_sets() -> tuple[frozenset[str], frozenset[str]]:
    accented = frozenset(generic_words()) | {"thủ", "tục"}
    return accented, frozenset(canon(strip_diacritics(w)) for w in accented)


def stop_words() -> frozenset[str]:
    """Folded question words and particles (they name nothing)."""
    return _generic_sets()[1]


def content_words(text: str) -> set[str]:
    """The accent-folded words of ``text`` that are not question words or particles."""
    tokens, stops = analyse(text)
    return {t for pos, t in enumerate(tokens) if pos not in stops and not t.isdigit()}


def pairs_without_particles(tokens: Sequence[str], stops: frozenset[int]) -> set[str]:
    """The adjacent word pairs of ``tokens`` with neither word at a particle's position
    (``stops``, as ``analyse`` gives them): "sổ đỏ", not "có phải"."""
    return {
        f"{a} {b}"
        for pos, (a, b) in enumerate(pairwise(tokens))
        if pos not in stops and pos + 1 not in stops
    }


def content_pairs(text: str) -> set[str]:
    """The word pairs of ``text`` (accent-folded, next to each other) with neither
    word a question word, particle or number: "bổ nhiệm giám định viên" has "bo nhiem",
    "nhiem giam", ..."""
    return {
        p
        for p in pairs_without_particles(*analyse(text))
        if not any(w.isdigit() for w in p.split())
    }


def base_name(name: str) -> str:
    """The name without "Thủ tục" in front and a level in brackets at the end."""
    return _LEADING_THU_TUC_RE.sub("", _LEVEL_SUFFIX_RE.sub("", name)).strip()


def channel_twin_key(name: str) -> str:
    """For a name that ends with the channel it is filed through ("… thực hiện bằng dịch
    vụ công trực tuyến toàn trình"), the set of its other folded words, sorted: twins
    that differ only by the channel, and by "giấy" before their paper, have the same
    ("Thu hồi chứng nhận đăng ký xe, biển số xe …", "Thu hồi giấy chứng nhận đăng ký,
    biển số xe …"); "" for any other name."""
    base = base_name(name)
    free = _CHANNEL_RE.sub("", base)
    if free == base:
        return ""
    return " ".join(sorted(set(fold_tokens(free)) - {"giay"}))
