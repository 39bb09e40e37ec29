"""What start-up builds from shipped data is kept on disk and read back at the next start."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from bot.app import build_shipped_caches, create_services
from knowledge.build_cache import files_digest, load_or_build
from nlu import faq_index
from nlu.build_inputs import shipped_files
from nlu.faq_index import FaqDocument, FaqIndex
from tests.conftest import Conversation

ROOT = Path(__file__).resolve().parent.parent
# A child process's first lines: the curated catalogue as ``cat`` (see ``_start``).
CURATED_CATALOGUE = (
    "import sys, pathlib\n"
    "from flows.procedures import index_for\n"
    "from knowledge.catalogue import read_procedures, SEED_PROCEDURES\n"
    "from knowledge.procedures.records import Catalogue\n"
    "cat = Catalogue(read_procedures(SEED_PROCEDURES))\n"
)


@dataclass(frozen=True)
class Built:
    value: str


class Builder:
    """Counts how often the slow build really ran."""

    def __init__(self, value: str = "map") -> None:
        self.value = value
        self.runs = 0

    def __call__(self) -> Built:
        self.runs += 1
        return Built(self.value)


def test_a_second_start_reads_what_the_first_built(tmp_path: Path) -> None:
    build = Builder()
    first = load_or_build(tmp_path, "thing", ("v1", "data-a"), Built, build)
    again = load_or_build(tmp_path, "thing", ("v1", "data-a"), Built, build)
    assert (first, again, build.runs) == (Built("map"), Built("map"), 1)
    assert len(list(tmp_path.glob("thing-*.pickle"))) == 1


def test_new_inputs_are_built_again_and_the_old_copy_is_removed(tmp_path: Path) -> None:
    load_or_build(tmp_path, "thing", ("v1", "data-a"), Built, Builder("old"))
    newer = load_or_build(tmp_path, "thing", ("v1", "data-b"), Built, Builder("new"))
    assert newer == Built("new")
    assert len(list(tmp_path.glob("thing-*.pickle"))) == 1


@pytest.mark.parametrize("content", [b"garbage", b"", b"\x80\x05K\x01."])  # last: pickled 1
def test_a_broken_or_foreign_file_is_rebuilt(tmp_path: Path, content: bytes) -> None:
    load_or_build(tmp_path, "thing", "k", Built, Builder())
    next(tmp_path.glob("thing-*.pickle")).write_bytes(content)
    build = Builder()
    assert load_or_build(tmp_path, "thing", "k", Built, build) == Built("map")
    assert build.runs == 1
    assert load_or_build(tmp_path, "thing", "k", Built, build) == Built("map")
    assert build.runs == 1  # the rebuilt copy was saved


def test_without_a_folder_or_a_writable_one_it_still_builds(tmp_path: Path) -> None:
    assert load_or_build(None, "thing", "k", Built, Builder()) == Built("map")
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    assert load_or_build(blocked, "thing", "k", Built, Builder()) == Built("map")


def _start(cache: Path, seed: str, code: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", code, str(cache)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout.strip()


def test_the_procedure_index_is_found_again_by_a_process_with_other_hash_seeds(
    tmp_path: Path,
) -> None:
    # Set order differs from one process to the next: the cache key must not depend on it.
    code = (
        CURATED_CATALOGUE + "index_for(cat, ('xin chào', 'cảm ơn'), pathlib.Path(sys.argv[1]))\n"
        "print(*sorted(p.name for p in pathlib.Path(sys.argv[1]).iterdir()))\n"
    )
    first = _start(tmp_path, "1", code)
    mtime = next(tmp_path.glob("procedure-index-*.pickle")).stat().st_mtime_ns
    assert _start(tmp_path, "2", code) == first
    assert next(tmp_path.glob("procedure-index-*.pickle")).stat().st_mtime_ns == mtime


def test_the_unit_map_read_from_its_cache_answers_like_a_fresh_one(tmp_path: Path) -> None:
    code = (
        "import sys, pathlib\n"
        "from knowledge.places.admin_map import get_admin_map\n"
        "m = get_admin_map(pathlib.Path(sys.argv[1]))\n"
        "r = m.resolve('phuong ben nghe quan 1 tp hcm')\n"
        "print(r.kind, [f.default.name for f in r.fates], len(m.provinces()))\n"
    )
    built = _start(tmp_path, "1", code)
    assert list(tmp_path.glob("admin-map-*.pickle"))
    mtime = next(tmp_path.glob("admin-map-*.pickle")).stat().st_mtime_ns
    assert _start(tmp_path, "2", code) == built
    assert next(tmp_path.glob("admin-map-*.pickle")).stat().st_mtime_ns == mtime
    assert built.endswith(" 34")


def test_the_procedure_index_is_read_back_with_the_tables_its_rules_read(
    tmp_path: Path,
) -> None:
    # The official names folded and the twin tables (a foreign element, a place abroad, a
    # civil registration again) are made with the index and kept with it: made by the
    # first message that needed them, they held that message up for a second in every
    # serving process.
    code = (
        CURATED_CATALOGUE + "index = index_for(cat, ('xin chào',), pathlib.Path(sys.argv[1]))\n"
        "print(*(t in vars(index) for t in ('official_names', 'twin_tables')))\n"
        "print(len(index.official_names) == len(cat))\n"
        "print(*sorted(index.twin_tables.chosen))\n"
    )
    built = _start(tmp_path, "1", code)
    assert built.splitlines()[:2] == [" ".join(["True"] * 2), "True"]
    assert _start(tmp_path, "2", code) == built  # read back from the cache, as it was built


def test_a_file_s_digest_changes_with_its_bytes_and_its_name(tmp_path: Path) -> None:
    words = tmp_path / "synonyms.yml"
    words.write_text("expansions: {sổ đỏ: giấy chứng nhận}\n", encoding="utf-8")
    before = files_digest([words], relative_to=tmp_path)
    assert files_digest([words], relative_to=tmp_path) == before
    words.write_text("expansions: {sổ hồng: giấy chứng nhận}\n", encoding="utf-8")
    edited = files_digest([words], relative_to=tmp_path)
    renamed = tmp_path / "weak_words.yml"
    words.rename(renamed)
    assert len({before, edited, files_digest([renamed], relative_to=tmp_path)}) == 3


def test_the_nlu_s_own_code_and_word_lists_are_named_by_the_index_keys() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in shipped_files()}
    assert {"nlu/retrieval.py", "nlu/faq_index.py", "nlu/abbreviations.yml"} <= names
    assert {"nlu/synonyms.yml", "nlu/known_words.txt", "knowledge/text.py"} <= names
    assert not any(name.startswith(("nlu/dev/", "nlu/eval/", "nlu/data/")) for name in names)


STAFF_ENTRIES = (
    FaqDocument(1, ("Trung tâm có chỗ gửi xe không?", "Gửi xe máy ở đâu khi đến trung tâm?")),
    FaqDocument(2, ("Quên mật khẩu VNeID thì làm sao?",)),
)
EVERYDAY = ("trung tâm hành chính công ở đâu", "làm căn cước cần giấy tờ gì")


def test_the_faq_index_staff_published_is_read_back_at_the_next_start(tmp_path: Path) -> None:
    code = (
        "import sys, pathlib\n"
        "from nlu.faq_index import FaqDocument, FaqIndex\n"
        "from nlu.terms import shipped_synonyms\n"
        f"docs = {STAFF_ENTRIES!r}\n"
        f"index = FaqIndex.cached(docs, {EVERYDAY!r}, shipped_synonyms(), "
        "pathlib.Path(sys.argv[1]))\n"
        "print(index.match('quen mat khau vneid').id, index.match('gui xe o dau').id)\n"
    )
    built = _start(tmp_path, "1", code)
    assert built == "2 1"
    mtime = next(tmp_path.glob("faq-index-*.pickle")).stat().st_mtime_ns
    assert _start(tmp_path, "2", code) == built  # another hash seed: the same key
    assert next(tmp_path.glob("faq-index-*.pickle")).stat().st_mtime_ns == mtime


def test_new_entries_or_a_new_release_s_word_lists_build_the_faq_index_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    FaqIndex.cached(STAFF_ENTRIES, EVERYDAY, None, tmp_path)
    built = next(tmp_path.glob("faq-index-*.pickle")).stat().st_mtime_ns
    assert len(FaqIndex.cached(STAFF_ENTRIES, EVERYDAY, None, tmp_path)) == 2
    assert next(tmp_path.glob("faq-index-*.pickle")).stat().st_mtime_ns == built  # read back
    published = (*STAFF_ENTRIES, FaqDocument(3, ("Tổng đài của tỉnh là số nào?",)))
    assert len(FaqIndex.cached(published, EVERYDAY, None, tmp_path)) == 3
    cached = next(tmp_path.glob("faq-index-*.pickle"))
    monkeypatch.setattr(faq_index, "shipped_digest", lambda: "a newer release")
    assert len(FaqIndex.cached(published, EVERYDAY, None, tmp_path)) == 3
    assert not cached.exists()  # built again under another key; the old copy removed
    assert len(list(tmp_path.glob("faq-index-*.pickle"))) == 1


async def test_a_first_start_reads_the_indexes_built_ahead_of_it(
    config, trained_model_dir: Path, any_database: str, tmp_path: Path
) -> None:
    # `citizenbot nlu build` (run by `make` when the shipped data or code changed) builds
    # the indexes of the shipped knowledge; a first start on a new database, SQLite or
    # PostgreSQL, seeds the same knowledge, finds it under the same keys and reads them
    # instead of building them.
    model_dir, cache_dir, scratch = tmp_path / "model", tmp_path / "cache", tmp_path / "scratch"
    shutil.copytree(trained_model_dir, model_dir, ignore=shutil.ignore_patterns("*.pickle"))
    scratch.mkdir()
    ahead = replace(config, cache_dir=cache_dir, nlu=replace(config.nlu, model_dir=model_dir))
    assert await build_shipped_caches(ahead, scratch) > 2000
    indexes = [*model_dir.glob("procedure-index-*.pickle"), *cache_dir.glob("faq-index-*.pickle")]
    built = {path.name: path.stat().st_mtime_ns for path in indexes}
    assert len(built) == 2

    first = replace(ahead, database_url=any_database)
    services = await create_services(first)
    try:
        conversation = Conversation(services)
        await conversation.say("làm hộ chiếu cần giấy tờ gì")
        assert "hộ chiếu" in conversation.text.lower()
    finally:
        await services.close()
    assert {path.name: path.stat().st_mtime_ns for path in indexes} == built  # read, not built
