"""The review workflow: queue order and filters, evidence rendered to plain data, the evidence
audio (resident channel only), transitions with their access-log rows, and the CLI."""

from __future__ import annotations

import io
import json
import wave
from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import select

import main
from care.households.registry import HouseholdInput, create_household
from care.review import queue as review
from care.review.queue import FlagTransitionError
from storage.models import AuditEvent, CallAttempt, RiskFlag
from storage.types import utcnow
from tests.fixtures.review import make_call_flag, make_legacy_call_flag, write_call_wav


def _flag(s, hid, severity, age_h, status="open", category="health", source="sensor", reason="r"):
    f = RiskFlag(household_id=hid, source=source, category=category, severity=severity, status=status,
                 reason=reason, created_at=utcnow() - timedelta(hours=age_h))
    s.add(f)
    s.flush()
    return f.id


def _audit(db, flag_id):
    with db.session() as s:
        return [(e.actor, e.action, e.detail) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "risk_flag", AuditEvent.entity_id == flag_id)
            .order_by(AuditEvent.id))]


@pytest.fixture
def queue_db(db):
    a = create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678", dong="화곡1동"), "t")
    b = create_household(db, HouseholdInput(name="박민수", phone="02-123-4567", dong="염창동"), "t")
    with db.session() as s:
        ids = {
            "low_old": _flag(s, a, "low", 90),
            "high_new": _flag(s, b, "high", 1, reason="연기 감지"),
            "medium": _flag(s, a, "medium", 5),
            "high_old": _flag(s, a, "high", 30),
            "high_ack": _flag(s, b, "high", 10, status="acknowledged"),
            "high_resolved": _flag(s, b, "high", 100, status="resolved"),
        }
    return db, ids


def test_queue_is_urgent_first_then_oldest_first(queue_db):
    db, ids = queue_db
    order = [r.id for r in review.review_queue(db)]
    assert order == [ids["high_old"], ids["high_ack"], ids["high_new"], ids["medium"], ids["low_old"]]
    assert [r.id for r in review.review_queue(db, status="open")] == [
        ids["high_old"], ids["high_new"], ids["medium"], ids["low_old"]]
    assert [r.id for r in review.review_queue(db, status="resolved")] == [ids["high_resolved"]]
    assert len(review.review_queue(db, status="all")) == 6
    assert {r.id for r in review.review_queue(db, text="염창")} == {ids["high_new"], ids["high_ack"]}
    assert [r.id for r in review.review_queue(db, text="연기")] == [ids["high_new"]]
    row = review.review_queue(db, text="연기")[0]
    assert (row.household_name, row.dong, row.household_ref) == ("박민수", "염창동", "H000002")
    with pytest.raises(review.AnbuError, match="status"):
        review.review_queue(db, status="closed")


def test_transitions_write_one_audit_row_each_and_refuse_going_back(queue_db):
    db, ids = queue_db
    fid = ids["medium"]
    row = review.acknowledge(db, fid, "supervisor")
    assert (row.status, row.acknowledged_by) == ("acknowledged", "supervisor")
    with pytest.raises(FlagTransitionError, match="이미 확인된"):
        review.acknowledge(db, fid, "supervisor")
    row = review.assign(db, fid, "  박지은  ", "supervisor")
    assert (row.assignee, row.status) == ("박지은", "acknowledged")
    assert [r.id for r in review.review_queue(db, assignee="박지은")] == [fid]
    with pytest.raises(FlagTransitionError, match="outcome"):
        review.resolve(db, fid, "supervisor", "fixed")
    row = review.resolve(db, fid, "박지은", "called", "딸과 통화함")
    assert (row.status, row.resolution, row.resolution_note, row.resolved_by) == ("resolved", "called", "딸과 통화함", "박지은")
    with pytest.raises(FlagTransitionError, match="이미 처리된") as refused:
        review.resolve(db, fid, "supervisor", "visited")
    assert refused.value.exit_code == 2 and "박지은" in str(refused.value)
    with pytest.raises(FlagTransitionError):
        review.assign(db, fid, "someone", "supervisor")
    assert [(a, act) for a, act, _ in _audit(db, fid)] == [
        ("supervisor", "acknowledge"), ("supervisor", "assign"), ("박지은", "resolve")]
    assert _audit(db, fid)[2][2] == {"from": "acknowledged", "resolution": "called", "note": "딸과 통화함"}
    with db.session() as s:  # the refused attempts changed nothing
        f = s.get(RiskFlag, fid)
        assert (f.status, f.resolution, f.assignee) == ("resolved", "called", "박지은")


def test_assigning_an_open_flag_acknowledges_it_and_bad_input_is_refused(queue_db):
    db, ids = queue_db
    row = review.assign(db, ids["low_old"], "이수진", "supervisor")
    assert (row.status, row.acknowledged_by, row.assignee) == ("acknowledged", "supervisor", "이수진")
    with pytest.raises(FlagTransitionError, match="담당자"):
        review.assign(db, ids["low_old"], "   ", "supervisor")
    with pytest.raises(review.FlagNotFound):
        review.acknowledge(db, 9999, "supervisor")
    row = review.resolve(db, ids["high_old"], "supervisor", "false_alarm")  # straight from open
    assert row.status == "resolved" and row.acknowledged_at is None


def test_queue_version_moves_on_every_kind_of_change(queue_db):
    db, ids = queue_db
    seen = {review.queue_version(db)}
    review.acknowledge(db, ids["medium"], "s")
    seen.add(review.queue_version(db))
    review.assign(db, ids["medium"], "x", "s")
    seen.add(review.queue_version(db))
    review.resolve(db, ids["medium"], "s", "visited")
    seen.add(review.queue_version(db))
    with db.session() as s:
        _flag(s, 1, "high", 0)
    seen.add(review.queue_version(db))
    assert len(seen) == 5


def test_detail_of_a_recorded_call_flag_highlights_the_words_and_logs_the_view(db, tmp_path):
    wav = write_call_wav(tmp_path / "call.wav")
    fid = make_call_flag(db, recording=wav)
    d = review.flag_detail(db, fid, "supervisor")
    (answer,) = d.answers
    assert answer.text == "어제 화장실에서 넘어 졌어요"  # the readable text, not the Vosk pieces
    assert [answer.text[m.start:m.end] for m in answer.matches] == ["넘어 졌"]
    assert d.recording == "available"
    assert (d.audio.path, d.audio.start_s, d.audio.end_s, d.audio.channel) == (str(wav), 2.2, 2.6, 0)
    assert [(k.priority, k.name, k.phone, k.has_key) for k in d.keyholders] == [
        (1, "최아들", "010-4444-5555", True), (2, "김이웃", "010-6666-7777", False)]
    assert d.household.phone == "010-2222-3333"
    assert _audit(db, fid) == [("supervisor", "view", {"household_id": d.household.id})]
    json.dumps(d.to_json(), ensure_ascii=False)  # plain data all the way down


def test_a_flag_written_before_flag_match_is_read_from_its_json(db, tmp_path):
    """Flags raised before revision 0008 have no flag_match rows: their JSON copy is still shown,
    its spans over Vosk's spaced pieces moved onto the readable text."""
    wav = write_call_wav(tmp_path / "call.wav")
    fid = make_legacy_call_flag(db, recording=wav)
    (answer,) = review.flag_detail(db, fid, "supervisor").answers
    assert answer.text == "어제 화장실에서 넘어 졌어요"
    assert [answer.text[m.start:m.end] for m in answer.matches] == ["넘어 졌"]
    assert review.evidence_audio(db, fid, "supervisor").start_s == 2.2


def test_detail_says_why_there_is_no_audio(db, tmp_path):
    missing = make_call_flag(db, recording=tmp_path / "gone.wav")
    assert review.flag_detail(db, missing, "s").recording == "missing"
    wav = write_call_wav(tmp_path / "old.wav")
    purged = make_call_flag(db, recording=wav, phone="010-3333-4444")
    with db.session() as s:
        s.get(CallAttempt, s.get(RiskFlag, purged).attempt_id).recording_purged_at = utcnow()
    d = review.flag_detail(db, purged, "s")
    assert (d.recording, d.audio) == ("purged", None)
    with pytest.raises(review.AnbuError, match="녹음"):
        review.evidence_audio(db, purged, "s")


def test_evidence_audio_is_only_the_span_of_the_resident_channel_and_is_logged_as_such(db, tmp_path):
    """Issue 11 item 13: the player gets the evidence span with a second of context either side
    and nothing more of the call, and the 'listen' row names exactly that clip."""
    fid = make_call_flag(db, recording=write_call_wav(tmp_path / "call.wav", seconds=4.0))
    audio = review.evidence_audio(db, fid, "supervisor")
    with wave.open(io.BytesIO(audio.wav)) as w:  # 1.2–3.6 s of the 4 s call: 2.4 s at 8 kHz
        assert (w.getnchannels(), w.getframerate(), w.getsampwidth(), w.getnframes()) == (1, 8000, 2, 19200)
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2") / 32768.0
    spectrum = np.abs(np.fft.rfft(samples))
    assert abs(np.argmax(spectrum) * 8000 / len(samples) - 440) < 2  # channel 0, not our 1 kHz prompts
    assert (audio.start_s, audio.end_s, audio.clip_start_s, audio.clip_end_s) == (2.2, 2.6, 1.2, 3.6)
    assert audio.duration_s == pytest.approx(2.4)
    assert _audit(db, fid)[-1] == ("supervisor", "listen", {
        "attempt_id": 1, "start_s": 2.2, "end_s": 2.6, "channel": "resident",
        "played_from_s": 1.2, "played_to_s": 3.6})


def test_a_clicked_word_hands_over_and_logs_its_own_moment(db, tmp_path):
    fid = make_call_flag(db, recording=write_call_wav(tmp_path / "call.wav", seconds=4.0))
    audio = review.evidence_audio(db, fid, "supervisor", 0.3, 0.5)  # near the start: clipped at 0
    assert (audio.clip_start_s, audio.clip_end_s) == (0.0, 1.5)
    assert len(audio.wav) == 44 + 2 * 12000
    details = _audit(db, fid)[-1][2]
    assert (details["start_s"], details["end_s"], details["played_from_s"], details["played_to_s"]) == (0.3, 0.5, 0.0, 1.5)
    for bad in ((3.0, 2.0), (-1.0, 0.5), (float("nan"), 1.0), (9.0, 9.5)):  # nothing heard, nothing logged
        with pytest.raises(review.AnbuError, match="구간"):
            review.evidence_audio(db, fid, "supervisor", *bad)
    assert len([a for a in _audit(db, fid) if a[1] == "listen"]) == 1


def test_demo_evidence_of_every_source_renders(review_demo_db):
    db = review_demo_db
    rows = review.review_queue(db, status="all")
    by_source = {r.source: r for r in rows}
    assert set(by_source) == {"call", "missed_calls", "sensor", "robot"}
    call = review.flag_detail(db, by_source["call"].id, "s")
    assert call.answers and all(a.matches for a in call.answers)
    assert all(a.text[m.start:m.end] for a in call.answers for m in a.matches)
    assert call.recording == "none" and call.audio is None  # demo calls have no audio
    missed = review.flag_detail(db, by_source["missed_calls"].id, "s").missed
    assert missed.attempts == 3 and missed.cause == "no_answer"
    sensor = next(r for r in rows if r.category == "inactivity")
    dev = review.flag_detail(db, sensor.id, "s").device
    assert dev.device_ref.startswith("motion") and dev.since is not None and dev.last_seen_at is not None
    gateway = next(r for r in rows if r.reason.startswith("이 가구의 기기"))
    assert len(review.flag_detail(db, gateway.id, "s").device.devices) > 1


def test_cli_lists_json_lines_and_acts_as_the_os_user(queue_db, capsys, monkeypatch):
    db, ids = queue_db
    monkeypatch.setattr("care.accounts.identity.os_account", lambda: "cli-user")
    url = db.url
    assert main.main(["review", "--db", url, "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["id"] for x in lines] == [ids["high_old"], ids["high_ack"], ids["high_new"], ids["medium"], ids["low_old"]]
    assert lines[0]["severity"] == "high" and lines[0]["created_at"].endswith("+00:00")
    assert main.main(["review", "--db", url, "--status", "resolved", "--json"]) == 0
    assert [json.loads(x)["id"] for x in capsys.readouterr().out.splitlines()] == [ids["high_resolved"]]

    assert main.main(["review", "--db", url, "--ack", str(ids["medium"])]) == 0
    assert main.main(["review", "--db", url, "--assign", str(ids["medium"]), "--to", "박지은"]) == 0
    capsys.readouterr()
    assert main.main(["review", "--db", url, "--resolve", str(ids["medium"]), "--outcome", "called",
                      "--note", "통화함", "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert (done["status"], done["resolution"], done["resolved_by"], done["assignee"]) == (
        "resolved", "called", "cli-user", "박지은")
    assert main.main(["review", "--db", url, "--resolve", str(ids["medium"]), "--outcome", "visited"]) == 2
    assert "anbu: 이미 처리된" in capsys.readouterr().err
    assert main.main(["review", "--db", url, "--resolve", str(ids["low_old"])]) == 2
    assert "--outcome" in capsys.readouterr().err
    assert [(a, act) for a, act, _ in _audit(db, ids["medium"])] == [
        ("cli-user", "acknowledge"), ("cli-user", "assign"), ("cli-user", "resolve")]
