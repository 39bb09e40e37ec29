"""A failing statement never writes its values (user ids, saved state) to the log."""

from __future__ import annotations

import io
import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot import log_privacy
from knowledge.storage.db import Database

PRIVATE = "0912345678-private-state"  # what a user id or a saved state might hold


async def _insert_twice(url: str) -> IntegrityError:
    database = Database(url)
    try:
        with pytest.raises(IntegrityError) as failure:
            async with database.session() as session:
                insert = text(
                    "INSERT INTO conversations (channel, user_id, state, version)"
                    " VALUES (:channel, :user, :state, 1)"
                )
                row = {"channel": "web", "user": PRIVATE, "state": f'{{"note": "{PRIVATE}"}}'}
                await session.execute(insert, row)
                await session.execute(insert, row)  # the same user twice: refused
    finally:
        await database.close()
    return failure.value


@pytest.fixture
def app_log():
    """The application's log handler, as `citizenbot` sets it up, at DEBUG."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    log_privacy.install([handler])
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


async def test_a_failing_statement_is_logged_without_its_values(any_database, app_log):
    error = await _insert_twice(any_database)
    # SQLAlchemy itself never prints the parameters it sent ...
    assert "hidden due to hide_parameters" in str(error)
    # ... and what the application logs of the failure names the error, not the values,
    # even where the database quotes them (PostgreSQL's "Key (...)=(...) already exists").
    logging.getLogger("bot.web").error("chat turn failed", exc_info=error)
    logging.getLogger("bot.web").warning("chat turn not answered: %s", error)
    log = app_log.getvalue()
    assert "chat turn failed [database error: IntegrityError" in log
    assert "chat turn not answered: IntegrityError" in log
    assert PRIVATE not in log
