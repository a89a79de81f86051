"""Synthetic mention traces for the spike detector: a rhythm per day and week, noise, and storms injected on top.

Used by ``bench_alerts`` and ``tests/listening/test_spikes.py``. A trace is a list of arrival times (UTC) of
one signal's mentions, drawn minute by minute from a rate that follows the hour of the day and the weekday;
``overdispersion`` > 0 draws each minute's rate from a gamma around it (busy accounts vary more than Poisson).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from charte.listening.spikes import Spike, SpikeDetector

#: A Monday, so that day 5 and 6 of each week are the weekend.
START = datetime(2026, 3, 2, tzinfo=UTC)


@dataclass(frozen=True)
class Rhythm:
    """Mentions per hour on average, shaped by the time of day and the weekend."""

    per_hour: float
    daily_amplitude: float = 0.0  # 0.8: the afternoon peak is 1.8x the mean, the night 0.2x
    weekend_factor: float = 1.0  # 0.3: weekends have 30 % of a weekday's volume
    overdispersion: float = 0.0  # variance of the gamma multiplier of each minute's rate

    def rate_per_minute(self, minute: int) -> float:
        day, minute_of_day = divmod(minute, 24 * 60)
        hour = minute_of_day / 60
        shape = 1 + self.daily_amplitude * np.cos(2 * np.pi * (hour - 15) / 24)  # peak at 15:00
        weekend = self.weekend_factor if day % 7 >= 5 else 1.0
        return float(self.per_hour / 60 * shape * weekend)


def arrivals(
    rate: Callable[[int], float], minutes: range, rng: np.random.Generator, overdispersion: float = 0.0
) -> list[datetime]:
    """Arrival times for a rate given per minute (minute 0 is ``START``), sorted."""
    rates = np.array([rate(m) for m in minutes])
    if overdispersion > 0:
        shape = 1 / overdispersion
        rates = rates * rng.gamma(shape, 1 / shape, size=len(rates))
    counts = rng.poisson(rates)
    times: list[datetime] = []
    for minute, n in zip(minutes, counts, strict=True):
        for offset in np.sort(rng.uniform(0, 60, size=n)):
            times.append(START + timedelta(minutes=minute, seconds=float(offset)))
    return times


def storm(
    onset_minute: int, per_minute: float, duration_minutes: int, ramp_minutes: int = 0
) -> Callable[[int], float]:
    """Extra mentions from ``onset_minute``: ``per_minute`` after a linear ramp of ``ramp_minutes``."""

    def rate(minute: int) -> float:
        if minute < onset_minute or minute >= onset_minute + duration_minutes:
            return 0.0
        if ramp_minutes and minute - onset_minute < ramp_minutes:
            return per_minute * (minute - onset_minute + 1) / ramp_minutes
        return per_minute

    return rate


def replay(
    detector: SpikeDetector,
    times: Iterable[datetime],
    key: str = "negative",
    *,
    batch_seconds: int = 5,
    evaluate_from: datetime | None = None,
) -> list[Spike]:
    """Feed the detector in batches of ``batch_seconds`` as the ingestion would; alerts raised from ``evaluate_from``.

    Before ``evaluate_from`` the mentions only build the baseline (cheap: nothing is tested).
    """
    spikes: list[Spike] = []
    batch: list[tuple[Sequence[str], datetime]] = []
    batch_end: datetime | None = None
    for at in times:
        if evaluate_from is not None and at < evaluate_from:
            detector.observe(key, at)
            continue
        if batch_end is None:
            batch_end = _ceil(at, batch_seconds)
        if at >= batch_end:
            spikes += detector.observe_batch(batch, batch_end)
            batch = []
            batch_end = _ceil(at, batch_seconds)
        batch.append(((key,), at))
    if batch and batch_end is not None:
        spikes += detector.observe_batch(batch, batch_end)
    return spikes


def _ceil(at: datetime, seconds: int) -> datetime:
    elapsed = (at - START).total_seconds()
    return START + timedelta(seconds=(int(elapsed // seconds) + 1) * seconds)
