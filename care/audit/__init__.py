"""The access log. Every view of a resident's record and every change is written here, in the
same transaction as the work it describes.

Each row carries the privacy law's fields: who (actor), when (ts), from where (workstation name and
IP of this PC), whose record (household_ref, the data subject), what (action, entity) and, for a
download or print, the reason the person gave.

Rows are append-only at the service level: nothing here updates or deletes one, except the explicit,
audited purge of rows past retention (care/audit/retention.py). Each row is chained to the one
before it by an HMAC (storage/audit_chain.py), so `python main.py audit verify` finds any row
changed, inserted or deleted around the services."""

from __future__ import annotations

import functools
import socket
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from storage import audit_chain
from storage.db import Database
from storage.models import AuditEvent, Household
from storage.types import utcnow


@functools.cache
def workstation() -> tuple[str, str]:
    """This PC's name and its primary IPv4 address ("" when it has none). Looked up once: neither
    changes while a process runs, and a DNS lookup per access would be slow."""
    name = socket.gethostname()
    ip = ""
    try:
        # A UDP "connect" sends nothing; it only asks the kernel which address it would route from.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            ip = probe.getsockname()[0]
    except OSError:
        try:
            ip = socket.gethostbyname(name)
        except OSError:
            ip = ""
    return name, ip


def record(session: Session, actor: str, action: str, entity: str, entity_id: int | None = None,
           detail: Any = None, *, household_ref: str | None = None, reason: str | None = None,
           at: datetime | None = None) -> None:
    """Add one access-log row to `session` (committed with the work it describes).

    `household_ref` names the data subject; when it is not given and the entity is a household,
    it is looked up from `entity_id`. `at` is the row's time when the work runs on another clock
    than the wall (the runner's `--now` replay); default now. The chain orders rows by their place
    (seq), not by this time."""
    if household_ref is None and entity == "household" and entity_id is not None:
        h = session.get(Household, entity_id)
        household_ref = h.ref if h is not None else None
    name, ip = workstation()
    row = AuditEvent(ts=at or utcnow(), actor=actor, action=action, entity=entity, entity_id=entity_id,
                     detail=audit_chain.normalised_detail(detail), workstation=name, ip=ip,
                     household_ref=household_ref, reason=reason)
    session.add(row)
    audit_chain.enqueue(session, row)  # sealed (place in the chain + MAC) when the session commits


LIST_REFS_KEPT = 200  # a list view names up to this many households in its row


def record_list(session: Session, actor: str, entity: str, refs: Iterable[str | None], detail: dict | None = None,
                *, action: str = "list") -> None:
    """One row for a list view (never one per household): how many rows were shown and which
    households (up to LIST_REFS_KEPT refs); household_ref when they were all one household's."""
    seen = list(refs)
    households = sorted({r for r in seen if r})
    info: dict[str, Any] = {**(detail or {}), "rows": len(seen), "households": households[:LIST_REFS_KEPT]}
    if len(households) > LIST_REFS_KEPT:
        info["households_total"] = len(households)
    record(session, actor, action, entity, None, info, household_ref=households[0] if len(households) == 1 else None)


def record_access(db: Database, actor: str, action: str, entity: str, detail: Any = None, *,
                  household_ref: str | None = None, reason: str | None = None) -> None:
    """One row in its own transaction, for work that touched residents' data outside the database
    (a recording transcribed or assessed from a file)."""
    with db.session() as s:
        record(s, actor, action, entity, None, detail, household_ref=household_ref, reason=reason)
