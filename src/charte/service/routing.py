"""Routing: which team of the conflict plan answers a classified mention, with what priority and by when.

The rules are the active policy's ``conflict_plan.routing``, tried in order (the first match wins), else
``default_team``. A condition tests one field of the classified message (:func:`fields_of`) with ``is``,
``in``, ``gte``, ``lte`` or ``contains`` (all the operators it names must hold; a field the message does not
have never matches); ``all`` needs every condition and ``any`` at least one (an empty list is no constraint).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from charte.listening.sla import SlaClock
from charte.policy.model import Condition, ConflictPlan, Match, Team
from charte.store.repositories import Store


@dataclass(frozen=True)
class Route:
    team: Team | None
    priority: str


def _norm(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _holds(cond: Condition, fields: Mapping[str, Any]) -> bool:
    if cond.field not in fields or fields[cond.field] is None:
        return False
    value = fields[cond.field]
    if cond.is_ is not None and _norm(value) != _norm(cond.is_):
        return False
    if cond.in_ is not None and _norm(value) not in {_norm(v) for v in cond.in_}:
        return False
    if cond.gte is not None or cond.lte is not None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        if (cond.gte is not None and value < cond.gte) or (cond.lte is not None and value > cond.lte):
            return False
    if cond.contains is not None:
        needle = cond.contains.casefold()
        if isinstance(value, str):
            return needle in value.casefold()
        if isinstance(value, list | tuple | set | frozenset):
            return any(needle == _norm(v) for v in value)
        return False
    return True


def matches(when: Match, fields: Mapping[str, Any]) -> bool:
    if when.all and not all(_holds(c, fields) for c in when.all):
        return False
    return not when.any or any(_holds(c, fields) for c in when.any)


def route(plan: ConflictPlan, fields: Mapping[str, Any]) -> Route:
    """The first rule that matches, else the default team (normal priority), else no team."""
    teams = {t.id: t for t in plan.teams}
    for rule in plan.routing:
        if matches(rule.when, fields):
            return Route(teams.get(rule.team), rule.priority)
    return Route(teams.get(plan.default_team) if plan.default_team else None, "normal")


def deadline(store: Store, team: Team | None, received_at: dt.datetime, org_id: int) -> SlaClock | None:
    """The SLA clock of a mention routed to ``team`` (no team: no deadline): due time and reminder time in
    the organisation's business hours and holidays (``charte.service.signals.sla_clock``)."""
    if team is None:
        return None
    from charte.service.signals import sla_clock  # signals imports notifications; kept off routing's import

    return sla_clock(store, org_id, received_at, team.sla_minutes)
