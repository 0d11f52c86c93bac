"""Demo call history: three weeks of check-ins on each demo household's plan days, in the same
rows and shapes the runner writes (slots, attempts, answers, flags), so the overview, schedule and
review show something real. No audio exists for demo calls (recording_path stays empty), and the
answers are run through the real risk matcher, and the flags are built and written by
care.flags exactly as the runner's are, so they carry real matches (flag_match rows)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from care import audit
from care.checkins.plans import plan_slots
from care.flags import answer_matches, call_flag, missed_flag, write_flags
from speech.matching import CATEGORIES, flag_words, severity_of
from speech.transcribe import Word
from storage.models import CallAnswer, CallAttempt, CheckInPlan, CheckInSlot, Household, RiskFlag
from telephony.script import load_script

WELL = ("네 잘 지내요", "괜찮아요 아픈 데 없어요", "밥 잘 먹었어요", "잠 잘 잤어요", "기분 좋아요", "필요한 거 없어요 고마워요",
        "아침에 산책 다녀왔어요", "딸이 어제 다녀갔어요")
RISKY = ("허리가 너무 아파요", "요즘 밥을 못 먹었어요", "외롭고 아무도 안 와요", "보일러가 고장 나서 너무 추워요",
         "어제 화장실에서 넘어졌어요", "약이 다 떨어졌어요", "잠을 통 못 자요", "가슴이 답답하고 숨이 차요")
SEVERITY = {"high": "high", "medium": "medium", "none": "low"}
HISTORY_DAYS = 21
RISK_REASON = "위험 단어 감지 / risk words heard"
MISSED_REASON = "안부 전화 3회 부재 — 오늘 담당자가 직접 전화해 주세요 (3 attempts unanswered)"


def _answers(attempt: CallAttempt, texts: list[str], keys: list[str], rng: random.Random) -> list[CallAnswer]:
    out, t = [], 4.0
    for i, text in enumerate(texts):
        dur = 1.5 + rng.random() * 2.5
        words, w_t = [], t
        for w in text.split():
            words.append({"word": w, "start": round(w_t, 2), "end": round(w_t + 0.45, 2), "conf": round(0.7 + rng.random() * 0.3, 2)})
            w_t += 0.5
        conf = sum(w["conf"] for w in words) / len(words)
        out.append(CallAnswer(attempt_id=attempt.id, question_index=i, question_key=keys[i] if i < len(keys) else "",
                              text_raw=text, text=text, words=words, start_s=round(t, 2), end_s=round(t + dur, 2),
                              confidence=round(conf, 3), silence_ratio=round(0.2 + rng.random() * 0.3, 2),
                              keypad="", intelligible=True, reason=""))
        t += dur + 6.0
    return out


def _resolve(session: Session, keys: list[str], at: datetime) -> None:
    """Resolved by the demo worker the next morning, with the audit-trail row a real resolution
    leaves (review --stats and the reports read times to resolve from the trail)."""
    if keys:
        session.execute(update(RiskFlag).where(RiskFlag.dedupe_key.in_(keys)).values(
            status="resolved", resolution="called", resolved_by="demo", resolved_at=at))
        for flag_id in session.scalars(select(RiskFlag.id).where(RiskFlag.dedupe_key.in_(keys))):
            audit.record(session, "demo", "resolve", "risk_flag", flag_id,
                         {"from": "open", "resolution": "called", "note": ""}, at=at)


def seed_demo(session: Session, households: list[Household], rng: random.Random, now: datetime) -> None:
    script = load_script("ko_default")
    keys = [q.key for q in script.questions]
    spoken = [q for q in script.questions if not q.keypad]
    ids = [h.id for h in households]
    plans = {p.household_id: p for i in range(0, len(ids), 10_000) for p in session.scalars(  # PostgreSQL binds
        select(CheckInPlan).where(CheckInPlan.household_id.in_(ids[i:i + 10_000])))}  # at most 65,535 values
    for h in households:
        plan = plans.get(h.id)
        if plan is None or not h.active:
            continue
        for sw in plan_slots(plan, now - timedelta(days=HISTORY_DAYS), now - timedelta(hours=1)):
            if sw.end > now:
                continue
            roll = rng.random()
            kind = ("well" if roll < 0.72 else "flagged" if roll < 0.82 else "needs_review" if roll < 0.88
                    else "retry_well" if roll < 0.94 else "missed")
            tries = {"missed": 3, "retry_well": 2}.get(kind, 1)
            attempts = []
            slot = CheckInSlot(household_id=h.id, slot_key=sw.key, kind="plan", local_date=sw.local_date,
                               window_start=sw.start, window_end=sw.end, attempts_made=tries, reason="",
                               created_at=sw.start)
            session.add(slot)
            session.flush()
            for n in range(1, tries + 1):
                dialed = sw.start + timedelta(minutes=20 * (n - 1), seconds=rng.randint(0, 300))
                unanswered = kind == "missed" or (kind == "retry_well" and n == 1)
                status = rng.choice(("no_answer", "busy")) if unanswered else "completed"
                a = CallAttempt(household_id=h.id, slot_id=slot.id, slot_key=sw.key, attempt_no=n, idempotency_key=f"{h.id}:{sw.key}:{n}",
                                status="done", provider="simulated", provider_call_sid=f"SIMDEMO{h.id:05d}{n}{rng.randint(0, 10**6):06d}",
                                call_status=status, answered_by=None if unanswered else "human",
                                scheduled_at=dialed, dialed_at=dialed,
                                ended_at=dialed + timedelta(seconds=30 if unanswered else 70 + rng.randint(0, 40)),
                                duration_s=None if unanswered else float(70 + rng.randint(0, 40)),
                                outcome=status if unanswered else ("well" if kind == "retry_well" else kind),
                                is_demo=True, created_at=dialed)
                session.add(a)
                attempts.append(a)
            session.flush()
            last = attempts[-1]
            if kind != "missed":
                texts = [rng.choice(WELL) for _ in spoken]
                if kind == "flagged":
                    texts[rng.randrange(len(texts))] = rng.choice(RISKY)
                if kind == "needs_review":
                    texts[rng.randrange(len(texts))] = "음"
                answers = _answers(last, texts, keys, rng)
                if kind == "needs_review":
                    for ans in answers:
                        if ans.text == "음":
                            ans.intelligible, ans.reason, ans.confidence = False, "low_confidence", 0.31
                session.add_all(answers)
                session.flush()
                heard = [(ans, flag_words([Word(**w) for w in ans.words])) for ans in answers]  # as care.checkins.assess does
                matches = [m for ans, result in heard for m in answer_matches(ans, result.matches)]
                categories = [c for c in CATEGORIES if any(c in result.categories for _, result in heard)]
                drafts = [call_flag(last, c, SEVERITY[severity_of(categories)], RISK_REASON, matches, [RISK_REASON])
                          for c in categories]
            else:
                drafts = [missed_flag(h.id, sw.key, "missed_checkin", "medium", MISSED_REASON,
                                      {"cause": "no_answer", "attempts": len(attempts)}, last.id)]
            ended = last.ended_at or now
            written = write_flags(session, drafts, ended)
            if sw.end < now - timedelta(days=7):  # older flags were handled the next morning
                _resolve(session, [d.dedupe_key for d in written], ended + timedelta(hours=15))
            slot.status, slot.outcome = ("missed" if kind == "missed" else "completed"), last.outcome
            slot.updated_at = ended
