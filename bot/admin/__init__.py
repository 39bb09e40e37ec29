"""The staff admin at /admin: server-rendered pages (aiohttp + Jinja2), in Vietnamese.

``setup_admin(app)`` registers the sign-in pages, the static files and every page
module's ``ROUTES`` behind one wrapper (bot.admin.guard) that checks the session, the
CSRF token and the role before any handler runs, and one middleware
(``guard.admin_errors``) that shows aiohttp's own refusals on /admin (unknown address,
body too large) as Vietnamese pages. A page module is listed once in PAGE_MODULES.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from aiohttp import web

from bot.admin import auth_pages
from bot.admin.guard import (
    ADMIN,
    AdminContext,
    admin_errors,
    admin_headers,
    datetime_clock,
    guarded,
)
from bot.admin.render import STATIC_DIR
from bot.admin.routing import AdminRoute
from bot.web_session import process_secret
from knowledge.staff.passwords import Passwords

# Every page module; each exposes ROUTES: list[AdminRoute].
PAGE_MODULES = (
    "auth_pages",
    "staff_pages",
    "faq_pages",
    "edit_pages",
    "audit_pages",
    "inbox_pages",
    "analytics_pages",
    "handoff_pages",
    "volunteer_pages",
)

ADMIN_ROUTES = web.AppKey("admin_routes", list)


def admin_routes() -> list[AdminRoute]:
    """Every page module's routes, in PAGE_MODULES order."""
    routes: list[AdminRoute] = []
    for name in PAGE_MODULES:
        routes.extend(importlib.import_module(f"bot.admin.{name}").ROUTES)
    return routes


def setup_admin(app: web.Application, clock: Callable[[], float] | None = None) -> None:
    """Add the admin to ``app`` (made by bot.web.create_app: app[SERVICES] is set).

    ``clock`` gives seconds since the epoch (the app's; tests pass a fake one): session
    ages and lock-outs are measured with it.
    """
    from bot.web import SERVICES

    services = app[SERVICES]
    secret = services.config.web.session_secret
    app[ADMIN] = AdminContext(
        db=services.db,
        clock=datetime_clock(clock),
        policy=services.config.admin.policy,
        settings=services.config.admin,
        secret=secret.encode() if secret else process_secret(),
        passwords=Passwords(),
    )
    app.router.add_get(auth_pages.LOGIN_PATH, auth_pages.login_form)
    app.router.add_post(auth_pages.LOGIN_PATH, auth_pages.login)
    app.router.add_static("/admin/static/", STATIC_DIR, name="admin_static")
    routes = admin_routes()
    for route in routes:
        app.router.add_route(route.method, route.path, guarded(route))
    app[ADMIN_ROUTES] = routes
    app.middlewares.append(admin_errors)  # inside the site's: admin refusals as HTML
    app.on_response_prepare.append(admin_headers)
