"""Read Rasa 3.x NLU training data (YAML) into plain examples.

Only ``intent`` blocks become examples; ``synonym``, ``lookup`` and ``regex``
blocks are skipped, and so are YAML files without an ``nlu`` key (domain,
stories, rules). Inline entity markup is reduced to its text:
``[khai sinh](procedure)`` -> ``khai sinh``.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge.yaml_data import parse_yaml

logger = logging.getLogger(__name__)

YAML_SUFFIXES = (".yml", ".yaml")
_SKIPPED_BLOCKS = ("synonym", "lookup", "regex")

# [text](entity) [text](entity:value) [text]{"entity": ...} [text][{...}, {...}]
_ENTITY_MARKUP_RE = re.compile(
    r"\[(?P<text>[^\]]+?)\]"
    r"(?:\((?P<entity>[^)]*)\)|\{(?P<dict>[^}]*)\}|\[(?P<list>\{.*?\})\])"
)
# An intent's name, or a retrieval intent's: ``greet``, ``faq/ask_parking``.
_INTENT_NAME_RE = re.compile(r"(?P<intent>[^/\s]+)(?:/(?P<response_key>[^/\s]+))?")


class TrainingDataError(ValueError):
    """A training-data file could not be read; ``path`` names the file."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Example:
    """One training or test utterance with its intent.

    ``intent`` is the base intent; for a retrieval intent such as
    ``faq/ask_parking`` it is ``faq`` and ``response_key`` is ``ask_parking``.
    """

    text: str
    intent: str
    response_key: str = ""


def strip_entity_markup(text: str) -> str:
    """Replace Rasa inline entity annotations by their plain text."""
    return _ENTITY_MARKUP_RE.sub(lambda m: m.group("text"), text)


def yaml_files(path: Path) -> list[Path]:
    """The YAML files that ``load_examples(path)`` would read, sorted."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
    if path.is_file():
        return [path]
    raise TrainingDataError(path, "no such file or directory")


def _parse_examples_field(path: Path, intent: str, raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        texts: list[str] = []
        for lineno, line in enumerate(raw.splitlines(), start=1):
            stripped = line.strip()
            if not stripped:
                continue
            if not stripped.startswith("-"):
                logger.warning(
                    "%s: intent %s, example line %d does not start with '-': %r (skipped)",
                    path,
                    intent,
                    lineno,
                    stripped[:80],
                )
                continue
            texts.append(stripped[1:].strip())
        return texts
    if isinstance(raw, list):
        texts = []
        for item in raw:
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                texts.append(item["text"].strip())
            elif isinstance(item, str):
                texts.append(item.strip())
            else:
                raise TrainingDataError(
                    path, f"intent {intent!r}: unsupported example entry {item!r:.80}"
                )
        return texts
    raise TrainingDataError(path, f"intent {intent!r}: 'examples' must be a block or a list")


def _load_file(path: Path) -> list[Example]:
    try:
        with path.open(encoding="utf-8") as fh:
            doc = parse_yaml(fh)
    except yaml.YAMLError as exc:
        raise TrainingDataError(path, f"invalid YAML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise TrainingDataError(path, f"cannot read: {exc}") from exc
    if doc is None:
        logger.warning("%s: empty file, no examples", path)
        return []
    if not isinstance(doc, dict):
        raise TrainingDataError(path, "top level must be a mapping (version, nlu, ...)")
    if "nlu" not in doc:
        logger.debug("%s: no 'nlu' key, skipped", path)
        return []
    blocks = doc["nlu"] or []
    if not isinstance(blocks, list):
        raise TrainingDataError(path, "'nlu' must be a list of blocks")
    examples: list[Example] = []
    for index, block in enumerate(blocks):
        if not isinstance(block, dict):
            raise TrainingDataError(path, f"nlu block #{index + 1} is not a mapping")
        if "intent" not in block:
            if any(key in block for key in _SKIPPED_BLOCKS):
                continue
            raise TrainingDataError(
                path, f"nlu block #{index + 1} has none of intent/synonym/lookup/regex"
            )
        name = block["intent"]
        if not isinstance(name, str) or not name.strip():
            raise TrainingDataError(path, f"nlu block #{index + 1}: intent must be a name")
        found = _INTENT_NAME_RE.fullmatch(name.strip())
        if found is None:
            raise TrainingDataError(
                path,
                f"nlu block #{index + 1}: intent {name.strip()!r} is not a name "
                "or a retrieval intent (name/response_key)",
            )
        base, response_key = found["intent"], found["response_key"] or ""
        for text in _parse_examples_field(path, name, block.get("examples")):
            plain = " ".join(strip_entity_markup(text).split())
            if plain:
                examples.append(Example(text=plain, intent=base, response_key=response_key))
    return examples


def load_examples(path: Path | str) -> list[Example]:
    """Load every intent example from a Rasa NLU YAML file or a directory of them.

    Duplicate (text, intent) pairs are kept once; the same text under two
    intents is logged as a warning. Raises ``TrainingDataError`` (carrying the
    path) for a missing path or a malformed file.
    """
    path = Path(path)
    labels: dict[str, str] = {}
    pairs: set[tuple[str, str]] = set()
    examples: list[Example] = []
    for file in yaml_files(path):
        for example in _load_file(file):
            pair = (example.text, example.intent)
            if pair in pairs:
                continue
            previous = labels.setdefault(example.text, example.intent)
            if previous != example.intent:
                logger.warning(
                    "example %r is labelled both %s and %s", example.text, previous, example.intent
                )
            pairs.add(pair)
            examples.append(example)
    logger.debug("loaded %d examples from %s", len(examples), path)
    return examples


def examples_fingerprint(examples: Iterable[Example]) -> str:
    """SHA-256 over the (text, intent) pairs, independent of file layout and order."""
    digest = hashlib.sha256()
    for text, intent in sorted((e.text, e.intent) for e in examples):
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
        digest.update(intent.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1e")
    return digest.hexdigest()


def training_vocabulary(path: Path | str) -> tuple[str, ...]:
    """The texts of the training examples (empty when there are none or they are broken):
    everyday words that the procedure index must not take for typos."""
    try:
        return tuple(sorted({e.text for e in load_examples(path)}))
    except TrainingDataError as exc:
        logger.warning("no training vocabulary: %s", exc)
        return ()
