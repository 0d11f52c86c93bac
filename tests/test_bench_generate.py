"""bench/generate.py at a tiny size: the database it builds is a valid Anbu database (migrated,
the overview loads it, its colours agree with the reasons), it is reused when asked again with the
same sizes, and a database holding anything else is refused with exit 2, nothing written."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from bench import generate
from care.households.reasons import row_severity
from care.review.overview import load_overview
from storage.db import open_database
from storage.models import CallAnswer, CallAttempt, Household, RiskFlag, SensorHourly, SensorReading


def test_tiny_database_is_built_then_reused(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'gen.sqlite3'}"
    args = ["--households", "30", "--attempts", "300", "--readings", "3000", "--db", url]
    assert generate.main(args) == 0
    first = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert first["cached"] is False and first["households"] == 30 and first["readings"] == 3000
    db = open_database(url)
    try:
        with db.session() as s:
            counts = {m.__name__: s.execute(select(func.count()).select_from(m)).scalar_one()
                      for m in (Household, CallAttempt, CallAnswer, RiskFlag, SensorReading, SensorHourly)}
        assert counts["Household"] == 30 and counts["CallAttempt"] == 300 and counts["SensorReading"] == 3000
        assert counts["CallAnswer"] > 0 and counts["RiskFlag"] > 0 and counts["SensorHourly"] > 0
        summary, rows = load_overview(db)
        assert summary.households == len(rows) == 30 and summary.unreachable >= 1
        assert all(r.severity == row_severity(r.reasons) for r in rows)
    finally:
        db.dispose()

    assert generate.main(args) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["cached"] is True

    other = ["--households", "31", "--attempts", "300", "--readings", "3000", "--db", url]
    assert generate.main(other) == 2
    assert "already holds 30 households" in capsys.readouterr().err
