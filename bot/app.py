"""Wiring: build the long-lived parts once per process and close them cleanly."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.config import AppConfig
from flows.dialogue import Dialogue
from flows.dossier import DossierFlow
from flows.faq import FaqIndexHolder
from flows.procedures import index_for
from flows.templates import default_templates
from knowledge.catalogue import (
    SEED_NATIONAL,
    everyday_aliases,
    phrasings_missing,
    seed_if_empty,
)
from knowledge.dossiers.registry import LocalRegistry
from knowledge.dossiers.router import DossierRouter, build_router
from knowledge.faq.repository import FaqEntry, FaqRepository
from knowledge.places.admin_map import AdminMap, get_admin_map
from knowledge.places.centres import CentreDirectory
from knowledge.procedures.records import Catalogue
from knowledge.procedures.repository import ProcedureRepository
from knowledge.storage.db import Database
from knowledge.storage.unit_of_work import ConversationCache, SqlUnitOfWork
from nlu.service import Nlu, build_nlu
from nlu.terms import shipped_synonyms
from nlu.training_data import training_vocabulary

logger = logging.getLogger(__name__)


@dataclass
class Services:
    config: AppConfig
    db: Database
    nlu: Nlu
    catalogue: Catalogue
    admin_map: AdminMap
    registry: LocalRegistry
    router: DossierRouter
    dossiers: DossierFlow
    dialogue: Dialogue
    faq: FaqIndexHolder = field(default_factory=FaqIndexHolder)  # published FAQ entries

    async def close(self) -> None:
        await self.router.close()
        await self.nlu.close()
        await self.db.close()


def _build_nlu(config: AppConfig, catalogue: Catalogue, train_if_missing: bool) -> Nlu:
    """The NLU with its procedure index (blocking: files, and training when no model)."""
    index = index_for(
        catalogue, training_vocabulary(config.nlu.data_dir), cache_dir=Path(config.nlu.model_dir)
    )
    nlu = build_nlu(config.nlu, index)
    if train_if_missing:
        nlu.ensure_model()
    return nlu


def _build_faq(config: AppConfig, entries: list[FaqEntry], admin_map: AdminMap) -> FaqIndexHolder:
    """The published FAQ entries and their index (blocking); the NLU's training examples
    are the everyday questions the index tells FAQ questions from."""

    def place_names(province_key: str, unit_key: str | None) -> tuple[str, ...]:
        place = admin_map.unit(province_key, unit_key) if unit_key else None
        place = place or admin_map.province(province_key)
        return (place.name, place.short_name) if place else ()

    holder = FaqIndexHolder(
        background=training_vocabulary(config.nlu.data_dir),
        synonyms=shipped_synonyms(),
        place_names=place_names,
        cache_dir=Path(config.cache_dir),
    )
    holder.rebuild((entry.id, entry.data) for entry in entries)
    return holder


async def refresh_faq(db: Database, holder: FaqIndexHolder) -> None:
    """Index the entries published now and swap them in (the old index answers until then)."""
    async with db.session() as session:
        entries = await FaqRepository(session).published()
    published = await asyncio.to_thread(holder.build, [(e.id, e.data) for e in entries])
    holder.swap(published)


async def _warn_of_missing_phrasings(catalogue: Catalogue) -> None:
    """A database seeded by an earlier release lacks this release's everyday phrasings:
    say so, and how to bring them (README, Deployment)."""
    missing = phrasings_missing(catalogue, await asyncio.to_thread(everyday_aliases))
    if missing:
        logger.warning(
            "%d everyday phrasings of this release are missing from the national records "
            "in the database: run `citizenbot kb import %s` to add them (a staff edit of "
            "a national record is overwritten)",
            missing,
            SEED_NATIONAL,
        )


async def build_shipped_caches(config: AppConfig, scratch: Path) -> int:
    """Build ahead what a first start builds from the shipped knowledge: the intent model
    when there is none, the unit map, the procedure index and the FAQ index, into the
    configured folders (``citizenbot nlu build``; ``make`` runs it when the shipped data
    or code changed). They are built by a start on a throwaway database in ``scratch``,
    seeded as a new database is: a serving process's first start then reads them. Their
    cache keys name every input, so a database whose knowledge differs (staff edits)
    builds its own at its start, as before. Returns the procedures indexed."""
    throwaway = replace(config, database_url=f"sqlite+aiosqlite:///{scratch / 'shipped.db'}")
    services = await create_services(throwaway)
    try:
        return len(services.catalogue)
    finally:
        await services.close()


async def create_services(
    config: AppConfig,
    *,
    train_if_missing: bool = True,
    seed: bool = True,
    conversations: ConversationCache | None = None,
) -> Services:
    """Migrate and seed the database, load the catalogue and the NLU model.

    ``seed=False`` leaves an empty knowledge base empty (benchmarks of a small one);
    ``conversations``: the process's memory of recently active conversations (a serving
    worker's, bot/serve.py).
    """
    # First: seeding links the service centres to units of this same map.
    admin_map = await asyncio.to_thread(get_admin_map, Path(config.cache_dir))
    db = Database(config.database_url)
    try:
        await db.migrate()
        if seed and await seed_if_empty(db):
            logger.info("seeded the knowledge base from the shipped catalogue")
        async with db.session() as session:
            catalogue = await ProcedureRepository(session).catalogue()
            faq_entries = await FaqRepository(session).published()
    except BaseException:
        await db.close()
        raise
    if seed:
        await _warn_of_missing_phrasings(catalogue)
    nlu = await asyncio.to_thread(_build_nlu, config, catalogue, train_if_missing)
    faq = await asyncio.to_thread(_build_faq, config, faq_entries, admin_map)
    registry = LocalRegistry(db)
    router = build_router(db, config.dossiers.settings, registry=registry)
    dossiers = DossierFlow(
        router,
        registry,
        catalogue,
        default_templates(),
        config.dialogue.portal_url,
        source_labels=config.dossiers.labels,
        deadline_s=config.dossiers.lookup_deadline_s,
    )
    if conversations is None:
        conversations = ConversationCache()  # recently active conversations of this process
    dialogue = Dialogue(
        CentreDirectory(db),
        nlu,
        catalogue,
        config.dialogue,
        admin_map,
        dossiers,
        unit_of_work=lambda: SqlUnitOfWork(db, conversations),
        queued_channels=frozenset({"telegram"}),
        faq=faq,
        handoff=config.handoff,
    )
    # made here, in a thread, rather than by the first turn (which would hold up the others)
    await asyncio.to_thread(dialogue.insights.prepare, catalogue)
    return Services(
        config=config,
        db=db,
        nlu=nlu,
        catalogue=catalogue,
        admin_map=admin_map,
        registry=registry,
        router=router,
        dossiers=dossiers,
        dialogue=dialogue,
        faq=faq,
    )
