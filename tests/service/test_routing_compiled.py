"""Routing with each plan's conditions prepared once gives the answers of testing them one by one."""

from __future__ import annotations

import random
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


def _reference(plan: ConflictPlan, fields: dict[str, Any]) -> Route:
    """The rules tried one by one, as route() did before they were prepared."""
    teams = {t.id: t for t in plan.teams}
    for rule in plan.routing:
        if matches(rule.when, fields):
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


def _outcome(how: Any, plan: ConflictPlan, fields: dict[str, Any]) -> object:
    """The route, or the error's type (a list tested with ``in`` cannot be hashed, before as now)."""
    try:
        return how(plan, fields)
    except TypeError as error:
        return type(error)
