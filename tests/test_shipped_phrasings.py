"""An operator upgrades citizenbot on a database an earlier release seeded.

A database is seeded with the shipped knowledge once, on its first start: the release's
new everyday phrasings (``knowledge/data/everyday_aliases.yml``) reach it only when the
national catalogue is imported again. At start the bot says how many are missing and
which command brings them; after ``kb import`` it has nothing to say.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from bot.app import create_services
from knowledge.catalogue import SEED_NATIONAL, import_file, phrasings_missing
from knowledge.procedures.records import Catalogue, ProcedureInfo
from knowledge.procedures.repository import ProcedureRepository
from knowledge.storage.db import Database

LAWYER = "1.008628"  # cấp lại chứng chỉ hành nghề luật sư bị mất ...


def _record(code: str, aliases: tuple[str, ...], *, curated: bool) -> ProcedureInfo:
    return ProcedureInfo(
        slug=f"p_{code}",
        name=f"Thủ tục {code}",
        source_url="https://dichvucong.gov.vn/",
        verified_on=dt.date(2026, 6, 10),
        code=code,
        aliases=aliases,
        source_kind="curated" if curated else "portal_crawl",
    )


def test_phrasings_missing_counts_only_what_national_records_lack() -> None:
    catalogue = Catalogue(
        [
            _record("1.000001", ("làm lại thẻ",), curated=False),
            _record("1.000002", (), curated=True),  # curated records keep their own aliases
        ]
    )
    shipped = {"1.000001": ("làm lại thẻ", "mất thẻ"), "1.000002": ("xin giấy",)}
    assert phrasings_missing(catalogue, shipped) == 1


async def test_an_upgraded_database_is_told_to_import_the_release_catalogue(config, caplog) -> None:
    services = await create_services(config)
    try:  # an earlier release seeded the lawyer's record without today's phrasings
        async with services.db.session() as session:
            repo = ProcedureRepository(session)
            stale = next(i for i in await repo.list() if i.code == LAWYER and not i.is_curated)
            await repo.upsert_many([dataclasses.replace(stale, aliases=())])
    finally:
        await services.close()

    with caplog.at_level(logging.WARNING, logger="bot.app"):
        services = await create_services(config)
        await services.close()
    warnings = [r.getMessage() for r in caplog.records if r.name == "bot.app"]
    assert len(warnings) == 1
    assert "everyday phrasings of this release are missing" in warnings[0]
    assert f"citizenbot kb import {SEED_NATIONAL}" in warnings[0]

    caplog.clear()
    db = Database(config.database_url)
    try:
        await import_file(db, SEED_NATIONAL)  # citizenbot kb import …
    finally:
        await db.close()
    with caplog.at_level(logging.WARNING, logger="bot.app"):
        services = await create_services(config)
        await services.close()
    assert not [r for r in caplog.records if r.name == "bot.app"]
