"""A read-only SPARQL endpoint over the RDF export (pyoxigraph), with a time limit and a result
size limit.

The store lives in a worker process (``python -m ctcoop.opendata.sparql``): a query that runs
over the time limit is stopped by ending the worker (a new one starts with the next query), which
no thread could do. Queries are answered one at a time. Only queries are run (SELECT, ASK,
CONSTRUCT, DESCRIBE): pyoxigraph's ``query`` does not update, and federated queries
(``SERVICE``) are refused, so that the endpoint never calls another server.

Limits: ``$CTCOOP_SPARQL_TIMEOUT`` seconds (default 10) and ``$CTCOOP_SPARQL_MAX_ROWS`` rows or
triples (default 10,000); over them, a 408 or a 413 naming the limit and how to stay within it.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctcoop.errors import InputError, SizeLimitError, TimeLimitError

__all__ = ["Answer", "Endpoint", "Example", "examples", "limits"]

SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
FORMATS = {
    "json": ("application/sparql-results+json", "json"),
    "xml": ("application/sparql-results+xml", "xml"),
    "csv": ("text/csv", "csv"),
    "tsv": ("text/tab-separated-values", "tsv"),
}
GRAPH_FORMATS = {"turtle": ("text/turtle", "turtle"), "nt": ("application/n-triples", "nt")}


def limits() -> tuple[float, int]:
    """The time limit (seconds) and the row limit, from the environment."""
    try:
        timeout = float(os.environ.get("CTCOOP_SPARQL_TIMEOUT", "10"))
        rows = int(os.environ.get("CTCOOP_SPARQL_MAX_ROWS", "10000"))
    except ValueError:
        raise InputError(
            "CTCOOP_SPARQL_TIMEOUT and CTCOOP_SPARQL_MAX_ROWS must be numbers"
        ) from None
    return timeout, rows


@dataclass(frozen=True)
class Example:
    """A documented query: its name, its title and its text with the shared prefixes."""

    name: str
    title: str
    query: str


def examples(doc: Path) -> list[Example]:
    """The example queries of a document written like docs/sparql.md: the first ``sparql`` block
    holds the prefixes; each query follows a ``## N. Title`` heading and a
    ``<!-- query: name -->`` marker."""
    text = doc.read_text(encoding="utf-8")
    blocks = re.findall(r"```sparql\n(.*?)```", text, re.S)
    if not blocks:
        return []
    found = re.findall(
        r"## \d+\. (.*?)\n.*?<!-- query: ([a-z0-9-]+) -->\n```sparql\n(.*?)```", text, re.S
    )
    return [Example(name, title, blocks[0] + body) for title, name, body in found]


@dataclass(frozen=True)
class Answer:
    content: bytes
    media_type: str


def _worker(path: str, max_rows: int) -> None:  # pragma: no cover - runs in the child
    """Load the triples, then answer one JSON query a line on stdin with one JSON line on
    stdout, until stdin closes."""
    import json
    import sys

    import pyoxigraph as ox

    store = ox.Store()
    store.load(Path(path).read_bytes(), ox.RdfFormat.N_TRIPLES)
    out = sys.stdout
    out.write(json.dumps(["ready", len(store)]) + "\n")
    out.flush()
    for line in sys.stdin:
        try:
            answer: Any = _answer(ox, store, json.loads(line)["query"], max_rows)
        except Exception as exc:  # a bad query: its message goes back to the caller
            answer = ("error", str(exc).split("\n")[0])
        out.write(json.dumps(answer) + "\n")
        out.flush()


def _answer(ox: Any, store: Any, text: str, max_rows: int) -> tuple[str, Any]:
    result = store.query(text)
    if isinstance(result, ox.QueryBoolean):
        return ("ok", ("boolean", bool(result)))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = []
        for n, solution in enumerate(result):
            if n >= max_rows:
                return ("too_large", max_rows)
            rows.append([_term(solution[v]) for v in variables])
        return ("ok", ("solutions", variables, rows))
    triples = []
    for n, triple in enumerate(result):
        if n >= max_rows:
            return ("too_large", max_rows)
        triples.append(str(triple) + " .")
    return ("ok", ("graph", triples))


def _term(term: Any) -> dict[str, str] | None:
    """A term as SPARQL 1.1 JSON results write it."""
    if term is None:
        return None
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _csv(variables: list[str], rows: list[list[dict[str, str] | None]], sep: str) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(["" if t is None else t["value"] for t in row])
    return out.getvalue().encode()


def render(payload: Any, fmt: str) -> Answer:
    """The worker's answer in the format asked."""
    import orjson

    kind = payload[0]
    if kind == "graph":
        body = "\n".join(payload[1]) + ("\n" if payload[1] else "")
        return Answer(body.encode(), "application/n-triples")
    if kind == "boolean":
        return Answer(orjson.dumps({"head": {}, "boolean": payload[1]}), FORMATS["json"][0])
    variables, rows = payload[1], payload[2]
    if fmt in ("csv", "tsv"):
        return Answer(_csv(variables, rows, "," if fmt == "csv" else "\t"), FORMATS[fmt][0])
    bindings = [
        {v: t for v, t in zip(variables, row, strict=True) if t is not None} for row in rows
    ]
    results = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return Answer(orjson.dumps(results), FORMATS["json"][0])


class Endpoint:
    """Queries over the triples ``load()`` gives (N-Triples), within the limits."""

    def __init__(
        self,
        load: Callable[[], bytes],
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> None:
        default_timeout, default_rows = limits()
        self.timeout = timeout if timeout is not None else default_timeout
        self.max_rows = max_rows if max_rows is not None else default_rows
        self._load = load
        self._data: bytes | None = None
        self._lock = threading.Lock()
        self._process: Any = None
        self._file: str | None = None
        self.size = 0

    def _start(self) -> Any:
        import subprocess
        import sys
        import tempfile

        if self._file is None:
            fd, name = tempfile.mkstemp(prefix="ctcoop-sparql-", suffix=".nt")
            os.close(fd)
            Path(name).write_bytes(self._load())
            self._file = name
        process = subprocess.Popen(
            [sys.executable, "-m", "ctcoop.opendata.sparql", self._file, str(self.max_rows)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        ready = self._read(process, 120)
        if ready is None or ready[0] != "ready":
            process.kill()
            raise RuntimeError("the SPARQL store did not load within two minutes")
        self.size = int(ready[1])
        self._process = process
        return process

    @staticmethod
    def _read(process: Any, timeout: float) -> Any:
        """The next JSON line of the worker, or None after ``timeout`` seconds."""
        import json
        import select

        ready, _, _ = select.select([process.stdout], [], [], timeout)
        if not ready:
            return None
        line = process.stdout.readline()
        return json.loads(line) if line else None

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait(5)
        self._process = None

    def close(self) -> None:
        with self._lock:
            self._stop()
            if self._file is not None:
                Path(self._file).unlink(missing_ok=True)
                self._file = None

    def query(self, text: str, fmt: str = "json") -> Answer:
        if not text.strip():
            raise InputError("query: give a SPARQL query (?query=SELECT ...)", argument="query")
        if SERVICE.search(text):
            raise InputError(
                "query: federated queries (SERVICE) are not run here; query this endpoint's "
                "data only",
                argument="query",
            )
        if fmt not in FORMATS:
            raise InputError(f"format: use one of {', '.join(FORMATS)}", argument="format")
        import json

        with self._lock:
            process = self._process if self._process is not None else self._start()
            process.stdin.write(json.dumps({"query": text}) + "\n")
            process.stdin.flush()
            reply = self._read(process, self.timeout)
            if reply is None:
                self._stop()  # the only way to stop a running query
                raise TimeLimitError(
                    f"the query ran over the {self.timeout:g} s limit and was stopped; narrow it "
                    "(fewer unbound patterns, a LIMIT, FILTERs on dates or types)"
                )
            status, payload = reply
        if status == "too_large":
            raise SizeLimitError(
                f"the answer has more than {payload:,} rows; add a LIMIT (and OFFSET to page) or "
                "narrow the query"
            )
        if status == "error":
            raise InputError(f"query: {payload}", argument="query")
        return render(payload, fmt)


if __name__ == "__main__":  # pragma: no cover - the worker
    import sys

    _worker(sys.argv[1], int(sys.argv[2]))
