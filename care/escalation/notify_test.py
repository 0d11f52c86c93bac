"""`notify test`: one harmless SMS through the configured line (or the simulated one), so the
office can check the number and the sender before a night depends on them."""

from __future__ import annotations

from care import audit
from care.checkins.line import gateway_from_settings
from care.errors import AnbuError
from care.households.phones import PhoneError, normalize_phone
from storage.db import Database
from telephony.notify import NotifyGateway, SmsRequest

TEST_BODY = "[안부] 알림 시험 문자입니다. 회신하지 않으셔도 됩니다."


def send_test(db: Database, to: str, *, simulated: bool, actor: str) -> dict[str, str]:
    try:
        e164 = normalize_phone(to)
    except PhoneError as exc:
        raise AnbuError(f"--to {to!r}: {exc}") from None
    gateway = gateway_from_settings(db, simulated=simulated)
    if not isinstance(gateway, NotifyGateway):
        raise AnbuError(f"the line {gateway.name} cannot send SMS")
    sid = gateway.send_sms(SmsRequest(e164, TEST_BODY))
    with db.session() as s:
        audit.record(s, actor, "notify_test", "notification", None, {"to": e164, "sid": sid, "line": gateway.name})
    return {"to": e164, "sid": sid, "line": gateway.name, "body": TEST_BODY}
