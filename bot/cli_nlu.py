"""`citizenbot nlu ...` and `citizenbot rasa ...`: train, try and evaluate the NLU, and
run Rasa NLU in its own Python 3.10 environment."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
from dataclasses import replace
from pathlib import Path

from bot.cli_progress import progress
from bot.config import AppConfig


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


def _cmd_nlu_build(config: AppConfig, args) -> int:
    import tempfile
    import time

    from bot.app import build_shipped_caches

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="citizenbot-build-") as scratch:
        procedures = asyncio.run(build_shipped_caches(config, Path(scratch)))
    seconds = time.perf_counter() - started
    print(json.dumps({"procedures": procedures, "seconds": round(seconds, 2)}))
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
    """A question set's figures, all measured on one scratch database seeded with this
    release's knowledge: the parse (intents, procedure top-1/top-3) and, with
    ``--dialogue``, the whole dialogue. A developer's own database may hold an older
    seed (see ``bot.app``'s warning of missing phrasings); the figures must not."""
    import tempfile

    from nlu.eval_sets import load_questions
    from nlu.evaluate import evaluate, write_report

    with tempfile.TemporaryDirectory() as tmp:
        scratch = replace(config, database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'evaluation.db'}")
        # Figures must come from the backend asked for: no silent fallback here.
        nlu = _nlu(_with_backend(scratch, args.backend), strict=True)

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
            summary["dialogue"] = _dialogue_evaluation(scratch, Path(args.file), Path(args.out))
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


def _dialogue_evaluation(config: AppConfig, path: Path, out: Path) -> dict:
    """The questions through the whole dialogue on ``config``'s (scratch) database (see
    ``flows.evaluation``); each question's outcome goes to ``out/dialogue.json``."""
    from dataclasses import asdict

    from bot.app import create_services
    from flows.evaluation import evaluate_dialogue
    from nlu.eval_sets import load_questions

    async def main():
        services = await create_services(config)
        try:
            return await evaluate_dialogue(
                services.dialogue, services.catalogue, load_questions(path)
            )
        finally:
            await services.close()

    summary, rows = asyncio.run(main())
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


def _cmd_nlu_words(config: AppConfig, args) -> int:
    from nlu.known_words import KNOWN_WORDS_FILE, render, shipped_words

    words = shipped_words()
    KNOWN_WORDS_FILE.write_text(render(words), encoding="utf-8")
    print(f"{len(words)} words written to {KNOWN_WORDS_FILE}")
    return 0


def _cmd_rasa_train(config: AppConfig, args) -> int:
    from nlu.rasa_env import PIPELINES, RasaEnv, default_home, is_stale, train

    env, models = RasaEnv(default_home()), config.nlu.rasa.model_dir
    pipeline = PIPELINES[args.pipeline]
    if not env.ready():
        with progress(f"creating Rasa's environment in {env.home} (first time: minutes)"):
            env.ensure()
    if args.force or is_stale(models, pipeline):
        with progress(f"training the Rasa model ({pipeline.name} pipeline) into {models}"):
            model, seconds = train(env, models, force=args.force, pipeline=pipeline)
    else:
        model, seconds = train(env, models, pipeline=pipeline)
    state = f"trained in {seconds:.0f} s" if seconds else "up to date"
    print(f"Rasa model: {model} ({state})")
    return 0


def _cmd_rasa_serve(config: AppConfig, args) -> int:
    from nlu.rasa_env import RasaEnv, default_home, serve

    return serve(RasaEnv(default_home()), config.nlu.rasa.model_dir, args.port)


def add_nlu_commands(sub: argparse._SubParsersAction) -> None:
    """`nlu train|build|parse|test|faq-eval|threshold|words` and `rasa train|serve` under the main
    parser's subcommands."""
    nlu = sub.add_parser("nlu", help="train, try and evaluate the NLU").add_subparsers(
        dest="nlu_command", required=True
    )
    nlu.add_parser("train").set_defaults(func=_cmd_nlu_train)
    nlu.add_parser(
        "build",
        help="build the indexes of the shipped knowledge ahead, so a first start reads them",
    ).set_defaults(func=_cmd_nlu_build)
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
    nlu.add_parser(
        "words", help="write nlu/known_words.txt (words never taken for typos) from the records"
    ).set_defaults(func=_cmd_nlu_words)

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
