"""A short paragraph written from the numbers (Korean by default, English with lang="en"), and
the report as one JSON object (the CLI's `--format json`)."""

from __future__ import annotations

from typing import Any

from care.reports import words
from care.reports.model import Headline, Report, iso


def duration(seconds: float | None, lang: str) -> str:
    if seconds is None:
        return "—"
    if seconds < 3600:
        return f"{seconds / 60:.0f}{words.text('minutes', lang)}" if lang == "ko" else f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f}{words.text('hours', lang)}" if lang == "ko" else f"{seconds / 3600:.1f} h"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _delta(now: float | None, before: float | None, points: bool, lang: str = "ko") -> str:
    if now is None or before is None:
        return ""
    d = (now - before) * (100 if points else 1)
    if points:
        return f"{d:+.1f}%p" if lang == "ko" else f"{d:+.1f} percentage points"
    return f"{d:+.0f}"


def summary(r: Report, lang: str = "ko") -> str:
    c, f, t, prev = r.calls, r.flags, r.times, r.previous
    reasons = r.reasons()
    top = ", ".join(f"{words.value(k, lang) if lang == 'ko' else words.value(k, lang).lower()} {n}"
                    for k, n in reasons[:3])
    cov_change = _delta(r.coverage, prev.coverage, True, lang)
    if lang == "ko":
        parts = [f"{r.period.label} 기간 등록 {r.households}가구 중 {r.contacted}가구({percent(r.coverage)})의 안부를 확인했습니다"
                 + (f"(지난 기간 대비 {cov_change})." if cov_change else ".")]
        if reasons:
            parts.append(f"확인하지 못한 {r.households - r.contacted}가구의 사유는 {top} 순입니다.")
        parts.append(f"안부전화 {c.placed}통 중 {c.answered_person}통({percent(c.answered_rate)})을 본인이 받았고, "
                     f"자동응답 {c.machine}통, 받지 않음 {c.no_answer}통, 재시도 {c.retries}통이었습니다.")
        parts.append(f"위험 신호 {f.total}건이 생겼고(지난 기간 {prev.flags}건), 확인까지 중앙값 {duration(t.ack_p50_s, lang)}, "
                     f"기한을 넘긴 신호는 {t.overdue}건입니다.")
        if r.unreachable:
            parts.append(f"현재 연락두절 가구는 {len(r.unreachable)}가구입니다.")
        if r.devices.silent or r.devices.low_battery:
            parts.append(f"기기 {r.devices.silent}대가 수신이 없고 {r.devices.low_battery}대는 배터리가 부족합니다.")
        return " ".join(parts)
    parts = [f"In {r.period.label}, {r.contacted} of {r.households} enrolled households ({percent(r.coverage)}) had a "
             f"confirmed contact" + (f" ({cov_change} on the previous period)." if cov_change else ".")]
    if reasons:
        parts.append(f"The {r.households - r.contacted} without one: {top}.")
    parts.append(f"Of {c.placed} check-in calls placed, {c.answered_person} ({percent(c.answered_rate)}) were answered by "
                 f"a person; {c.machine} reached a machine, {c.no_answer} were not answered, {c.retries} were retries.")
    parts.append(f"{f.total} flags were raised ({prev.flags} in the previous period); median time to acknowledge "
                 f"{duration(t.ack_p50_s, lang)}, {t.overdue} overdue.")
    if r.unreachable:
        parts.append(f"{len(r.unreachable)} households are unreachable now.")
    if r.devices.silent or r.devices.low_battery:
        parts.append(f"{r.devices.silent} devices are silent and {r.devices.low_battery} low on battery.")
    return " ".join(parts)


def _headline_json(h: Headline) -> dict[str, Any]:
    return {"households": h.households, "contacted": h.contacted, "coverage": h.coverage, "placed": h.placed,
            "answered_person": h.answered_person, "answered_rate": h.answered_rate, "flags": h.flags,
            "ack_p50_s": h.ack_p50_s}


def to_json(r: Report, lang: str = "ko") -> dict[str, Any]:
    """The figures as one object. Counts and identifiers only: no names or phone numbers."""
    c, f, t, d = r.calls, r.flags, r.times, r.devices
    return {
        "period": r.period.label, "from": r.period.first.isoformat(), "to": r.period.last.isoformat(),
        "scope": r.scope.to_json(), "generated_at": iso(r.generated_at),
        "households": r.households, "contacted": r.contacted, "coverage": r.coverage,
        "not_contacted": dict(r.reasons()),
        "calls": {"attempts": c.attempts, "placed": c.placed, "answered_person": c.answered_person,
                  "machine": c.machine, "no_answer": c.no_answer, "busy": c.busy, "failed": c.failed,
                  "silent": c.silent, "needs_listen": c.needs_listen, "answered_rate": c.answered_rate,
                  "retries": c.retries},
        "days": [{"day": x.day.isoformat(), "placed": x.placed, "answered": x.answered, "missed": x.missed,
                  "flags": x.flags} for x in r.days],
        "flags": {"total": f.total, "by_source": dict(f.by_source), "by_category": dict(f.by_category),
                  "by_severity": dict(f.by_severity), "outcomes": dict(f.outcomes),
                  "confirmed_needs": f.confirmed_needs, "alerts_per_need": f.alerts_per_need},
        "ack_p50_s": t.ack_p50_s, "ack_p95_s": t.ack_p95_s, "resolve_p50_s": t.resolve_p50_s,
        "resolve_p95_s": t.resolve_p95_s, "acknowledged": t.acknowledged, "resolved": t.resolved,
        "overdue": t.overdue,
        "escalation": {"sent": dict(t.sent_by_channel), "acknowledged_by": dict(t.acknowledged_by_channel)},
        "devices": {"active": d.active, "silent": d.silent, "low_battery": d.low_battery,
                    "sensor_alerts": d.sensor_alerts, "alerts_per_device": d.alerts_per_device,
                    "alerts_by_device": {x.ref if not x.household_ref else f"{x.household_ref}/{x.ref}": x.alerts
                                         for x in d.lines if x.alerts}},
        "follow_ups": [{"channel": ch, "outcome": o, "count": n} for ch, o, n in r.follow_ups],
        "unreachable": [{"household_ref": u.ref, "days": u.days, "missed_calls": u.missed_calls,
                         "not_reached_follow_ups": u.not_reached_follow_ups} for u in r.unreachable],
        "previous": {"period": r.period.previous().label, **_headline_json(r.previous)},
        "summary": summary(r, lang),
    }
