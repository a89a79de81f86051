"""Export a period of the audit record as JSONL (re-verifiable), CSV (spreadsheets) or PDF (for a regulator)."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime

from charte.audit.chain import EntryData, VerifyReport

FORMATS = ("jsonl", "csv", "pdf")
CSV_FIELDS = (
    "org_id",
    "seq",
    "at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "details",
    "prev_hash",
    "hash",
)


def to_jsonl(entries: Sequence[EntryData]) -> bytes:
    """One entry per line with every hashed field, so ``charte audit verify --file`` can re-check it."""
    return "".join(
        json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) + "\n" for e in entries
    ).encode()


def from_jsonl(data: str) -> list[EntryData]:
    entries = []
    for n, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            entries.append(
                EntryData(
                    org_id=str(raw["org_id"]),
                    seq=int(raw["seq"]),
                    at=str(raw["at"]),
                    actor=str(raw["actor"]),
                    action=str(raw["action"]),
                    object_type=str(raw["object_type"]),
                    object_id=str(raw["object_id"]),
                    details=dict(raw["details"]),
                    prev_hash=str(raw["prev_hash"]),
                    hash=str(raw["hash"]),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            from charte.errors import InputError

            raise InputError(f"line {n}: not an audit entry ({type(exc).__name__}: {exc})") from None
    return entries


def to_csv(entries: Sequence[EntryData]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for e in entries:
        d = e.to_dict()
        d["details"] = json.dumps(e.details, ensure_ascii=False, sort_keys=True)
        # a leading =, +, - or @ would be run as a formula by spreadsheets: quote it away
        writer.writerow(
            ["'" + v if isinstance(v, str) and v[:1] in "=+-@" else v for v in (d[f] for f in CSV_FIELDS)]
        )
    return out.getvalue().encode("utf-8")


def to_html(
    org_label: str,
    entries: Sequence[EntryData],
    report: VerifyReport,
    since: datetime | None,
    until: datetime | None,
) -> str:
    esc = html.escape
    period = f"{since.isoformat() if since else '…'} → {until.isoformat() if until else '…'}"
    status = (
        "intact"
        if report.ok
        else f"BROKEN at entry #{report.problem.seq}: {report.problem.reason}"
        if report.problem
        else ""
    )
    rows = "\n".join(
        f"<tr><td>{e.seq}</td><td>{esc(e.at)}</td><td>{esc(e.actor)}</td><td>{esc(e.action)}</td>"
        f"<td>{esc(e.object_type)} {esc(e.object_id)}</td>"
        f"<td class=d>{esc(json.dumps(e.details, ensure_ascii=False, sort_keys=True))}</td>"
        f"<td class=h>{esc(e.hash[:16])}…</td></tr>"
        for e in entries
    )
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!doctype html><html lang=en><head><meta charset=utf-8><title>Audit record</title><style>
@page {{ size: A4 landscape; margin: 12mm; @bottom-right {{ content: counter(page) " / " counter(pages); }} }}
body {{ font-family: sans-serif; font-size: 8pt; }} h1 {{ font-size: 14pt; }}
table {{ border-collapse: collapse; width: 100%; }} th, td {{ border: 0.5pt solid #999; padding: 2pt; vertical-align: top; }}
th {{ background: #eee; }} td.d {{ word-break: break-all; }} td.h {{ font-family: monospace; }}
</style></head><body>
<h1>Audit record — {esc(org_label)}</h1>
<p>Period: {esc(period)}. Entries: {len(entries)}. Generated {generated}.<br>
Chain verification of the whole record: <b>{esc(status)}</b>; newest entry #{report.last_seq} with hash
<code>{esc(report.head_hash)}</code>.</p>
<table><thead><tr><th>#</th><th>At (UTC)</th><th>Actor</th><th>Action</th><th>Object</th><th>Details</th>
<th>Hash</th></tr></thead><tbody>
{rows}
</tbody></table></body></html>"""


def to_pdf(
    org_label: str,
    entries: Sequence[EntryData],
    report: VerifyReport,
    since: datetime | None,
    until: datetime | None,
) -> bytes:
    try:
        import weasyprint  # imported here: only PDF export needs it (the `pdf` extra)
    except (ImportError, OSError) as exc:  # OSError: the Pango system libraries are missing
        from charte.errors import CharteError

        raise CharteError(
            f"PDF export needs WeasyPrint and its system libraries ({exc}): "
            "`pip install 'charte[pdf]'` and `apt-get install libpango-1.0-0 libpangoft2-1.0-0`, "
            "or export --format jsonl or csv"
        ) from None
    result: bytes = weasyprint.HTML(
        string=to_html(org_label, entries, report, since, until), base_url=None
    ).write_pdf()
    return result
