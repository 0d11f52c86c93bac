"""The access log. Every view of a resident's record and every change is written here, in the
same transaction as the work it describes.

Each row carries the privacy law's fields: who (actor), when (ts), from where (workstation name and
IP of this PC), whose record (household_ref, the data subject), what (action, entity) and, for a
download or print, the reason the person gave."""

from __future__ import annotations

import functools
import socket
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from storage.models import AuditEvent, Household


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
    than the wall (the runner's `--now` replay); default now."""
    if household_ref is None and entity == "household" and entity_id is not None:
        h = session.get(Household, entity_id)
        household_ref = h.ref if h is not None else None
    name, ip = workstation()
    session.add(AuditEvent(actor=actor, action=action, entity=entity, entity_id=entity_id, detail=detail,
                           workstation=name, ip=ip, household_ref=household_ref, reason=reason,
                           **({"ts": at} if at is not None else {})))
