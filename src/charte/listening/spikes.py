"""Spike alerts: is the count of a signal (negative mentions, crisis mentions, a keyword) far above its own normal?

The method (docs/listening-signals.md says why): counts are kept per minute and per signal, and the arrival times
of the last few minutes are kept too. When a batch of mentions is stored, each touched signal is tested on short
windows that slide to the second (30 s, 1 and 2 minutes by default: a storm is alerted within a minute of its
onset, whatever the batch or minute boundaries) and on longer minute windows (5 minutes and 1 hour: slower storms),
each against the same minutes of each of the previous ``baseline_days`` days — the daily rhythm is in the baseline, and the same weekday
a week ago lifts it on weekly patterns. The expected count is robust (median, one storm day does not move it), the
spread comes from the same samples (a negative binomial when they vary more than a Poisson count would), and an
alert needs all of: an upper-tail probability below ``alpha``, at least ``min_volume`` mentions, at least
``min_ratio`` times the expected count, and no alert on that signal for ``cooldown``. Per mention it costs a
dictionary increment and an append; the test runs once per batch and per touched signal. A short window's spread
is the burstiness measured minute by minute on the same hours of past days (a median over the days), so a bursty
busy account is not alerted on its ordinary bursts and a quiet one needs only a handful of mentions. The state is plain JSON (``to_json``),
so a restarted worker keeps its baselines.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from charte.errors import CharteError

_DAY_MINUTES = 24 * 60
_STATE_VERSION = 1
_SMOOTHING_MINUTES = 60  # the least span a past day's rate is measured over
_BASELINE_REFRESH_MINUTES = 5  # how long a computed baseline is reused
_BASELINE_MIN_COUNT = 10  # the span of past days widens until their median count is at least this
_MAX_SMOOTHING_MINUTES = 360  # ... or it spans 6 hours
_DISPERSION_MIN_COUNT = 30  # the least mentions in a past hour for its burstiness to be measured


class SpikeSettings(BaseModel):
    """How sensitive the detector is; the defaults hold on quiet and busy accounts (docs/listening-signals.md)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    windows_minutes: tuple[int, ...] = Field(default=(5, 60), min_length=1)
    # Windows sliding to the second, tested on every batch: they bound the time from a storm's onset to its alert.
    short_windows_seconds: tuple[int, ...] = Field(default=(30, 60, 120), max_length=8)
    short_min_volume: int = Field(default=4, ge=1)  # the least count a short window alerts on
    # Tested every few seconds on three windows, the short windows make many more tests a week than the minute
    # windows: a smaller probability keeps their false alerts as rare.
    short_alpha: float = Field(default=3e-7, gt=0.0, lt=1.0)
    short_floor_per_hour: float = Field(default=2.0, gt=0.0)  # the least expected rate of a short window
    baseline_days: int = Field(default=7, ge=1, le=28)
    min_volume: int = Field(default=10, ge=1)
    min_ratio: float = Field(default=2.0, ge=1.0)
    alpha: float = Field(default=1e-6, gt=0.0, lt=1.0)
    cooldown_minutes: int = Field(default=60, ge=0)
    floor: float = Field(default=1.0, gt=0.0)  # the least expected count per window, for signals seldom seen
    # Mentions come in bursts (a reply thread, a repost): the variance is taken as at least mean + d * mean^2.
    min_dispersion: float = Field(default=0.02, ge=0.0)

    @model_validator(mode="after")
    def _windows(self) -> SpikeSettings:
        if any(w < 1 or w > _DAY_MINUTES for w in self.windows_minutes):
            raise ValueError("windows_minutes: each window is 1 to 1440 minutes")
        if any(w < 10 or w > 600 for w in self.short_windows_seconds):
            raise ValueError("short_windows_seconds: each window is 10 to 600 seconds")
        return self


@dataclass(frozen=True, slots=True)
class Spike:
    """An alert: ``observed`` mentions of ``key`` in the last ``window_seconds`` against ``expected``."""

    key: str
    at: datetime
    window_seconds: int
    observed: int
    expected: float
    p_value: float


@dataclass(slots=True)
class _Stream:
    counts: dict[int, int] = field(default_factory=dict)  # minute index (since the epoch, UTC) -> mentions
    last_alert: int | None = None  # minute index of the last alert
    in_storm: bool = False  # alerted, and no check since found every window back to normal
    # Per window, for the minute ``cached_at``: the window's count before that minute (a late mention clears it),
    # so a check costs O(1) within a minute. The baselines move slowly: refreshed every few minutes.
    cached_at: int | None = None
    before: dict[int, int] = field(default_factory=dict)
    baseline_at: int | None = None
    baselines: dict[int, tuple[float, float]] = field(default_factory=dict)
    pruned_at: int | None = None
    recent: list[float] = field(
        default_factory=list
    )  # arrival times (epoch seconds) of the short windows, sorted
    dispersion: float = 0.0  # the minute counts' burstiness at this time of day, refreshed with the baselines
    short_ready: bool = False  # a day of history: the short windows are tested


def signal_keys(*, negative: bool, crisis: bool, keywords: Iterable[str] = ()) -> list[str]:
    """The signals one classified mention counts towards (the keys ``SpikeDetector.observe`` takes)."""
    keys = []
    if negative:
        keys.append("negative")
    if crisis:
        keys.append("crisis")
    keys.extend(f"keyword:{k}" for k in dict.fromkeys(k.casefold() for k in keywords) if k)
    return keys


def _minute(at: datetime) -> int:
    if at.tzinfo is None:
        raise CharteError("spike detector: times must be timezone-aware")
    return int(at.timestamp() // 60)


class SpikeDetector:
    """The spike detector of one organisation: feed it with ``observe``, ask it with ``check`` after each batch."""

    def __init__(self, settings: SpikeSettings | None = None) -> None:
        self.settings = settings or SpikeSettings()
        self._streams: dict[str, _Stream] = {}
        self._started: int | None = None  # first minute observed: the days before it are no baseline
        self._latest: int | None = None

    # -- feeding -------------------------------------------------------------------------------------------------
    def observe(self, key: str, at: datetime, count: int = 1) -> None:
        """Count ``count`` mentions of signal ``key`` at ``at`` (out of order is fine; too old is ignored)."""
        minute = _minute(at)
        if self._latest is not None and minute < self._latest - self._horizon():
            return
        if self._started is None or minute < self._started:
            self._started = minute
        if self._latest is None or minute > self._latest:
            self._latest = minute
        stream = self._streams.setdefault(key, _Stream())
        stream.counts[minute] = stream.counts.get(minute, 0) + count
        if minute != stream.cached_at:
            stream.cached_at = None
        if self.settings.short_windows_seconds:
            second = at.timestamp()
            recent = stream.recent
            if not recent or second >= recent[-1]:
                recent.extend([second] * count)
            else:
                for _ in range(count):
                    bisect.insort(recent, second)
            cutoff = second - max(self.settings.short_windows_seconds)
            if recent[0] < cutoff:  # keep only what the short windows can still see
                del recent[: bisect.bisect_right(recent, cutoff)]

    def observe_batch(self, items: Iterable[tuple[Iterable[str], datetime]], now: datetime) -> list[Spike]:
        """Count a stored batch (each mention's signal keys and time) and return the alerts it raises."""
        touched: dict[str, None] = {}
        for keys, at in items:
            for key in keys:
                self.observe(key, at)
                touched[key] = None
        return [spike for key in touched if (spike := self.check(key, now)) is not None]

    # -- testing -------------------------------------------------------------------------------------------------
    def check(self, key: str, now: datetime) -> Spike | None:
        """Test ``key``'s windows ending at ``now``; an alert starts the signal's cooldown."""
        stream = self._streams.get(key)
        if stream is None:
            return None
        s = self.settings
        current = _minute(now)
        if stream.last_alert is not None and current - stream.last_alert < s.cooldown_minutes:
            return None
        if stream.cached_at != current:
            self._prune(stream, current)
            stream.before = {w: self._window_sum(stream, current - 1, w - 1) for w in s.windows_minutes}
            stream.cached_at = current
        if stream.baseline_at is None or not 0 <= current - stream.baseline_at < _BASELINE_REFRESH_MINUTES:
            stream.baselines = {w: self._baseline(stream, current, w) for w in s.windows_minutes}
            if s.short_windows_seconds:
                stream.baselines[0] = self._baseline(stream, current, 1, floor=s.short_floor_per_hour / 60)
                stream.dispersion = self._dispersion(stream, current)
                # A signal without a day of history (a keyword just added) is judged on the minute windows
                # only: its normal is unknown, and a handful of mentions in a minute is no evidence yet.
                stream.short_ready = self._started is not None and current - self._started >= _DAY_MINUTES
            stream.baseline_at = current
        firing: list[Spike] = []
        if s.short_windows_seconds and stream.short_ready:
            firing.extend(self._short_windows(stream, key, now))
        now_count = stream.counts.get(current, 0)
        elapsed = now.timestamp() / 60 - current  # of the current minute, 0..1: the window is not full yet
        for window in sorted(s.windows_minutes):
            expected, variance = stream.baselines[window]
            share = (window - 1 + max(elapsed, 1 / 60)) / window
            expected, variance = expected * share, variance * share
            observed = stream.before[window] + now_count
            if observed < s.min_volume or observed < s.min_ratio * expected:
                continue
            p = upper_tail(observed, expected, variance)
            if p < s.alpha:
                firing.append(Spike(key, now, window * 60, observed, expected, p))
        # Once alerted, a signal stays in its storm until every window is back to normal, and within it only the
        # shortest window says the storm is still going: the long one holds the first hour after it ended.
        if stream.in_storm:
            shortest = min([*s.short_windows_seconds, *(w * 60 for w in s.windows_minutes)])
            firing_now = [f for f in firing if f.window_seconds == shortest]
            stream.in_storm = bool(firing)
            firing = firing_now
        if not firing:
            return None
        stream.last_alert = current
        stream.in_storm = True
        return firing[0]

    def _short_windows(self, stream: _Stream, key: str, now: datetime) -> list[Spike]:
        """The short windows firing at ``now``, shortest first: counts from the arrival times, the expected count
        from the baseline per minute, the spread from the measured burstiness (negative binomial)."""
        s = self.settings
        end = now.timestamp()
        recent = stream.recent
        oldest = end - max(s.short_windows_seconds)
        drop = bisect.bisect_right(recent, oldest)
        if drop:
            del recent[:drop]
        last = bisect.bisect_right(recent, end)
        per_minute = stream.baselines[0][0]
        dispersion = max(stream.dispersion, s.min_dispersion)
        firing = []
        for seconds in sorted(s.short_windows_seconds):
            observed = last - bisect.bisect_right(recent, end - seconds)
            expected = per_minute * seconds / 60
            if observed < s.short_min_volume or observed < s.min_ratio * expected:
                continue
            p = upper_tail(observed, expected, expected + dispersion * expected * expected)
            if p < s.short_alpha:
                firing.append(Spike(key, now, seconds, observed, expected, p))
        return firing

    def _span_counts(self, stream: _Stream, current: int, window: int, span: int) -> list[int]:
        """Each past day's count over ``span`` minutes centred on the time of day of the window ending now."""
        started = self._started if self._started is not None else current
        centre = current - window // 2
        counts = []
        for day in range(1, self.settings.baseline_days + 1):
            end = centre - day * _DAY_MINUTES + span // 2
            if end - span + 1 < started:
                break  # the detector was not listening then: no evidence, not a zero
            counts.append(self._window_sum(stream, end, span))
        return counts

    def _dispersion(self, stream: _Stream, current: int) -> float:
        """How bursty the signal is minute by minute at this time of day: for each past day with enough mentions
        in the hour around it, (variance - mean) / mean² of its minute counts (0 for a Poisson count); the mean over
        the days without the burstiest one. A mean of a week's estimates is precise enough for the far tail the
        test looks at (a median of seven noisy estimates often fell below the true burstiness)."""
        started = self._started if self._started is not None else current
        counts = stream.counts
        found = []
        for day in range(1, self.settings.baseline_days + 1):
            first = current - day * _DAY_MINUTES - _SMOOTHING_MINUTES // 2
            if first < started:
                break
            minutes = [counts.get(m, 0) for m in range(first, first + _SMOOTHING_MINUTES)]
            mean = sum(minutes) / len(minutes)
            if sum(minutes) < _DISPERSION_MIN_COUNT:
                continue
            variance = sum((n - mean) ** 2 for n in minutes) / (len(minutes) - 1)
            found.append(max((variance - mean) / (mean * mean), 0.0))
        if len(found) >= 3:
            found.remove(max(found))  # a storm on a past day does not make every later storm look ordinary
        return statistics.fmean(found) if found else 0.0

    def _window_sum(self, stream: _Stream, end: int, window: int) -> int:
        counts = stream.counts
        return sum(counts.get(m, 0) for m in range(end - window + 1, end + 1))

    def _baseline(
        self, stream: _Stream, current: int, window: int, floor: float | None = None
    ) -> tuple[float, float]:
        """Expected count and variance for the window ending at ``current``, from the same time of past days.

        Each past day contributes its rate over a span of at least an hour centred on that time of day, scaled to
        the window: a 5-minute window is not judged on five noisy minutes of each past day.
        """
        s = self.settings
        span = max(window, _SMOOTHING_MINUTES)
        counts = self._span_counts(stream, current, window, span)
        # A quiet signal's hour holds a handful of mentions: its median over a week is mostly noise (1 where 2 is
        # the rate, and 10 mentions in an hour look like a storm). The span widens, up to 6 hours, until the
        # median past day holds enough mentions to say what is normal.
        while counts and statistics.median(counts) < _BASELINE_MIN_COUNT and span < _MAX_SMOOTHING_MINUTES:
            span = min(span * 2, _MAX_SMOOTHING_MINUTES)
            counts = self._span_counts(stream, current, window, span)
        samples = [n * window / span for n in counts]
        least = s.floor if floor is None else floor
        if not samples:
            return least, least
        # The median, lifted by yesterday (a growing account) and by the same weekday a week ago (a busy Monday
        # is not judged by the weekend).
        expected = max(float(statistics.median(samples)), samples[0])
        if len(samples) >= 7:
            expected = max(expected, samples[6])
        expected = max(expected, least)
        trimmed = sorted(samples)[:-1] if len(samples) > 2 else samples  # one storm day does not widen it
        variance = statistics.pvariance(trimmed) if len(trimmed) > 1 else 0.0
        return expected, max(variance, expected + s.min_dispersion * expected * expected)

    # -- state ---------------------------------------------------------------------------------------------------
    def _horizon(self) -> int:
        return self.settings.baseline_days * _DAY_MINUTES + max(self.settings.windows_minutes)

    def _prune(self, stream: _Stream, current: int, *, force: bool = False) -> None:
        if not force and stream.pruned_at is not None and 0 <= current - stream.pruned_at < 60:
            return  # prune hourly, not on every check
        oldest = current - self._horizon()
        stream.counts = {m: n for m, n in stream.counts.items() if m >= oldest}
        stream.pruned_at = current

    def to_json(self) -> dict[str, Any]:
        """The whole state as JSON-ready data (counts, cooldowns, the start of listening)."""
        if self._latest is not None:
            for stream in self._streams.values():
                self._prune(stream, self._latest, force=True)
        return {
            "version": _STATE_VERSION,
            "started": self._started,
            "latest": self._latest,
            "streams": {
                key: {
                    "counts": [[m, n] for m, n in sorted(st.counts.items())],
                    "last_alert": st.last_alert,
                    "in_storm": st.in_storm,
                    "recent": st.recent,
                }
                for key, st in self._streams.items()
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], settings: SpikeSettings | None = None) -> SpikeDetector:
        """Rebuild a detector from ``to_json``'s output (raises ``CharteError`` on another shape)."""
        if data.get("version") != _STATE_VERSION:
            raise CharteError(f"spike detector state: unknown version {data.get('version')!r}")
        detector = cls(settings)
        try:
            detector._started = _optional_int(data.get("started"))
            detector._latest = _optional_int(data.get("latest"))
            for key, raw in dict(data["streams"]).items():
                counts = {int(m): int(n) for m, n in raw["counts"]}
                stream = _Stream(
                    counts, _optional_int(raw.get("last_alert")), bool(raw.get("in_storm", False))
                )
                stream.recent = sorted(float(t) for t in raw.get("recent") or ())
                detector._streams[str(key)] = stream
        except (KeyError, TypeError, ValueError) as exc:
            raise CharteError(f"spike detector state: malformed ({exc})") from exc
        return detector

    def keys(self) -> list[str]:
        return sorted(self._streams)


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def upper_tail(k: int, mean: float, variance: float) -> float:
    """P(X >= k) for a count of this mean: Poisson, or negative binomial when ``variance`` exceeds ``mean``."""
    if k <= 0:
        return 1.0
    if variance <= mean * (1 + 1e-9):
        log_pmf = _poisson_log_pmf(mean)
    else:
        r = mean * mean / (variance - mean)
        log_pmf = _nbinom_log_pmf(r, r / (r + mean))
    total = 0.0
    i = k
    while True:  # sum the upper tail directly: precise for tiny probabilities, stops once terms vanish
        term = math.exp(log_pmf(i))
        total += term
        if (i > mean and term <= total * 1e-12) or i - k > 100_000:
            return min(total, 1.0)
        i += 1


def _poisson_log_pmf(mean: float) -> Any:
    log_mean = math.log(mean)
    return lambda i: i * log_mean - mean - math.lgamma(i + 1)


def _nbinom_log_pmf(r: float, p: float) -> Any:
    log_p, log_q, lg_r = math.log(p), math.log1p(-p), math.lgamma(r)
    return lambda i: math.lgamma(i + r) - lg_r - math.lgamma(i + 1) + r * log_p + i * log_q
