"""Logging in to a service's pages, written once: the login form, the session cookie, the CSRF
check of forms and logging out. Each service (casework, exchange) has its own accounts and its
own cookie, scoped to its pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ctcoop.errors import AccessError, AuthenticationError
from ctcoop.platform.accounts import Accounts, SessionInfo

__all__ = ["ServiceLogin", "login_redirect"]

SESSION_SECONDS = 8 * 3600


@dataclass(frozen=True)
class ServiceLogin:
    """How one service's pages log in: where, with which cookie, into which accounts."""

    path: str  # the login page, e.g. /login
    logout: str  # the logout action
    cookie: str
    cookie_path: str  # the pages the cookie is sent to
    home: str  # where a login goes by default
    accounts: Callable[[Request], Accounts]
    service: str | None = None  # named on the login page

    def session(self, request: Request, why: str) -> SessionInfo:
        """The session of the request's cookie; AuthenticationError (a redirect to the login
        page, on a page) when there is none."""
        token = request.cookies.get(self.cookie)
        if not token:
            raise AuthenticationError(why)
        return self.accounts(request).session(token)

    async def form(self, request: Request, info: SessionInfo) -> dict[str, Any]:
        """The posted form, once its CSRF token is checked against the session's."""
        form = await request.form()
        if not self.accounts(request).csrf_ok(info, str(form.get("csrf") or "")):
            raise AccessError("the form's security token does not match: reload the page and retry")
        return dict(form)

    def safe(self, target: str) -> str:
        """Only a path of this site (never another site's address)."""
        return target if target.startswith("/") and not target.startswith("//") else self.home

    @staticmethod
    def page(
        render: Callable[..., HTMLResponse],
        request: Request,
        template: str,
        info: SessionInfo | None,
        **context: Any,
    ) -> HTMLResponse:
        """A page of the service for the session's user, with its CSRF token for forms."""
        return render(
            request,
            template,
            user=info.user if info else None,
            csrf=info.csrf if info else "",
            **context,
        )

    def install(self, app: FastAPI, render: Callable[..., HTMLResponse]) -> None:
        def page(request: Request, target: str, error: str | None) -> HTMLResponse:
            return render(
                request,
                "login.html",
                user=None,
                csrf="",
                next=target,
                error=error,
                action=self.path,
                service=self.service,
            )

        @app.get(self.path, response_class=HTMLResponse, include_in_schema=False)
        def login_page(request: Request, next: str = self.home) -> HTMLResponse:
            return page(request, self.safe(next), None)

        @app.post(self.path, include_in_schema=False)
        async def login(request: Request) -> Response:
            form = await request.form()
            target = self.safe(str(form.get("next") or self.home))
            try:
                info = self.accounts(request).login(
                    str(form.get("username") or ""), str(form.get("password") or "")
                )
            except AuthenticationError as exc:
                response: Response = page(request, target, str(exc))
                response.status_code = 401
                return response
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(
                self.cookie,
                info.token,
                httponly=True,
                samesite="strict",
                path=self.cookie_path,
                max_age=SESSION_SECONDS,
            )
            return response

        @app.post(self.logout, include_in_schema=False)
        async def logout(request: Request) -> Response:
            info = self.session(request, "not logged in")
            await self.form(request, info)
            self.accounts(request).logout(info.token)
            response = RedirectResponse("/", status_code=303)
            response.delete_cookie(self.cookie, path=self.cookie_path)
            return response


def login_redirect(request: Request) -> str:
    """The login page of the service a page belongs to, coming back to the page after."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    base = "/exchange/login" if request.url.path.startswith("/exchange") else "/login"
    return f"{base}?next={quote(target)}"
