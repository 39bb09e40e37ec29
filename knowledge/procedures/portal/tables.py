"""Text-level parsing of one National Public Service Portal page (dichvucong.gov.vn).

The public crawl kept each procedure page as flattened text: HTML tables lost their
cell boundaries, so "Hình thức nộp | Thời gian | Phí, lệ phí | Mô tả" rows read
"Trực tuyến5 Ngày làm việc70,000 VNĐ(70.000 đồng/Giấy chứng nhận)Dịch vụ bưu chính...".
The functions here recover the sections of a page and the rows of its tables from the
grammar of each cell (a channel name, a time with its unit, a fee token, a fee note
in parentheses, a quantity "N bản chính[,M bản sao]"). Where a cell cannot be told
apart from its neighbours, the value is left unknown (None) rather than guessed.

Pure functions over strings; the legal-basis cell is parsed in
``knowledge.procedures.portal.legal``, and ``knowledge.procedures.portal.record`` turns their
output into procedure records.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from knowledge.procedures.portal.form_files import file_label, split_form_files

PLACEHOLDER = "Không có thông tin"  # the portal's "unknown"
# Vietnamese letters, for regex character classes
LOWER = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
UPPER = LOWER.upper()

# -- text cleaning -----------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\uf0a7\uf0b7\uf0d8\uf0fc]+")
_MENU_TAIL = re.compile(r"(Chọn cơ quan thực hiện|Hệ thống chỉ hiển thị).*$", re.S)

# A fee cell of "Miễn phí" with a note (the answers put such a note's amounts first).
PORTAL_FREE_WITH_NOTE = "Cổng Dịch vụ công ghi “Miễn phí”, kèm ghi chú: "


def normalise(text: str | None) -> str:
    """NFC, one kind of space, no page-menu tail; newlines kept."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = _MENU_TAIL.sub("", text)
    text = _SPACES.sub(" ", text)
    lines = (line.strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def one_line(text: str | None) -> str | None:
    """Whitespace collapsed to single spaces; None for empty text or the placeholder."""
    text = re.sub(r"\s+", " ", normalise(text)).strip()
    if not text or is_placeholder(text):
        return None
    return text


def is_placeholder(text: str) -> bool:
    return text.strip(" .:-\n").casefold() in {"", PLACEHOLDER.casefold(), "--"}


_NONE_VALUES = {"không", "không có", "không quy định", "không có yêu cầu", "không yêu cầu"}


def is_none_statement(text: str) -> bool:
    """'Không', 'Không có.' ...: the portal's way of saying there is nothing here."""
    return text.strip(" .:;-\n").casefold() in _NONE_VALUES


# -- sections of a page ------------------------------------------------------------

# Labels of the page in the order the portal prints them (field, label).
_HEAD_LABELS = (
    ("name", "Tên thủ tục"),
    ("code", "Mã thủ tục"),
    ("decision", "Số quyết định"),
    ("level", "Cấp thực hiện"),
    ("kind", "Loại thủ tục"),
    ("field", "Lĩnh vực"),
    ("who", "Đối tượng thực hiện"),
    ("authority", "Cơ quan có thẩm quyền"),
    ("address", "Địa chỉ tiếp nhận HS"),
    ("delegated", "Cơ quan được ủy quyền"),
    ("partner", "Cơ quan phối hợp"),
    ("related", "Thủ tục hành chính liên quan"),
    ("steps", "Trình Tự Thực Hiện"),
    ("channels", "Cách Thức Thực Hiện"),
)
_DOCS = "Thành phần hồ sơ"
_DOC_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
_LEGAL = "Căn cứ pháp lý"
LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
_AGENCY = "Cơ quan thực hiện"
_CONDITIONS = "Yêu cầu, điều kiện thực hiện"
_RESULT = "Kết quả xử lý"
_KEYWORDS = "Từ khóa"
_DESCRIPTION = "Mô tả"


def split_sections(raw_text: str) -> dict[str, str]:
    """The page's sections by field name (see ``_HEAD_LABELS``, plus documents,
    legal, agency, conditions, result). A label that is missing leaves its field out."""
    text = unicodedata.normalize("NFC", raw_text or "")
    for tail in ("Chọn cơ quan thực hiện", "Hệ thống chỉ hiển thị"):
        cut = text.rfind(tail)
        if cut > 0:
            text = text[:cut]
    marks: list[tuple[str, int, int]] = []  # (field, label start, content start)
    pos = 0
    for field, label in _HEAD_LABELS:
        at = text.find(label, pos)
        if at >= 0:
            marks.append((field, at, at + len(label)))
            pos = at + len(label)
    docs_at = _find_docs_label(text, pos)
    if docs_at >= 0:
        marks.append(("documents", docs_at, docs_at + len(_DOCS)))
        pos = docs_at + len(_DOCS)
    legal_at = text.find(_LEGAL + LEGAL_HEADER, pos)
    tail_start = text.find(_AGENCY, legal_at if legal_at >= 0 else pos)
    if legal_at < 0:
        legal_at = text.rfind(_LEGAL, pos, tail_start if tail_start >= 0 else len(text))
    if legal_at >= 0:
        marks.append(("legal", legal_at, legal_at + len(_LEGAL)))
        tail_start = text.find(_AGENCY, legal_at)
    if tail_start >= 0:
        marks.append(("agency", tail_start, tail_start + len(_AGENCY)))
        cond_at = text.find(_CONDITIONS, tail_start)
        if cond_at >= 0:
            marks.append(("conditions", cond_at, cond_at + len(_CONDITIONS)))
            end = text.rfind(_DESCRIPTION)
            end = end if end > cond_at else len(text)
            kw_at = text.rfind(_KEYWORDS, cond_at, end)
            result_at = text.rfind(_RESULT, cond_at, kw_at if kw_at > 0 else end)
            if result_at >= 0:
                marks.append(("result", result_at, result_at + len(_RESULT)))
            if kw_at >= 0:
                marks.append(("keywords", kw_at, kw_at + len(_KEYWORDS)))
            if end < len(text):
                marks.append(("description", end, end + len(_DESCRIPTION)))
    marks.sort(key=lambda m: m[1])
    sections = {"title": text[: marks[0][1]] if marks else text}
    for i, (field, _at, start) in enumerate(marks):
        stop = marks[i + 1][1] if i + 1 < len(marks) else len(text)
        sections[field] = text[start:stop]
    return sections


def _find_docs_label(text: str, pos: int) -> int:
    """The documents label: the first one glued to the end of the channel table.

    A channel description may itself say "Thành phần hồ sơ:" on a new line, and a
    case heading may start with those words ("* Thành phần hồ sơ đăng ký ..."); the
    label proper follows the last table cell without a space.
    """
    header = text.find(_DOC_HEADER, pos)
    limit = header if header >= 0 else text.find(_LEGAL, pos)
    limit = limit if limit >= 0 else len(text)
    first = text.find(_DOCS, pos, limit)
    at = first
    while 0 <= at < limit:
        if at > 0 and not text[at - 1].isspace():
            return at
        at = text.find(_DOCS, at + 1, limit)
    return first


# -- channels table ------------------------------------------------------------------

CHANNEL_NAMES = {"Trực tiếp": "in_person", "Trực tuyến": "online", "Dịch vụ bưu chính": "post"}
_UNITS = "Ngày làm việc|Ngày lịch|Ngày|Giờ làm việc|Giờ|Tháng|Năm|Phút|Tuần"
_CURRENCY = "Việt Nam Đồng|VNĐ|VND|Đồng|đồng|USD|EUR"
_FEE_AHEAD = rf"(?=Miễn phí|{PLACEHOLDER}|\d[\d,.]* ?(?:{_CURRENCY}))"
_ROW = re.compile(
    r"(?P<ch>Trực tiếp|Trực tuyến|Dịch vụ bưu chính)"
    r"(?:"
    rf"(?P<num>\d+(?:[.,]\d+)?) (?P<unit>{_UNITS})"
    rf"|(?P<tph>{PLACEHOLDER}){_FEE_AHEAD}"
    rf"|(?P<ttext>[A-ZĐ][^\d:;()\n]{{0,160}}?){_FEE_AHEAD}"
    rf"|(?P<bare>\d+(?:[.,]\d+)?)(?=Miễn phí|{PLACEHOLDER})"
    r"|)"
    rf"(?P<fee>Miễn phí|{PLACEHOLDER}|(?P<amt>\d[\d,.]*) ?(?P<cur>{_CURRENCY}))"
)


@dataclass(frozen=True)
class ChannelRow:
    channel: str  # in_person | online | post
    time: str | None  # "20 Ngày làm việc"; None when unknown or a bare number
    time_raw: str | None  # the time cell as printed
    fee_vnd: int | None
    fee_note: str | None
    description: str | None
    fee_raw: str  # the fee cell and its note as printed


def parse_channels(section: str) -> list[ChannelRow]:
    text = normalise(section).replace("Hình thức nộpThời gianPhí, lệ phíMô tả", "", 1)
    matches = list(_ROW.finditer(text))
    rows = []
    for i, m in enumerate(matches):
        stop = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        note, after = _parenthesised(text, m.end(), stop)
        rows.append(_channel_row(m, note, text[after:stop]))
    return rows


def _parenthesised(text: str, start: int, stop: int) -> tuple[str | None, int]:
    """The balanced '( ... )' starting at ``start`` (its inside) and the index after it."""
    if start >= stop or text[start] != "(":
        return None, start
    depth = 0
    for i in range(start, stop):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1 : i], i + 1
    return text[start + 1 : stop], stop


def _channel_row(m: re.Match, note: str | None, rest: str) -> ChannelRow:
    time = time_raw = None
    if m["unit"]:
        time_raw = f"{m['num']} {m['unit']}"
        time = f"{m['num']} {m['unit'].lower()}"  # "20 ngày làm việc", as the bot writes it
    elif m["ttext"]:
        time_raw = m["ttext"].strip()
        time = None if time_raw.casefold() == "không" else time_raw
    elif m["bare"]:
        time_raw = m["bare"]
    elif m["tph"]:
        time_raw = m["tph"]
    note = _strip_outer_parens(one_line(note))
    if note:
        note = re.sub(r"^(?:Phí|Lệ phí)?\s*:?\s*Đồng\s*(?=\()", "", note).strip() or None
        note = _strip_outer_parens(note)
    description = one_line(rest)
    if description:
        description = description.lstrip(" )").strip(" -+")
    # "Không có thông tin(1) Trường hợp …": the "(1)" numbers the description that
    # follows, it is no fee note -- and a "Miễn phí" cell before it says nothing sure
    # (the description may name the amounts)
    listed = bool(note and _LIST_MARK.fullmatch(note))
    fee_vnd, fee_note, glued_time = _fee(
        m["fee"], m["amt"], m["cur"], None if listed else note, time_raw is None, description
    )
    if listed and m["fee"] == "Miễn phí":
        fee_vnd = None
    if glued_time:
        time_raw = glued_time
    return ChannelRow(
        channel=CHANNEL_NAMES[m["ch"]],
        time=time,
        time_raw=time_raw,
        fee_vnd=fee_vnd,
        fee_note=fee_note,
        description=description or None,
        fee_raw=m["fee"] + (f"({note})" if note else ""),
    )


def _strip_outer_parens(text: str | None) -> str | None:
    while text and text.startswith("(") and text.endswith(")"):
        inner, after = _parenthesised(text, 0, len(text))
        if after != len(text):
            break
        text = (inner or "").strip() or None
    return text


# A list mark ("1", "2", "a", "iii") in the parentheses after a fee cell.
_LIST_MARK = re.compile(r"(?:\d{1,2}|[a-zđ]|[ivx]{2,4})[.)]?", re.I)
# Words of another currency, and of amounts in thousands or millions or a share.
_FOREIGN = r"USD|EUR|đô la|euro"
_BIG_UNIT = re.compile(rf"{_FOREIGN}|nghìn|ngàn|triệu|tỷ|%", re.I)
_NOTE_AMOUNT = re.compile(r"(?<![\d/.,])(\d{1,3}(?:[.,]\d{3})+|\d{4,})(?![\d/])")
_REDUCTION = re.compile(r"%|giảm|miễn|mức thu bằng|64/2025/TT-BTC", re.I)
_FREE_NOTE = re.compile(r"^(miễn|không thu|không phải nộp|không có\b|không\.?$)", re.I)


def note_amounts(note: str | None) -> set[int]:
    """Money amounts written in a fee note ("2.000.000 đồng", "15000000/lần")."""
    if not note:
        return set()
    cleaned = re.sub(r"\d{1,2}/\d{1,2}/\d{4}|\d+/\d{4}/[A-ZĐ]", " ", note)  # dates, doc numbers
    cleaned = re.sub(r"(?:năm|Năm)\s+\d{4}", " ", cleaned)
    return {int(re.sub(r"[.,]", "", a)) for a in _NOTE_AMOUNT.findall(cleaned)}


def _fee(
    cell: str,
    amount: str | None,
    currency: str | None,
    note: str | None,
    no_time: bool,
    description: str | None = None,
) -> tuple[int | None, str | None, str | None]:
    """(fee_vnd, fee_note, time digits glued before the amount) for one fee cell.

    ``fee_vnd`` is set only when the cell states one amount that its note does not
    contradict: "Miễn phí" beside a note that names a fee, a provincial rate or a
    temporary reduction stays unknown, and so does an amount whose note names another.
    An amount in đồng that its own note or description shows to be in another unit
    is said by the note alone (see ``_wrong_unit``).
    """
    if cell == PLACEHOLDER:
        return None, note, None
    if cell == "Miễn phí":
        if not note or (_FREE_NOTE.match(note) and not note_amounts(note)):
            return 0, note if note and not is_none_statement(note) else None, None
        return None, f"{PORTAL_FREE_WITH_NOTE}{note}", None
    digits = amount or ""
    glued = None
    value = _amount(digits)
    if no_time and value is not None:
        value, glued = _split_glued_amount(digits, note_amounts(note))
    if currency in ("USD", "EUR"):
        shown = f"{digits} {currency}" if glued is None and value is not None else None
        return None, _foreign_fee(shown, digits, currency, note), glued
    if value is None:
        return None, note, glued
    if _wrong_unit(value, note, description):
        # "155 VNĐ" beside "155 USD/thẻ", "135 VNĐ" beside "135.000 đồng/lần": the
        # portal typed the amount in another unit; "155 đồng" would be a wrong figure
        return None, note, glued
    others = note_amounts(note) - {value}
    foreign = bool(note and re.search(_FOREIGN, note, re.I))
    if others or foreign or value < 1000 or (note and _REDUCTION.search(note)):
        shown = f"{value:,}".replace(",", ".")  # (the note keeps its own commas)
        said = f"Cổng Dịch vụ công ghi {shown} đồng"  # "1 Việt Nam Đồng", and no note
        return None, f"{said}, kèm ghi chú: {note}" if note else said, glued
    return value, note, glued


def _foreign_fee(shown: str | None, digits: str, currency: str, note: str | None) -> str | None:
    """A fee in another currency with its note, said once: "10 USD" and "/lần" are
    "10 USD/lần"; a note that already names the amount ("…: 145 USD/thẻ.", "10USD/giấy")
    is said alone; another note follows the amount ("25 USD; Cấp thị thực …")."""
    if shown and note:
        if note.startswith("/"):
            return f"{shown}{note}"
        if re.search(rf"(?<![\d.,]){re.escape(digits)}\s*{currency}", note, re.I):
            return note
    return "; ".join(t for t in (shown, note) if t) or None


def _wrong_unit(value: int, note: str | None, description: str | None) -> bool:
    """The cell's amount, read as đồng, is not what its own row means: the note gives
    the same number in another currency ("155 USD/thẻ"), or the amount is under 1.000
    đồng while the note names amounts in đồng ("135.000 đồng/lần") or the note or the
    description speaks of another currency, thousands, millions or a share."""
    same = rf"(?<![\d.,]){value}\s*(?:{_FOREIGN})|(?:{_FOREIGN})\s*{value}(?![\d.,])"
    if note and re.search(same, note, re.I):
        return True
    if value >= 1000:
        return False
    said = " ".join(t for t in (note, description) if t)
    return bool(note_amounts(note) or _BIG_UNIT.search(said))


def _amount(digits: str) -> int | None:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})*", digits) or re.fullmatch(r"\d+", digits):
        return int(digits.replace(",", ""))
    return None


def _split_glued_amount(digits: str, in_note: set[int]) -> tuple[int | None, str | None]:
    """A time printed without unit runs into the amount ("15" + "2,000,000" ->
    "152,000,000"). Unambiguous only when the leading group has one digit, or when
    exactly one reading is an amount that the fee note repeats."""
    readings = []
    for cut in range(len(digits)):
        head, tail = digits[:cut], digits[cut:]
        if tail[:1].isdigit() and tail[:1] != "0" and re.fullmatch(r"\d{1,3}(?:,\d{3})*", tail):
            if "," in digits and "," not in tail:
                continue
            readings.append((head or None, int(tail.replace(",", ""))))
    if len(readings) == 1:
        return readings[0][1], readings[0][0]
    confirmed = [r for r in readings if r[1] in in_note]
    if len(confirmed) == 1:
        return confirmed[0][1], confirmed[0][0]
    return None, None


# -- documents table -----------------------------------------------------------------

GENERAL_CASE = "Trường hợp chung"
# A quantity cell: one digit of originals (a form number before it, "Mẫu số 18" +
# "1 bản chính", must not be read as 181), optionally copies; the next row follows
# without a space, prose ("nộp 01 bản chính tờ khai") continues with one; a full stop or
# comma glued between them ("1 bản chính,Đơn đề nghị...") is the portal's own.
_QTY = re.compile(
    r"(?<![^\d]0)(\d) bản chính(?:,(\d{1,2}) bản sao)?"
    rf"(?![,.;:)](?![.,]*[{UPPER}+]))"  # "1 bản chính.Bản chính Giấy...": the next row
)
_FORM = re.compile(
    r"\b[Mm](?:ẫu|ẪU)\s*(?::\s*)?\s(?:(?:số|Số|SỐ)\s*)?"
    r"((?:[A-ZĐ]{1,6}[\s.]?){0,3}\d+[A-Za-zĐđ]?(?:[./-](?:\d+[A-Za-z]?|[A-ZĐ]{2,}\b))*)"
)


@dataclass(frozen=True)
class DocumentRow:
    case: str
    name: str
    form: str | None
    original: int | None
    copies: int | None
    form_files: tuple[str, ...]


def parse_documents(section: str) -> list[DocumentRow]:
    text = normalise(section)
    rows: list[DocumentRow] = []
    seen: set[tuple] = set()
    pieces = text.split(_DOC_HEADER)
    heading = pieces[0]
    for body in pieces[1:]:
        case = _case_heading(heading)
        pos = 0
        last_end = 0
        for m in _QTY.finditer(body):
            if not _ends_row(body, m.end()):
                continue
            row_text = body[pos : m.start()]
            pos = m.end()
            last_end = m.end()
            row = _document_row(case, row_text, int(m[1]), int(m[2] or 0))
            if row and _row_key(row) not in seen:  # the portal repeats some rows
                seen.add(_row_key(row))
                rows.append(row)
        heading = body[last_end:]
    return rows


def _row_key(row: DocumentRow) -> tuple:
    return (row.case, row.name.rstrip(" .;").casefold(), row.original, row.copies)


def _ends_row(text: str, end: int) -> bool:
    """A quantity closes its row when the next row follows: at once, or after spaces
    with a capital, a bullet or a number (prose goes on in lower case: "nộp 01 bản
    chính tờ khai")."""
    if not text[end : end + 1].isspace():
        return True
    rest = text[end:].lstrip()
    return not rest or rest[0].isupper() or rest[0].isdigit() or rest[0] in "•-+(*"


def _case_heading(text: str) -> str:
    text = one_line(text) or ""
    text = text.strip(" *-+:•")
    if not text or text in {"-", "--"} or text.casefold() == _DOCS.casefold():
        return GENERAL_CASE
    return text


def _document_row(case: str, text: str, original: int, copies: int) -> DocumentRow | None:
    text = text.strip()
    name, files = split_form_files(text)
    name = re.sub(r"\s+", " ", name).strip().lstrip("-+•*.,;: \t").strip()
    name = re.sub(r"[\s;,]*(?:/\.)?[\s;,]*$", "", name)
    if not name or is_none_statement(name):
        if not files:
            return None  # "không quy định": no paper to bring
        name = files[0]
    forms = list(dict.fromkeys(_form_name(m) for m in _FORM.finditer(name)))
    shown = [file_label(f) for f in files]
    form = ", ".join(forms) if forms else (", ".join(f for f in shown if f) or None)
    return DocumentRow(case, name, form, original, copies, files)


def _form_name(m: re.Match) -> str:
    ident = re.sub(r"\s+", " ", m[1]).strip(" .")
    return f"Mẫu số {ident}" if ident[:1].isdigit() else f"Mẫu {ident}"
