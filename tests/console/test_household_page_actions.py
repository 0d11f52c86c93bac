"""The household page's actions (issue 13): pause, resume and plan edits from the page, the page
following a flag worked elsewhere, and `--page household:REF` screenshots."""

from __future__ import annotations

from care.households.registry import HouseholdInput, create_household
from tests.console.test_household_page import _household_of_flag, _page
from tests.fixtures.review import make_call_flag


# --- actions -----------------------------------------------------------------------------------
def test_pause_resume_and_plan_from_the_page(qtbot, db):
    from care.checkins.plans import list_plans

    hid = create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678"), "tester")
    page = _page(qtbot, db, hid)
    page.pause_button.click()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.pause_dialog.textValueSelected.emit("입원")
    (plan,) = list_plans(db, [hid])
    assert plan.paused and plan.pause_reason == "입원"
    assert "일시중지: 입원" in page.header.plan.text() and page.pause_button.text() == "재개"
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.pause_button.click()
    assert not list_plans(db, [hid])[0].paused
    page.plan_button.click()
    dialog = page.plan_dialog
    for key, box in dialog.day_boxes.items():
        box.setChecked(key in ("tue", "fri"))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        dialog._save()
    assert list_plans(db, [hid])[0].weekdays == ("tue", "fri")
    plan_rows = [page.timeline.model.row_at(r) for r in range(page.timeline.model.rowCount())]
    assert [e.kind for e in plan_rows] == ["plan", "plan", "plan"]  # the plan's story, newest first
    assert plan_rows[0].detail["changes"]["days"] == "tue,fri"
    assert plan_rows[2].detail["action"] == "plan_pause" and plan_rows[1].detail["action"] == "plan_resume"


def test_screenshot_of_one_household_page(tmp_path, review_demo_template):
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(review_demo_template, path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    main_py = str(Path(__file__).resolve().parents[2] / "main.py")
    run = [sys.executable, main_py, "--db", str(path), "--lang", "en"]
    done = subprocess.run([*run, "--screenshot", str(tmp_path / "shot-{page}.png"), "--page", "household:H000001"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    png = tmp_path / "shot-household-H000001.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    missing = subprocess.run([*run, "--screenshot", str(tmp_path / "x.png"), "--page", "household:H999999"],
                             env=env, capture_output=True, text=True, timeout=120)
    assert missing.returncode != 0 and "H999999" in missing.stderr
    bad = subprocess.run([*run, "--screenshot", str(tmp_path / "y.png"), "--page", "nowhere"],
                         env=env, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "unknown page" in bad.stderr


def test_the_page_follows_a_flag_worked_elsewhere(qtbot, db):
    from care.review import queue as review

    flag_id = make_call_flag(db, recording=None)
    page = _page(qtbot, db, _household_of_flag(db, flag_id))
    page.poller.poll()  # the baseline
    qtbot.waitUntil(lambda: not page.poller._busy, timeout=10_000)
    review.acknowledge(db, flag_id, "supervisor")  # on another PC, say
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.poller.poll()
    flag = page.timeline.model.row_at(page.timeline.model.find("flag", flag_id))
    assert flag.detail["status"] == "acknowledged" and flag.detail["acknowledged_by"] == "supervisor"
