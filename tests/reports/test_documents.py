"""The report's documents: XLSX reopened with openpyxl, PDF rendered (pdftoppm) and read back
(pdftotext), the 행복이음 CSV in UTF-8 and CP949, the CLI's contract and access-log rows."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from care.reports.period import parse_period
from care.reports.service import ReportError, build_report, export_report, render
from storage.models import AuditEvent
from tests.fixtures.reports import HYPERLINK

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 2, tzinfo=UTC)
W48 = parse_period("2026-W48")


@pytest.fixture
def report(report_db):
    return build_report(report_db, W48, now=NOW)


def test_xlsx_sheets_headers_types_and_text(report, tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(render(report, "xlsx"))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:3] == ["요약", "확인 현황", "미확인 가구"] and len(wb.sheetnames) == 11
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
    cov = wb["확인 현황"]
    headers = [c.value for c in cov[1]]
    assert headers[:6] == ["가구 번호", "동", "이름", "담당자", "출생연도", "전화번호"]
    rows = {r[2].value: r for r in cov.iter_rows(min_row=2)}
    kim = rows["김영희"]
    assert kim[4].value == 1945 and kim[4].data_type == "n"  # numbers as numbers
    assert kim[5].value == "010-1111-0001" and kim[5].data_type == "s"  # phones as text
    assert kim[8].value == 1 and isinstance(kim[7].value, datetime)
    evil = rows[HYPERLINK]  # stays a string, never a formula
    assert evil[2].data_type == "s" and evil[2].value == HYPERLINK
    summary = {r[0].value: r for r in wb["요약"].iter_rows(min_row=2)}
    assert summary["등록 가구"][1].value == 6 and summary["확인율"][1].value == 0.5
    assert summary["확인율"][1].number_format == "0.0%"
    en = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx", "en")))
    assert en.sheetnames[0] == "Summary" and en["Coverage"]["C1"].value == "Name"


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_pdf_korean_pages_and_png(report, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(render(report, "pdf"))
    assert 1 <= _pages(path) <= 3
    words = _pdf_text(path)
    for needle in ("안부 확인 보고서", "2026-W48", "날짜별 전화", "받지 않음", "화곡1동", "박민수"):
        assert needle in words, needle
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "yes" in fonts.split("\n")[2]  # the Korean font is embedded (emb column)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")], check=True)
    png = next(tmp_path.glob("p*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    en = tmp_path / "en.pdf"
    en.write_bytes(render(report, "pdf", "en"))
    assert "Check-in report" in _pdf_text(en) and 1 <= _pages(en) <= 3


def test_pdf_stays_within_three_pages_for_a_long_range(report_db, tmp_path):
    year = build_report(report_db, parse_period(None, "2026-01-01", "2026-12-31"), now=NOW)
    path = tmp_path / "year.pdf"
    path.write_bytes(render(year, "pdf"))
    assert 1 <= _pages(path) <= 3


def test_outcome_csv_utf8_bom_and_cp949_round_trip(report):
    utf8 = render(report, "csv")
    assert utf8.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(utf8.decode("utf-8-sig"))))
    assert rows[0] == ["동", "이름", "출생연도", "날짜", "연락 결과", "필요", "조치"]
    assert len(rows) == 1 + report.households
    cp = render(report, "csv", encoding="cp949")
    assert list(csv.reader(io.StringIO(cp.decode("cp949")))) == rows
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["김영희"][2:] == ["1945", "2026-11-24", "안부전화 응답", "건강·복약", "방문 확인"]
    assert by_name["'" + HYPERLINK][0] == "화곡1동"  # neutralised: Excel shows text, runs nothing
    assert by_name["한철수"][4] == "안부전화 계획 없음"


def test_cp949_refuses_what_it_cannot_hold(report_db):
    from care.households.registry import HouseholdInput, create_household

    create_household(report_db, HouseholdInput(name="김😀", phone="010-2222-0001", dong="화곡1동"), "tester")
    with pytest.raises(Exception, match="CP949"):
        render(build_report(report_db, W48, now=NOW), "csv", encoding="cp949")


def test_export_is_logged_with_its_reason_and_never_half_written(report_db, report, tmp_path):
    out = export_report(report_db, "tester", report, "xlsx", tmp_path / "r.xlsx", reason="구청 주간 보고")
    assert out.exists()
    with report_db.session() as s:
        row = s.scalars(select(AuditEvent).where(AuditEvent.entity == "report", AuditEvent.action != "view")).one()
        assert (row.action, row.reason, row.detail["format"], row.detail["period"]) == (
            "export", "구청 주간 보고", "xlsx", "2026-W48")
    with pytest.raises(ReportError, match="cannot write"):
        export_report(report_db, "tester", report, "pdf", tmp_path / "missing" / "r.pdf", reason="x")
    with report_db.session() as s:  # the failed write left no access-log row
        assert len(s.scalars(select(AuditEvent).where(AuditEvent.entity == "report", AuditEvent.action != "view")).all()) == 1


class _Done:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.returncode, self.stdout, self.stderr = code, out, err


def test_cli_contract(report_db, tmp_path, capsys):
    import main

    def _cli(db, *args: str) -> _Done:
        code = main.main(["--db", db.url, "report", *args])
        captured = capsys.readouterr()
        return _Done(code, captured.out, captured.err)

    done = _cli(report_db, "--period", "2026-W48", "--dong", "화곡1동", "--format", "json", "--reason", "점검")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["period"], out["households"], out["scope"]["dong"]) == ("2026-W48", 4, "화곡1동")
    assert {"contacted", "coverage", "calls", "flags", "ack_p50_s"} <= set(out)
    for fmt in ("xlsx", "pdf", "csv"):
        done = _cli(report_db, "--period", "2026-W48", "--format", fmt, "-o", str(tmp_path / f"r.{fmt}"),
                    "--lang", "en", "--encoding", "cp949")
        assert done.returncode == 0, done.stderr
        assert (tmp_path / f"r.{fmt}").stat().st_size > 100
    assert (tmp_path / "r.csv").read_bytes().decode("cp949").startswith("Dong,Name")
    done = _cli(report_db, "--from", "2026-11-01", "--to", "2026-11-30", "--worker", "김주무관")
    assert done.returncode == 0 and json.loads(done.stdout)["households"] == 4
    for args, words in ((("--period", "2026-W60"), "no such ISO week"), (("--period", "11월"), "2026-W48"),
                        (("--period", "2026-W48", "--format", "pdf"), "needs -o FILE"),
                        (("--period", "2026-W48", "--dong", "없는동"), "no active household"),
                        (("--from", "2026-11-05"), "--to"),
                        (("--period", "2026-W48", "--format", "pdf", "-o", str(tmp_path / "no" / "x.pdf")),
                         "cannot write")):
        done = _cli(report_db, *args)
        assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
