"""One raw page record of the dichvucong.gov.vn crawl -> one procedure record.

``parse_record`` reads the page's sections and tables (``knowledge.procedures.portal.tables``,
``knowledge.procedures.portal.legal``) into the catalogue's record format (see
``knowledge/data/procedures.yml``): every key of ``KEYS``, a field that cannot be parsed
reliably left unknown (None or empty). ``knowledge.procedures.portal.crawl`` builds the catalogue
from these records. Pure functions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence

from knowledge.procedures.portal import tables
from knowledge.procedures.portal.legal import parse_legal

PORTAL_URL = "https://dichvucong.gov.vn"

KEYS = (
    "slug", "code", "name", "aliases", "field", "level", "agency", "authority",
    "submit_address", "who_may_apply", "conditions", "result", "decision", "legal_basis",
    "notes", "online_level", "portal_url", "channels", "documents", "steps", "source_url",
    "verified_on", "source_kind", "popularity", "commune_centre", "sources",
)  # fmt: skip


def slug_for(code: str) -> str:
    return "tthc_" + code.replace(".", "_")


def parse_record(raw: Mapping, crawled_on: dt.date | None = None) -> dict:
    """One raw portal record -> one procedure dict (every key of ``KEYS``)."""
    sections = tables.split_sections(raw.get("raw_text") or "")

    def part(name: str, fallback_key: str | None = None) -> str:
        if name in sections:
            return sections[name]
        return raw.get(fallback_key, "") if fallback_key else ""

    code = tables.one_line(raw.get("ma_thu_tuc")) or tables.one_line(part("code")) or ""
    name = tables.one_line(raw.get("ten_thu_tuc")) or tables.one_line(part("name")) or code
    channels = _channels(tables.parse_channels(part("channels", "cach_thuc_thuc_hien")))
    rows, remarks = _without_remarks(tables.parse_documents(part("documents")))
    # Rows under the portal's "Lưu ý" (note) heading are remarks, not papers to bring.
    notes = remarks + [d.name for d in rows if _is_note_heading(d.case) or _is_note_heading(d.name)]
    documents = [
        {
            "case": d.case,
            "name": d.name,
            "form": d.form,
            "original": d.original,
            "copies": d.copies,
            "note": None,
        }
        for d in rows
        if not (_is_note_heading(d.case) or _is_note_heading(d.name))
    ]
    steps = [
        {"case": tables.GENERAL_CASE, "text": s}
        for s in _parse_steps(part("steps", "trinh_tu_thuc_hien"))
    ]
    record = {
        "slug": slug_for(code),
        "code": code,
        "name": name,
        "aliases": [],
        "field": tables.one_line(part("field", "linh_vuc")),
        "level": _level(part("level", "cap_thuc_hien")),
        "agency": tables.one_line(part("agency", "co_quan_thuc_hien")),
        "authority": tables.one_line(part("authority", "co_quan_co_tham_quyen")),
        "submit_address": _long_text(part("address", "dia_chi_tiep_nhan")),
        "who_may_apply": tables.one_line(part("who", "doi_tuong_thuc_hien")),
        "conditions": _conditions(part("conditions", "yeu_cau_dieu_kien")),
        "result": _parse_result(part("result", "ket_qua_xu_ly")),
        "decision": tables.one_line(part("decision", "so_quyet_dinh")),
        "legal_basis": parse_legal(part("legal", "can_cu_phap_ly")),
        "notes": list(dict.fromkeys(notes)),
        "online_level": _online_level(name),
        "portal_url": PORTAL_URL,
        "channels": channels,
        "documents": documents,
        "steps": steps,
        "source_url": tables.one_line(raw.get("detail_url")),
        "verified_on": crawled_on.isoformat() if crawled_on else None,
        "source_kind": "portal_crawl",
        "popularity": None,
        "commune_centre": None,
        "sources": [],
    }
    return record


def _without_remarks(
    rows: Sequence[tables.DocumentRow],
) -> tuple[list[tables.DocumentRow], list[str]]:
    """The rows with a remark heading taken as a note, not a case: its papers are
    everyone's, and a row that only says the remark again is dropped (1.001613: "(Trường
    hợp không quy định là bản chính thì có thể nộp bản sao hợp lệ...)" over the row
    "Trường hợp không quy định rõ bản chính thì có thể nộp bản sao hợp lệ")."""
    kept: list[tables.DocumentRow] = []
    remarks: list[str] = []
    for row in rows:
        if not _is_remark(row.case):
            kept.append(row)
            continue
        remark = row.case.strip().rstrip(".;: ")[1:-1].strip().rstrip(".") + "."
        if remark not in remarks:
            remarks.append(remark)
        if not _says_again(row.name, remark):
            kept.append(dataclasses.replace(row, case=tables.GENERAL_CASE))
    return kept, remarks


_REMARK_WORDS = re.compile(r"\b(?:thì|nếu)\b", re.IGNORECASE)


def _is_remark(case: str) -> bool:
    """A case heading wholly in brackets that says what holds when ("... thì ...",
    "... nếu ..."): a remark on the papers. "(Đối với người mua hàng)" names a case."""
    text = case.strip().rstrip(".;: ")
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for pos, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and pos < len(text) - 1:
            return False  # "(1.2) Đối với ...": a numbered case
    return _REMARK_WORDS.search(text) is not None


def _says_again(name: str, remark: str) -> bool:
    """Whether a row's text is the remark said again: it opens with the remark's first
    words and nearly all its words are the remark's ("Tài liệu về tư cách pháp lý của nhà
    đầu tư" is a paper, though a remark on such papers has all its words)."""
    words = re.findall(r"\w+", name.casefold())
    said = re.findall(r"\w+", remark.casefold())
    if len(words) < 4 or words[:4] != said[:4]:
        return False
    return sum(w in set(said) for w in words) >= 0.8 * len(words)


def _is_note_heading(case: str) -> bool:
    return case.casefold().startswith(("lưu ý", "ghi chú", "chú ý"))


def _level(text: str) -> str | None:
    levels = [p.strip() for p in (tables.one_line(text) or "").split(",") if p.strip()]
    return ", ".join(dict.fromkeys(levels)) or None


def _long_text(text: str) -> str | None:
    text = tables.normalise(text)
    return None if tables.is_placeholder(text) else text


def _conditions(text: str) -> str | None:
    text = _long_text(text)
    if text is None or tables.is_none_statement(text):
        return None
    return text


def _online_level(name: str) -> str | None:
    """Only what the record's own name says ("... trực tuyến toàn trình")."""
    folded = name.casefold()
    if "toàn trình" in folded:
        return "toàn trình"
    if "trực tuyến một phần" in folded:
        return "một phần"
    return None


def _channels(rows: Sequence[tables.ChannelRow]) -> list[dict]:
    """Channel rows as records; identical rows once; rows of one channel that share a
    description but differ in time or fee are told apart in ``case``."""
    result: list[dict] = []
    seen: dict[tuple[str, str | None], dict] = {}
    for row in rows:
        item = {
            "channel": row.channel,
            "available": True,
            "time": row.time,
            "fee_vnd": row.fee_vnd,
            "fee_note": row.fee_note,
            "case": row.description,
        }
        key = (row.channel, row.description)
        if key in seen:
            if seen[key] == item:
                continue
            item["case"] = "; ".join(
                t for t in (row.description, _difference(item, seen[key])) if t
            )
            key = (row.channel, item["case"])
            if key in seen:
                n = sum(1 for r in result if r["channel"] == row.channel)
                item["case"] = f"{item['case'] or 'Dòng'} (dòng {n + 1} của bảng)"
                key = (row.channel, item["case"])
        seen[key] = item
        result.append(item)
    return result


def _difference(item: dict, other: dict) -> str:
    """What tells a channel row from an earlier one with the same description."""
    if item["time"] != other["time"]:
        return f"thời hạn {item['time'] or 'không ghi'}"
    if item["fee_vnd"] is not None:
        return f"phí {item['fee_vnd']:,} đồng".replace(",", ".")
    return f"phí: {item['fee_note'] or 'không ghi'}"


# -- result and steps --------------------------------------------------------------

# "…Mã: KQ.G15.000032" after each result; the next result follows without a space.
_RESULT_CODE = re.compile(rf"Mã:\s*[\w.\-]*?(?=[{tables.UPPER}][{tables.LOWER}]|\s|$)")


def _parse_result(section: str) -> str | None:
    text = tables.normalise(section)
    parts = [tables.one_line(p) for p in _RESULT_CODE.split(text)]
    names = [p.strip(" ;-+") for p in parts if p and p.strip(" ;-+")]
    return "; ".join(dict.fromkeys(names)) or None


_SUB_ITEM = re.compile(r"^(?:\+|•|-\s*-|\(?[ivx]+\)|[a-zđ]\)|\(\d+\))\s*")
_STEP_MARK = re.compile(r"(?=Bước\s*\d+\s*[.:)\-–])")


def _parse_steps(section: str) -> list[str]:
    """The procedure's steps as printed, one per line; sub-items (+, a), (i)) stay
    with the step above them."""
    text = tables.normalise(section)
    if not text or tables.is_placeholder(text):
        return []
    lines = text.split("\n")
    if len(lines) == 1:
        lines = [p.strip() for p in _STEP_MARK.split(text) if p.strip()]
    steps: list[str] = []
    for line in lines:
        if steps and line[0].islower() and not _SUB_ITEM.match(line):
            steps[-1] = f"{steps[-1]} {line}"  # a hard line break inside a sentence
        elif steps and (_SUB_ITEM.match(line) or steps[-1].endswith(":")):
            steps[-1] = f"{steps[-1]}\n{line}"
        else:
            steps.append(line)
    return steps
