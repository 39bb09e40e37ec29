"""`citizenbot bench ...`: measured speed, printed as figures (never asserted in tests)."""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench.processes import free_port
from bot.config import AppConfig
from flows.types import Turn
from knowledge.places.admin_map import AdminMap, get_admin_map
from nlu.normalize import fold


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of ``values`` (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def _abbreviate(text: str) -> str:
    for long, short in (
        ("Phường ", "p."),
        ("Quận ", "q."),
        ("Thành phố ", "tp "),
        ("Thị xã ", "tx "),
        ("Huyện ", "h. "),
        ("Tỉnh ", ""),
    ):
        text = text.replace(long, short)
    return text


def lookup_questions(admin_map: AdminMap, n: int, seed: int = 7) -> list[tuple[str, str | None]]:
    """``n`` varied place questions drawn from the map (deterministic for a seed), each
    with the legacy ward key it names when it names one with its district."""
    rng = random.Random(seed)
    wards = [w for w in admin_map.legacy_wards() if not w.whole_district]
    units = list(admin_map.units())
    legacy_provinces = list(admin_map.legacy_provinces())
    questions: list[tuple[str, str | None]] = []
    while len(questions) < n:
        ward = rng.choice(wards)
        unit = rng.choice(units)
        shape = len(questions) % 7
        expected = ward.key if shape in (0, 1, 2, 6) else None
        if shape == 0:
            q = f"{ward.name} {ward.district_name} giờ là phường nào"
        elif shape == 1:
            q = fold(f"{ward.name} {ward.district_name} {ward.province_name} nay thuoc dau")
        elif shape == 2:
            q = _abbreviate(f"{ward.name} {ward.district_name} {ward.province_name}") + " giờ là gì"
        elif shape == 3:
            q = f"{rng.choice(legacy_provinces).name} nhập vào đâu"
        elif shape == 4:
            q = f"{ward.district_name} cũ giờ gồm những phường nào"
        elif shape == 5:
            q = f"trung tâm hành chính công {unit.name} ở đâu"
        else:
            q = f"đổi địa chỉ 12 Lê Lợi, {ward.name}, {ward.district_name} sang địa chỉ mới"
        questions.append((q, expected))
    return questions


def _row(name: str, values_ms: list[float]) -> str:
    return (
        f"| {name} | {len(values_ms)} | {statistics.median(values_ms):.2f} | "
        f"{percentile(values_ms, 99):.2f} | {statistics.fmean(values_ms):.2f} |"
    )


async def bench_lookup(config: AppConfig, n: int = 1000) -> str:
    """Parse + resolve + answer for ``n`` place questions through the real dialogue."""
    from bot.app import create_services

    started = time.perf_counter()
    admin_map = get_admin_map()
    load_s = time.perf_counter() - started
    questions = lookup_questions(admin_map, n)

    with tempfile.TemporaryDirectory() as tmp:
        bench_config = replace(config, database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'b.db'}")
        services = await create_services(bench_config)
        try:
            resolve_ms, turn_ms = [], []
            top1 = listed = asked = 0
            places = services.dialogue.places
            for i, (question, expected) in enumerate(questions):
                t0 = time.perf_counter()
                res = places.resolve(question)
                resolve_ms.append((time.perf_counter() - t0) * 1000)
                if expected:
                    asked += 1
                    keys = [f.legacy.key for f in res.fates]
                    top1 += bool(keys) and keys[0] == expected and len(keys) == 1
                    listed += expected in keys
                t0 = time.perf_counter()
                await services.dialogue.handle(
                    Turn(channel="bench", user_id=str(i % 50), text=question)
                )
                turn_ms.append((time.perf_counter() - t0) * 1000)
        finally:
            await services.close()

    lines = [
        f"Lookup benchmark: {n} questions, map loaded once in {load_s:.2f} s "
        f"({len(admin_map.provinces())} provinces, {len(admin_map.units())} units, "
        f"{len(admin_map.legacy_wards())} legacy wards)",
        "",
        "| step | n | p50 ms | p99 ms | mean ms |",
        "|---|---|---|---|---|",
        _row("resolve place (normalise + map lookup)", resolve_ms),
        _row("whole turn (NLU parse + resolve + answer + state in SQLite)", turn_ms),
        "",
        f"Old ward named with its district ({asked} questions): resolved to exactly that ward "
        f"{top1 / asked:.1%}, offered among the choices {listed / asked:.1%}.",
    ]
    return "\n".join(lines)


def run_lookup(config: AppConfig, n: int) -> str:
    return asyncio.run(bench_lookup(config, n))


# ---- bench nlu: the embedded model and Rasa side by side ---------------------------


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MiB."""
    import psutil

    process = psutil.Process(pid)
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


async def _measure(nlu, examples, n_parses: int) -> dict:
    from nlu.evaluate import evaluate

    result = await evaluate(nlu, examples)
    texts = [e.text for e in examples]
    latencies = []
    for i in range(n_parses):
        t0 = time.perf_counter()
        await nlu.parse(texts[i % len(texts)])
        latencies.append((time.perf_counter() - t0) * 1000)
    return {
        "result": result,
        "p50": statistics.median(latencies),
        "p99": percentile(latencies, 99),
    }


async def bench_nlu(
    config: AppConfig, data: Path, n_parses: int, reuse_rasa: bool, rasa: bool = True
) -> str:
    """Accuracy, macro-F1, training time, latency and memory of both backends."""
    import os

    from nlu import rasa_env
    from nlu.config import RasaSettings
    from nlu.evaluate import write_report
    from nlu.rasa_backend import RasaBackend
    from nlu.service import Nlu
    from nlu.training_data import load_examples

    examples = load_examples(data)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = replace(config.nlu, backend="embedded", model_dir=Path(tmp) / "embedded")
        embedded = Nlu(settings)
        report = embedded.train()
        measured = await _measure(embedded, examples, n_parses)
        summary = write_report(measured["result"], Path(tmp) / "report-embedded")
        rows.append(
            ("embedded (in process)", summary, report.seconds, measured, _rss_mb(os.getpid()))
        )

        if not rasa:
            return _nlu_table(data, examples, n_parses, rows)
        env = rasa_env.RasaEnv(rasa_env.default_home())
        models = config.nlu.rasa.model_dir if reuse_rasa else Path(tmp) / "rasa"
        model, seconds = rasa_env.train(env, models, force=not reuse_rasa)
        port = free_port()
        process = rasa_env.start_server(env, model, port)
        try:
            await asyncio.to_thread(rasa_env.wait_until_ready, f"http://127.0.0.1:{port}", process)
            backend = RasaBackend(RasaSettings(url=f"http://127.0.0.1:{port}", timeout_s=30))
            rasa = Nlu(replace(config.nlu, backend="rasa"), backend=backend)
            try:
                measured = await _measure(rasa, examples, n_parses)
            finally:
                await backend.close()
            summary = write_report(measured["result"], Path(tmp) / "report-rasa")
            rows.append(
                ("rasa 3.6.21 (HTTP server)", summary, seconds, measured, _rss_mb(process.pid))
            )
        finally:
            rasa_env.stop_server(process)
    return _nlu_table(data, examples, n_parses, rows)


def _nlu_table(data: Path, examples, n_parses: int, rows: list) -> str:
    lines = [
        f"NLU benchmark on {data} ({len(examples)} messages), {n_parses} parses per backend",
        "",
        "| backend | accuracy | macro-F1 | training s | parse p50 ms | parse p99 ms | RSS MiB |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, summary, train_s, measured, rss in rows:
        train = f"{train_s:.1f}" if train_s else "reused"
        lines.append(
            f"| {name} | {summary['accuracy']:.3f} | {summary['macro_f1']:.3f} | {train} | "
            f"{measured['p50']:.2f} | {measured['p99']:.2f} | {rss:.0f} |"
        )
    return "\n".join(lines)


def run_nlu(
    config: AppConfig, data: Path, n_parses: int, reuse_rasa: bool, rasa: bool = True
) -> str:
    return asyncio.run(bench_nlu(config, data, n_parses, reuse_rasa, rasa))
