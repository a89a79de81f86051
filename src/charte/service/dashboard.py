"""The dashboard's figures: posts checked, verdicts by clause over time, approval lead time, top findings.

Counts come from the audit record (every check of a draft is an entry with its verdict and rule ids, never its
text) and from the approval events, aggregated by the database (:class:`charte.store.repositories.Metrics`),
so a long period costs a few hundred rows, not one per check. Rules are mapped to the clauses of the *active*
policy: a rule that no longer exists is counted under its id. Clause titles pass through the policy's
redaction, like the document. Only ``metrics:read`` (admins, policy owners, approvers, auditors) sees them.

The record is append-only, so a UTC day that is over never changes: :class:`DayCache` (one per process, in the
application's state like the engine cache) keeps each closed day's counts, and a page asks the database only
for the days it has not seen and for today. Measured on 400,000 audit entries (SQLite, 2 cores, see
docs/web.md): a year's figures take about 3 s the first time, then a few milliseconds.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from charte.engine.redaction import Redactor
from charte.i18n import _
from charte.policy.loader import parse_policy
from charte.policy.model import Policy
from charte.service import account_register, policies
from charte.service.account_register import Posture
from charte.service.errors import Invalid
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.repositories import Store
from charte.store.repositories.metrics import DayCount

MAX_DAYS = 366
DAY_BUCKETS_UP_TO = 31  # longer periods are shown week by week
VERDICTS = ("allow", "review", "block")
TOP = 10


@dataclass(frozen=True)
class Series:
    key: str  # a verdict, a clause id
    label: str
    values: tuple[int, ...]  # one per bucket

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass(frozen=True)
class TopFinding:
    rule_id: str
    clause: str
    clause_title: str
    count: int


@dataclass(frozen=True)
class LeadTime:
    """Hours from the (last) submission to the last approval, for the drafts approved in the period."""

    approved: int
    median_hours: float | None
    p90_hours: float | None
    by_bucket: tuple[float | None, ...]  # median per bucket


@dataclass(frozen=True)
class Dashboard:
    since: dt.date
    until: dt.date  # exclusive
    granularity: str  # "day" | "week"
    buckets: tuple[dt.date, ...]  # the first day of each bucket
    checks: tuple[Series, ...]  # by verdict
    clauses: tuple[Series, ...]  # checks that fired a rule of the clause, per bucket (top clauses)
    lead_time: LeadTime
    top_findings: tuple[TopFinding, ...]
    total_checks: int = field(default=0)
    # The account register's posture now (not over the period): 2FA valid, rotation on time, reviews done.
    posture: Posture | None = field(default=None)


Loader = Callable[[dt.datetime, dt.datetime], list[DayCount]]


class DayCache:
    """The counts of closed days, per organisation and kind of count (least recently used out first)."""

    SETTLE = dt.timedelta(hours=1)  # an entry stamped just before midnight may commit a little after it

    def __init__(self, max_days: int = 50_000) -> None:
        self._days: OrderedDict[tuple[int, str, dt.date], tuple[DayCount, ...]] = OrderedDict()
        self._max = max_days
        self._lock = threading.Lock()

    def counts(
        self, org_id: int, kind: str, start: dt.date, end: dt.date, load: Loader, now: dt.datetime
    ) -> list[DayCount]:
        """The counts of the days [start, end): closed days from the cache (loading the missing ones in one
        query), the others straight from the database."""
        closed_before = min((now - self.SETTLE).date(), end)
        days = [start + dt.timedelta(days=i) for i in range((end - start).days)]
        with self._lock:
            missing = [d for d in days if d < closed_before and (org_id, kind, d) not in self._days]
        if missing:
            loaded: dict[dt.date, list[DayCount]] = {d: [] for d in missing}
            for row in load(_midnight(missing[0]), _midnight(missing[-1] + dt.timedelta(days=1))):
                day = dt.date.fromisoformat(row.day)
                if day in loaded:
                    loaded[day].append(row)
            with self._lock:
                for day, rows in loaded.items():
                    self._days[(org_id, kind, day)] = tuple(rows)
                while len(self._days) > self._max:
                    self._days.popitem(last=False)
        out: list[DayCount] = []
        with self._lock:
            for d in days:
                if d < closed_before:
                    key = (org_id, kind, d)
                    self._days.move_to_end(key)
                    out += self._days[key]
        if closed_before < end:
            out += load(_midnight(max(start, closed_before)), _midnight(end))
        return out


def period(since: dt.date | None, until: dt.date | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """[since, until) from optional form values: default the last 30 days; errors name the field."""
    end = until or today + dt.timedelta(days=1)
    start = since or end - dt.timedelta(days=30)
    if start >= end:
        raise Invalid.one("since", _("must be before the end of the period"))
    if (end - start).days > MAX_DAYS:
        raise Invalid.one("since", _("a period is at most {n} days", n=MAX_DAYS))
    return start, end


def _buckets(start: dt.date, end: dt.date) -> tuple[str, list[dt.date]]:
    days = (end - start).days
    if days <= DAY_BUCKETS_UP_TO:
        return "day", [start + dt.timedelta(days=i) for i in range(days)]
    first = start - dt.timedelta(days=start.weekday())
    return "week", [first + dt.timedelta(weeks=i) for i in range(math.ceil((end - first).days / 7))]


def _index(buckets: list[dt.date], granularity: str, day: dt.date) -> int:
    step = 1 if granularity == "day" else 7
    return (day - buckets[0]).days // step


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _active_policy(store: Store, actor: Principal) -> Policy | None:
    row = store.policies.active(actor.org_id)
    return parse_policy(row.yaml_text, policies.SOURCE) if row is not None else None


def build(
    store: Store,
    actor: Principal,
    since: dt.date | None = None,
    until: dt.date | None = None,
    *,
    lang: str = "en",
    cache: DayCache | None = None,
    now: dt.datetime | None = None,
) -> Dashboard:
    actor.require(Permission.METRICS_READ)
    now = now or dt.datetime.now(dt.UTC)
    start, end = period(since, until, now.date())
    lo, hi = _midnight(start), _midnight(end)
    days = cache or DayCache()
    org = actor.org_id

    def checks_by_day(a: dt.datetime, b: dt.datetime) -> list[DayCount]:
        return store.metrics.checks_by_day(org, a, b)

    def rules_by_day(a: dt.datetime, b: dt.datetime) -> list[DayCount]:
        return store.metrics.rules_by_day(org, a, b)

    granularity, buckets = _buckets(start, end)
    n = len(buckets)

    verdicts: dict[str, list[int]] = {v: [0] * n for v in VERDICTS}
    for row in days.counts(org, "checks", start, end, checks_by_day, now):
        i = _index(buckets, granularity, dt.date.fromisoformat(row.day))
        verdicts.setdefault(row.key, [0] * n)[i] += row.count
    labels = {
        "allow": _("allowed", lang=lang),
        "review": _("to review", lang=lang),
        "block": _("blocked", lang=lang),
    }
    checks = tuple(Series(k, labels.get(k, k), tuple(v)) for k, v in verdicts.items())

    policy = _active_policy(store, actor)
    rule_clause = {r.id: r.clause for r in policy.rules} if policy else {}
    redactor = Redactor.for_policy(policy) if policy else Redactor([])
    marker = _("[confidential]", lang=lang)

    def clause_title(clause_id: str) -> str:
        clause = policy.clause(clause_id) if policy else None
        return redactor.redact(clause.title.get(lang), marker) if clause else ""

    per_clause: dict[str, list[int]] = defaultdict(lambda: [0] * n)
    per_rule: Counter[str] = Counter()
    for row in days.counts(org, "rules", start, end, rules_by_day, now):
        i = _index(buckets, granularity, dt.date.fromisoformat(row.day))
        per_clause[rule_clause.get(row.key, row.key)][i] += row.count
        per_rule[row.key] += row.count
    top_clauses = sorted(per_clause.items(), key=lambda kv: (-sum(kv[1]), kv[0]))[:TOP]
    clauses = tuple(Series(c, f"{c} {clause_title(c)}".strip(), tuple(values)) for c, values in top_clauses)
    top = tuple(
        TopFinding(rule, rule_clause.get(rule, ""), clause_title(rule_clause.get(rule, "")), count)
        for rule, count in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
    )
    return Dashboard(
        start,
        end,
        granularity,
        tuple(buckets),
        checks,
        clauses,
        _lead_time(store, actor.org_id, lo, hi, buckets, granularity),
        top,
        sum(s.total for s in checks),
        account_register.posture(store, actor),
    )


def _lead_time(
    store: Store, org_id: int, lo: dt.datetime, hi: dt.datetime, buckets: list[dt.date], granularity: str
) -> LeadTime:
    approved = store.metrics.approvals_completed(org_id, lo, hi)
    submitted = store.metrics.submissions(org_id, (d for d, _at in approved), hi)
    hours: list[float] = []
    per_bucket: list[list[float]] = [[] for _b in buckets]
    for draft_id, at in approved:
        before = [s for s in submitted.get(draft_id, []) if s <= at]
        if not before:
            continue  # submitted before the record began (or by an older version without the entry)
        h = (at - max(before)).total_seconds() / 3600
        hours.append(h)
        per_bucket[_index(buckets, granularity, at.date())].append(h)
    return LeadTime(
        len(hours),
        _quantile(hours, 0.5),
        _quantile(hours, 0.9),
        tuple(_quantile(b, 0.5) for b in per_bucket),
    )
