"""Web pages: readable, stable addresses; every page takes ``?on=YYYY-MM-DD``."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ctcoop.errors import AuthenticationError, CtcoopError, InputError, NotFoundError
from ctcoop.interfaces import inputs, views
from ctcoop.interfaces.shapes import MemoView
from ctcoop.kb import KnowledgeBase
from ctcoop.model import MEASURES, Measure, Organization, State
from ctcoop.web import pages

HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))


def _attachment(request: Request, a: str, b: str, measure: str, suffix: str) -> str:
    kb: KnowledgeBase = request.app.state.kb
    first, second = kb.resolve_state(a).id, kb.resolve_state(b).id
    return f'attachment; filename="memo-{first}-{second}-{measure}-{_on(request)}.{suffix}"'


@functools.cache
def _version() -> str:
    from ctcoop import package_version

    return package_version()


def _on(request: Request) -> dt.date:
    return inputs.on_date(request.query_params.get("on"))


def _render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    kb: KnowledgeBase = request.app.state.kb
    settings = request.app.state.settings
    base = {
        "request": request,
        "on": context.pop("on", None),
        "kb": kb,
        "missing": settings.missing_data,
        "imports": kb.imports,
        "measures": [m.value for m in Measure],
        "tojson": _tojson,
        "version": _version(),
        "today": dt.date.today().isoformat(),
    }
    base["response_status"] = status
    return TEMPLATES.TemplateResponse(request, template, base | context, status_code=status)


def _tojson(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str).replace("</", "<\\/")


def install(app: FastAPI) -> None:
    static = HERE / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    def html_error(request: Request, exc: CtcoopError) -> Response:
        if isinstance(exc, AuthenticationError):  # a service's page: log in, then come back
            from ctcoop.web.login import login_redirect

            return RedirectResponse(login_redirect(request), status_code=303)
        suggestions = exc.suggestions if isinstance(exc, NotFoundError) else []
        return _render(
            request, "error.html", status=exc.http_status, message=str(exc), suggestions=suggestions
        )

    app.state.html_error = html_error

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        on = _on(request)
        return _render(request, "home.html", on=on, **pages.home(request.app.state.kb, on))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(request: Request, q: str = "") -> Response:
        kb: KnowledgeBase = request.app.state.kb
        hits = kb.search(q) if q.strip() else []
        return _render(request, "search.html", on=_on(request), q=q, hits=hits, link=_link)

    @app.get("/states/{ident}", response_class=HTMLResponse, include_in_schema=False)
    def state(request: Request, ident: str) -> Response:
        kb: KnowledgeBase = request.app.state.kb
        s = kb.resolve_state(ident)
        if s.id != ident:
            return RedirectResponse(f"/states/{s.id}?{request.url.query}", status_code=307)
        on = _on(request)
        return _render(request, "state.html", on=on, **pages.state(kb, s, on))

    @app.get("/organizations/{ident}", response_class=HTMLResponse, include_in_schema=False)
    def organization(request: Request, ident: str) -> Response:
        kb: KnowledgeBase = request.app.state.kb
        org = kb.resolve_organization(ident)
        on = _on(request)
        return _render(
            request,
            "organization.html",
            on=on,
            **pages.organization(kb, org, on),
            iso_numeric=pages.iso_numeric(),
        )

    @app.get("/instruments/{ident}", response_class=HTMLResponse, include_in_schema=False)
    def instrument(request: Request, ident: str) -> Response:
        on = _on(request)
        return _render(
            request,
            "instrument.html",
            on=on,
            **pages.instrument(request.app.state.kb, ident, on),
            iso_numeric=pages.iso_numeric(),
        )

    @app.get("/instruments/{ident}/parties.csv", include_in_schema=False)
    def instrument_parties_csv(request: Request, ident: str) -> Response:
        kb: KnowledgeBase = request.app.state.kb
        on = _on(request)
        inst = kb.instrument(ident)
        return Response(
            pages.participants_csv(views.participants(kb, inst, on)),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{inst.id}-parties-{on}.csv"'},
        )

    @app.get("/compare", include_in_schema=False)
    def compare(
        request: Request, states: str = "", instruments: str = "", format: str = "html"
    ) -> Response:
        kb: KnowledgeBase = request.app.state.kb
        on = _on(request)
        table = None
        if states.strip() and instruments.strip():
            table = views.compare(
                kb,
                inputs.state_ids(kb, states) or [],
                inputs.instrument_ids(kb, instruments),
                on,
            )
        if format == "csv":
            if table is None:
                raise InputError(
                    "states and instruments: give both, e.g. "
                    "?states=IND,PAK&instruments=set:universal-12",
                    argument="states",
                )
            return Response(
                pages.compare_csv(table),
                media_type="text/csv; charset=utf-8",
                headers={"content-disposition": f'attachment; filename="compare-{on}.csv"'},
            )
        if format != "html":
            raise InputError(f"format: {format!r} is not html or csv", argument="format")
        return _render(
            request,
            "compare.html",
            on=on,
            table=table,
            states=states,
            instruments=instruments,
            sets=sorted(kb.sets),
        )

    def _memo(request: Request, a: str, b: str, measure: str) -> MemoView:
        from ctcoop import package_version
        from ctcoop.interfaces import memo
        from ctcoop.law.bases import bases

        kb: KnowledgeBase = request.app.state.kb
        first, second = kb.resolve_state(a), kb.resolve_state(b)
        m = inputs.required_measure(measure)
        answer = views.bases(kb, bases(kb, first.id, second.id, m, _on(request)))
        names = {first.id: first.name, second.id: second.name}
        return memo.build(answer, names, package_version())

    @app.get("/pairs/{a}/{b}/memo", response_class=HTMLResponse, include_in_schema=False)
    def pair_memo(request: Request, a: str, b: str, measure: str = "extradition") -> Response:
        found = _memo(request, a, b, measure)
        kb: KnowledgeBase = request.app.state.kb
        first, second = kb.resolve_state(a), kb.resolve_state(b)
        return _render(
            request, "memo.html", on=_on(request), memo=found, a=first, b=second, measure=measure
        )

    @app.get("/pairs/{a}/{b}/memo.{suffix}", include_in_schema=False)
    def pair_memo_file(
        request: Request, a: str, b: str, suffix: str, measure: str = "extradition"
    ) -> Response:
        """The memo as a PDF or DOCX download (``memo.pdf``, ``memo.docx``)."""
        from ctcoop.interfaces import memo

        writers = {
            "pdf": (memo.to_pdf, "application/pdf"),
            "docx": (
                memo.to_docx,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
        }
        if suffix not in writers:
            raise NotFoundError("memo format", suffix, ["memo.pdf", "memo.docx"])
        write, media_type = writers[suffix]
        return Response(
            write(_memo(request, a, b, measure)),
            media_type=media_type,
            headers={"content-disposition": _attachment(request, a, b, measure, suffix)},
        )

    @app.get("/pairs/{a}/{b}/why", response_class=HTMLResponse, include_in_schema=False)
    def pair_why(request: Request, a: str, b: str, measure: str, instrument: str) -> Response:
        """One basis of the pair's grid, explained: the pair page links here and opens it in
        place, instead of carrying hundreds of explanations it repeats."""
        from ctcoop.law.bases import bases

        kb: KnowledgeBase = request.app.state.kb
        first, second = kb.resolve_state(a), kb.resolve_state(b)
        on, m = _on(request), inputs.required_measure(measure)
        found = bases(kb, first.id, second.id, m, on)
        basis = next((x for x in found.bases if x.instrument.id == instrument), None)
        if basis is None:
            raise NotFoundError(
                f"basis of {first.id} and {second.id} on {m.value}",
                instrument,
                [x.instrument.id for x in found.bases][:5],
            )
        return _render(request, "why.html", on=on, a=first, b=second, measure=m.value, basis=basis)

    @app.get("/pairs/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
    def pair(
        request: Request,
        a: str,
        b: str,
        binding_only: bool = False,
        hide_unknown: bool = False,
        measure: str = "",
    ) -> Response:
        kb: KnowledgeBase = request.app.state.kb
        first, second = kb.resolve_state(a), kb.resolve_state(b)
        on = _on(request)
        chosen = inputs.measure(measure or None)
        return _render(
            request,
            "pair.html",
            on=on,
            **pages.pair(
                kb,
                first,
                second,
                on,
                binding_only=binding_only,
                measure=chosen,
                hide_unknown=hide_unknown,
            ),
            measure_info=MEASURES,
        )

    @app.get("/coverage", response_class=HTMLResponse, include_in_schema=False)
    def coverage(
        request: Request, measure: str = "extradition", state: str = "PAK", binding: bool = True
    ) -> Response:
        kb: KnowledgeBase = request.app.state.kb
        on = _on(request)
        frame = pages.coverage(kb, measure, state, on, binding)
        return _render(
            request,
            "coverage.html",
            on=on,
            binding=binding,
            state=kb.states[frame["state"]],
            frame=frame,
            first_year=pages.COVERAGE_FROM,
            iso_numeric=pages.iso_numeric(),
        )

    @app.get("/coverage.json", include_in_schema=False)
    def coverage_frame(
        request: Request, measure: str = "extradition", state: str = "PAK", binding: bool = True
    ) -> dict[str, Any]:
        """One frame of the coverage map's animation: the map's colours on a date."""
        return pages.coverage(request.app.state.kb, measure, state, _on(request), binding)

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network(request: Request) -> Response:
        on = _on(request)
        return _render(
            request, "network.html", on=on, graph=pages.network(request.app.state.kb, on)
        )

    _screen_page(app)
    from ctcoop.web import casework

    casework.install(app, _render)
    from ctcoop.web import exchange

    exchange.install(app, _render)
    from ctcoop.web import monitoring

    monitoring.install(app, _render)
    from ctcoop.web import opendata

    opendata.install(app, _render)

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline(request: Request) -> Response:
        return _render(
            request, "timeline.html", on=_on(request), **pages.timeline(request.app.state.kb)
        )


def _screen_page(app: FastAPI) -> None:
    from ctcoop.api.guard import MAX_BODY
    from ctcoop.screening.jobs import MAX_ROWS

    @app.get("/screen", response_class=HTMLResponse, include_in_schema=False)
    def screen(
        request: Request,
        name: str = "",
        schema: str = "",
        dob: str = "",
        country: str = "",
        state: str = "",
        list_name: Annotated[str, Query(alias="list")] = "un",
    ) -> Response:
        kb: KnowledgeBase = request.app.state.kb
        on = _on(request)
        form = {
            "name": name,
            "schema": schema,
            "dob": dob,
            "country": country,
            "state": state,
            "list": list_name,
        }
        result, error = None, None
        available = request.app.state.screener.available()
        if name.strip():
            try:
                code = kb.resolve_state(state).id if state.strip() else None
                query = {
                    "name": name,
                    "schema": schema or None,
                    "dob": dob or None,
                    "country": country or None,
                }
                result = request.app.state.screener.screen(
                    query, state=code, on=on, lists=[list_name]
                )
            except CtcoopError as exc:
                error = str(exc)
        return _render(
            request,
            "screen.html",
            on=on,
            form=form,
            result=result,
            error=error,
            available=available,
            batch_rows=f"{MAX_ROWS:,}",
            batch_bytes=MAX_BODY,
        )


def _link(kind: str, ident: str) -> str | None:
    return {
        "state": f"/states/{ident}",
        "organization": f"/organizations/{ident}",
        "body": f"/organizations/{ident}",
        "instrument": f"/instruments/{ident}",
    }.get(kind)


__all__ = ["Organization", "State", "install"]
