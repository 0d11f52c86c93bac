"""The report as an Excel workbook (openpyxl, write-only: fast for 10,000 households): one sheet
per table, the header row frozen, Korean headers by default, numbers stored as numbers, phones and
every other text stored as text — a name like "=HYPERLINK(...)" stays a string, never a formula."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from care.reports import words
from care.reports.model import Report
from care.reports.period import LOCAL
from care.reports.summary import summary
from care.reports.xlsx_rows import splice

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
PERCENT, SECONDS_AS_HOURS, DATETIME = "0.0%", "0.00", "yyyy-mm-dd hh:mm"


class _Sheet:
    def __init__(self, wb: Workbook, title: str, headers: Sequence[str], widths: Sequence[int]) -> None:
        self.ws = wb.create_sheet(title[:31])
        self.ws.freeze_panes = "A2"
        for i, w in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = w
        self.ws.append([self._header(h) for h in headers])
        self.tail: list[Sequence[Any]] = []  # rows 3... of a long sheet, written by xlsx_rows

    def long_rows(self, rows: Iterable[Sequence[Any]], formats: dict[int, str], text: Iterable[int]) -> None:
        """The first row through openpyxl (it fixes each column's style), the rest spliced in fast."""
        for i, values in enumerate(rows):
            if i == 0:
                self.row(values, formats, text, always=True)
            else:
                self.tail.append(values)

    def _header(self, text: str) -> WriteOnlyCell:
        c = WriteOnlyCell(self.ws, value=text)
        c.data_type = "s"
        c.font, c.fill = HEADER_FONT, HEADER_FILL
        return c

    def row(self, values: Iterable[Any], formats: dict[int, str] | None = None, text: Iterable[int] = (),
            always: bool = False) -> None:
        """Plain values go in as they are (openpyxl's fast path); a string that a spreadsheet would
        read as a formula, a column that must stay text (`text`, e.g. phones) and formatted numbers
        and dates get a cell of their own."""
        cells: list[Any] = []
        keep_text = set(text)
        for i, v in enumerate(values):
            if isinstance(v, datetime):
                v = v.astimezone(LOCAL).replace(tzinfo=None)
            fmt = formats.get(i) if formats else None
            if isinstance(v, str) and (v.startswith("=") or i in keep_text):
                c = WriteOnlyCell(self.ws, value=v)
                c.data_type = "s"  # text, even when it starts with "="
                if i in keep_text:
                    c.number_format = "@"
                cells.append(c)
            elif fmt is not None or isinstance(v, datetime) or always:
                c = WriteOnlyCell(self.ws, value=v)
                c.number_format = fmt or (DATETIME if isinstance(v, datetime) else "General")
                cells.append(c)
            else:
                cells.append(v)
        self.ws.append(cells)


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 3)


def report_xlsx(r: Report, lang: str = "ko") -> bytes:
    t = lambda key: words.text(key, lang)  # noqa: E731 - a short local alias keeps the tables readable
    v = lambda key: words.value(key, lang)  # noqa: E731
    wb = Workbook(write_only=True)
    prev = r.previous
    sh = _Sheet(wb, t("sheet_summary"), [t("measure"), t("value"), t("previous"), t("change")], (34, 16, 16, 12))
    sh.row([t("period"), r.period.label, r.period.previous().label, None])
    sh.row([t("scope"), r.scope.label if (r.scope.dong or r.scope.worker) else t("district"), None, None])
    rows: list[tuple[str, Any, Any, str | None]] = [
        ("households", r.households, prev.households, None), ("contacted", r.contacted, prev.contacted, None),
        ("coverage", r.coverage, prev.coverage, PERCENT), ("placed", r.calls.placed, prev.placed, None),
        ("answered_person", r.calls.answered_person, prev.answered_person, None),
        ("answered_rate", r.calls.answered_rate, prev.answered_rate, PERCENT), ("flags", r.flags.total, prev.flags, None),
        ("alerts_per_need", r.flags.alerts_per_need, None, "0.00"),
        ("ack_p50", _hours(r.times.ack_p50_s), _hours(prev.ack_p50_s), SECONDS_AS_HOURS),
        ("ack_p95", _hours(r.times.ack_p95_s), None, SECONDS_AS_HOURS),
        ("resolve_p50", _hours(r.times.resolve_p50_s), None, SECONDS_AS_HOURS),
        ("resolve_p95", _hours(r.times.resolve_p95_s), None, SECONDS_AS_HOURS), ("overdue", r.times.overdue, None, None),
        ("unreachable_households", len(r.unreachable), None, None), ("active_devices", r.devices.active, None, None),
        ("sensor_alerts", r.devices.sensor_alerts, None, None), ("silent_device", r.devices.silent, None, None),
        ("low_battery", r.devices.low_battery, None, None),
    ]
    for key, now, before, fmt in rows:
        label = t(key) + (f" ({t('hours')})" if key.startswith(("ack_", "resolve_")) else "")
        change = now - before if isinstance(now, (int, float)) and isinstance(before, (int, float)) else None
        f = {1: fmt, 2: fmt, 3: fmt} if fmt else None
        sh.row([label, now, before, change], f)
    sh.row([t("summary"), summary(r, lang), None, None])

    cov = _Sheet(wb, t("sheet_coverage"), [t(k) for k in ("ref", "dong", "name", "worker", "birth_year", "phone",
                                                              "contact_result", "date", "attempts", "missed", "need",
                                                              "action")],
                 (10, 10, 12, 14, 9, 15, 20, 17, 7, 9, 24, 24))
    cov.long_rows(([x.ref, x.dong, x.name, x.worker, x.birth_year, x.phone, v(x.contact_kind), x.contact_at,
                    x.attempts, x.missed, ", ".join(v(n) for n in x.needs), ", ".join(v(a) for a in x.actions)]
                   for x in r.lines), {7: DATETIME}, text=(5,))
    miss = _Sheet(wb, t("sheet_no_contact"), [t(k) for k in ("ref", "dong", "name", "worker", "phone", "reason",
                                                                "missed", "last_call")], (10, 10, 12, 14, 15, 22, 9, 17))
    miss.long_rows(([x.ref, x.dong, x.name, x.worker, x.phone, v(x.contact_kind), x.missed, x.contact_at]
                    for x in r.not_contacted), {7: DATETIME}, text=(4,))

    c = r.calls
    calls = _Sheet(wb, t("sheet_calls"), [t("measure"), t("count")], (26, 12))
    for key, n in (("attempts", c.attempts), ("placed", c.placed), ("answered_person", c.answered_person),
                   ("machine_calls", c.machine), ("no_answer_calls", c.no_answer), ("busy", c.busy),
                   ("failed_calls", c.failed), ("silent", c.silent), ("needs_listen", c.needs_listen),
                   ("retries", c.retries)):
        calls.row([t(key), n])
    calls.row([t("answered_rate"), c.answered_rate], {1: PERCENT})
    days = _Sheet(wb, t("sheet_days"), [t("day"), t("placed"), t("answered_person"), t("no_answer_calls"), t("flags")],
                  (12, 10, 12, 12, 10))
    for d in r.days:
        days.row([d.day, d.placed, d.answered, d.missed, d.flags], {0: "yyyy-mm-dd"})
    fl = _Sheet(wb, t("sheet_flags"), [t("measure"), t("value"), t("count")], (12, 24, 10))
    for group, counts in (("source", r.flags.by_source), ("category", r.flags.by_category),
                          ("severity", r.flags.by_severity)):
        for key, n in counts:
            fl.row([t(group), v(key), n])
    out = _Sheet(wb, t("sheet_outcomes"), [t("outcome"), t("count")], (24, 10))
    for key, n in r.flags.outcomes:
        out.row([v(key), n])
    out.row([t("confirmed_needs"), r.flags.confirmed_needs])
    tm = _Sheet(wb, t("sheet_times"), [t("measure"), t("value")], (30, 12))
    for key, secs in (("ack_p50", r.times.ack_p50_s), ("ack_p95", r.times.ack_p95_s),
                      ("resolve_p50", r.times.resolve_p50_s), ("resolve_p95", r.times.resolve_p95_s)):
        tm.row([f"{t(key)} ({t('hours')})", _hours(secs)], {1: SECONDS_AS_HOURS})
    tm.row([t("overdue"), r.times.overdue])
    for group, counts in (("alerts_sent", r.times.sent_by_channel), ("acknowledged_via", r.times.acknowledged_by_channel)):
        for key, n in counts:
            tm.row([f"{t('escalation')} · {t(group)}: {v(key)}", n])
    dv = _Sheet(wb, t("sheet_devices"), [t(k) for k in ("ref", "dong", "name", "device", "kind", "alerts", "state",
                                                          "battery", "last_seen")], (10, 10, 12, 14, 14, 7, 16, 10, 17))
    for dev in r.devices.lines:
        state = ", ".join(t(k) for k, on in (("silent_device", dev.silent), ("low_battery", dev.low_battery)) if on)
        dv.row([dev.household_ref, dev.dong, dev.household_name, dev.ref, v(dev.kind), dev.alerts, state, dev.battery,
                dev.last_seen_at])
    fu = _Sheet(wb, t("sheet_follow_ups"), [t("channel"), t("outcome"), t("count")], (18, 18, 10))
    for ch, o, n in r.follow_ups:
        fu.row([v(ch), v(o), n])
    un = _Sheet(wb, t("sheet_unreachable"), [t(k) for k in ("ref", "dong", "name", "last_reached",
                                                              "days_unreachable", "missed", "follow_ups")],
                (10, 10, 12, 17, 12, 10, 10))
    for u in r.unreachable:
        un.row([u.ref, u.dong, u.name, u.last_reached_at, None if u.days is None else round(u.days, 1), u.missed_calls,
                u.not_reached_follow_ups], {4: "0.0"})
    buf = io.BytesIO()
    wb.save(buf)
    return splice(buf.getvalue(), {2: cov.tail, 3: miss.tail})
