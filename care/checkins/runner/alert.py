"""The runner's one alert: a problem no retry can fix (wrong Twilio credentials, a from-number the
account does not own, a country the account may not call). It lives in app_setting
"runner.alert" — one row, so one alert however many calls hit it — and stays until the line
settings are saved again or a call goes through. The console and `runner` show it; the slots it
stopped were put back as they were, so they are dialled once the runner runs again, and no
missed-check-in flag comes from it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from storage.models import AppSetting

ALERT_KEY = "runner.alert"


def raise_alert(session: Session, kind: str, message: str, now: datetime, **detail) -> bool:
    """Set the alert (kind + message). Returns True when it is new (not already raised)."""
    row = session.get(AppSetting, ALERT_KEY)
    value = {"kind": kind, "message": message, "at": now.isoformat(), **detail}
    if row is None:
        session.add(AppSetting(key=ALERT_KEY, value=value))
        return True
    new = not row.value or row.value.get("kind") != kind or row.value.get("message") != message
    if new:
        row.value = value
    return new


def current_alert(session: Session) -> dict | None:
    row = session.get(AppSetting, ALERT_KEY)
    return dict(row.value) if row is not None and row.value else None


def clear_alert(session: Session) -> None:
    row = session.get(AppSetting, ALERT_KEY)
    if row is not None and row.value:
        row.value = {}
