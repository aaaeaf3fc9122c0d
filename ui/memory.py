"""Giving the memory a refresh freed back to the system. A snapshot of a big shop is built from
hundreds of thousands of short-lived rows; glibc keeps the freed pages in its heap unless asked,
so the window would go on holding the peak of its last refresh."""

from __future__ import annotations

import ctypes
import ctypes.util

_libc = None


def _trim():
    global _libc
    if _libc is None:
        name = ctypes.util.find_library("c")
        try:
            _libc = getattr(ctypes.CDLL(name), "malloc_trim", False) if name else False
        except OSError:  # no C library to ask (a frozen bundle without it): nothing to give back
            _libc = False
    return _libc


def give_back(result=None):
    """Free heap pages returned to the system (glibc's malloc_trim; elsewhere nothing to do), on the
    worker that built ``result``: returned as is, to be handed on."""
    trim = _trim()
    if trim:
        trim(0)
    return result
