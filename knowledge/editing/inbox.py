"""Inbox questions wait on the draft made from them: a discarded draft gives them back.

Making an FAQ entry, a phrasing or an alias from an inbox group resolves the group with
the draft's revision in its resolution ("faq:12@34", knowledge.insights.records). The
group counts as handled while the draft waits and for good once it (or a later draft of
the item) is published; when the item's draft is discarded first, every group resolved
by a draft newer than the item's last published version is open again, so the question
is not lost and the bot can still learn it.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.insights.records import ResolutionKind
from knowledge.insights.repository import InboxRepository
from knowledge.storage.models import Revision


def waiting_on(kind: str, key: str, data: dict) -> tuple[str, ...]:
    """The resolutions (without their draft) a draft of item ``kind``/``key`` carries."""
    if kind == "faq":
        return (f"{ResolutionKind.FAQ.value}:{key}", f"{ResolutionKind.VARIANT.value}:{key}")
    if kind == "procedure":  # an alias is resolved by the procedure's code, else its slug
        names = dict.fromkeys(str(name) for name in (data.get("code"), key) if name)
        return tuple(f"{ResolutionKind.ALIAS.value}:{name}" for name in names)
    return ()


async def reopen_questions(session: AsyncSession, revision: Revision) -> int:
    """After ``revision`` (a draft) was discarded: its item's inbox groups still waiting
    for a draft are open again; how many questions."""
    if revision.item_key is None:
        return 0
    last_published = await session.scalar(
        select(func.max(Revision.id)).where(
            Revision.kind == revision.kind,
            Revision.item_key == revision.item_key,
            Revision.published_at.is_not(None),
        )
    )
    targets = waiting_on(revision.kind, revision.item_key, revision.data or {})
    return await InboxRepository(session).reopen_waiting(targets, last_published)
