"""The residents' web chat: the page at ``/``, its scripts and style, and ``/embed.js``.

The files are in ``bot/web_chat/`` and read once, when the app is made: the page's own
strings are in index.html, what its scripts and the embed button say in texts.yml (put
into the files as JSON here). The page's scripts (``SCRIPTS``, loaded in that order;
chat.js says what each is) talk to ``POST /api/chat`` and ``POST /api/chat/reset``
(bot.web) and read what is pushed to the page from ``GET /api/chat/events``
(bot.web_events, registered here).

Headers: every response keeps the site's strict ones (bot.web_guard) except that

* the page may be framed by any site (a commune's website embeds it with /embed.js) and
  has its own CSP: scripts, styles, images and requests from this origin only, no inline
  script, no plugins, no <base>;
* /embed.js may be loaded by other sites (Cross-Origin-Resource-Policy: cross-origin)
  and cached for an hour.

Every other route, /admin above all, stays ``frame-ancestors 'none'`` and DENY.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from bot.web_events import EventHub, EventsContext, OutboxPokes, setup_web_events
from knowledge.yaml_data import load_yaml

logger = logging.getLogger(__name__)

FILES_DIR = Path(__file__).with_name("web_chat")
TEXTS_FILE = FILES_DIR / "texts.yml"
TEXTS_SLOT_HTML = "{{ texts }}"
TEXTS_SLOT_JS = "/*TEXTS*/ {}"

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors *"
)
EMBED_CACHE = "public, max-age=3600"


@dataclass(frozen=True)
class StaticFile:
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()


SCRIPTS = ("tab-storage.js", "rendering.js", "event-stream.js", "requests.js", "chat.js")

# URL path -> (file in FILES_DIR, content type, headers it adds to the site's).
ROUTES = {
    "/": ("index.html", "text/html", (("Content-Security-Policy", PAGE_CSP),)),
    # the page's scripts, in the order index.html loads them (chat.js says what each is)
    **{f"/chat/{name}": (name, "text/javascript", ()) for name in SCRIPTS},
    "/chat/chat.css": ("chat.css", "text/css", ()),
    "/chat/icon.svg": ("icon.svg", "image/svg+xml", ()),
    "/embed.js": (
        "embed.js",
        "text/javascript",
        (("Cross-Origin-Resource-Policy", "cross-origin"), ("Cache-Control", EMBED_CACHE)),
    ),
}
# Headers of the site's that a route's own replace; a page that may be framed drops DENY.
FRAMEABLE = frozenset({"/"})

FILES = web.AppKey("web_chat_files", dict)
_OWN_HEADERS = web.RequestKey("web_chat_headers", tuple)


def _json_for_html(data: object) -> str:
    """JSON that cannot end the <script> element it sits in."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def load_files(files_dir: Path = FILES_DIR) -> dict[str, StaticFile]:
    """Every route's file, with the texts put in (read once)."""
    texts = load_yaml(files_dir / TEXTS_FILE.name)
    slots = {
        "index.html": (TEXTS_SLOT_HTML, _json_for_html(texts)),
        "embed.js": (TEXTS_SLOT_JS, _json_for_html(texts["embed"])),
    }
    files = {}
    for path, (name, content_type, headers) in ROUTES.items():
        text = (files_dir / name).read_text(encoding="utf-8")
        if name in slots:
            slot, value = slots[name]
            if slot not in text:
                raise ValueError(f"{name} has no {slot} for the texts")
            text = text.replace(slot, value)
        files[path] = StaticFile(text.encode("utf-8"), content_type, headers)
    return files


async def serve_file(request: web.Request) -> web.Response:
    found = request.app[FILES][request.path]
    request[_OWN_HEADERS] = found.headers
    return web.Response(body=found.body, content_type=found.content_type, charset="utf-8")


async def chat_headers(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare, after the site's headers: the chat files' own."""
    own = request.get(_OWN_HEADERS)
    if own is None or response.status != 200:
        return
    if request.path in FRAMEABLE:
        response.headers.popall("X-Frame-Options", None)
    for name, value in own:
        response.headers[name] = value


def setup_web_chat(app: web.Application) -> None:
    """Add the web chat (page, files, live events) to ``app`` (made by bot.web.create_app)."""
    from bot.web import SERVICES, SESSIONS  # here, not above: bot.web imports this module

    services = app[SERVICES]
    app[FILES] = load_files()
    for path in ROUTES:
        app.router.add_get(path, serve_file)
    app.on_response_prepare.append(chat_headers)
    hub = EventHub()
    app[POKES] = OutboxPokes(hub)
    app.cleanup_ctx.append(_listening)
    setup_web_events(
        app,
        EventsContext(
            hub=hub,
            look=services.registry.look_web,
            marks=services.registry.web_marks,
            signer=app[SESSIONS],
            api_key=services.config.api_key,
            poll_s=services.config.web.events_poll_s,
        ),
    )


POKES = web.AppKey("outbox_pokes", OutboxPokes)


async def _listening(app: web.Application):
    """While the app runs, the dialogue's commits wake the streams they queued for."""
    from bot.web import SERVICES

    listeners = app[SERVICES].dialogue.outbox_listeners
    listeners.append(app[POKES])
    yield
    listeners.remove(app[POKES])
