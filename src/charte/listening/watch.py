"""One call per incoming mention: does its author imitate the organisation, do its links look dangerous?

``check_incoming`` is what the inbox stores and shows beside a mention; it combines
:mod:`charte.listening.lookalike` (the author's handle and display name) and :mod:`charte.listening.links`
(every link of the text). Both are described in docs/listening-security.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from charte.i18n import N_, gettext
from charte.listening.links import LinkCheck, check_links
from charte.listening.lookalike import Identity, Lookalike
from charte.listening.types import IncomingMention
from charte.models import url_model


@dataclass(frozen=True, slots=True)
class IncomingFlags:
    """What is suspicious about one mention: its author's account, and its flagged links (in order)."""

    account: Lookalike | None
    links: tuple[LinkCheck, ...]

    @property
    def flagged(self) -> bool:
        return self.account is not None or bool(self.links)

    def reasons(self, lang: str | None = None) -> list[str]:
        """Sentences for the reviewer, in ``lang`` (English or French): the account first, then each link."""
        out = []
        if self.account is not None:
            out.append(
                gettext(
                    N_("The author's account may imitate ours: {reason}."),
                    lang=lang,
                    reason=self.account.reason(lang),
                )
            )
        for link in self.links:
            out.extend(link.reasons(lang))
        return out


def check_incoming(
    mention: IncomingMention,
    identity: Identity,
    *,
    model: url_model.UrlModel | None = None,
    threshold: float | None = None,
    extra_shorteners: Iterable[str] = (),
) -> IncomingFlags:
    """The flags of ``mention`` against the organisation's ``identity`` (its own handles never match)."""
    account = identity.check_account(mention.author_handle, mention.author_name)
    links = check_links(
        mention.text,
        identity.domains,
        identity=identity,
        model=model,
        threshold=threshold,
        extra_shorteners=extra_shorteners,
    )
    return IncomingFlags(account, tuple(link for link in links if link.flagged))
