"""Exchange pages: an agency user's inbox and outbox (refused messages with the reason), a
message with its codes, legal basis and objects, and for auditors the log. Login required (the
exchange's own accounts); access as in the API: a message is shown only to its sender and the
agencies it was delivered to."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ctcoop.errors import AccessError
from ctcoop.platform.accounts import Role, SessionInfo
from ctcoop.web.login import ServiceLogin

LOGIN = ServiceLogin(
    path="/exchange/login",
    logout="/exchange/logout",
    cookie="ctcoop_exchange",
    cookie_path="/exchange",
    home="/exchange",
    accounts=lambda request: request.app.state.exchange.get().accounts,
    service="the information exchange",
)


def _session(request: Request) -> SessionInfo:
    return LOGIN.session(request, "log in to the exchange")


def install(app: FastAPI, render: Any) -> None:
    def page(
        request: Request, template: str, info: SessionInfo | None, **context: Any
    ) -> HTMLResponse:
        return LOGIN.page(render, request, template, info, **context)

    LOGIN.install(app, render)

    @app.get("/exchange", response_class=HTMLResponse, include_in_schema=False)
    def boxes(request: Request) -> Response:
        info = _session(request)
        if info.user.role is Role.AUDITOR:
            return RedirectResponse("/exchange/audit", status_code=303)
        store = app.state.exchange.get()
        agency = info.user.authority.id
        return page(
            request,
            "exchange.html",
            info,
            agency=store.agency(agency),
            inbox=store.inbox(agency),
            outbox=store.outbox(agency),
        )

    @app.get(
        "/exchange/messages/{message_id}", response_class=HTMLResponse, include_in_schema=False
    )
    def message(request: Request, message_id: str) -> HTMLResponse:
        from ctcoop.exchange.service import read

        info = _session(request)
        if info.user.role is Role.AUDITOR:
            raise AccessError(f"{info.user.username} is an auditor: auditors read the log")
        found = read(
            app.state.exchange.get(), message_id, info.user.authority.id, info.user.username
        )
        return page(request, "exchange_message.html", info, found=found)

    @app.get("/exchange/audit", response_class=HTMLResponse, include_in_schema=False)
    def audit_page(request: Request) -> HTMLResponse:
        info = _session(request)
        if info.user.role is not Role.AUDITOR:
            raise AccessError(f"{info.user.username} is not an auditor")
        return page(request, "exchange_audit.html", info, log=app.state.exchange.get().log())
