"""Keyholders' consent to be notified by escalations (issue 15): `household show --json` prints
`notify_consent` per keyholder, `household update` sets it (absent keeps what the keyholder with
that phone had; a new keyholder without it has not consented), a reorder carries it along, and
every change is in the access log with who changed it and whose record it is."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from care.households.registry import ContactInput, HouseholdInput, create_household
from storage.models import AuditEvent, Contact
from tests.care.test_household_record import show, update

KEYHOLDERS = (ContactInput("이철수", "010-2222-3333", "아들", 1, True, notify_consent=True),
              ContactInput("박영희", "010-4444-5555", "딸", 2, False))


@pytest.fixture
def home(db):
    hid = create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678", dong="화곡1동",
                                              contacts=KEYHOLDERS), "tester")
    return db, hid, db.url.removeprefix("sqlite:///")


def consents(db, hid) -> list[tuple[str, bool]]:
    with db.session() as s:
        return [(c.name, c.notify_consent) for c in
                s.scalars(select(Contact).where(Contact.household_id == hid).order_by(Contact.priority))]


def consent_log(db) -> list[tuple[str, str | None, dict]]:
    with db.session() as s:
        return [(e.actor, e.household_ref, e.detail) for e in
                s.scalars(select(AuditEvent).where(AuditEvent.action == "notify_consent").order_by(AuditEvent.id))]


def test_show_prints_consent_and_update_sets_keeps_and_reorders_it(home, tmp_path, capsys):
    db, hid, path = home
    ref = f"H{hid:06d}"
    record = show(path, ref, capsys)
    assert [(c["name"], c["notify_consent"]) for c in record["contacts"]] == [("이철수", True), ("박영희", False)]
    assert len(consent_log(db)) == 1  # the create with a consenting keyholder is logged too

    record["contacts"][1]["notify_consent"] = True
    code, out, err = update(path, ref, record, tmp_path, capsys)
    assert code == 0, err
    assert consents(db, hid) == [("이철수", True), ("박영희", True)]
    actor, whose, detail = consent_log(db)[-1]
    assert whose == ref and detail["consent"] is True and detail["priority"] == 2 and actor

    # an older script without the key: consent kept per phone, also when the order changes
    old = {"contacts": [{"name": "박영희", "phone": "010-4444-5555", "relation": "딸"},
                        {"name": "이철수", "phone": "+821022223333", "relation": "아들", "has_key": True},
                        {"name": "정새로", "phone": "010-8888-9999"}]}
    n = len(consent_log(db))
    code, out, err = update(path, ref, old, tmp_path, capsys)
    assert code == 0, err
    assert consents(db, hid) == [("박영희", True), ("이철수", True), ("정새로", False)]
    assert len(consent_log(db)) == n  # nobody's consent changed

    record = show(path, ref, capsys)
    record["contacts"][0]["notify_consent"] = False
    assert update(path, ref, record, tmp_path, capsys)[0] == 0
    assert consents(db, hid)[0] == ("박영희", False)
    assert consent_log(db)[-1][2]["consent"] is False


def test_a_consent_that_is_not_true_or_false_exits_2_naming_it(home, tmp_path, capsys):
    db, hid, path = home
    record = show(path, str(hid), capsys)
    record["contacts"][1]["notify_consent"] = "yes"
    code, out, err = update(path, str(hid), record, tmp_path, capsys)
    assert code == 2
    assert "contacts[1].notify_consent" in err
    assert consents(db, hid) == [("이철수", True), ("박영희", False)]
