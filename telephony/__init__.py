"""Placing check-in calls and polling them, with no webhook: Twilio or a simulated line.

No database, no Qt: care/ composes these parts with the settings (care/checkins/line.py).
"""

from .errors import PermanentCallError, RetryableCallError, TelephonyConfigError, TelephonyError
from .gateway import CallGateway, CallRequest, CallState

__all__ = [
    "CallGateway",
    "CallRequest",
    "CallState",
    "PermanentCallError",
    "RetryableCallError",
    "TelephonyConfigError",
    "TelephonyError",
]
