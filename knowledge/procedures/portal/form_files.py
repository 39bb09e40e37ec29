"""Attached form files in a documents row of a National Public Service Portal page.

The portal lists a row's attached forms by file name in the "Mẫu đơn, tờ khai" cell,
and the crawl runs that cell into the paper's name before it and into the next file
name or the quantity after it: "...NĐ-CPMẫu số 26.docx1 bản chính",
"...nội trú.01B-HSB.docx14-HSB.docx0 bản chính", "...TT-BTC.315Phụ lục IV.docx315Phụ
lục II.docx". ``split_form_files`` takes the file names out of the paper's name;
``file_label`` turns one into the label shown as the paper's form (no extension, no
procedure code, no upload number), or "" when nothing in it names a form or a citizen
could not read it (``is_readable_label``): the form is then unknown, not garbled.

Pure functions over one row's text, used by ``knowledge.procedures.portal.tables``.
"""

from __future__ import annotations

import re
import unicodedata

# A file extension, then the end of the cell, the next file name or the quantity
# ("...Phụ lục IV.docx315Phụ lục II.docx1 bản chính"): never more of a word.
_FILE_EXT = re.compile(
    r"\.(?:docx|doc|pdf|xlsx|xls|rtf|odt|zip|rar)"
    r"(?=$|[^a-z]|m[ẫãa]u|phụ|phu|pl|tk|tờ|to|đơn|don|bm|qđ|qd)"
)
_FILE_PREFIX = re.compile(
    r"(?:m[ẫa]u|phụ lục|phu luc|pl\b|pl\d|bm\b|bm[.\d]|biểu mẫu|bieu mau|tờ khai|to khai|"
    r"đơn|don\b|phiếu|phieu|qđ|qd|tk\s?\d|tphs|tt\d|dkx|đkx|mau\d|mẫu\d|mus\d)",
    re.I,
)
_STRONG_PREFIX = re.compile(r"m[ẫa]u|phụ lục|phu luc", re.I)
# The portal's upload number before a form's own name: "315Phụ lục II", "31-Mẫu số 1a-BCA".
_UPLOAD_NUMBER = re.compile(r"^\d{1,3}-?\s?(?=m[ẫa]u|ph[ụu] ?l[ụu]c)", re.I)
_LEFT_EXTENSION = re.compile(r"[.\-_ ]+(?:docx|doc|pdf|xlsx|xls)$", re.I)


def split_form_files(text: str) -> tuple[str, tuple[str, ...]]:
    """Name and attached form files ("...NĐ-CPMau38.docxMau40.docx" -> name, (Mau38, Mau40))."""
    exts = [e for e in _FILE_EXT.finditer(text) if _is_file_extension(text, e)]
    if not exts:
        return text, ()
    first = exts[0]
    start = _file_start(text, first.start())
    if start is None:  # no sure start of the file name: keep the text, drop the extension
        return text[: first.start()] + text[first.end() :], ()
    files = []
    pos = start
    for ext in exts:
        files.append(text[pos : ext.start()].strip(" -;,"))
        pos = ext.end()
    name = text[:start] + " " + text[pos:]
    return name, tuple(f for f in files if f)


def _is_file_extension(text: str, ext: re.Match) -> bool:
    """The end of a file name: glued to it, or after one space when the next cell follows
    at once ("TK 1.001765 (Tổ chức) .docx1 bản chính"); not quoted prose ('đuôi “.doc”'),
    not inside a web address."""
    at = ext.start()
    if at == 0 or text[at - 1] in "“\"'":
        return False
    if text[at - 1] == " ":
        glued_after = ext.end() == len(text) or not text[ext.end()].isspace()
        if at < 2 or text[at - 2].isspace() or not glued_after:
            return False
    web = text.rfind("http", 0, at)
    return web < 0 or any(ch.isspace() for ch in text[web:at])


def _file_start(text: str, ext_at: int) -> int | None:
    """Where the first attached file name begins: the earliest glued boundary (no
    space before it) in the 120 characters before its extension that starts like a
    form file name, with the upload number glued before it after a full stop
    ("TT-BTC.315Phụ lục IV"); otherwise the last glued boundary between words; otherwise
    a name opening with a number; None when there is none."""
    lo = max(0, ext_at - 120)
    boundaries = []
    for p in range(lo, ext_at):
        ch, prev = text[p], text[p - 1] if p else " "
        if not ch.isalnum() or prev.isspace() or p == 0 or _in_number(text, p):
            continue
        strong = (
            (prev in '.;:)]”"' and not ch.isdigit())
            or (ch.isupper() and prev.islower())
            or (ch.isupper() and prev.isupper() and text[p + 1 : p + 2].islower())
            or (prev.isalpha() and _STRONG_PREFIX.match(text, p) is not None)
        )
        weak = (prev in ",.;:)" and ch.isdigit()) or (ch.isdigit() and prev.islower())
        if strong or weak or (ch.isupper() and prev.isdigit()):
            boundaries.append((p, strong))
    for p, _strong in boundaries:
        if _FILE_PREFIX.match(text, p) or _UPLOAD_NUMBER.match(text[p:ext_at]):
            return _with_upload_number(text, p)
    strong = [p for p, is_strong in boundaries if is_strong]
    if strong:
        return strong[-1]
    coded = [p for p, _ in boundaries if re.match(r"\d\.\d{6}", text[p:ext_at])]
    if coded:
        return coded[0]  # a file named by the procedure code
    # A name opening with a number after a full stop or bracket ("...nội trú.01B-HSB.docx",
    # "(Mẫu số 01/BĐS)01 BĐS"), or, with words in it, after a word ("...theo mẫu quy
    # định1.2. Don de nghi ...docx"); not "Mus02" read as "Mus" + a file "02".
    after_stop = [p for p, _ in boundaries if text[p].isdigit() and text[p - 1] in ".;)"]
    if after_stop:
        return after_stop[0]
    after_word = [
        p
        for p, _ in boundaries
        if text[p].isdigit() and text[p - 1].isalpha() and re.search(r"[^\W\d]", text[p:ext_at])
    ]
    return after_word[0] if after_word else None


def _in_number(text: str, p: int) -> bool:
    """A digit going on a decimal or a section number ("Điều 5.033"), not a new cell."""
    return text[p].isdigit() and p >= 2 and text[p - 1] in ".," and text[p - 2].isdigit()


def _with_upload_number(text: str, start: int) -> int:
    digits = start
    while digits > 0 and text[digits - 1].isdigit():
        digits -= 1
    after_stop = digits > 1 and text[digits - 1] in ".;" and not _in_number(text, digits)
    if digits < start and after_stop and _UPLOAD_NUMBER.match(text[digits:]):
        return digits
    return start


def file_label(name: str) -> str:
    """An attached form's file name as a label: no procedure code, copy number, upload
    number, leftover extension or '_'; "" when no letter is left ("11", "1.004480") or
    a citizen could not read it (``is_readable_label``)."""
    name = re.sub(r"\s*\(\d\)\s*$", "", name.strip())
    name = _LEFT_EXTENSION.sub("", name)
    name = _UPLOAD_NUMBER.sub("", name)
    name = re.sub(r"[-_ ]*\b\d\.\d{6}\b", " ", name).replace("_", " ")
    words = name.split("-")
    if " " not in name and sum(1 for w in words if any(c.islower() for c in w)) >= 3:
        name = " ".join(words)  # a web-style name: "Mẫu-NA12,-Đơn-xin-thường-trú-..."
    name = re.sub(r"\s+", " ", name).strip(" -.")
    return name if any(ch.isalpha() for ch in name) and is_readable_label(name) else ""


_LETTERS = re.compile(r"[^\W\d_]+")


def is_readable_label(label: str) -> bool:
    """Whether a citizen can read a file label as a form's name or code; not when it is:

    - one bare word of letters, with no number, space or sign: a fragment of a name cut
      at a capital ("II", "Ng", "K"), an abbreviation naming no form ("TK", "GCN") or
      the portal's name run together ("Vanbandenghi", "MauBankhaichung", "nxinnhnconnui");
      a form code has a number ("CT01", "NA12", "01B-HSB"), a name has spaces;
    - one word with no accent holding a run of 8 or more letters, not all capitals:
      such a name run into a code or a number ("Txuynbingii-Tchc", "Phulucso05a");
    - holding a capitalised word with no vowel: the portal's name with its accented
      vowels dropped ("Phlc1", "Phlcs05Thngt01", "Knngh-Copy"); every Vietnamese
      word has a vowel, and abbreviations are in capitals ("TK", "BNNMT") or lower case
      ("sđ", "tt11").
    """
    if " " not in label:
        if _LETTERS.fullmatch(label):
            return False
        runs = _LETTERS.findall(label)
        if not _has_accent(label) and any(len(r) >= 8 and not r.isupper() for r in runs):
            return False
    return not any(_vowelless_capitalised(w) for w in _words(label))


def _words(label: str):
    """Words of a label: its runs of letters, split where a capital follows a small
    letter ("PhlcVII" -> "Phlc", "VII")."""
    for run in _LETTERS.findall(label):
        start = 0
        for i in range(1, len(run)):
            if run[i].isupper() and run[i - 1].islower():
                yield run[start:i]
                start = i
        yield run[start:]


def _vowelless_capitalised(word: str) -> bool:
    if len(word) < 2 or not word[0].isupper() or not word[1:].islower():
        return False
    return not any(unicodedata.normalize("NFD", ch)[0].lower() in "aeiouy" for ch in word)


def _has_accent(text: str) -> bool:
    return any(ch in "đĐ" or unicodedata.normalize("NFD", ch) != ch for ch in text)
