"""No cyclic garbage collection while a file is read, checked and written.

Ten thousand rows become a few hundred thousand small objects that live until the import
ends. Python's cyclic collector runs after every few hundred allocations and, as the heap
grows, walks all of it again and again: a third of an import's time went into collections that
found nothing, since rows, lines and prices hold no reference cycles. The collector is paused
for the import and resumes after it (reference counting frees memory meanwhile as usual).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    paused_here = gc.isenabled()  # resume only what this call paused (nested, other threads)
    gc.disable()
    try:
        yield
    finally:
        if paused_here:
            gc.enable()
