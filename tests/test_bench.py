"""`citizenbot bench` prints its figures (speed is measured there, never asserted)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from bench.core import lookup_questions, percentile
from knowledge.places.admin_map import get_admin_map
from tests.conftest import ROOT
from tests.test_terminal import _config_file


def test_percentile_uses_the_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([3.0], 99) == 3.0


def test_lookup_questions_are_varied_and_repeatable():
    first = lookup_questions(get_admin_map(), 70)
    assert first == lookup_questions(get_admin_map(), 70)
    assert len({q for q, _ in first}) > 60
    assert any(q.isascii() for q, _ in first)


def _run(tmp_path, model_dir, *args: str) -> subprocess.CompletedProcess:
    """``python -m ARGS`` in a fresh process, on a database of its own and the trained model."""
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            "PATH": "/usr/bin:/bin",
            "CITIZENBOT_CONFIG": str(_config_file(tmp_path, model_dir)),
        },
    )


def test_bench_lookup_prints_its_table(tmp_path, trained_model_dir):
    done = _run(tmp_path, trained_model_dir, "bot.cli", "bench", "lookup", "--n", "40")
    assert done.returncode == 0, done.stderr
    assert "| step | n | p50 ms | p99 ms | mean ms |" in done.stdout
    assert "| resolve place" in done.stdout and "| whole turn" in done.stdout
    assert "resolved to exactly that ward" in done.stdout


def test_a_start_up_is_counted_from_the_process_start_with_its_imports(tmp_path, trained_model_dir):
    # `bench nlu`'s start-up row: a fresh process creates the services as `serve` does,
    # and its seconds include the interpreter and the imports, also reported alone
    probe = str(tmp_path / "probe.db")
    done = _run(tmp_path, trained_model_dir, "bench.catalogue", "startup", probe, "--curated-only")
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert 0 < figures["imports"] < figures["seconds"]
    assert figures["procedures"] > 0 and figures["rss_mib"] > 0


async def test_a_first_sight_parse_reads_each_message_once_over_the_whole_catalogue(
    config, monkeypatch
):
    # `bench nlu`'s row of messages met once, as a serving process meets them: the
    # services of a first start, every message parsed once, CPU figures and the size.
    from bench import catalogue

    parsed: list[str] = []
    real_parse_cpu = catalogue._parse_cpu

    async def counting(nlu, texts, n):
        parsed.extend(texts[i % len(texts)] for i in range(n))
        return await real_parse_cpu(nlu, texts, n)

    monkeypatch.setattr(catalogue, "_parse_cpu", counting)
    texts = ["làm căn cước ở đâu", "mat so do lam lai the nao", "lệ phí bao nhiêu"]
    figures = await catalogue.first_sight(config, texts)
    assert parsed == texts
    assert figures["procedures"] > 2000
    assert 0 < figures["p50"] <= figures["p99"]


def test_the_indexes_built_ahead_are_timed_as_a_start_up_is(tmp_path, trained_model_dir):
    # `bench nlu`'s build row: `citizenbot nlu build` in a fresh process, on a throwaway
    # database in the scratch folder, counted from the process's start like a start-up
    scratch, model_dir = tmp_path / "scratch", tmp_path / "model"
    scratch.mkdir()
    shutil.copytree(trained_model_dir, model_dir, ignore=shutil.ignore_patterns("*.pickle"))
    done = _run(tmp_path, model_dir, "bench.catalogue", "build", str(scratch))
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert 0 < figures["imports"] < figures["seconds"]
    assert figures["procedures"] > 2000 and figures["rss_mib"] > 0
    assert len(list(model_dir.glob("procedure-index-*.pickle"))) == 1  # built, kept
