from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from console.main_window import MainWindow
from console.pages.households.dialog import HouseholdDialog

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgresql_smoke  # the console's one run on PostgreSQL: overview, households, search
def test_window_loads_and_filters(qtbot, ctx, two_households):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.firstLoadDone, timeout=10_000):
        window.show()
        window.reload()
    assert window.overview.model.rowCount() == 2
    view = window.households
    assert view.model.rowCount() == 2
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.apply_filter("염창")
    assert view.model.rowCount() == 1
    assert view.model.data(view.model.index(0, 0)) == "박민수"
    # typing goes through the debounce timer, then SQL
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.search.setText("010-1234")
    assert [view.model.row_at(r).name for r in range(view.model.rowCount())] == ["김영희"]


def test_sorting_is_done_by_the_query(qtbot, ctx, two_households):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    view = window.households
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [view.model.row_at(r).name for r in range(2)] == ["박민수", "김영희"]


def test_add_household_through_the_dialog(qtbot, ctx, two_households):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    dialog = HouseholdDialog(ctx, None, window)
    qtbot.addWidget(dialog)
    dialog.name.setText("최순자")
    dialog.phone.setText("010-12")
    dialog.save()
    assert dialog.errors["phone"].isVisibleTo(dialog) and "전화번호" in dialog.errors["phone"].text()
    dialog.phone.setText("010-1234-5678")  # taken: the service says so, inline
    dialog.save()
    qtbot.waitUntil(lambda: "이미 등록된" in dialog.errors["phone"].text(), timeout=10_000)
    dialog.phone.setText("010-7777-8888")
    dialog._add_contact_row()
    dialog.contacts.item(0, 0).setText("최아들")
    dialog.contacts.item(0, 2).setText("010-9999-0000")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        dialog.save()
    new_id = saved.args[0]
    with qtbot.waitSignal(window.households.loaded, timeout=10_000):
        window.households.apply_filter("최순자")
    assert window.households.model.row_at(0).id == new_id
    # reopening shows what was saved, keyholder included
    again = HouseholdDialog(ctx, new_id, window)
    qtbot.addWidget(again)
    qtbot.waitUntil(again.isEnabled, timeout=10_000)
    assert again.phone.text() == "010-7777-8888" and again.contacts.item(0, 0).text() == "최아들"


def test_item_models_pass_qtmodeltester(qtmodeltester, qtbot, ctx, two_households):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.firstLoadDone, timeout=10_000):
        window.reload()
    qtmodeltester.check(window.households.model)
    qtmodeltester.check(window.overview.model)


def test_import_from_the_console_reports_bad_rows(qtbot, ctx, tmp_path):
    from console.pages.households.view import HouseholdsWidget

    widget = HouseholdsWidget(ctx)
    qtbot.addWidget(widget)
    bad = tmp_path / "bad.csv"
    bad.write_text("이름,전화번호\n김,010-12\n", encoding="utf-8")
    with qtbot.waitSignal(widget._importer.finished, timeout=10_000):
        widget._importer.start(str(bad))
    report = widget._importer.last_report
    assert report is not None and [(e.line, e.column) for e in report.errors] == [(2, "전화번호")]
    good = tmp_path / "good.csv"
    good.write_bytes("이름,전화번호\n김영희,010-1234-5678\n".encode("cp949"))
    with qtbot.waitSignal(widget._importer.finished, timeout=10_000):
        widget._importer.start(str(good))
    assert widget._importer.last_report.created == 1
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1, timeout=10_000)


def test_screenshot_command_writes_a_png(tmp_path):
    png = tmp_path / "shot.png"
    dbfile = tmp_path / "shot.sqlite3"
    r = subprocess.run([sys.executable, "main.py", "--db", str(dbfile), "--screenshot", str(png)], cwd=ROOT,
                       capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr.decode()
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    # --db names a database: no demo data is seeded into it
    import sqlite3

    with sqlite3.connect(dbfile) as con:
        assert con.execute("select count(*) from household").fetchone() == (0,)


def test_first_open_of_the_default_database_seeds_demo_data_once(tmp_path, monkeypatch):
    monkeypatch.setenv("ANBU_DATA_DIR", str(tmp_path / "data"))
    png = tmp_path / "shot.png"
    for _ in range(2):
        r = subprocess.run([sys.executable, "main.py", "--screenshot", str(png)], cwd=ROOT, capture_output=True,
                           timeout=120)
        assert r.returncode == 0, r.stderr.decode()
    import sqlite3

    with sqlite3.connect(tmp_path / "data" / "anbu.sqlite3") as con:
        n, demo = con.execute("select count(*), min(is_demo) from household").fetchone()
    assert n == 40 and demo == 1


def test_cli_commands_never_seed_the_default_database(tmp_path, monkeypatch):
    monkeypatch.setenv("ANBU_DATA_DIR", str(tmp_path / "data"))
    r = subprocess.run([sys.executable, "main.py", "export-households", "--reason", "test"], cwd=ROOT, capture_output=True, timeout=120)
    assert r.returncode == 0
    assert r.stdout.decode("utf-8-sig").strip() == "id,name,phone,address,dong,worker,birth_year,consent,notes,consent_date"  # consent_date appended (issue 10.8)


def test_broken_database_is_a_message_not_a_traceback(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    r = subprocess.run([sys.executable, "main.py", "--db", str(bad), "--screenshot", str(tmp_path / "x.png")],
                       cwd=ROOT, capture_output=True, timeout=120)
    assert r.returncode == 4
    assert "not an SQLite database" in r.stderr.decode() and "Traceback" not in r.stderr.decode()
