"""The floor of ``citizenbot bench turns`` and ``bench load``: a bare aiohttp endpoint,
one small read and one small write per request in the same database, no NLU and no
dialogue -- what a server cannot beat on this machine.

``python -m bench.floor PORT DATABASE_URL [BOT_API_URL]`` serves until killed:

* ``POST /turn`` (a web-chat turn: ``{"user_id", "text"}``) answers at once;
* with ``BOT_API_URL`` (``https://api.telegram.org/bot<TOKEN>`` or a fake's), ``POST
  /webhook`` takes a Telegram update, does the same read and write for its chat, echoes
  its text back with one ``sendMessage`` and then acknowledges the post: the end-to-end
  ceiling of a webhook bot.
"""

from __future__ import annotations

import asyncio
import sys

import aiohttp
from aiohttp import web
from sqlalchemy import text

from knowledge.storage.db import Database

READ = text("SELECT n FROM floor_counter WHERE user_id = :u")
WRITE = text(
    "INSERT INTO floor_counter (user_id, n) VALUES (:u, :n) "
    "ON CONFLICT (user_id) DO UPDATE SET n = floor_counter.n + 1"
)


async def _serve(port: int, url: str, bot_api: str | None) -> None:
    db = Database(url)
    async with db.engine.begin() as conn:
        await conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS floor_counter (user_id VARCHAR(100) PRIMARY KEY, n INT)"
        )

    async def read_and_write(user: str) -> None:
        async with db.engine.connect() as conn:  # the read
            n = (await conn.execute(READ, {"u": user})).scalar() or 0
        async with db.engine.begin() as conn:  # the write, one statement
            await conn.execute(WRITE, {"u": user, "n": n + 1})

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
