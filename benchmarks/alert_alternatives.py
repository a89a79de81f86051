"""Other spike tests measured on bench_alerts' traces: which alerts the weak storms within 60 s at no false alert?

Not a benchmark section (it is slow and only informs docs/listening-signals.md, "How fast a weak storm can be
alerted"): ``PYTHONPATH=src nice python -m benchmarks.alert_alternatives``. It replays the same storms as
``bench_alerts`` (seeds 1000 + i) and ``NULL_WEEKS`` further quiet weeks per account (seeds 5000 + i) through the
detector's baselines, records every short-window count the detector would test (with its expected count and
measured burstiness), and scores the records with each test: windows and α, a scan calibration (the expected
number of chance crossings of that count per week), and a Poisson CUSUM (Page) that is told the true rate and
the storm's size, so an upper bound for any CUSUM.
"""

from __future__ import annotations

import bisect
import heapq
import math
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import numpy as np

from benchmarks.alert_traces import START, Rhythm, arrivals, replay, storm
from benchmarks.bench_alerts import ACCOUNTS, STORM_MINUTES, TARGET_SECONDS, WARM_UP, WEEK
from charte.listening.spikes import (
    _BASELINE_MIN_COUNT,
    _MAX_SMOOTHING_MINUTES,
    _SMOOTHING_MINUTES,
    Spike,
    SpikeDetector,
    SpikeSettings,
    _Stream,
    upper_tail,
)

NULL_WEEKS = 16
WINDOWS = (15, 30, 45, 60, 90, 120)
WEEK_SECONDS = 7 * 86400
#: Minute windows off (α tiny): only the short windows are recorded, and no alert starts a cooldown.
RECORDING = SpikeSettings(short_windows_seconds=WINDOWS, alpha=1e-300)
DEFAULT = SpikeSettings()
WEAK = {name: storms[0] for name, (_, storms) in ACCOUNTS.items()}


@dataclass(frozen=True, slots=True)
class Count:
    """One short window's count at one batch: what every test below is scored on."""

    at: float  # epoch seconds
    window: int
    observed: int
    expected: float
    dispersion: float


class _Recorder(SpikeDetector):
    """The detector's own baselines and burstiness, every short window recorded, never an alert."""

    def __init__(self, sink: list[Count], *, weekday: bool = False) -> None:
        super().__init__(RECORDING)
        self.sink = sink
        self.weekday = weekday

    def _baseline(
        self, stream: _Stream, current: int, window: int, floor: float | None = None
    ) -> tuple[float, float]:
        """With ``weekday``, a variant: the expected rate is the larger of yesterday's and a week ago's, without
        the week's median (so that a Sunday is judged by Saturday and last Sunday, not by the weekdays)."""
        found = super()._baseline(stream, current, window, floor)
        if not self.weekday:
            return found
        span = max(window, _SMOOTHING_MINUTES)
        counts = self._span_counts(stream, current, window, span)
        while counts and statistics.median(counts) < _BASELINE_MIN_COUNT and span < _MAX_SMOOTHING_MINUTES:
            span = min(span * 2, _MAX_SMOOTHING_MINUTES)
            counts = self._span_counts(stream, current, window, span)
        if len(counts) < 7:
            return found
        least = RECORDING.floor if floor is None else floor
        return max(max(counts[0], counts[6]) * window / span, least), found[1]

    def _short_windows(self, stream: _Stream, key: str, now: datetime) -> list[Spike]:
        end = now.timestamp()
        recent = stream.recent
        last = bisect.bisect_right(recent, end)
        per_minute = stream.baselines[0][0]
        dispersion = max(stream.dispersion, DEFAULT.min_dispersion)
        for seconds in WINDOWS:
            observed = last - bisect.bisect_right(recent, end - seconds)
            expected = per_minute * seconds / 60
            if observed >= DEFAULT.short_min_volume and observed >= DEFAULT.min_ratio * expected:
                self.sink.append(Count(end, seconds, observed, expected, dispersion))
        return []


def _record(
    history: list[datetime], evaluated: list[datetime], since: datetime, *, weekday: bool = False
) -> list[Count]:
    sink: list[Count] = []
    detector = _Recorder(sink, weekday=weekday)
    replay(detector, [t for t in history if t < since], evaluate_from=since)
    replay(detector, [t for t in evaluated if t >= since])
    return sink


@cache
def _tail(observed: int, expected: float, dispersion: float) -> float:
    return upper_tail(observed, expected, expected + dispersion * expected * expected)


def p_value(c: Count) -> float:
    return _tail(c.observed, round(c.expected, 4), c.dispersion)


def chance_per_week(c: Count) -> float:
    """Expected crossings of this count by chance in a week: (week / window) × k × P(N = k), the rate at which
    a sliding window's count reaches k (a scan statistic), on the detector's negative binomial."""
    e = round(c.expected, 4)
    density = _tail(c.observed, e, c.dispersion) - _tail(c.observed + 1, e, c.dispersion)
    return WEEK_SECONDS / c.window * c.observed * density


@dataclass(frozen=True, slots=True)
class Test:
    label: str
    windows: tuple[int, ...]
    score: Callable[[Count], float]
    threshold: float
    weekday: bool = False  # scored on the variant baseline (``_Recorder._baseline``)


TESTS = [
    Test("windows 30, 60, 120 s, α = 3e-7 (today)", (30, 60, 120), p_value, 3e-7),
    Test("windows 30, 60, 120 s, α = 1e-6", (30, 60, 120), p_value, 1e-6),
    Test("windows 30, 60, 120 s, α = 3e-6", (30, 60, 120), p_value, 3e-6),
    Test("windows 15 … 120 s, chance < 0.1 a week", WINDOWS, chance_per_week, 0.1),
    Test("windows 15 … 120 s, chance < 0.03 a week", WINDOWS, chance_per_week, 0.03),
    Test(
        "expected = larger of yesterday and a week ago, α = 3e-7", (30, 60, 120), p_value, 3e-7, weekday=True
    ),
]


def _fires(test: Test, counts: list[Count]) -> Iterator[float]:
    for c in counts:
        if c.window in test.windows and test.score(c) < test.threshold:
            yield c.at


def _false_alerts(test: Test, counts: list[Count], cooldown: float = 3600) -> int:
    alerts, last = 0, -math.inf
    for at in _fires(test, counts):
        if at - last >= cooldown:
            alerts, last = alerts + 1, at
    return alerts


def _storms(name: str, seeds: int) -> Iterator[tuple[list[datetime], int, list[datetime]]]:
    """(background, onset minute, storm arrivals) of each seed's weak storm, drawn as bench_alerts draws them."""
    rhythm, sizes = ACCOUNTS[name]
    for seed in range(seeds):
        rng = np.random.default_rng(1000 + seed)
        background = arrivals(rhythm.rate_per_minute, range(WARM_UP + WEEK), rng, rhythm.overdispersion)
        for size in sizes:
            onset = WARM_UP + int(rng.integers(0, WEEK - STORM_MINUTES - 60))
            extra = arrivals(storm(onset, size, STORM_MINUTES), range(onset, onset + STORM_MINUTES), rng)
            if size == WEAK[name]:
                yield background, onset, extra


def _null_weeks(rhythm: Rhythm) -> Iterator[list[datetime]]:
    for seed in range(NULL_WEEKS):
        rng = np.random.default_rng(5000 + seed)
        yield arrivals(rhythm.rate_per_minute, range(WARM_UP + WEEK), rng, rhythm.overdispersion)


def _cusum(
    rhythm: Rhythm, times: list[datetime], shift: float, start: datetime, end: datetime
) -> list[tuple[float, float]]:
    """Page's CUSUM of a Poisson process against its true rate, for a rise of ``shift`` a minute: per mention
    + log((λ + shift) / λ), per second − shift / 60; (batch end, statistic) at each mention."""
    origin = START.timestamp()
    statistic, last, path = 0.0, start.timestamp(), []
    for t in (x.timestamp() for x in times if start <= x < end):
        rate = rhythm.rate_per_minute(int((t - origin) // 60))
        statistic = max(0.0, statistic - shift / 60 * (t - last)) + math.log((rate + shift) / rate)
        last = t
        path.append((origin + math.ceil((t - origin) / 5) * 5, statistic))
    return path


def run(seeds: int = 8) -> str:
    rows: dict[str, list[str]] = {t.label: [] for t in TESTS}
    cusum_rows: dict[str, list[str]] = {"at the highest quiet week": [], "20 % above it": []}
    false: dict[str, int] = dict.fromkeys(rows, 0)
    smallest: dict[str, float] = {}
    for name, (rhythm, _) in ACCOUNTS.items():
        evaluated = START + timedelta(minutes=WARM_UP)
        end = START + timedelta(minutes=WARM_UP + WEEK)
        nulls = list(_null_weeks(rhythm))
        null_counts = {
            v: [_record(week, week, evaluated, weekday=v) for week in nulls] for v in (False, True)
        }
        for test in TESTS:
            false[test.label] += sum(_false_alerts(test, counts) for counts in null_counts[test.weekday])
        smallest[name] = min(
            (p_value(c) for counts in null_counts[False] for c in counts if c.window in TESTS[0].windows),
            default=1.0,
        )
        highest = max(
            max((s for _, s in _cusum(rhythm, w, WEAK[name], evaluated, end)), default=0.0) for w in nulls
        )
        within = dict.fromkeys(rows, 0)
        within_cusum = dict.fromkeys(cusum_rows, 0)
        for background, onset, extra in _storms(name, seeds):
            onset_at = START + timedelta(minutes=onset)
            merged = list(
                heapq.merge(background, (t for t in extra if t < onset_at + timedelta(seconds=125)))
            )
            counts = {
                v: _record(
                    background,
                    [t for t in merged if t < onset_at + timedelta(seconds=125)],
                    onset_at - timedelta(minutes=10),
                    weekday=v,
                )
                for v in (False, True)
            }
            for test in TESTS:
                fired = _fires(test, counts[test.weekday])
                first = next((at for at in fired if at >= onset_at.timestamp()), None)
                within[test.label] += first is not None and first - onset_at.timestamp() <= TARGET_SECONDS
            path = _cusum(
                rhythm, merged, WEAK[name], onset_at - timedelta(hours=1), onset_at + timedelta(minutes=2)
            )
            for label, h in zip(cusum_rows, (highest, 1.2 * highest), strict=True):
                first = next((at for at, s in path if s >= h and at >= onset_at.timestamp()), None)
                within_cusum[label] += first is not None and first - onset_at.timestamp() <= TARGET_SECONDS
        for label in rows:
            rows[label].append(f"{within[label]}/{seeds}")
        for label in cusum_rows:
            cusum_rows[label].append(f"{within_cusum[label]}/{seeds}")
    names = " / ".join(f"{name.split(' ')[0]} +{WEAK[name]:g}/min" for name in ACCOUNTS)
    lines = [
        f"Weak storms alerted within {TARGET_SECONDS} s ({names}) and false alerts in {NULL_WEEKS} quiet weeks "
        f"per account ({3 * NULL_WEEKS} in all):",
        "",
        "| test | within 60 s | false alerts |",
        "| --- | --- | ---: |",
        *(f"| {label} | {' / '.join(found)} | {false[label]} |" for label, found in rows.items()),
        *(
            f"| Poisson CUSUM told the true rate and the storm's size, threshold {label} | {' / '.join(found)} "
            "| – |"
            for label, found in cusum_rows.items()
        ),
        "",
        "Smallest p-value of the 30, 60 and 120 s windows in the quiet weeks: "
        + ", ".join(f"{name.split(' ')[0]} {p:.1e}" for name, p in smallest.items())
        + " (the CUSUM's thresholds are set on the same weeks: no false alert there by construction).",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
