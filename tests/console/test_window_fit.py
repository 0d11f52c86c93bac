"""Issue 10 items 10-12 as a user meets them: the window fits a 1280×720 screen and comes back
where it was left; pages show fresh numbers the moment they are brought up; ages in the review
detail move on; database errors read as words; the chart's axis is in the tables' zone; both
pages count the same devices."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from care.review.overview import overview_summary
from care.vocabulary import DeviceKind
from console.common.chart_axis import LocalTimeAxis
from console.common.context import ConsoleContext
from console.common.tasks import error_text
from console.common.window_state import FRAME_ALLOWANCE, GEOMETRY_KEY, available_geometry, user_settings
from console.main_window import MainWindow
from storage.errors import StorageError
from storage.models import Device, Household, RiskFlag
from storage.types import utcnow
from tests.fixtures.review import make_call_flag

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from storage.db import open_database
from console.common.context import ConsoleContext
from console.main_window import MainWindow
db = open_database(sys.argv[1])
w = MainWindow(ConsoleContext(db=db, actor="t"))
w.show()
app.processEvents()
screen = w.screen().availableGeometry()
bar = w.statusBar().geometry()
g = w.frameGeometry()
print(json.dumps({"screen": [screen.x(), screen.y(), screen.width(), screen.height()],
                  "window": [g.x(), g.y(), g.width(), g.height()],
                  "status_bottom": w.mapTo(w, bar.bottomLeft()).y(), "height": w.height()}))
w.close()
from console.common.tasks import wait_for_tasks
wait_for_tasks()
db.dispose()
"""


def test_window_fits_a_1280x720_screen(tmp_path):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 720,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "PYTHONPATH": str(ROOT),
           "ANBU_DATA_DIR": str(tmp_path / "data")}
    r = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "fit.sqlite3")], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    seen = json.loads(r.stdout.strip().splitlines()[-1])
    assert seen["screen"] == [0, 0, 1280, 720]
    x, y, width, height = seen["window"]
    assert x >= 0 and y >= 0 and x + width <= 1280 and y + height <= 720, seen
    assert seen["status_bottom"] < seen["height"], "the status bar is inside the window"


def test_geometry_comes_back_and_lives_in_the_data_dir(qtbot, ctx):
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 530)
    first.move(20, 30)
    chosen = (first.width(), first.height())
    first.close()
    ini = Path(os.environ["ANBU_DATA_DIR"]) / "console.ini"
    assert ini.exists() and user_settings().value(GEOMETRY_KEY) is not None
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    # the size comes back, clamped to this (800×600 offscreen) screen like any restored geometry
    room = available_geometry(second).size() - FRAME_ALLOWANCE
    assert (second.width(), second.height()) == (min(chosen[0], room.width()), min(chosen[1], room.height()))
    shot = MainWindow(ctx, restore_geometry=False)  # --screenshot: neither restores nor saves
    qtbot.addWidget(shot)
    assert (shot.width(), shot.height()) != chosen


def test_pages_reload_when_brought_up(qtbot, db):
    window = MainWindow(ConsoleContext(db=db, actor="tester"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.firstLoadDone, timeout=10_000):
        window.show()
        window.reload()
    review_page, devices_page = window.pages["review"], window.pages["devices"]
    for page in (window.overview, review_page):
        page.poller.stop()  # nothing but bringing the page up may reload it
    qtbot.waitUntil(lambda: review_page.model.rowCount() == 0 and devices_page.households.rowCount() == 0)
    flag_id = make_call_flag(db, recording=None)
    with qtbot.waitSignal(review_page.loaded, timeout=10_000):
        window.show_page("review")
    assert review_page.model.find(flag_id) >= 0
    with qtbot.waitSignal(window.overview.loaded, timeout=10_000):
        window.show_page("overview")
    assert "미처리 플래그 있는 가구 <b>1</b>" in window.overview.summary.text()


def test_ages_in_the_review_detail_move_on(qtbot, db):
    from console.pages.review.view import ReviewWidget

    flag_id = make_call_flag(db, recording=None)
    with db.session() as s:
        s.execute(update(RiskFlag).where(RiskFlag.id == flag_id).values(created_at=utcnow() - timedelta(minutes=5)))
    page = ReviewWidget(ConsoleContext(db=db, actor="supervisor"))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show()
    with qtbot.waitSignal(page.detailShown, timeout=10_000):
        page.table.selectRow(page.model.find(flag_id))
    assert "5분 전" in page.details.html()
    page.tick_ages(datetime.now(UTC) + timedelta(hours=2))
    assert "2시간 전" in page.details.html() and "5분 전" not in page.details.html()
    age = page.model.index(page.model.find(flag_id), page.model.COLUMNS.index("age"))
    assert page.model.data(age) == "2시간 전"
    assert page.age_timer.isActive()


def test_database_errors_read_as_words():
    raw = StorageError("cannot use the database /x/anbu.sqlite3: UNIQUE constraint failed: contact.household_id, "
                       "contact.priority")
    text = error_text(raw)
    assert "UNIQUE" not in text and "contact." not in text and "데이터베이스" in text
    assert "KeyError" in error_text(KeyError("household_id")) and "household_id" not in error_text(KeyError("x_y"))


def test_chart_axis_uses_the_display_zone_and_korean_dates(qapp):
    axis = LocalTimeAxis("bottom")
    midnight_kst = datetime(2026, 12, 1, 15, 0, tzinfo=UTC).timestamp()  # 00:00 on 12-02 in Seoul
    six_kst = datetime(2026, 11, 30, 21, 0, tzinfo=UTC).timestamp()
    assert axis.tickStrings([midnight_kst, six_kst], 1.0, 6 * 3600) == ["12월 2일", "06:00"]
    assert axis.tickStrings([six_kst], 1.0, 86_400) == ["12월 1일"]


def test_overview_and_devices_page_count_the_same_devices(db, two_households):
    from care.devices.status import load_device_overview

    a, b = two_households
    with db.session() as s:
        s.add_all([Device(household_id=a, ref="m1", kind=DeviceKind.MOTION),
                   Device(household_id=a, ref="d1", kind=DeviceKind.DOOR, active=False),  # removed device
                   Device(household_id=b, ref="p1", kind=DeviceKind.POWER)])
        s.execute(update(Household).where(Household.id == b).values(active=False))  # household left the service
    devices_page = sum(len(h.devices) for h in load_device_overview(db))
    assert overview_summary(db).devices == devices_page == 1


def test_overview_follows_a_resolved_flag_at_once(qtbot, db):
    from care.review import queue as review

    flag_id = make_call_flag(db, recording=None)
    window = MainWindow(ConsoleContext(db=db, actor="tester"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.firstLoadDone, timeout=10_000):
        window.show()
        window.reload()
    window.overview.poller.stop()
    assert "미처리 플래그 있는 가구 <b>1</b>" in window.overview.summary.text()
    page = window.pages["review"]
    window.show_page("review")
    qtbot.waitUntil(lambda: page.model.find(flag_id) >= 0, timeout=10_000)
    with qtbot.waitSignal(window.overview.loaded, timeout=10_000):
        page._run_action(review.resolve, flag_id, "tester", "called", "")
    assert "미처리 플래그 있는 가구 <b>0</b>" in window.overview.summary.text()
