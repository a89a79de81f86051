"""What a network accepts in one post, checked when a draft is queued for a target, before anything is sent.

The one source of these limits is the connectors: a draft queued for a target is checked against that target's
connector (:func:`check_fits`); a reply written from the inbox, or edited, before any target is chosen is checked
against the publish target bound to its brand account on that network if there is one, else against the
connector's defaults (:func:`check_early`) — so the check before submission and the one at publish agree.

Each connector says its limits (:meth:`charte.connectors.base.Connector.limits`: Mastodon's are read from the
instance, Bluesky's are fixed) and counts text as its network does (Mastodon: a link as 23 characters;
Bluesky: graphemes). A draft over a limit is refused here with the limit named, in the reader's language; a
media file's size is only known once read, so a file too large is refused at send time with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from charte.connectors.base import Connector, Limits
from charte.connectors.netio import guess_type
from charte.connectors.registry import build_connector, load
from charte.errors import FieldError, InputError
from charte.i18n import _
from charte.service.errors import Invalid
from charte.store.models import BrandAccount, PublishTarget
from charte.store.repositories import Store

NETWORK_NAMES = {"mastodon": "Mastodon", "bluesky": "Bluesky", "webhook": "webhook"}


def problems(
    connector: Connector[Any], text: str, attachments: Sequence[Mapping[str, Any]]
) -> list[FieldError]:
    """Every way the post would be refused by the connector's network (empty when it fits)."""
    return _problems(connector.id, connector.limits(), connector.text_length(text), attachments)


def default_problems(
    network: str, text: str, attachments: Sequence[Mapping[str, Any]] = ()
) -> list[FieldError]:
    """As :func:`problems`, against the defaults of ``network``'s connector (none known: nothing to say)."""
    cls = load().get(network)
    if cls is None:
        return []
    return _problems(network, cls.default_limits, cls.default_length(text), attachments)


def _problems(
    connector_id: str, limits: Limits, length: int, attachments: Sequence[Mapping[str, Any]]
) -> list[FieldError]:
    network = NETWORK_NAMES.get(connector_id, connector_id)
    found: list[FieldError] = []
    if limits.text_max is not None and length > limits.text_max:
        message = (
            _(
                "the text is {length} characters long as {network} counts them (emoji and accented letters "
                "count one); {network} takes at most {limit}",
                length=length,
                network=network,
                limit=limits.text_max,
            )
            if limits.text_unit == "graphemes"
            else _(
                "the text is {length} characters long as {network} counts them (a link counts 23); "
                "{network} takes at most {limit}",
                length=length,
                network=network,
                limit=limits.text_max,
            )
        )
        found.append(FieldError("text", message))
    if len(attachments) > limits.media_count:
        found.append(
            FieldError(
                "attachments",
                _(
                    "{count} media files; {network} takes at most {limit} in one post",
                    count=len(attachments),
                    network=network,
                    limit=limits.media_count,
                ),
            )
        )
    for i, attachment in enumerate(attachments):
        mime = guess_type(str(attachment.get("url") or ""))
        if mime is not None and limits.rule_for(mime) is None:
            found.append(
                FieldError(
                    f"attachments[{i}].url",
                    _(
                        "a {type} file cannot be posted on {network}, which takes {accepted}",
                        type=mime,
                        network=network,
                        accepted=", ".join(sorted(limits.media_types)),
                    ),
                )
            )
        alt = attachment.get("alt") or ""
        if limits.alt_max is not None and len(alt) > limits.alt_max:
            found.append(
                FieldError(
                    f"attachments[{i}].alt",
                    _(
                        "the alt text is {length} characters long; {network} takes at most {limit}",
                        length=len(alt),
                        network=network,
                        limit=limits.alt_max,
                    ),
                )
            )
    return found


def check_fits(target: PublishTarget, text: str, attachments: Sequence[Mapping[str, Any]]) -> None:
    """Refuse (``Invalid``, each field named) a post that ``target``'s network would refuse."""
    try:
        connector = build_connector(target.connector, target.params, org_id=target.org_id)
    except InputError as exc:
        raise Invalid.one("target_id", str(exc)) from None
    try:
        found = problems(connector, text, attachments)
    finally:
        connector.close()
    if found:
        raise Invalid(found)


def check_early(
    store: Store, account: BrandAccount, text: str, attachments: Sequence[Mapping[str, Any]] = ()
) -> None:
    """Refuse a post that ``account``'s network would refuse, before any target is chosen: against the publish
    target bound to the account on its network (the instance's own limits), else the connector's defaults."""
    bound = store.targets.bound(account.org_id, account.id, account.platform)
    if bound is not None:
        check_fits(bound, text, attachments)
        return
    found = default_problems(account.platform, text, attachments)
    if found:
        raise Invalid(found)
