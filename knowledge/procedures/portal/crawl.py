"""The national procedure catalogue, built from a public crawl of dichvucong.gov.vn.

Input: the raw page records of ``chatbot-tthc/chatbot_tthc``
(``scripts/crawler/data/raw/<ministry>/<code>.json``), the git history that dates
them, and two secondary sources: the portal's citizen-service index with a usage
weight per procedure (``makecolour/SongGio``) and the list of procedures the Vĩnh Bảo
commune centre receives (``hongdienvbhp/BangNiemYetVinhBao``).
Output: ``{"source": {...}, "procedures": [...]}`` in the catalogue's record format
(see ``knowledge/data/procedures.yml``), written as gzip JSON, and a parse-quality
report.

``parse_record`` (one raw record -> one procedure dict, in
``knowledge.procedures.portal.record``) and ``build_catalogue`` are pure; the functions at
the end read the inputs and write the outputs.
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

from knowledge.procedures.portal import tables
from knowledge.procedures.portal.record import KEYS, PORTAL_URL, parse_record

logger = logging.getLogger(__name__)

CRAWL_REPO = "https://github.com/chatbot-tthc/chatbot_tthc"
CRAWL_PATH = "scripts/crawler/data/raw"
SONGGIO_REPO = "https://github.com/makecolour/SongGio"
SONGGIO_LABEL = "Chỉ số sử dụng dịch vụ công của Cổng DVCQG (bản thu thập makecolour/SongGio)"
HAND_CHECK_MARK = "<!-- hand-check: kept when the report is regenerated -->"


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
        "parser": "knowledge/procedures/portal/crawl.py (our own; the crawler's code is not used)",
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
        ("notes (“Lưu ý” rows, bracketed remarks)", sum(len(p["notes"]) for p in procs), None),
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
