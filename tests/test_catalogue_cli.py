"""The NLU on the command line: parse many messages in one process, and measure
procedure retrieval on labelled questions."""

from __future__ import annotations

import json

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
