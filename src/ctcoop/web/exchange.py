"""Exchange pages: an agency user's inbox and outbox (refused messages with the reason), a
message with its codes, legal basis and objects, and for auditors the log. Login required (the
exchange's own accounts); access as in the API: a message is shown only to its sender and the
agencies it was delivered to."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ctcoop.errors import AccessError, AuthenticationError
from ctcoop.platform.accounts import Role, SessionInfo

COOKIE = "ctcoop_exchange"


def _session(request: Request) -> SessionInfo:
    token = request.cookies.get(COOKIE)
    if not token:
        raise AuthenticationError("log in to the exchange")
    info: SessionInfo = request.app.state.exchange.get().accounts.session(token)
    return info


def install(app: FastAPI, render: Any) -> None:
    def page(
        request: Request, template: str, info: SessionInfo | None, **context: Any
    ) -> HTMLResponse:
        response: HTMLResponse = render(
            request,
            template,
            user=info.user if info else None,
            csrf=info.csrf if info else "",
            **context,
        )
        return response

    @app.get("/exchange/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: str = "/exchange") -> HTMLResponse:
        return page(
            request,
            "login.html",
            None,
            next=_safe(next),
            error=None,
            action="/exchange/login",
            service="the information exchange",
        )

    @app.post("/exchange/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await request.form()
        target = _safe(str(form.get("next") or "/exchange"))
        try:
            info = app.state.exchange.get().accounts.login(
                str(form.get("username") or ""), str(form.get("password") or "")
            )
        except AuthenticationError as exc:
            response: Response = page(
                request,
                "login.html",
                None,
                next=target,
                error=str(exc),
                action="/exchange/login",
                service="the information exchange",
            )
            response.status_code = 401
            return response
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(
            COOKIE, info.token, httponly=True, samesite="strict", path="/exchange", max_age=8 * 3600
        )
        return response

    @app.post("/exchange/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        info = _session(request)
        form = await request.form()
        store = app.state.exchange.get()
        if not store.accounts.csrf_ok(info, str(form.get("csrf") or "")):
            raise AccessError("the form's security token does not match: reload and retry")
        store.accounts.logout(info.token)
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(COOKIE, path="/exchange")
        return response

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


def _safe(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/exchange"


def login_redirect(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    base = "/exchange/login" if request.url.path.startswith("/exchange") else "/login"
    return f"{base}?next={quote(target)}"
