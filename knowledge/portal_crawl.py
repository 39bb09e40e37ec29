"""The national procedure catalogue, built from a public crawl of dichvucong.gov.vn.

Input: the raw page records of ``chatbot-tthc/chatbot_tthc``
(``scripts/crawler/data/raw/<ministry>/<code>.json``), the git history that dates
them, and two secondary sources: the portal's citizen-service index with a usage
weight per procedure (``makecolour/SongGio``) and the list of procedures the Vĩnh Bảo
commune centre receives (``hongdienvbhp/BangNiemYetVinhBao``).
Output: ``{"source": {...}, "procedures": [...]}`` in the catalogue's record format
(see ``knowledge/data/procedures.yml``), written as gzip JSON, and a parse-quality
report.

``parse_record`` (one raw record -> one procedure dict) and ``build_catalogue`` are
pure; the functions at the end read the inputs and write the outputs.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import logging
import math
import random
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from knowledge import portal_crawl_tables as tables

logger = logging.getLogger(__name__)

PORTAL_URL = "https://dichvucong.gov.vn"
CRAWL_REPO = "https://github.com/chatbot-tthc/chatbot_tthc"
CRAWL_PATH = "scripts/crawler/data/raw"
SONGGIO_REPO = "https://github.com/makecolour/SongGio"
SONGGIO_LABEL = "Chỉ số sử dụng dịch vụ công của Cổng DVCQG (bản thu thập makecolour/SongGio)"
HAND_CHECK_MARK = "<!-- hand-check: kept when the report is regenerated -->"

KEYS = (
    "slug", "code", "name", "aliases", "field", "level", "agency", "authority",
    "submit_address", "who_may_apply", "conditions", "result", "decision", "legal_basis",
    "notes", "online_level", "portal_url", "channels", "documents", "steps", "source_url",
    "verified_on", "source_kind", "popularity", "commune_centre", "sources",
)  # fmt: skip


# -- one record --------------------------------------------------------------------


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
    rows = tables.parse_documents(part("documents"))
    # Rows under the portal's "Lưu ý" (note) heading are remarks, not papers to bring.
    notes = [d.name for d in rows if _is_note_heading(d.case) or _is_note_heading(d.name)]
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
        "legal_basis": tables.parse_legal(part("legal", "can_cu_phap_ly")),
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


# -- the catalogue -----------------------------------------------------------------


@dataclass(frozen=True)
class RawRecord:
    path: str  # "<ministry>/<code>.json", relative to the raw folder
    data: Mapping


@dataclass(frozen=True)
class SecondarySource:
    """A secondary source: its public URL, a label, and what it says per code."""

    url: str
    label: str
    values: Mapping[str, object] = field(default_factory=dict)
    about: Mapping = field(default_factory=dict)


def popularity_scores(weights: Mapping[str, int]) -> dict[str, float]:
    """Usage weights -> [0, 1] on a log scale (the weights span seven orders of
    magnitude: a linear scale would put nearly every procedure at 0)."""
    top = max(weights.values(), default=0)
    if top <= 0:
        return {code: 0.0 for code in weights}
    return {c: round(math.log1p(max(w, 0)) / math.log1p(top), 4) for c, w in weights.items()}


def _completeness(record: dict) -> int:
    return sum(1 for k in KEYS if record.get(k) not in (None, [], ""))


def build_catalogue(
    raws: Iterable[RawRecord],
    crawl_dates: Mapping[str, dt.date],
    popularity: SecondarySource | None = None,
    commune_listing: SecondarySource | None = None,
    crawl_about: Mapping | None = None,
) -> dict:
    """All records -> the catalogue (sorted by code), one record per national code.

    Two raw records with the same code (the same procedure published under two
    ministries or levels): the one with more fields parsed is kept, then the later
    crawl, then the first ministry folder in alphabetical order.
    """
    chosen: dict[str, tuple[tuple, dict, str]] = {}
    duplicates = []
    count = 0
    for raw in raws:
        count += 1
        record = parse_record(raw.data, crawl_dates.get(raw.path))
        if not record["code"]:
            logger.warning("skipped %s: no procedure code", raw.path)
            continue
        rank = (_completeness(record), record["verified_on"] or "", _neg_path(raw.path))
        held = chosen.get(record["code"])
        if held:
            duplicates.append((record["code"], held[2], raw.path))
            if rank <= held[0]:
                continue
        chosen[record["code"]] = (rank, record, raw.path)
        if count % 500 == 0:
            logger.info("parsed %d records", count)
    procedures = []
    for code in sorted(chosen, key=_code_key):
        record = chosen[code][1]
        _add_secondary(record, popularity, "popularity")
        _add_secondary(record, commune_listing, "commune_centre")
        procedures.append(record)
    logger.info("catalogue: %d procedures from %d records", len(procedures), count)
    for code, first, second in duplicates:
        logger.warning("code %s appears twice (%s, %s): kept one", code, first, second)
    source = _source_block(crawl_about or {}, count, duplicates, popularity, commune_listing)
    return {"source": source, "procedures": procedures}


def _neg_path(path: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in path)


def _code_key(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.]", code))


def _add_secondary(record: dict, source: SecondarySource | None, fact: str) -> None:
    if source is None or record["code"] not in source.values:
        return
    record[fact] = source.values[record["code"]]
    record["sources"].append({"url": source.url, "label": source.label, "facts": [fact]})


def _source_block(
    crawl: Mapping,
    count: int,
    duplicates: list,
    popularity: SecondarySource | None,
    listing: SecondarySource | None,
) -> dict:
    return {
        "description": (
            "Danh mục thủ tục hành chính quốc gia, trích từ bản thu thập công khai các trang "
            "thủ tục của Cổng Dịch vụ công quốc gia. Mỗi thủ tục giữ đường dẫn trang gốc "
            "(source_url). verified_on là ngày bản thu thập được đưa vào kho git của dự án "
            "thu thập (ngày thu thập), không phải ngày chúng tôi kiểm tra lại Cổng."
        ),
        "portal": PORTAL_URL,
        "crawl": {"repository": CRAWL_REPO, "path": CRAWL_PATH, "records_read": count, **crawl},
        "duplicates": {
            "rule": (
                "one record per national code: the one with more fields parsed, then the "
                "later crawl, then the first ministry folder alphabetically"
            ),
            "found": [{"code": c, "files": [a, b]} for c, a, b in duplicates],
        },
        "popularity": _about(popularity),
        "commune_centre": _about(listing),
        "parser": "knowledge/portal_crawl.py (our own; the crawler's code is not used)",
    }


def _about(source: SecondarySource | None) -> dict | None:
    if source is None:
        return None
    return {"url": source.url, "label": source.label, "codes": len(source.values), **source.about}


# -- parse quality -----------------------------------------------------------------

_FIELDS = (
    ("name", "name"), ("field", "field"), ("level", "level"), ("agency", "agency"),
    ("authority", "authority"), ("submit_address", "submit_address"),
    ("who_may_apply", "who_may_apply"), ("conditions", "conditions"), ("result", "result"),
    ("decision", "decision"), ("legal_basis", "legal_basis"), ("channels", "channels"),
    ("documents", "documents"), ("steps", "steps"), ("online_level", "online_level"),
    ("popularity", "popularity"), ("commune_centre", "commune_centre"),
)  # fmt: skip


def quality_table(catalogue: Mapping) -> str:
    """Markdown: the share of records with each field parsed, and table details."""
    procs = catalogue["procedures"]
    n = len(procs) or 1
    lines = [
        f"Records: **{len(procs)}** (one per national code).",
        "",
        "| field | records with a value | share |",
        "|---|---:|---:|",
    ]
    for label, key in _FIELDS:
        have = sum(1 for p in procs if p.get(key) not in (None, [], ""))
        lines.append(f"| {label} | {have} | {have / n:.1%} |")
    rows = [c for p in procs for c in p["channels"]]
    docs = [d for p in procs for d in p["documents"]]
    r = len(rows) or 1
    d = len(docs) or 1
    details = [
        ("channel rows", len(rows), None),
        ("… with a time with its unit", sum(1 for c in rows if c["time"]), r),
        ("… with fee_vnd known (0 = free)", sum(1 for c in rows if c["fee_vnd"] is not None), r),
        ("… of which free (0)", sum(1 for c in rows if c["fee_vnd"] == 0), r),
        ("… with a fee note", sum(1 for c in rows if c["fee_note"]), r),
        ("… with a description (case)", sum(1 for c in rows if c["case"]), r),
        ("records with ≥1 channel fee known", sum(
            1 for p in procs if any(c["fee_vnd"] is not None for c in p["channels"])), n),
        ("records with ≥1 channel time known", sum(
            1 for p in procs if any(c["time"] for c in p["channels"])), n),
        ("document rows", len(docs), None),
        ("… with a form (Mẫu …)", sum(1 for x in docs if x["form"]), d),
        ("… under a case heading other than the general case", sum(
            1 for x in docs if x["case"] != tables.GENERAL_CASE), d),
        ("notes (rows under the portal's “Lưu ý”)", sum(len(p["notes"]) for p in procs), None),
        ("legal documents", sum(len(p["legal_basis"]) for p in procs), None),
        ("steps", sum(len(p["steps"]) for p in procs), None),
    ]  # fmt: skip
    lines += ["", "| table detail | count | share |", "|---|---:|---:|"]
    for label, count, base in details:
        share = f"{count / base:.1%}" if base else ""
        lines.append(f"| {label} | {count} | {share} |")
    return "\n".join(lines)


def hand_check_sample(catalogue: Mapping, n: int = 50, seed: int = 8) -> list[str]:
    """The codes of the fixed random sample checked by hand against the raw text."""
    codes = [p["code"] for p in catalogue["procedures"]]
    return sorted(random.Random(seed).sample(codes, min(n, len(codes))), key=_code_key)


def report_text(catalogue: Mapping, previous: str | None = None) -> str:
    """The report: generated figures, then the hand-check section of ``previous``."""
    src = catalogue["source"]
    head = [
        "# National catalogue: parse quality",
        "",
        f"Built by `citizenbot kb build-national` from {src['crawl']['repository']} "
        f"(`{src['crawl']['path']}`, snapshot {src['crawl'].get('snapshot_commit') or '?'}).",
        "",
        quality_table(catalogue),
        "",
    ]
    tail = ""
    if previous and HAND_CHECK_MARK in previous:
        tail = previous[previous.index(HAND_CHECK_MARK) :]
    else:
        sample = ", ".join(hand_check_sample(catalogue))
        tail = f"{HAND_CHECK_MARK}\n## Hand check\n\nSample (seed 8): {sample}\n"
    return "\n".join(head) + "\n" + tail


# -- inputs and outputs -------------------------------------------------------------


def read_raw_dir(raw_dir: Path) -> list[RawRecord]:
    files = sorted(raw_dir.glob("*/*.json"))
    logger.info("reading %d raw records from %s", len(files), raw_dir)
    return [
        RawRecord(f"{f.parent.name}/{f.name}", json.loads(f.read_text(encoding="utf-8")))
        for f in files
    ]


def git_crawl_dates(git_dir: Path, prefix: str = CRAWL_PATH) -> tuple[dict[str, dt.date], dict]:
    """Per raw file ("<ministry>/<code>.json"): the date of the last commit that added or
    changed it; and a description of the snapshot (HEAD and the commits involved)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(git_dir), *args], check=True, capture_output=True, text=True
        ).stdout

    head = git("rev-parse", "HEAD").strip()
    log = git("log", "--format=@%H %cI", "--name-only", "HEAD", "--", prefix)
    dates: dict[str, dt.date] = {}
    commits: dict[str, dict] = {}
    current = None
    for line in log.splitlines():
        if line.startswith("@"):
            sha, when = line[1:].split(" ", 1)
            current = {"commit": sha, "date": when[:10], "files": 0}
        elif line.strip() and current and line.startswith(prefix + "/"):
            rel = line[len(prefix) + 1 :]
            if rel.count("/") == 1 and rel.endswith(".json") and rel not in dates:
                dates[rel] = dt.date.fromisoformat(current["date"])
                current["files"] += 1
                commits[current["commit"]] = current
    about = {
        "snapshot_commit": head,
        "commits": sorted(commits.values(), key=lambda c: c["date"]),
        "dated_by": "git log: committer date of the last commit touching each raw file",
    }
    return dates, about


def read_songgio(paths: Sequence[Path]) -> SecondarySource:
    """The SongGio result files (lists of {TTHC_MA, WEIGHT, ...}) -> popularity per code."""
    weights: dict[str, int] = {}
    files = []
    for path in paths:
        data = path.read_bytes()
        files.append({"file": path.name, "sha256": hashlib.sha256(data).hexdigest()})
        for item in json.loads(data):
            code = str(item.get("TTHC_MA") or "").strip()
            if code:
                weights[code] = max(weights.get(code, 0), int(item.get("WEIGHT") or 0))
    about = {
        "files": files,
        "weights": len(weights),
        "scale": "log1p(weight) / log1p(max weight), rounded to 4 places",
        "what": "WEIGHT of the portal's list of online public services (citizen and business)",
    }
    return SecondarySource(SONGGIO_URL, SONGGIO_LABEL, popularity_scores(weights), about)


SONGGIO_URL = (
    SONGGIO_REPO + "/tree/ffea47c46afd81a9e90bc6dea3274533019e98fb/"
    "result/dichvucong.gov.vn/p/home/dvc-dich-vu-cong-truc-tuyen-ds"
)


def read_commune_listing(path: Path) -> SecondarySource:
    """Our extract of a commune centre's listing: JSON {"source": {url, label, ...},
    "codes": [...]} -> commune_centre = True per code."""
    data = json.loads(path.read_text(encoding="utf-8"))
    src = data["source"]
    about = {k: v for k, v in src.items() if k not in ("url", "label")}
    return SecondarySource(src["url"], src["label"], {c: True for c in data["codes"]}, about)


def write_catalogue(path: Path, catalogue: Mapping) -> int:
    """Deterministic gzip JSON (no timestamp in the header); returns its size in bytes."""
    payload = json.dumps(catalogue, ensure_ascii=False, separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(payload.encode("utf-8"))
    return path.stat().st_size


def build_files(
    raw_dir: Path,
    out: Path,
    crawl_git: Path | None = None,
    songgio: Sequence[Path] = (),
    commune_listing: Path | None = None,
    report: Path | None = None,
) -> tuple[dict, int]:
    """The whole build as the CLI runs it; returns the catalogue and the file size."""
    git_dir = crawl_git or raw_dir
    try:
        dates, about = git_crawl_dates(git_dir)
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        raise ValueError(
            f"cannot date the crawl from git at {git_dir} ({exc}); pass --crawl-git with "
            "the crawler's repository (verified_on is the crawl date)"
        ) from None
    raws = read_raw_dir(raw_dir)
    undated = [r.path for r in raws if r.path not in dates]
    if undated:
        raise ValueError(
            f"{len(undated)} raw files have no commit date in {git_dir} (e.g. {undated[0]}); "
            "pass --crawl-git with the crawler's repository (verified_on is the crawl date)"
        )
    pop = read_songgio(songgio) if songgio else None
    listing = read_commune_listing(commune_listing) if commune_listing else None
    catalogue = build_catalogue(raws, dates, pop, listing, about)
    size = write_catalogue(out, catalogue)
    logger.info("wrote %s (%d bytes)", out, size)
    if report:
        previous = report.read_text(encoding="utf-8") if report.exists() else None
        report.write_text(report_text(catalogue, previous), encoding="utf-8")
    return catalogue, size
