"""Python's cyclic garbage collector, held back while an import turns a file into rows.

An import makes millions of small objects (records, tuples, prices) that hold no reference
cycles: reference counting frees them, and the cyclic collector finds nothing (51 objects in a
5,000-product CommerceML import). By default it runs after every 700 new objects; a batch's
thousands of records are all alive then, so each collection walks them and moves them up a
generation, and the older generations, walked again and again, grow with records about to die.
A third of the Excel import's time and a sixth of a CommerceML import's went into that
(``bench/excel_import.py``, ``bench/import_catalog.py``).
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

# New objects between two collections of the youngest generation while ``collections_spaced``
# holds: about a CommerceML batch's records (2,000 products), so that most die before a
# collection sees them; bounded, so that a streamed file of any size still has its rare cycles
# collected. Measured at 100,000 products: 10,000 kept half the gain, 50,000 and 100,000 gained
# no more than this and took ~10 MB more memory.
SPACED_THRESHOLD = 25_000

_spacing = threading.Lock()
_spaced_by = 0  # how many ``collections_spaced`` blocks hold now, in any thread
_usual_thresholds: tuple[int, int, int] | None = None


@contextmanager
def collector_paused():
    """No collections at all: for work whose objects live until it ends anyway (an Excel
    file of ten thousand rows, read whole)."""
    paused_here = gc.isenabled()  # resume only what this call paused (nested, other threads)
    gc.disable()
    try:
        yield
    finally:
        if paused_here:
            gc.enable()


@contextmanager
def collections_spaced():
    """Collections after every ``SPACED_THRESHOLD`` allocations instead of 700: for a
    streamed import, whose memory must stay flat whatever the file's size. The usual
    thresholds come back when the last such block in the process ends."""
    global _spaced_by, _usual_thresholds
    with _spacing:
        if _spaced_by == 0:
            _usual_thresholds = gc.get_threshold()
            gc.set_threshold(SPACED_THRESHOLD, *_usual_thresholds[1:])
        _spaced_by += 1
    try:
        yield
    finally:
        with _spacing:
            _spaced_by -= 1
            if _spaced_by == 0:
                gc.set_threshold(*_usual_thresholds)
