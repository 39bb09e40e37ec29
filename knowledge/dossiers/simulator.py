"""A small provincial-style dossier API, for demos and tests (``citizenbot dossier simulate``).

``GET /api/hoso/{code}`` answers the way provincial one-stop systems tend to: Vietnamese
field names under ``data``, and — on purpose — the applicant's (made-up) name, citizen ID
and phone number, which :class:`~knowledge.dossiers.http_source.HttpJsonSource` must never copy.
Unknown codes get 404.

Test controls:

* ``POST /_control/{code}`` with ``{"status": 5, "note": ..., "appointment_on": ...,
  "missing_documents": [...]}`` sets a dossier's status (creating it when unknown), so a
  poller sees a change;
* ``POST /_control/fail`` with ``{"mode": "500"|"timeout"|"malformed"|"slow", "count": n,
  "delay_s": x}`` makes the next ``n`` lookups fail that way (``"count": 0`` clears it);
  "timeout" holds the request for ``delay_s`` (default 30 s), "slow" answers normally
  after ``delay_s`` (default 1 s);
* ``GET /_control/stats`` gives the number of lookups served (``{"requests": n}``).

Every dossier here is made up (unit ``000.00.04.H51``); nothing is personal data.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web

from knowledge import DATA_DIR
from knowledge.dossiers.codes import EXAMPLE_CODE, normalize_code
from knowledge.dossiers.records import STATUS_NAMES

logger = logging.getLogger(__name__)

SAMPLE_DATA = DATA_DIR / "dossiers_sample.csv"

# Made-up personal fields every answer carries, so tests can check none leaks through.
FAKE_PERSON = {
    "hoTen": "Nguyễn Văn A",
    "soCCCD": "079099000001",
    "soDienThoai": "0900000001",
    "diaChiThuongTru": "Số 1 đường Mẫu, phường Thử Nghiệm",
    "email": "nguoi.mau@example.invalid",
}
FAULT_MODES = ("500", "503", "timeout", "malformed", "slow")
_FIELDS = (
    "procedure_code",
    "procedure_name",
    "received_on",
    "appointment_on",
    "agency",
    "note",
    "missing_documents",
)


@dataclass
class _Fault:
    mode: str
    remaining: int
    delay_s: float


RECORDS = web.AppKey("records", dict)
FAULT = web.AppKey("fault", list)
REQUESTS = web.AppKey("requests", list)
STOPPING = web.AppKey("stopping", asyncio.Event)


def load_records(path: Path | str) -> dict[str, dict[str, Any]]:
    """Dossiers from an import-format CSV/TSV file (see ``knowledge.dossiers.import_file``)."""
    from knowledge.dossiers.import_file import read_dossier_file

    rows, _ignored = read_dossier_file(Path(path))
    return {row.code: {"status": row.status, **row.values} for row in rows}


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _provincial(code: str, record: Mapping[str, Any]) -> dict[str, Any]:
    status = record["status"]
    return {
        "success": True,
        "data": {
            "maHoSo": code,
            "trangThai": status,
            "tenTrangThai": STATUS_NAMES.get(status),
            "maTTHC": record.get("procedure_code"),
            "tenTTHC": record.get("procedure_name"),
            "ngayTiepNhan": _iso(record.get("received_on")),
            "ngayHenTra": _iso(record.get("appointment_on")),
            "coQuanXuLy": record.get("agency"),
            "ghiChu": record.get("note"),
            "giayToCanBoSung": list(record.get("missing_documents") or []),
            **FAKE_PERSON,
        },
    }


async def _pause(request: web.Request, seconds: float) -> None:
    # Ends early when the server shuts down, so a held request never delays shutdown.
    try:
        await asyncio.wait_for(request.app[STOPPING].wait(), seconds)
    except TimeoutError:
        pass


async def _lookup(request: web.Request) -> web.StreamResponse:
    raw = request.match_info["code"]
    request.app[REQUESTS].append(raw)
    faults = request.app[FAULT]
    fault = faults[0] if faults and faults[0].remaining > 0 else None
    if fault is not None:
        fault.remaining -= 1
        if fault.mode in ("500", "503"):
            return web.json_response(
                {"success": False, "message": "Lỗi hệ thống"}, status=int(fault.mode)
            )
        if fault.mode == "malformed":
            return web.Response(text='{"data": {"maHoSo": ', content_type="application/json")
        await _pause(request, fault.delay_s)
    code = normalize_code(raw) or raw.strip()
    record = request.app[RECORDS].get(code)
    if record is None:
        return web.json_response({"success": False, "message": "Không tìm thấy hồ sơ"}, status=404)
    return web.json_response(_provincial(code, record))


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="body must be JSON") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="body must be a JSON object")
    return body


async def _control_fail(request: web.Request) -> web.Response:
    body = await _json_body(request)
    mode = str(body.get("mode", ""))
    count = body.get("count", 1)
    delay = body.get("delay_s", 30.0 if mode == "timeout" else 1.0)
    if mode not in FAULT_MODES or not isinstance(count, int) or count < 0:
        raise web.HTTPBadRequest(
            text=f"mode must be one of {', '.join(FAULT_MODES)}; count a whole number >= 0"
        )
    if not isinstance(delay, int | float) or delay < 0:
        raise web.HTTPBadRequest(text="delay_s must be a number >= 0")
    request.app[FAULT][:] = [_Fault(mode, count, float(delay))] if count else []
    return web.json_response({"mode": mode, "count": count, "delay_s": delay})


async def _control_status(request: web.Request) -> web.Response:
    raw = request.match_info["code"]
    code = normalize_code(raw)
    if code is None:
        raise web.HTTPBadRequest(text=f"not a dossier code (example: {EXAMPLE_CODE})")
    body = await _json_body(request)
    status = body.get("status")
    if isinstance(status, bool) or status not in STATUS_NAMES:
        raise web.HTTPBadRequest(text="status must be a national status 1-10")
    record = request.app[RECORDS].setdefault(code, {})
    record["status"] = status
    for name in _FIELDS:
        if name in body:
            record[name] = body[name]
    return web.json_response({"maHoSo": code, "trangThai": status})


async def _stats(request: web.Request) -> web.Response:
    return web.json_response({"requests": len(request.app[REQUESTS])})


async def _on_shutdown(app: web.Application) -> None:
    app[STOPPING].set()


def create_simulator_app(
    records: Mapping[str, Mapping[str, Any]] | Path | str | None = None,
) -> web.Application:
    """The simulator; ``records`` maps codes to our field names (``status``,
    ``procedure_code``, ...), or is a CSV/TSV file in the import format; by default the
    shipped sample (``knowledge/data/dossiers_sample.csv``)."""
    if records is None:
        records = SAMPLE_DATA
    if isinstance(records, Path | str):
        loaded = load_records(records)
    else:
        loaded = {}
        for code, record in records.items():
            key = normalize_code(code) or code.strip()
            loaded[key] = dict(record)
    app = web.Application()
    app[RECORDS] = loaded
    app[FAULT] = []
    app[REQUESTS] = []
    app[STOPPING] = asyncio.Event()
    app.on_shutdown.append(_on_shutdown)
    app.router.add_get("/api/hoso/{code}", _lookup)
    app.router.add_post("/_control/fail", _control_fail)
    app.router.add_get("/_control/stats", _stats)
    app.router.add_post("/_control/{code}", _control_status)
    return app


def request_count(app: web.Application) -> int:
    """How many lookups the simulator has served (for tests)."""
    return len(app[REQUESTS])


async def serve_simulator(
    records: Mapping[str, Mapping[str, Any]] | Path | str | None,
    host: str,
    port: int,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Run the simulator until cancelled (Ctrl+C); ``on_ready`` gets a one-line banner."""
    app = create_simulator_app(records)
    runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=2.0)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        example = next(iter(app[RECORDS]), EXAMPLE_CODE)
        banner = (
            f"Dossier simulator: http://{host}:{port}/api/hoso/{{code}} "
            f"({len(app[RECORDS])} made-up dossiers, e.g. {example}); Ctrl+C stops it"
        )
        logger.info("%s", banner)
        if on_ready is not None:
            on_ready(banner)
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
