"""`citizenbot bench ...`: the benchmarks' commands (they print their figures; the
README keeps the current tables)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import AppConfig
from bot.settings_sources import PROJECT_ROOT


def _cmd_bench_lookup(config: AppConfig, args) -> int:
    from bench.core import run_lookup

    print(run_lookup(config, args.n))
    return 0


def _cmd_bench_turns(config: AppConfig, args) -> int:
    from bench.turns import run_turns

    print(run_turns(config.source.resolve(), args.n, args.postgres_url))
    return 0


def _cmd_bench_load(config: AppConfig, args) -> int:
    from bench.load import run_load

    print(run_load(config.source.resolve(), args.chats, args.postgres_url))
    return 0


def _cmd_bench_nlu(config: AppConfig, args) -> int:
    from bench import catalogue as bench_catalogue
    from bench.core import run_nlu
    from nlu.eval_sets import load_questions

    print(run_nlu(config, Path(args.data), args.n, args.reuse_rasa_model, rasa=not args.no_rasa))
    print()
    texts = [q.text for path in args.catalogue_data for q in load_questions(Path(path))]
    print(bench_catalogue.run(config, texts, args.n))
    return 0


def add_bench_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``bench lookup|nlu|turns|load`` to the CLI's subcommands."""
    bench = sub.add_parser("bench", help="measure speed and print the figures").add_subparsers(
        dest="bench_command", required=True
    )
    lookup = bench.add_parser("lookup", help="place questions: parse + resolve + answer")
    lookup.add_argument("--n", type=int, default=1000)
    lookup.set_defaults(func=_cmd_bench_lookup)
    bench_nlu = bench.add_parser("nlu", help="embedded and Rasa side by side on held-out data")
    bench_nlu.add_argument("--data", default=str(PROJECT_ROOT / "nlu/eval/heldout.yml"))
    bench_nlu.add_argument("--n", type=int, default=1000, help="parses per backend")
    bench_nlu.add_argument(
        "--reuse-rasa-model", action="store_true", help="skip retraining Rasa (no training time)"
    )
    bench_nlu.add_argument("--no-rasa", action="store_true", help="embedded backend only")
    bench_nlu.add_argument(
        "--catalogue-data",
        nargs="+",
        default=[str(PROJECT_ROOT / "nlu/eval" / n) for n in ("heldout.yml", "real_questions.yml")],
        help="messages parsed for the catalogue figures",
    )
    bench_nlu.set_defaults(func=_cmd_bench_nlu)
    turns = bench.add_parser("turns", help="web-chat turns over HTTP at concurrency 1/8/32/64")
    turns.add_argument("--n", type=int, default=400, help="turns per concurrency level")
    turns.add_argument("--postgres-url", help="a PostgreSQL to use (default: a throwaway one)")
    turns.set_defaults(func=_cmd_bench_turns)
    load = bench.add_parser(
        "load", help="Telegram updates end to end through the webhook, 1/2/4 workers"
    )
    load.add_argument("--chats", type=int, default=64, help="chats sending at once")
    load.add_argument(
        "--postgres-url", help="a PostgreSQL server to use (default: a throwaway one)"
    )
    load.set_defaults(func=_cmd_bench_load)
