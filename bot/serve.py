"""`citizenbot serve`: the web server and, with a token, the Telegram bot, in one loop."""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import logging
import signal
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.app import Services, create_services
from bot.config import AppConfig
from bot.deliverer import Liveness
from bot.notifier import Notifier
from bot.periodic import AliveLease, PeriodicJob, finish
from bot.web import create_app
from knowledge.dossiers.web_outbox import CHANNEL as WEB_CHANNEL
from knowledge.dossiers.web_outbox import prune_web
from knowledge.storage.conversations import StoredConversation
from knowledge.storage.db import utcnow
from knowledge.storage.leases import worker_name
from knowledge.storage.retention import BATCH, MAX_BATCHES, Forgotten, forget_expired, in_batches
from knowledge.storage.unit_of_work import ConversationCache

logger = logging.getLogger(__name__)

ALIVE_EVERY_S = 2.0  # the alive lease lasts 3 of these (bot/periodic.py)
DRAIN_S = 10.0  # at stop, what is being sent is given this long to finish
RETENTION_EVERY = dt.timedelta(minutes=10)  # rows past their retention looked for this often


class WorkerConversations(ConversationCache):
    """The conversation cache of a serving worker, used only while it is the only live
    worker on the database (``alone``: its alive lease's count of the others, None when
    there are others, or a number that changes whenever there were).

    With several workers, one chat's updates reach any of them: an entry kept by one
    worker goes stale as soon as another answers that chat, and a turn started from it
    fails its version check at commit and runs a second time -- with 4 workers about
    one turn in four ran twice, making 4 workers slower than 1. Reading the stored
    state (one small SELECT) costs much less than a turn run again. What was kept
    before others came is forgotten: they may have changed it.
    """

    def __init__(self, alone: Callable[[], int | None], size: int = 10_000) -> None:
        super().__init__(size)
        self.alone = alone
        self._since: int | None = None  # the ``alone`` the entries were kept under

    def _usable(self) -> bool:
        since = self.alone()
        if since != self._since:
            self._entries.clear()
            self._since = since
        return since is not None

    def get(self, key: tuple[str, str]) -> StoredConversation | None:
        return super().get(key) if self._usable() else None

    def put(self, key: tuple[str, str], entry: StoredConversation) -> None:
        if self._usable():
            super().put(key, entry)


async def serve(config: AppConfig, port: int, worker: int | None = None, workers: int = 1) -> None:
    """Run until SIGINT/SIGTERM; closes everything it opened.

    ``worker``: this process's number among ``workers`` sharing the port (``serve
    --workers N``, bot/workers.py); only worker 0 polls Telegram or sets the webhook,
    and each sends its share of ``telegram.messages_per_second``.
    """
    # A worker keeps conversations in memory only while it is alone on the database
    # (``alive``, its lease, is made below, before any turn runs); ``serve --workers N``:
    # never alone, even before the others' first renewal.
    conversations = WorkerConversations(lambda: alive.alone() if workers == 1 else None)
    services = await create_services(config, conversations=conversations)
    # The catalogue, indexes and unit map are some 300,000 long-lived objects: a full
    # collection of the cyclic GC walks them all (about 0.3 s, a pause for every turn in
    # flight). Frozen, they are left out of collections (refcounting still frees them).
    gc.freeze()
    notifier = Notifier(services.dossiers, services.registry)
    app = create_app(services, notifier)
    holder = worker_name()
    # This worker's alive lease: what it claimed in the outbox is taken over by the
    # others as soon as it stops renewing it; its deliverer sends nothing it claimed
    # once the lease may have lapsed (bot/deliverer.py).
    alive = AliveLease(services.db, holder, ALIVE_EVERY_S)
    application = _telegram_application(config, services, notifier, holder, workers, alive)
    telegram = None
    if application is not None:
        from bot.telegram_bot import PollingConfig, TelegramRunner, WebhookConfig

        settings = config.telegram
        mode: PollingConfig | WebhookConfig | None = PollingConfig()
        if settings.mode == "webhook":
            from bot.telegram_webhook import add_webhook_route

            add_webhook_route(app, application, settings.webhook_url, settings.webhook_secret)
            mode = WebhookConfig(
                settings.webhook_url, settings.webhook_secret, settings.webhook_max_connections
            )
        # worker 0 polls, or registers the webhook, for all (every worker answers posts)
        telegram = TelegramRunner(application, None if worker else mode)
    runner = web.AppRunner(app, handler_cancellation=True)
    poller = None
    delivering = None
    escalating = None
    living = None
    stop = asyncio.Event()
    gone = asyncio.Event()  # set last: the alive lease stops being renewed
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await runner.setup()
        # several workers share the port (the kernel spreads connections among them)
        site = web.TCPSite(runner, config.server.host, port, reuse_port=worker is not None)
        await site.start()
        logger.info("web server on http://%s:%d", config.server.host, port)
        await alive.run_once()
        living = asyncio.create_task(alive.run(gone))
        if telegram is not None:
            from bot.telegram_bot import deliverer_of

            await telegram.start()
            deliverer = notifier.use_deliverer(deliverer_of(application))
            # Also sends what an earlier run queued but did not deliver.
            delivering = asyncio.create_task(deliverer.run(stop))
            logger.info("telegram bot started (%s)", config.telegram.mode)
        else:
            logger.info("TELEGRAM_BOT_TOKEN not set: Telegram bot not started")
        # Also announces what an earlier run saved but did not announce.
        poller = asyncio.create_task(
            PeriodicJob(
                services.db,
                "dossier-poll",
                lambda: poll_dossiers(notifier),
                services.config.dossiers.settings.poll_interval_s,
                holder,
            ).run(stop)
        )
        escalating = asyncio.create_task(
            PeriodicJob(
                services.db,
                "housekeeping",
                housekeeping_job(services),
                services.config.handoff_check_s,
                holder,
            ).run(stop)
        )
        await stop.wait()
    finally:
        stop.set()  # also when serving failed: the tasks started end by themselves
        await _stop_in_order(
            periodic=(poller, escalating),
            runner=runner,
            delivering=delivering,
            telegram=telegram,
            living=living,
            gone=gone,
        )
        await services.close()


async def _stop_in_order(*, periodic, runner, delivering, telegram, living, gone) -> None:
    """Stop without losing or repeating anything (``stop`` is set: each task ends by
    itself, given ``DRAIN_S``, never cut in the middle of a transaction): periodic jobs
    first, the run in progress finishing; then the web server (no new requests; the
    ones in flight -- webhook posts and their replies -- finish); then the deliverer,
    finishing what it is sending; then Telegram; the alive lease last, once this worker
    sends nothing more (the others then take its claims over at once)."""
    for task in periodic:
        await finish(task, DRAIN_S, "periodic job")
    await runner.cleanup()
    await finish(delivering, DRAIN_S, "deliverer")
    if telegram is not None:
        await telegram.stop()
    gone.set()
    await finish(living, DRAIN_S, "alive lease")


def _telegram_application(
    config: AppConfig,
    services: Services,
    notifier: Notifier,
    holder: str,
    workers: int,
    liveness: Liveness,
):
    """The Telegram application when a token is set (None otherwise)."""
    if not config.telegram.token:
        return None
    from bot.card_image import card_images
    from bot.telegram_bot import build_application

    return build_application(
        config.telegram.token,
        services.dialogue,
        base_url=config.telegram.base_url,
        connect_timeout=config.telegram.connect_timeout_s,
        read_timeout=config.telegram.read_timeout_s,
        outbox=services.db,
        on_gone=notifier.gone,
        images=card_images(services.dialogue.people.tools),
        holder=holder,
        liveness=liveness,
        messages_per_second=config.telegram.messages_per_second / max(1, workers),
    )


async def poll_dossiers(notifier: Notifier) -> None:
    """Re-check followed dossiers at the HTTP sources (``dossiers.poll_interval_s``)."""
    told = await notifier.poll()
    if told:
        logger.info("dossier poll: %d followers told", told)


async def housekeeping(
    services: Services, now: dt.datetime | None = None, retention: bool = True
) -> Forgotten | None:
    """Send requests for a person nobody claimed in time to the staff queue; forget the
    web chat's messages handed out long ago; and (``retention``) every row past its
    retention (``retention`` settings: knowledge/storage/retention.py), what went."""
    dialogue = services.dialogue
    await dialogue.people.handoff.escalate_overdue(dialogue.unit_of_work)
    now = now or utcnow()
    handed = await in_batches(
        services.db, lambda session, n: prune_web(session, now, n), BATCH, MAX_BATCHES
    )
    logger.debug("housekeeping: %d web messages handed out long ago forgotten", handed)
    if not retention:
        return None
    policy = services.config.retention.policy(WEB_CHANNEL)
    return await forget_expired(services.db, now, policy)


def housekeeping_job(
    services: Services,
    clock: Callable[[], dt.datetime] = utcnow,
    retention_every: dt.timedelta = RETENTION_EVERY,
) -> Callable[[], Awaitable[Forgotten | None]]:
    """The periodic housekeeping (every ``handoff.check_interval_s``, in the worker that
    holds its lease), looking for rows past their retention at most every
    ``retention_every`` of this worker (their query reads every sent message)."""
    last: list[dt.datetime] = []

    async def run() -> Forgotten | None:
        now = clock()
        due = not last or now - last[0] >= retention_every
        if due:
            last[:] = [now]
        return await housekeeping(services, now, retention=due)

    return run
