"""The review detail's escalation section: level, state, deadline, who took it, every step sent
and the next one (its own translation context)."""

from __future__ import annotations

import html as _html
from datetime import datetime

from PySide6.QtCore import QObject

from care.escalation.status import EscalationView
from console.common.context import DISPLAY_TZ


def _esc(text: object) -> str:
    return _html.escape(str(text))


def _local(ts: datetime | None) -> str:
    return ts.astimezone(DISPLAY_TZ).strftime("%Y-%m-%d %H:%M") if ts else "—"


class EscalationHistoryText(QObject):
    def html(self, e: EscalationView) -> str:
        """The flag's escalation: level, state, deadline, who took it, every step and the next one."""
        state = {"active": self.tr("연락 중"), "exhausted": self.tr("모든 단계 완료 · 확인 대기"), "acknowledged": self.tr("확인됨"),
                 "confirmed_well": self.tr("회신 전화로 안부 확인됨"), "morning": self.tr("아침 검토 대기"), "closed": self.tr("처리 완료")}
        late, deadline, taken_by = self.tr("확인 기한 지남"), self.tr("확인 기한"), self.tr("맡은 사람")
        next_title, title = self.tr("다음 단계"), self.tr("긴급 연락 (에스컬레이션)")
        head = f"{_esc(e.code)} · {_esc(e.level)} · {_esc(state.get(e.state, e.state))}"
        if e.overdue:
            head += f' · <b style="color:#b3261e;">{_esc(late)}</b>'
        rows = [f"<tr><td style='color:#555; padding-right:12px;'>{_esc(deadline)}</td>"
                f"<td>{_esc(_local(e.ack_deadline))}</td></tr>"]
        if e.acknowledged_by:
            rows.append(f"<tr><td style='color:#555;'>{_esc(taken_by)}</td><td>{_esc(e.acknowledged_by)} · "
                        f"{_esc(e.ack_channel or '')} · {_esc(_local(e.acknowledged_at))}</td></tr>")
        for h in e.history:
            rows.append(f"<tr><td style='color:#555;'>{_esc(_local(h.sent_at or h.due_at))}</td><td>{_esc(h.kind)} → "
                        f"{_esc(h.target)} ({_esc(h.role)}) · {_esc(h.status)}</td></tr>")
        if e.next_step and e.next_at:
            rows.append(f"<tr><td style='color:#555;'>{_esc(next_title)}</td><td>{_esc(e.next_step)} · "
                        f"{_esc(_local(e.next_at))}</td></tr>")
        note = f"<br><span style='color:#555;'>{_esc(e.note)}</span>" if e.note else ""
        return (f"<p><b>{_esc(title)}</b> {head}{note}</p>"
                f"<table style='margin-left:8px;'>{''.join(rows)}</table>")
