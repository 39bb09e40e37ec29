"""Every YAML file the bot reads is read by one function (knowledge/yaml_data.py), with
libyaml's parser where PyYAML has it: the same data as PyYAML's own parser, and still a
safe loader."""

from pathlib import Path

import pytest
import yaml

from knowledge.yaml_data import load_yaml, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(
    path
    for folder in ("bot", "flows", "knowledge", "nlu")
    for pattern in ("*.yml", "*.yaml")
    for path in (ROOT / folder).rglob(pattern)
)


def test_the_shipped_files_are_found():
    assert len(SHIPPED) > 50


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_shipped_file_reads_as_the_pure_python_parser_reads_it(path):
    assert load_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_a_tag_that_would_build_a_python_object_is_refused():
    with pytest.raises(yaml.YAMLError):
        parse_yaml("x: !!python/object/apply:os.system ['echo hi']")


def test_malformed_yaml_says_where():
    with pytest.raises(yaml.YAMLError) as raised:
        parse_yaml("a: [1, 2\nb: 3\n")
    assert raised.value.problem_mark is not None
