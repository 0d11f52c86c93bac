"""Checking the access log's tamper-evident chain (the chain itself: storage/audit_chain.py)."""

from __future__ import annotations

from storage.audit_chain import ChainBreak, ChainReport, verify_chain
from storage.db import Database

__all__ = ["ChainBreak", "ChainReport", "verify"]


def verify(db: Database) -> ChainReport:
    """Walk the whole chain (read-only) and report every break, the first one first."""
    with db.session() as s:
        return verify_chain(s)
