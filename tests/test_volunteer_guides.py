"""Volunteers get step-by-step guides built from sourced facts only.

Every guide and every step names its sources (https links, the day they were read);
a file that leaves a source out is refused with a message that says where.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import yaml

from knowledge.data_files import CatalogueError
from knowledge.volunteers.guides import GUIDES_FILE, Guide, default_guides, read_guides

SEEN_ON = dt.date(2026, 12, 1)


@pytest.fixture
def shipped() -> dict:
    return yaml.safe_load(GUIDES_FILE.read_text(encoding="utf-8"))


def write(tmp_path, data: dict):
    path = tmp_path / "guides.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_three_guides_volunteers_need_most_are_shipped():
    guides = default_guides()

    assert list(guides) == ["vneid_level2", "submit_online", "pay_online"]
    assert all(isinstance(g, Guide) for g in guides.values())
    assert "VNeID" in guides["vneid_level2"].title
    assert "dichvucong.gov.vn" in " ".join(s.text for s in guides["submit_online"].steps)


def test_every_guide_has_steps_and_every_step_an_https_source():
    for guide in read_guides():
        assert len(guide.steps) >= 5, guide.slug
        assert guide.source_url.startswith("https://")
        assert guide.seen_on == SEEN_ON
        for item in (*guide.before, *guide.steps, *guide.notes):
            sources = guide.sources_of(item)
            assert sources, (guide.slug, item.text)
            assert all(s.url.startswith("https://") and s.seen_on == SEEN_ON for s in sources)
            assert all(s.says and s.publisher for s in sources)


def test_what_the_sources_do_not_state_firmly_is_marked_unsure():
    guides = default_guides()

    unsure = [i.text for g in guides.values() for i in (*g.steps, *g.notes) if i.unsure]

    assert any("chưa được cấp quyền đăng nhập trên web" in text for text in unsure)
    assert any("có thể khác" in text for text in unsure)


def test_a_step_without_a_source_is_refused_with_where_and_why(tmp_path, shipped):
    broken = copy.deepcopy(shipped)
    del broken["guides"][0]["steps"][2]["sources"]

    with pytest.raises(CatalogueError) as refused:
        read_guides(write(tmp_path, broken))

    assert refused.value.where == "guides[0] (vneid_level2)"
    assert "'steps.2.sources' is missing" in refused.value.problem
    assert "every item names one" in str(refused.value)


def test_a_guide_without_sources_is_refused(tmp_path, shipped):
    broken = copy.deepcopy(shipped)
    broken["guides"][2]["sources"] = []

    with pytest.raises(CatalogueError, match=r"guides\[2\] \(pay_online\): 'sources' is empty"):
        read_guides(write(tmp_path, broken))


def test_a_step_citing_a_source_the_guide_does_not_list_is_refused(tmp_path, shipped):
    broken = copy.deepcopy(shipped)
    broken["guides"][1]["steps"][0]["sources"] = ["a_blog"]

    with pytest.raises(CatalogueError, match="names source.s. a_blog not listed"):
        read_guides(write(tmp_path, broken))


def test_a_plain_http_source_is_refused(tmp_path, shipped):
    broken = copy.deepcopy(shipped)
    broken["guides"][0]["sources"][0]["url"] = "http://camthanh.camlo.quangtri.gov.vn/x"

    with pytest.raises(CatalogueError, match="'sources.0.url' must be an https:// link"):
        read_guides(write(tmp_path, broken))


def test_a_misspelt_field_is_refused_rather_than_ignored(tmp_path, shipped):
    broken = copy.deepcopy(shipped)
    broken["guides"][0]["steps"][0]["source_url"] = "https://example.gov.vn"

    with pytest.raises(CatalogueError, match="'steps.0.source_url' is not a known field"):
        read_guides(write(tmp_path, broken))


def test_a_file_that_is_not_a_guide_list_is_refused(tmp_path):
    path = tmp_path / "guides.yml"
    path.write_text("procedures: []\n", encoding="utf-8")

    with pytest.raises(CatalogueError, match="expected a top-level 'guides' list"):
        read_guides(path)
