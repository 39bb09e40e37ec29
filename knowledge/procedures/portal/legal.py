"""The legal-basis cell of a National Public Service Portal page (dichvucong.gov.vn).

The crawl flattened the "Tên văn bản pháp lý | Mã văn bản" table into one run of
text: each document's name runs into its code cell and the next name ("Luật
37/2018/QH1437/2018/QH14Thông tư 55/2019/TT-BCA55/2019/TT-BCA"), and a code cell
sometimes holds only part of a number. ``parse_legal`` cuts the run at document
numbers, from their grammar and what follows them, and gives one cleaned line per
legal document.

Pure functions over strings, beside ``knowledge.procedures.portal.tables``.
"""

from __future__ import annotations

import re

from knowledge.procedures.portal.tables import LEGAL_HEADER, LOWER, UPPER, is_placeholder, one_line

_ISSUERS = (
    "UBTVQH", "BLĐTBXH", "BNNPTNT", "BVHTTDL", "TANDTC", "VKSNDTC", "BKHĐT", "BTTTT",
    "BGDĐT", "BGTVT", "BTNMT", "BNNMT", "BKHCN", "BTC", "BCA", "BTP", "BXD", "BYT",
    "BQP", "BCT", "BNV", "BNG", "NHNN", "UBND", "HĐND", "VPCP", "BHXH", "KTNN", "TTg",
    "TTG", "CP", "CTN", "BCY", "UBCK", "TCHQ", "TCT", "BDT", "UBDT", "BTNN", "VPQH",
)  # fmt: skip
_DOC_TYPES = ("TTLT", "NQLT", "VBHN", "NĐ", "TT", "QĐ", "NQ", "CT", "PL", "QH", "L", "HD", "KH")
_ISSUER_RX = "|".join(sorted(_ISSUERS, key=len, reverse=True))
_SEP = r"\s?[-_/]\s?"
_DOCNO_BODY = (
    r"\d+(?:\.\d+)?/(?:\d{4}/)?"
    rf"(?:QH\d{{2}}|UBTVQH\d{{2}}|L-CTN"
    rf"|(?:{'|'.join(_DOC_TYPES)})(?:{_SEP}(?:{_ISSUER_RX}|QH\d{{2}}))+"
    rf"|(?:{'|'.join(_DOC_TYPES)})(?=[^A-Za-zĐđ]|$))"
)
_DOCNO = re.compile(r"(?<![/\d])(?<!\d\.)" + _DOCNO_BODY)
_DOCNO_AT = re.compile(_DOCNO_BODY)  # a number glued right after another one
_TYPE_WORDS = re.compile(
    rf"(?<=[{LOWER})\d.])(Luật|Bộ luật|Nghị định|Thông tư liên tịch|Thông tư|Quyết định|"
    r"Nghị quyết|Pháp lệnh|Văn bản hợp nhất)(?:\s+số)?\s*$"
)
# A stray short number between two names ("...VIỆT NAM61Thông tư ..."): a code cell
# holding only part of a number.
_STRAY_CODE = re.compile(
    rf"(?:(?<=[{LOWER}{UPPER})])|(?<=\s\d{{4}}))\d{{1,4}}(?=[{UPPER}][{LOWER}])"
)
_CODE_THEN_WORD = re.compile(rf"(\d/[A-ZĐ]+(?:-[A-ZĐ]{{2,}})*)(?=[{LOWER}])")
# Words that continue a name right after a number glued to them ("…/TT-BCAngày 01/7").
_CONTINUES = re.compile(r"(?:ngày|của|năm|và|tại|được|đã|về)\b")
_NEXT_NAME = re.compile(
    r" (?:Luật|Bộ luật|Nghị định|Thông tư|Quyết định|Nghị quyết|Pháp lệnh|Chỉ thị|Văn bản)\b"
)


def parse_legal(section: str) -> list[str]:
    """One cleaned line per legal document: its name, with its number when the name
    does not already carry it. Rows end at a document number followed at once by the
    next name (a capital) or a number; a number followed by a space is inside a name."""
    text = one_line(section) or ""
    if text.startswith(LEGAL_HEADER):
        text = text[len(LEGAL_HEADER) :]
    if not text or is_placeholder(text):
        return []
    # a date or year run into the next number: "ngày 29/6/202443/2024/QH15"
    text = re.sub(r"((?:ngày|năm)\s*(?:\d{1,2}/\d{1,2}/)?(?:19|20)\d\d)(?=\d{1,4}/)", r"\1 ", text)
    text = re.sub(r"(\s(?:19|20)\d\d)(?=\d{1,4}/(?:19|20)\d\d/)", r"\1 ", text)
    ends = []  # (start, end, code or None)
    matches = list(_DOCNO.finditer(text))
    for m in matches:
        nxt = text[m.end() : m.end() + 1]
        glued = _DOCNO_AT.match(text, m.end())
        if glued and _same_code(glued.group(0), m.group(0)):
            # "Luật 52/2014/QH13" + "52/2014/QH13": the first is the name's
            ends.append((glued.start(), glued.end(), glued.group(0)))
            continue
        if (
            not nxt
            or nxt.isupper()
            or nxt.isdigit()
            or _NEXT_NAME.match(text, m.end())
            or text.startswith("- ", m.end())
            or (nxt.islower() and not _CONTINUES.match(text, m.end()))
        ):
            ends.append((m.start(), m.end(), m.group(0)))
    ends += [
        (m.start(), m.end(), None)
        for m in _STRAY_CODE.finditer(text)
        if not re.search(r"/[A-ZĐ_-]*$", text[: m.start()])
    ]
    result = []
    pos = 0
    for start, end, code in sorted(ends):
        if start < pos:
            continue
        name = _clean_legal_name(text[pos:start])
        name = "" if name.casefold() in ("số", "mã") else name
        pos = end
        if code is None:
            if name:
                result.append(name)
        elif not name:
            result.append(code)
        elif _ONLY_TYPE.fullmatch(name):
            result.append(f"{name} {code}")
        elif re.sub(r"\s", "", code).casefold() in re.sub(r"\s", "", name).casefold():
            result.append(name)
        else:
            result.append(f"{name} ({code})")
    tail = _clean_legal_name(text[pos:])
    if tail and len(tail) > 3:
        result.append(tail)
    result = list(dict.fromkeys(result))
    # a bare number is dropped when another line names the same document
    return [r for r in result if not any(r != o and r in o for o in result)]


_ONLY_TYPE = re.compile(
    r"(?:Luật|Bộ luật|Nghị định|Thông tư liên tịch|Thông tư|Quyết định|Nghị quyết|Pháp lệnh)"
    r"(?:\s+số)?",
    re.I,
)


def _same_code(a: str, b: str) -> bool:
    return re.sub(r"[\s_]", "", a).casefold() == re.sub(r"[\s_]", "", b).casefold()


def _clean_legal_name(text: str) -> str:
    text = _CODE_THEN_WORD.sub(_space_after_code, text.strip(" ;,-"))
    if not re.search(r"/[A-ZĐ_-]*\d{1,4}$", text):  # a stray code cell at the end
        text = re.sub(rf"(?<=[{LOWER}{UPPER}])\d{{1,4}}$", "", text)
    return _TYPE_WORDS.sub("", text).strip(" ;,-")


def _space_after_code(m: re.Match) -> str:
    code = m.group(1)
    glued = m.string[m.end() : m.end() + 1]
    return code if code.endswith("TT") and glued == "g" else code + " "
