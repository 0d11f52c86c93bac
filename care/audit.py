"""The access log. Every view of a resident's record and every change is written here, in the
same transaction as the work it describes."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from storage.models import AuditEvent


def record(session: Session, actor: str, action: str, entity: str, entity_id: int | None = None,
           detail: Any = None) -> None:
    session.add(AuditEvent(actor=actor, action=action, entity=entity, entity_id=entity_id, detail=detail))
