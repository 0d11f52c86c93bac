"""The Settings page's storage plan (issue 19): read-only, loaded in the background, the stored
retention periods and the estimate care.devices.storage_plan makes of them."""

from __future__ import annotations

from care import settings
from care.devices.storage_plan import estimate, human_bytes
from care.settings import RetentionSettings
from tests.devices.helpers import make_household


def test_the_settings_page_shows_the_storage_plan_of_the_stored_periods(qtbot, db, ctx):
    from console.pages.settings.view import SettingsWidget

    make_household(db, 3, kinds=("motion", "temperature"))
    with db.session() as s:
        settings.update(s, RetentionSettings, actor="test", raw_days=60)
    page = SettingsWidget(ctx)
    qtbot.addWidget(page)
    section = page.storage_plan
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        pass
    plan = estimate(RetentionSettings(raw_days=60), 3)
    assert section.periods.text() == "원시 60일 · 시간별 365일 · 일별 1825일"
    assert human_bytes(plan.per_household_year["raw"]) in section.per_year.text()
    assert f"{human_bytes(plan.per_household)}" in section.total.text() and "3가구" in section.total.text()
    section.resize(700, section.sizeHint().height())
    assert section.grab().save(str(ctx.db.path.with_name("storage-plan.png")))


def test_the_estimate_follows_the_periods_and_the_measured_row_sizes():
    base = estimate(RetentionSettings(), 10_000)
    year = base.per_household_year
    # five sensors every 15 minutes: 175,200 raw rows a household-year
    assert round(year["raw"] / 148.0) == 175_200 and round(year["hourly"] / 167.0) == 43_800
    tiers = base.per_household_tier
    assert tiers["raw"] == year["raw"] * 90 / 365 and tiers["daily"] == year["daily"] * (1825 - 365) / 365
    assert base.total == base.per_household * 10_000
    shorter = estimate(RetentionSettings(raw_days=45, hourly_days=180), 10_000)
    assert shorter.per_household < base.per_household
