"""Browser sessions, login devices and failed logins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, func, select

from charte.store.models import BrowserSession, LoginDevice, LoginFailure, Organisation, User
from charte.store.repositories.base import Repository


class Sessions(Repository):
    def by_hash(self, token_hash: str) -> BrowserSession | None:
        return self.session.scalar(select(BrowserSession).where(BrowserSession.token_hash == token_hash))

    def with_owner(self, token_hash: str) -> tuple[BrowserSession, User, bool] | None:
        """The session, its user and whether the user's organisation requires two-factor sign-in, in one
        query: every request signed in by a cookie asks for all three (it was three queries)."""
        row = self.session.execute(
            select(BrowserSession, User, Organisation.require_totp)
            .join(User, User.id == BrowserSession.user_id)
            .join(Organisation, Organisation.id == User.org_id)
            .where(BrowserSession.token_hash == token_hash)
        ).first()
        if row is None:
            return None
        browser_session, user, require_totp = row
        return browser_session, user, bool(require_totp)

    def delete_hash(self, token_hash: str) -> None:
        self.session.execute(delete(BrowserSession).where(BrowserSession.token_hash == token_hash))

    def delete_user(self, user_id: int, keep: int | None = None) -> None:
        """End the user's sessions, all of them or all but ``keep`` (the one making the change)."""
        query = delete(BrowserSession).where(BrowserSession.user_id == user_id)
        if keep is not None:
            query = query.where(BrowserSession.id != keep)
        self.session.execute(query)

    def by_id(self, session_id: int) -> BrowserSession | None:
        return self.session.get(BrowserSession, session_id)

    def purge_expired(self, now: dt.datetime) -> None:
        self.session.execute(delete(BrowserSession).where(BrowserSession.expires_at <= now))


class LoginDevices(Repository):
    def valid(self, token_hash: str, now: dt.datetime) -> LoginDevice | None:
        return self.session.scalar(
            select(LoginDevice).where(LoginDevice.token_hash == token_hash, LoginDevice.expires_at > now)
        )

    def purge(self, user_id: int, now: dt.datetime) -> None:
        self.session.execute(
            delete(LoginDevice).where(LoginDevice.user_id == user_id, LoginDevice.expires_at <= now)
        )


class LoginFailures(Repository):
    def count_since(self, key_hash: str, since: dt.datetime) -> int:
        return (
            self.session.scalar(
                select(func.count())
                .select_from(LoginFailure)
                .where(LoginFailure.key_hash == key_hash, LoginFailure.at > since)
            )
            or 0
        )

    def oldest_since(self, key_hash: str, since: dt.datetime) -> dt.datetime | None:
        return self.session.scalar(
            select(func.min(LoginFailure.at)).where(
                LoginFailure.key_hash == key_hash, LoginFailure.at > since
            )
        )

    def record(self, key_hashes: Sequence[str], now: dt.datetime) -> None:
        self.session.add_all(LoginFailure(key_hash=k, at=now) for k in key_hashes)
        self.session.flush()

    def clear(self, key_hash: str) -> None:
        self.session.execute(delete(LoginFailure).where(LoginFailure.key_hash == key_hash))

    def purge_before(self, before: dt.datetime) -> None:
        self.session.execute(delete(LoginFailure).where(LoginFailure.at <= before))
