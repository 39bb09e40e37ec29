"""The NLU on the command line: parse many messages in one process, and measure
procedure retrieval on labelled questions."""

from __future__ import annotations

import asyncio
import dataclasses
import json

from knowledge.procedures.repository import ProcedureRepository
from knowledge.storage.db import Database
from tests.conftest import ROOT


def test_nlu_parse_dash_reads_one_message_per_line_and_prints_codes(cli, tmp_path):
    messages = tmp_path / "messages.txt"
    messages.write_text("lấy vợ cần giấy tờ gì\nsang tên xe máy mất bao lâu\n", "utf-8")
    done = cli("nlu", "parse", "-", stdin=messages.read_text("utf-8"))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 2
    marriage, transfer = lines
    assert marriage["entities"][0]["code"] == "1.000894"
    assert transfer["candidates"][0]["code"] == "1.013076"
    assert all({"code", "score"} <= set(c) for c in transfer["candidates"])
    assert transfer["aspects"] == ["time"]


def test_nlu_test_reports_procedure_top1_top3_and_not_in_catalogue(cli, tmp_path):
    done = cli(
        "nlu",
        "test",
        str(ROOT / "tests" / "data" / "questions_small.yml"),
        "--out",
        str(tmp_path / "report"),
        "--dialogue",
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["procedure_n"] == 3
    assert summary["procedure_top3"] == 1.0
    assert summary["not_in_catalogue_rate_when_unknown"] == 1.0
    assert summary["dialogue"]["n"] == 3
    assert summary["dialogue"]["honest_right"] > 0
    assert (tmp_path / "report" / "dialogue.json").exists()


def test_nlu_test_measures_this_release_even_on_a_database_seeded_by_an_older_one(
    cli, cli_database, tmp_path
):
    # The operator's database lacks the everyday phrasing "nhập khẩu về nhà chồng" (an
    # earlier release's seed); the figures must still be those of this release's knowledge.
    asyncio.run(_forget_phrasings(cli_database, PERMANENT_RESIDENCE))
    questions = tmp_path / "questions.yml"
    questions.write_text(
        "questions:\n"
        "  - text: nhập khẩu về nhà chồng cần giấy tờ gì\n"
        f"    procedures: ['{PERMANENT_RESIDENCE}']\n"
        "    in_catalogue: true\n"
        "    intent: ask_procedure_requirements\n"
        "    aspects: [requirements]\n"
        "    source_url: https://example.invalid/test\n",
        "utf-8",
    )
    done = cli("nlu", "test", str(questions), "--out", str(tmp_path / "report"), "--dialogue")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["procedure_top1"] == 1.0
    assert summary["dialogue"]["answered_right"] == 1.0
    assert "phrasings of this release are missing" not in done.stderr


PERMANENT_RESIDENCE = "1.004222"  # đăng ký thường trú ("nhập khẩu")


async def _forget_phrasings(database, code: str) -> None:
    db = Database(f"sqlite+aiosqlite:///{database}")
    try:
        async with db.session() as session:
            repo = ProcedureRepository(session)
            stale = [i for i in await repo.list() if i.code == code]  # national, curated
            await repo.upsert_many([dataclasses.replace(i, aliases=()) for i in stale])
    finally:
        await db.close()
