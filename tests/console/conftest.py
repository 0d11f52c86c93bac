from __future__ import annotations

import pytest

from care.households.registry import HouseholdInput, create_household


@pytest.fixture
def ctx(db):
    from console.common.context import ConsoleContext

    return ConsoleContext(db=db, actor="tester")


@pytest.fixture
def two_households(db):
    a = create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678", dong="화곡1동"), "tester")
    b = create_household(db, HouseholdInput(name="박민수", phone="02-123-4567", dong="염창동"), "tester")
    return a, b


@pytest.fixture(autouse=True)
def _no_background_work_left(qapp):
    """Fail a test that leaves background tasks running."""
    yield
    from PySide6.QtCore import QThreadPool

    assert QThreadPool.globalInstance().waitForDone(10_000), "background tasks still running after the test"
    qapp.processEvents()
