"""Rasa as the NLU engine: a real Rasa server trained on our data, and the fallback."""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
from dataclasses import replace

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.app import create_services
from nlu.config import RasaSettings
from nlu.rasa_backend import FallbackBackend, RasaBackend, RasaUnavailable, ranking_from_rasa
from nlu.types import IntentScore
from tests.conftest import ROOT, Conversation, RasaServer
from tests.fake_telegram import FakeTelegram, running_bot
from tests.test_terminal import _config_file

# ---- against the real Rasa server -----------------------------------------------------


async def test_rasa_server_ranks_our_intents(rasa_server):
    backend = RasaBackend(RasaSettings(url=rasa_server.url, timeout_s=10))
    try:
        ranking = await backend.rank("lam giay khai sinh can gi")
    finally:
        await backend.close()
    assert ranking[0].name == "ask_procedure_requirements"
    assert ranking == sorted(ranking, key=lambda s: s.confidence, reverse=True)


QUESTIONS = [
    ("đk kết hôn mấy ngày", "Đăng ký kết hôn", "Ngay trong ngày"),
    ("nhập hộ khẩu lệ phí bao nhiêu", "Đăng ký thường trú", "20.000 đồng"),
    ("phường 13 quận 4 giờ là phường nào", "Phường Xóm Chiếu", "Phường Xóm Chiếu"),
]


async def test_assistant_answers_through_rasa_with_our_entities_on_top(rasa_config):
    services = await create_services(rasa_config)
    try:
        for says, first, second in QUESTIONS:
            parse = await services.nlu.parse(says)
            assert parse.backend == "rasa", says
            talk = Conversation(services)
            await talk.say(says)
            assert first in talk.text and second in talk.text, says
        parse = await services.nlu.parse("đk kết hôn mấy ngày")
        assert parse.entity("procedure").value == "dang_ky_ket_hon"
    finally:
        await services.close()


async def test_assistant_answers_on_telegram_through_rasa(rasa_config):
    services = await create_services(rasa_config)
    try:
        async with FakeTelegram() as fake, running_bot(fake, services.dialogue, outbox=services.db):
            fake.user_sends_text(777, "dang ky tam tru het bao nhieu tien")
            (sent,) = await fake.wait_for_method("sendMessage", timeout=20)
            assert "15.000 đồng" in sent["text"]
    finally:
        await services.close()


def test_nlu_test_command_evaluates_through_the_rasa_server(
    tmp_path, rasa_server, trained_model_dir
):
    config_file = _config_file(tmp_path, trained_model_dir)
    text = config_file.read_text(encoding="utf-8").replace("http://127.0.0.1:5005", rasa_server.url)
    config_file.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "nlu",
            "test",
            "nlu/eval/heldout.yml",
            "--backend",
            "rasa",
            "--out",
            str(tmp_path / "report"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            "PATH": "/usr/bin:/bin",
            "NO_PROXY": "127.0.0.1,localhost",
            "CITIZENBOT_CONFIG": str(config_file),
        },
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["backend"] == "rasa"
    assert 0.5 < summary["accuracy"] <= 1.0
    assert (tmp_path / "report" / "confusion_matrix.png").exists()


async def test_rasa_stopped_mid_conversation_falls_back_and_recovers(
    rasa_model, rasa_config, caplog
):
    server = RasaServer(rasa_model)
    server.start()
    config = replace(
        rasa_config,
        nlu=replace(rasa_config.nlu, rasa=replace(rasa_config.nlu.rasa, url=server.url)),
    )
    services = await create_services(config)
    services.nlu.backend.retry_after_s = 0
    talk = Conversation(services)
    caplog.set_level(logging.INFO, logger="nlu.rasa_backend")
    try:
        await talk.say("đăng ký thường trú cần giấy tờ gì")
        assert "Đăng ký thường trú" in talk.text
        assert (await services.nlu.parse("xin chào")).backend == "rasa"

        await asyncio.to_thread(server.stop)
        await talk.say("còn lệ phí thì sao?")
        assert "20.000 đồng" in talk.text
        await talk.say("mất mấy ngày")
        assert "7 ngày làm việc" in talk.text
        assert (await services.nlu.parse("xin chào")).backend == "embedded"
        outages = [r for r in caplog.records if "unavailable" in r.getMessage()]
        assert len(outages) == 1

        await asyncio.to_thread(server.start)
        assert (await services.nlu.parse("xin chào")).backend == "rasa"
        assert any("is back" in r.getMessage() for r in caplog.records)
    finally:
        await services.close()
        server.stop()


# ---- faults, with small stand-in servers ------------------------------------------------


async def _server(handler) -> TestServer:
    app = web.Application()
    app.router.add_post("/model/parse", handler)
    server = TestServer(app)
    await server.start_server()
    return server


async def _slow(request):
    await asyncio.sleep(5)
    return web.json_response({})


async def _garbage(request):
    return web.Response(text="<html>oops</html>", content_type="text/html")


async def _wrong_shape(request):
    return web.json_response({"intent_ranking": [{"name": 3, "confidence": "high"}]})


async def _error(request):
    return web.Response(status=500)


FAULTS = [
    ("slow", _slow, "timeout"),
    ("not json", _garbage, "malformed"),
    ("wrong shape", _wrong_shape, "malformed"),
    ("server error", _error, "http 500"),
]


@pytest.mark.parametrize(("case", "handler", "reason"), FAULTS, ids=[f[0] for f in FAULTS])
async def test_bad_rasa_answers_raise_a_clear_reason(case, handler, reason):
    server = await _server(handler)
    backend = RasaBackend(RasaSettings(url=f"http://127.0.0.1:{server.port}", timeout_s=0.3))
    try:
        with pytest.raises(RasaUnavailable) as err:
            await backend.rank("xin chào")
        assert err.value.reason == reason
    finally:
        await backend.close()
        await server.close()


class _Embedded:
    name = "embedded"

    async def rank(self, text):
        return [IntentScore("greet", 0.9)]


async def test_slow_rasa_turn_is_answered_by_the_embedded_model():
    server = await _server(_slow)
    rasa = RasaBackend(RasaSettings(url=f"http://127.0.0.1:{server.port}", timeout_s=0.3))
    backend = FallbackBackend(rasa, _Embedded())
    try:
        assert (await backend.rank("xin chào"))[0].name == "greet"
        assert backend.last_used == "embedded" and backend.down
    finally:
        await backend.close()
        await server.close()


def test_rasa_parse_answer_maps_onto_our_ranking():
    body = {
        "intent": {"name": "greet", "confidence": 0.7},
        "intent_ranking": [
            {"name": "thank", "confidence": 0.2},
            {"name": "greet", "confidence": 0.7},
        ],
        "entities": [],
    }
    assert [s.name for s in ranking_from_rasa(body)] == ["greet", "thank"]
    assert ranking_from_rasa({"intent": {"name": "greet", "confidence": 1}})[0].confidence == 1.0
    with pytest.raises(RasaUnavailable):
        ranking_from_rasa({"intent": None, "intent_ranking": []})
