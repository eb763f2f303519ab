"""YAML reading that remembers where each mapping and key came from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ctcoop.errors import DataError, Problem

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict[str, Any]):
    """A mapping read from YAML, with its line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(_Base):  # type: ignore[misc]
    pass


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in result:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first on line {result.key_lines[key]})",
                key_node.start_mark,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = line
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
# Dates stay text: PartialDate reads them, so a bad date is reported with its field, not as a crash.
_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def read_yaml(path: Path, label: str) -> LineDict:
    """Read one YAML file into a LineDict; a syntax error becomes a DataError naming the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(label, None, None, f"cannot read the file: {exc}")]) from None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataError(
            [Problem(label, line, None, f"YAML syntax error: {problem}", "correct the YAML")]
        ) from None
    if data is None:
        empty = LineDict()
        empty.key_lines = {}
        return empty
    if not isinstance(data, LineDict):
        raise DataError([Problem(label, 1, None, "the file must be a mapping of sections")])
    return data
