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


def matches(when: Match, fields: Mapping[str, Any]) -> bool:
    """Whether ``fields`` meet ``when`` (its conditions prepared for this one call; :func:`route` prepares a
    plan's once)."""
    return _When(when)(fields)


def route(plan: ConflictPlan, fields: Mapping[str, Any]) -> Route:
    """The first rule that matches, else the default team (normal priority), else no team."""
    return _router(plan).route(fields)


class _Test:
    """One condition, its values case-folded once (ingestion routes every mention)."""

    __slots__ = ("bounds", "field", "gte", "in_", "in_raw", "is_", "lte", "needle")

    def __init__(self, cond: Condition) -> None:
        self.field = cond.field
        self.is_ = _norm(cond.is_) if cond.is_ is not None else None
        self.in_: frozenset[Any] | None = None
        self.in_raw: list[Any] | None = (
            None  # values that cannot be hashed: tested (and failing) on each call
        )
        if cond.in_ is not None:
            try:
                self.in_ = frozenset(_norm(v) for v in cond.in_)
            except TypeError:
                self.in_raw = cond.in_
        self.bounds = cond.gte is not None or cond.lte is not None
        self.gte, self.lte = cond.gte, cond.lte
        self.needle = cond.contains.casefold() if cond.contains is not None else None

    def __call__(self, fields: Mapping[str, Any]) -> bool:
        value = fields.get(self.field)
        if value is None:
            return False
        if self.is_ is not None and _norm(value) != self.is_:
            return False
        if self.in_ is not None and _norm(value) not in self.in_:
            return False
        if self.in_raw is not None and _norm(value) not in {_norm(v) for v in self.in_raw}:
            return False
        if self.bounds:
            if isinstance(value, bool) or not isinstance(value, int | float):
                return False
            if (self.gte is not None and value < self.gte) or (self.lte is not None and value > self.lte):
                return False
        needle = self.needle
        if needle is not None:
            if isinstance(value, str):
                return needle in value.casefold()
            if isinstance(value, list | tuple | set | frozenset):
                return any(needle == _norm(v) for v in value)
            return False
        return True


class _When:
    """A rule's ``when``: every ``all`` test holds and, if there are ``any`` tests, at least one."""

    __slots__ = ("every", "some")

    def __init__(self, when: Match) -> None:
        self.every = tuple(_Test(c) for c in when.all)
        self.some = tuple(_Test(c) for c in when.any)

    def __call__(self, fields: Mapping[str, Any]) -> bool:
        if self.every and not all(test(fields) for test in self.every):
            return False
        return not self.some or any(test(fields) for test in self.some)


class _Router:
    """A conflict plan's rules ready to test (:func:`route`'s answers, computed once per plan)."""

    def __init__(self, plan: ConflictPlan) -> None:
        teams = {t.id: t for t in plan.teams}
        self.rules = [(_When(rule.when), Route(teams.get(rule.team), rule.priority)) for rule in plan.routing]
        self.default = Route(teams.get(plan.default_team) if plan.default_team else None, "normal")

    def route(self, fields: Mapping[str, Any]) -> Route:
        for when, chosen in self.rules:
            if when(fields):
                return chosen
        return self.default


#: Routers of the plans seen lately, by the plan's id (the plan is kept with it, so the id is not reused).
_ROUTERS: dict[int, tuple[ConflictPlan, _Router]] = {}
_MAX_ROUTERS = 32


def _router(plan: ConflictPlan) -> _Router:
    found = _ROUTERS.get(id(plan))
    if found is not None and found[0] is plan:
        return found[1]
    router = _Router(plan)
    if len(_ROUTERS) >= _MAX_ROUTERS:
        _ROUTERS.clear()
    _ROUTERS[id(plan)] = (plan, router)
    return router


def deadline(store: Store, team: Team | None, received_at: dt.datetime, org_id: int) -> SlaClock | None:
    """The SLA clock of a mention routed to ``team`` (no team: no deadline): due time and reminder time in
    the organisation's business hours and holidays (``charte.service.signals.sla_clock``)."""
    if team is None:
        return None
    from charte.service.signals import sla_clock  # signals imports notifications; kept off routing's import

    return sla_clock(store, org_id, received_at, team.sla_minutes)
