"""Published knowledge answers in every running process, without a restart.

Every publish and ``kb import`` raises the stored knowledge generation
(``knowledge.editing.generation``). Each process looks at it every
``server.knowledge_refresh_s`` (and at once when a publish happened in this same
process: ``poke``). When it moved, the process reads the published catalogue and FAQ
entries, builds the new procedure index and FAQ index in a worker thread (the old ones
keep answering meanwhile), and swaps them in between turns (``flows.knowledge_gate``), so
no turn sees half of a change.

The intent model does not change on a publish: FAQ entries and procedure names and
aliases are found by our own retrieval indexes (``nlu/faq_index.py``,
``nlu/retrieval.py``), on the embedded and the Rasa backend alike, so a new entry
answers as soon as its index is swapped in and no model is retrained.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from bot.app import Services
from bot.periodic import finish
from flows.faq import PublishedFaq
from flows.procedures import index_for
from knowledge.editing.generation import current_generation
from knowledge.faq.repository import FaqRepository
from knowledge.procedures.records import Catalogue
from knowledge.procedures.repository import ProcedureRepository
from knowledge.storage.db import DatabaseUnavailable
from nlu.retrieval import ProcedureIndex
from nlu.training_data import training_vocabulary

logger = logging.getLogger(__name__)

STOP_WITHIN_S = 10.0  # at stop, a check in progress is given this long to finish


@dataclass(frozen=True)
class Knowledge:
    """One published version, ready to answer with."""

    generation: int
    catalogue: Catalogue
    index: ProcedureIndex
    faq: PublishedFaq


class KnowledgeWatcher:
    def __init__(self, services: Services, interval_s: float) -> None:
        self.services = services
        self.interval_s = interval_s
        self.generation: int | None = None
        self._wake = asyncio.Event()
        self._vocabulary: tuple[str, ...] | None = None
        self.swapped = asyncio.Event()  # set after each swap (tests wait on it)

    def poke(self) -> None:
        """Look now (a publish just committed in this process)."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Until ``stop`` is set (and the watcher poked): a check in progress finishes."""
        if self.generation is None:
            self.generation = await self._stored_generation()
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval_s)
            self._wake.clear()
            if stop.is_set():
                return
            try:
                await self.check()
            except (DatabaseUnavailable, OSError) as exc:
                logger.warning("published knowledge not checked (will try again): %s", exc)
            except Exception:
                logger.error(
                    "reloading published knowledge failed; the old one answers", exc_info=True
                )

    async def check(self) -> bool:
        """Reload when the stored generation moved; True when something was swapped in."""
        stored = await self._stored_generation()
        if stored == self.generation:
            return False
        knowledge = await self.load(stored)
        await self.services.dialogue.gate.swap(lambda: self._apply(knowledge))
        gc.freeze()  # the new version is long-lived too (see bot/serve.py)
        self.swapped.set()
        return True

    async def load(self, generation: int) -> Knowledge:
        """The published knowledge, read now and indexed in a worker thread."""
        async with self.services.db.session() as session:
            stored = await ProcedureRepository(session).stored()
            entries = await FaqRepository(session).published()
        return await asyncio.to_thread(self._build, generation, stored, entries)

    def _build(self, generation: int, stored: list[str], entries: list) -> Knowledge:
        config = self.services.config
        if self._vocabulary is None:
            self._vocabulary = tuple(training_vocabulary(config.nlu.data_dir))
        catalogue = Catalogue.from_stored(stored)
        index = index_for(catalogue, self._vocabulary, cache_dir=Path(config.nlu.model_dir))
        faq = self.services.faq.build((e.id, e.data) for e in entries)
        self.services.dialogue.insights.prepare(catalogue)  # not by its first turn
        return Knowledge(generation, catalogue, index, faq)

    def _apply(self, knowledge: Knowledge) -> None:
        services = self.services
        services.catalogue = knowledge.catalogue
        services.dialogue.use_catalogue(knowledge.catalogue)
        services.nlu.set_gazetteer(knowledge.index)
        services.faq.swap(knowledge.faq)
        self.generation = knowledge.generation
        logger.info(
            "knowledge generation %d answers now: %d procedures, %d FAQ entries",
            knowledge.generation,
            len(knowledge.catalogue),
            len(knowledge.faq),
        )

    async def _stored_generation(self) -> int:
        async with self.services.db.session() as session:
            return await current_generation(session)


@contextlib.asynccontextmanager
async def watching(services: Services, interval_s: float) -> AsyncIterator[KnowledgeWatcher]:
    """Run a watcher for as long as the block lasts (not at all when ``interval_s`` is 0)."""
    watcher = KnowledgeWatcher(services, interval_s)
    if interval_s <= 0:
        yield watcher
        return
    watcher.generation = await watcher._stored_generation()
    stop = asyncio.Event()
    task = asyncio.create_task(watcher.run(stop))
    try:
        yield watcher
    finally:
        stop.set()
        watcher.poke()
        await finish(task, STOP_WITHIN_S, "knowledge watcher")
