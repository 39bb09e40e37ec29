"""Names of administrative units as text: folding keys, type words and word lists.

A name is compared folded to ASCII without spaces (:func:`fold_key`), so "Gò Vấp",
"go vap" and "govap" meet; the diacritics are kept aside (:func:`accent_key`) to tell
apart names that differ only by them. The word lists say which words are type words
("phường", "q", "thành phố"), which end a name, and which are only the words around one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from knowledge.text import fold

_NON_ALNUM_RE = re.compile(r"[^0-9a-z]+")
_LEADING_ZERO_RE = re.compile(r"(?<![0-9])0+(?=[0-9])")
_TOKEN_RE = re.compile(r"[^\W_]+")
_PAREN_SUFFIX_RE = re.compile(r"\s*\([^)]*\)\s*$")
_GLUED_NUMBER_RE = re.compile(r"^(p|f|q|ph|phuong|quan|ward|district)(\d+)$")


@lru_cache(maxsize=65536)
def fold_key(text: str) -> str:
    """Fold and drop everything but ASCII letters and digits: ``"Quận 04"`` -> ``"quan4"``.

    Leading zeros of numbers are dropped so "phường 05" and "phường 5" meet.
    """
    return _LEADING_ZERO_RE.sub("", _NON_ALNUM_RE.sub("", fold(text)))


def accent_key(text: str) -> str:
    """Lower case NFC without spaces or punctuation, diacritics kept (``"cẩmgiàng"``)."""
    text = unicodedata.normalize("NFC", text).lower()
    return "".join(_TOKEN_RE.findall(text))


def plain_words(name: str) -> list[str]:
    """The folded words of a name: ``"Gò Vấp"`` -> ``["go", "vap"]``."""
    return [w for w in _NON_ALNUM_RE.split(fold(name)) if w]


def drop_paren_suffix(name: str) -> str:
    """A name without its trailing remark: ``"Long Phú (Thị trấn)"`` -> ``"Long Phú"``."""
    return _PAREN_SUFFIX_RE.sub("", name)


def word_tokens(raw: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Word tokens (diacritics kept) and their character spans; "p13" -> "p", "13"."""
    spans: list[tuple[int, int]] = []
    words: list[str] = []
    for m in _TOKEN_RE.finditer(raw):
        word = m.group()
        glued = _GLUED_NUMBER_RE.match(fold(word))
        if glued:
            cut = m.start() + len(glued.group(1))
            spans += [(m.start(), cut), (cut, m.end())]
            words += [raw[m.start() : cut], raw[cut : m.end()]]
        else:
            spans.append(m.span())
            words.append(word)
    return spans, words


# ------------------------------------------------------------------- type and other words

#: Levels of a name: a commune-level unit (old or new), a legacy district, a province.
WARD, DISTRICT, PROVINCE = "ward", "district", "province"

#: Type words as folded token sequences -> the (level, folded type) pairs they can mean.
TYPE_WORDS: dict[tuple[str, ...], frozenset[tuple[str, str]]] = {
    ("phuong",): frozenset({(WARD, "phuong")}),
    ("p",): frozenset({(WARD, "phuong")}),
    ("f",): frozenset({(WARD, "phuong")}),
    ("ph",): frozenset({(WARD, "phuong")}),
    ("ward",): frozenset({(WARD, "phuong")}),
    ("xa",): frozenset({(WARD, "xa")}),
    ("x",): frozenset({(WARD, "xa")}),
    ("thi", "tran"): frozenset({(WARD, "thitran")}),
    ("tt",): frozenset({(WARD, "thitran")}),
    ("dac", "khu"): frozenset({(WARD, "dackhu")}),
    ("quan",): frozenset({(DISTRICT, "quan")}),
    ("q",): frozenset({(DISTRICT, "quan")}),
    ("district",): frozenset({(DISTRICT, "quan")}),
    ("huyen",): frozenset({(DISTRICT, "huyen")}),
    ("h",): frozenset({(DISTRICT, "huyen")}),
    ("thi", "xa"): frozenset({(DISTRICT, "thixa")}),
    ("tx",): frozenset({(DISTRICT, "thixa")}),
    ("thanh", "pho"): frozenset({(DISTRICT, "thanhpho"), (PROVINCE, "thanhpho")}),
    ("tp",): frozenset({(DISTRICT, "thanhpho"), (PROVINCE, "thanhpho")}),
    ("tinh",): frozenset({(PROVINCE, "tinh")}),
}
#: The type words as written with diacritics: one typed with other marks is another
#: word ("đặc xá cho vợ" is a pardon, not "xã Chờ"; "quán" is a shop, not "quận").
TYPE_WORDS_WRITTEN: dict[tuple[str, ...], str] = {
    ("phuong",): "phường",
    ("xa",): "xã",
    ("thi", "tran"): "thịtrấn",
    ("dac", "khu"): "đặckhu",
    ("quan",): "quận",
    ("huyen",): "huyện",
    ("thi", "xa"): "thịxã",
    ("thanh", "pho"): "thànhphố",
    ("tinh",): "tỉnh",
}


def type_words_at(
    toks: list[str], orig: list[str], start: int, n: int
) -> frozenset[tuple[str, str]] | None:
    """What the ``n`` words from ``start`` can mean as a type word ("phường", "tp"),
    folded in ``toks``; None when they are none, or were typed with other diacritics
    (``orig``: as typed)."""
    words = tuple(toks[start : start + n])
    types = TYPE_WORDS.get(words)
    if not types:
        return None
    written = TYPE_WORDS_WRITTEN.get(words)
    if written and not accent_compatible(accent_key("".join(orig[start : start + n])), written):
        return None
    return types


#: Folded type prefixes that may open a package keyword ("phuongannghiep", "q4", "tpninhbinh").
TYPE_PREFIXES = tuple(sorted({"".join(words) for words in TYPE_WORDS}, key=len, reverse=True))
#: Words after "xã"/"phường" that make a common phrase, not a name: "xã hội" (society:
#: "bảo hiểm xã hội", typed "xa hoi mot lan", is no misspelt "Xã Huổi Một"), "phường viên".
NOT_A_NAME = frozenset({"hoi", "vien"})
#: Words that end the name part after a type word when looking for a misspelt name.
STOP_WORDS = frozenset(
    "nao moi cu nay do gi cua o thi la gio thuoc va hay hoac sang den toi minh em anh chi "
    "nhe vay the truoc day kia nhap vao dau bay nhung gom co khong ko roi".split()
)
#: Words a name read without a type word may not consist of only ("là gì" is not
#: thị xã La Gi).
FUNCTION_WORDS = frozenset(
    "la gi o dau nao nay cua toi minh co khong ko duoc thi va voi hoi em anh chi a nhe ma "
    "the sao gom nhung cac da bi ra roi vay nhi nha ha oi day kia do gio cu thuoc vao sang "
    "den tu trong bao nhieu lam can con ban".split()
)
#: Words that may surround a bare ward name ("bến thành giờ là phường nào") without
#: making the message about something else ("trung tâm hành chính công gần nhất").
FILLER_WORDS = FUNCTION_WORDS | frozenset(
    "cho moi doi dia bay hien tai truoc xin giup biet muon tra cuu xem so nha nam ten don vi "
    "hanh chinh sap nhap sau khi thanh ay vang ok bot ad phuong xa quan huyen tinh tran pho "
    "tp tx p q f h x tt dac khu hay hoac cai con nua u ve theo se dang van ban ong ba chu bac "
    "dung phai hong chua lai thay noi vui long cam on ua ah giu ten goi hoac nhi".split()
)

_UNIT_TYPES = ("Phường", "Xã", "Thị trấn", "Đặc khu")


def type_from_name(name: str, given: str) -> str:
    """The type word a name starts with; the package's type field disagrees with the name
    for a few units (Phường Tân Lộc, Cần Thơ, is given as "Xã")."""
    folded = fold_key(name)
    for label in _UNIT_TYPES:
        if folded.startswith(fold_key(label)) and fold_key(given) != fold_key(label):
            if not folded.startswith(fold_key(given) or "\0"):
                return label
    return given


def strip_type(key: str) -> str:
    """A folded key without its leading type word: ``"phuongtandinh"`` -> ``"tandinh"``."""
    for prefix in TYPE_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


def syllable_bounds(name: str, key: str) -> frozenset[int] | None:
    """Syllable boundaries of ``name`` inside ``key`` ("Sìn Hồ", "sinho" -> {3}).

    Leading words that are not part of ``key`` (a type word) are skipped; None when the
    words do not line up with the key.
    """
    words = [_LEADING_ZERO_RE.sub("", w) for w in _NON_ALNUM_RE.split(fold(name)) if w]
    while words and "".join(words) != key:
        if not key.endswith("".join(words[1:])) or len(words) == 1:
            return None
        words = words[1:]
    if not words:
        return None
    cuts: list[int] = []
    pos = 0
    for w in words[:-1]:
        pos += len(w)
        cuts.append(pos)
    return frozenset(cuts)


def accent_compatible(typed: str, name: str) -> bool:
    """Whether what the user typed fits the name's diacritics: missing marks are fine,
    different ones are not ("gia đình" is not "gia định")."""
    if len(typed) != len(name):
        return False
    return all(t == n or t == fold(n) for t, n in zip(typed, name, strict=True))
