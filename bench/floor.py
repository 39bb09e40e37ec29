"""The floor of ``citizenbot bench turns`` and ``bench load``: a bare aiohttp endpoint,
one small read and one small write per request in the same database, no NLU and no
dialogue -- what a server cannot beat on this machine.

``python -m bench.floor PORT DATABASE_URL [BOT_API_URL]`` serves until killed:

* ``POST /turn`` (a web-chat turn: ``{"user_id", "text"}``) answers at once;
* with ``BOT_API_URL`` (``https://api.telegram.org/bot<TOKEN>`` or a fake's), ``POST
  /webhook`` takes a Telegram update, does the same read and write for its chat, echoes
  its text back with one ``sendMessage`` and then acknowledges the post: the end-to-end
  ceiling of a webhook bot.

"Bare" means the database driver itself (aiosqlite, asyncpg), without SQLAlchemy: the
floor is what the machine allows, not what one more layer costs. It keeps what any
correct server on the same database must do, and what ``citizenbot serve`` does:

* SQLite: WAL with ``synchronous=NORMAL`` (knowledge.storage.db); reads on a connection
  of their own; the writes of this process take turns on one asyncio lock and one
  connection, each committed on its own (SQLite has one writer: writers that raced for
  its lock would sleep in its busy handler, as an earlier floor did -- its throughput
  fell from 179 requests/s at concurrency 8 to 122 at 64);
* PostgreSQL: a pool of connections; the write is one statement, committed on its own.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp
from aiohttp import web
from sqlalchemy.engine import make_url

CREATE = "CREATE TABLE IF NOT EXISTS floor_counter (user_id VARCHAR(100) PRIMARY KEY, n INT)"
READ = "SELECT n FROM floor_counter WHERE user_id = {u}"
WRITE = (
    "INSERT INTO floor_counter (user_id, n) VALUES ({u}, {n}) "
    "ON CONFLICT (user_id) DO UPDATE SET n = floor_counter.n + 1"
)
SQLITE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL")
POSTGRES_POOL = 10


@dataclass(frozen=True)
class FloorDatabase:
    """The floor's one read and one write for a user (``read_and_write``), and ``close``."""

    read_and_write: Callable[[str], Awaitable[None]]
    close: Callable[[], Awaitable[None]]


async def _sqlite(path: str) -> FloorDatabase:
    import aiosqlite

    reader = await aiosqlite.connect(path, isolation_level=None)
    writer = await aiosqlite.connect(path)
    for conn in (reader, writer):
        for pragma in SQLITE_PRAGMAS:
            await conn.execute(pragma)
    await writer.execute(CREATE)
    await writer.commit()
    read, write = READ.format(u="?"), WRITE.format(u="?", n="?")
    writing = asyncio.Lock()

    async def read_and_write(user: str) -> None:
        rows = await reader.execute_fetchall(read, (user,))
        n = rows[0][0] if rows else 0
        async with writing:
            await writer.execute_insert(write, (user, n + 1))
            await writer.commit()

    async def close() -> None:
        await reader.close()
        await writer.close()

    return FloorDatabase(read_and_write, close)


async def _postgres(dsn: str) -> FloorDatabase:
    import asyncpg

    pool = await asyncpg.create_pool(dsn, min_size=POSTGRES_POOL, max_size=POSTGRES_POOL)
    await pool.execute(CREATE)
    read, write = READ.format(u="$1"), WRITE.format(u="$1", n="$2")

    async def read_and_write(user: str) -> None:
        n = await pool.fetchval(read, user) or 0
        await pool.execute(write, user, n + 1)

    return FloorDatabase(read_and_write, pool.close)


async def connect(url: str) -> FloorDatabase:
    """The floor's read-and-write on the database at ``url`` (a SQLAlchemy URL, as the
    bot takes it)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return await _sqlite(parsed.database or ":memory:")
    if parsed.get_backend_name() == "postgresql":
        dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        return await _postgres(dsn)
    raise ValueError(f"the floor runs on SQLite or PostgreSQL, not {parsed.get_backend_name()}")


async def _serve(port: int, url: str, bot_api: str | None) -> None:
    read_and_write = (await connect(url)).read_and_write  # closed with the process

    async def turn(request: web.Request) -> web.Response:
        body = await request.json()
        await read_and_write(str(body.get("user_id", "x"))[:100])
        return web.json_response({"replies": [{"text": "ok"}]})

    async def webhook(request: web.Request) -> web.Response:
        message = (await request.json()).get("message") or {}
        chat_id = (message.get("chat") or {}).get("id")
        await read_and_write(str(chat_id)[:100])
        reply = {"chat_id": chat_id, "text": message.get("text", "")}
        async with request.app["telegram"].post(f"{bot_api}/sendMessage", json=reply) as resp:
            await resp.read()
        return web.json_response({"ok": True})

    async def health(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/turn", turn)
    app.router.add_get("/healthz", health)
    if bot_api:
        app["telegram"] = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    await asyncio.Event().wait()


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print("usage: python -m bench.floor PORT DATABASE_URL [BOT_API_URL]", file=sys.stderr)
        return 2
    asyncio.run(_serve(int(argv[0]), argv[1], argv[2] if len(argv) == 3 else None))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
