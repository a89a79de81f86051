"""The tamper-evident audit record: an append-only, hash-chained log per organisation.

``chain`` holds the pure hashing and verification rules (no database); ``store`` appends,
reads, verifies and prunes entries in the database; ``export`` writes JSONL, CSV or PDF.
"""

from charte.audit.chain import GENESIS_HASH, AuditAction, ChainProblem, EntryData, VerifyReport, verify_chain

__all__ = ["GENESIS_HASH", "AuditAction", "ChainProblem", "EntryData", "VerifyReport", "verify_chain"]
