"""Reads shared by the tables of one document while it is put together.

A document of a budget section has ten tables over the same facts; each table's builder asks for the
section's figures. Inside ``shared_reads()`` (the assembler opens it around its tables) the first ask
reads them and the others reuse that read: one read of the section per document, not one per table.
Outside it every ask reads afresh, so a lone table never sees figures older than its request.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_shared: ContextVar[dict[Hashable, object] | None] = ContextVar("lodestar_shared_reads", default=None)


@contextmanager
def shared_reads() -> Iterator[None]:
    token = _shared.set({} if _shared.get() is None else _shared.get())
    try:
        yield
    finally:
        _shared.reset(token)


def sharing() -> bool:
    """Whether reads are shared here: a reader that can read more at once for the others (every
    printed figure of a document, not one table's) asks before doing so."""
    return _shared.get() is not None


def read_once(key: Hashable, read: Callable[[], T]) -> T:
    found = _shared.get()
    if found is None:
        return read()
    if key not in found:
        found[key] = read()
    return found[key]  # type: ignore[return-value]
