"""The Schedule page's capacity line (issue 19): tonight's calls against the lines and the
transcribers, and a warning naming the window an overloaded evening cannot fit (real offscreen
window, real database)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from care import settings
from care.checkins.runner.settings import RunnerSettings
from console.common.context import DISPLAY_TZ, ConsoleContext
from console.common.tasks import wait_for_tasks
from console.pages.schedule.view import ScheduleWidget
from storage.models import CheckInSlot, Household
from storage.types import utcnow


def seed_evening(db, calls: int, lines: int, minutes: int = 60):
    """`calls` slots due in one window from now to now + `minutes`, and `lines` lines."""
    now = utcnow()
    start, end = now - timedelta(minutes=1), now + timedelta(minutes=minutes)
    day = now.astimezone(ZoneInfo("Asia/Seoul")).date()
    with db.session() as s:
        settings.update(s, RunnerSettings, actor="kim", max_concurrent_calls=lines, transcribe_workers=1)
        hh = [Household(name=f"가구{i}", phone=f"+8210000{i:04d}", dong="화곡1동", worker="w") for i in range(calls)]
        s.add_all(hh)
        s.flush()
        s.add_all(CheckInSlot(household_id=h.id, slot_key=f"s{h.id}", local_date=day, window_start=start,
                              window_end=end, status="due") for h in hh)
    return start, end


def _page(qtbot, db):
    widget = ScheduleWidget(ConsoleContext(db=db, actor="kim"))
    qtbot.addWidget(widget)
    widget.resize(1280, 600)
    widget.show()
    qtbot.waitUntil(lambda: widget.capacity.estimate is not None, timeout=10000)
    return widget


def test_an_evening_that_fits_shows_the_line_without_a_warning(qtbot, db):
    seed_evening(db, 40, lines=4)
    widget = _page(qtbot, db)
    text = widget.capacity.text()
    # 40 calls * 62 s / 4 lines = 620 s: about 10 minutes
    assert "오늘 밤: 40건 예정, 4회선으로 약 10분" in text and "전사 완료" in text
    assert "⚠" not in text and widget.capacity.isVisible()
    widget.close()
    assert wait_for_tasks(5000)


def test_an_overloaded_evening_warns_which_window_overflows(qtbot, db):
    calls = 300
    start, end = seed_evening(db, calls, lines=2)
    widget = _page(qtbot, db)
    est = widget.capacity.estimate
    assert est.calls == calls and est.lines == 2
    # the window has about 60 minutes left: 2 lines * 3,600 s / 62 s = 116 calls; 300 planned
    over = est.overflowing
    assert len(over) == 1 and over[0].planned == calls and 100 <= over[0].fits <= 117
    text = widget.capacity.text()
    window = f"{start.astimezone(DISPLAY_TZ):%H:%M}–{end.astimezone(DISPLAY_TZ):%H:%M}"
    assert "⚠" in text and f"{window} {over[0].overflow:,}건 초과" in text
    assert "오늘 밤: 300건 예정, 2회선으로 약 2시간 35분" in text  # 300 * 62 / 2 = 9,300 s
    widget.close()
    assert wait_for_tasks(5000)
