"""Pausing Python's cyclic garbage collector around bulk work.

Building ~100k rows of plain lists, tuples and dicts makes the collector run full passes over
objects that can never form cycles (an import, a risk evaluation, an alert pass); the work is
measurably faster with it paused, and nothing it would have collected is made meanwhile.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
