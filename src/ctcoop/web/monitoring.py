"""Monitoring pages: the assessments, an assessment with its answers and a form to answer, a
state's overview report (with its PDF), and the heat map comparing states by section.

They use the casework login (the same users, the same cookie); forms carry the session's CSRF
token; only officers and reviewers change assessments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ctcoop.errors import CtcoopError, InputError
from ctcoop.monitoring.service import require_edit
from ctcoop.platform.accounts import SessionInfo
from ctcoop.web.casework import LOGIN


def _session(request: Request) -> SessionInfo:
    return LOGIN.session(request, "log in to see assessments")


def _day(text: str | None, argument: str = "on") -> dt.date:
    try:
        return dt.date.fromisoformat(str(text or ""))
    except ValueError:
        raise InputError(
            f"{argument}: {text!r} is not a date; write YYYY-MM-DD", argument=argument
        ) from None


def heat(percent: int | None) -> str:
    """The class of a heat-map cell: heat-0 (under 20 %) to heat-4 (80 % and more)."""
    return "heat-none" if percent is None else f"heat-{min(4, percent // 20)}"


def score_heat(value: str) -> str:
    """The class of a score: heat-0 (none) to heat-4 (full)."""
    from ctcoop.monitoring.bank import Score

    return f"heat-{Score(value).points}"


def install(app: FastAPI, render: Any) -> None:
    def page(request: Request, template: str, info: SessionInfo, **context: Any) -> HTMLResponse:
        return LOGIN.page(
            render, request, template, info, heat=heat, score_heat=score_heat, **context
        )

    def store() -> Any:
        return app.state.assessments.get()

    @app.get("/assessments", response_class=HTMLResponse, include_in_schema=False)
    def assessments(request: Request) -> Any:
        info = _session(request)
        return page(
            request, "assessments.html", info, found=store().assessments(), error=None, form={}
        )

    @app.post("/assessments", include_in_schema=False)
    async def new(request: Request) -> Response:
        from ctcoop.monitoring.service import new_assessment

        info = _session(request)
        form = await LOGIN.form(request, info)
        try:
            require_edit(info.user)
            a = new_assessment(
                request.app.state.kb,
                store(),
                info.user.username,
                str(form.get("state") or ""),
                _day(form.get("on")),
                str(form.get("title") or "") or None,
            )
        except CtcoopError as exc:
            return page(
                request,
                "assessments.html",
                info,
                found=store().assessments(),
                error=str(exc),
                form=form,
            )
        return RedirectResponse(f"/assessments/{a.id}", status_code=303)

    @app.get("/assessments/report", response_class=HTMLResponse, include_in_schema=False)
    def report_page(request: Request, state: str = "", on: str = "") -> Any:
        from ctcoop.monitoring.service import report

        info = _session(request)
        day = _day(on or dt.date.today().isoformat())
        data = report(request.app.state.kb, store(), state, day) if state else None
        return page(request, "assessment_report.html", info, report=data, state=state, day=day)

    @app.get("/assessments/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(request: Request, target: str = "", on: str = "") -> Any:
        from ctcoop.monitoring.service import compare

        info = _session(request)
        day = _day(on or dt.date.today().isoformat())
        data = compare(request.app.state.kb, store(), target, day) if target else None
        return page(request, "assessment_compare.html", info, table=data, target=target, day=day)

    @app.get("/assessments/{ident}", response_class=HTMLResponse, include_in_schema=False)
    def assessment(request: Request, ident: str) -> Any:
        info = _session(request)
        return _assessment_page(request, info, ident, None)

    def _assessment_page(
        request: Request, info: SessionInfo, ident: str, error: str | None, status: int = 200
    ) -> HTMLResponse:
        from ctcoop.monitoring.bank import SCALE, bank

        a = store().get(ident)
        b = bank(request.app.state.kb)
        answers = store().answers(ident)
        response = page(
            request,
            "assessment.html",
            info,
            assessment=a,
            bank=b,
            answers=answers,
            scale=SCALE,
            error=error,
            log=store().log(ident),
        )
        response.status_code = status
        return response

    @app.post("/assessments/{ident}/answer", include_in_schema=False)
    async def post_answer(request: Request, ident: str) -> Response:
        from ctcoop.monitoring.service import answer

        info = _session(request)
        form = await LOGIN.form(request, info)
        try:
            require_edit(info.user)
            url = str(form.get("evidence_url") or "").strip()
            answer(
                request.app.state.kb,
                store(),
                info.user.username,
                ident,
                str(form.get("question") or ""),
                str(form.get("score") or "") or None,
                note=str(form.get("note") or ""),
                assistance=str(form.get("assistance") or ""),
                evidence_urls=[url] if url else [],
            )
        except CtcoopError as exc:
            return _assessment_page(request, info, ident, str(exc), 422)
        return RedirectResponse(f"/assessments/{ident}", status_code=303)

    @app.post("/assessments/{ident}/derive", include_in_schema=False)
    async def post_derive(request: Request, ident: str) -> Response:
        from ctcoop.monitoring.service import derive_into

        info = _session(request)
        await LOGIN.form(request, info)
        require_edit(info.user)
        derive_into(request.app.state.kb, store(), info.user.username, ident)
        return RedirectResponse(f"/assessments/{ident}", status_code=303)
