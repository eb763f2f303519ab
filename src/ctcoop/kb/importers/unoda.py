"""The UNODA disarmament treaties database (JSON harvest): per country and treaty, dated acts."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from typing import Any

from ctcoop.kb.importers.common import Batch, check_exits, problem
from ctcoop.kb.knowledge import KnowledgeBase
from ctcoop.kb.states import _fold

ACTIONS = {
    "signature": "signature",
    "deposit of instruments of ratification": "ratification",
    "deposit of instruments of accession": "accession",
    "deposit of instruments of succession": "succession",
    "deposit of instruments of acceptance": "acceptance",
    "deposit of instruments of approval": "approval",
}


def _instrument_for(kb: KnowledgeBase, treaty: str) -> str | None:
    folded = _fold(html.unescape(treaty))
    for inst in kb.instruments.values():
        names = [inst.title, inst.short_title or ""]
        if any(n and _fold(n) == folded for n in names):
            return inst.id
    return None


def import_unoda(kb: KnowledgeBase, path: Path) -> Batch:
    batch = Batch(
        id="unoda",
        kind="unoda",
        file=path,
        title="UNODA Treaties Database (harvest)",
        body="United Nations Office for Disarmament Affairs",
        date="",
        url="https://treaties.unoda.org/",
    )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        batch.problems.append(
            problem(
                path,
                getattr(exc, "lineno", None),
                None,
                f"not valid JSON ({exc}): the file may be truncated",
                "download it again",
            )
        )
        batch.fail_if_problems()
    except RecursionError:
        batch.problems.append(
            problem(path, None, None, "the JSON is nested too deeply to be a harvest", "check it")
        )
        batch.fail_if_problems()
    if not isinstance(data, dict):
        batch.problems.append(
            problem(
                path,
                1,
                None,
                "expected an object keyed by country",
                "use the UNODA harvest's treatydata.json",
            )
        )
        batch.fail_if_problems()
    latest = _read(kb, batch, data)
    check_exits(batch)
    batch.fail_if_problems()
    if latest:
        batch.date = latest.isoformat()
    return batch


def _read(kb: KnowledgeBase, batch: Batch, data: dict[str, Any]) -> dt.date | None:
    latest: dt.date | None = None
    matched: dict[str, str | None] = {}
    for country, treaties in data.items():
        if not isinstance(treaties, dict):
            continue
        state = batch.resolve(kb, country, 0)
        if state is None:
            continue
        for treaty, record in treaties.items():
            if not isinstance(record, dict) or "actions" not in record:
                continue
            if not isinstance(record["actions"], list) or not isinstance(
                record.get("dates", []), list
            ):
                batch.problems.append(
                    problem(
                        batch.file,
                        None,
                        f"{country}/{treaty}",
                        "'actions' and 'dates' must be lists",
                        "use the UNODA harvest's treatydata.json as published",
                    )
                )
                continue
            if treaty not in matched:
                matched[treaty] = _instrument_for(kb, treaty)
            instrument = matched[treaty]
            if instrument is None:
                continue
            for kind, day in zip(record.get("actions", []), record.get("dates", []), strict=False):
                action = ACTIONS.get(str(kind).strip().lower())
                try:
                    when = dt.date.fromisoformat(str(day))
                except ValueError:
                    batch.problems.append(
                        problem(
                            batch.file,
                            None,
                            f"{country}/{treaty}",
                            f"{day!r} is not a date",
                            "YYYY-MM-DD",
                        )
                    )
                    continue
                if action is None:
                    batch.skipped.append({"line": 0, "reason": f"{country}: action {kind!r}"})
                    continue
                batch.act(state, instrument, action, when, 0)
                latest = when if latest is None or when > latest else latest
    batch.scope = {"instruments": sorted({i for i in matched.values() if i})}
    batch.skipped += [
        {"line": 0, "reason": f"treaty not in the knowledge base: {t}"}
        for t, i in sorted(matched.items())
        if i is None
    ]
    return latest
