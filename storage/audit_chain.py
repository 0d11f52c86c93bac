"""Tamper evidence for the access log: every audit_event row is chained to the one before it.

Each row gets a place (`seq`, 1, 2, 3, ...), the previous row's MAC (`prev_mac`) and its own MAC,
an HMAC-SHA256 over its canonical content (seq, time, actor, action, entity, entity id, detail,
workstation, IP, household, reason, key id) and the previous MAC. Changing, inserting or deleting
a row anywhere breaks the chain at that row; `verify_chain` walks it and names the first break.

The key lives only in the OS keyring (service "anbu.audit"; storage/credentials.os_keyring, the
one keyring rule): created on first use under its id (the first 16 hex digits of a SHA-256 of it)
and as "current". A PC that shares a server database with another holds its own key; verifying
there needs the other PC's key too (`python -m keyring set anbu.audit <key id>`), and verify says
which key is missing. Where no OS keyring is usable, rows are chained with a plain SHA-256
("hash-only", key_id ""): that still catches accidental damage and naive edits but not someone who
recomputes the chain, and verify counts such rows.

Linear across processes: rows are sealed just before their transaction commits (a Session
before_commit hook), after an UPDATE of the one chain-head row (audit_chain, id 1). That UPDATE
takes SQLite's write lock or PostgreSQL's row lock until commit, so two appenders never get the
same place or the same predecessor. A rollback undoes the place with the work.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, event, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .credentials import os_keyring
from .models import AuditChain, AuditEvent

log = logging.getLogger("anbu.storage")

KEY_SERVICE = "anbu.audit"
CURRENT = "current"
HEAD_ID = 1
_UNSEALED = "anbu.audit.unsealed"
# (id of keyring backend, key id or CURRENT) -> (that backend, key): the backend is kept so a new
# backend that happens to get a freed one's id never sees its keys
_keys: dict[tuple[int, str], tuple[Any, bytes | None]] = {}


def _cached(backend: Any, name: str) -> tuple[bool, bytes | None]:
    entry = _keys.get((id(backend), name))
    if entry is None or entry[0] is not backend:
        return False, None
    return True, entry[1]


def key_id_of(key: bytes) -> str:
    return hashlib.sha256(b"anbu.audit.key-id\0" + key).hexdigest()[:16]


def signing_key() -> tuple[str, bytes | None]:
    """(key id, key) to sign new rows with; ("", None) when no OS keyring is usable (hash-only).
    The key is created on first use and never leaves the keyring (nor this process's memory)."""
    backend, description = os_keyring()
    if backend is None:
        return "", None
    _known, key = _cached(backend, CURRENT)
    if key is None:
        try:
            stored = backend.get_password(KEY_SERVICE, CURRENT)
            if stored:
                key = bytes.fromhex(stored)
            else:
                key = secrets.token_bytes(32)
                # under its id first: a row signed with it can always be checked, even when another
                # process makes its own "current" key at the same moment
                backend.set_password(KEY_SERVICE, key_id_of(key), key.hex())
                backend.set_password(KEY_SERVICE, CURRENT, key.hex())
        except Exception as exc:  # a locked or failing keyring: hash-only rather than no access log
            log.warning("the access-log key could not be read from the OS keyring (%s); rows are "
                        "chained hash-only", type(exc).__name__)
            return "", None
        _keys[(id(backend), CURRENT)] = (backend, key)
        _keys[(id(backend), key_id_of(key))] = (backend, key)
    return key_id_of(key), key


def key_for(key_id: str) -> bytes | None:
    """The key with this id from the OS keyring, or None when this PC does not hold it."""
    backend, _ = os_keyring()
    if backend is None:
        return None
    known, key = _cached(backend, key_id)
    if not known:
        try:
            stored = backend.get_password(KEY_SERVICE, key_id)
        except Exception:  # unreadable counts as not held; verify says so
            return None
        key = bytes.fromhex(stored) if stored else None
        _keys[(id(backend), key_id)] = (backend, key)
    return key


def canonical(row: Mapping[str, Any] | Any) -> bytes:
    """The bytes a row's MAC covers. Never change this: every chain ever written depends on it."""
    ts = row["ts"]
    at = ts.astimezone(UTC).isoformat(timespec="microseconds") if isinstance(ts, datetime) else str(ts)
    detail = row["detail"]
    detail_text = None if detail is None else json.dumps(detail, ensure_ascii=False, sort_keys=True,
                                                          separators=(",", ":"))
    fields = [row["seq"], at, row["actor"], row["action"], row["entity"], row["entity_id"], detail_text,
              row["workstation"] or "", row["ip"] or "", row["household_ref"], row["reason"], row["key_id"] or ""]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def compute_mac(key: bytes | None, content: bytes, prev_mac: str) -> str:
    message = content + b"\n" + prev_mac.encode("ascii")
    if key is None:
        return hashlib.sha256(b"anbu.audit.unkeyed\0" + message).hexdigest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def normalised_detail(detail: Any) -> Any:
    """The detail as it reads back from the database (JSON round trip), so the MAC computed before
    the insert matches the one computed from the stored row."""
    return None if detail is None else json.loads(json.dumps(detail, ensure_ascii=False, sort_keys=True))


def enqueue(session: Session, row: AuditEvent) -> None:
    """Mark a new row to be sealed (given its place and MAC) when `session` commits."""
    session.info.setdefault(_UNSEALED, []).append(row)


def _lock_head(session: Session, take: int) -> tuple[int, str]:
    """Lock the chain head, reserve `take` places; returns (last place before them, last MAC)."""
    head = cast(Table, AuditChain.__table__)
    stmt = (update(head).where(head.c.id == HEAD_ID).values(seq=head.c.seq + take)
            .returning(head.c.seq, head.c.last_mac))
    got = session.execute(stmt).first()
    if got is None:  # a database made without migrations' head row (should not happen): make it
        try:
            with session.begin_nested():
                session.execute(insert(head).values(id=HEAD_ID, seq=0, last_mac="", base_seq=0, base_mac=""))
        except IntegrityError:
            pass  # another process made it first
        got = session.execute(stmt).one()
    return int(got[0]) - take, str(got[1])


def lock_head(session: Session) -> tuple[int, str, int, str]:
    """Lock the chain head without reserving places: (seq, last_mac, base_seq, base_mac)."""
    _lock_head(session, 0)
    head = session.execute(select(AuditChain.seq, AuditChain.last_mac, AuditChain.base_seq,
                                  AuditChain.base_mac).where(AuditChain.id == HEAD_ID)).one()
    return int(head[0]), str(head[1]), int(head[2]), str(head[3])


def seal(session: Session, rows: Iterable[AuditEvent]) -> None:
    pending = [r for r in rows if r.mac is None]
    if not pending:
        return
    key_id, key = signing_key()
    seq, prev = _lock_head(session, len(pending))
    for row in pending:
        seq += 1
        row.seq, row.key_id, row.prev_mac = seq, key_id, prev
        values = {c: getattr(row, c) for c in ("seq", "ts", "actor", "action", "entity", "entity_id", "detail",
                                               "workstation", "ip", "household_ref", "reason", "key_id")}
        row.mac = prev = compute_mac(key, canonical(values), prev)
    head = cast(Table, AuditChain.__table__)
    session.execute(update(head).where(head.c.id == HEAD_ID).values(last_mac=prev))


@event.listens_for(Session, "before_commit")
def _seal_before_commit(session: Session) -> None:
    rows = session.info.pop(_UNSEALED, None)
    if rows:
        seal(session, rows)


class AuditRowsAreAppendOnly(RuntimeError):
    """A service tried to change or delete a sealed access-log row through the ORM."""


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_sealed_rows(session: Session, _context: Any, _instances: Any) -> None:
    """Append-only at the service level: a sealed row (one with a MAC in the database) is never
    updated or deleted through a session. The purge (care/audit/retention.py) deletes a chain
    prefix with one DELETE statement and moves the chain's base; nothing else removes rows."""
    for obj in session.deleted:
        if isinstance(obj, AuditEvent):
            raise AuditRowsAreAppendOnly(f"access-log row {obj.id} cannot be deleted (the log is append-only)")
    for obj in session.dirty:
        if isinstance(obj, AuditEvent) and session.is_modified(obj):
            committed_mac = inspect(obj).attrs.mac.history.deleted or inspect(obj).attrs.mac.history.unchanged
            if any(committed_mac):
                raise AuditRowsAreAppendOnly(f"access-log row {obj.id} cannot be changed (the log is append-only)")


@event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session: Session, _previous: Any) -> None:
    session.info.pop(_UNSEALED, None)


@dataclass(frozen=True)
class ChainBreak:
    """One place where the chain does not hold, in chain order."""

    row_id: int | None
    seq: int | None
    sentence: str


@dataclass(frozen=True)
class ChainReport:
    rows: int
    hash_only: int
    breaks: tuple[ChainBreak, ...]

    @property
    def intact(self) -> bool:
        return not self.breaks


def _who(row: Any) -> str:
    ts = row["ts"]
    at = ts.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if isinstance(ts, datetime) else str(ts)
    return f"row id {row['id']} (seq {row['seq']}, {at}, {row['actor']} {row['action']} {row['entity']})"


def verify_chain(session: Session) -> ChainReport:
    """Walk the whole chain in order and report every break (the first one first)."""
    table = AuditEvent.__table__
    head = session.execute(select(AuditChain.seq, AuditChain.last_mac, AuditChain.base_seq, AuditChain.base_mac)
                           .where(AuditChain.id == HEAD_ID)).first()
    head_seq, head_mac, base_seq, base_mac = (int(head[0]), str(head[1]), int(head[2]), str(head[3])) \
        if head is not None else (0, "", 0, "")
    breaks: list[ChainBreak] = []
    expected_seq, expected_prev = base_seq + 1, base_mac
    rows = hash_only = 0
    base_vouched = base_seq == 0
    last: Any = None
    result = session.execute(select(table).where(table.c.seq.is_not(None)).order_by(table.c.seq)
                             .execution_options(yield_per=2000))
    for row in result.mappings():
        rows += 1
        seq = int(row["seq"])
        if seq != expected_seq:
            if seq > expected_seq:
                missing = f"seq {expected_seq}" if seq == expected_seq + 1 else f"seq {expected_seq}-{seq - 1}"
                breaks.append(ChainBreak(row["id"], seq, f"rows are missing before {_who(row)}: {missing} "
                                                         "were deleted"))
            else:
                breaks.append(ChainBreak(row["id"], seq, f"{_who(row)} lies before the chain's start "
                                                         f"(seq {base_seq + 1}): it was inserted"))
        elif row["prev_mac"] != expected_prev:
            breaks.append(ChainBreak(row["id"], seq, f"{_who(row)} does not follow the row before it: a row "
                                                     "before it was replaced or deleted"))
        key_id = row["key_id"] or ""
        key = None
        if key_id:
            key = key_for(key_id)
            if key is None:
                breaks.append(ChainBreak(row["id"], seq, f"{_who(row)} was signed with access-log key {key_id}, "
                                         "which this PC's keyring does not hold: install it (python -m keyring "
                                         f"set {KEY_SERVICE} {key_id}) and verify again"))
        else:
            hash_only += 1
        if (key is not None or not key_id) and compute_mac(key, canonical(row), row["prev_mac"] or "") != row["mac"]:
            breaks.append(ChainBreak(row["id"], seq, f"{_who(row)} was altered after it was written"))
        elif (not base_vouched and row["action"] == "purge" and row["entity"] == "audit_event"
              and isinstance(row["detail"], dict) and row["detail"].get("through_seq") == base_seq
              and row["detail"].get("through_mac") == base_mac):
            base_vouched = True
        expected_seq, expected_prev = seq + 1, row["mac"] or ""
        last = row
    if last is None and head_seq > base_seq:
        breaks.append(ChainBreak(None, None, f"the access log is empty but its chain head says {head_seq - base_seq} "
                                             "rows were written: they were deleted"))
    elif last is not None and (int(last["seq"]) != head_seq or last["mac"] != head_mac):
        if int(last["seq"]) < head_seq:
            sentence = (f"the rows after {_who(last)} were deleted: the chain head says seq {head_seq} "
                        "was the last one written")
        else:
            sentence = f"{_who(last)} is past the chain head (seq {head_seq}): it was inserted or the head altered"
        breaks.append(ChainBreak(last["id"], int(last["seq"]), sentence))
    if not base_vouched:
        breaks.append(ChainBreak(None, base_seq, f"the chain starts after seq {base_seq}, but no intact purge row "
                                                 "records that start: rows were deleted from the beginning"))
    for row in session.execute(select(table).where(table.c.seq.is_(None)).order_by(table.c.id)).mappings():
        rows += 1
        breaks.append(ChainBreak(row["id"], None, f"row id {row['id']} ({row['actor']} {row['action']} "
                                                  f"{row['entity']}) has no place in the chain: it was inserted "
                                                  "around the access log"))
    return ChainReport(rows=rows, hash_only=hash_only, breaks=tuple(breaks))
