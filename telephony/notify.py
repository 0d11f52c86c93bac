"""Notifications through the call gateways: SMS (Twilio's Messages API) and a notification call
(inline TwiML: a short message, "press 1 to take this alert"; the digit is read offline from the
recording, as check-ins are). No webhook: replies are read by listing messages, calls by polling.

Both gateways (TwilioGateway, SimulatedGateway) implement NotifyGateway beside CallGateway. No DB.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from .gateway import CallState


@dataclass(frozen=True)
class SmsRequest:
    to: str  # E.164
    body: str
    flag_id: int | None = None  # for the simulated ledger and logs; never sent
    step: int | None = None


@dataclass(frozen=True)
class SmsMessage:
    sid: str
    to: str
    from_: str
    body: str
    direction: str  # "inbound" | "outbound"
    status: str
    created: datetime | None


@dataclass(frozen=True)
class NotifyCallRequest:
    to: str
    twiml: str
    flag_id: int | None = None
    step: int | None = None
    ring_timeout_s: int = 30
    max_duration_s: int = 120
    record: bool = True  # the keypad digit is read from the recording


@runtime_checkable
class NotifyGateway(Protocol):
    name: str

    def send_sms(self, req: SmsRequest) -> str: ...

    def list_messages(self, *, since: datetime, to: str | None = None, from_: str | None = None) -> list[SmsMessage]: ...

    def place_notification(self, req: NotifyCallRequest) -> str: ...

    def poll(self, sid: str) -> CallState: ...

    def find_calls(self, to: str, since: datetime) -> list[CallState]: ...

    def fetch_recording(self, sid: str, dest_dir: Path) -> Path | None: ...

    def delete_recording(self, sid: str) -> None: ...


REPLIES = ("acknowledged", "no_answer", "machine")  # the simulated line's seeded replies


def notify_twiml(say_before: str, say_after: str = "", *, pause_s: int = 6, voice: str = "Polly.Seoyeon",
                 language: str = "ko-KR") -> str:
    """Inline TwiML of a notification call: a short message, a pause in which the key is pressed
    (read offline from the recording, no <Gather>: inline TwiML has no action URL), a closing."""
    from twilio.twiml.voice_response import VoiceResponse

    response = VoiceResponse()
    response.say(say_before, language=language, voice=voice)
    response.pause(length=pause_s)
    if say_after:
        response.say(say_after, language=language, voice=voice)
    return str(response)
