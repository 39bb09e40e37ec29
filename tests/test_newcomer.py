"""A newcomer's path: the real `citizenbot` command, run from folders other than the checkout.

Settings are found without help (CITIZENBOT_CONFIG, ./config.yml, then the checkout's),
relative paths are read from the config file's folder, nothing is left in the current
folder, mistakes are one clear line, long steps say what they are doing, and the README's
commands are the ones that work.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings_model import Settings
from bot.settings_sources import env_name, secret_paths
from tests.conftest import ROOT

CONSOLE_SCRIPT = Path(sys.executable).with_name("citizenbot")


def citizenbot(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """`citizenbot ARGS` as a user types it in ``cwd``, with only ``env`` set."""
    command = (
        [str(CONSOLE_SCRIPT)] if CONSOLE_SCRIPT.exists() else [sys.executable, "-m", "bot.cli"]
    )
    return subprocess.run(
        [*command, *args],
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "NO_PROXY": "127.0.0.1,localhost", **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """An empty folder outside the checkout, where the newcomer types commands."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def _leaf_paths(model=Settings, prefix=()) -> list[tuple[str, ...]]:
    paths = []
    for name, info in model.model_fields.items():
        if isinstance(info.annotation, type) and hasattr(info.annotation, "model_fields"):
            paths += _leaf_paths(info.annotation, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


def test_from_any_folder_the_checkouts_settings_are_found(elsewhere):
    done = citizenbot(elsewhere, "config")
    assert done.returncode == 0, done.stderr
    assert f"config file: {ROOT / 'config.yml'}" in done.stdout
    # Its relative paths are the checkout's, not the current folder's.
    assert f"sqlite+aiosqlite:///{ROOT / 'data' / 'citizenbot.db'}" in done.stdout
    assert str(ROOT / "nlu" / "data") in done.stdout
    assert list(elsewhere.iterdir()) == []


def test_a_message_is_parsed_from_another_folder(elsewhere, seeded_database, tmp_path):
    database = tmp_path / "own.db"
    shutil.copyfile(seeded_database, database)
    done = citizenbot(
        elsewhere,
        "nlu",
        "parse",
        "xin chào",
        CITIZENBOT_DATABASE_URL=f"sqlite+aiosqlite:///{database}",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["intent"]["name"] == "greet"
    assert list(elsewhere.iterdir()) == []


def test_a_config_kept_in_another_folder_reads_its_paths_from_there(
    elsewhere, tmp_path, seeded_database, trained_model_dir
):
    # The shipped config.yml copied to a site folder, its relative paths left as they are;
    # the site already holds a database and a trained model (as a first start leaves them).
    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    shutil.copyfile(ROOT / "config.yml", site / "config.yml")
    shutil.copyfile(seeded_database, site / "data" / "citizenbot.db")
    shutil.copytree(trained_model_dir, site / "data" / "nlu-model")
    env = {"CITIZENBOT_CONFIG": "../site/config.yml"}  # relative to where it is typed

    done = citizenbot(elsewhere, "nlu", "parse", "đk kết hôn mấy ngày", **env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(done.stdout)["intent"]["name"]
    assert (site / "data" / "cache").is_dir()  # the unit map is kept by the site's config

    done = citizenbot(elsewhere, "kb", "export", "centres.tsv", **env)
    assert done.returncode == 0, done.stderr
    exported = int(re.search(r"Exported (\d+) centres", done.stdout).group(1))
    assert exported > 100  # from the site's seeded database, not a new empty one
    # Only the file asked for lands in the current folder: no stray data/citizenbot.db.
    assert [p.name for p in elsewhere.iterdir()] == ["centres.tsv"]


def test_a_long_import_says_what_it_is_doing(elsewhere, seeded_database, tmp_path):
    database = tmp_path / "own.db"
    shutil.copyfile(seeded_database, database)
    curated = ROOT / "knowledge" / "data" / "procedures.yml"
    done = citizenbot(
        elsewhere,
        "kb",
        "import",
        str(curated),
        CITIZENBOT_DATABASE_URL=f"sqlite+aiosqlite:///{database}",
    )
    assert done.returncode == 0, done.stderr
    assert "procedures" in done.stdout
    progress = [line for line in done.stderr.splitlines() if f"importing {curated}" in line]
    assert [line.split(": ")[-1].split(" [")[0] for line in progress] == ["started", "done"]
    assert all(re.search(r"\[\d+ s\]$", line) for line in progress)


# Stands in for `rasa train nlu ... --out DIR --fixed-model-name NAME`: writes the model.
FAKE_RASA = """#!/bin/sh
while [ $# -gt 0 ]; do
  case "$1" in --out) out=$2; shift;; --fixed-model-name) name=$2; shift;; esac; shift
done
echo model > "$out/$name.tar.gz"
"""


def test_training_rasa_says_what_it_is_doing(elsewhere, tmp_path):
    from nlu.rasa_env import RASA_VERSION

    home, models = tmp_path / "rasa-home", tmp_path / "models"
    (home / "bin").mkdir(parents=True)
    (home / "bin" / "rasa").write_text(FAKE_RASA, encoding="utf-8")
    (home / "bin" / "rasa").chmod(0o755)
    (home / ".citizenbot-ready").write_text(RASA_VERSION)  # an environment made earlier
    env = {"CITIZENBOT_RASA_HOME": str(home), "CITIZENBOT_NLU__RASA__MODEL_DIR": str(models)}

    done = citizenbot(elsewhere, "rasa", "train", **env)
    assert done.returncode == 0, done.stderr
    progress = [line for line in done.stderr.splitlines() if "training the Rasa model" in line]
    assert [re.search(r": (\w+) \[\d+ s\]$", line).group(1) for line in progress] == [
        "started",
        "done",
    ]
    assert (models / "citizenbot-nlu.tar.gz").exists()

    again = citizenbot(elsewhere, "rasa", "train", **env)
    assert "up to date" in again.stdout and "training the Rasa model" not in again.stderr
    assert list(elsewhere.iterdir()) == []


MISTAKES = [
    (
        {"file": "telegram:\n  token: '123:abc'\n"},
        "telegram.token is a secret: set TELEGRAM_BOT_TOKEN",
    ),
    ({"CITIZENBOT_SERVER__PORT": "eighty"}, "CITIZENBOT_SERVER__PORT must be a number"),
    ({"CITIZENBOT_NLU__TRESHOLD": "0.3"}, "CITIZENBOT_NLU__TRESHOLD is not a setting"),
    ({"CITIZENBOT_CONFIG": "missing.yml"}, "config file not found:"),
    ({"file": "nlu: [\n"}, "is not valid YAML"),
]


@pytest.mark.parametrize(("setup", "message"), MISTAKES)
def test_a_setting_mistake_is_one_line_without_a_traceback(elsewhere, tmp_path, setup, message):
    env = dict(setup)
    if "file" in env:
        path = tmp_path / "site.yml"
        path.write_text(env.pop("file"), encoding="utf-8")
        env["CITIZENBOT_CONFIG"] = str(path)
    done = citizenbot(elsewhere, "nlu", "parse", "xin chào", **env)
    assert done.returncode == 2
    assert done.stderr.startswith("citizenbot: configuration error: ")
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "123:abc" not in done.stderr
    assert list(elsewhere.iterdir()) == []


# ---- the README ------------------------------------------------------------------------------

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_described_in_one_place():
    # config.yml names every setting that may be written there (some as a comment) ...
    shipped = (ROOT / "config.yml").read_text(encoding="utf-8")
    secrets = set(secret_paths(Settings))
    missing = [p for p in _leaf_paths() if p not in secrets and f"{p[-1]}:" not in shipped]
    assert missing == []
    # ... and the README the variables' scheme and every variable with its own name.
    assert "CITIZENBOT_<SECTION>__<KEY>" in README
    own_names = {env_name(p) for p in _leaf_paths()} - {
        "CITIZENBOT_" + "__".join(p).upper() for p in _leaf_paths()
    }
    assert own_names and all(f"`{name}`" in README for name in own_names)
    assert all(f"`{env_name(p)}`" in README for p in secrets)


def test_the_readmes_commands_are_runnable_as_written():
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    # The console script is not on PATH: every command says where it is.
    assert [line for line in lines if line.startswith("citizenbot ")] == []
    assert "make serve" in README
