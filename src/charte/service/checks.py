"""``/v1/check``: check a post against the organisation's active policy, with compiled engines cached."""

from __future__ import annotations

import dataclasses
from typing import Any

from charte.domain import Post
from charte.i18n import _
from charte.service import functions
from charte.service.engines import EngineCache, engine_of
from charte.service.errors import Invalid
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.repositories import Store


def check(store: Store, actor: Principal, cache: EngineCache, post: Post) -> dict[str, Any]:
    """The decision as ``charte check --json`` prints it, for a post by the caller: checked with the functions
    their teams give them (a request cannot claim functions: anyone could then speak for the brand)."""
    actor.require(Permission.CHECK)
    return check_with(store, actor, cache, post, store.policies.active_ref(actor.org_id))


def check_with(
    store: Store, actor: Principal, cache: EngineCache, post: Post, active: tuple[int, str] | None
) -> dict[str, Any]:
    """:func:`check` with the organisation's active policy version (id, hash) already read in this
    transaction (with the API token: ``auth.token_context``)."""
    actor.require(Permission.CHECK)
    if post.functions is not None:
        raise Invalid.one(
            "functions",
            _(
                "the service checks a post with the functions your teams give you; "
                "leave functions out (ask a policy owner to add you to a team)"
            ),
        )
    held = actor.functions  # read with the token, in the same query (None: a session, read them now)
    if held is None:
        held = functions.of_user(store, actor.org_id, actor.user_id)
    post = dataclasses.replace(post, functions=held)
    return engine_of(store, cache, active)[1].check(post).to_dict()
