"""Fixtures of dossiers: a provincial simulator, services routed to it (``dsvc``) and the
web API over them (``api``; ``auth()`` is the centre's header). Registered by
tests/conftest.py (``pytest_plugins``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_services
from bot.config import DossierConfig
from bot.notifier import Notifier
from bot.web import create_app
from knowledge.dossiers.http_source import HttpSourceSettings
from knowledge.dossiers.router import DossierSettings
from knowledge.dossiers.simulator import SAMPLE_DATA, create_simulator_app

API_KEY = "test-key-for-the-centre"
SIM_PREFIX = "000.00.09.H79"
SIM_CODE = f"{SIM_PREFIX}-250701-0001"
TODAY = dt.date(2025, 7, 10)


@pytest.fixture
async def simulator():
    app = create_simulator_app(
        {
            SIM_CODE: {
                "status": 4,
                "procedure_code": "1.001193",
                "procedure_name": "Đăng ký khai sinh",
                "received_on": "2025-07-01",
                "appointment_on": "2025-07-15",
                "agency": "UBND phường Thử Nghiệm",
                "note": "Đang thẩm định",
            }
        }
    )
    server = TestServer(app)
    await server.start_server()
    yield server
    await server.close()


@pytest.fixture
def dossier_config(config, simulator):
    source = HttpSourceSettings(
        name="tinh_thu",
        url_template=f"http://127.0.0.1:{simulator.port}/api/hoso/{{code}}",
        prefixes=(SIM_PREFIX,),
        timeout_s=1.0,
        breaker_failures=3,
        breaker_reset_s=60,
    )
    return replace(
        config,
        api_key=API_KEY,
        dossiers=DossierConfig(
            settings=DossierSettings(sources=(source,), poll_interval_s=60),
            labels={"tinh_thu": "Hệ thống một cửa tỉnh Thử", "registry": "Trung tâm PVHCC"},
            lookup_deadline_s=2.0,
        ),
    )


@pytest.fixture
async def dsvc(dossier_config):
    """Services with the sample registry loaded and "today" fixed at 10/07/2025."""
    services = await create_services(dossier_config)
    services.dossiers.today = lambda: TODAY
    await services.registry.import_csv(SAMPLE_DATA)
    try:
        yield services
    finally:
        await services.close()


@pytest.fixture
async def api(dsvc):
    """The web app over real HTTP, with its notifier (no Telegram)."""
    client = TestClient(TestServer(create_app(dsvc, Notifier(dsvc.dossiers, dsvc.registry))))
    await client.start_server()
    yield client
    await client.close()


def auth(key: str = API_KEY) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}
