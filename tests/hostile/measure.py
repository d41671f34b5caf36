"""Time and peak memory of one call, and the figures a run reports at its end.

Peak memory is the process' resident set high-water mark (``VmHWM``), reset before each call
through ``/proc/self/clear_refs`` so every file gets its own peak; the figure kept is how far
that peak rose above the resident size before the call."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")
MAX_SECONDS = 10
MAX_BYTES = 512 * 1024 * 1024


def _kib(key: str) -> int:
    match = re.search(rf"^{key}:\s+(\d+) kB", STATUS.read_text(), re.MULTILINE)
    return int(match.group(1)) if match else 0


@dataclass
class Figures:
    calls: int = 0
    per_path: dict[str, int] = field(default_factory=dict)
    slowest: tuple[float, str] = (0.0, "")
    peak: tuple[int, str] = (0, "")

    def measure(self, label: str, path: str, call: Callable[[], object]):
        # Reset VmHWM to the current resident size; where that is not allowed the peak
        # spans the whole run, which only overstates it.
        with contextlib.suppress(OSError):
            CLEAR_REFS.write_text("5")
        before = _kib("VmRSS")
        started = time.perf_counter()
        result = call()
        seconds = time.perf_counter() - started
        grown = max(0, _kib("VmHWM") - before) * 1024
        self.calls += 1
        self.per_path[path] = self.per_path.get(path, 0) + 1
        self.slowest = max(self.slowest, (seconds, f"{label} via {path}"))
        self.peak = max(self.peak, (grown, f"{label} via {path}"))
        assert seconds < MAX_SECONDS, f"{label} via {path}: {seconds:.1f} s"
        assert grown < MAX_BYTES, f"{label} via {path}: {grown // 2**20} MB"
        return result

    def report(self, title: str) -> str:
        paths = ", ".join(f"{path} {count}" for path, count in sorted(self.per_path.items()))
        return (
            f"\n{title}: {self.calls} calls ({paths}); slowest {self.slowest[0]:.2f} s "
            f"({self.slowest[1]}); peak memory +{self.peak[0] / 2**20:.0f} MB ({self.peak[1]})"
        )
