"""The `citizenbot` command line."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from bench.cli import add_bench_commands
from bot import log_privacy
from bot.cli_staff import add_staff_commands
from bot.cli_volunteers import add_volunteer_commands
from bot.config import AppConfig, ConfigError, load_config
from bot.settings_sources import PROJECT_ROOT, env_name

logger = logging.getLogger(__name__)


def _setup_logging(config: AppConfig | None, quiet: bool = False) -> None:
    level = "WARNING" if quiet else (config.log_level if config else "INFO")
    logging.basicConfig(
        level=level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    log_privacy.install(logging.getLogger().handlers)
    # httpx logs every request URL, which contains the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)


@contextmanager
def _progress(stage: str, every_s: float = 30.0) -> Iterator[None]:
    """Say on stderr that a long step starts, is still running (every ``every_s``) and is
    done, with the seconds so far, so that nothing sits silent for minutes."""
    started, done = time.monotonic(), threading.Event()

    def say(state: str) -> None:
        elapsed = time.monotonic() - started
        print(f"citizenbot: {stage}: {state} [{elapsed:.0f} s]", file=sys.stderr, flush=True)

    def beat() -> None:
        while not done.wait(every_s):
            say("still working")

    say("started")
    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
    say("done")


def _cmd_config(config: AppConfig, args) -> int:
    from bot.config import describe

    source, rows = describe(args.config)
    print(f"config file: {source}")
    width = max(len(name) for name, _, _ in rows)
    for name, value, origin in rows:
        variable = env_name(tuple(name.split(".")))
        print(f"{name:<{width}}  {value}  ({origin}; {variable})")
    return 0


def _cmd_chat(config: AppConfig, args) -> int:
    from bot.app import create_services
    from bot.terminal import run_chat

    async def main() -> int:
        services = await create_services(config)
        try:
            return await run_chat(services.dialogue)
        finally:
            await services.close()

    return asyncio.run(main())


def _cmd_serve(config: AppConfig, args) -> int:
    from bot.serve import serve

    port = args.port or config.server.port
    if args.worker is not None:  # one of the supervisor's workers
        asyncio.run(serve(config, port, args.worker, args.workers))
        return 0
    if args.workers > 1:
        from bot.workers import run_workers

        if config.database_url.startswith("sqlite"):
            logger.warning("several workers on SQLite take turns writing: use PostgreSQL")
        return run_workers(args.workers, port, config.source)
    asyncio.run(serve(config, port))
    return 0


def _cmd_db_upgrade(config: AppConfig, args) -> int:
    from knowledge.storage.db import Database

    async def upgrade() -> None:
        db = Database(config.database_url)
        try:
            await db.migrate()
        finally:
            await db.close()

    asyncio.run(upgrade())
    print("The database schema is up to date.")
    return 0


def _with_backend(config: AppConfig, backend: str | None) -> AppConfig:
    if not backend:
        return config
    return replace(config, nlu=replace(config.nlu, backend=backend))


def _nlu(config: AppConfig, strict: bool = False):
    """The NLU with the catalogue's gazetteer; ``strict`` asks Rasa without a fallback."""
    from bot.app import create_services
    from nlu.rasa_backend import RasaBackend
    from nlu.service import Nlu

    async def load():
        services = await create_services(config, train_if_missing=False)
        await services.close()
        return services.nlu

    nlu = asyncio.run(load())
    if strict and config.nlu.backend == "rasa":
        return Nlu(config.nlu, nlu.gazetteer, backend=RasaBackend(config.nlu.rasa))
    return nlu


def _cmd_nlu_train(config: AppConfig, args) -> int:
    nlu = _nlu(config)
    report = nlu.train()
    print(
        json.dumps(
            {
                "examples": report.n_examples,
                "intents": report.n_intents,
                "seconds": round(report.seconds, 2),
            }
        )
    )
    return 0


def _cmd_nlu_parse(config: AppConfig, args) -> int:
    nlu = _nlu(_with_backend(config, args.backend))

    async def one():
        try:
            return await nlu.parse(args.text)
        finally:
            await nlu.close()

    async def each_line():
        # `nlu parse -`: one message per input line, one JSON object per output line.
        try:
            for line in sys.stdin:
                parse = await nlu.parse(line.rstrip("\n"))
                print(json.dumps(parse.to_dict(), ensure_ascii=False), flush=True)
        finally:
            await nlu.close()

    if args.text == "-":
        asyncio.run(each_line())
        return 0
    print(json.dumps(asyncio.run(one()).to_dict(), ensure_ascii=False, indent=2))
    return 0


def _cmd_nlu_test(config: AppConfig, args) -> int:
    from nlu.eval_sets import load_questions
    from nlu.evaluate import evaluate, write_report

    # Figures must come from the backend asked for: no silent fallback here.
    nlu = _nlu(_with_backend(config, args.backend), strict=True)

    async def main():
        try:
            return await evaluate(nlu, load_questions(Path(args.file)))
        finally:
            await nlu.close()

    result = asyncio.run(main())
    # Which set and when: the admin's analytics page shows the last report with these.
    written = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    stamp = {"data_file": args.file, "written_at": written}
    summary = write_report(replace(result, summary={**result.summary, **stamp}), Path(args.out))
    if args.dialogue:
        summary["dialogue"] = _dialogue_evaluation(config, Path(args.file), Path(args.out))
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


def _dialogue_evaluation(config: AppConfig, path: Path, out: Path) -> dict:
    """The questions through the whole dialogue, on a scratch database (see
    ``flows.evaluation``); each question's outcome goes to ``out/dialogue.json``."""
    import tempfile
    from dataclasses import asdict

    from bot.app import create_services
    from flows.evaluation import evaluate_dialogue
    from nlu.eval_sets import load_questions

    async def main(database: Path):
        services = await create_services(
            replace(config, database_url=f"sqlite+aiosqlite:///{database}")
        )
        try:
            return await evaluate_dialogue(
                services.dialogue, services.catalogue, load_questions(path)
            )
        finally:
            await services.close()

    with tempfile.TemporaryDirectory() as tmp:
        summary, rows = asyncio.run(main(Path(tmp) / "evaluation.db"))
    (out / "dialogue.json").write_text(
        json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return summary


def _cmd_nlu_faq_eval(config: AppConfig, args) -> int:
    """A FAQ set through the whole dialogue on a scratch database, its entries published
    next to the shipped ones (see ``nlu.faq_evaluation``); a JSON summary."""
    import tempfile

    from bot.app import create_services
    from flows.faq import first_turn_asker
    from nlu.faq_evaluation import evaluate_faq, load_faq_set, published_with

    faq_set = load_faq_set(args.file)

    async def main(database: Path):
        services = await create_services(
            replace(config, database_url=f"sqlite+aiosqlite:///{database}")
        )
        try:
            published = services.faq.current.entries
            questions = {i: e.question for i, e in published.items()}
            services.faq.rebuild(published_with(published.items(), faq_set))
            return await evaluate_faq(faq_set, first_turn_asker(services.dialogue), questions)
        finally:
            await services.close()

    with tempfile.TemporaryDirectory() as tmp:
        result = asyncio.run(main(Path(tmp) / "faq-eval.db"))
    print(json.dumps({"data_file": args.file, **result.summary()}, ensure_ascii=False, indent=2))
    return 0


def _cmd_nlu_threshold(config: AppConfig, args) -> int:
    from nlu.threshold import cross_validate_threshold
    from nlu.training_data import load_examples

    report = cross_validate_threshold(load_examples(config.nlu.data_dir), folds=args.folds)
    print(f"{args.folds}-fold cross-validation on {config.nlu.data_dir} (held-out set not used)")
    print("| threshold | accuracy | fallback rate |")
    print("|---|---|---|")
    for threshold, accuracy in report.accuracy.items():
        mark = " ← best" if threshold == report.best else ""
        rate = report.fallback_rate[threshold]
        print(f"| {threshold:.2f} | {accuracy:.3f} | {rate:.1%} |{mark}")
    print(f"current nlu.threshold: {config.nlu.threshold:.2f}; best: {report.best:.2f}")
    return 0


def _cmd_rasa_train(config: AppConfig, args) -> int:
    from nlu.rasa_env import PIPELINES, RasaEnv, default_home, is_stale, train

    env, models = RasaEnv(default_home()), config.nlu.rasa.model_dir
    pipeline = PIPELINES[args.pipeline]
    if not env.ready():
        with _progress(f"creating Rasa's environment in {env.home} (first time: minutes)"):
            env.ensure()
    if args.force or is_stale(models, pipeline):
        with _progress(f"training the Rasa model ({pipeline.name} pipeline) into {models}"):
            model, seconds = train(env, models, force=args.force, pipeline=pipeline)
    else:
        model, seconds = train(env, models, pipeline=pipeline)
    state = f"trained in {seconds:.0f} s" if seconds else "up to date"
    print(f"Rasa model: {model} ({state})")
    return 0


def _cmd_rasa_serve(config: AppConfig, args) -> int:
    from nlu.rasa_env import RasaEnv, default_home, serve

    return serve(RasaEnv(default_home()), config.nlu.rasa.model_dir, args.port)


def _cmd_kb_import(config: AppConfig, args) -> int:
    from knowledge.catalogue import import_file
    from knowledge.storage.db import Database

    async def main():
        db = Database(config.database_url)
        try:
            await db.migrate()
            # Table rows without their own verified_on date count as checked on the day
            # staff import them, unless --verified-on says otherwise.
            verified_on = args.verified_on or dt.date.today()
            return await import_file(db, Path(args.file), verified_on)
        finally:
            await db.close()

    with _progress(f"importing {args.file}"):
        report = asyncio.run(main())
    linked = ""
    if report.linked is not None:
        total = report.created + report.updated
        linked = f"; {report.linked} of {total} linked to a current unit"
    print(
        f"Imported {report.created + report.updated} {report.kind} "
        f"({report.created} new, {report.updated} updated) from {args.file}{linked}"
    )
    return 0


def _cmd_kb_export(config: AppConfig, args) -> int:
    from knowledge.catalogue import export_file, export_kind
    from knowledge.storage.db import Database

    kind = export_kind(Path(args.file), args.kind)

    async def main():
        db = Database(config.database_url)
        try:
            await db.migrate()
            return await export_file(db, Path(args.file), kind)
        finally:
            await db.close()

    with _progress(f"exporting {kind} to {args.file}"):
        count = asyncio.run(main())
    print(f"Exported {count} {kind} to {args.file}")
    return 0


def _cmd_kb_build_national(config: AppConfig, args) -> int:
    from knowledge.procedures.portal.crawl import build_files

    try:
        catalogue, size = build_files(
            Path(args.raw_dir),
            Path(args.out),
            crawl_git=Path(args.crawl_git) if args.crawl_git else None,
            songgio=[Path(p) for p in args.songgio],
            commune_listing=Path(args.commune_listing) if args.commune_listing else None,
            report=Path(args.report) if args.report else None,
        )
    except (OSError, ValueError) as exc:
        print(f"citizenbot: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {len(catalogue['procedures'])} procedures to {args.out} ({size} bytes)")
    return 0


def _cmd_dossier_import(config: AppConfig, args) -> int:
    from knowledge.dossiers.registry import LocalRegistry
    from knowledge.storage.db import Database

    async def main():
        db = Database(config.database_url)
        try:
            await db.migrate()
            return await LocalRegistry(db).import_csv(Path(args.file))
        finally:
            await db.close()

    report = asyncio.run(main())
    print(
        f"Imported {report.created + report.updated} dossiers ({report.created} new, "
        f"{report.updated} updated, {report.events} status changes) from {args.file}"
    )
    if report.ignored_columns:
        print(f"Ignored column(s), not stored: {', '.join(report.ignored_columns)}")
    return 0


def _cmd_dossier_simulate(config: AppConfig, args) -> int:
    from knowledge.dossiers.simulator import SAMPLE_DATA, serve_simulator

    data = Path(args.data) if args.data else SAMPLE_DATA
    try:
        asyncio.run(
            serve_simulator(data, args.host, args.port, on_ready=lambda b: print(b, flush=True))
        )
    except OSError as exc:
        print(f"citizenbot: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    return 0


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="citizenbot", description=__doc__)
    parser.add_argument(
        "--config",
        type=Path,
        help="config file (default: $CITIZENBOT_CONFIG, else ./config.yml, else the project's)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser(
        "config", help="the settings in use: file, values, where each came from"
    ).set_defaults(func=_cmd_config)
    sub.add_parser("chat", help="talk to the assistant in the terminal").set_defaults(
        func=_cmd_chat
    )

    serve = sub.add_parser(
        "serve", help="web server and (with TELEGRAM_BOT_TOKEN) the Telegram bot"
    )
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument(
        "--workers", type=int, default=1, help="serving processes on the port (see README)"
    )
    serve.add_argument("--worker", type=int, default=None, help=argparse.SUPPRESS)
    serve.set_defaults(func=_cmd_serve)

    nlu = sub.add_parser("nlu", help="train, try and evaluate the NLU").add_subparsers(
        dest="nlu_command", required=True
    )
    nlu.add_parser("train").set_defaults(func=_cmd_nlu_train)
    parse = nlu.add_parser("parse")
    parse.add_argument("text")
    parse.add_argument("--backend", choices=("embedded", "rasa"))
    parse.set_defaults(func=_cmd_nlu_parse)
    test = nlu.add_parser("test")
    test.add_argument("file")
    test.add_argument("--out", default="reports/nlu")
    test.add_argument("--backend", choices=("embedded", "rasa"))
    test.add_argument(
        "--dialogue",
        action="store_true",
        help="also run each question through the whole dialogue (questions files only)",
    )
    test.set_defaults(func=_cmd_nlu_test)
    faq_eval = nlu.add_parser("faq-eval", help="FAQ paraphrases through the whole dialogue")
    faq_eval.add_argument("file")
    faq_eval.set_defaults(func=_cmd_nlu_faq_eval)
    threshold = nlu.add_parser(
        "threshold", help="choose the fallback threshold by cross-validation"
    )
    threshold.add_argument("--folds", type=int, default=5)
    threshold.set_defaults(func=_cmd_nlu_threshold)

    rasa = sub.add_parser("rasa", help="Rasa NLU in its own Python 3.10 environment")
    rasa_sub = rasa.add_subparsers(dest="rasa_command", required=True)
    rasa_train = rasa_sub.add_parser("train", help="create the environment, train if stale")
    rasa_train.add_argument("--force", action="store_true")
    rasa_train.add_argument(
        "--pipeline",
        choices=("full", "test"),
        default="full",
        help="full: nlu/rasa/config.yml (served, benchmarked); test: a faster one for the tests",
    )
    rasa_train.set_defaults(func=_cmd_rasa_train)
    rasa_serve = rasa_sub.add_parser("serve", help="run `rasa run --enable-api` until stopped")
    rasa_serve.add_argument("--port", type=int, default=5005)
    rasa_serve.set_defaults(func=_cmd_rasa_serve)

    db = sub.add_parser("db", help="the database").add_subparsers(dest="db_command", required=True)
    db.add_parser(
        "upgrade", help="apply the migrations (once, even with several processes starting)"
    ).set_defaults(func=_cmd_db_upgrade)

    kb = sub.add_parser("kb", help="knowledge base in and out").add_subparsers(
        dest="kb_command", required=True
    )
    kb_import = kb.add_parser(
        "import",
        help=".yml/.yaml: procedures (or FAQ entries: a top-level 'faq' list); "
        ".tsv/.csv: centres or hotlines (by header)",
    )
    kb_import.add_argument("file")
    kb_import.add_argument(
        "--verified-on",
        type=_iso_date,
        default=None,
        help="date YYYY-MM-DD for table rows without a verified_on value (default: today)",
    )
    kb_import.set_defaults(func=_cmd_kb_import)
    kb_export = kb.add_parser("export")
    kb_export.add_argument("file")
    kb_export.add_argument(
        "--kind",
        choices=("procedures", "centres", "hotlines", "faq"),
        default=None,
        help="what to export (default by extension: .yml procedures, .tsv/.csv centres; "
        "faq: the published FAQ entries, to a .yml file)",
    )
    kb_export.set_defaults(func=_cmd_kb_export)
    national = kb.add_parser(
        "build-national", help="the national catalogue from raw portal-crawl records"
    )
    national.add_argument("raw_dir", help="folder of <ministry>/<code>.json raw records")
    national.add_argument(
        "--crawl-git", help="the crawler's git repository, to date the crawl (default: raw_dir)"
    )
    national.add_argument(
        "--songgio", action="append", default=[], help="SongGio usage-weight JSON (repeatable)"
    )
    national.add_argument("--commune-listing", help="commune-centre listing extract (JSON)")
    national.add_argument(
        "--out", default=str(PROJECT_ROOT / "knowledge/data/national_catalogue.json.gz")
    )
    national.add_argument("--report", help="write the parse-quality report here (Markdown)")
    national.set_defaults(func=_cmd_kb_build_national)

    dossier = sub.add_parser("dossier", help="dossier status sources").add_subparsers(
        dest="dossier_command", required=True
    )
    dossier_import = dossier.add_parser(
        "import", help="CSV/TSV of dossiers (code,status,...) into the local registry"
    )
    dossier_import.add_argument("file")
    dossier_import.set_defaults(func=_cmd_dossier_import)
    simulate = dossier.add_parser(
        "simulate", help="run a provincial-style dossier API with made-up dossiers"
    )
    simulate.add_argument("--port", type=int, default=8090)
    simulate.add_argument("--host", default="127.0.0.1")
    simulate.add_argument(
        "--data", default=None, help="CSV/TSV of dossiers (default: the shipped sample)"
    )
    simulate.set_defaults(func=_cmd_dossier_simulate)

    add_bench_commands(sub)
    add_staff_commands(sub)
    add_volunteer_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"citizenbot: configuration error: {exc}", file=sys.stderr)
        return 2
    quiet = args.command in ("chat", "nlu", "bench")
    if args.command == "rasa":
        quiet = False
    _setup_logging(config, quiet=quiet)
    try:
        return args.func(config, args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        from knowledge.data_files import CatalogueError
        from nlu.rasa_env import RasaEnvError

        if isinstance(exc, CatalogueError | RasaEnvError):
            print(f"citizenbot: {exc}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
