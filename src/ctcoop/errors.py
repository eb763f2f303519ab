"""The one exception root of ctcoop.

::

    CtcoopError                 exit code 1
    ├── DataError               exit code 3   malformed data (names file, line, field)
    ├── NotFoundError           exit code 4   an unknown id or name (suggests close matches)
    ├── InputError              exit code 2   a bad argument: date, measure, option
    │   └── QuestionError       exit code 2   a question that cannot be asked (HTTP 400)
    ├── NetworkError            exit code 5   an official source could not be reached
    ├── AuthenticationError     exit code 6   not logged in, or a wrong password (HTTP 401)
    └── AccessError             exit code 7   logged in, but not allowed (HTTP 403)

Each error maps to one exit code here and to one HTTP status at the API edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class CtcoopError(Exception):
    """Root of every error ctcoop raises on purpose."""

    exit_code = 1
    http_status = 500


class InputError(CtcoopError):
    """A bad argument from the user: a date, a measure, an option."""

    exit_code = 2
    http_status = 422

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


class QuestionError(InputError):
    """Arguments that are each valid but make a question that cannot be asked: a state paired
    with itself."""

    http_status = 400


class TimeLimitError(InputError):
    """A request that ran over the time a service gives one (a SPARQL query)."""

    http_status = 408


class SizeLimitError(InputError):
    """A request whose answer would be larger than a service gives (a SPARQL result)."""

    http_status = 413


class NetworkError(CtcoopError):
    """An official source could not be reached (offline, timeout, refused)."""

    exit_code = 5
    http_status = 503


class AuthenticationError(CtcoopError):
    """Not logged in, a session that has ended, or a wrong username or password."""

    exit_code = 6
    http_status = 401


class AccessError(CtcoopError):
    """A user who may not do this: another authority's case, or a role without the right."""

    exit_code = 7
    http_status = 403


class NotFoundError(CtcoopError):
    """An id or a name that resolves to nothing."""

    exit_code = 4
    http_status = 404

    def __init__(self, what: str, query: str, suggestions: list[str] | None = None) -> None:
        self.what = what
        self.query = query
        self.suggestions = suggestions or []
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {what} {query!r}.{hint}")


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a data file: where it is, what is wrong, how to fix it."""

    file: str
    line: int | None
    field: str | None
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f" field '{self.field}':" if self.field else ""
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{where}:{what} {self.message}.{fix}"


@dataclass
class DataError(CtcoopError):
    """Data that cannot be used (the knowledge base, an import, a batch file); carries every
    problem found, each naming its file, line and field."""

    problems: list[Problem] = field(default_factory=list)
    exit_code = 3
    http_status = 500

    def __post_init__(self) -> None:
        super().__init__(self.summary())

    def summary(self) -> str:
        count = len(self.problems)
        files = {p.file for p in self.problems}
        where = f" in {next(iter(files))}" if len(files) == 1 else ""
        head = f"{count} problem{'s' if count != 1 else ''}{where}"
        return head + ("\n" + "\n".join(str(p) for p in self.problems) if self.problems else "")
