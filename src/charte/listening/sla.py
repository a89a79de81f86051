"""SLA clocks: when an answer is due, when to remind, when it is breached — in the organisation's business hours.

A team's ``sla_minutes`` counts only while the organisation is open: its opening hours per weekday in its own
timezone, minus public holidays (the ``holidays`` package, by country and subdivision) and its own closed days.
The arithmetic is done on real instants (UTC): an opening hour that a DST change shortens or lengthens counts as
it really lasts, and a time that does not exist that day (the spring gap) opens at the same instant after the
jump. The default calendar is open all the time, so a deadline is then simply received + minutes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from charte.errors import CharteError

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SlaState = Literal["running", "reminder", "breached", "met", "met_late"]

_INTERVAL = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$")
#: How far ahead a deadline is searched before the calendar is declared closed for good.
_SEARCH_DAYS = 3 * 366


class BusinessCalendar(BaseModel):
    """An organisation's opening hours, holidays and reminder lead (its SLA settings)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    timezone: str = "UTC"
    always_open: bool = True  # 24/7: the clock never stops (hours and holidays are then ignored)
    hours: dict[Weekday, tuple[str, ...]] = Field(
        default_factory=lambda: _office_hours(),
        description='per weekday, opening intervals "HH:MM-HH:MM" (end "24:00" for midnight); a missing day is closed',
    )
    holidays_country: str | None = None  # ISO 3166 code for public holidays, e.g. "FR", "US"
    holidays_subdivision: str | None = None  # e.g. "CA" for California, "BY" for Bavaria
    closed_dates: tuple[date, ...] = ()  # the organisation's own closed days
    reminder_minutes: int = Field(default=30, ge=0, le=7 * 24 * 60)  # business minutes before the due time

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r} (an IANA name such as 'Europe/Paris')") from exc
        return value

    @field_validator("hours")
    @classmethod
    def _hours(cls, value: dict[Weekday, tuple[str, ...]]) -> dict[Weekday, tuple[str, ...]]:
        for day, intervals in value.items():
            previous_end = -1
            for interval in intervals:
                start, end = _parse_interval(interval, day)
                if start < previous_end:
                    raise ValueError(f"hours.{day}: {interval!r} overlaps or precedes the interval before it")
                previous_end = end
        return value

    @model_validator(mode="after")
    def _calendar(self) -> BusinessCalendar:
        if not self.always_open and not any(self.hours.values()):
            raise ValueError("hours: at least one opening interval is needed unless always_open is true")
        if self.holidays_subdivision and not self.holidays_country:
            raise ValueError("holidays_subdivision needs holidays_country")
        if self.holidays_country:
            try:
                holidays.country_holidays(self.holidays_country, subdiv=self.holidays_subdivision, years=2026)
            except NotImplementedError as exc:
                raise ValueError(
                    f"holidays_country: no public holidays known for {self.holidays_country!r}"
                ) from exc
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_closed_day(self, day: date) -> bool:
        """A public holiday or one of the organisation's closed dates (opening hours aside)."""
        if day in self.closed_dates:
            return True
        if self.holidays_country:
            return day in _public_holidays(self.holidays_country, self.holidays_subdivision, day.year)
        return False

    def open_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """The day's opening intervals as UTC instants (none on a holiday)."""
        if self.is_closed_day(day):
            return []
        zone = self.zone
        out = []
        for interval in self.hours.get(WEEKDAYS[day.weekday()], ()):
            start, end = _parse_interval(interval, WEEKDAYS[day.weekday()])
            out.append((_instant(day, start, zone), _instant(day, end, zone)))
        return out


def _office_hours() -> dict[Weekday, tuple[str, ...]]:
    return {d: ("09:00-17:00",) for d in WEEKDAYS[:5]}


def _parse_interval(interval: str, day: str) -> tuple[int, int]:
    """Minutes since midnight of an "HH:MM-HH:MM" interval (ValueError naming the day and what is wrong)."""
    match = _INTERVAL.match(interval)
    if not match:
        raise ValueError(f'hours.{day}: {interval!r} is not "HH:MM-HH:MM" (e.g. "09:00-17:30")')
    start = int(match[1]) * 60 + int(match[2])
    end = int(match[3]) * 60 + int(match[4])
    if end > 24 * 60 or end <= start:
        raise ValueError(f"hours.{day}: {interval!r} must end after it starts, at 24:00 at the latest")
    return start, end


def _instant(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    if minutes == 24 * 60:
        day, minutes = day + timedelta(days=1), 0
    local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone)
    return local.astimezone(UTC)


@lru_cache(maxsize=256)
def _public_holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))


def _aware(at: datetime, name: str) -> datetime:
    if at.tzinfo is None:
        raise CharteError(f"SLA clock: {name} must be timezone-aware")
    return at.astimezone(UTC)


def add_business_minutes(start: datetime, minutes: float, calendar: BusinessCalendar) -> datetime:
    """The instant ``minutes`` of opening time after ``start`` (UTC); the clock waits while closed."""
    start = _aware(start, "the start")
    if minutes < 0:
        raise CharteError("SLA clock: minutes must not be negative")
    if calendar.always_open:
        return start + timedelta(minutes=minutes)
    remaining = timedelta(minutes=minutes)
    day = start.astimezone(calendar.zone).date() - timedelta(days=1)  # an interval ending at 24:00 yesterday
    for _ in range(_SEARCH_DAYS):
        for opens, closes in calendar.open_intervals(day):
            if closes <= start:
                continue
            opens = max(opens, start)
            if remaining <= closes - opens:
                return opens + remaining
            remaining -= closes - opens
        day += timedelta(days=1)
    raise CharteError("SLA clock: the calendar has no opening hours in the next three years")


def due_at(received_at: datetime, sla_minutes: int, calendar: BusinessCalendar | None = None) -> datetime:
    """When an answer to a mention received at ``received_at`` is due (UTC)."""
    return add_business_minutes(received_at, sla_minutes, calendar or BusinessCalendar())


@dataclass(frozen=True, slots=True)
class SlaClock:
    """One mention's clock: when it is due, when to remind the team, and its state at a given instant."""

    received_at: datetime
    due_at: datetime
    remind_at: datetime

    @classmethod
    def start(
        cls, received_at: datetime, sla_minutes: int, calendar: BusinessCalendar | None = None
    ) -> SlaClock:
        """Start a clock; the reminder falls ``calendar.reminder_minutes`` of opening time before the due time
        (at the start when the SLA is shorter than that)."""
        calendar = calendar or BusinessCalendar()
        received = _aware(received_at, "received_at")
        due = add_business_minutes(received, sla_minutes, calendar)
        remind = add_business_minutes(received, max(0, sla_minutes - calendar.reminder_minutes), calendar)
        return cls(received, due, remind)

    def state(self, now: datetime, answered_at: datetime | None = None) -> SlaState:
        """``met``/``met_late`` once answered; otherwise ``running``, ``reminder`` (due soon) or ``breached``."""
        if answered_at is not None:
            return "met" if _aware(answered_at, "answered_at") <= self.due_at else "met_late"
        now = _aware(now, "now")
        if now > self.due_at:
            return "breached"
        return "reminder" if now >= self.remind_at else "running"

    def is_breached(self, now: datetime, answered_at: datetime | None = None) -> bool:
        return self.state(now, answered_at) in ("breached", "met_late")
