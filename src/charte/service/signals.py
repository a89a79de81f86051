"""The listening signals of each organisation, on the store: its business calendar (SLA clocks) and its spike
detector, kept in the worker's memory and saved to the store.

The detector is fed on each stored batch (``SpikeWatch.observe_batch``), costs a dictionary increment per mention,
and is saved when it raises an alert and at most every ``save_every`` otherwise: a worker killed between two saves
loses at most that much of the counts (the baselines are a week long; an alert is never lost, since it is saved
with the cooldown it starts). See docs/listening-signals.md.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from charte.audit.chain import AuditAction
from charte.errors import CharteError
from charte.i18n import gettext
from charte.listening.sla import BusinessCalendar, SlaClock
from charte.listening.spikes import Spike, SpikeDetector, SpikeSettings
from charte.service import audit
from charte.service.errors import FieldError, Invalid
from charte.service.notifications import Notification
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import ListeningSignals
from charte.store.repositories import Store

log = logging.getLogger(__name__)


def _row(store: Store, org_id: int) -> ListeningSignals:
    row = store.session.get(ListeningSignals, org_id)
    if row is None:
        row = ListeningSignals(org_id=org_id)
        store.session.add(row)
    return row


# -- business calendar ------------------------------------------------------------------------------------------
_CALENDARS = "charte.calendars"  # the calendars read in this session (a batch asks once per mention)


def calendar_of(store: Store, org_id: int) -> BusinessCalendar:
    """The organisation's calendar; open 24/7 when none is set. Read once per session (transaction)."""
    known: dict[int, BusinessCalendar] = store.session.info.setdefault(_CALENDARS, {})
    found = known.get(org_id)
    if found is None:
        row = store.session.get(ListeningSignals, org_id)
        found = (
            BusinessCalendar()
            if row is None or row.calendar is None
            else BusinessCalendar.model_validate(row.calendar)
        )
        known[org_id] = found
    return found


def set_calendar(store: Store, actor: Principal, settings: Mapping[str, Any]) -> BusinessCalendar:
    """Replace the organisation's calendar (an administrator); each wrong field is named."""
    actor.require(Permission.ORG_WRITE)
    try:
        calendar = BusinessCalendar.model_validate(dict(settings))
    except ValidationError as exc:
        raise Invalid(
            [FieldError(".".join(str(p) for p in e["loc"]) or "calendar", e["msg"]) for e in exc.errors()]
        ) from None
    _row(store, actor.org_id).calendar = calendar.model_dump(mode="json")
    store.session.flush()
    store.session.info.setdefault(_CALENDARS, {})[actor.org_id] = calendar
    audit.record(
        store.session,
        actor,
        AuditAction.POLICY_CHANGE,
        "business_calendar",
        actor.org_id,
        {"change": "calendar", "always_open": calendar.always_open, "timezone": calendar.timezone},
    )
    return calendar


def sla_clock(store: Store, org_id: int, received_at: dt.datetime, sla_minutes: int) -> SlaClock:
    """The clock of one mention routed to a team with ``sla_minutes``, in the organisation's calendar."""
    return SlaClock.start(received_at, sla_minutes, calendar_of(store, org_id))


# -- spike detectors --------------------------------------------------------------------------------------------
class SpikeWatch:
    """The spike detectors of the organisations one worker ingests for (one instance per worker process)."""

    def __init__(
        self, settings: SpikeSettings | None = None, save_every: dt.timedelta = dt.timedelta(minutes=1)
    ) -> None:
        self.settings = settings or SpikeSettings()
        self.save_every = save_every
        self._detectors: dict[int, SpikeDetector] = {}
        self._saved_at: dict[int, dt.datetime] = {}

    def detector(self, store: Store, org_id: int) -> SpikeDetector:
        found = self._detectors.get(org_id)
        if found is None:
            row = store.session.get(ListeningSignals, org_id)
            found = SpikeDetector(self.settings)
            if row is not None and row.spike_state:
                try:
                    found = SpikeDetector.from_json(row.spike_state, self.settings)
                except CharteError:
                    log.warning(
                        "spikes: the saved state of organisation %s is unreadable; starting afresh", org_id
                    )
            self._detectors[org_id] = found
        return found

    def observe_batch(
        self,
        store: Store,
        org_id: int,
        items: Iterable[tuple[Sequence[str], dt.datetime]],
        now: dt.datetime,
    ) -> list[Spike]:
        """Count a stored batch (each new mention's ``signal_keys`` and time) and return the alerts it raises."""
        detector = self.detector(store, org_id)
        spikes = detector.observe_batch(items, now)
        last = self._saved_at.get(org_id)
        if spikes or last is None or now - last >= self.save_every:
            self.save(store, org_id, now)
        return spikes

    def save(self, store: Store, org_id: int, now: dt.datetime) -> None:
        """Write the detector's state in the caller's transaction."""
        detector = self._detectors.get(org_id)
        if detector is not None:
            _row(store, org_id).spike_state = detector.to_json()
            store.session.flush()
            self._saved_at[org_id] = now


def spike_notification(spike: Spike, lang: str | None = None) -> Notification:
    """The message an alert sends out (counts only: no mention text, no author)."""
    key = spike.key
    if key.startswith("keyword:"):
        what = gettext("mentions of “{keyword}”", lang=lang, keyword=key.removeprefix("keyword:"))
    elif key == "crisis":
        what = gettext("crisis mentions", lang=lang)
    else:
        what = gettext("negative mentions", lang=lang)
    title = gettext("Spike: {what}", lang=lang, what=what)
    if spike.window_seconds % 60:
        body = gettext(
            "{observed} {what} in the last {seconds} seconds, against {expected} expected at this time of day.",
            lang=lang,
            observed=spike.observed,
            what=what,
            seconds=spike.window_seconds,
            expected=f"{spike.expected:.1f}",
        )
    else:
        body = gettext(
            "{observed} {what} in the last {minutes} minutes, against {expected} expected at this time of day.",
            lang=lang,
            observed=spike.observed,
            what=what,
            minutes=spike.window_seconds // 60,
            expected=f"{spike.expected:.1f}" if spike.expected < 10 else f"{spike.expected:.0f}",
        )
    return Notification("alert", title, body)
