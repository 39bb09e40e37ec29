"""Delete my data really deletes: no row left, nothing readable in the database file."""

from __future__ import annotations

from pathlib import Path

from flows.types import Turn

USER = "web-zq7x9-deleted-user"  # a mark no shipped data holds


def _files(database_url: str) -> list[Path]:
    path = Path(database_url.split("///", 1)[1])
    return [p for p in (path, Path(f"{path}-wal")) if p.exists()]


async def test_deleted_conversation_leaves_nothing_readable(services, config):
    dialogue = services.dialogue
    await dialogue.handle(Turn("web", USER, text="lấy vợ cần giấy tờ gì"))
    # it was written, in the database or its write-ahead log
    assert any(USER.encode() in p.read_bytes() for p in _files(config.database_url))
    await dialogue.handle(Turn("web", USER, text="xóa dữ liệu của tôi"))
    await dialogue.handle(Turn("web", USER, payload="delete:yes"))
    async with services.db.engine.connect() as conn:
        for table in ("conversations", "users", "dossier_subscriptions", "outbox"):
            rows = await conn.exec_driver_sql(
                f"SELECT count(*) FROM {table} WHERE user_id = '{USER}'"  # noqa: S608
                if table != "outbox"
                else f"SELECT count(*) FROM outbox WHERE recipient = '{USER}'"
            )
            assert rows.scalar() == 0, table
    for path in _files(config.database_url):
        assert USER.encode() not in path.read_bytes(), path.name
