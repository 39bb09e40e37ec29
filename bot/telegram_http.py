"""python-telegram-bot's HTTP requests over aiohttp (its ``BaseRequest`` extension point).

PTB's default client (httpx) cost about 7 ms of CPU per ``sendMessage`` here, more than a
whole dialogue turn; aiohttp, which already serves the web app, costs a fraction of
that. Same contract as PTB's own ``HTTPXRequest``: form-encoded parameters (multipart
when a file is sent), the four timeouts (a default per request object, overridable per
call), ``TimedOut`` for a timeout and ``NetworkError`` for any other transport failure.
"""

from __future__ import annotations

import urllib.request
from urllib.parse import urlencode, urlsplit

import aiohttp
from aiohttp.payload import BytesPayload
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

USER_AGENT = BaseRequest.USER_AGENT
_FORM = "application/x-www-form-urlencoded"


class AiohttpRequest(BaseRequest):
    """One connection pool (``pool_size`` connections) with default timeouts in seconds
    (``None``: no limit)."""

    def __init__(
        self,
        *,
        pool_size: int = 64,
        connect_timeout: float | None = 5.0,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self.pool_size = pool_size
        self.connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self.write_timeout = write_timeout
        self.pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[tuple[str, str], str | None] = {}

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self.pool_size)
            self._session = aiohttp.ClientSession(connector=connector)

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout=BaseRequest.DEFAULT_NONE,
        write_timeout=BaseRequest.DEFAULT_NONE,
        connect_timeout=BaseRequest.DEFAULT_NONE,
        pool_timeout=BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized")
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=_sum(
                _given(pool_timeout, self.pool_timeout),
                _given(connect_timeout, self.connect_timeout),
            ),
            sock_connect=_given(connect_timeout, self.connect_timeout),
            # aiohttp has no write timeout: a slow upload counts against the read one
            sock_read=_sum(
                _given(read_timeout, self._read_timeout),
                _given(write_timeout, self.write_timeout),
            ),
        )
        try:
            async with self._session.request(
                method,
                url,
                data=_body(request_data),
                headers={"User-Agent": USER_AGENT},
                timeout=timeout,
                proxy=self.proxy_for(url),
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{type(err).__name__}: {err}") from err

    def proxy_for(self, url: str) -> str | None:
        """HTTPS_PROXY / HTTP_PROXY unless NO_PROXY names the host, as PTB's default
        client does; looked up once per host (aiohttp's own lookup runs in a thread for
        every request)."""
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        if key not in self._proxies:
            proxy = urllib.request.getproxies().get(parts.scheme)
            bypass = proxy is None or urllib.request.proxy_bypass(parts.hostname or "")
            self._proxies[key] = None if bypass else proxy
        return self._proxies[key]


def _given(value, default: float | None) -> float | None:
    """A per-call timeout, or the request object's default when the call gave none."""
    return default if isinstance(value, type(BaseRequest.DEFAULT_NONE)) else value


def _sum(*values: float | None) -> float | None:
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def _body(request_data: RequestData | None) -> aiohttp.FormData | BytesPayload | None:
    """Form fields, as multipart when a file goes with them. Without a file they are
    encoded here, as aiohttp would (its FormData also builds a multipart writer it
    does not use: about a tenth of the CPU of a sendMessage)."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    if not request_data.contains_files:
        return BytesPayload(urlencode(fields).encode(), content_type=_FORM)
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
