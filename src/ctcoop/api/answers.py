"""Encoding answers: JSON written once, and identical questions answered from a bounded cache.

The knowledge base is read-only for the life of the process, so an answer never changes. Large
answers (legal bases with their explanations) are encoded directly rather than re-validated by
pydantic on every request; their response models still document them, and the tests validate
real answers against those models.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import orjson
from fastapi import Request
from fastapi.responses import Response

LIMIT = 4096  # answers kept
BYTES = 32 << 20  # and at most this many bytes of them (a legal-bases answer is ~70 KB)


class AnswerCache:
    """Encoded answers, least recently used first out, bounded in number and in bytes."""

    def __init__(self, limit: int = LIMIT, max_bytes: int = BYTES) -> None:
        self.limit = limit
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()

    def get(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> bytes:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
            return found
        body = orjson.dumps(compute(), option=orjson.OPT_NON_STR_KEYS)
        self._items[key] = body
        self.size += len(body)
        while self._items and (len(self._items) > self.limit or self.size > self.max_bytes):
            _, dropped = self._items.popitem(last=False)
            self.size -= len(dropped)
        return body


def answer(request: Request, key: tuple[Any, ...], compute: Callable[[], Any]) -> Response:
    cache: AnswerCache = request.app.state.answers
    return Response(cache.get(key, compute), media_type="application/json")
