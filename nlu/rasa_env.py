"""Rasa's own environment: create it, train the NLU model, run the server.

Rasa Open Source 3.6 needs Python < 3.11 and pins old libraries, so it never runs
in our process: it gets a Python 3.10 virtual environment of its own (cached
outside the checkout, reused while it holds the right version) and runs as a
server that nlu.rasa_backend talks to over HTTP.
"""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.yaml_data import load_yaml

logger = logging.getLogger(__name__)

RASA_VERSION = "3.6.21"
ROOT = Path(__file__).resolve().parent.parent
RASA_CONFIG = ROOT / "nlu" / "rasa" / "config.yml"
NLU_DATA = ROOT / "nlu" / "data"
PROCEDURES = ROOT / "knowledge" / "data" / "procedures.yml"
MODEL_NAME = "citizenbot-nlu"


@dataclass(frozen=True)
class Pipeline:
    """A Rasa pipeline and the name of the model trained with it."""

    name: str
    config: Path
    model_name: str


FULL = Pipeline("full", RASA_CONFIG, MODEL_NAME)
# For the test suite: a minute of training instead of four (see its config file).
TEST = Pipeline("test", RASA_CONFIG.with_name("config.test.yml"), f"{MODEL_NAME}-test")
PIPELINES = {p.name: p for p in (FULL, TEST)}
# Bumped whenever the way training files are generated changes, so models retrain.
TRAINING_RECIPE = "2: examples + accent-folded copies + procedure lookup table"
# Rasa must not phone home (no network here) and TensorFlow is chatty.
QUIET_ENV = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


class RasaEnvError(Exception):
    """Rasa's environment could not be made ready; the message says what to do."""


def default_home() -> Path:
    override = os.environ.get("CITIZENBOT_RASA_HOME")
    if override:
        return Path(override)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "citizenbot" / f"rasa-{RASA_VERSION}"


def find_python310() -> str:
    """A Python 3.10 interpreter: $CITIZENBOT_PYTHON310, PATH, or pyenv's versions."""
    candidates = [os.environ.get("CITIZENBOT_PYTHON310", ""), "python3.10"]
    pyenv_root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    candidates += sorted(glob.glob(f"{pyenv_root}/versions/3.10*/bin/python3.10"), reverse=True)
    candidates += ["/usr/bin/python3.10", "/usr/local/bin/python3.10"]
    for candidate in filter(None, candidates):
        path = shutil.which(candidate) or candidate
        try:
            done = subprocess.run(
                [path, "-c", "import sys; print(sys.version_info[:2] == (3, 10))"],
                capture_output=True,
                text=True,
                timeout=30,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0 and done.stdout.strip() == "True":
            return path
    raise RasaEnvError("Rasa needs Python 3.10: install it or set CITIZENBOT_PYTHON310")


@dataclass(frozen=True)
class RasaEnv:
    home: Path

    @property
    def rasa(self) -> Path:
        return self.home / "bin" / "rasa"

    @property
    def marker(self) -> Path:
        return self.home / ".citizenbot-ready"

    def ready(self) -> bool:
        return (
            self.rasa.exists()
            and self.marker.exists()
            and (self.marker.read_text().strip() == RASA_VERSION)
        )

    def ensure(self) -> None:
        """Create the environment unless a ready one of the right version is there."""
        if self.ready():
            logger.info("reusing the Rasa %s environment in %s", RASA_VERSION, self.home)
            return
        python = find_python310()
        logger.info(
            "creating the Rasa %s environment in %s (a few minutes)", RASA_VERSION, self.home
        )
        if self.home.exists():
            shutil.rmtree(self.home)
        self.home.parent.mkdir(parents=True, exist_ok=True)
        pip = [str(self.home / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        steps = [
            [python, "-m", "venv", str(self.home)],
            # Rasa 3.6 still imports pkg_resources, which newer setuptools dropped.
            [*pip, "--upgrade", "pip", "setuptools<70", "wheel"],
            [*pip, f"rasa=={RASA_VERSION}"],
        ]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True)
            if done.returncode != 0:
                raise RasaEnvError(f"{' '.join(step[:4])} failed:\n{done.stderr[-2000:]}")
        self.marker.write_text(RASA_VERSION)

    def run_env(self) -> dict[str, str]:
        return {**os.environ, **QUIET_ENV}


def training_inputs(pipeline: Pipeline = FULL) -> list[Path]:
    """The files a trained model depends on (the catalogue only through its names)."""
    return [pipeline.config, *sorted(NLU_DATA.glob("*.yml"))]


def inputs_hash(pipeline: Pipeline = FULL) -> str:
    digest = hashlib.sha256(f"{RASA_VERSION} {TRAINING_RECIPE}".encode())
    for path in training_inputs(pipeline):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    # Editing a fee or a note in the catalogue must not force a four-minute retrain.
    digest.update(yaml.safe_dump(lookup_tables(), allow_unicode=True).encode())
    return digest.hexdigest()


def lookup_tables() -> dict:
    """Procedure names and aliases from the catalogue as a Rasa lookup table."""
    data = load_yaml(PROCEDURES)
    names = sorted({n for p in data["procedures"] for n in (p["name"], *p.get("aliases", []))})
    return {
        "version": "3.1",
        "nlu": [{"lookup": "procedure", "examples": "".join(f"- {name}\n" for name in names)}],
    }


def folded_copies() -> dict:
    """Every example again without diacritics, as many users type.

    Measured on the held-out set: accuracy 0.878 without these copies, 0.943 with them.
    """
    from nlu.normalize import fold
    from nlu.training_data import load_examples

    by_intent: dict[str, set[str]] = {}
    for example in load_examples(NLU_DATA):
        folded = fold(example.text)
        if folded and folded != example.text.lower():
            by_intent.setdefault(example.intent, set()).add(folded)
    return {
        "version": "3.1",
        "nlu": [
            {"intent": intent, "examples": "".join(f"- {t}\n" for t in sorted(texts))}
            for intent, texts in sorted(by_intent.items())
        ],
    }


def model_path(models_dir: Path, pipeline: Pipeline = FULL) -> Path:
    return models_dir / f"{pipeline.model_name}.tar.gz"


def is_stale(models_dir: Path, pipeline: Pipeline = FULL) -> bool:
    stamp = models_dir / f"{pipeline.model_name}.inputs"
    return not (
        model_path(models_dir, pipeline).exists()
        and stamp.exists()
        and stamp.read_text().strip() == inputs_hash(pipeline)
    )


def train(
    env: RasaEnv, models_dir: Path, force: bool = False, pipeline: Pipeline = FULL
) -> tuple[Path, float]:
    """Train the NLU-only model if missing or older than its inputs; returns (path, seconds)."""
    models_dir = models_dir.resolve()
    target = model_path(models_dir, pipeline)
    if not force and not is_stale(models_dir, pipeline):
        logger.info("Rasa model %s is up to date", target)
        return target, 0.0
    env.ensure()
    models_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        for path in NLU_DATA.glob("*.yml"):
            shutil.copy(path, data / path.name)
        for name, content in (("lookups.yml", lookup_tables()), ("folded.yml", folded_copies())):
            (data / name).write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
        command = [
            str(env.rasa),
            "train",
            "nlu",
            "--config",
            str(pipeline.config),
            "--nlu",
            str(data),
            "--out",
            str(models_dir),
            "--fixed-model-name",
            pipeline.model_name,
        ]
        done = subprocess.run(command, capture_output=True, text=True, env=env.run_env(), cwd=tmp)
    if done.returncode != 0 or not target.exists():
        raise RasaEnvError(f"rasa train failed:\n{done.stdout[-1500:]}\n{done.stderr[-1500:]}")
    (models_dir / f"{pipeline.model_name}.inputs").write_text(inputs_hash(pipeline))
    seconds = time.perf_counter() - started
    logger.info("Rasa model trained in %.0f s: %s", seconds, target)
    return target, seconds


def start_server(env: RasaEnv, model: Path, port: int, log_file=None) -> subprocess.Popen:
    """Start `rasa run --enable-api` on 127.0.0.1 (the caller stops it)."""
    command = [
        str(env.rasa),
        "run",
        "--enable-api",
        "--model",
        str(model),
        "--port",
        str(port),
        "--interface",
        "127.0.0.1",
    ]
    return subprocess.Popen(
        command,
        env=env.run_env(),
        stdout=log_file or subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_until_ready(url: str, process: subprocess.Popen, timeout_s: float = 240) -> None:
    """Block until the server has loaded its model (GET /status), or raise."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RasaEnvError(f"rasa server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/status", timeout=2) as resp:
                if resp.status == 200 and b"model_file" in resp.read():
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RasaEnvError(f"rasa server at {url} not ready after {timeout_s:.0f} s")


def stop_server(process: subprocess.Popen, timeout_s: float = 20) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def serve(env: RasaEnv, models_dir: Path, port: int) -> int:
    """`citizenbot rasa serve`: train if needed, run the server until stopped."""
    model, _ = train(env, models_dir)
    process = start_server(env, model, port, log_file=sys.stderr)
    url = f"http://127.0.0.1:{port}"

    def stop(signum, _frame):
        # Only pass the signal on: the main thread is already waiting for the process
        # (waiting here too, inside the handler, never returned).
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    wait_until_ready(url, process)
    logger.info("Rasa NLU server ready at %s (POST /model/parse)", url)
    return process.wait()
