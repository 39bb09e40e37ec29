"""Database errors are logged without the values they carry.

SQLAlchemy is told to hide statement parameters (``hide_parameters``), but a database's
own message can still quote them: PostgreSQL's unique-violation detail reads
``Key (channel, user_id)=(web, <the user id>) already exists``. This filter, installed on
the application's log handlers, replaces such an exception (anywhere in a record's
traceback chain, or given as an argument) with its class and SQLSTATE code.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import DBAPIError, StatementError


def _database_error(exc: BaseException | None) -> BaseException | None:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, StatementError):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def describe(exc: BaseException) -> str:
    """``IntegrityError (SQLSTATE 23505)``: what failed, never the values."""
    orig = getattr(exc, "orig", None)
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    name = type(exc).__name__
    if isinstance(exc, DBAPIError) and orig is not None:
        name = f"{name}/{type(orig).__name__}"
    return f"{name} (SQLSTATE {code})" if code else name


class HideDatabaseValues(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            found = _database_error(record.exc_info[1])
            if found is not None:
                record.msg = f"{record.getMessage()} [database error: {describe(found)}]"
                record.args = None
                record.exc_info = None
                record.exc_text = None
        if isinstance(record.args, tuple) and any(
            isinstance(a, BaseException) and _database_error(a) for a in record.args
        ):
            record.args = tuple(
                describe(found)
                if isinstance(a, BaseException) and (found := _database_error(a))
                else a
                for a in record.args
            )
        return True


def install(handlers: list[logging.Handler]) -> None:
    for handler in handlers:
        if not any(isinstance(f, HideDatabaseValues) for f in handler.filters):
            handler.addFilter(HideDatabaseValues())
