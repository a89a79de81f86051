"""Routing with each plan's conditions prepared once (and ``matches``) give the answers of a plain reference
kept here: each condition tested from scratch, field by field, as charte.service.routing's docstring states."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from charte.policy.model import Condition, ConflictPlan, Match, RoutingRule, Team
from charte.service.routing import Route, matches, route

VALUES: list[Any] = [
    "Complaint",
    "complaint",
    "crisis",
    "FR",
    "fr",
    0.2,
    0.9,
    3,
    True,
    None,
    ["r1", "R2"],
    "Acme x",
]
FIELDS = ("intent", "toxicity", "language", "rules", "text")


def _norm(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _holds(cond: Condition, fields: Mapping[str, Any]) -> bool:
    """One condition, tested from scratch (the reference the prepared tests are compared with)."""
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


def _matches(when: Match, fields: Mapping[str, Any]) -> bool:
    if when.all and not all(_holds(c, fields) for c in when.all):
        return False
    return not when.any or any(_holds(c, fields) for c in when.any)


def _reference(plan: ConflictPlan, fields: dict[str, Any]) -> Route:
    """The rules tried one by one with the reference tests."""
    teams = {t.id: t for t in plan.teams}
    for rule in plan.routing:
        if _matches(rule.when, fields):
            return Route(teams.get(rule.team), rule.priority)
    return Route(teams.get(plan.default_team) if plan.default_team else None, "normal")


def _condition(rng: random.Random) -> Condition:
    data: dict[str, Any] = {"field": rng.choice(FIELDS)}
    kind = rng.randrange(5)
    if kind == 0:
        data["is"] = rng.choice(["COMPLAINT", "crisis", "fr", 3])
    elif kind == 1:
        data["in"] = rng.sample(["Complaint", "question", "FR", "en", 3], 2)
    elif kind == 2:
        data["gte"] = rng.choice([0.1, 0.5, 2.0])
    elif kind == 3:
        data["lte"] = rng.choice([0.3, 1.0])
    else:
        data["contains"] = rng.choice(["ACME", "r2", "x"])
    return Condition.model_validate(data)


def test_prepared_routing_answers_as_the_conditions_tested_one_by_one() -> None:
    rng = random.Random(11)
    teams = [
        Team.model_validate({"id": f"t{i}", "name": {"en": f"T{i}"}, "kind": "customer_service"})
        for i in range(3)
    ]
    for _ in range(200):
        rules = [
            RoutingRule(
                when=Match(
                    all=[_condition(rng) for _ in range(rng.randrange(3))],
                    any=[_condition(rng) for _ in range(rng.randrange(3))],
                ),
                team=rng.choice(teams).id,
                priority=rng.choice(["low", "normal", "high", "urgent"]),
            )
            for _ in range(rng.randrange(1, 5))
        ]
        plan = ConflictPlan(teams=teams, routing=rules, default_team=rng.choice([None, "t0"]))
        for _ in range(30):
            fields = {f: rng.choice(VALUES) for f in FIELDS if rng.random() < 0.8}
            assert _outcome(route, plan, fields) == _outcome(_reference, plan, fields), (plan, fields)
            for rule in rules:
                assert _outcome(matches, rule.when, fields) == _outcome(_matches, rule.when, fields)


def _outcome(how: Any, subject: Any, fields: dict[str, Any]) -> object:
    """The answer, or the error's type (a list tested with ``in`` cannot be hashed, by either)."""
    try:
        return how(subject, fields)
    except TypeError as error:
        return type(error)
