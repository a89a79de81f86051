"""Revision 0005 on SQLite and PostgreSQL: teams get functions, and an application role that the active policy
named as a function becomes a team holding it, so the decisions of existing data do not change."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import text

from charte.store import migrate
from charte.store.db import make_engine

POLICY = """
spokespeople:
  roles:
    - {role: spokesperson, accounts: [brand]}
    - {role: communications, accounts: [brand, personal]}
  complaint_responders: [approver]
"""
NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def _seed(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as c:
            for org_id, slug in ((1, "named"), (2, "starter")):
                c.execute(
                    text("INSERT INTO organisations (id, slug, name, created_at) VALUES (:i, :s, :s, :n)"),
                    {"i": org_id, "s": slug, "n": NOW},
                )
            users = [
                (1, 1, "sam@named.example", "spokesperson", True),
                (2, 1, "old@named.example", "spokesperson", False),
                (3, 1, "ava@named.example", "approver", True),
                (4, 1, "emma@named.example", "employee", True),
                (5, 2, "sam@starter.example", "spokesperson", True),
            ]
            for user_id, org_id, email, role, active in users:
                c.execute(
                    text(
                        "INSERT INTO users (id, org_id, email, display_name, role, password_hash, is_active, "
                        "totp_enabled, created_at) VALUES (:i, :o, :e, :e, :r, 'x', :a, :f, :n)"
                    ),
                    {"i": user_id, "o": org_id, "e": email, "r": role, "a": active, "f": False, "n": NOW},
                )
            for org_id, yaml_text in ((1, POLICY), (2, "spokespeople: {roles: [{role: communications}]}\n")):
                c.execute(
                    text(
                        "INSERT INTO policy_versions (org_id, version, label, yaml_text, sha256, comment, "
                        "is_active, created_at) VALUES (:o, 1, 'v1', :y, :h, '', :a, :n)"
                    ),
                    {"o": org_id, "y": yaml_text, "h": "0" * 64, "a": True, "n": NOW},
                )
            c.execute(
                text("INSERT INTO teams (org_id, key, name, created_at) VALUES (1, 'crisis', 'Crisis', :n)"),
                {"n": NOW},
            )
    finally:
        engine.dispose()


def _teams(url: str) -> dict[tuple[int, str], tuple[list[str], list[int]]]:
    engine = make_engine(url)
    try:
        with engine.connect() as c:
            rows = c.execute(text("SELECT id, org_id, key, functions FROM teams")).all()
            out = {}
            for team_id, org_id, key, functions in rows:
                members = (
                    c.execute(
                        text("SELECT user_id FROM team_members WHERE team_id = :t ORDER BY user_id"),
                        {"t": team_id},
                    )
                    .scalars()
                    .all()
                )
                functions = functions if isinstance(functions, list) else json.loads(functions)
                out[(org_id, key)] = (functions, list(members))
            return out
    finally:
        engine.dispose()


def test_application_roles_named_by_the_active_policy_become_function_teams(database_url: str) -> None:
    migrate.downgrade(database_url, "base")
    migrate.upgrade(database_url, "0004")
    _seed(database_url)
    migrate.upgrade(database_url)
    assert _teams(database_url) == {
        (1, "crisis"): ([], []),  # existing teams hold no function until someone maps one
        (1, "function-spokesperson"): (["spokesperson"], [1]),  # the deactivated spokesperson stays out
        (1, "function-approver"): (["approver"], [3]),  # a complaint responder is a function too
        # organisation 2's policy names no application role: nothing to keep, no team made
    }
    migrate.downgrade(database_url, "0004")
    migrate.upgrade(database_url)  # again: the teams are there already, none is made twice
    assert len(_teams(database_url)) == 3
