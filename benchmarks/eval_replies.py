"""Saved-reply suggestions: how often is the right saved reply the first suggestion (top-1), or among the
first three (top-3), for an inbox item it was not built from?

The ranking is the inbox's (``charte.listening.replies.Ranker``: BM25 over each reply's title, topic, words and
the texts of the mentions it answered before, plus the intent match, the language first); each item's intent is
the shipped scorer's (``charte.models.scorer``), as the inbox classifies it. Saved replies are built from a
training part, the hit rate is measured on items held out from it. Two labelled sets, both English (no French
customer-care set with answers is available; docs/replies.md):

- ``twitter_customer_care_agent_vs_customer_en`` (IBM, 25 brands' support accounts): each conversation ends
  with the agent pointing to a support document. A saved reply per brand and document used in at least two
  conversations (its words: the agent's message, handles and sign-off removed); conversations are split by a
  hash of their id, two in three build the replies (their first customer message is a past use), one in three
  is held out: its first customer message is the inbox item, the hit is the brand's reply for its document.
  Suggestions rank only the brand's own replies (an organisation sees its own); brands left with a single
  reply are not counted (there is nothing to choose). The set is small (the public dev split): about a hundred
  items, so a point of difference is one item.
- ``bitext_customer_support_intents_en`` (27 customer-support intents): a saved reply per intent (its title
  the intent's words, its topic the category; the set has no answers, so no other words), every fifth row
  builds them (past uses), a deterministic sample of the other rows is held out; the hit is the reply of the
  row's intent. Its rows are generated paraphrases: an optimistic figure.

Each is reported for the words of the replies alone, with their past uses, and against the obvious baseline
(always the most used reply).
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks._report import ROOT

#: What this section measures (benchmarks/_measures.py): the ranking, and the models that classify intents.
MEASURES = ("@checker", "src/charte/listening/replies.py", "benchmarks/eval_replies.py")

USES_PER_REPLY = 20  # as charte.store.repositories.replies.SavedReplies.examples gives the ranking
BITEXT_HELD_OUT = 2500


def _data() -> Path:
    return Path(os.environ.get("CHARTE_DATA_DIR", ROOT.parent / "shared" / "data"))


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@dataclass(frozen=True)
class Item:
    """A held-out inbox item: its text, its group (who may answer: one brand, or everyone) and the right reply."""

    text: str
    group: str
    answer: str


@dataclass(frozen=True)
class Library:
    """The saved replies built from the training part: per group, reply key → (title, topic, words, uses)."""

    replies: dict[str, dict[str, tuple[str, str, str, list[str]]]]
    items: list[Item]


_URL = re.compile(r"https?://\S+")
_SIGN_OFF = re.compile(r"\s[\^*-]\s?[A-Z]{1,3}\s*$")
_HANDLE = re.compile(r"^(?:@\w+\s*)+")


def _bucket(key: str) -> int:
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % 3


def twitter(data: Path) -> Library:
    rows = _read(data / "twitter_customer_care_agent_vs_customer_en" / "dev.csv")
    sessions: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        sessions[r["session_id"]].append(r)
    groups: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for sid, turns in sessions.items():
        turns.sort(key=lambda t: int(t["turn"]))
        last = turns[-1]
        urls = _URL.findall(last["text"])
        customer = [t["text"] for t in turns if t["label"] == "customer"]
        if last["label"] != "company_agent" or not urls or not customer:
            continue
        groups[(last["company"], urls[-1].rstrip(".,"))].append((sid, customer[0], last["text"]))
    replies: dict[str, dict[str, tuple[str, str, str, list[str]]]] = defaultdict(dict)
    items: list[Item] = []
    for (company, url), convs in groups.items():
        if len(convs) < 2:
            continue
        train = [c for c in convs if _bucket(c[0]) != 0]
        test = [c for c in convs if _bucket(c[0]) == 0]
        if not train or not test:
            continue
        words = _SIGN_OFF.sub("", _HANDLE.sub("", train[0][2])).strip()
        replies[company][url] = ("", "", words, [c[1] for c in train][-USES_PER_REPLY:])
        items += [Item(c[1], company, url) for c in test]
    kept = {company: r for company, r in replies.items() if len(r) >= 2}  # one reply: nothing to choose
    return Library(kept, [i for i in items if i.group in kept])


_BITEXT_COMPLAINT = {"complaint", "payment_issue", "registration_problems"}


def bitext(data: Path) -> Library:
    rows = _read(data / "bitext_customer_support_intents_en" / "train.csv")
    uses: dict[str, list[str]] = defaultdict(list)
    category: dict[str, str] = {}
    held: list[Item] = []
    for i, r in enumerate(rows):
        category[r["label"]] = r["category"]
        if i % 5 == 0:
            uses[r["label"]].append(r["text"])
        else:
            held.append(Item(r["text"], "all", r["label"]))
    step = max(1, len(held) // BITEXT_HELD_OUT)
    library = {
        label: (
            label.replace("_", " "),
            category[label].lower(),
            label.replace("_", " "),
            texts[:USES_PER_REPLY],
        )
        for label, texts in uses.items()
    }
    return Library({"all": library}, held[::step][:BITEXT_HELD_OUT])


def _intents(texts: Sequence[str]) -> list[str]:
    """The intent the inbox gives each text (the shipped scorer's top class)."""
    from charte.models.scorer import load_default

    scorer = load_default()
    out: list[str] = []
    for start in range(0, len(texts), 256):
        batch = list(texts[start : start + 256])
        for scores in scorer.score_many(batch, ["en"] * len(batch)):
            out.append(max(scores["intent"], key=scores["intent"].get))
    return out


@dataclass(frozen=True)
class Rates:
    n: int
    top1: float
    top3: float


def measure(library: Library, *, with_uses: bool, with_intent: bool) -> Rates:
    from charte.listening.replies import Candidate, Ranker

    keys = {group: sorted(replies) for group, replies in library.replies.items()}
    intents_of_items = (
        _intents([i.text for i in library.items]) if with_intent else [None] * len(library.items)
    )
    tags: dict[tuple[str, str], str | None] = {}
    if with_intent:
        pairs = [(g, k) for g in keys for k in keys[g]]
        flat = [u for g, k in pairs for u in library.replies[g][k][3]]
        predicted = iter(_intents(flat))
        for g, k in pairs:
            votes = Counter(next(predicted) for _u in library.replies[g][k][3])
            tags[(g, k)] = votes.most_common(1)[0][0] if votes else None
    rankers = {}
    for group, names in keys.items():
        candidates = []
        for n, key in enumerate(names):
            title, topic, words, uses = library.replies[group][key]
            candidates.append(
                Candidate(
                    key=n,
                    title=title,
                    body=words,
                    lang="en",
                    intent=tags.get((group, key)),
                    topic=topic or None,
                    examples=tuple(uses) if with_uses else (),
                )
            )
        rankers[group] = Ranker(candidates)
    top1 = top3 = 0
    for item, intent in zip(library.items, intents_of_items, strict=True):
        ranked = rankers[item.group].rank(item.text, lang="en", intent=intent, limit=3)
        right = keys[item.group].index(item.answer)
        got = [s.key for s in ranked]
        top1 += bool(got) and got[0] == right
        top3 += right in got
    n = len(library.items)
    return Rates(n, top1 / n, top3 / n)


def baseline(library: Library) -> Rates:
    """Always the group's most used replies (the most past uses first)."""
    top1 = top3 = 0
    for item in library.items:
        replies = library.replies[item.group]
        order = sorted(replies, key=lambda k: (-len(replies[k][3]), k))
        top1 += order[0] == item.answer
        top3 += item.answer in order[:3]
    n = len(library.items)
    return Rates(n, top1 / n, top3 / n)


def _row(name: str, rates: Rates) -> str:
    return f"| {name} | {rates.n:,} | {rates.top1:.1%} | {rates.top3:.1%} |"


def run() -> str:
    data = _data()
    lines = [
        "## eval_replies",
        "",
        "Saved-reply suggestions (`charte.listening.replies.Ranker`, docs/replies.md): the share of held-out inbox "
        "items whose right saved reply is the first suggestion (top-1) or among the first three (top-3). The "
        "items' intents come from the shipped scorer, as in the inbox; a reply's intent tag is the one most of "
        f"its past uses got. Past uses: at most {USES_PER_REPLY} per reply, as the service gives the ranking. "
        "English only: no French customer-care set with answers is available.",
        "",
    ]
    for title, build in (
        ("Twitter customer care (brands' support accounts; the document the agent pointed to)", twitter),
        ("Bitext customer-support intents (27 intents; generated paraphrases: optimistic)", bitext),
    ):
        library = build(data)
        sizes = [len(r) for r in library.replies.values()]
        lines += [
            f"### {title}",
            "",
            f"{sum(sizes)} saved replies ({min(sizes)}–{max(sizes)} per organisation), "
            f"{len(library.items):,} held-out items.",
            "",
            "| Suggestions from | Items | Top-1 | Top-3 |",
            "| --- | --- | --- | --- |",
            _row("the replies' words and intent", measure(library, with_uses=False, with_intent=True)),
            _row("… and their past uses", measure(library, with_uses=True, with_intent=True)),
            _row("… past uses, without the intent", measure(library, with_uses=True, with_intent=False)),
            _row("baseline: the most used replies", baseline(library)),
            "",
        ]
    return "\n".join(lines)
