"""Parse untrusted XML safely: no DTD, no entities, nothing external; remember each element's line.

Built on defusedxml: a document type declaration (and so any entity, internal or external, and
any entity-expansion bomb) is refused outright, as is any reference to an external resource. The
caller reads the bytes through :func:`ctcoop.screening.lists.common.read_limited`, which enforces
the size limit before parsing starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, TreeBuilder

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from ctcoop.screening.lists.common import fail

REFUSED_FIX = (
    "sanctions lists are published without a DTD or entities; obtain the list from its official "
    "source again"
)


class _LineBuilder(TreeBuilder):
    """A tree builder that notes the line of each element's start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.parser: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        elem = super().start(tag, attrs)
        self.lines[id(elem)] = int(self.parser.parser.CurrentLineNumber)
        return elem


class LinedTree:
    """A parsed document: the root element and the line on which each element starts."""

    def __init__(self, root: Element, lines: dict[int, int]) -> None:
        self.root = root
        self._lines = lines

    def line(self, elem: Element) -> int | None:
        return self._lines.get(id(elem))


def parse_xml(data: bytes, path: Path) -> LinedTree:
    """Parse ``data`` (read from ``path``); a DataError for anything malformed or unsafe."""
    builder = _LineBuilder()
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except ParseError as exc:
        line, column = exc.position
        raise fail(
            path,
            line,
            None,
            f"the XML is malformed or cut off ({_reason(exc)}, column {column})",
            "download the list again: the file is damaged or truncated",
        ) from None
    except DTDForbidden:
        raise fail(
            path,
            _current_line(parser),
            None,
            "the XML declares a document type (DTD), which could define entities or fetch "
            "external files; it is refused",
            REFUSED_FIX,
        ) from None
    except EntitiesForbidden as exc:
        raise fail(
            path,
            _current_line(parser),
            None,
            f"the XML declares an entity ({exc.name}); it is refused",
            REFUSED_FIX,
        ) from None
    except DefusedXmlException as exc:
        raise fail(
            path,
            _current_line(parser),
            None,
            f"the XML uses a forbidden construct ({exc}); it is refused",
            REFUSED_FIX,
        ) from None
    if not isinstance(root, Element):
        raise fail(path, None, None, "the XML has no root element", "check the file")
    return LinedTree(root, builder.lines)


def _reason(exc: ParseError) -> str:
    text = str(exc)
    return text.split(":")[0] if ":" in text else text


def _current_line(parser: Any) -> int | None:
    try:
        return int(parser.parser.CurrentLineNumber)
    except (AttributeError, TypeError, ValueError):
        return None
