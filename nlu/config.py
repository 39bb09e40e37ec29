"""Settings of the NLU layer, passed in. Their defaults are the settings' defaults:
bot.settings_model takes them, with each setting's range."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RasaSettings:
    url: str = "http://127.0.0.1:5005"
    timeout_s: float = 2.0
    model_dir: Path = Path("data/rasa-models")


@dataclass(frozen=True)
class NluSettings:
    backend: str = "embedded"  # "embedded" or "rasa"
    threshold: float = 0.45
    data_dir: Path = Path("nlu/data")
    model_dir: Path = Path("data/nlu-model")
    rasa: RasaSettings = RasaSettings()
