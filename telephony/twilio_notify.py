"""SMS and notification calls over Twilio (mixed into TwilioGateway), with no webhook.

- SMS: Messages create with `MessagingServiceSid` when one is set, else `From`; a 429 is retried
  (not acted on); anything ambiguous (timeout, 5xx) raises RetryableCallError and the caller
  reconciles by listing messages before it sends again — never twice.
- Replies ("1 <code>") and reconciliation: Messages list (`DateSent>`), newest first.
- A notification call is a call like a check-in (inline TwiML, recorded dual-channel, async AMD);
  the keypad digit is read offline from its recording.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any

import requests
from twilio.base.exceptions import TwilioException

from .errors import RetryableCallError
from .gateway import CallRequest
from .notify import NotifyCallRequest, SmsMessage, SmsRequest
from .twilio_errors import describe, http_details

log = logging.getLogger(__name__)
MESSAGE_SID = re.compile(r"^(SM|MM)[0-9a-fA-F]{32}$")


class TwilioNotifyMixin:
    messaging_service_sid: str = ""
    sms_from: str = ""

    def send_sms(self, req: SmsRequest) -> str:
        kwargs: dict[str, Any] = {"to": req.to, "body": req.body}
        if self.messaging_service_sid:
            kwargs["messaging_service_sid"] = self.messaging_service_sid
        else:
            kwargs["from_"] = self.sms_from or self.from_number  # type: ignore[attr-defined]
        delay, last = self._retry_first_s, None  # type: ignore[attr-defined]
        for attempt in range(1, self._retry_attempts + 1):  # type: ignore[attr-defined]
            try:
                msg = self._client.messages.create(**kwargs)  # type: ignore[attr-defined]
            except TwilioException as exc:
                status, code, _ = http_details(exc)
                if not (status == 429 or code == 20429):
                    if (status or 0) < 500:
                        raise self._map_error(exc, "send the SMS", req.to) from exc  # type: ignore[attr-defined]
                    raise RetryableCallError(f"Twilio did not confirm the SMS to {req.to} ({describe(exc)}); "
                                             "it may have been sent: list messages before sending again") from exc
                last = exc
            except (requests.Timeout, requests.ConnectionError) as exc:
                raise RetryableCallError(f"Twilio did not confirm the SMS to {req.to} ({describe(exc)}); "
                                         "it may have been sent: list messages before sending again") from exc
            else:
                if not (isinstance(msg.sid, str) and MESSAGE_SID.match(msg.sid)):
                    raise RetryableCallError(f"Twilio answered the SMS to {req.to} with a malformed SID")
                log.info("sent SMS %s (flag %s, step %s)", msg.sid, req.flag_id, req.step)
                return msg.sid
            if attempt < self._retry_attempts:  # type: ignore[attr-defined]
                self._sleep(delay)  # type: ignore[attr-defined]
                delay = min(delay * 2, 30.0)
        raise RetryableCallError(f"Twilio did not take the SMS to {req.to}: {describe(last)}")

    def list_messages(self, *, since: datetime, to: str | None = None, from_: str | None = None) -> list[SmsMessage]:
        kwargs: dict[str, Any] = {"date_sent_after": since, "limit": 200}
        if to:
            kwargs["to"] = to
        if from_:
            kwargs["from_"] = from_
        listed = self._call("list messages", lambda: self._client.messages.list(**kwargs))  # type: ignore[attr-defined]
        out = []
        for m in listed:
            if not (isinstance(m.sid, str) and MESSAGE_SID.match(m.sid)):
                log.warning("ignored a listed message with a malformed SID")
                continue
            direction = "inbound" if str(m.direction or "").startswith("inbound") else "outbound"
            out.append(SmsMessage(m.sid, m.to or "", m.from_ or "", m.body or "", direction, str(m.status or ""),
                                  m.date_sent or m.date_created))
        return out

    def place_notification(self, req: NotifyCallRequest) -> str:
        return self.place(CallRequest(  # type: ignore[attr-defined]
            to=req.to, twiml=req.twiml, household_id=0, slot=f"notify:{req.flag_id}:{req.step}",
            ring_timeout_s=req.ring_timeout_s, max_duration_s=req.max_duration_s, record=req.record))
