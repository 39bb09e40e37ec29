"""Wiring: build the long-lived parts once per process and close them cleanly."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.config import AppConfig
from flows.dialogue import Dialogue
from flows.procedures import gazetteer_for
from knowledge.admin_units import AdminMap, get_admin_map
from knowledge.catalogue import seed_if_empty
from knowledge.db import Database
from knowledge.procedures import Catalogue
from nlu.service import Nlu

logger = logging.getLogger(__name__)


@dataclass
class Services:
    config: AppConfig
    db: Database
    nlu: Nlu
    catalogue: Catalogue
    admin_map: AdminMap
    dialogue: Dialogue

    async def close(self) -> None:
        await self.db.close()


async def create_services(config: AppConfig, *, train_if_missing: bool = True) -> Services:
    """Migrate and seed the database, load the catalogue and the NLU model."""
    db = Database(config.database_url)
    try:
        await db.migrate()
        if await seed_if_empty(db):
            logger.info("seeded the knowledge base from the shipped catalogue")
        async with db.session() as session:
            catalogue = await Catalogue.load(session)
    except BaseException:
        await db.close()
        raise
    nlu = Nlu(config.nlu, gazetteer_for(catalogue))
    if train_if_missing:
        nlu.ensure_model()
    admin_map = get_admin_map()
    dialogue = Dialogue(db, nlu, catalogue, config.dialogue, admin_map)
    return Services(
        config=config,
        db=db,
        nlu=nlu,
        catalogue=catalogue,
        admin_map=admin_map,
        dialogue=dialogue,
    )
