"""The pieces of `citizenbot bench turns`: its lean load generator and its floor."""

from __future__ import annotations

import asyncio

from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import text

from bench.floor import connect
from bench.turns import KeepAliveClient, _level
from knowledge.storage.db import Database


async def _server(handler) -> TestServer:
    app = web.Application()
    app.router.add_post("/turn", handler)
    server = TestServer(app, port=0)
    await server.start_server()
    return server


async def test_the_generator_posts_json_on_one_kept_alive_connection():
    seen: list[tuple[dict, str | None, int]] = []

    async def turn(request: web.Request) -> web.Response:
        seen.append(
            (await request.json(), request.headers.get("Authorization"), id(request.transport))
        )
        return web.json_response({"replies": [{"text": "ok" * 500}]})

    server = await _server(turn)
    client = KeepAliveClient(f"http://127.0.0.1:{server.port}/turn", {"Authorization": "Bearer k"})
    try:
        assert [await client.post_json({"user_id": f"u{i}"}) for i in range(3)] == [200] * 3
    finally:
        client.close()
        await server.close()
    assert [body for body, _, _ in seen] == [
        {"user_id": "u0"},
        {"user_id": "u1"},
        {"user_id": "u2"},
    ]
    assert {auth for _, auth, _ in seen} == {"Bearer k"}
    assert len({transport for _, _, transport in seen}) == 1  # one connection throughout


async def test_the_generator_reads_errors_chunked_answers_and_closed_connections():
    answers = iter(["chunked", "close", "busy", "ok"])

    async def turn(request: web.Request) -> web.StreamResponse:
        await request.read()
        match next(answers):
            case "chunked":
                response = web.StreamResponse()
                response.enable_chunked_encoding()
                await response.prepare(request)
                await response.write(b'{"replies": ')
                await response.write(b"[]}")
                await response.write_eof()
                return response
            case "close":
                response = web.json_response({"replies": []})
                response.force_close()
                return response
            case "busy":
                return web.json_response({"error": "unavailable"}, status=503)
        return web.json_response({"replies": []})

    server = await _server(turn)
    client = KeepAliveClient(f"http://127.0.0.1:{server.port}/turn")
    try:
        statuses = [await client.post_json({"text": "x"}) for _ in range(4)]
    finally:
        client.close()
        await server.close()
    assert statuses == [200, 200, 503, 200]


async def test_an_answer_that_is_not_http_is_an_error_named_by_its_kind():
    heads = iter(
        [
            b"HTTP/1.1 200 OK\r\nContent-Length 2\r\n\r\n",  # a header without its colon
            b"HTTP/1.1 abc OK\r\nContent-Length: 2\r\n\r\n",  # no status code
            b"SSH-2.0-OpenSSH\r\n\r\n",
        ]
    )

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(next(heads) + b"{}")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        result = await _level(f"http://127.0.0.1:{port}/turn", 1, 3, {}, "test")
    finally:
        server.close()
        await server.wait_closed()
    assert (result.errors, result.error_kinds) == (3, (("MalformedResponse", 3),))


async def test_a_level_counts_turns_and_names_its_errors():
    calls = 0

    async def turn(request: web.Request) -> web.Response:
        nonlocal calls
        calls += 1
        await request.read()
        return web.json_response({}, status=429 if calls % 4 == 0 else 200)

    server = await _server(turn)
    try:
        result = await _level(f"http://127.0.0.1:{server.port}/turn", 4, 40, {}, "test")
    finally:
        await server.close()
    assert (result.turns, result.errors, result.error_kinds) == (40, 10, (("429", 10),))
    assert result.per_second > 0 and result.p99_ms >= result.p50_ms


async def test_a_level_against_no_server_counts_every_turn_as_an_error(unused_tcp_port):
    result = await _level(f"http://127.0.0.1:{unused_tcp_port}/turn", 2, 6, {}, "test")
    assert result.errors == 6
    assert [kind for kind, _ in result.error_kinds] == ["ConnectionRefusedError"]


async def test_the_floor_reads_and_writes_one_counter_per_user(any_database):
    floor = await connect(any_database)
    try:
        for user in ("an", "an", "binh"):
            await floor.read_and_write(user)
    finally:
        await floor.close()
    again = await connect(any_database)  # a new connection sees the committed writes
    try:
        await again.read_and_write("an")
        await again.read_and_write("chi")
    finally:
        await again.close()
    db = Database(any_database)
    try:
        async with db.engine.connect() as conn:
            rows = await conn.execute(text("SELECT user_id, n FROM floor_counter ORDER BY user_id"))
            assert [tuple(r) for r in rows] == [("an", 3), ("binh", 1), ("chi", 1)]
    finally:
        await db.close()
