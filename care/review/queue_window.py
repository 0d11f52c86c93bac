"""The review queue a page at a time (issue 19: 11,355 active flags at 10,000 households were read
whole, then shown whole): the count of what the filters match and one page of it, in SQL."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from care.accounts import view_scope
from care.review.queue import FlagRow, _row, audit_queue_view, queue_statement
from storage.db import Database

PAGE_ROWS = 200  # flags read at a time as the table scrolls


@dataclass(frozen=True)
class ReviewWindow:
    total: int  # flags the filters match, over every page
    offset: int
    rows: tuple[FlagRow, ...]


def review_window(db: Database, *, status: str = "active", assignee: str | tuple[str, ...] | None = None,
                  text: str | None = None, actor: str | None = None, offset: int = 0,
                  limit: int = PAGE_ROWS) -> ReviewWindow:
    """`limit` flags from `offset` of review_queue's rows (same filters, order and scope) and how
    many there are in all. With `actor`, one access-log row per page names its households."""
    if offset < 0 or limit < 1:
        raise ValueError(f"a review window needs offset >= 0 and limit >= 1, not {offset}, {limit}")
    q = queue_statement(status, assignee, text)
    with db.session() as s:
        if actor is not None:
            scoped = view_scope.effective(s, actor).clause()  # the role's scope and the person's choice
            if scoped is not None:
                q = q.where(scoped)
        total = int(s.scalar(select(func.count()).select_from(q.order_by(None).subquery())) or 0)
        rows = tuple(_row(*r) for r in s.execute(q.limit(limit).offset(offset)).all())
        if actor is not None:
            audit_queue_view(s, actor, list(rows), status, assignee, text, **({"offset": offset} if offset else {}))
    return ReviewWindow(total, offset, rows)
