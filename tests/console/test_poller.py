"""The overview notices what another writer (the runner) did, without F5."""

from __future__ import annotations

from storage.models import RiskFlag


def test_overview_reloads_when_the_runner_raises_a_flag(qtbot, ctx, two_households):
    from console.pages.overview import OverviewWidget

    page = OverviewWidget(ctx)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.reload()
    page.poller.poll()  # first answer: the version the page starts from
    qtbot.waitUntil(lambda: not page.poller._busy, timeout=5000)
    assert page.model.row_at(0).open_flags == 0
    with ctx.db.session() as s:  # another writer, as the runner would
        s.add(RiskFlag(household_id=two_households[1], source="call", category="health", severity="medium"))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.poller.poll()
    assert page.model.row_at(0).id == two_households[1] and page.model.row_at(0).open_flags == 1
