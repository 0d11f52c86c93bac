"""care.checkins.activity.activity_since (the runner's missed-call cross-check) against the devices'
scheme: only a device's activity metric counts, silence is not inactivity."""

from __future__ import annotations

from datetime import timedelta

from care.checkins.activity import activity_since
from storage.types import utcnow

from .helpers import feed, make_household

NOW = utcnow()


def test_a_battery_report_is_not_activity_but_motion_is(db):
    (hid, ref), = make_household(db, 1, kinds=("motion", "power"))
    since = NOW - timedelta(hours=6)
    feed(db, ref, "motion1", "motion", [(NOW - timedelta(hours=h), 0) for h in (5, 4, 3, 2, 1)])
    feed(db, ref, "motion1", "battery", [(NOW - timedelta(hours=2, minutes=30), 88)], unit="%")
    feed(db, ref, "power1", "power", [(NOW - timedelta(hours=h), 2.0) for h in (5, 3, 1)], unit="W")
    with db.session() as s:
        a = activity_since(s, hid, since)
    assert a.has_devices and a.resident_active is False and not a.devices_silent
    feed(db, ref, "motion1", "motion", [(NOW - timedelta(minutes=30), 4)])
    with db.session() as s:
        a = activity_since(s, hid, since)
    assert a.resident_active is True and a.last_activity_at == NOW - timedelta(minutes=30)


def test_silent_devices_are_unknown_not_inactive(db):
    (hid, ref), = make_household(db, 1, kinds=("motion",))
    feed(db, ref, "motion1", "motion", [(NOW - timedelta(hours=30), 3)])
    with db.session() as s:
        a = activity_since(s, hid, NOW - timedelta(hours=12))
    assert a.devices_silent and a.resident_active is None
