"""Does a span overlap any of many spans? A question the detectors ask for every candidate of a second
view against every candidate of the first. Asked with ``any(...)`` over a list it costs n·m, which a hostile
1 MB post turns into minutes; :class:`Spans` answers it in O(log n) after an O(n log n) build, whatever the
spans (they may overlap each other).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class Spans:
    """A fixed set of half-open spans ``[start, end)``, asked whether any overlaps a given span."""

    __slots__ = ("_max_ends", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        # _max_ends[i]: the furthest end among the first i + 1 spans by start.
        self._max_ends: list[int] = []
        furthest = -1
        for _, end in ordered:
            furthest = max(furthest, end)
            self._max_ends.append(furthest)

    def __len__(self) -> int:
        return len(self._starts)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span of the set overlaps ``[start, end)``: one that starts before ``end`` and
        ends after ``start``; among those starting before ``end``, the furthest end decides."""
        i = bisect.bisect_left(self._starts, end)
        return i > 0 and self._max_ends[i - 1] > start
