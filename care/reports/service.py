"""The report service: figures for a period and scope (one read transaction), and exports of them
(XLSX, PDF, the 행복이음 outcome CSV, JSON), each written whole or not at all and recorded in the
access log with its reason in the same transaction.

    report = build_report(db, parse_period("2026-W48"), Scope(dong="화곡1동"), progress=cb)
    export_report(db, actor, report, "xlsx", "w48.xlsx", lang="ko", reason="구청 주간 보고")
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from care import audit
from care.accounts import access
from care.errors import AnbuError
from care.reports import figures
from care.reports.model import Headline, Report
from care.reports.period import Period, Scope
from care.reports.summary import to_json
from care.reports.words import check_lang
from storage.db import Database
from storage.models import Household
from storage.types import utcnow

FORMATS = ("xlsx", "pdf", "csv", "json")
ENCODINGS = ("utf-8", "cp949")
MAX_REASON = 500
Progress = Callable[[float], None] | None


class ReportError(AnbuError):
    """A report that cannot be made or saved, worded for the person who asked."""


@dataclass(frozen=True)
class ScopeChoices:
    dongs: tuple[str, ...]
    workers: tuple[str, ...]


def scope_choices(db: Database) -> ScopeChoices:
    """The 동 and workers of active households, for the console's scope pickers."""
    with db.session() as s:
        dongs = s.scalars(select(Household.dong).where(Household.active.is_(True), Household.dong != "")
                          .distinct().order_by(Household.dong)).all()
        workers = s.scalars(select(Household.worker).where(Household.active.is_(True), Household.worker != "")
                            .distinct().order_by(Household.worker)).all()
    return ScopeChoices(tuple(dongs), tuple(workers))


def build_report(db: Database, period: Period, scope: Scope | None = None, *, progress: Progress = None,
                 now: datetime | None = None, actor: str | None = None) -> Report:
    """Every figure of the report, read in one transaction. With `actor` (a person viewing it),
    the role is checked (reports: supervisors and admins) and the view is in the access log."""
    scope = scope or Scope()
    now = now or utcnow()
    step = _stepper(progress, 9)
    with db.session() as s:
        if actor is not None:
            access.require(s, actor, access.Permission.REPORTS, entity="report")
        unreachable = figures.unreachable_lines(s, scope, now)
        ids = {u.household_id for u in unreachable}
        step()
        lines = figures.household_lines(s, period, scope, ids)
        step()
        calls = figures.call_figures(s, period, scope)
        step()
        days = figures.day_figures(s, period, scope)
        step()
        flags = figures.flag_figures(s, period, scope)
        step()
        times = figures.response_times(s, period, scope, now)
        step()
        devices = figures.device_figures(s, period, scope, now)
        follow_ups = figures.follow_up_counts(s, period, scope)
        step()
        previous = _headline(s, period.previous(), scope, now)
        step()
        report = Report(period, scope, now, tuple(lines), calls, tuple(days), flags, times, devices, follow_ups,
                        tuple(unreachable), previous)
        if actor is not None:
            audit.record(s, actor, "view", "report", None,
                         {"period": period.label, "scope": scope.to_json(), "households": report.households})
    step()
    return report


def _headline(s, period: Period, scope: Scope, now: datetime) -> Headline:
    calls = figures.call_figures(s, period, scope)
    return Headline(figures.household_count(s, scope), figures.contacted_count(s, period, scope), calls.placed,
                    calls.answered_person, figures.flag_count(s, period, scope),
                    figures.ack_p50(s, period, scope, now))


def _stepper(progress: Progress, steps: int) -> Callable[[], None]:
    done = [0]

    def step() -> None:
        done[0] += 1
        if progress is not None:
            progress(min(1.0, done[0] / steps))

    return step


def render(report: Report, fmt: str, lang: str = "ko", encoding: str = "utf-8") -> bytes:
    """The document's bytes."""
    check_lang(lang)
    if fmt == "xlsx":
        from care.reports.xlsx import report_xlsx

        return report_xlsx(report, lang)
    if fmt == "pdf":
        from care.reports.pdf import report_pdf

        return report_pdf(report, lang)
    if fmt == "csv":
        from care.reports.outcomes_csv import outcomes_csv

        return outcomes_csv(report, lang, encoding)
    if fmt == "json":
        return (json.dumps(to_json(report, lang), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    raise ReportError(f"알 수 없는 형식 {fmt!r} (format must be one of {', '.join(FORMATS)})")


def check_reason(reason: str | None) -> str | None:
    if reason is None:
        return None
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise ReportError(f"사유가 너무 깁니다 (reason longer than {MAX_REASON} characters)")
    if any(ord(ch) < 32 for ch in reason):
        raise ReportError("사유에 제어 문자가 있습니다 (the reason contains control characters)")
    return reason or None


def record_export(db: Database, actor: str, report: Report, fmt: str, reason: str | None, *,
                  action: str = "export", write: Callable[[], None] | None = None) -> None:
    """The access-log row of an export or a print (action="print"); `write` runs inside the same
    transaction, so a file that could not be written leaves no row behind."""
    reason = check_reason(reason)
    with db.session() as s:
        access.require(s, actor, access.Permission.REPORTS, entity="report")
        audit.record(s, actor, action, "report", None,
                     {"period": report.period.label, "scope": report.scope.to_json(), "format": fmt,
                      "households": report.households}, reason=reason)
        if write is not None:
            write()


def export_report(db: Database, actor: str, report: Report, fmt: str, path: str | Path, *, lang: str = "ko",
                  reason: str | None = None, encoding: str = "utf-8") -> Path:
    """Render and save the report (a temporary file renamed into place: never half written) and
    log the export with its reason."""
    if encoding not in ENCODINGS:
        raise ReportError(f"알 수 없는 인코딩 {encoding!r} (--encoding must be utf-8 or cp949)")
    data = render(report, fmt, lang, encoding)
    target = Path(path)
    record_export(db, actor, report, fmt, reason, write=lambda: write_atomically(target, data))
    return target


def write_atomically(target: Path, data: bytes) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=".anbu-", suffix=target.suffix, dir=target.parent if
                                   str(target.parent) else ".")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ReportError(f"파일을 저장할 수 없습니다: {target} — 폴더가 있는지, 파일이 다른 프로그램(Excel 등)에 "
                          f"열려 있지 않은지 확인하세요 (cannot write {target}: {exc.strerror})") from exc


def print_document(db: Database, actor: str, report: Report, *, lang: str = "ko", reason: str | None = None) -> bytes:
    """The PDF to print (the console previews and prints its pages), with the print's access-log row."""
    data = render(report, "pdf", lang)
    record_export(db, actor, report, "pdf", reason, action="print")
    return data
