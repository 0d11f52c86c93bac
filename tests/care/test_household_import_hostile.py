"""Hostile and broken CSV files (issue 11 items 8 and 9): a clear report, never a traceback, and
nothing written."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from care.households.csv_import import MAX_LISTED, HouseholdImportError, export_households, import_households
from care.households.registry import HouseholdInput, create_household, get_household
from storage.models import Household

HEAD = "name,phone,birth_year,consent\n"


def count(db) -> int:
    with db.session() as s:
        return s.execute(select(func.count(Household.id))).scalar_one()


def refused(db, tmp_path, data: bytes | str):
    path = tmp_path / "in.csv"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    before = count(db)
    with pytest.raises(HouseholdImportError) as exc:
        import_households(db, path, "tester")
    assert count(db) == before
    return exc.value.report


@pytest.mark.parametrize("data, line, words", [
    (b"\xef\xbb\xbf" + "이름,전화번호\n김영희,010-1234-5678\n".encode("cp949"), 1, "UTF-8 mark"),
    (b"\xef\xbb\xbfname,phone\nKim,010-1234-5678\n\xff\xfe,010\n", 3, "UTF-8 mark"),
    ("name,phone\n山田太郎,090-1234-5678\n".encode("shift_jis"), 1, "Shift-JIS"),
    ("name,phone\nJosé Müller,010-1234-5678\n".encode("latin-1"), 2, "neither UTF-8 nor CP949"),
    ("name,phone\nMüßig,010-1234-5678\n".encode("latin-1"), 1, "legacy encoding"),
    ("name,phone\nKim,010-1234-5678\n".encode("utf-16"), 1, "UTF-16"),
])
def test_undecodable_files_are_refused_with_the_line(db, tmp_path, data, line, words):
    report = refused(db, tmp_path, data)
    assert report.errors[0].line == line and words in report.errors[0].reason


@pytest.mark.parametrize("year", ["inf", "1e999", "9" * 400, "-1942", "1942.5", "NaN", "١٩٤٢"])
def test_birth_years_that_are_not_years(db, tmp_path, year):
    report = refused(db, tmp_path, f"{HEAD}Kim,010-1234-5678,{year},yes\n")
    (e,) = report.errors
    assert (e.line, e.column) == (2, "birth_year") and "is not a year" in e.reason and len(e.reason) < 120


@pytest.mark.parametrize("name, code", [
    ("Kim\x00", "U+0000"), ("\u200b", "U+200B"), ("\ufeff", "U+FEFF"), ("\u115f\u1160", "U+115F"),
    ("\u3164", "U+3164"), ("\x1b[31mKim\x1b[0m", "U+001B"), ("Kim\u202egnp.exe", "U+202E"), ("Kim\x7f", "U+007F"),
])
def test_control_and_invisible_characters_in_names(db, tmp_path, name, code):
    report = refused(db, tmp_path, f"{HEAD}\"{name}\",010-1234-5678,,no\n")
    (e,) = report.errors
    assert (e.line, e.column) == (2, "name") and code in e.reason
    assert "\x1b" not in report.summary() and "\x00" not in report.summary()


def test_notes_keep_line_breaks_but_not_escape_sequences(db, tmp_path):
    (tmp_path / "ok.csv").write_text('name,phone,notes\nKim,010-1234-5678,"줄1\n줄2"\n', encoding="utf-8")
    assert import_households(db, tmp_path / "ok.csv", "tester").created == 1
    report = refused(db, tmp_path, 'name,phone,notes\nLee,010-2222-3333,"\x1b]0;pwned\x07"\n')
    assert report.errors[0].column == "notes"


def test_two_rows_with_one_id_are_refused_naming_both_lines(db, tmp_path):
    hid = create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678"), "tester")
    report = refused(db, tmp_path, f"id,name,phone\n{hid},A,010-1111-2222\n{hid},B,010-3333-4444\n")
    (e,) = report.errors
    assert (e.line, e.column) == (3, "id") and "also on line 2" in e.reason
    assert get_household(db, hid, "tester").data.name == "김영희"


def test_a_huge_file_of_one_bad_phone_gives_a_short_summary(db, tmp_path):
    rows = "".join(f"Kim{i},010-12,,no\n" for i in range(5000))
    report = refused(db, tmp_path, HEAD + rows)
    assert report.problem_count == 5000 and len(report.errors) == MAX_LISTED
    summary = report.summary()
    assert "5000 problem(s)" in summary and "4,900 more" not in summary and "4900 more" in summary
    assert "5,000 × column phone" in summary and len(summary.splitlines()) < MAX_LISTED + 10


def test_consent_without_a_date_stays_unknown_through_import_and_export(db, tmp_path):
    (tmp_path / "in.csv").write_text("이름,전화번호,녹음동의,동의일\n김영희,010-1234-5678,예,\n이철수,010-2222-3333,예,2024-03-05\n",
                                     encoding="utf-8")
    import_households(db, tmp_path / "in.csv", "tester")
    with db.session() as s:
        dates = dict(s.execute(select(Household.name, Household.consent_date)).all())
    assert dates["김영희"] is None and str(dates["이철수"]) == "2024-03-05"
    lines = export_households(db, "tester").splitlines()
    assert lines[1].endswith(",yes,,") and lines[2].endswith(",yes,,2024-03-05")


FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "'=already quoted", "''=two", "'plain"]


def test_export_neutralises_formulas_and_import_restores_them(db, tmp_path):
    for i, text in enumerate(FORMULAS):
        create_household(db, HouseholdInput(name=text, phone=f"010-5555-{i:04d}", address=text, notes=text), "tester")
    exported = export_households(db, "tester")
    for cells in list(csv.reader(io.StringIO(exported)))[1:]:
        assert not any(c.startswith(("=", "+", "-", "@")) for c in cells), cells
        # the phone in the national form Excel keeps as text (+8210... would become a number)
        assert cells[2].startswith("010-5555-"), cells[2]
    out = tmp_path / "out.csv"
    out.write_text("\ufeff" + exported, encoding="utf-8", newline="")
    from storage.db import open_database

    fresh = open_database(str(tmp_path / "fresh.sqlite3"))
    try:
        import_households(fresh, out, "tester")
        with fresh.session() as s:
            names = sorted(s.execute(select(Household.name)).scalars())
            assert names == sorted(FORMULAS)
            assert sorted(s.execute(select(Household.notes)).scalars()) == sorted(FORMULAS)
        assert export_households(fresh, "tester") == exported
    finally:
        fresh.dispose()


def test_export_to_a_terminal_shows_escape_sequences_as_text(db, monkeypatch, capsysbinary):
    import cli.export_households as command
    import main

    hid = create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678"), "tester")
    with db.session() as s:  # stored before validation refused such text
        s.get(Household, hid).notes = "\x1b]0;pwned\x07\x1b[2J줄1\n줄2"
    monkeypatch.setattr(command, "stdout_is_terminal", lambda: True)
    assert main.main(["export-households", "--reason", "test", "--db", db.url.removeprefix("sqlite:///")]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert "\x1b" not in out and "\x07" not in out and "\\x1b]0;pwned\\x07\\x1b[2J줄1\n줄2" in out


@pytest.mark.parametrize("column, size", [("address", 301), ("dong", 51), ("worker", 101), ("notes", 4001)])
def test_text_longer_than_its_column_is_refused(db, tmp_path, column, size):
    report = refused(db, tmp_path, f"name,phone,{column}\nKim,010-1234-5678,{'가' * size}\n")
    (e,) = report.errors
    assert (e.line, e.column) == (2, column) and "너무 깁니다" in e.reason
