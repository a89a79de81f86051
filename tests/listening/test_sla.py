"""SLA clocks in business hours: weekends, holidays, DST changes, 24/7, reminders and breaches."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from charte.errors import CharteError
from charte.listening.sla import BusinessCalendar, SlaClock, add_business_minutes, due_at

PARIS = ZoneInfo("Europe/Paris")
OFFICE = BusinessCalendar(
    timezone="Europe/Paris",
    always_open=False,
    hours={d: ("09:00-12:00", "13:00-17:00") for d in ("mon", "tue", "wed", "thu", "fri")},
)


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


def test_always_open_is_received_plus_minutes() -> None:
    received = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night Europe moves to summer time
    assert due_at(received, 90) == received + timedelta(minutes=90)
    assert due_at(received, 90, BusinessCalendar(timezone="Europe/Paris")) == received + timedelta(minutes=90)


def test_within_one_opening_interval() -> None:
    assert due_at(paris(2026, 3, 4, 10, 0), 60, OFFICE) == paris(2026, 3, 4, 11, 0)


def test_lunch_break_is_skipped() -> None:
    assert due_at(paris(2026, 3, 4, 11, 30), 60, OFFICE) == paris(2026, 3, 4, 13, 30)


def test_received_at_night_starts_at_opening() -> None:
    assert due_at(paris(2026, 3, 4, 22, 0), 30, OFFICE) == paris(2026, 3, 5, 9, 30)


def test_friday_evening_runs_over_the_weekend() -> None:
    # 16:30 Friday + 120 min = 30 min Friday, 90 min from Monday 09:00.
    assert due_at(paris(2026, 3, 6, 16, 30), 120, OFFICE) == paris(2026, 3, 9, 10, 30)


def test_received_on_saturday_waits_for_monday() -> None:
    assert due_at(paris(2026, 3, 7, 11, 0), 10, OFFICE) == paris(2026, 3, 9, 9, 10)


def test_multi_day_sla() -> None:
    # 7 h a day: 3 days of minutes (21 h) from Wednesday 09:00 end Friday 17:00.
    assert due_at(paris(2026, 3, 4, 9, 0), 21 * 60, OFFICE) == paris(2026, 3, 6, 17, 0)


def test_public_holidays_of_the_country_are_closed() -> None:
    france = OFFICE.model_copy(update={"holidays_country": "FR"})
    # Friday 1 May 2026 (Fête du travail) is closed: Thursday 16:30 + 60 min ends Monday 4 May 09:30.
    assert due_at(paris(2026, 4, 30, 16, 30), 60, france) == paris(2026, 5, 4, 9, 30)
    assert due_at(paris(2026, 4, 30, 16, 30), 60, OFFICE) == paris(2026, 5, 1, 9, 30)


def test_subdivision_holidays() -> None:
    # 6 January (Epiphany) is a public holiday in Bavaria ("BY"), not in Berlin ("BE"); 2028-01-06 is a Thursday.
    day_before = datetime(2028, 1, 5, 16, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    base = {
        "timezone": "Europe/Berlin",
        "always_open": False,
        "hours": {d: ("09:00-17:00",) for d in ("mon", "tue", "wed", "thu", "fri")},
    }
    bavaria = BusinessCalendar(**base, holidays_country="DE", holidays_subdivision="BY")
    berlin = BusinessCalendar(**base, holidays_country="DE", holidays_subdivision="BE")
    assert due_at(day_before, 60, bavaria).astimezone(ZoneInfo("Europe/Berlin")).day == 7
    assert due_at(day_before, 60, berlin).astimezone(ZoneInfo("Europe/Berlin")).day == 6


def test_custom_closed_dates() -> None:
    closed = OFFICE.model_copy(update={"closed_dates": (date(2026, 3, 5),)})
    assert due_at(paris(2026, 3, 4, 16, 30), 60, closed) == paris(2026, 3, 6, 9, 30)


def test_spring_forward_counts_real_time() -> None:
    # Open every day 00:00-06:00. On 29 March 2026, 02:00 becomes 03:00 in Paris: that day opens 5 real hours.
    night = BusinessCalendar(timezone="Europe/Paris", always_open=False, hours={"sun": ("00:00-06:00",)})
    received = paris(2026, 3, 29, 0, 0)
    assert due_at(received, 5 * 60, night) == paris(2026, 3, 29, 6, 0)
    assert (due_at(received, 5 * 60, night) - received) == timedelta(hours=5)
    # One minute more is the next Sunday.
    assert due_at(received, 5 * 60 + 1, night) == paris(2026, 4, 5, 0, 1)


def test_fall_back_counts_real_time() -> None:
    # On 25 October 2026, 03:00 becomes 02:00 again: 00:00-06:00 lasts 7 real hours.
    night = BusinessCalendar(timezone="Europe/Paris", always_open=False, hours={"sun": ("00:00-06:00",)})
    received = paris(2026, 10, 25, 0, 0)
    due = due_at(received, 7 * 60, night)
    assert due == paris(2026, 10, 25, 6, 0)
    assert due - received == timedelta(hours=7)


def test_opening_inside_the_spring_gap() -> None:
    # Opening at 02:30 on the night that skips 02:00-03:00 opens at 03:30 summer time (01:30 UTC).
    odd = BusinessCalendar(timezone="Europe/Paris", always_open=False, hours={"sun": ("02:30-05:00",)})
    assert due_at(paris(2026, 3, 29, 0, 0), 0, odd) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_business_day_across_a_dst_change_keeps_local_hours() -> None:
    # Friday 27 March 16:00 (winter time) + 120 min = 60 Friday + 60 from Monday 30 March 09:00 (summer time).
    assert due_at(paris(2026, 3, 27, 16, 0), 120, OFFICE) == paris(2026, 3, 30, 10, 0)
    assert due_at(paris(2026, 3, 27, 16, 0), 120, OFFICE) == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)


def test_new_york_timezone() -> None:
    ny = BusinessCalendar(
        timezone="America/New_York", always_open=False, hours={"mon": ("08:00-20:00",)}, holidays_country="US"
    )
    # Monday 7 September 2026 is Labor Day: 19:30 on Monday 31 August + 60 min ends Monday 14 September 08:30.
    received = datetime(2026, 8, 31, 19, 30, tzinfo=ZoneInfo("America/New_York"))
    assert due_at(received, 60, ny) == datetime(2026, 9, 14, 8, 30, tzinfo=ZoneInfo("America/New_York"))


def test_midnight_end_and_weekend_hours() -> None:
    late = BusinessCalendar(
        timezone="UTC", always_open=False, hours={"sat": ("18:00-24:00",), "sun": ("00:00-02:00",)}
    )
    assert due_at(datetime(2026, 3, 7, 23, 0, tzinfo=UTC), 120, late) == datetime(
        2026, 3, 8, 1, 0, tzinfo=UTC
    )


def test_clock_reminder_and_breach() -> None:
    calendar = OFFICE.model_copy(update={"reminder_minutes": 30})
    clock = SlaClock.start(paris(2026, 3, 6, 16, 0), 120, calendar)
    assert clock.due_at == paris(2026, 3, 9, 10, 0)  # 60 min on Friday, 60 on Monday
    assert clock.remind_at == paris(2026, 3, 9, 9, 30)  # 30 min of opening time before, not on the weekend
    assert clock.state(paris(2026, 3, 7, 12, 0)) == "running"
    assert clock.state(paris(2026, 3, 9, 9, 45)) == "reminder"
    assert clock.state(paris(2026, 3, 9, 10, 1)) == "breached"
    assert clock.is_breached(paris(2026, 3, 9, 10, 1))
    assert not clock.is_breached(paris(2026, 3, 9, 9, 59))
    assert clock.state(paris(2026, 3, 9, 12, 0), answered_at=paris(2026, 3, 9, 9, 59)) == "met"
    assert clock.state(paris(2026, 3, 9, 12, 0), answered_at=paris(2026, 3, 9, 10, 5)) == "met_late"


def test_short_sla_reminds_at_once() -> None:
    clock = SlaClock.start(datetime(2026, 3, 4, 10, 0, tzinfo=UTC), 10, BusinessCalendar(reminder_minutes=30))
    assert clock.remind_at == clock.received_at
    assert clock.due_at == clock.received_at + timedelta(minutes=10)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "unknown timezone"),
        ({"hours": {"mon": ("9-17",)}}, "HH:MM-HH:MM"),
        ({"hours": {"mon": ("17:00-09:00",)}}, "end after it starts"),
        ({"hours": {"mon": ("09:00-12:00", "11:00-13:00")}}, "overlaps"),
        ({"hours": {"funday": ("09:00-12:00",)}}, "hours.funday"),
        ({"always_open": False, "hours": {}}, "at least one opening interval"),
        ({"holidays_country": "XX"}, "holidays_country"),
        ({"holidays_subdivision": "BY"}, "needs holidays_country"),
        ({"reminder_minutes": -1}, "reminder_minutes"),
    ],
)
def test_bad_settings_are_named(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        BusinessCalendar.model_validate(settings)


def test_naive_times_and_closed_calendars_are_refused() -> None:
    with pytest.raises(CharteError, match="timezone-aware"):
        due_at(datetime(2026, 3, 4, 10, 0), 10)
    with pytest.raises(CharteError, match="negative"):
        add_business_minutes(datetime(2026, 3, 4, 10, 0, tzinfo=UTC), -1, OFFICE)
    every_day = BusinessCalendar(always_open=False, hours={"mon": ("09:00-10:00",)})
    closed = every_day.model_copy(
        update={"closed_dates": tuple(date(2026, 3, 2) + timedelta(weeks=w) for w in range(200))}
    )
    with pytest.raises(CharteError, match="no opening hours"):
        due_at(datetime(2026, 3, 2, 8, 0, tzinfo=UTC), 120, closed)


def test_settings_round_trip_as_json() -> None:
    calendar = OFFICE.model_copy(update={"holidays_country": "FR", "closed_dates": (date(2026, 12, 24),)})
    assert BusinessCalendar.model_validate_json(calendar.model_dump_json()) == calendar
