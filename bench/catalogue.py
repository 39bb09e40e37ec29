"""Benchmark of the whole procedure catalogue: parse CPU, start-up and memory.

Part of ``citizenbot bench nlu``. Every figure is printed beside a baseline measured in
the same run: the parse without procedure retrieval and with only the curated
procedures; a serving process with only the curated procedures.

Start-up and memory are measured in fresh child processes (``python -m
bench.catalogue startup ...``), so the figures are those of a serving process, not
of this one; so is a parse of each message once (``firstsight``), as a serving process
meets messages, its words often for the first time.
"""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench.core import percentile
from bot.config import AppConfig

logger = logging.getLogger(__name__)


async def _startup(database: Path, curated_only: bool) -> dict:
    """Create the services as ``citizenbot serve`` does; report seconds, RSS, size.
    The seconds count from the process's start: the interpreter and the imports (also
    reported alone) come before any service is made."""
    from bot.app import create_services
    from bot.config import load_config
    from knowledge.catalogue import SEED_PROCEDURES, import_file
    from knowledge.storage.db import Database

    imports = _since_process_start()
    config = load_config()
    config = replace(config, database_url=f"sqlite+aiosqlite:///{database}")
    if curated_only and not await asyncio.to_thread(database.exists):
        db = Database(config.database_url)
        await db.migrate()
        await import_file(db, SEED_PROCEDURES)
        await db.close()
    started = time.perf_counter()
    services = await create_services(config, seed=not curated_only)
    figures = _figures(imports, started, len(services.catalogue))
    await services.close()
    return figures


def _since_process_start() -> float:
    """Seconds since this process started: the interpreter and the imports so far (to a
    hundredth of a second)."""
    import psutil

    return time.time() - psutil.Process().create_time()


def _figures(imports: float, started: float, procedures: int) -> dict:
    """A probe's figures: seconds from the process's start, of which the imports, the
    RSS now and the procedures its services hold."""
    import psutil

    seconds = imports + time.perf_counter() - started
    rss = psutil.Process().memory_info().rss / 2**20
    return {"seconds": seconds, "imports": imports, "rss_mib": rss, "procedures": procedures}


async def first_sight(config: AppConfig, texts: list[str]) -> dict:
    """Parse each message once, in a fresh set of services: as a serving process meets
    messages. Median and p99 CPU milliseconds, and the procedures indexed."""
    from bot.app import create_services

    services = await create_services(config)
    try:
        nlu = services.nlu
        nlu.ensure_model()
        await nlu.parse("xin chào")  # (the model's own first call)
        p50, p99 = await _parse_cpu(nlu, texts, len(texts))  # each once
        size = len(nlu.gazetteer) if nlu.gazetteer is not None else 0
    finally:
        await services.close()
    return {"p50": p50, "p99": p99, "procedures": size}


def _probe(*args: str) -> dict:
    """``python -m bench.catalogue ARGS`` in a fresh process: its JSON result."""
    command = [sys.executable, "-m", "bench.catalogue", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"probe {args[0]} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _remove_indexes(config: AppConfig) -> None:
    for cached in (
        *Path(config.nlu.model_dir).glob("procedure-index-*.pickle"),
        *Path(config.cache_dir).glob("faq-index-*.pickle"),
    ):
        cached.unlink()


async def _build_ahead(scratch: Path) -> dict:
    """``citizenbot nlu build``, timed like a start-up probe."""
    from bot.app import build_shipped_caches
    from bot.config import load_config

    imports = _since_process_start()
    started = time.perf_counter()
    size = await build_shipped_caches(load_config(), scratch)
    return _figures(imports, started, size)


def _child(database: Path, *, curated_only: bool = False) -> dict:
    return _probe("startup", str(database), *(["--curated-only"] if curated_only else []))


def _child_first_sight(database: Path, texts: list[str]) -> dict:
    texts_file = database.with_suffix(".texts.json")
    texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    return _probe("firstsight", str(database), str(texts_file))


async def _parse_cpu(nlu, texts: list[str], n: int) -> tuple[float, float]:
    """Median and p99 CPU milliseconds of ``nlu.parse`` over ``n`` messages."""
    cpu = []
    for i in range(n):
        text = texts[i % len(texts)]
        t0 = time.process_time()
        await nlu.parse(text)
        cpu.append((time.process_time() - t0) * 1000)
    return percentile(cpu, 50), percentile(cpu, 99)


async def _parse_rows(config: AppConfig, texts: list[str], n: int, database: Path) -> list[str]:
    from bot.app import create_services
    from flows.procedures import index_for
    from knowledge.procedures.records import Catalogue

    lines = []
    services = await create_services(
        replace(config, database_url=f"sqlite+aiosqlite:///{database}")
    )
    try:
        nlu = services.nlu
        nlu.ensure_model()
        full = nlu.gazetteer
        await _parse_cpu(nlu, texts, min(n, 200))  # warm caches before measuring
        curated = index_for(Catalogue(services.catalogue.curated()))
        for label, finder in (
            ("intent only (baseline)", None),
            ("curated procedures only (baseline)", curated),
            ("whole catalogue", full),
        ):
            nlu.set_gazetteer(finder)
            p50, p99 = await _parse_cpu(nlu, texts, n)
            size = len(finder) if finder is not None else 0
            lines.append(f"| {label} | {size} | {p50:.2f} | {p99:.2f} |")
        nlu.set_gazetteer(full)
    finally:
        await services.close()
    return lines


def run(config: AppConfig, texts: list[str], n: int) -> str:
    """The figures as Markdown tables."""
    lines = [
        f"Procedure retrieval over the whole catalogue ({n} parses of {len(texts)} messages;"
        " CPU time of `Nlu.parse`: intent, procedure, aspects)",
        "",
        "| parse | procedures indexed | CPU p50 ms | CPU p99 ms |",
        "|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        lines += asyncio.run(_parse_rows(config, texts, n, Path(tmp) / "warm.db"))
        # The rows above parse messages the process has met before (n > messages, and a
        # warm-up): a serving process meets each message once, its words often for the
        # first time in that process.
        first = _child_first_sight(Path(tmp) / "warm.db", texts)
        lines.append(
            f"| whole catalogue, each message once, in a fresh serving process "
            f"| {first['procedures']} | {first['p50']:.2f} | {first['p99']:.2f} |"
        )
        # A first start builds the procedure and FAQ indexes when nothing built them
        # ahead; later starts read them from the cache (the unit map, built from the
        # shipped data alone, stays cached). ``make`` builds them ahead (``citizenbot nlu
        # build``) when the code or the shipped data changed: measured as such, then the
        # first start that reads them.
        _remove_indexes(config)
        cold = _child(Path(tmp) / "first.db")
        warm = _child(Path(tmp) / "first.db")
        _remove_indexes(config)
        ahead = _probe("build", tmp)
        first_ahead = _child(Path(tmp) / "first-ahead.db")
        curated_db = Path(tmp) / "curated.db"
        _child(curated_db, curated_only=True)
        baseline = _child(curated_db, curated_only=True)
    lines += [
        "",
        "| serving process | procedures | start-up s (of which the interpreter and imports)"
        " | RSS MiB |",
        "|---|---|---|---|",
        *(
            f"| {label} | {probe['procedures']} | {probe['seconds']:.2f} ({probe['imports']:.2f})"
            f" | {probe['rss_mib']:.0f} |"
            for label, probe in (
                ("curated procedures only (baseline)", baseline),
                ("whole catalogue, first start building the indexes itself", cold),
                ("whole catalogue, building the indexes ahead (`citizenbot nlu build`)", ahead),
                ("whole catalogue, first start reading the indexes built ahead", first_ahead),
                ("whole catalogue, later starts", warm),
            )
        ),
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """``python -m bench.catalogue startup DB [--curated-only]``: one start-up probe;
    ``firstsight DB TEXTS.json``: each message parsed once by a fresh serving process;
    ``build SCRATCH_DIR``: the indexes built ahead, as ``citizenbot nlu build`` does."""
    logging.basicConfig(level=logging.WARNING)
    if len(argv) == 3 and argv[0] == "firstsight":
        from bot.config import load_config

        config = replace(load_config(), database_url=f"sqlite+aiosqlite:///{argv[1]}")
        texts = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        result = asyncio.run(first_sight(config, texts))
    elif len(argv) == 2 and argv[0] == "build":
        result = asyncio.run(_build_ahead(Path(argv[1])))
    elif len(argv) >= 2 and argv[0] == "startup":
        result = asyncio.run(_startup(Path(argv[1]), "--curated-only" in argv))
    else:
        print(
            "usage: python -m bench.catalogue startup DB [--curated-only]\n"
            "       python -m bench.catalogue firstsight DB TEXTS.json\n"
            "       python -m bench.catalogue build SCRATCH_DIR",
            file=sys.stderr,
        )
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
