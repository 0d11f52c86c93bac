"""The review page's detail pane: one flag rendered as rich text — who, why, the answer with the
risky words highlighted (a click on them plays that moment when the call was recorded), the
keyholders to call in order, and the device or missed-call facts. Pure presentation of a
care.review.queue.FlagDetail; no queries here."""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from care.escalation.status import EscalationView
from care.review.evidence import AnswerEvidence, DeviceEvidence, MissedEvidence
from care.review.queue import FlagDetail
from care.vocabulary import CallOutcome, DeviceKind
from console.common.context import DISPLAY_TZ
from console.common.labels import label, reason_text, severity_text_colour
from console.pages.review.escalation_text import EscalationHistoryText
from console.pages.review.model import ReviewTableModel

HIGHLIGHT = "background-color:#ffd54f; color:#000; font-weight:bold;"


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _local(ts: datetime | None) -> str:
    return ts.astimezone(DISPLAY_TZ).strftime("%Y-%m-%d %H:%M") if ts else "—"


def _slot_text(slot: str) -> str:
    """A slot key ("2026-11-16T17:00+09:00") as the PC's local date and time."""
    try:
        return _local(datetime.fromisoformat(slot))
    except ValueError:
        return slot


def _merged(spans: list[tuple[int, int, float | None, float | None]]) -> list[tuple[int, int, float | None, float | None]]:
    out: list[tuple[int, int, float | None, float | None]] = []
    for start, end, a0, a1 in sorted(spans):
        if out and start <= out[-1][1]:
            s, e, b0, b1 = out[-1]
            times = [t for t in (b0, a0) if t is not None]
            ends = [t for t in (b1, a1) if t is not None]
            out[-1] = (s, max(e, end), min(times) if times else None, max(ends) if ends else None)
        else:
            out.append((start, end, a0, a1))
    return out


def highlighted_answer(answer: AnswerEvidence, playable: bool) -> str:
    """The answer as HTML with every matched span highlighted; with a recording, each span is a
    link "span:<start>:<end>" (seconds in the call)."""
    text, pos, parts = answer.text, 0, []
    for start, end, a0, a1 in _merged([(m.start, m.end, m.audio_start, m.audio_end) for m in answer.matches]):
        parts.append(_esc(text[pos:start]))
        word = f'<span style="{HIGHLIGHT}">{_esc(text[start:end])}</span>'
        if playable and a0 is not None:
            word = f'<a href="span:{a0:.3f}:{(a1 if a1 is not None else a0):.3f}" style="text-decoration:none;">{word}</a>'
        parts.append(word)
        pos = end
    parts.append(_esc(text[pos:]))
    return "".join(parts)


class FlagDetailWidget(QWidget):
    spanClicked = Signal(float, float)  # a highlighted word was clicked: play [start, end] s

    def __init__(self, names: ReviewTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = names
        self.detail: FlagDetail | None = None
        self.escalation: EscalationView | None = None  # set with the detail it belongs to
        self.escalation_text = EscalationHistoryText(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._anchor_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.clear()

    def clear(self, text: str | None = None) -> None:
        self.detail = None
        note = text or self.tr("왼쪽 목록에서 플래그를 선택하세요.")
        self.browser.setHtml(f'<p style="color:#666;">{_esc(note)}</p>')

    def html(self) -> str:
        return self.browser.toHtml()

    def show_detail(self, d: FlagDetail, *, keep_scroll: bool = False) -> None:
        scroll = self.browser.verticalScrollBar().value() if keep_scroll else 0
        self.detail = d
        f, h, n = d.flag, d.household, self.names
        colour = severity_text_colour(f.severity).name()
        out = [f'<h3 style="margin-bottom:2px;">{_esc(h.ref)} {_esc(h.name)} '
               f'<span style="font-weight:normal; color:#555;">· {_esc(h.dong)}</span></h3>',
               f'<p style="margin-top:0;"><b style="color:{colour};">{_esc(n.severity_name(f.severity))}</b> · '
               f'{_esc(n.category_name(f.category))} · {_esc(n.source_name(f.source))} · '
               f'{_esc(n.status_name(f.status))} · {_esc(_local(f.created_at))} '
               f'({_esc(n.age_text(f.created_at))}) · #{f.id}</p>']
        reason_title, answers_title, seconds = self.tr("사유"), self.tr("답변 (위험 단어 강조)"), self.tr("초")
        out.append(f"<p><b>{_esc(reason_title)}</b><br>{_esc(reason_text(f.reason)) or '—'}</p>")
        if d.answers:
            out.append(f"<p><b>{_esc(answers_title)}</b></p>")
            for a in d.answers:
                timed = a.start_s is not None and a.end_s is not None
                times = f" · {a.start_s:.1f}–{a.end_s:.1f}{seconds}" if timed else ""
                label = self.tr("%1번째 답변").replace("%1", str(a.index + 1))
                out.append(f'<p style="margin-left:8px;"><span style="color:#555;">{_esc(label)}{_esc(times)}</span><br>'
                           f'<span style="font-size:15px;">{highlighted_answer(a, d.recording == "available")}</span></p>')
        if d.missed:
            out.append(self._missed_html(d.missed))
        if d.device:
            out.append(self._device_html(d.device))
        out.append(self._people_html(d))
        if self.escalation is not None and self.escalation.flag_id == f.id:
            out.append(self.escalation_text.html(self.escalation))
        out.append(self._handling_html(d))
        self.browser.setHtml("".join(out))
        if keep_scroll:
            self.browser.verticalScrollBar().setValue(scroll)

    def _people_html(self, d: FlagDetail) -> str:
        h = d.household
        contact, resident, worker = self.tr("연락처"), self.tr("본인"), self.tr("담당 복지사")
        notes, keyholders, has_key = self.tr("참고"), self.tr("비상 연락처 (순서대로 연락)"), self.tr("열쇠 보관")
        nobody = self.tr("등록된 비상 연락처가 없습니다.")
        rows = [f"<p><b>{_esc(contact)}</b><br>"
                f"{_esc(resident)}: <b>{_esc(h.phone)}</b> · {_esc(h.address) or '—'}<br>"
                f"{_esc(worker)}: {_esc(h.worker) or '—'}"]
        if h.notes:
            rows.append(f"<br>{_esc(notes)}: {_esc(h.notes)}")
        rows.append("</p>")
        if d.keyholders:
            rows.append(f"<p><b>{_esc(keyholders)}</b></p><ol style='margin-top:0;'>")
            for k in d.keyholders:
                key = f" · {_esc(has_key)}" if k.has_key else ""
                rel = f" ({_esc(k.relation)})" if k.relation else ""
                rows.append(f"<li>{_esc(k.name)}{rel} <b>{_esc(k.phone)}</b>{key}</li>")
            rows.append("</ol>")
        else:
            rows.append(f"<p style='color:#b3261e;'>{_esc(nobody)}</p>")
        return "".join(rows)

    def _missed_html(self, m: MissedEvidence) -> str:
        items = [(self.tr("통화 시간대"), _slot_text(m.slot)), (self.tr("원인"), label(CallOutcome, m.cause)),
                 (self.tr("시도 횟수"), str(m.attempts)), (self.tr("마지막 연락"), _local(m.last_contact_at))]
        if m.two_weeks_in_a_row:
            items.append((self.tr("연속"), self.tr("2주 연속 미응답")))
        if m.activity:
            items.append((self.tr("생활 활동"), reason_text(m.activity)))
        return self._facts(self.tr("안부전화 기록"), items)

    def _device_html(self, dev: DeviceEvidence) -> str:
        items = []
        if dev.device_ref:
            kind = label(DeviceKind, dev.kind) if dev.kind else ""
            items.append((self.tr("기기"), f"{dev.device_ref} ({kind})" if kind else dev.device_ref))
        if dev.devices:
            items.append((self.tr("신호 없는 기기"), ", ".join(dev.devices)))
        items.append((self.tr("시작 시각"), _local(dev.since)))
        if dev.last_value is not None:
            items.append((self.tr("마지막 값"), f"{dev.last_value:g}"))
        if dev.last_seen_at is not None:
            items.append((self.tr("마지막 신호"), _local(dev.last_seen_at)))
        if dev.battery is not None:
            items.append((self.tr("배터리"), f"{dev.battery:.0f}%"))
        if dev.other_activity:
            items.append((self.tr("다른 기기 활동"), ", ".join(dev.other_activity)))
        return self._facts(self.tr("기기 정보"), items)

    def _handling_html(self, d: FlagDetail) -> str:
        f, items = d.flag, []
        if f.assignee:
            items.append((self.tr("담당"), f.assignee))
        if f.acknowledged_at:
            items.append((self.tr("확인"), f"{f.acknowledged_by or ''} · {_local(f.acknowledged_at)}"))
        if f.resolved_at:
            items.append((self.tr("처리"), f"{self.names.outcome_name(f.resolution)} · {f.resolved_by or ''} · "
                                          f"{_local(f.resolved_at)}"))
        if f.resolution_note:
            items.append((self.tr("메모"), f.resolution_note))
        return self._facts(self.tr("처리 기록"), items) if items else ""

    @staticmethod
    def _facts(title: str, items: list[tuple[str, str]]) -> str:
        rows = "".join(f'<tr><td style="color:#555; padding-right:12px;">{_esc(k)}</td><td>{_esc(v)}</td></tr>'
                       for k, v in items)
        return f"<p><b>{_esc(title)}</b></p><table style='margin-left:8px;'>{rows}</table>"

    @Slot(QUrl)
    def _anchor_clicked(self, url: QUrl) -> None:
        parts = url.toString().split(":")
        if len(parts) == 3 and parts[0] == "span":
            try:
                self.spanClicked.emit(float(parts[1]), float(parts[2]))
            except ValueError:
                pass
