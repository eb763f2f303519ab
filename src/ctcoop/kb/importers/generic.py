"""A documented generic CSV, so that any depositary's list can be loaded.

Columns (header required): ``state,instrument,action,date,source`` and optionally
``effective`` (the date the action took effect, when the record states it) and ``text``
(a reservation's or declaration's text). ``state`` is a name or code in any common spelling,
``action`` one of signature, ratification, accession, acceptance, approval, succession,
denunciation, withdrawal, reservation, declaration; dates are ISO (YYYY-MM-DD, or YYYY-MM / YYYY
where only that is known); ``source`` cites the record the row comes from.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ctcoop.kb.importers.common import Batch, check_exits, problem
from ctcoop.kb.knowledge import KnowledgeBase
from ctcoop.model import ActionType, PartialDate

REQUIRED = ("state", "instrument", "action", "date", "source")


def import_csv(kb: KnowledgeBase, path: Path, name: str, body: str) -> Batch:
    batch = Batch(
        id=f"csv-{name}",
        kind="csv",
        file=path,
        title=f"Participation list {name}",
        body=body,
        date="",
    )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        batch.problems.append(
            problem(path, None, None, f"cannot read the file: {exc}", "save it as UTF-8 CSV")
        )
        batch.fail_if_problems()
    if text and not text.endswith("\n"):
        batch.problems.append(
            problem(
                path,
                text.count("\n") + 1,
                None,
                "the last line is incomplete: the file looks truncated",
                "export it again",
            )
        )
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        batch.problems.append(
            problem(
                path,
                1,
                ", ".join(missing),
                "missing columns",
                f"the header must include {', '.join(REQUIRED)}",
            )
        )
        batch.fail_if_problems()
    for row in reader:
        _row(kb, batch, reader.line_num, row, batch.row_sources)
    check_exits(batch)
    batch.fail_if_problems()
    batch.scope = {"instruments": sorted({i for _, i in batch.participations})}
    dates = [a["date"] for acts in batch.participations.values() for a in acts]
    batch.date = max(dates) if dates else ""
    return batch


def _row(
    kb: KnowledgeBase, batch: Batch, line: int, row: dict[str, str | None], sources: dict[str, str]
) -> None:
    values = {k: (row.get(k) or "").strip() for k in (*REQUIRED, "effective", "text")}
    if None in row.values() or any(v is None for v in row.values()):
        batch.problems.append(
            problem(
                batch.file, line, None, "too few fields on this line", "the file may be truncated"
            )
        )
        return
    before = len(batch.problems)  # every field is checked: a row's problems are all named
    instrument = values["instrument"]
    if instrument not in kb.instruments:
        batch.problems.append(
            problem(
                batch.file,
                line,
                "instrument",
                f"unknown instrument {instrument!r}",
                "use an id from 'ctcoop instruments'",
            )
        )
    kind: ActionType | None = None
    try:
        kind = ActionType(values["action"].lower())
    except ValueError:
        batch.problems.append(
            problem(
                batch.file,
                line,
                "action",
                f"{values['action']!r} is not an action",
                ", ".join(a.value for a in ActionType),
            )
        )
    if not values["source"]:
        batch.problems.append(
            problem(
                batch.file,
                line,
                "source",
                "every row needs a source",
                "cite the record the row comes from",
            )
        )
    dates = _dates(batch, line, values)
    state = batch.resolve(kb, values["state"], line)
    if len(batch.problems) > before or kind is None or dates is None or state is None:
        return
    sources.setdefault(values["source"], f"s{len(sources) + 1}")
    action = batch.act(state, instrument, kind.value, dates[0], line, values["text"] or None)
    if action is not None:
        action["source"] = sources[values["source"]]
        if dates[1]:
            action["effective"] = str(dates[1])


def _dates(
    batch: Batch, line: int, values: dict[str, str]
) -> tuple[PartialDate, PartialDate | None] | None:
    try:
        date = PartialDate.parse(values["date"])
        effective = PartialDate.parse(values["effective"]) if values["effective"] else None
    except ValueError as exc:
        field = "effective" if values["effective"] and "effective" in str(exc) else "date"
        batch.problems.append(problem(batch.file, line, field, str(exc), "write YYYY-MM-DD"))
        return None
    return date, effective
