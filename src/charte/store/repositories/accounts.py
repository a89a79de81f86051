"""Brand accounts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from charte.store.models import AccountOwner, AccountPoster, BrandAccount
from charte.store.paging import Page
from charte.store.repositories.base import Repository, _like, _page


class Accounts(Repository):
    def get(self, org_id: int, account_id: int) -> BrandAccount | None:
        return self.session.scalar(
            select(BrandAccount).where(BrandAccount.id == account_id, BrandAccount.org_id == org_id)
        )

    def find(self, org_id: int, platform: str, handle: str) -> BrandAccount | None:
        return self.session.scalar(
            select(BrandAccount).where(
                BrandAccount.org_id == org_id,
                BrandAccount.platform == platform,
                BrandAccount.handle == handle,
            )
        )

    def list(
        self,
        org_id: int,
        *,
        platform: str | None,
        q: str | None,
        owner_id: int | None,
        two_factor: bool | None,
        limit: int,
        offset: int,
    ) -> Page[BrandAccount]:
        query = select(BrandAccount).where(BrandAccount.org_id == org_id)
        if platform:
            query = query.where(BrandAccount.platform == platform)
        if q:
            query = query.where(func.lower(BrandAccount.handle).like(_like(q), escape="\\"))
        if owner_id is not None:
            query = query.where(
                BrandAccount.id.in_(select(AccountOwner.account_id).where(AccountOwner.user_id == owner_id))
            )
        if two_factor is not None:
            query = query.where(BrandAccount.two_factor_attested == two_factor)
        return _page(self.session, query, BrandAccount.id, limit, offset)

    def set_people(
        self, account: BrandAccount, owners: Sequence[int] | None, posters: Sequence[int] | None
    ) -> None:
        if owners is not None:
            account.owners = [AccountOwner(user_id=u) for u in dict.fromkeys(owners)]
        if posters is not None:
            account.posters = [AccountPoster(user_id=u) for u in dict.fromkeys(posters)]
        self.session.flush()

    def delete(self, account: BrandAccount) -> None:
        self.session.delete(account)
        self.session.flush()
