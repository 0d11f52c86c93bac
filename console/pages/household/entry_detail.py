"""What the household page shows under the timeline for the selected entry, as HTML: a call's
answers (transcript with the risky words highlighted and clickable, confidence, keypad digit,
"a person should listen", ▶ for the whole answer), a flag's review history, a follow-up, a plan
change, a sensor or robot event."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from care.households.call_detail import CallDetail, HeardAnswer
from care.households.timeline import Entry
from care.review.evidence import AnswerEvidence
from care.vocabulary import (
    AnsweredBy,
    CallOutcome,
    ContactChannel,
    ContactOutcome,
    FlagCategory,
    FlagSource,
    FlagStatus,
    Resolution,
    Severity,
)
from console.common.context import DISPLAY_TZ
from console.common.labels import label, reason_text
from console.pages.household.timeline_model import entry_text, kind_names
from console.pages.review.detail import highlighted_answer

NEEDS_PERSON = "background:#fff3cd; color:#664d03; padding:1px 4px;"


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _when(value) -> str:
    from datetime import datetime

    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return value.astimezone(DISPLAY_TZ).strftime("%Y-%m-%d %H:%M") if value else "—"


def _rows(items: list[tuple[str, str]]) -> str:
    cells = "".join(f'<tr><td style="color:#555; padding-right:12px;">{_esc(k)}</td><td>{_esc(v)}</td></tr>'
                    for k, v in items)
    return f"<table>{cells}</table>"


def answer_html(a: HeardAnswer, playable: bool) -> str:
    evidence = AnswerEvidence(a.index, a.text, a.matches, a.start_s, a.end_s, a.confidence)
    silent = QCoreApplication.translate("HouseholdEntry", "(말 없음)")
    text = highlighted_answer(evidence, playable) if a.text else f"<i>{_esc(silent)}</i>"
    play = ""
    if playable and a.playable:
        play = f'<a href="span:{a.start_s:.3f}:{a.end_s:.3f}" style="text-decoration:none;">▶</a> '
    facts = []
    if a.confidence is not None:
        facts.append(QCoreApplication.translate("HouseholdEntry", "인식 신뢰도 %1%").replace("%1", f"{a.confidence * 100:.0f}"))
    if a.keypad:
        facts.append(QCoreApplication.translate("HouseholdEntry", "번호 %1 누름").replace("%1", a.keypad))
    flag = ""
    if a.needs_person:
        listen = QCoreApplication.translate("HouseholdEntry", "사람이 직접 들어야 함")
        flag = f' <span style="{NEEDS_PERSON}">{_esc(listen)}</span>'
    small = f'<br><span style="color:#666; font-size:small;">{_esc(" · ".join(facts))}</span>' if facts else ""
    return f"<p>{play}<b>{a.index + 1}.</b> {text}{flag}{small}</p>"


def call_html(d: CallDetail) -> str:
    head = [(QCoreApplication.translate("HouseholdEntry", "시각"), _when(d.at)), (QCoreApplication.translate("HouseholdEntry", "결과"), label(CallOutcome, d.outcome)),
            (QCoreApplication.translate("HouseholdEntry", "받은 쪽"), label(AnsweredBy, d.answered_by) if d.answered_by else "—")]
    if d.flag_ids:
        flags = ", ".join(f"#{i}" for i in d.flag_ids)
        head.append((QCoreApplication.translate("HouseholdEntry", "플래그"), flags))
    playable = d.recording == "available"
    none = QCoreApplication.translate("HouseholdEntry", "답변 기록이 없습니다.")
    answers = "".join(answer_html(a, playable) for a in d.answers) or f"<p>{_esc(none)}</p>"
    return f"<h3>{_esc(kind_names()['call'])}</h3>{_rows(head)}<hr>{answers}"


def entry_html(e: Entry) -> str:
    d = e.detail
    title = kind_names().get(e.kind, e.kind)
    items: list[tuple[str, str]] = [(QCoreApplication.translate("HouseholdEntry", "시각"), _when(e.at))]
    if e.kind == "flag":
        items += [(QCoreApplication.translate("HouseholdEntry", "심각도"), label(Severity, d.get("severity"))), (QCoreApplication.translate("HouseholdEntry", "출처"), label(FlagSource, d.get("source"))),
                  (QCoreApplication.translate("HouseholdEntry", "분류"), label(FlagCategory, d.get("category"))),
                  (QCoreApplication.translate("HouseholdEntry", "사유"), reason_text(e.summary.split(": ", 1)[-1])),
                  (QCoreApplication.translate("HouseholdEntry", "상태"), label(FlagStatus, d.get("status")))]
        if d.get("assignee"):
            items.append((QCoreApplication.translate("HouseholdEntry", "담당"), d["assignee"]))
        if d.get("acknowledged_at"):
            items.append((QCoreApplication.translate("HouseholdEntry", "확인"), f"{d.get('acknowledged_by') or ''} {_when(d['acknowledged_at'])}"))
        if d.get("resolved_at"):
            items.append((QCoreApplication.translate("HouseholdEntry", "처리"), f"{d.get('resolved_by') or ''} {_when(d['resolved_at'])} "
                                      f"{label(Resolution, d.get('resolution'))}"))
            if d.get("resolution_note"):
                items.append((QCoreApplication.translate("HouseholdEntry", "처리 메모"), reason_text(d["resolution_note"])))
    elif e.kind == "contact":
        items += [(QCoreApplication.translate("HouseholdEntry", "연락한 사람"), d.get("actor", "")), (QCoreApplication.translate("HouseholdEntry", "방법"), label(ContactChannel, d.get("channel"))),
                  (QCoreApplication.translate("HouseholdEntry", "결과"), label(ContactOutcome, d.get("outcome")))]
        if d.get("note"):
            items.append((QCoreApplication.translate("HouseholdEntry", "메모"), d["note"]))
        if d.get("resolves"):
            items.append((QCoreApplication.translate("HouseholdEntry", "처리한 플래그"), ", ".join(f"#{i}" for i in d["resolves"])))
    else:
        items.append((QCoreApplication.translate("HouseholdEntry", "내용"), entry_text(e)))
        if e.kind == "plan" and d.get("changes"):
            items.append((QCoreApplication.translate("HouseholdEntry", "바뀐 것"), ", ".join(f"{k}={v}" for k, v in d["changes"].items())))
    return f"<h3>{_esc(title)}</h3>{_rows(items)}"
