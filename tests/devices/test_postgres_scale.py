"""A district past 65,535 households (PostgreSQL's limit of bound parameters per statement): the
Devices page and `device-status` used to bind every household id and failed there (issue 18)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

import main
from care.devices.status import household_statuses, load_device_overview
from tests.devices.helpers import make_household

pytestmark = [pytest.mark.postgresql_only(reason="PostgreSQL's 65,535-parameter limit"), pytest.mark.timeout(300)]

HOUSEHOLDS = 70_000


def test_device_status_over_65535_households(db, capsys):
    (hid, ref), = make_household(db, 1, kinds=("motion",))
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO household (name, phone, address, dong, worker, language, consent_recording, notes, active, "
            "is_demo, created_at, updated_at) SELECT '주민' || g, '+8210' || lpad(g::text, 8, '0'), '', '역삼1동', '', "
            "'ko', true, '', true, false, now(), now() FROM generate_series(1, :n) AS g"), {"n": HOUSEHOLDS})
    with db.session() as s:
        everyone = household_statuses(s)
    assert len(everyone) == HOUSEHOLDS + 1
    assert [h.household_ref for h in load_device_overview(db)] == [ref]
    assert main.main(["device-status", "--db", db.url, "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == HOUSEHOLDS + 1 and json.loads(lines[0])["household_ref"] == ref
