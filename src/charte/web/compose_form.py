"""The compose form: read from the page, turned into the service's :class:`~charte.service.drafts.DraftInput`,
and the service's refusals put back beside the field they name.

No rule lives here. Shapes a browser can get wrong (an account that is not a number, a date that is not a
date) are refused with a message beside the field; what the post may be (its length, its account, its
schedule) is the service's decision, whose :class:`~charte.errors.Invalid` names the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from charte.errors import Invalid, NotFound, PermissionDenied
from charte.i18n import gettext
from charte.service import drafts
from charte.service.permissions import Permission
from charte.store.models import BrandAccount, Draft

PERSONAL = "personal"
ATTACHMENT_SLOTS = 3  # rows on the page; the API takes up to 20
PLATFORMS = ("linkedin", "x", "mastodon", "facebook", "instagram", "bluesky")
MAX_SHORT = 500  # an attachment's address, credit or alt text


@dataclass
class ComposeForm:
    """What the page sent (strings as typed, shown back on an error) and the errors by field name."""

    text: str = ""
    account: str = ""
    platform: str = ""
    lang: str = ""
    scheduled_at: str = ""
    attachments: list[dict[str, str]] = field(default_factory=list)
    version: str = ""
    override_reason: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, form: Mapping[str, Any]) -> ComposeForm:
        def get(name: str) -> str:
            value = form.get(name, "")
            return value if isinstance(value, str) else ""

        attachments = []
        for i in range(ATTACHMENT_SLOTS):
            row = {k: get(f"att_{k}_{i}").strip() for k in ("url", "credit", "alt")}
            attachments.append(row)
        return cls(
            text=get("text").replace("\r\n", "\n"),
            account=get("account").strip(),
            platform=get("platform").strip(),
            lang=get("lang").strip(),
            scheduled_at=get("scheduled_at").strip(),
            attachments=attachments,
            version=get("version").strip(),
            override_reason=get("override_reason").strip(),
        )

    @classmethod
    def of_draft(cls, draft: Draft) -> ComposeForm:
        rows = [
            {
                "url": str(a.get("url") or ""),
                "credit": str(a.get("credit") or ""),
                "alt": str(a.get("alt") or ""),
            }
            for a in (draft.attachments or [])
        ]
        return cls(
            text=draft.text,
            account=str(draft.account_id) if draft.account_id is not None else PERSONAL,
            platform=draft.platform,
            lang=draft.lang or "",
            scheduled_at=draft.scheduled_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")
            if draft.scheduled_at
            else "",
            attachments=rows,
            version=str(draft.version),
        )

    def slots(self) -> list[dict[str, str]]:
        """The attachment rows to show: those filled, then empty ones up to :data:`ATTACHMENT_SLOTS`."""
        rows = [r for r in self.attachments if any(r.values())]
        return rows + [{"url": "", "credit": "", "alt": ""}] * max(0, ATTACHMENT_SLOTS - len(rows))

    def to_input(
        self, accounts: Sequence[BrandAccount], *, for_live_check: bool = False
    ) -> drafts.DraftInput | None:
        """The service's input, or ``None`` with :attr:`errors` filled when a field cannot even be read."""
        account_id: int | None = None
        platform = self.platform
        if self.account and self.account != PERSONAL:
            if not self.account.isdigit() or len(self.account) > 12:
                self.errors["account"] = gettext("Choose an account from the list.")
            else:
                account_id = int(self.account)
                chosen = next((a for a in accounts if a.id == account_id), None)
                if chosen is None:
                    self.errors["account"] = gettext(
                        "This brand account does not exist, or you may not post on it."
                    )
                else:
                    platform = chosen.platform
        elif not self.account:
            self.errors["account"] = gettext("Choose the account the post goes out on.")
        if account_id is None and platform not in PLATFORMS and "account" not in self.errors:
            self.errors["platform"] = gettext("Choose the network of your personal post.")
        lang = self.lang if self.lang in ("fr", "en") else None
        scheduled = None
        if self.scheduled_at and not for_live_check:
            try:
                scheduled = dt.datetime.fromisoformat(self.scheduled_at)
            except ValueError:
                self.errors["scheduled_at"] = gettext("Give a date and time, e.g. 2026-12-24 09:30.")
            else:
                if scheduled.tzinfo is None:
                    scheduled = scheduled.replace(tzinfo=dt.UTC)  # the field says UTC
        attachments = []
        for i, row in enumerate(self.attachments):
            if not any(row.values()):
                continue
            if any(len(v) > MAX_SHORT for v in row.values()):
                self.errors[f"att_url_{i}"] = gettext(
                    "Keep each attachment field under {n} characters.", n=MAX_SHORT
                )
            if not row["url"] and not for_live_check:
                self.errors[f"att_url_{i}"] = gettext("Give the address of the image or video.")
            attachments.append(
                {"url": row["url"] or None, "credit": row["credit"] or None, "alt": row["alt"] or None}
            )
        if self.errors:
            return None
        return drafts.DraftInput(
            text=self.text,
            platform=platform,
            account_id=account_id,
            account_kind="brand" if account_id is not None else "personal",
            lang=lang,
            attachments=attachments,
            scheduled_at=scheduled,
        )

    def _attachment_field(self, name: str) -> str:
        """``attachments[1].url`` (the second attachment sent) → its row on the page; else the text's."""
        if name.startswith("attachments[") and "]." in name:
            index, _, key = name[len("attachments[") :].partition("].")
            filled = [i for i, row in enumerate(self.attachments) if any(row.values())]
            if index.isdigit() and int(index) < len(filled) and key in ("url", "credit", "alt"):
                return f"att_{key}_{filled[int(index)]}"
        return "text"

    def refused(self, exc: Invalid | NotFound | PermissionDenied) -> bool:
        """Put the service's refusal beside its field; ``False`` when it is not about a field of this form
        (the caller lets it through to the error pages)."""
        if isinstance(exc, NotFound):
            if exc.what == "brand account":
                self.errors["account"] = gettext(
                    "This brand account does not exist, or you may not post on it."
                )
                return True
            return False
        if isinstance(exc, PermissionDenied):
            if exc.permission in {str(p) for p in Permission}:
                return False
            self.errors["account"] = gettext("You may not post on this account: ask one of its owners.")
            return True
        for error in exc.errors:
            self.errors[_FIELDS.get(error.field) or self._attachment_field(error.field)] = error.message
        return True


_FIELDS = {
    "text": "text",
    "account_id": "account",
    "account_kind": "account",
    "platform": "account",
    "lang": "lang",
    "scheduled_at": "scheduled_at",
    "override_reason": "override_reason",
}
