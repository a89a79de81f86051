"""The post-crisis report: its timeline (from the audit record), the volumes the listening store saw (mentions per
hour, negative share), the response times (mentions due during the crisis: answered, past their deadline) and what
was sent. Read by the roles that manage crises and by auditors; rendered to HTML, then to PDF with WeasyPrint like
the policy document and the audit export (the ``pdf`` extra)."""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from dataclasses import dataclass

from charte.audit.store import AuditLog
from charte.errors import CharteError
from charte.i18n import N_, gettext
from charte.service import crisis as crises
from charte.service.principal import Principal
from charte.store.models import Crisis, utcnow
from charte.store.repositories import Store

ANSWERED = frozenset({"answered", "closed"})


@dataclass(frozen=True)
class TimelineEntry:
    at: str
    actor: str
    change: str
    details: dict[str, object]


@dataclass(frozen=True)
class SentPost:
    at: dt.datetime
    publication_id: int
    draft_id: int | None
    account: str
    text: str
    statement: bool


@dataclass(frozen=True)
class Report:
    crisis: Crisis
    organisation: str
    start: dt.datetime
    end: dt.datetime
    timeline: list[TimelineEntry]
    per_hour: list[tuple[dt.datetime, int, int]]  # hour, mentions, negative ones
    mentions: int
    negative: int
    due: int
    answered: int
    breached: int
    sent: list[SentPost]

    @property
    def negative_share(self) -> float:
        return self.negative / self.mentions if self.mentions else 0.0


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def build(store: Store, actor: Principal, crisis_id: int, now: dt.datetime | None = None) -> Report:
    crisis = crises.get(store, actor, crisis_id)
    start = _aware(crisis.declared_at)
    end = _aware(crisis.ended_at) if crisis.ended_at is not None else (now or utcnow())
    entries = AuditLog(store.session).query(actor.org_id, actions=["crisis"])
    timeline = [
        TimelineEntry(e.at, e.actor, str(e.details.get("change", "")), e.details)
        for e in entries
        if e.object_type == "crisis" and e.object_id == str(crisis.id)
    ]
    hours: Counter[dt.datetime] = Counter()
    negatives: Counter[dt.datetime] = Counter()
    for at, sentiment in store.crises.mentions_between(actor.org_id, start, end):
        hour = _aware(at).replace(minute=0, second=0, microsecond=0)
        hours[hour] += 1
        negatives[hour] += sentiment == "negative"
    due = store.crises.mentions_due_between(actor.org_id, start, end)
    sent = [
        SentPost(
            at=_aware(row.sent_at or row.created_at),
            publication_id=row.id,
            draft_id=row.draft_id,
            account=str((row.content or {}).get("account", "")),
            text=str((row.content or {}).get("text", ""))[:280],
            statement=(row.content or {}).get("crisis_id") == crisis.id,
        )
        for row in store.crises.sent_between(actor.org_id, start, end)
    ]
    organisation = store.organisations.get(actor.org_id)
    return Report(
        crisis=crisis,
        organisation=organisation.name if organisation is not None else str(actor.org_id),
        start=start,
        end=end,
        timeline=timeline,
        per_hour=[(h, hours[h], negatives[h]) for h in sorted(hours)],
        mentions=sum(hours.values()),
        negative=sum(negatives.values()),
        due=len(due),
        answered=sum(1 for status, _ in due if status in ANSWERED),
        breached=sum(1 for _, escalated in due if escalated is not None),
        sent=sent,
    )


def _when(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


_LABELS = (
    N_("Crisis report"),
    N_("Timeline"),
    N_("At (UTC)"),
    N_("Who"),
    N_("What"),
    N_("Details"),
    N_("Volumes"),
    N_("Hour"),
    N_("Mentions"),
    N_("Negative"),
    N_("Response times"),
    N_("Sent during the crisis"),
    N_("At"),
    N_("Publication"),
    N_("Account"),
    N_("Approved during the crisis"),
    N_("Text"),
    N_("yes"),
    N_("no"),
)


#: What each change of the timeline (the audit record's ``change`` code) reads as.
CHANGES = {
    "declared": N_("Crisis declared"),
    "posts_paused": N_("Scheduled posts paused"),
    "post_paused": N_("A post that fell due was paused"),
    "statement_sent": N_("Statement sent"),
    "decision": N_("Decision on paused posts"),
    "ended": N_("Crisis ended"),
}
#: The details' names, and the coded values among them (scope, choices, kinds of object).
DETAIL_NAMES = {
    "scope": N_("scope"),
    "account_ids": N_("accounts"),
    "team": N_("crisis team"),
    "alert_id": N_("alert"),
    "count": N_("posts"),
    "publication_id": N_("publication"),
    "draft_id": N_("draft"),
    "choice": N_("decision"),
    "rest": N_("every other paused post"),
    "object_type": N_("kind"),
    "object_id": N_("number"),
    "resume": N_("resumed"),
    "reschedule": N_("rescheduled"),
    "cancel": N_("cancelled"),
}
DETAIL_VALUES = {
    "all": N_("every account"),
    "accounts": N_("chosen accounts"),
    "resume": N_("resume"),
    "reschedule": N_("reschedule"),
    "cancel": N_("cancel"),
    "publication": N_("publication"),
    "reply": N_("reply"),
}


def describe(entry: TimelineEntry, lang: str) -> tuple[str, str]:
    """The change and its details in words of ``lang`` (an unknown code is shown as it is; empty details left
    out), never the internal codes the audit record keeps."""
    what = gettext(CHANGES[entry.change], lang=lang) if entry.change in CHANGES else entry.change
    parts = []
    for key, value in sorted(entry.details.items()):
        if key == "change" or value is None or value == []:
            continue
        name = gettext(DETAIL_NAMES[key], lang=lang) if key in DETAIL_NAMES else key
        if isinstance(value, list):
            shown = ", ".join(map(str, value))
        elif isinstance(value, str) and value in DETAIL_VALUES:
            shown = gettext(DETAIL_VALUES[value], lang=lang)
        else:
            shown = str(value)
        parts.append(gettext("{label}: {value}", lang=lang, label=name, value=shown))
    return what, "; ".join(parts)


def to_html(report: Report, lang: str) -> str:
    """The report as a standalone HTML page (every value escaped once)."""
    esc = html.escape

    def _(message: str, **params: object) -> str:  # the name the catalogue's extraction looks for
        return esc(gettext(message, lang=lang, **params))

    w = {label: _(label) for label in _LABELS}
    c = report.crisis
    outcome = c.outcome or {}
    scope = (
        gettext("every scheduled post", lang=lang)
        if c.scope == "all"
        else gettext("the posts of accounts {ids}", lang=lang, ids=", ".join(map(str, c.account_ids)))
    )
    ended = _when(report.end) if c.ended_at is not None else gettext("ongoing", lang=lang)
    intro = "<br>\n".join(
        (
            _("Crisis {id}: {summary}", id=c.id, summary=c.summary),
            _("Declared {start}; ended {end}.", start=_when(report.start), end=ended),
            _("Paused: {scope}; {n} posts paused.", scope=scope, n=c.paused_count),
            _(
                "Decisions: {resume} resumed, {reschedule} rescheduled, {cancel} cancelled.",
                resume=outcome.get("resume", 0),
                reschedule=outcome.get("reschedule", 0),
                cancel=outcome.get("cancel", 0),
            ),
        )
    )
    volumes = _(
        "Mentions received: {n}; negative: {neg} ({share}).",
        n=report.mentions,
        neg=report.negative,
        share=f"{report.negative_share:.0%}",
    )
    response = _(
        "Mentions due during the crisis: {due}; answered: {answered}; past their deadline: {breached}.",
        due=report.due,
        answered=report.answered,
        breached=report.breached,
    )
    no_mention = _("No mention received during the crisis.")
    nothing_sent = _("Nothing was sent during the crisis.")
    timeline = "\n".join(
        f"<tr><td>{esc(e.at[:19].replace('T', ' '))}</td><td>{esc(e.actor)}</td>"
        + "".join(f"<td>{esc(text)}</td>" for text in describe(e, lang))
        + "</tr>"
        for e in report.timeline
    )
    hours = (
        "\n".join(
            f"<tr><td>{esc(_when(h))}</td><td>{n}</td><td>{neg}</td></tr>" for h, n, neg in report.per_hour
        )
        or f"<tr><td colspan=3>{no_mention}</td></tr>"
    )
    sent = (
        "\n".join(
            f"<tr><td>{esc(_when(p.at))}</td><td>{p.publication_id}</td><td>{esc(p.account)}</td>"
            f"<td>{w['yes'] if p.statement else w['no']}</td><td>{esc(p.text)}</td></tr>"
            for p in report.sent
        )
        or f"<tr><td colspan=5>{nothing_sent}</td></tr>"
    )
    return f"""<!doctype html><html lang={esc(lang)}><head><meta charset=utf-8>
<title>{w["Crisis report"]}</title><style>
@page {{ size: A4; margin: 15mm; @bottom-right {{ content: counter(page) " / " counter(pages); }} }}
body {{ font-family: sans-serif; font-size: 9pt; }} h1 {{ font-size: 16pt; }} h2 {{ font-size: 12pt; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 8pt; }}
th, td {{ border: 0.5pt solid #999; padding: 2pt 4pt; vertical-align: top; text-align: left; }}
th {{ background: #eee; }}
</style></head><body>
<h1>{w["Crisis report"]} — {esc(report.organisation)}</h1>
<p>{intro}</p>
<h2>{w["Timeline"]}</h2>
<table><thead><tr><th>{w["At (UTC)"]}</th><th>{w["Who"]}</th><th>{w["What"]}</th><th>{w["Details"]}</th></tr>
</thead><tbody>{timeline}</tbody></table>
<h2>{w["Volumes"]}</h2>
<p>{volumes}</p>
<table><thead><tr><th>{w["Hour"]}</th><th>{w["Mentions"]}</th><th>{w["Negative"]}</th></tr></thead>
<tbody>{hours}</tbody></table>
<h2>{w["Response times"]}</h2>
<p>{response}</p>
<h2>{w["Sent during the crisis"]}</h2>
<table><thead><tr><th>{w["At"]}</th><th>{w["Publication"]}</th><th>{w["Account"]}</th>
<th>{w["Approved during the crisis"]}</th><th>{w["Text"]}</th></tr></thead><tbody>{sent}</tbody></table>
</body></html>"""


def to_pdf(report: Report, lang: str) -> bytes:
    try:
        import weasyprint  # imported here: only the PDF needs it (the `pdf` extra)
    except (ImportError, OSError) as exc:  # OSError: the Pango system libraries are missing
        raise CharteError(
            f"the crisis report needs WeasyPrint and its system libraries ({exc}): "
            "`pip install 'charte[pdf]'` and `apt-get install libpango-1.0-0 libpangoft2-1.0-0`"
        ) from None
    result: bytes = weasyprint.HTML(string=to_html(report, lang), base_url=None).write_pdf()
    return result
