"""The devices page, offscreen: loads in the background, shows households, devices, flags and a
chart of one device."""

from __future__ import annotations

import random

import pytest

from care.demo import make_households
from care.devices import demo
from care.households import assign_refs
from console.context import ConsoleContext
from console.devices_view import DevicesWidget
from console.tasks import wait_for_tasks
from storage.types import utcnow


@pytest.fixture
def seeded(db):
    rng = random.Random(3)
    with db.session() as s:
        hs = make_households(12, rng)
        for h in hs:
            h.active = True
        s.add_all(hs)
        s.flush()
        assign_refs(s, hs)
        demo.seed_demo(s, hs, rng, utcnow())
    return db


def test_devices_page_shows_households_devices_flags_and_a_chart(qtbot, qtmodeltester, seeded, tmp_path):
    widget = DevicesWidget(ConsoleContext(db=seeded, actor="tester"))
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    with qtbot.waitSignal(widget.chartLoaded, timeout=20_000) as chart:
        widget.show()
    assert widget.households.rowCount() == 12
    first = widget.households.row_at(0)
    assert first.flags and first.flags[0].severity == "high"  # most urgent first
    assert widget.devices.rowCount() == len(first.devices) > 0
    assert widget.flag_list.count() == len(first.flags)
    assert chart.args[0] > 10  # the 48-hour chart has points
    assert "°C" in widget.chart_title.text() or "W" in widget.chart_title.text()
    qtmodeltester.check(widget.households)
    qtmodeltester.check(widget.devices)
    widget.grab().save(str(tmp_path / "devices.png"))
    wait_for_tasks()
