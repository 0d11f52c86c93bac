"""Telephony errors a person (or the runner) can act on.

The split matters for safety: a RetryableCallError may be tried again later, a PermanentCallError
must not be re-dialled (the number is wrong or unreachable), and a TelephonyConfigError means
nothing will work until someone fixes the settings (credentials, geo permissions, from-number).
"""

from __future__ import annotations


class TelephonyError(Exception):
    """Base of every telephony problem; main.py prints the message and exits with exit_code."""

    exit_code = 2

    def __init__(self, message: str, *, code: int | None = None, problem: str = "",
                 params: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.code = code  # the provider's error code (e.g. Twilio 21211), when there is one
        # what is wrong, as a key the console words in the user's language (with params), e.g.
        # problem="credentials", params=(account_sid,); "" when only the English message exists
        self.problem, self.params = problem, params


class PermanentCallError(TelephonyError):
    """The number is invalid or unreachable: re-dialling will not help."""


class RetryableCallError(TelephonyError):
    """A passing problem (rate limit, provider outage, network, a recording not ready yet)."""


class TelephonyConfigError(TelephonyError):
    """Credentials, from-number or account permissions are missing or wrong."""

    exit_code = 3


class ScriptError(TelephonyError):
    """A check-in script that cannot be loaded or would not fit into one inline TwiML call."""

    exit_code = 3
