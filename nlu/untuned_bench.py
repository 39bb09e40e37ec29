"""The untuned bench: how procedure retrieval does on questions nobody tuned it for.

Each probe round (a file of ``nlu/dev/``) was written, measured and then tuned for:
everyday phrasings, synonyms, short forms, generic words and topics were added until its
questions were found. Measured today, a round's questions flatter the bot. This bench
measures each recent round with today's code but with the tuning data of the commit
before the round was added (``TUNING_FILES``), as the questions were before anyone tuned
for them. A change to the code (not to the data) is judged here on questions it was not
tuned on; the held-out set (``nlu/eval/real_questions.yml``) stays for measuring.

    .venv/bin/python -m nlu.untuned_bench [--rounds 6] [--dialogue] [--out DIR]
    .venv/bin/python -m nlu.untuned_bench --sets story_questions story_questions_2 \
        story_questions_3   # the real questions of the development sets, as first tuned

It needs the project's git history (a clone, not an exported tree). Each round runs in
a copy of today's tree, in a child process. Without ``--dialogue`` it counts what the
procedure search resolves (``ProcedureIndex.find``): about 30 seconds for six rounds;
with it, every question goes through the whole dialogue (``citizenbot nlu test
--dialogue``): about 7 minutes. The real story sets are the oldest rounds: their data is
of the first sessions, so they tell less about today's tuning. ``--out DIR`` keeps each
question's row: a JSON-lines file per round (``find_row``), or the dialogue's rows per set.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nlu.entities import EntityMatch

ROOT = Path(__file__).resolve().parent.parent
DEV_DIR = Path("nlu/dev")
# not rounds of questions: look-ups labelled with codes only, and the FAQ's paraphrases
NOT_ROUNDS = frozenset({"everyday_queries", "faq_paraphrases"})
# the data a round was tuned with
TUNING_FILES = (
    "knowledge/data/everyday_aliases.yml",
    "nlu/synonyms.yml",
    "nlu/abbreviations.yml",
    "nlu/generic_words.yml",
    "flows/uncovered_topics.yml",
)
CODE_PARTS = ("bot", "nlu", "flows", "knowledge", "config.yml", "pyproject.toml")
FIND_OUTCOMES = ("right", "wrong", "asked", "none")


@dataclass(frozen=True)
class Round:
    """The question files added by one probe round, and the commit before them."""

    before: str  # the commit the first of them was added on top of
    when: int  # that commit's time (seconds since the epoch)
    sets: tuple[str, ...]  # file stems under nlu/dev


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def rounds(last: int | None = None, only: Sequence[str] = ()) -> list[Round]:
    """The ``last`` rounds (all by default), oldest first: question files grouped by the
    commit before the one that added each; ``only``: of these files only (their rounds,
    whatever their age)."""
    by_parent: dict[str, list[str]] = {}
    for path in sorted((ROOT / DEV_DIR).glob("*.yml")):
        if path.stem in NOT_ROUNDS or (only and path.stem not in only):
            continue
        added = _git("log", "--diff-filter=A", "--format=%H", "--", str(DEV_DIR / path.name))
        if not added:
            continue  # not committed yet
        first = added.splitlines()[-1]
        by_parent.setdefault(_git("rev-parse", f"{first}^"), []).append(path.stem)
    found = [
        Round(parent, int(_git("log", "-1", "--format=%ct", parent)), tuple(sets))
        for parent, sets in by_parent.items()
    ]
    found.sort(key=lambda r: r.when)
    return found if last is None else found[-last:]


def find_outcome(resolved: str | None, offered: Sequence[str], gold: frozenset[str]) -> str:
    """What the search did with a question labelled ``gold`` (codes and slugs; empty for
    a question no catalogue procedure answers)."""
    if resolved is not None:
        return "right" if resolved in gold else "wrong"
    return "asked" if offered else "none"


def find_row(set_name: str, text: str, gold: frozenset[str], match: EntityMatch) -> dict:
    """One question's row (``--out``): what the search resolved (a code, or the slug of a
    record without one) and offered, with the outcome ``find_outcome`` counts."""
    r = match.resolved
    got = None if r is None else r.value if r.value in gold else r.code or r.value
    offered = [c.value for c in match.candidates]
    return {
        "set": set_name,
        "text": text,
        "gold": sorted(gold),
        "outcome": find_outcome(got, offered, gold),
        "resolved": got,
        "candidates": [[c.code, c.value, c.score] for c in match.candidates],
    }


def _child_find(sets: Sequence[str], rows: Path | None = None) -> dict[str, Counter]:
    """In a round's copy: the search's outcomes, by whether a procedure answers; each
    question's row (``find_row``) written to ``rows`` as JSON lines."""
    from flows.procedures import index_for
    from knowledge.catalogue import (
        SEED_NATIONAL,
        SEED_PROCEDURES,
        everyday_aliases,
        read_procedures,
        with_everyday_aliases,
    )
    from knowledge.procedures.records import Catalogue
    from nlu.eval_sets import load_questions
    from nlu.training_data import training_vocabulary

    national = with_everyday_aliases(read_procedures(SEED_NATIONAL), everyday_aliases())
    catalogue = Catalogue([*national, *read_procedures(SEED_PROCEDURES)])
    index = index_for(catalogue, training_vocabulary(Path("nlu/data")))
    counts = {"in_catalogue": Counter(), "not_in_catalogue": Counter()}
    found = []
    for name in sets:
        for q in load_questions(DEV_DIR / f"{name}.yml"):
            gold = frozenset(q.procedures or ())
            row = find_row(name, q.text, gold, index.find(q.text))
            counts["in_catalogue" if gold else "not_in_catalogue"][row["outcome"]] += 1
            found.append(json.dumps(row, ensure_ascii=False))
    if rows is not None:
        rows.write_text("".join(f"{line}\n" for line in found), "utf-8")
    return counts


def _copy(round_: Round, into: Path) -> None:
    """Today's code with the round's tuning data."""
    for part in CODE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, into / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, into / part)
    for name in TUNING_FILES:
        try:
            then = _git("show", f"{round_.before}:{name}")
        except subprocess.CalledProcessError:
            continue  # the file came later: today's
        (into / name).write_text(then + "\n", "utf-8")


def _run_round(round_: Round, dialogue: bool, out: Path) -> dict[str, Counter]:
    with tempfile.TemporaryDirectory(prefix="untuned-") as tmp:
        where = Path(tmp)
        _copy(round_, where)
        env = {**os.environ, "PYTHONPATH": str(where), "PYTHONHASHSEED": "0"}
        if not dialogue:
            child = [sys.executable, "-m", "nlu.untuned_bench", "--child", *round_.sets]
            child += ["--rows", str(out.resolve() / f"{round_.before[:7]}.jsonl")]
            done = subprocess.run(
                child, cwd=where, env=env, check=True, capture_output=True, text=True
            )
            return {k: Counter(v) for k, v in json.loads(done.stdout).items()}
        counts: dict[str, Counter] = {"all": Counter()}
        cli = Path(sys.executable).with_name("citizenbot")
        for name in round_.sets:
            target = out / name
            subprocess.run(
                [str(cli), "nlu", "test", str(DEV_DIR / f"{name}.yml"), "--dialogue"]
                + ["--out", str(target)],
                cwd=where,
                env=env,
                check=True,
                capture_output=True,
            )
            rows = json.loads((target / "dialogue.json").read_text("utf-8"))
            counts["all"].update(r["outcome"] for r in rows)
        return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlu.untuned_bench", description=__doc__)
    parser.add_argument("--rounds", type=int, default=6, help="the most recent N rounds")
    parser.add_argument(
        "--sets", nargs="+", default=(), help="these question files' rounds instead"
    )
    parser.add_argument("--dialogue", action="store_true", help="through the whole dialogue")
    parser.add_argument("--out", type=Path, default=None, help="keep each question's row here")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child_find(args.child, args.rows)))
        return 0
    out = args.out or Path(tempfile.mkdtemp(prefix="untuned-rows-"))
    out.mkdir(parents=True, exist_ok=True)
    total: dict[str, Counter] = {}
    for round_ in rounds(None, args.sets) if args.sets else rounds(args.rounds):
        counts = _run_round(round_, args.dialogue, out)
        for kind, c in counts.items():
            total.setdefault(kind, Counter()).update(c)
            print(f"{round_.before[:7]} {','.join(round_.sets)} {kind}: {dict(c)}", flush=True)
    for kind, c in total.items():
        print(f"TOTAL {kind} ({sum(c.values())} questions): {dict(sorted(c.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
