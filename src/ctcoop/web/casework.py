"""Casework pages: log in, the cases of your authority with their due dates, a step-by-step form
for a new request, and the case page (analysis, checklist, documents, history, next steps).

Every page here requires login (the legal pages stay public); forms carry the session's CSRF
token; access is decided in :mod:`ctcoop.casework.access`, as for the API."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ctcoop.errors import AccessError, CtcoopError, InputError
from ctcoop.platform.accounts import SessionInfo
from ctcoop.web.login import ServiceLogin

LOGIN = ServiceLogin(
    path="/login",
    logout="/logout",
    cookie="ctcoop_session",
    cookie_path="/",
    home="/cases",
    accounts=lambda request: request.app.state.cases.get().accounts,
)
STEPS = {
    1: "Parties and kind",
    2: "Persons and offences",
    3: "Facts, law and what is asked",
}


def _session(request: Request) -> SessionInfo:
    return LOGIN.session(request, "log in to see cases")


async def _form(request: Request, info: SessionInfo) -> dict[str, Any]:
    return await LOGIN.form(request, info)


def install(app: FastAPI, render: Any) -> None:
    def page(
        request: Request, template: str, info: SessionInfo | None, **context: Any
    ) -> HTMLResponse:
        return LOGIN.page(render, request, template, info, **context)

    LOGIN.install(app, render)

    @app.get("/cases", response_class=HTMLResponse, include_in_schema=False)
    def cases(request: Request) -> Any:
        info = _session(request)
        store = app.state.cases.get()
        found = store.cases(authority=info.user.authority.id)
        today = dt.date.today()
        rows = [
            {
                "case": c,
                "overdue": c.overdue(today),
            }
            for c in sorted(found, key=lambda c: (c.due or dt.date.max, c.id))
        ]
        return page(request, "cases.html", info, rows=rows, overdue=sum(r["overdue"] for r in rows))

    @app.get("/cases/new", response_class=HTMLResponse, include_in_schema=False)
    def new_case_page(request: Request) -> Any:
        info = _session(request)
        return page(
            request,
            "case_step.html",
            info,
            step=1,
            steps=STEPS,
            case=None,
            form={},
            error=None,
            **_choices(),
        )

    @app.post("/cases/new", include_in_schema=False)
    async def new_case(request: Request) -> Response:
        from ctcoop.casework.service import new_case as open_case

        info = _session(request)
        form = await _form(request, info)
        try:
            if not info.user.role.edits:
                raise AccessError(f"{info.user.username} is a viewer: viewers do not open cases")
            on = dt.date.fromisoformat(form["on"]) if form.get("on") else dt.date.today()
            case = open_case(
                request.app.state.kb,
                app.state.cases.get(),
                info.user.username,
                kind=str(form.get("kind") or ""),
                requesting=str(form.get("requesting") or ""),
                requested=str(form.get("requested") or ""),
                on=on,
                direction=str(form.get("direction") or "outgoing"),
                counterpart=str(form.get("counterpart") or "") or None,
                authority=info.user.authority.id,
                due=dt.date.fromisoformat(form["due"]) if form.get("due") else None,
                apprehended=dt.date.fromisoformat(form["apprehended"])
                if form.get("apprehended")
                else None,
            )
        except (CtcoopError, ValueError) as exc:
            return page(
                request,
                "case_step.html",
                info,
                step=1,
                steps=STEPS,
                case=None,
                form=form,
                error=_message(exc),
                **_choices(),
            )
        return RedirectResponse(f"/cases/{case.id}/step/2", status_code=303)

    @app.get("/cases/{case_id}/step/{step}", response_class=HTMLResponse, include_in_schema=False)
    def step_page(request: Request, case_id: str, step: int) -> Any:
        from ctcoop.casework.access import require_edit

        info = _session(request)
        case = app.state.cases.get().get(case_id)
        require_edit(info.user, case)
        if step not in (2, 3):
            raise InputError("step: 2 or 3 (step 1 opens the case)", argument="step")
        return page(
            request,
            "case_step.html",
            info,
            step=step,
            steps=STEPS,
            case=case,
            form=_case_form(case),
            error=None,
            **_choices(),
        )

    @app.post("/cases/{case_id}/step/{step}", include_in_schema=False)
    async def step(request: Request, case_id: str, step: int) -> Response:
        from ctcoop.casework.access import require_edit
        from ctcoop.casework.model import TEXT_FIELDS, person_entity
        from ctcoop.casework.service import edit, offences

        info = _session(request)
        form = await _form(request, info)
        store = app.state.cases.get()
        case = store.get(case_id)
        require_edit(info.user, case)
        try:
            if step == 2:
                persons = [
                    person_entity(
                        name,
                        form.get(f"person_dob_{n}") or None,
                        form.get(f"person_nationality_{n}") or None,
                        form.get(f"person_id_{n}") or None,
                        form.get(f"person_location_{n}") or None,
                    )
                    for n in range(3)
                    if (name := str(form.get(f"person_name_{n}") or "").strip())
                ]
                found = [n for n in range(3) if form.get(f"offence_{n}")]
                made = offences(
                    [str(form[f"offence_{n}"]) for n in found],
                    [str(form.get(f"offence_date_{n}") or "") for n in found],
                    [str(form.get(f"offence_place_{n}") or "") for n in found],
                    [str(form.get(f"conduct_{n}") or "") for n in found],
                )
                if not persons and not made:
                    raise InputError(
                        "give a person or an offence (or go on to step 3)", argument="person_name_0"
                    )
                edit(
                    request.app.state.kb,
                    store,
                    info.user.username,
                    case_id,
                    persons=persons,
                    offences=made,
                )
            elif step == 3:
                texts = {name: str(form.get(name) or "") or None for name in TEXT_FIELDS}
                if any(texts.values()):
                    edit(request.app.state.kb, store, info.user.username, case_id, texts=texts)
            else:
                raise InputError("step: 2 or 3", argument="step")
        except (CtcoopError, ValueError) as exc:
            return page(
                request,
                "case_step.html",
                info,
                step=step,
                steps=STEPS,
                case=case,
                form=form,
                error=_message(exc),
                **_choices(),
            )
        target = f"/cases/{case_id}/step/3" if step == 2 else f"/cases/{case_id}"
        return RedirectResponse(target, status_code=303)

    @app.get("/cases/{case_id}", response_class=HTMLResponse, include_in_schema=False)
    def case_page(request: Request, case_id: str) -> Any:
        from ctcoop.casework.access import require_read
        from ctcoop.casework.analysis import analyse
        from ctcoop.casework.model import EDITABLE, next_states

        info = _session(request)
        store = app.state.cases.get()
        case = store.get(case_id)
        require_read(info.user, case)
        analysis = analyse(request.app.state.kb, case)
        return page(
            request,
            "case.html",
            info,
            case=case,
            analysis=analysis.to_json(),
            attachments=store.attachments(case_id),
            log=store.log(case_id),
            next_states=sorted(s.value for s in next_states(case.state)),
            editable=case.state in EDITABLE and case.authority == info.user.authority.id,
            message=request.query_params.get("message"),
            error=request.query_params.get("error"),
        )

    @app.post("/cases/{case_id}/advance", include_in_schema=False)
    async def advance(request: Request, case_id: str) -> Response:
        from ctcoop.casework.access import require_advance
        from ctcoop.casework.model import CaseState
        from ctcoop.casework.service import advance as move

        info = _session(request)
        form = await _form(request, info)
        store = app.state.cases.get()
        try:
            target = CaseState(str(form.get("to") or ""))
            require_advance(info.user, store.get(case_id), target)
            move(
                request.app.state.kb,
                store,
                info.user.username,
                case_id,
                target.value,
                str(form.get("note") or "") or None,
            )
        except (CtcoopError, ValueError) as exc:
            return RedirectResponse(
                f"/cases/{case_id}?error={quote(_message(exc))}", status_code=303
            )
        return RedirectResponse(
            f"/cases/{case_id}?message={quote('now ' + target.value)}", status_code=303
        )

    @app.post("/cases/{case_id}/attachments", include_in_schema=False)
    async def attach(request: Request, case_id: str) -> Response:
        from starlette.datastructures import UploadFile

        from ctcoop.casework.access import require_edit

        info = _session(request)
        form = await _form(request, info)
        store = app.state.cases.get()
        upload = form.get("file")
        try:
            require_edit(info.user, store.get(case_id))
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise InputError("file: choose a file to attach", argument="file")
            content = await upload.read()
            found = store.attach_bytes(case_id, upload.filename, content, info.user.username)
        except CtcoopError as exc:
            return RedirectResponse(
                f"/cases/{case_id}?error={quote(_message(exc))}", status_code=303
            )
        return RedirectResponse(
            f"/cases/{case_id}?message={quote('attached ' + found.name)}", status_code=303
        )


def _message(exc: Exception) -> str:
    return str(exc) if isinstance(exc, CtcoopError) else f"a date must be YYYY-MM-DD ({exc})"


def _choices() -> dict[str, Any]:
    from ctcoop.casework.model import TEXT_FIELDS, CaseKind
    from ctcoop.casework.vocab import vocabulary

    return {
        "kinds": [k.value for k in CaseKind],
        "offence_choices": [(o.id, o.label) for o in vocabulary().offences.values()],
        "text_fields": TEXT_FIELDS,
    }


def _case_form(case: Any) -> dict[str, Any]:
    form: dict[str, Any] = dict(case.texts)
    for n, person in enumerate(case.persons[:3]):
        props = person["properties"]
        form[f"person_name_{n}"] = (props.get("name") or [""])[0]
        form[f"person_dob_{n}"] = (props.get("birthDate") or [""])[0]
        form[f"person_nationality_{n}"] = (props.get("nationality") or [""])[0]
        form[f"person_id_{n}"] = (props.get("idNumber") or [""])[0]
        form[f"person_location_{n}"] = (props.get("address") or [""])[0]
    for n, offence in enumerate(case.offences[:3]):
        form[f"offence_{n}"] = offence.offence
        form[f"offence_date_{n}"] = offence.date or ""
        form[f"offence_place_{n}"] = offence.place or ""
        form[f"conduct_{n}"] = offence.conduct or ""
    return form
