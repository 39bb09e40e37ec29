"""Where settings come from: the config file (found by a fixed search), then the environment.

The settings model itself is in :mod:`bot.settings_model`; this module finds and reads the file,
turns environment variables into the same nested shape (pydantic-settings' environment
source: ``CITIZENBOT_<SECTION>__<KEY>``, plus the older names in :data:`LEGACY_ENV`),
and words validation errors as one line that names the setting or the variable.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_settings import EnvSettingsSource, SettingsError

from knowledge.yaml_data import parse_yaml

# The checkout (editable install) or site-packages (a wheel): shipped data lives under it.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_NAME = "config.yml"
CONFIG_ENV = "CITIZENBOT_CONFIG"
ENV_PREFIX = "CITIZENBOT_"
ENV_DELIMITER = "__"

# Names that worked before the CITIZENBOT_<SECTION>__<KEY> scheme, and still do.
LEGACY_ENV: dict[str, tuple[str, ...]] = {
    "CITIZENBOT_DATABASE_URL": ("database", "url"),
    "TELEGRAM_BOT_TOKEN": ("telegram", "token"),
    "TELEGRAM_BASE_URL": ("telegram", "base_url"),
    "TELEGRAM_WEBHOOK_URL": ("telegram", "webhook_url"),
    "TELEGRAM_WEBHOOK_SECRET": ("telegram", "webhook_secret"),
    "CITIZENBOT_SESSION_SECRET": ("web", "session_secret"),
}


class ConfigError(Exception):
    """A setting that is missing or has a bad value; the message says which and why."""


def find_config_file(
    explicit: Path | None, env: Mapping[str, str], cwd: Path | None = None
) -> Path:
    """The settings file: ``--config``, else $CITIZENBOT_CONFIG, else ./config.yml, else the
    checkout's (or installed package's) config.yml. A named file must exist."""
    cwd = Path.cwd() if cwd is None else cwd
    named = explicit or (Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else None)
    if named is not None:
        path = named.expanduser()
        path = path if path.is_absolute() else cwd / path
        if not path.is_file():
            how = "--config" if explicit else CONFIG_ENV
            raise ConfigError(f"config file not found: {path} (named by {how})")
        return path.resolve()
    candidates = [cwd / CONFIG_NAME, PROJECT_ROOT / CONFIG_NAME]
    for path in candidates:
        if path.is_file():
            return path.resolve()
    raise ConfigError(
        f"config file not found: looked for {' and '.join(map(str, candidates))}; "
        f"set {CONFIG_ENV} to the file's path"
    )


def read_file(path: Path) -> Any:
    """The parsed YAML of ``path`` (one-line errors)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    try:
        return parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise ConfigError(f"{path} is not valid YAML: {problem}{where}") from None


def env_name(path: tuple[str, ...]) -> str:
    """The variable that sets one setting, e.g. ``CITIZENBOT_NLU__RASA__URL``."""
    legacy = [name for name, target in LEGACY_ENV.items() if target == path]
    return legacy[0] if legacy else ENV_PREFIX + ENV_DELIMITER.join(path).upper()


def secret_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The secrets, settings hidden from repr (``Field(repr=False)``): read only from the
    environment, never echoed."""
    found: list[tuple[str, ...]] = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if not info.repr:
            found.append((*prefix, name))
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found += secret_paths(annotation, (*prefix, name))
    return found


def refuse_secrets_in_file(data: dict, model: type[BaseModel]) -> None:
    for path in secret_paths(model):
        node: Any = data
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if node is not None:
            raise ConfigError(
                f"{'.'.join(path)} is a secret: set {env_name(path)} in the environment "
                "and remove it from the config file"
            )


class _MappingEnvSource(EnvSettingsSource):
    """pydantic-settings' environment source over a given mapping (``load_config(env=...)``)
    instead of os.environ; names are matched case-insensitively, empty values are unset."""

    def __init__(self, model: type[BaseModel], environ: Mapping[str, str]) -> None:
        self._environ = {k.lower(): v for k, v in environ.items() if v != ""}
        super().__init__(
            model,  # type: ignore[arg-type]  # a plain model: only its fields are read
            case_sensitive=False,
            env_prefix=ENV_PREFIX,
            env_nested_delimiter=ENV_DELIMITER,
            env_ignore_empty=True,
        )

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return self._environ


def environment_values(
    model: type[BaseModel], env: Mapping[str, str]
) -> tuple[dict, dict[tuple[str, ...], str]]:
    """Settings found in ``env`` as nested values, and which variable set each path."""
    canonical: dict[str, str] = {}
    origins: dict[tuple[str, ...], str] = {}
    for name, value in env.items():
        upper = name.upper()
        if not value or not upper.startswith(ENV_PREFIX):
            continue
        parts = tuple(upper[len(ENV_PREFIX) :].lower().split(ENV_DELIMITER))
        if parts[0] in model.model_fields:
            canonical[upper] = value
            origins[parts] = name
        elif ENV_DELIMITER in upper and upper not in LEGACY_ENV:
            sections = ", ".join(model.model_fields)
            raise ConfigError(f"{name} is not a setting (the sections are: {sections})")
    for legacy, path in LEGACY_ENV.items():
        value = env.get(legacy)
        if not value:
            continue
        target = ENV_PREFIX + ENV_DELIMITER.join(path).upper()
        if canonical.get(target, value) != value:
            raise ConfigError(f"{legacy} and {target} are both set, to different values")
        canonical[target] = value
        origins[path] = legacy
    try:
        values = _MappingEnvSource(model, canonical)()
    except SettingsError as exc:
        found = re.search(r'field "(\w+)"', str(exc))
        name = ENV_PREFIX + (found.group(1).upper() if found else "...")
        raise ConfigError(
            f"{name} must be JSON (a whole section at once); or set {name}{ENV_DELIMITER}<KEY>"
        ) from None
    return values, origins


def merge(base: dict, override: dict) -> dict:
    """``override`` on top of ``base``, section by section."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _dotted(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _siblings(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names next to ``loc`` (for "did you mean")."""
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        annotation = info.annotation if info else None
        annotation = getattr(annotation, "__args__", (annotation,))[0]
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return list(model.model_fields)


PHRASES = {
    "missing": "is required",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "int_parsing": "must be a number (a whole one)",
    "int_type": "must be a number (a whole one)",
    "int_from_float": "must be a number (a whole one)",
    "too_short": "must not be empty",
    "string_type": "must be text",
    "path_type": "must be a path",
    "list_type": "must be a list",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping",
    "model_attributes_type": "must be a mapping",
}


def explain(
    error: ValidationError,
    model: type[BaseModel],
    origins: Mapping[tuple[str, ...], str],
    source: Path | None,
) -> str:
    """The first validation error as one line naming the setting (or its variable)."""
    errors = error.errors(include_url=False)
    first = errors[0]
    loc = tuple(first["loc"])
    if first["type"] == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]), _siblings(model, loc), n=1)
        phrase = "is not a setting" + (f" (did you mean {close[0]}?)" if close else "")
    elif first["type"] == "literal_error":
        phrase = f"must be one of {first['ctx']['expected'].replace(' or ', ', ')}"
        phrase = phrase.replace("'", "")
    else:
        phrase = PHRASES.get(first["type"], first["msg"].removeprefix("Value error, "))
    value = first.get("input")
    secret = any(loc[: len(p)] == p for p in secret_paths(model))
    if not secret and first["type"] != "missing" and not isinstance(value, dict | list):
        phrase += f", got {value!r}"
    prefixes = [loc[:n] for n in range(len(loc), 0, -1)]
    variable = next((origins[p] for p in prefixes if p in origins), None)
    if variable is None:
        where = f" (in {source})" if source else ""
        line = f"{_dotted(loc)} {phrase}{where}"
    elif tuple(str(p) for p in loc) in origins:
        line = f"{variable} {phrase}"
    else:
        line = f"{variable}: {_dotted(loc)} {phrase}"
    more = len(errors) - 1
    return line + (f" (and {more} more)" if more else "")


def resolve_path(value: Path, base: Path) -> Path:
    """A relative path in the settings is read from ``base`` (the config file's folder)."""
    value = value.expanduser()
    return value if value.is_absolute() else base / value


def shipped_or_resolved(value: Path, base: Path, setting: str) -> Path:
    """A folder of shipped data: next to the config file if it is there, else the one in
    the installed package (``nlu/data`` with a config kept elsewhere)."""
    candidates = [resolve_path(value, base)]
    if not value.is_absolute() and PROJECT_ROOT / value not in candidates:
        candidates.append(PROJECT_ROOT / value)
    for path in candidates:
        if path.is_dir():
            return path
    raise ConfigError(
        f"{setting}: no folder {candidates[0]}"
        + (f" nor {candidates[1]}" if len(candidates) > 1 else "")
    )
