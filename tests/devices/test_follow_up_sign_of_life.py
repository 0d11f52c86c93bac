"""A follow-up contact that reached the resident closes an open inactivity flag like an answered
check-in does (issue 13 with issue 10 item 7), with the follow-up named in the audit row."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from care.devices.sign_of_life import RESOLUTION, SYSTEM_ACTOR
from care.households.followups import add_follow_up
from storage.models import AuditEvent

from .test_sign_of_life import T0, H, evaluate, home, inactivity  # noqa: F401 - `home` is a fixture


def test_a_reached_follow_up_closes_the_open_inactivity_flag(home):  # noqa: F811
    db, hid, _ = home
    assert [d.category for d in evaluate(db, T0 + 35 * H).raised if d.category == "inactivity"] == ["inactivity"]
    add_follow_up(db, hid, "박지은", "phone", "not_reached", at=T0 + 36 * H)
    assert evaluate(db, T0 + 36 * H + timedelta(minutes=1)).closed == []  # nobody reached: stays open
    contact = add_follow_up(db, hid, "박지은", "visit", "reached_well", "방문, 건강함", at=T0 + 36 * H + timedelta(minutes=30))
    result = evaluate(db, T0 + 37 * H)
    flag, = inactivity(db)
    assert result.closed == [flag.id]
    assert (flag.status, flag.resolved_by, flag.resolution) == ("resolved", SYSTEM_ACTOR, RESOLUTION)
    assert "후속 연락" in flag.resolution_note
    with db.session() as s:
        row = s.scalars(select(AuditEvent).where(AuditEvent.entity == "risk_flag", AuditEvent.entity_id == flag.id)).one()
    assert row.detail["follow_up_id"] == contact.id and row.detail["attempt_id"] is None
