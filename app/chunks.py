"""One way to cut a sequence into pieces: IN lists within the databases' bound-parameter limits,
blocks of rows read from a file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

IN_LIMIT = 5000  # values per IN list (SQLite allows 32,766 bound parameters; PostgreSQL 65,535)


def in_chunks(items: Iterable, size: int = IN_LIMIT) -> Iterator[list]:
    """``items`` (a list or any iterator, read lazily) as lists of at most ``size``, in order."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
