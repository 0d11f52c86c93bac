"""The report as a printable PDF: one to three A4 pages, the Korean font embedded (care.printing),
headline figures, the summary paragraph, bar charts of calls and flags by day drawn with fpdf2's
own primitives (no plotting library), the breakdown tables and the households without a contact
(the full lists are in the XLSX)."""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from care.printing import FAMILY, render_korean
from care.reports import words
from care.reports.model import DayFigures, Report
from care.reports.period import LOCAL
from care.reports.summary import duration, percent, summary

MARGIN, WIDTH = 12.0, 186.0
HALF = (WIDTH - 6) / 2
MAX_PAGES = 3
LIST_ROWS = 18  # households without contact shown in the PDF (all of them are in the XLSX)
BLUE, ORANGE, GREY, RED = (47, 111, 176), (230, 145, 56), (170, 170, 170), (179, 38, 30)
HEAD = FontFace(emphasis="BOLD", fill_color=(221, 231, 240))


class _Doc:
    def __init__(self, lang: str, pdf: FPDF) -> None:
        self.lang = lang
        self.pdf = pdf
        self.pdf.set_margins(MARGIN, MARGIN, MARGIN)
        self.pdf.set_auto_page_break(True, MARGIN)
        self.pdf.add_page()

    def t(self, key: str) -> str:
        return words.text(key, self.lang)

    def v(self, key: str | None) -> str:
        return words.value(key, self.lang)

    def heading(self, text: str, size: float = 11) -> None:
        self.pdf.set_font(FAMILY, "B", size)
        self.pdf.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.set_font(FAMILY, "", 9)

    def need(self, height: float) -> None:
        if self.pdf.get_y() + height > self.pdf.h - MARGIN:
            self.pdf.add_page()

    def table(self, rows: Sequence[Sequence[str]], widths: Sequence[float], *, x: float = MARGIN,
              aligns: str | None = None) -> float:
        """A bordered table with a heading row at `x`; returns the y below it."""
        pdf = self.pdf
        pdf.set_font(FAMILY, "", 8.5)
        pdf.set_fill_color(255, 255, 255)  # the charts leave their colour behind
        pdf.set_draw_color(160, 160, 160)
        old = pdf.l_margin
        pdf.set_left_margin(x)
        pdf.set_x(x)
        with pdf.table(col_widths=tuple(widths), width=sum(widths), align="LEFT", headings_style=HEAD,
                       line_height=5.2, text_align=tuple((aligns or "L" * len(widths))[i] for i in range(len(widths))),
                       padding=(0.6, 1.2)) as tbl:
            for r in rows:
                row = tbl.row()
                for cell in r:
                    row.cell(str(cell))
        pdf.set_left_margin(old)
        return pdf.get_y()

    def side_by_side(self, left: tuple[Sequence[Sequence[str]], Sequence[float], str],
                     right: tuple[Sequence[Sequence[str]], Sequence[float], str]) -> None:
        rows = max(len(left[0]), len(right[0]))
        self.need(8 + rows * 5.6)
        y0 = self.pdf.get_y()
        y1 = self.table(left[0], left[1], aligns=left[2])
        self.pdf.set_y(y0)
        y2 = self.table(right[0], right[1], x=MARGIN + HALF + 6, aligns=right[2])
        self.pdf.set_xy(MARGIN, max(y1, y2) + 3)

    def bars(self, title: str, days: Sequence[DayFigures], series: Sequence[tuple[str, tuple[int, int, int], str]],
             height: float = 42) -> None:
        """Stacked bars per day; `series` = (label, colour, attribute of DayFigures)."""
        pdf = self.pdf
        self.need(height + 16)
        self.heading(title, 10)
        x0, y0 = MARGIN + 10, pdf.get_y() + 2
        w, h = WIDTH - 12, height
        top = max([sum(getattr(d, a) for _, _, a in series) for d in days] + [1])
        pdf.set_draw_color(200, 200, 200)
        pdf.set_font(FAMILY, "", 6.5)
        for frac in (0, 0.5, 1):  # gridlines with values
            y = y0 + h - h * frac
            pdf.line(x0, y, x0 + w, y)
            pdf.set_xy(MARGIN, y - 1.5)
            pdf.cell(9, 3, f"{top * frac:,.0f}" if top >= 10 else f"{top * frac:.3g}", align="R")
        slot = w / max(len(days), 1)
        bar = max(min(slot * 0.7, 14), 0.4)
        for i, d in enumerate(days):
            x = x0 + i * slot + (slot - bar) / 2
            base = y0 + h
            for _, colour, attr in series:
                n = getattr(d, attr)
                if n:
                    bh = h * n / top
                    pdf.set_fill_color(*colour)
                    pdf.rect(x, base - bh, bar, bh, style="F")
                    base -= bh
            if len(days) <= 16 or i % max(1, len(days) // 10) == 0:
                pdf.set_xy(x0 + i * slot, y0 + h + 0.5)
                pdf.cell(slot if len(days) <= 16 else slot * 3, 3, d.day.strftime("%m-%d"), align="C" if len(days) <= 16 else "L")
        lx = x0
        for label, colour, _ in series:  # legend
            pdf.set_fill_color(*colour)
            pdf.rect(lx, y0 + h + 4.5, 3, 3, style="F")
            pdf.set_xy(lx + 4, y0 + h + 4)
            pdf.cell(40, 4, label)
            lx += 42
        pdf.set_xy(MARGIN, y0 + h + 10)
        pdf.set_font(FAMILY, "", 9)


def report_pdf(r: Report, lang: str = "ko") -> bytes:
    return render_korean(lambda pdf: _draw(r, lang, pdf))


def _draw(r: Report, lang: str, target: FPDF) -> None:
    d = _Doc(lang, target)
    pdf, t, v = d.pdf, d.t, d.v
    pdf.set_font(FAMILY, "B", 16)
    pdf.cell(0, 9, f"{t('title')} — {r.period.label}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 9)
    scope = r.scope.label if (r.scope.dong or r.scope.worker) else t("district")
    pdf.cell(0, 5, f"{t('period')}: {r.period.first} ~ {r.period.last}   {t('scope')}: {scope}   "
                   f"{t('generated')}: {r.generated_at.astimezone(LOCAL):%Y-%m-%d %H:%M}",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    boxes = [(t("households"), f"{r.households:,}"), (t("contacted"), f"{r.contacted:,}"),
             (t("coverage"), percent(r.coverage)), (t("answered_rate"), percent(r.calls.answered_rate)),
             (t("flags"), f"{r.flags.total:,}"), (t("ack_p50"), duration(r.times.ack_p50_s, lang)),
             (t("overdue"), f"{r.times.overdue:,}"), (t("unreachable_households"), f"{len(r.unreachable):,}")]
    bw, y = (WIDTH - 3 * 3) / 4, pdf.get_y()
    for i, (label, value) in enumerate(boxes):
        x, yy = MARGIN + (i % 4) * (bw + 3), y + (i // 4) * 17
        pdf.set_fill_color(243, 246, 250)
        pdf.rect(x, yy, bw, 15, style="F")
        pdf.set_xy(x + 2, yy + 1.5)
        pdf.set_font(FAMILY, "", 7.5)
        pdf.cell(bw - 4, 4, label)
        pdf.set_xy(x + 2, yy + 6)
        pdf.set_font(FAMILY, "B", 13)
        pdf.cell(bw - 4, 7, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_xy(MARGIN, y + 36)
    d.heading(t("summary"), 10)
    pdf.set_font(FAMILY, "", 9)
    pdf.multi_cell(WIDTH, 5, summary(r, lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    d.bars(t("calls_by_day"), r.days, [(t("answered_person"), BLUE, "answered"), (t("no_answer_calls"), ORANGE, "missed")])
    d.bars(t("flags_by_day"), r.days, [(t("flags"), RED, "flags")], height=30)

    c = r.calls
    calls = [[t("measure"), t("count")]] + [[t(k), f"{n:,}"] for k, n in (
        ("placed", c.placed), ("answered_person", c.answered_person), ("machine_calls", c.machine),
        ("no_answer_calls", c.no_answer), ("busy", c.busy), ("failed_calls", c.failed), ("silent", c.silent),
        ("needs_listen", c.needs_listen), ("retries", c.retries))] + [[t("answered_rate"), percent(c.answered_rate)]]
    reasons = [[t("reason"), t("count")]] + [[v(k), f"{n:,}"] for k, n in r.reasons()] or [[t("none"), ""]]
    prev = r.previous
    change = [[t("measure"), r.period.label, r.period.previous().label]] + [
        [t("households"), f"{r.households:,}", f"{prev.households:,}"],
        [t("contacted"), f"{r.contacted:,}", f"{prev.contacted:,}"],
        [t("coverage"), percent(r.coverage), percent(prev.coverage)],
        [t("placed"), f"{c.placed:,}", f"{prev.placed:,}"],
        [t("answered_rate"), percent(c.answered_rate), percent(prev.answered_rate)],
        [t("flags"), f"{r.flags.total:,}", f"{prev.flags:,}"],
        [t("ack_p50"), duration(r.times.ack_p50_s, lang), duration(prev.ack_p50_s, lang)]]
    d.side_by_side((calls, (HALF * 0.68, HALF * 0.32), "LR"), (change, (HALF * 0.46, HALF * 0.27, HALF * 0.27), "LRR"))
    d.side_by_side((reasons, (HALF * 0.68, HALF * 0.32), "LR"),
                   ([[t("category"), t("count")]] + [[v(k), f"{n:,}"] for k, n in r.flags.by_category],
                    (HALF * 0.68, HALF * 0.32), "LR"))
    tm = r.times
    times = [[t("measure"), t("value")], [t("ack_p50"), duration(tm.ack_p50_s, lang)],
             [t("ack_p95"), duration(tm.ack_p95_s, lang)], [t("resolve_p50"), duration(tm.resolve_p50_s, lang)],
             [t("resolve_p95"), duration(tm.resolve_p95_s, lang)], [t("overdue"), f"{tm.overdue:,}"],
             [t("alerts_per_need"), "—" if r.flags.alerts_per_need is None else f"{r.flags.alerts_per_need:.1f}"]] + \
        [[f"{t(group)}: {v(k)}", f"{n:,}"] for group, counts in (("alerts_sent", tm.sent_by_channel),
                                                                 ("acknowledged_via", tm.acknowledged_by_channel))
         for k, n in counts]
    sources = ([[t("source") + " / " + t("severity"), t("count")]]
               + [[v(k), f"{n:,}"] for k, n in r.flags.by_source] + [[v(k), f"{n:,}"] for k, n in r.flags.by_severity])
    d.side_by_side((times, (HALF * 0.68, HALF * 0.32), "LR"), (sources, (HALF * 0.68, HALF * 0.32), "LR"))
    outcomes = [[t("outcome"), t("count")]] + [[v(k), f"{n:,}"] for k, n in r.flags.outcomes] + \
        [[t("confirmed_needs"), f"{r.flags.confirmed_needs:,}"]]
    fus = [[t("channel"), t("outcome"), t("count")]] + [[v(ch), v(o), f"{n:,}"] for ch, o, n in r.follow_ups[:10]]
    if len(fus) == 1:
        fus.append([t("none"), "", ""])
    d.side_by_side((outcomes, (HALF * 0.68, HALF * 0.32), "LR"), (fus, (HALF * 0.4, HALF * 0.4, HALF * 0.2), "LLR"))
    dv = r.devices
    devices = [[t("measure"), t("count")], [t("active_devices"), f"{dv.active:,}"],
               [t("sensor_alerts"), f"{dv.sensor_alerts:,}"], [t("silent_device"), f"{dv.silent:,}"],
               [t("low_battery"), f"{dv.low_battery:,}"]]
    top = [[t("device"), t("kind"), t("alerts")]] + [[f"{x.household_ref}/{x.ref}", v(x.kind), f"{x.alerts:,}"]
                                                     for x in dv.lines if x.alerts][:6]
    if len(top) == 1:
        top.append([t("none"), "", ""])
    d.side_by_side((devices, (HALF * 0.68, HALF * 0.32), "LR"), (top, (HALF * 0.45, HALF * 0.35, HALF * 0.2), "LLR"))

    missing = r.not_contacted
    if missing:
        shown = min(len(missing), LIST_ROWS)
        d.need(14 + min(shown, 6) * 5.6)
        d.heading(f"{t('not_contacted')} ({len(missing):,})", 10)
        rows = [[t("ref"), t("dong"), t("name"), t("worker"), t("reason"), t("missed")]] + [
            [x.ref, x.dong, x.name, x.worker, v(x.contact_kind), str(x.missed)] for x in missing[:shown]]
        d.table(rows, (22, 26, 28, 34, 56, 20), aligns="LLLLLR")
        if len(missing) > shown:
            pdf.set_font(FAMILY, "", 8)
            pdf.cell(0, 5, t("more_rows").replace("{n}", f"{len(missing) - shown:,}"),
                     new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if r.unreachable and pdf.page_no() < MAX_PAGES or (r.unreachable and pdf.get_y() < pdf.h - 60):
        shown = min(len(r.unreachable), 8)
        d.need(14 + shown * 5.6)
        d.heading(f"{t('unreachable_households')} ({len(r.unreachable):,})", 10)
        rows = [[t("ref"), t("dong"), t("name"), t("last_reached"), t("days_unreachable")]] + [
            [u.ref, u.dong, u.name, f"{u.last_reached_at.astimezone(LOCAL):%Y-%m-%d}" if u.last_reached_at else "—",
             "—" if u.days is None else f"{u.days:.0f}"] for u in r.unreachable[:shown]]
        d.table(rows, (24, 30, 34, 50, 48), aligns="LLLLR")
