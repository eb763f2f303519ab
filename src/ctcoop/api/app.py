"""The FastAPI app: ``create_app(settings)`` builds it; the knowledge base is loaded once."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from ctcoop import package_version
from ctcoop.api import errors
from ctcoop.api.answers import AnswerCache
from ctcoop.api.models import Health
from ctcoop.api.settings import Settings
from ctcoop.kb.knowledge import KnowledgeBase

API_DOCS = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ctcoop API</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/vendor/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui-bundle.js"></script>
<script src="/static/js/api-docs.js"></script>
</body>
</html>
"""
"""The interactive API documentation: Swagger UI from the assets built at set-up (offline)."""


class OnFirstUse:
    """A service's store, opened by the first request that needs it (once, thread-safe)."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make = make
        self._made: Any = None
        self._lock = threading.Lock()

    def get(self) -> Any:
        with self._lock:
            if self._made is None:
                self._made = self._make()
            return self._made

    def close(self) -> None:
        """Close what was made, if it was (and can be)."""
        with self._lock:
            if self._made is not None and hasattr(self._made, "close"):
                self._made.close()
            self._made = None


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.state.sparql.close()  # its worker process and its file


def _sparql(kb: KnowledgeBase) -> Any:
    from ctcoop.opendata.rdf import base_uri, graph, serialize
    from ctcoop.opendata.sparql import Endpoint

    base = base_uri()
    return Endpoint(lambda: serialize(graph(kb, base), "nt"))


def create_app(settings: Settings | None = None, kb: KnowledgeBase | None = None) -> FastAPI:
    """The app; ``kb`` serves a knowledge base already loaded (else it is loaded here)."""
    from ctcoop.api.routers import (
        assessments,
        cases,
        catalogue,
        exchange,
        law,
        opendata,
        screen,
        taxii,
    )
    from ctcoop.casework.store import CaseStore
    from ctcoop.exchange.store import ExchangeStore
    from ctcoop.kb.snapshot import load_kb_cached
    from ctcoop.kb.store import DataStore, default_data_dir
    from ctcoop.monitoring.store import AssessmentStore
    from ctcoop.screening.jobs import BatchJobs
    from ctcoop.screening.service import Screener

    settings = settings or Settings.from_env()
    store = DataStore(settings.data_dir or default_data_dir())
    app = FastAPI(
        title="ctcoop API",
        version=package_version(),
        description="International counter-terrorism cooperation law: who is bound by what, "
        "when, and on what legal basis two parties can cooperate. The legal answers are "
        "read-only and public; casework (/api/v1/cases) and stored assessments "
        "(/api/v1/assessments) need a login.",
        lifespan=lifespan,
        docs_url=None,  # served below from the project's own assets, not a CDN
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.kb = kb if kb is not None else load_kb_cached(settings.kb_dir, store)
    app.state.answers = AnswerCache()
    app.state.screener = Screener(app.state.kb, store)  # indexes the active lists on first use
    app.state.batches = BatchJobs(app.state.screener)  # CSV batches screened in the background
    app.state.cases = OnFirstUse(lambda: CaseStore.open(store))  # casework, opened when asked
    # monitoring: in the casework database, with its users
    app.state.assessments = OnFirstUse(lambda: AssessmentStore.open(store))
    # information exchange: opened when asked, with the key of $CTCOOP_EXCHANGE_KEY
    app.state.exchange = OnFirstUse(lambda: ExchangeStore.open(store))
    app.state.sparql = OnFirstUse(lambda: _sparql(app.state.kb))  # the RDF export, queried
    errors.install(app)
    app.include_router(catalogue.router, prefix="/api/v1")
    app.include_router(law.router, prefix="/api/v1")
    app.include_router(screen.router, prefix="/api/v1")
    app.include_router(cases.router, prefix="/api/v1")
    app.include_router(assessments.router, prefix="/api/v1")
    app.include_router(exchange.router, prefix="/api/v1")
    app.include_router(taxii.router)
    app.include_router(opendata.router)

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(API_DOCS)

    @app.get("/api/v1/health", response_model=Health, tags=["service"], summary="Liveness")
    def health() -> Health:
        return {"status": "ok", "instruments": len(app.state.kb.instruments)}

    from ctcoop.web.routes import install as install_web

    install_web(app)
    from ctcoop.api.guard import Guard, PublicCompression

    app.add_middleware(PublicCompression)
    app.add_middleware(Guard)  # added last: outermost, so its headers reach every response
    return app
