"""`household show` / `household update` (issue 13): the whole record as one JSON object, its
timeline newest first and paged in SQL, and "show, edit, update" all or nothing — keyholders
kept in place when unchanged and reordered when the list is."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

import main
from care.households import followups, timeline
from care.households.record import household_record
from care.households.registry import ContactInput, HouseholdInput, create_household
from storage.models import AuditEvent, CallAnswer, CallAttempt, Contact, RiskFlag
from storage.types import utcnow

T0 = (utcnow() - timedelta(days=2)).replace(microsecond=0)
KEYHOLDERS = (ContactInput("이철수", "010-2222-3333", "아들", 1, True),
              ContactInput("박영희", "010-4444-5555", "딸", 2, False),
              ContactInput("최민수", "010-6666-7777", "이웃", 3, True))


@pytest.fixture
def home(db):
    hid = create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678", dong="화곡1동",
                                              contacts=KEYHOLDERS), "tester")
    return db, hid, db.url.removeprefix("sqlite:///")


def show(path: str, ref: str, capsys, *extra: str) -> dict:
    assert main.main(["household", "show", ref, "--db", path, "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def update(path: str, ref: str, obj, tmp_path, capsys) -> tuple[int, str, str]:
    f = tmp_path / "record.json"
    f.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    code = main.main(["household", "update", ref, "--json-file", str(f), "--db", path])
    out = capsys.readouterr()
    return code, out.out, out.err


def contact_rows(db, hid):
    with db.session() as s:
        return [(c.id, c.name, c.priority, c.has_key) for c in
                s.scalars(select(Contact).where(Contact.household_id == hid).order_by(Contact.priority))]


def test_update_round_trips_three_keyholders_unchanged_and_changed(home, tmp_path, capsys):
    db, hid, path = home
    before = contact_rows(db, hid)
    record = show(path, f"H{hid:06d}", capsys)
    assert [c["name"] for c in record["contacts"]] == ["이철수", "박영희", "최민수"]
    assert {"devices", "plan", "timeline", "reachability"} <= set(record)

    code, out, err = update(path, str(hid), record, tmp_path, capsys)  # unchanged: the very object printed
    assert code == 0, err
    assert contact_rows(db, hid) == before  # same rows, same ids, same order
    again = show(path, str(hid), capsys)
    assert {k: v for k, v in again.items() if k not in ("timeline", "timeline_next")} == \
        {k: v for k, v in record.items() if k not in ("timeline", "timeline_next")}

    edited = dict(record, contacts=[record["contacts"][2], record["contacts"][0], record["contacts"][1]],
                  dong="화곡2동", notes="오전엔 복지관")
    edited["contacts"][0] = dict(edited["contacts"][0], has_key=False)
    assert update(path, str(hid), edited, tmp_path, capsys)[0] == 0
    after = contact_rows(db, hid)
    assert [(n, p, k) for _, n, p, k in after] == [("최민수", 1, False), ("이철수", 2, True), ("박영희", 3, False)]
    assert sorted(i for i, *_ in after) == sorted(i for i, *_ in before)  # updated in place, no new rows
    final = show(path, str(hid), capsys)
    assert (final["dong"], final["notes"]) == ("화곡2동", "오전엔 복지관")
    with db.session() as s:
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.entity == "household",
                                                            AuditEvent.entity_id == hid)).all()
    assert actions.count("update") == 2 and actions.count("view") >= 3


@pytest.mark.parametrize(("change", "named"), [
    ({"bogus": 1}, "bogus"),
    ({"phone": "12"}, "phone"),
    ({"birth_year": "1950"}, "birth_year"),
    ({"consent_date": "2026-02-30"}, "consent_date"),
    ({"contacts": [{"name": "새이웃"}]}, "contacts[0].phone"),
    ({"contacts": [{"name": "새이웃", "phone": "010-1111-2222", "colour": "red"}]}, "contacts[0].colour"),
    ({"id": 999}, "id"),
])
def test_a_bad_field_exits_2_naming_it_and_nothing_is_written(home, tmp_path, capsys, change, named):
    db, hid, path = home
    record = show(path, str(hid), capsys)
    before = contact_rows(db, hid)
    obj = {**record, "name": "바뀐이름", "contacts": list(reversed(record["contacts"])), **change}
    code, out, err = update(path, str(hid), obj, tmp_path, capsys)
    assert code == 2 and named in err and "Traceback" not in err
    assert contact_rows(db, hid) == before
    assert show(path, str(hid), capsys)["name"] == "김영희"


def test_timeline_lists_a_call_with_answers_a_flag_and_a_contact_newest_first(home, capsys):
    db, hid, path = home
    with db.session() as s:
        a = CallAttempt(household_id=hid, slot_key="s1", attempt_no=1, idempotency_key="k1", status="done",
                        answered_by="human", outcome="flagged", dialed_at=T0, ended_at=T0 + timedelta(minutes=2))
        s.add(a)
        s.flush()
        s.add_all([CallAnswer(attempt_id=a.id, question_index=0, text="어제 넘어졌어요", confidence=0.8),
                   CallAnswer(attempt_id=a.id, question_index=1, text="밥은 먹었어요", keypad="1")])
        s.add(RiskFlag(household_id=hid, source="call", category="health", severity="high", status="open",
                       reason="넘어졌어요", attempt_id=a.id, created_at=T0 + timedelta(minutes=3)))
    followups.add_follow_up(db, hid, "박지은", "phone", "reached_need", "병원 동행 필요", at=T0 + timedelta(hours=1))
    entries = show(path, str(hid), capsys)["timeline"]
    assert [e["kind"] for e in entries] == ["contact", "flag", "call"]
    assert [e["at"] for e in entries] == sorted((e["at"] for e in entries), reverse=True)
    call = entries[2]
    assert [x["text"] for x in call["answers"]] == ["어제 넘어졌어요", "밥은 먹었어요"]
    assert call["answers"][1]["keypad"] == "1" and "넘어졌어요" in call["summary"]
    assert entries[0]["channel"] == "phone_resident" and entries[0]["outcome"] == "reached_need"
    assert (entries[1]["severity"], entries[1]["status"], entries[1]["resolution"]) == ("high", "open", None)
    assert [e["kind"] for e in show(path, str(hid), capsys, "--limit", "2")["timeline"]] == ["contact", "flag"]


def test_timeline_pages_follow_one_another_without_gaps_or_repeats(home):
    db, hid, _ = home
    for i in range(7):  # several at the very same instant: the cursor must break ties
        followups.add_follow_up(db, hid, "박지은", "visit", "reached_well", at=T0 + timedelta(hours=i // 3))
    seen, cursor = [], None
    while True:
        with db.session() as s:
            batch = timeline.page(s, hid, 3, cursor)
        if not batch:
            break
        seen += batch
        cursor = batch[-1].cursor
    assert len(seen) == len({(e.kind, e.id) for e in seen}) == 7
    assert [e.at for e in seen] == sorted((e.at for e in seen), reverse=True)
    assert household_record(db, hid, "tester", limit=3).timeline == tuple(seen[:3])


def test_plan_changes_and_pauses_are_on_the_timeline_and_a_sensor_alarm_too(home, capsys):
    from care.checkins.plans import set_plans
    from tests.devices.helpers import feed

    db, hid, path = home
    set_plans(db, [hid], days="tue,fri", window="18:30-20:30", actor="박지은")
    set_plans(db, [hid], pause_reason="입원", actor="박지은")
    assert main.main(["device", "add", "--household", str(hid), "--kind", "smoke", "--ref", "smoke-1",
                      "--db", path]) == 0
    feed(db, f"H{hid:06d}", "smoke-1", "smoke", [(utcnow() - timedelta(minutes=5), 0),
                                                 (utcnow() - timedelta(minutes=1), 1)])
    capsys.readouterr()
    record = show(path, str(hid), capsys)
    kinds = [(e["kind"], e.get("action") or e.get("metric")) for e in record["timeline"]]
    assert [k for k in kinds if k[0] == "sensor"] == [("sensor", "smoke")]  # the alarm, not the all-clear
    assert ("plan", "plan_pause") in kinds and ("plan", "plan_update") in kinds
    assert kinds.index(("plan", "plan_pause")) < kinds.index(("plan", "plan_update"))
    assert record["plan"]["paused"] is True and record["plan"]["pause_reason"] == "입원"
    assert [d["ref"] for d in record["devices"]] == ["smoke-1"]


def test_every_view_and_action_is_in_the_access_log_with_who_and_whose(home, tmp_path, capsys):
    from care.accounts.identity import os_account

    db, hid, path = home
    ref = f"H{hid:06d}"
    record = show(path, ref, capsys)
    steps = [
        ["household", "show", ref, "--json"],
        ["household", "update", ref, "--json-file", str(tmp_path / "r.json")],
        ["device", "add", "--household", ref, "--kind", "door", "--ref", "door-9"],
        ["device", "list", "--household", ref, "--json"],
        ["device", "retire", "--household", ref, "--ref", "door-9"],
        ["contact", "add", "--household", ref, "--channel", "keyholder", "--outcome", "not_reached"],
        ["contact", "list", "--household", ref, "--json"],
    ]
    (tmp_path / "r.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    for args in steps:
        with db.session() as s:
            last = s.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
        assert main.main([*args, "--db", path]) == 0, args
        capsys.readouterr()
        with db.session() as s:
            rows = s.scalars(select(AuditEvent).where(AuditEvent.id > last)).all()
        assert rows, f"{args[:2]} left no access-log row"
        for row in rows:
            whose = row.entity_id if row.entity == "household" else (row.detail or {}).get("household_id")
            assert row.actor == os_account() and whose == hid and row.action, (args[:2], row.entity, row.detail)
