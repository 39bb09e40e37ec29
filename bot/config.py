"""Application settings: one validated model, read once at start-up and passed down.

Sources, later ones winning: the model's defaults (:mod:`bot.settings_model`), the config
file (see :func:`bot.settings_sources.find_config_file`), then environment variables —
``CITIZENBOT_<SECTION>__<KEY>`` for every setting (``CITIZENBOT_NLU__THRESHOLD=0.5``),
and the older names ``CITIZENBOT_DATABASE_URL``, ``TELEGRAM_BOT_TOKEN``,
``TELEGRAM_BASE_URL``, ``CITIZENBOT_SESSION_SECRET``. Secrets come only from the
environment. Relative paths (and a relative SQLite file) are read from the config file's
folder, never the current directory. The result (AppConfig) is plain frozen data: the
validated sections themselves, and the lower layers' settings built from theirs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.settings_model import (
    AdminSection,
    DossierSourceSection,
    DossiersSection,
    RetentionSection,
    ServerSection,
    Settings,
    TelegramSection,
    WebSection,
)
from bot.settings_sources import (
    PROJECT_ROOT,
    ConfigError,
    environment_values,
    explain,
    find_config_file,
    merge,
    read_file,
    refuse_secrets_in_file,
    resolve_path,
    secret_paths,
    shipped_or_resolved,
)
from flows.config import DialogueSettings, HandoffSettings
from knowledge.dossiers.http_source import HttpSourceSettings
from knowledge.dossiers.router import DossierSettings
from nlu.config import NluSettings, RasaSettings

__all__ = ["AppConfig", "ConfigError", "load_config", "parse_config"]

DEFAULT_CONFIG = PROJECT_ROOT / "config.yml"


# ---- what the rest of the code gets ------------------------------------------------------


@dataclass(frozen=True)
class DossierConfig:
    """Dossier sources plus how the bot names them to citizens."""

    settings: DossierSettings
    labels: dict[str, str]
    lookup_deadline_s: float


@dataclass(frozen=True)
class AppConfig:
    """The settings in use: every default, type and range is in :mod:`bot.settings_model`."""

    database_url: str
    # Built from shipped data at the first start, read at later ones (the unit map).
    cache_dir: Path
    nlu: NluSettings
    dialogue: DialogueSettings
    server: ServerSection
    telegram: TelegramSection
    dossiers: DossierConfig
    web: WebSection
    admin: AdminSection
    handoff: HandoffSettings
    handoff_check_s: float
    api_key: str | None = field(repr=False)
    log_level: str
    source: Path
    retention: RetentionSection = RetentionSection()


def _sqlite_file(url: str, base: Path) -> str:
    """A relative SQLite file is kept next to the config file, not in the current folder."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return url
    if database.startswith("file:") or Path(database).is_absolute():
        return url
    path = resolve_path(Path(database), base)
    return parsed.set(database=str(path)).render_as_string(hide_password=False)


def _dossier_source(
    raw: DossierSourceSection, index: int, env: Mapping[str, str]
) -> tuple[HttpSourceSettings, str]:
    where = f"dossiers.sources[{index}]"
    headers: dict[str, str] = {}
    if raw.auth_env:
        # The secret itself never sits in the config file: only the variable's name does.
        secret = env.get(raw.auth_env)
        if not secret:
            raise ConfigError(f"{where}.auth_env names {raw.auth_env}, which is not set")
        headers[raw.auth_header] = raw.auth_prefix + secret
    options: dict[str, Any] = {}
    if raw.fields:
        options["fields"] = dict(raw.fields)
    if raw.status_map:
        options["status_map"] = dict(raw.status_map)
    try:
        settings = HttpSourceSettings(
            name=raw.name,
            url_template=raw.url,
            prefixes=tuple(raw.prefixes),
            headers=headers,
            timeout_s=raw.timeout_s,
            breaker_failures=raw.breaker_failures,
            breaker_reset_s=raw.breaker_reset_s,
            **options,
        )
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    return settings, raw.label or raw.name


def _dossiers(section: DossiersSection, env: Mapping[str, str]) -> DossierConfig:
    parsed = [_dossier_source(raw, i, env) for i, raw in enumerate(section.sources)]
    labels = {settings.name: label for settings, label in parsed}
    labels["registry"] = section.registry_label
    try:
        settings = DossierSettings(
            sources=tuple(s for s, _ in parsed), poll_interval_s=section.poll_interval_s
        )
    except ValueError as exc:
        raise ConfigError(f"dossiers: {exc}") from None
    return DossierConfig(
        settings=settings, labels=labels, lookup_deadline_s=section.lookup_deadline_s
    )


def to_app_config(
    settings: Settings, base: Path, env: Mapping[str, str], source: Path
) -> AppConfig:
    """The validated settings as the code uses them, paths resolved."""
    nlu, rasa = settings.nlu, settings.nlu.rasa
    return AppConfig(
        database_url=_sqlite_file(settings.database.url, base),
        cache_dir=resolve_path(settings.cache_dir, base),
        nlu=NluSettings(
            backend=nlu.backend,
            threshold=nlu.threshold,
            data_dir=shipped_or_resolved(nlu.data_dir, base, "nlu.data_dir"),
            model_dir=resolve_path(nlu.model_dir, base),
            rasa=RasaSettings(
                url=rasa.url.rstrip("/"),
                timeout_s=rasa.timeout_s,
                model_dir=resolve_path(rasa.model_dir, base),
            ),
        ),
        dialogue=DialogueSettings(**settings.dialogue.model_dump()),
        server=settings.server,
        telegram=settings.telegram,
        dossiers=_dossiers(settings.dossiers, env),
        web=settings.web,
        admin=settings.admin,
        handoff=settings.handoff.settings(),
        handoff_check_s=settings.handoff.check_interval_s,
        retention=settings.retention,
        api_key=settings.api_key,
        log_level=settings.logging.level,
        source=source,
    )


def _refuse_password_in_file(data: dict) -> None:
    url = data.get("database", {}).get("url") if isinstance(data.get("database"), dict) else None
    try:
        password = make_url(url).password if isinstance(url, str) else None
    except ArgumentError:
        return  # the model says what is wrong with it
    if password:
        raise ConfigError(
            "database.url holds a password: set CITIZENBOT_DATABASE_URL in the environment "
            "and remove it from the config file"
        )


def validate(
    data: Any, env: Mapping[str, str], source: Path | None = None
) -> tuple[Settings, dict]:
    """The file's values (already parsed) with the environment on top, validated."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the config file must be a mapping of sections")
    refuse_secrets_in_file(data, Settings)
    _refuse_password_in_file(data)
    from_env, origins = environment_values(Settings, env)
    try:
        return Settings.model_validate(merge(data, from_env)), origins
    except ValidationError as exc:
        raise ConfigError(explain(exc, Settings, origins, source)) from None


def parse_config(data: Any, env: Mapping[str, str], source: Path | None = None) -> AppConfig:
    """Build a validated AppConfig from parsed YAML and the environment; relative paths
    are read from ``source``'s folder (the project's folder when there is no file)."""
    settings, _ = validate(data, env, source)
    base = source.resolve().parent if source is not None else PROJECT_ROOT
    return to_app_config(settings, base, env, source or DEFAULT_CONFIG)


def _flatten(values: dict, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    flat: dict[tuple[str, ...], Any] = {}
    for key, value in values.items():
        if isinstance(value, dict) and value and key not in ("fields", "status_map"):
            flat.update(_flatten(value, (*prefix, key)))
        else:
            flat[(*prefix, key)] = value
    return flat


def describe(
    path: Path | None = None, env: Mapping[str, str] | None = None
) -> tuple[Path, list[tuple[str, str, str]]]:
    """The settings in use — (setting, value, where it came from) — for `citizenbot config`.
    Secrets show only whether they are set; paths show where they resolve to."""
    env = dict(os.environ) if env is None else env
    source = find_config_file(path, env)
    data = read_file(source)
    settings, origins = validate(data, env, source)
    app = to_app_config(settings, source.parent, env, source)
    resolved = {
        ("database", "url"): make_url(app.database_url).render_as_string(hide_password=True),
        ("cache_dir",): app.cache_dir,
        ("nlu", "data_dir"): app.nlu.data_dir,
        ("nlu", "model_dir"): app.nlu.model_dir,
        ("nlu", "rasa", "model_dir"): app.nlu.rasa.model_dir,
    }
    file_paths = set(_flatten(data if isinstance(data, dict) else {}))
    rows = []
    for key, value in _flatten(settings.model_dump()).items():
        if key in secret_paths(Settings):
            value = "(set)" if value is not None else "(not set)"
        value = resolved.get(key, value)
        within = (key[:n] for n in range(len(key), 0, -1))
        origin = next((origins[k] for k in within if k in origins), None)
        if origin is None:
            origin = "config file" if key in file_paths else "default"
        rows.append((".".join(key), str(value), origin))
    return source, rows


def load_config(path: Path | None = None, env: Mapping[str, str] | None = None) -> AppConfig:
    """Read and validate the settings: ``path``, else $CITIZENBOT_CONFIG, else ./config.yml,
    else the project's config.yml; then the environment on top."""
    env = dict(os.environ) if env is None else env
    source = find_config_file(path, env)
    return parse_config(read_file(source), env, source)
