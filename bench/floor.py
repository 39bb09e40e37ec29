"""The floor of ``citizenbot bench load``: a bare aiohttp endpoint, one small read and
one small write per request in the same database, no NLU and no dialogue.

``python -m bench.floor PORT DATABASE_URL`` serves ``POST /turn`` until killed.
"""

from __future__ import annotations

import asyncio
import sys

from aiohttp import web
from sqlalchemy import text

from knowledge.storage.db import Database


async def _serve(port: int, url: str) -> None:
    db = Database(url)
    async with db.engine.begin() as conn:
        await conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS floor_counter (user_id VARCHAR(100) PRIMARY KEY, n INT)"
        )

    async def turn(request: web.Request) -> web.Response:
        body = await request.json()
        user = str(body.get("user_id", "x"))[:100]
        async with db.engine.connect() as conn:  # the read
            row = await conn.execute(
                text("SELECT n FROM floor_counter WHERE user_id = :u"), {"u": user}
            )
            n = row.scalar() or 0
        async with db.engine.begin() as conn:  # the write, one statement
            await conn.execute(
                text(
                    "INSERT INTO floor_counter (user_id, n) VALUES (:u, :n) "
                    "ON CONFLICT (user_id) DO UPDATE SET n = floor_counter.n + 1"
                ),
                {"u": user, "n": n + 1},
            )
        return web.json_response({"replies": [{"text": "ok"}]})

    async def health(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/turn", turn)
    app.router.add_get("/healthz", health)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    await asyncio.Event().wait()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m bench.floor PORT DATABASE_URL", file=sys.stderr)
        return 2
    asyncio.run(_serve(int(argv[0]), argv[1]))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
