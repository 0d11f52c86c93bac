"""One runner per database: a lease row with a heartbeat.

The holder is "host:pid:token". A lease is free when released, when its heartbeat is older than
the timeout, or when its holder ran on this host and that process is gone (a SIGKILLed runner
need not be waited out). Lease times are wall-clock, whatever `--now` says."""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import CursorResult, or_, select, update

from care.errors import AnbuError
from storage.db import Database
from storage.models import RunnerLease
from storage.types import utcnow

LEASE_NAME = "runner"


class LeaseHeldError(AnbuError):
    """Another runner holds the lease for this database."""

    exit_code = 5


@dataclass(frozen=True)
class LeaseInfo:
    holder: str | None
    acquired_at: datetime | None
    heartbeat_at: datetime | None


def new_holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def holder_alive_here(holder: str) -> bool | None:
    """True/False when the holder ran on this host (pid check); None when it ran elsewhere."""
    try:
        host, pid, _token = holder.rsplit(":", 2)
        pid_n = int(pid)
    except ValueError:
        return None
    if host != socket.gethostname():
        return None
    try:
        os.kill(pid_n, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def lease_info(db: Database) -> LeaseInfo:
    with db.session() as s:
        row = s.get(RunnerLease, LEASE_NAME)
        return LeaseInfo(row.holder, row.acquired_at, row.heartbeat_at) if row else LeaseInfo(None, None, None)


def acquire(db: Database, holder: str, timeout_s: float) -> datetime | None:
    """Take the lease or raise LeaseHeldError naming the holder. Returns when a runner was last
    alive before this one (the previous heartbeat), the start of the catch-up.

    The decision is one conditional statement (compare-and-set), so two runners starting at the
    same instant can never both win: the row is created with INSERT .. ON CONFLICT DO NOTHING, then
    taken with one UPDATE whose WHERE says "free, stale, ours, or still held by the dead holder we
    saw"; the database serialises the two UPDATEs and the loser's WHERE no longer matches."""
    now = utcnow()
    cutoff = now - timedelta(seconds=timeout_s)
    with db.session() as s:
        created = s.execute(_insert_if_absent(s, holder, now)).rowcount
        if created == 1:
            return None
    with db.session() as s:
        row = s.execute(select(RunnerLease.holder, RunnerLease.acquired_at, RunnerLease.heartbeat_at)
                        .where(RunnerLease.name == LEASE_NAME)).one()
        seen_holder, previous = row.holder, row.heartbeat_at
        takeable = or_(RunnerLease.holder.is_(None), RunnerLease.holder == holder,
                       RunnerLease.heartbeat_at.is_(None), RunnerLease.heartbeat_at < cutoff)
        if seen_holder and seen_holder != holder and holder_alive_here(seen_holder) is False:
            takeable = or_(takeable, RunnerLease.holder == seen_holder)  # a SIGKILLed runner on this PC
        won = cast(CursorResult, s.execute(update(RunnerLease).where(RunnerLease.name == LEASE_NAME, takeable)
                                           .values(holder=holder, acquired_at=now, heartbeat_at=now)
                                           .execution_options(synchronize_session=False))).rowcount
        if won == 1:
            return previous
        current = s.execute(select(RunnerLease.holder, RunnerLease.acquired_at, RunnerLease.heartbeat_at)
                            .where(RunnerLease.name == LEASE_NAME)).one()
    since = f"{current.acquired_at:%Y-%m-%d %H:%M:%S} UTC" if current.acquired_at else "?"
    beat = f"{current.heartbeat_at:%H:%M:%S} UTC" if current.heartbeat_at else "?"
    raise LeaseHeldError(
        f"다른 러너가 이미 실행 중입니다: {current.holder} (since {since}, last heartbeat {beat}). "
        f"Only one runner may use a database; stop that one or wait {timeout_s:.0f} s after it stopped."
    )


def _insert_if_absent(session, holder: str, now: datetime):
    values = {"name": LEASE_NAME, "holder": holder, "acquired_at": now, "heartbeat_at": now}
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(RunnerLease).values(**values).on_conflict_do_nothing(index_elements=["name"])
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(RunnerLease).values(**values).on_conflict_do_nothing(index_elements=["name"])


def holds(session, holder: str) -> bool:
    """In the caller's transaction: renew the heartbeat if the lease is still ours. The runner
    claims attempts in the same transaction, so a runner that lost its lease claims nothing."""
    res = session.execute(update(RunnerLease).where(RunnerLease.name == LEASE_NAME, RunnerLease.holder == holder)
                          .values(heartbeat_at=utcnow()).execution_options(synchronize_session=False))
    return res.rowcount == 1


def renew(db: Database, holder: str) -> bool:
    """Heartbeat. False when the lease is no longer ours (another runner took it over after we
    stalled): the caller must stop dialing at once."""
    with db.session() as s:
        res = cast(CursorResult, s.execute(update(RunnerLease).where(RunnerLease.name == LEASE_NAME,
                                                                     RunnerLease.holder == holder)
                                           .values(heartbeat_at=utcnow())))
        return res.rowcount == 1


def release(db: Database, holder: str) -> None:
    with db.session() as s:
        s.execute(update(RunnerLease).where(RunnerLease.name == LEASE_NAME, RunnerLease.holder == holder)
                  .values(holder=None, heartbeat_at=utcnow()))
