"""The escalation engine: runs inside the runner process on its clock (so `--now` replays work).

One tick: start an escalation for every new open flag; follow flags a person acknowledged or
resolved in the review queue (the chain stops); read SMS replies "1 <code>"; finish notification
calls (keypad 1 read offline from the recording) and call-backs; reconcile steps a crash left
committed but unsent (list messages / calls: adopt what the line has, send only what it has not);
then commit every step that is due and send it. A step is a committed row before anything is sent
and (flag, step_no) is unique, so nothing is ever sent twice for one step.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from care import audit
from care import settings as store
from care.escalation import messages, roster
from care.escalation.actors import duty_actor, keyholder_actor
from care.escalation.callback import callback_blocker
from care.escalation.crash_points import hold
from care.escalation.keypad import read_keypad
from care.escalation.plan import PlannedStep, planned_steps
from care.escalation.policy import ack_deadline, level_of
from care.review import queue as review
from care.settings import EscalationSettings, TelephonySettings
from storage.db import Database
from storage.models import DutySlot, EscalationStep, FlagEscalation, Household, RiskFlag
from storage.types import utcnow
from storage.vocabulary import EscalationLevel as Level
from storage.vocabulary import EscalationState as State
from telephony.errors import PermanentCallError, TelephonyError
from telephony.notify import NotifyCallRequest, NotifyGateway, SmsRequest

log = logging.getLogger("anbu.escalation")
CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ23456789"  # no vowels, no 0/1: codes never spell a word
RECONCILE_MARGIN = timedelta(minutes=2)
START_WINDOW = timedelta(hours=24)  # an open flag older than this when first seen is left to the queue
LIVE: tuple[str, ...] = (State.ACTIVE, State.EXHAUSTED, State.MORNING)  # not yet taken by anybody
CALL_KINDS = ("notify_call", "callback_call")
ACTOR = "runner"


def _step(s: Session, step_id: int) -> EscalationStep:
    step = s.get(EscalationStep, step_id)
    if step is None:
        raise LookupError(f"escalation step {step_id} vanished")
    return step


def _escalation(s: Session, flag_id: int) -> FlagEscalation:
    esc = s.get(FlagEscalation, flag_id)
    if esc is None:
        raise LookupError(f"the escalation of flag {flag_id} vanished")
    return esc


def _household_of(s: Session, flag_id: int) -> Household:
    flag = s.get(RiskFlag, flag_id)
    h = s.get(Household, flag.household_id) if flag is not None else None
    if h is None:
        raise LookupError(f"flag {flag_id} has no household")
    return h


@dataclass
class TickReport:
    started: int = 0
    sent: int = 0
    acknowledged: int = 0
    reconciled: int = 0


class EscalationEngine:
    def __init__(self, db: Database, gateway: NotifyGateway, *, now: Callable[[], datetime],
                 recordings_dir: Path, tx: Callable[[], contextlib.AbstractContextManager[Session]] | None = None) -> None:
        self.db, self.gateway, self.now = db, gateway, now
        self.recordings_dir = recordings_dir
        self._tx = tx or db.session

    @contextlib.contextmanager
    def tx(self) -> Iterator[Session]:
        with self._tx() as s:
            yield s

    # ---- the tick ------------------------------------------------------------------------------
    def tick(self) -> TickReport:
        now = self.now()
        with self.tx() as s:
            cfg = store.load(s, EscalationSettings)
        report = TickReport()
        self._start_new(now, report)
        self._follow_review()
        self._read_replies(now, cfg, report)
        self._finish_calls(now, cfg, report)
        self._reconcile(now, cfg, report)
        self._send_due(now, cfg, report)
        return report

    def busy(self) -> bool:
        """A step committed but not sent, or a call still on the line."""
        with self.db.session() as s:
            return s.scalar(select(EscalationStep.id).where(
                (EscalationStep.status == "committed")
                | ((EscalationStep.status == "sent") & EscalationStep.kind.in_(CALL_KINDS))).limit(1)) is not None

    # ---- starting ------------------------------------------------------------------------------
    def _start_new(self, now: datetime, report: TickReport) -> None:
        with self.tx() as s:
            cfg = store.load(s, EscalationSettings)
            new = s.scalars(select(RiskFlag).outerjoin(FlagEscalation, FlagEscalation.flag_id == RiskFlag.id).where(
                FlagEscalation.flag_id.is_(None), RiskFlag.status == "open",
                RiskFlag.created_at >= now - START_WINDOW).order_by(RiskFlag.id)).all()
            for flag in new:
                if flag.is_demo and self.gateway.name != "simulated":
                    continue  # demo households are never notified on a real line
                self._start(s, flag, now, cfg)
                report.started += 1

    def _start(self, s: Session, flag: RiskFlag, now: datetime, cfg: EscalationSettings) -> None:
        level, notes = level_of(flag), []
        state = State.MORNING if level == Level.MORNING else State.ACTIVE
        if level == Level.CALLBACK:
            blocker = callback_blocker(s, flag.household_id, now, cfg)
            if blocker == "hours":
                state = State.MORNING
                notes.append("outside the household's allowed hours: the next office morning")
            elif blocker:
                level = Level.HIGH
                notes.append(f"no call-back ({blocker}): escalated as high")
        on_duty = roster.on_duty(s, now)
        primary = on_duty[0] if on_duty else s.scalar(select(DutySlot).order_by(DutySlot.position, DutySlot.id))
        if not on_duty:
            notes.append("roster gap: nobody on duty" + (f", sent to {primary.name}" if primary else ""))
        esc = FlagEscalation(flag_id=flag.id, level=level, state=state, code=self._code(s),
                             duty_slot_id=primary.id if primary else None, started_at=now,
                             ack_deadline=ack_deadline(s, level, min(flag.created_at, now), cfg), note="; ".join(notes))
        s.add(esc)
        h = s.get(Household, flag.household_id)
        audit.record(s, ACTOR, "escalation_start", "risk_flag", flag.id,
                     {"level": str(level), "code": esc.code, "state": str(state), "note": esc.note},
                     household_ref=h.ref if h else None, at=now)
        if notes:
            (log.warning if not on_duty else log.info)("flag %s: %s", flag.id, "; ".join(notes))

    @staticmethod
    def _code(s: Session) -> str:
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(4))
            if s.scalar(select(FlagEscalation.flag_id).where(FlagEscalation.code == code)) is None:
                return code

    # ---- acknowledgement ----------------------------------------------------------------------
    def _follow_review(self) -> None:
        """A person acknowledged (console, `review --ack`, assign) or resolved the flag: stop."""
        with self.tx() as s:
            rows = s.execute(select(FlagEscalation, RiskFlag).join(RiskFlag, RiskFlag.id == FlagEscalation.flag_id)
                             .where(FlagEscalation.state.not_in((State.CLOSED,)), RiskFlag.status != "open")).all()
            for esc, flag in rows:
                if esc.state in LIVE or esc.state == State.CONFIRMED_WELL:
                    if esc.acknowledged_at is None:
                        esc.acknowledged_at = flag.acknowledged_at or flag.resolved_at
                        esc.acknowledged_by = flag.acknowledged_by or flag.resolved_by
                        esc.ack_channel = "review"
                    esc.state = State.ACKNOWLEDGED
                if flag.status == "resolved":
                    esc.state = State.CLOSED
                esc.next_at = None

    def acknowledge(self, s: Session, flag_id: int, actor: str, channel: str, now: datetime, detail: dict) -> bool:
        esc = s.get(FlagEscalation, flag_id)
        if esc is None or esc.state not in LIVE:
            return False
        flag = s.get(RiskFlag, flag_id)
        if flag is not None and flag.status == "open":
            review.acknowledge_in(s, flag_id, actor, now, {"via": channel, "code": esc.code, **detail})
        esc.state, esc.acknowledged_at, esc.acknowledged_by, esc.ack_channel = State.ACKNOWLEDGED, now, actor, channel
        esc.next_at = None
        log.info("flag %s acknowledged by %s (%s)", flag_id, actor, channel)
        return True

    def _actor(self, s: Session, step: EscalationStep) -> str:
        if step.role == "keyholder":
            return keyholder_actor(step.contact_id)
        slot = s.get(DutySlot, step.duty_slot_id) if step.duty_slot_id else None
        return duty_actor(slot.username if slot else None, slot.name if slot else step.target_name)

    def _read_replies(self, now: datetime, cfg: EscalationSettings, report: TickReport) -> None:
        with self.tx() as s:
            codes = dict(s.execute(select(FlagEscalation.code, FlagEscalation.flag_id)
                                   .where(FlagEscalation.state.in_(LIVE))).all())
            texted = s.scalar(select(EscalationStep.id).where(
                EscalationStep.flag_id.in_(list(codes.values())), EscalationStep.kind == "sms",
                EscalationStep.status != "committed").limit(1)) if codes else None
        if texted is None:
            return
        try:
            listed = self.gateway.list_messages(since=utcnow() - timedelta(hours=cfg.reply_lookback_h))
        except TelephonyError as exc:
            log.warning("could not read SMS replies: %s", exc)
            return
        for m in sorted((m for m in listed if m.direction == "inbound"), key=lambda m: m.created or now):
            match = messages.REPLY_PATTERN.match(m.body or "")
            flag_id = codes.get(match[1].upper()) if match else None
            if flag_id is None:
                continue
            with self.tx() as s:
                step = s.scalar(select(EscalationStep).where(
                    EscalationStep.flag_id == flag_id, EscalationStep.kind == "sms", EscalationStep.to == m.from_,
                    EscalationStep.status != "committed").limit(1))
                if step is None:
                    log.warning("a reply for flag %s came from a number it was not sent to: ignored", flag_id)
                    continue
                if self.acknowledge(s, flag_id, self._actor(s, step), "sms", now, {"message_sid": m.sid}):
                    step.status = "acknowledged"
                    report.acknowledged += 1

    # ---- calls ---------------------------------------------------------------------------------
    def _finish_calls(self, now: datetime, cfg: EscalationSettings, report: TickReport) -> None:
        with self.tx() as s:
            calls = s.execute(select(EscalationStep.id, EscalationStep.provider_sid).where(
                EscalationStep.status == "sent", EscalationStep.kind.in_(CALL_KINDS))).all()
        for step_id, sid in calls:
            if not sid:
                continue
            try:
                state = self.gateway.poll(sid)
                if not state.final:
                    continue
                digits = ""
                if state.status == "completed" and state.answered_by == "human":
                    digits = read_keypad(self.gateway, sid, self.recordings_dir)
            except TelephonyError as exc:
                log.warning("notification call %s: %s; asked again at the next tick", sid, exc)
                continue
            if state.answered_by == "machine":
                result = "machine"
            elif state.status == "completed" and state.answered_by == "human":
                result = "answered"
            elif state.status in ("no_answer", "busy", "canceled"):
                result = "no_answer"
            else:
                result = "no_answer" if state.status == "completed" else "failed"
            with self.tx() as s:
                step = _step(s, step_id)
                step.ended_at = now
                if step.kind == "callback_call":
                    self._callback_result(s, step, digits, result, now, cfg)
                    continue
                step.status = result
                if "1" in digits and self.acknowledge(s, step.flag_id, self._actor(s, step), "keypad", now,
                                                      {"call_sid": sid}):
                    step.status = "acknowledged"
                    report.acknowledged += 1

    def _callback_result(self, s: Session, step: EscalationStep, digits: str, result: str, now: datetime,
                         cfg: EscalationSettings) -> None:
        esc = _escalation(s, step.flag_id)
        ref = _household_of(s, step.flag_id).ref
        if "1" in digits and "9" not in digits:
            step.status = "well"
            if esc.state in LIVE:
                esc.state, esc.next_at = State.CONFIRMED_WELL, None
                esc.note = "confirmed well by call-back (keypad 1)"
            audit.record(s, ACTOR, "confirmed_well_by_callback", "risk_flag", step.flag_id, {"call_sid": step.provider_sid},
                         household_ref=ref, at=now)
            return
        step.status = result if result != "answered" else "answered"
        if esc.state not in LIVE:
            return
        why = "not well (keypad 9)" if "9" in digits else {"answered": "no keypad 1"}.get(result, result.replace("_", " "))
        esc.level, esc.state, esc.started_at = Level.HIGH, State.ACTIVE, now
        esc.ack_deadline = now + timedelta(minutes=cfg.ack_callback_min)
        esc.note = f"call-back: {why}; escalated as high"
        audit.record(s, ACTOR, "escalated_after_callback", "risk_flag", step.flag_id, {"why": why},
                     household_ref=ref, at=now)

    # ---- reconciling and sending -----------------------------------------------------------------
    def _reconcile(self, now: datetime, cfg: EscalationSettings, report: TickReport) -> None:
        """Steps left `committed` (a crash between commit and send, or an ambiguous answer from the
        line): adopt what the line already has; send only when it has nothing."""
        with self.tx() as s:
            rows = s.execute(select(EscalationStep.id, EscalationStep.kind, EscalationStep.to, EscalationStep.body,
                                    EscalationStep.committed_at).where(EscalationStep.status == "committed")).all()
            known = set(s.scalars(select(EscalationStep.provider_sid).where(EscalationStep.provider_sid.is_not(None))))
        for step_id, kind, to, body, committed_at in rows:
            since = committed_at - RECONCILE_MARGIN
            try:
                if kind == "sms":
                    found = [m.sid for m in self.gateway.list_messages(since=since, to=to)
                             if m.direction == "outbound" and m.body == body and m.sid not in known]
                else:
                    found = [c.sid for c in self.gateway.find_calls(to, since) if c.sid not in known]
            except TelephonyError as exc:
                log.warning("escalation step %s: cannot reconcile with the line yet: %s", step_id, exc)
                continue
            if found:
                with self.tx() as s:
                    step = _step(s, step_id)
                    step.status, step.provider_sid, step.sent_at = "sent", found[-1], now
                    step.error = "reconciled after a crash: the line had it already (not sent again)"
                known.add(found[-1])
                report.reconciled += 1
                log.warning("escalation step %s was sent before a crash (%s): adopted, not sent again", step_id, found[-1])
            else:
                report.sent += self._send(step_id, now, cfg)

    def _send_due(self, now: datetime, cfg: EscalationSettings, report: TickReport) -> None:
        committed: list[int] = []
        with self.tx() as s:
            line = store.load(s, TelephonySettings)
            for esc in s.scalars(select(FlagEscalation).where(FlagEscalation.state.in_((State.ACTIVE, State.EXHAUSTED)))):
                existing = set(s.scalars(select(EscalationStep.step_no).where(EscalationStep.flag_id == esc.flag_id)))
                plan = [p for p in planned_steps(s, esc, cfg) if p.step_no not in existing]
                later = [p.due_at for p in plan if p.due_at > now]
                esc.next_at = min(later) if later else None
                if not plan and esc.level != Level.CALLBACK:
                    esc.state = State.EXHAUSTED
                for p in (p for p in plan if p.due_at <= now):
                    step = EscalationStep(flag_id=esc.flag_id, step_no=p.step_no, kind=p.kind, role=p.role,
                                          target_name=p.name, to=p.to, duty_slot_id=p.duty_slot_id,
                                          contact_id=p.contact_id, body=self._content(s, esc, p, line),
                                          status="committed", due_at=p.due_at, committed_at=utcnow())
                    s.add(step)
                    s.flush()
                    committed.append(step.id)
        if committed:
            hold("committed")  # tests: a SIGKILL here leaves committed rows that were never sent
        for step_id in committed:  # each one a committed row before it is sent
            report.sent += self._send(step_id, now, cfg)

    @staticmethod
    def _content(s: Session, esc: FlagEscalation, p: PlannedStep, line: TelephonySettings) -> str:
        h = _household_of(s, esc.flag_id)
        voice = line.voice or None
        if p.kind == "callback_call":
            return messages.callback_twiml(voice)
        if p.role == "keyholder":
            if p.kind == "sms":
                return messages.keyholder_sms(resident_name=h.name, dong=h.dong, office_number=line.office_number,
                                              code=esc.code)
            return messages.keyholder_call_twiml(line.office_number, voice)
        if p.kind == "sms":
            return messages.staff_sms(ref=h.ref or f"#{h.id}", dong=h.dong, level=esc.level, code=esc.code)
        return messages.staff_call_twiml(esc.code, voice)

    def _send(self, step_id: int, now: datetime, cfg: EscalationSettings) -> int:
        with self.tx() as s:
            row = s.get(EscalationStep, step_id)
            if row is None or row.status != "committed":
                return 0
            kind, to, body, flag_id, step_no = row.kind, row.to, row.body, row.flag_id, row.step_no
        try:
            if kind == "sms":
                sid = self.gateway.send_sms(SmsRequest(to, body, flag_id, step_no))
            else:
                sid = self.gateway.place_notification(NotifyCallRequest(
                    to, body, flag_id, step_no, ring_timeout_s=cfg.notify_ring_timeout_s))
        except PermanentCallError as exc:
            with self.tx() as s:
                step = _step(s, step_id)
                step.status, step.error, step.ended_at = "failed", str(exc), now
            log.error("escalation step %s (flag %s) could not be sent: %s", step_id, flag_id, exc)
            return 0
        except TelephonyError as exc:  # may or may not have gone: reconciled at the next tick
            with self.tx() as s:
                _step(s, step_id).error = str(exc)
            log.warning("escalation step %s (flag %s): %s; reconciled at the next tick", step_id, flag_id, exc)
            return 0
        hold("sent")  # tests: a SIGKILL here leaves a step the line has but the row does not say
        with self.tx() as s:
            step = _step(s, step_id)
            step.status, step.provider_sid, step.sent_at, step.error = "sent", sid, now, None
        return 1
