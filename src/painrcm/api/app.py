"""The FastAPI application: the JSON API (``/api``), the pages (``/``) and their static files.

``create_app(Settings(db_url=...))`` opens the database (it must exist and be migrated;
``painrcm serve`` says how otherwise), and wires the error handling shared by both doors:
not signed in -> 401 (pages: back to the log-in page), role may not -> 403, another
practice's or an unknown record -> 404, a user mistake -> 400 with the message.

Application logs name the route template, status and time only: never a query string,
a form field or a record's content (no PHI in logs). Every response carries
``Cache-Control: no-store`` and the usual hardening headers.
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from painrcm.api.deps import Forbidden, NotAuthenticated
from painrcm.api.security import SessionCodec
from painrcm.errors import Conflict, InputError, NotFound, PainRCMError, PolicyError

log = logging.getLogger("painrcm.web")
STATIC_DIR = Path(__file__).resolve().parents[1] / "web" / "static"


@dataclass
class Settings:
    db_url: str | None = None
    secret_key: str = field(default_factory=lambda: os.environ.get("PAINRCM_SECRET_KEY") or secrets.token_hex(32))
    session_minutes: int = 480
    secure_cookies: bool = False  # also on whenever the request came in over https
    as_of: date | None = None     # the working day (default: today); the demo's data ends in 2026
    ar_snapshot_seconds: float = field(  # how old an AR snapshot may get before it is recomputed
        default_factory=lambda: float(os.environ.get("PAINRCM_AR_SNAPSHOT_SECONDS", "300")))
    pool_size: int = 10

    def today(self) -> date:
        return self.as_of or date.today()


class _HeadersAndLog:
    """Hardening headers on every response, and one log line per request (route template,
    status, milliseconds: no path values, no query string). Plain ASGI: cheaper than
    ``BaseHTTPMiddleware`` on every request."""

    HEADERS = (("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "SAMEORIGIN"),
               ("Referrer-Policy", "same-origin"),
               ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                                           "style-src 'self' 'unsafe-inline'; frame-ancestors 'self'"))

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from starlette.datastructures import MutableHeaders

        start = time.perf_counter()
        status = [0]

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                headers = MutableHeaders(scope=message)
                if "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
                for name, value in self.HEADERS:
                    headers[name] = value
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            route = scope.get("route")
            log.info("%s %s %s %.1fms", scope.get("method"), getattr(route, "path", "-"), status[0],
                     (time.perf_counter() - start) * 1000)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _message(exc: Exception) -> str:
    return str(exc) if str(exc) else type(exc).__name__


def create_app(settings: Settings | None = None, *, engine=None) -> FastAPI:
    from painrcm.api.routes import router as api_router
    from painrcm.api.services.work import WorkCache
    from painrcm.store.migrate import open_engine

    settings = settings or Settings()
    if engine is None:
        engine = open_engine(settings.db_url)
        if engine.dialect.name == "postgresql":
            engine.dispose()
            from painrcm.store.engine import make_engine

            engine = make_engine(settings.db_url, pool_size=settings.pool_size, max_overflow=settings.pool_size,
                                 pool_pre_ping=True)
    app = FastAPI(title="painrcm", version=_version(),
                  description="Revenue-cycle API of painrcm: coding review, claims and scrub, EDI, posting, "
                              "denials, AR, authorizations, credentials, reports. Practice-scoped: "
                              "/api/practices/{pid}/... Sign in with POST /api/session; send the returned "
                              "CSRF token as X-CSRF-Token on every state-changing request.")
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = SessionCodec(settings.secret_key, settings.session_minutes * 60)
    app.state.work_cache = WorkCache(engine, ttl=settings.ar_snapshot_seconds)
    app.include_router(api_router)
    from painrcm.web.pages import router as web_router

    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _handlers(app)

    app.add_middleware(_HeadersAndLog)
    app.router.on_shutdown.append(lambda: app.state.work_cache.close(timeout=5))
    return app


def app_from_env() -> FastAPI:
    """The application configured from the environment (``painrcm serve --workers N`` starts
    each worker process with it): ``PAINRCM_DATABASE_URL``, ``PAINRCM_SECRET_KEY`` (the same in
    every worker, so a session signed by one is read by all), ``PAINRCM_AS_OF``,
    ``PAINRCM_SESSION_MINUTES``, ``PAINRCM_SECURE_COOKIES``."""
    as_of = os.environ.get("PAINRCM_AS_OF")
    return create_app(Settings(
        db_url=os.environ.get("PAINRCM_DATABASE_URL"),
        as_of=date.fromisoformat(as_of) if as_of else None,
        session_minutes=int(os.environ.get("PAINRCM_SESSION_MINUTES", "480")),
        secure_cookies=os.environ.get("PAINRCM_SECURE_COOKIES") == "1"))


def _version() -> str:
    from painrcm import __version__

    return __version__


def _handlers(app: FastAPI) -> None:
    from painrcm.web.render import error_page

    @app.exception_handler(NotAuthenticated)
    async def _401(request: Request, exc: NotAuthenticated):
        if _is_api(request):
            return JSONResponse({"detail": _message(exc) if str(exc) else "sign in first"}, status_code=401)
        target = "/login?next=" + request.url.path
        if request.headers.get("HX-Request"):
            return Response(status_code=401, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(Forbidden)
    async def _403(request: Request, exc: Forbidden):
        if _is_api(request):
            return JSONResponse({"detail": _message(exc)}, status_code=403)
        return error_page(request, 403, "Not allowed", _message(exc))

    @app.exception_handler(NotFound)
    async def _404(request: Request, exc: NotFound):
        if _is_api(request):
            return JSONResponse({"detail": _message(exc)}, status_code=404)
        return error_page(request, 404, "Not found", _message(exc))

    from painrcm.api.services.work import QueueNotReady

    @app.exception_handler(QueueNotReady)
    async def _503(request: Request, exc: QueueNotReady):
        if _is_api(request):
            return JSONResponse({"detail": _message(exc)}, status_code=503, headers={"Retry-After": "30"})
        response = error_page(request, 503, "Being prepared", _message(exc))
        response.headers["Retry-After"] = "30"
        response.headers["Refresh"] = "15"
        return response

    @app.exception_handler(Conflict)
    async def _409(request: Request, exc: Conflict):
        # someone else changed or posted it first: reload and try again
        if _is_api(request):
            return JSONResponse({"detail": _message(exc)}, status_code=409)
        return error_page(request, 409, "Changed by someone else", _message(exc))

    @app.exception_handler(InputError)
    @app.exception_handler(PolicyError)
    @app.exception_handler(PainRCMError)
    async def _400(request: Request, exc: PainRCMError):
        if _is_api(request):
            return JSONResponse({"detail": _message(exc)}, status_code=400)
        return error_page(request, 400, "Cannot do that", _message(exc))


__all__ = ["Settings", "create_app", "app_from_env"]
