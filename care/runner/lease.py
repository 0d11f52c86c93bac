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

from sqlalchemy import update

from storage.db import Database
from storage.models import RunnerLease
from storage.types import utcnow

from ..errors import AnbuError

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


def _holder_alive_here(holder: str) -> bool | None:
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
    alive before this one (the previous heartbeat), the start of the catch-up."""
    now = utcnow()
    with db.session() as s:
        row = s.get(RunnerLease, LEASE_NAME, with_for_update=True)
        if row is None:
            s.add(RunnerLease(name=LEASE_NAME, holder=holder, acquired_at=now, heartbeat_at=now))
            return None
        previous = row.heartbeat_at
        if row.holder and row.holder != holder:
            fresh = row.heartbeat_at is not None and now - row.heartbeat_at < timedelta(seconds=timeout_s)
            alive = _holder_alive_here(row.holder)
            if fresh and alive is not False:
                raise LeaseHeldError(
                    f"다른 러너가 이미 실행 중입니다: {row.holder} (since {row.acquired_at:%Y-%m-%d %H:%M:%S} UTC, "
                    f"last heartbeat {row.heartbeat_at:%H:%M:%S} UTC). Only one runner may use a database; "
                    f"stop that one or wait {timeout_s:.0f} s after it stopped."
                )
        row.holder, row.acquired_at, row.heartbeat_at = holder, now, now
        return previous


def renew(db: Database, holder: str) -> bool:
    """Heartbeat. False when the lease is no longer ours (another runner took it over after we
    stalled): the caller must stop dialing at once."""
    with db.session() as s:
        res = s.execute(update(RunnerLease).where(RunnerLease.name == LEASE_NAME, RunnerLease.holder == holder)
                        .values(heartbeat_at=utcnow()))
        return res.rowcount == 1


def release(db: Database, holder: str) -> None:
    with db.session() as s:
        s.execute(update(RunnerLease).where(RunnerLease.name == LEASE_NAME, RunnerLease.holder == holder)
                  .values(holder=None, heartbeat_at=utcnow()))
