"""Import is all-or-nothing with an exact report; export round-trips."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from care.households.csv_import import HouseholdImportError, export_households, import_households
from storage.models import Household

ROOT = Path(__file__).resolve().parents[2]
KO = "이름,전화번호,주소,동,담당자,출생연도,녹음동의,비고\n김영희,010-1234-5678,서울 강서구 화곡로 1,화곡1동,박주무관,1942,예,당뇨\n이철수,02-123-4567,,염창동,,,아니오,\n"
EN = "name,phone,address,dong,worker,birth_year,consent,notes\nKim,010-1111-2222,,가양1동,,1950,yes,\n"


def count(db) -> int:
    with db.session() as s:
        return s.execute(select(func.count(Household.id))).scalar_one()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_korean_headers_in_each_encoding(db, tmp_path, encoding):
    path = tmp_path / "in.csv"
    path.write_bytes(KO.encode(encoding))
    report = import_households(db, path, "tester")
    assert (report.created, report.updated, report.errors) == (2, 0, [])
    with db.session() as s:
        h = s.execute(select(Household).where(Household.name == "김영희")).scalar_one()
        assert (h.phone, h.dong, h.birth_year, h.consent_recording, h.notes) == ("+821012345678", "화곡1동", 1942, True, "당뇨")


def test_english_headers(db, tmp_path):
    path = tmp_path / "en.csv"
    path.write_text(EN, encoding="utf-8")
    assert import_households(db, path, "tester").created == 1


def _errors(db, tmp_path, text: str, encoding="utf-8") -> list[tuple[int, str, str]]:
    path = tmp_path / "bad.csv"
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    before = count(db)
    with pytest.raises(HouseholdImportError) as exc:
        import_households(db, path, "tester")
    assert count(db) == before, "a failed import must write nothing"
    return [(e.line, e.column, e.reason) for e in exc.value.report.errors]


def test_every_bad_row_is_reported_and_nothing_written(db, tmp_path):
    text = ("이름,전화번호,출생연도,녹음동의\n"
            "김영희,010-1234-5678,1942,예\n"       # line 2 good
            "박민수,010-12,1950,예\n"               # line 3 bad phone
            ",010-3333-4444,1950,예\n"              # line 4 missing name
            "최영자,010-1234-5678,19x0,몰라\n")     # line 5 duplicate + bad year + bad consent
    errors = _errors(db, tmp_path, text)
    assert (3, "전화번호", "'010-12'은(는) 올바른 전화번호가 아닙니다 (not a valid phone number)") in errors
    assert (4, "이름", "이름을 입력하세요 (name is required)") in errors
    assert (5, "출생연도", "'19x0' is not a year") in errors
    assert (5, "녹음동의", "'몰라' is not yes/no (예/아니오)") in errors
    assert (5, "phone", "+821012345678 also on line 2 (duplicate phone number)") in errors


def test_duplicate_of_an_existing_household(db, tmp_path):
    (tmp_path / "a.csv").write_text(EN, encoding="utf-8")
    import_households(db, tmp_path / "a.csv", "tester")
    errors = _errors(db, tmp_path, "name,phone\nOther,01011112222\n")
    assert errors == [(2, "phone", "+821011112222 is already registered to household 1")]


@pytest.mark.parametrize("text, expected", [
    ("", [(1, "-", "the file is empty")]),
    ("name,phone\n", [(2, "-", "the file has a header but no households")]),
    ("name,address\nKim,x\n", [(1, "전화번호/phone", "required column is missing")]),
])
def test_empty_and_headerless_files(db, tmp_path, text, expected):
    assert _errors(db, tmp_path, text) == expected


def test_unknown_column_and_undecodable_bytes(db, tmp_path):
    errors = _errors(db, tmp_path, "name,phone,shoe size\nKim,010-1111-2222,270\n")
    assert errors[0][:2] == (1, "shoe size") and errors[0][2].startswith("unknown column")
    errors = _errors(db, tmp_path, b"name,phone\n\xff\xfe\xfa,010\n")
    assert errors[0][0] == 2 and "neither UTF-8 nor CP949" in errors[0][2]  # the line with the bad byte


def test_export_import_round_trip(db, tmp_path):
    from storage.db import open_database

    path = tmp_path / "in.csv"
    path.write_text(KO + "Kim \"Jr\",010-5555-6666,\"서울, 강서구\",가양1동,,1950,yes,\"줄1\n줄2\"\n", encoding="utf-8")
    import_households(db, path, "tester")
    exported = export_households(db, "tester")
    assert exported.splitlines()[0] == "id,name,phone,address,dong,worker,birth_year,consent,notes,consent_date"
    out = tmp_path / "out.csv"
    out.write_text("\ufeff" + exported, encoding="utf-8", newline="")
    fresh = open_database(str(tmp_path / "fresh.sqlite3"))
    assert import_households(fresh, out, "tester").created == 3
    assert export_households(fresh, "tester") == exported
    # the same file into the same database updates by id instead of duplicating
    report = import_households(db, out, "tester")
    assert (report.created, report.updated) == (0, 3)
    fresh.dispose()


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *args], cwd=cwd, capture_output=True, timeout=120)


def test_cli_exit_codes_and_report(tmp_path):
    dbfile = tmp_path / "cli.sqlite3"
    bad = tmp_path / "bad.csv"
    bad.write_text("이름,전화번호\n김,010-12\n", encoding="utf-8")
    r = run_cli("import-households", str(bad), "--db", str(dbfile))
    assert r.returncode == 2
    err = r.stderr.decode()
    assert "line 2, column 전화번호" in err and "nothing was imported" in err and "Traceback" not in err
    good = tmp_path / "good.csv"
    good.write_bytes(KO.encode("cp949"))
    assert run_cli("import-households", str(good), "--db", str(dbfile)).returncode == 0
    r = run_cli("export-households", "--db", str(dbfile), "--headers", "ko", "--reason", "quarterly report")
    assert r.returncode == 0 and r.stdout.startswith("\ufeff번호,이름,전화번호".encode())
    r = run_cli("import-households", str(tmp_path / "missing.csv"), "--db", str(dbfile))
    assert r.returncode == 2 and "cannot read the file" in r.stderr.decode()


def test_import_by_id_updates_the_stored_values(db, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(KO, encoding="utf-8")
    import_households(db, path, "tester")
    path.write_text("id,name,phone,dong,birth_year,consent,consent_date\n1,김영자,010-1234-5678,가양2동,1944,yes,2025-01-02\n",
                    encoding="utf-8")
    assert import_households(db, path, "tester").updated == 1
    with db.session() as s:
        h = s.get(Household, 1)
        assert (h.name, h.dong, h.birth_year, str(h.consent_date), h.ref, h.active) == (
            "김영자", "가양2동", 1944, "2025-01-02", "H000001", True)


def test_a_file_without_consent_dates_keeps_the_known_ones(db, tmp_path):
    from datetime import date

    from care.households.registry import HouseholdInput, create_household

    kept = create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678", consent_recording=True,
                                               consent_date=date(2024, 3, 5)), "tester")
    withdrawn = create_household(db, HouseholdInput(name="이철수", phone="010-2222-3333", consent_recording=True,
                                                    consent_date=date(2023, 1, 2)), "tester")
    path = tmp_path / "old.csv"  # an export from before the consent_date column
    path.write_text(f"id,name,phone,consent\n{kept},김영희,010-1234-5678,yes\n{withdrawn},이철수,010-2222-3333,no\n",
                    encoding="utf-8")
    assert import_households(db, path, "tester").updated == 2
    with db.session() as s:
        assert s.get(Household, kept).consent_date == date(2024, 3, 5)
        assert s.get(Household, withdrawn).consent_date is None


def test_an_export_that_cannot_be_written_says_so_in_korean_first(db, tmp_path):
    """Issue 10 item 11: the console shows this message as it is; it must not be English only."""
    from care.errors import AnbuError
    from care.households.csv_import import export_households_to_file

    with pytest.raises(AnbuError) as err:
        export_households_to_file(db, "tester", tmp_path / "no-such-folder" / "out.csv")
    text = str(err.value)
    assert text.startswith("파일을 저장할 수 없습니다") and "cannot write" in text
