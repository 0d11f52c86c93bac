"""A district with a duty roster, households with consenting keyholders, and a runner on the
simulated line whose clock the tests move (never sleeps)."""

from __future__ import annotations

from datetime import datetime

from care.escalation import roster
from storage.models import CheckInPlan, Contact, Household

DUTY_NIGHT = "+821000001111"
DUTY_BACKUP = "+821000002222"
KEYHOLDER_1 = "+821077770001"
KEYHOLDER_2 = "+821077770002"
RESIDENT = "+821055550001"


def kst(text: str) -> datetime:
    return datetime.fromisoformat(text.replace(" ", "T") + "+09:00")


def district(db, *, consent: bool = True, window: tuple[str, str] = ("09:00", "21:00")) -> int:
    """One household (ref H000001, 역삼1동) with two consenting keyholders and one who did not
    consent; a night duty (mon-fri 18:00-09:00) and a backup desk. Returns the household id."""
    with db.session() as s:
        h = Household(name="김순자", phone=RESIDENT, dong="역삼1동", ref="H000001", consent_recording=consent)
        s.add(h)
        s.flush()
        s.add(CheckInPlan(household_id=h.id, weekdays="sun", window_start=window[0], window_end=window[1],
                          timezone="Asia/Seoul"))
        s.add_all([Contact(household_id=h.id, name="김아들", relation="아들", phone=KEYHOLDER_1, priority=1,
                           notify_consent=True),
                   Contact(household_id=h.id, name="이웃", relation="이웃", phone="+821099990000", priority=2,
                           notify_consent=False),
                   Contact(household_id=h.id, name="김딸", relation="딸", phone=KEYHOLDER_2, priority=3,
                           notify_consent=True)])
        hid = h.id
    roster.add_duty(db, days="mon-fri", start="18:00", end="09:00", phone="010-0000-1111", name="야간 당직",
                    user="kim", actor="test")
    roster.add_duty(db, days="all", start="00:00", end="00:00", phone="010-0000-2222", name="시 통합센터",
                    user=None, actor="test")
    return hid


def raise_flag(db, household_id: int, *, source: str = "robot", category: str = "emergency",
               severity: str = "high", at: datetime, key: str = "test:1", reason: str = "SOS 버튼") -> int:
    from sqlalchemy import select

    from care.flags import FlagDraft, write_flags
    from storage.models import RiskFlag

    with db.session() as s:
        write_flags(s, [FlagDraft(household_id, None, source, category, severity, reason, {}, key,
                                  ongoing=False)], at)
        return s.scalar(select(RiskFlag.id).where(RiskFlag.dedupe_key == key))
