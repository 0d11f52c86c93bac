"""Check-in calls over Twilio with no webhook: place with inline TwiML, poll, fetch, delete.

Uses the unmodified twilio client (ANBU_TWILIO_BASE_URL only swaps its API base URL, for an
on-premises proxy or the test server). Safety rules, from what was checked about Twilio:
- 429 / 20429 is always safe to retry (the request was not acted on), on every request — lists
  included (twilio-python raises a plain TwilioException for a list page that is not 200);
- a timeout or 5xx on create is NOT: the call may exist, so the calls to that number from our
  number are listed and one created since the attempt began is adopted instead of dialling twice.
  "Since" is measured on Twilio's clock (from its HTTP Date header), not the PC's, so a PC clock
  that runs ahead or behind cannot hide the call; calls this gateway already knows are skipped;
- SIDs from the API are validated before they are used in a URL or a file name;
- recordings are downloaded with requests + basic auth, following redirects (the twilio HTTP
  client decodes bodies as text and would corrupt audio), checked for length, written atomically.
"""

from __future__ import annotations

import logging
import time
import wave
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TypeVar

import requests
from twilio.base.exceptions import TwilioException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from .errors import RetryableCallError, TelephonyConfigError, TelephonyError
from .gateway import FINAL_STATUSES, CallRequest, CallState, wait_until_final
from .limiter import CallRateLimiter, process_limiter
from .twilio_errors import (
    CALL_SID,
    check_call_sid,
    check_recording_sid,
    describe,
    http_details,
    map_error,
    transient,
)
from .twilio_media import RecordingTooLarge, check_wav, max_recording_bytes, media_source, recording_seconds
from .twilio_notify import TwilioNotifyMixin

log = logging.getLogger(__name__)
_T = TypeVar("_T")

_STATUS = {"in-progress": "in_progress", "no-answer": "no_answer"}
_RECORDING_GONE = {"absent", "deleted"}
# A create that failed ambiguously is looked for this long before the attempt began, on Twilio's
# clock; the PC's clock may be off by this much too when Twilio sent no Date header.
RECONCILE_SLACK = timedelta(seconds=30)
RECONCILE_SKEW_FALLBACK = timedelta(minutes=10)
# Twilio's longest call (time_limit's maximum): the recording cap when Twilio gives no duration
MAX_CALL_S = 4 * 3600.0


def map_answered_by(value: str | None) -> str | None:
    """Twilio's AMD answers (human, machine_start, machine_end_*, fax, unknown) -> ours."""
    if not value:
        return None
    if value == "human":
        return "human"
    if value.startswith("machine") or value == "fax":
        return "machine"
    return "unknown"


def mask_number(number: str) -> str:
    """Logs carry no full phone numbers of residents."""
    return number[:-4] + "****" if len(number) > 6 else "****"


class TwilioGateway(TwilioNotifyMixin):
    name = "twilio"

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str,
        *,
        base_url: str | None = None,
        limiter: CallRateLimiter | None = None,
        http_timeout_s: float = 15.0,
        poll_first_s: float = 1.0,
        poll_max_s: float = 10.0,
        recording_wait_s: float = 180.0,
        retry_attempts: int = 5,
        retry_first_s: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        messaging_service_sid: str = "",
        sms_from: str = "",
    ) -> None:
        if not (account_sid and auth_token and from_number):
            raise TelephonyConfigError("Twilio needs an account SID, an auth token and a from-number")
        # A non-empty environment keeps TWILIO_EDGE/TWILIO_REGION in os.environ from rewriting the
        # host name (the client falls back to os.environ when the mapping is empty).
        self._clock_offset: timedelta | None = None  # Twilio's clock minus the PC's, from Date headers
        self._client = Client(
            account_sid,
            auth_token,
            environment={"TWILIO_ACCOUNT_SID": account_sid},
            http_client=TwilioHttpClient(timeout=http_timeout_s, request_hooks={"response": self._note_clock}),
        )
        if base_url:
            self._client.api.base_url = base_url.rstrip("/")
        self.account_sid = account_sid
        self.from_number = from_number
        self.messaging_service_sid, self.sms_from = messaging_service_sid, sms_from
        self._basic_auth = (account_sid, auth_token)
        self._media = requests.Session()
        self._limiter = limiter or process_limiter()
        self._http_timeout_s = http_timeout_s
        self._poll_first_s, self._poll_max_s = poll_first_s, poll_max_s
        self._recording_wait_s = recording_wait_s
        self._retry_attempts, self._retry_first_s = retry_attempts, retry_first_s
        self._sleep = sleep
        self._recorded: dict[str, bool] = {}  # sid -> was recording requested
        self._time_limit: dict[str, float] = {}  # sid -> the call's time_limit: the recording cap's fallback

    def __repr__(self) -> str:  # never the token
        return f"TwilioGateway(account_sid={self.account_sid!r}, from={self.from_number!r})"

    @property
    def base_url(self) -> str:
        return self._client.api.base_url

    # -- errors, retries, Twilio's clock -------------------------------------------------------

    def _note_clock(self, response, *args, **kwargs):
        date = response.headers.get("Date")
        if date:
            try:
                self._clock_offset = parsedate_to_datetime(date) - datetime.now(UTC)
            except (TypeError, ValueError):
                pass
        return response

    def _map_error(self, exc: BaseException, what: str, to: str | None = None) -> TelephonyError:
        return map_error(exc, what, account_sid=self.account_sid, from_number=self.from_number, to=to)

    def _call(self, what: str, fn: Callable[[], _T]) -> _T:
        """An idempotent request (fetch, list, update, delete): retried on 429, 5xx, a list page
        that failed, and network errors; anything else is classified (never a raw traceback)."""
        delay, last = self._retry_first_s, None
        for attempt in range(1, self._retry_attempts + 1):
            try:
                return fn()
            except TwilioException as exc:
                if not transient(exc):
                    raise self._map_error(exc, what) from exc
                last = exc
            except requests.RequestException as exc:
                last = exc
            if attempt < self._retry_attempts:
                self._sleep(delay)
                delay = min(delay * 2, 30.0)
        raise RetryableCallError(f"Twilio did not {what} after {self._retry_attempts} tries: {describe(last)}",
                                 problem="unavailable")

    # -- placing and reconciling ----------------------------------------------------------------

    def place(self, req: CallRequest) -> str:
        kwargs: dict = dict(
            to=req.to,
            from_=self.from_number,
            twiml=req.twiml,
            record=req.record,
            machine_detection="Enable",
            async_amd="true",
            timeout=req.ring_timeout_s,
            time_limit=req.max_duration_s,
        )
        if req.record:
            kwargs.update(recording_channels="dual", trim="do-not-trim")
        delay, last = self._retry_first_s, None
        began = datetime.now(UTC)
        for attempt in range(1, self._retry_attempts + 1):
            self._limiter.acquire()
            try:
                call = self._client.calls.create(**kwargs)
            except TwilioException as exc:
                last = exc
                status, code, _msg = http_details(exc)
                if not (status == 429 or code == 20429):
                    if (status or 0) < 500:
                        raise self._map_error(exc, "place the call", req.to) from exc
                    sid = self._reconcile(req, began, exc)
                    if sid:
                        return sid
            except (requests.Timeout, requests.ConnectionError) as exc:
                last = exc
                sid = self._reconcile(req, began, exc)
                if sid:
                    return sid
            else:
                sid = check_call_sid(call.sid)
                self._recorded[sid] = req.record
                self._time_limit[sid] = req.max_duration_s
                log.info("placed call %s to %s (household %s, slot %s)", sid, mask_number(req.to),
                         req.household_id, req.slot)
                return sid
            if attempt < self._retry_attempts:
                self._sleep(delay)
                delay = min(delay * 2, 30.0)
        raise RetryableCallError(
            f"Twilio did not take the call to {req.to} after {self._retry_attempts} tries: {describe(last)}"
        )

    def _reconcile(self, req: CallRequest, began: datetime, exc: Exception) -> str | None:
        """After an ambiguous create: adopt the call if Twilio made it; None means it is safe to
        dial again. Matches To and From, a creation time since the attempt began (on Twilio's
        clock, with slack) and skips calls this gateway already placed or adopted. If the list
        itself cannot be read, nobody knows whether the call exists: raise, never re-dial."""
        try:
            candidates = self._list_calls(req.to, began - RECONCILE_SLACK)
        except TelephonyError as list_exc:
            raise RetryableCallError(
                f"Twilio did not confirm the call to {req.to} ({describe(exc)}) and the calls to that number "
                f"could not be listed ({list_exc}); it was not dialled again now — it may have been placed"
            ) from list_exc
        existing = [c for c in candidates if c.sid not in self._recorded]
        if existing:
            sid = existing[-1].sid  # the oldest since the attempt began (Twilio lists newest first)
            log.warning("create for %s failed (%s) but call %s exists: adopted it, not re-dialled",
                        mask_number(req.to), describe(exc), sid)
            self._recorded[sid] = req.record
            self._time_limit[sid] = req.max_duration_s
            return sid
        log.warning("create for %s failed (%s); no call exists, dialling again", mask_number(req.to), describe(exc))
        return None

    def _list_calls(self, to: str, since: datetime) -> list:
        """Calls to `to` from our number created at or after `since` (the PC's clock), compared on
        Twilio's clock; calls with a malformed SID are ignored."""
        calls = self._call("list calls", lambda: self._client.calls.list(to=to, from_=self.from_number, limit=200))
        offset = self._clock_offset
        cutoff = since + offset if offset is not None else since - RECONCILE_SKEW_FALLBACK
        kept = []
        for c in calls:
            if not (isinstance(c.sid, str) and CALL_SID.match(c.sid)):
                log.warning("ignored a listed call with a malformed SID")
                continue
            if getattr(c, "_from", None) not in (None, self.from_number) or c.to not in (None, to):
                continue
            if c.date_created is None or c.date_created >= cutoff.replace(microsecond=0):
                kept.append(c)
        return kept

    def find_calls(self, to: str, since: datetime) -> list[CallState]:
        return [self._state(c) for c in self._list_calls(to, since)]

    # -- polling ------------------------------------------------------------------------------

    @staticmethod
    def _state(call) -> CallState:
        status = _STATUS.get(call.status, call.status)
        return CallState(
            sid=call.sid,
            status=status,
            answered_by=map_answered_by(call.answered_by),
            duration_s=float(call.duration) if call.duration not in (None, "") else None,
            final=status in FINAL_STATUSES,
            error="Twilio reported the call as failed" if status == "failed" else None,
        )

    def poll(self, sid: str) -> CallState:
        check_call_sid(sid)
        return self._state(self._call(f"fetch call {sid}", lambda: self._client.calls(sid).fetch()))

    def wait(self, sid: str, timeout_s: float = 900, should_stop: Callable[[], bool] | None = None) -> CallState:
        return wait_until_final(self.poll, sid, timeout_s=timeout_s, should_stop=should_stop,
                                first_delay_s=self._poll_first_s, max_delay_s=self._poll_max_s, sleep=self._sleep)

    def cancel(self, sid: str) -> None:
        """End a call not yet final. A refusal (Twilio 21220: the call is no longer in progress)
        is fine when the call has ended meanwhile."""
        state = self.poll(sid)
        if state.final:
            return
        target = "canceled" if state.status in ("queued", "ringing") else "completed"
        try:
            self._call(f"end call {sid}", lambda: self._client.calls(sid).update(status=target))
        except TelephonyError as exc:  # it may have ended meanwhile
            if not self.poll(sid).final:
                raise exc

    # -- recordings ----------------------------------------------------------------------------

    def _recordings(self, sid: str) -> list:
        """The call's recordings, only those that name this call and have a well-formed SID."""
        check_call_sid(sid)
        listed = self._call(f"list recordings of {sid}", lambda: self._client.recordings.list(call_sid=sid))
        kept = []
        for rec in listed:
            if rec.call_sid != sid:
                log.warning("Twilio listed a recording of another call for %s: ignored", sid)
                continue
            check_recording_sid(rec.sid)
            kept.append(rec)
        return kept

    def fetch_recording(self, sid: str, dest_dir: Path) -> Path | None:
        """Wait for the call's recording to be completed, download it to dest_dir/<sid>.wav.
        None when the call has no recording (not answered, or recording not requested)."""
        check_call_sid(sid)
        if self._recorded.get(sid) is False:
            return None
        deadline = time.monotonic() + self._recording_wait_s
        delay = self._poll_first_s
        while True:
            recordings = self._recordings(sid)
            if recordings:
                rec = recordings[-1]
                if rec.status == "completed":
                    return self._download(sid, rec, Path(dest_dir))
                if rec.status in _RECORDING_GONE:
                    return None
                if rec.status == "failed":
                    raise TelephonyError(f"Twilio failed to record call {sid} (recording {rec.sid})")
            elif self.poll(sid).status != "completed":
                return None
            if time.monotonic() >= deadline:
                if recordings:
                    raise RetryableCallError(
                        f"the recording of call {sid} was still {recordings[-1].status} after "
                        f"{self._recording_wait_s:.0f} s; it is kept at Twilio, fetch it again later"
                    )
                log.warning("call %s completed but Twilio lists no recording", sid)
                return None
            self._sleep(min(delay, max(0.0, deadline - time.monotonic())))
            delay = min(delay * 1.5, self._poll_max_s)

    def _download(self, sid: str, rec, dest_dir: Path) -> Path:
        check_call_sid(sid)
        check_recording_sid(rec.sid)
        url, auth = media_source(rec, self.base_url, self.account_sid, self._basic_auth)
        dest_dir.mkdir(parents=True, exist_ok=True)
        dest, part = dest_dir / f"{sid}.wav", dest_dir / f"{sid}.wav.part"
        if dest.resolve().parent != dest_dir.resolve():
            raise TelephonyError(f"refused to write the recording of {sid} outside {dest_dir}")
        delay, last = self._retry_first_s, None
        for attempt in range(1, 4 + self._retry_attempts):
            try:
                with self._media.get(url, auth=auth, stream=True, allow_redirects=True,
                                     timeout=self._http_timeout_s) as resp:
                    if resp.status_code == 401:
                        raise TelephonyConfigError(f"Twilio rejected the credentials downloading {rec.sid}")
                    if resp.status_code == 429:  # not acted on: wait and ask again
                        raise requests.HTTPError("429 Too Many Requests")
                    resp.raise_for_status()
                    expected = resp.headers.get("Content-Length")
                    cap = self._recording_cap(sid, rec)
                    if expected is not None and expected.isdigit() and int(expected) > cap:
                        raise self._too_large(sid, rec, cap, f"{int(expected)} bytes announced")
                    written = 0
                    with part.open("wb") as fh:
                        for chunk in resp.iter_content(64 * 1024):  # decoded when Content-Encoding says so
                            written += len(chunk)
                            if written > cap:  # stop reading: a gzip bomb or a lie in Content-Length
                                raise self._too_large(sid, rec, cap, f"more than {cap} bytes sent")
                            fh.write(chunk)
                    received = resp.raw.tell()  # bytes as sent (compressed when gzip), like Content-Length
                if expected is not None and received != int(expected):
                    raise OSError(f"got {received} of {expected} bytes")
                channels = check_wav(part)
                if channels != 2 or rec.channels not in (None, 2):  # dual is always what place() asks for
                    part.unlink(missing_ok=True)
                    raise TelephonyError(
                        f"the recording of call {sid} has {rec.channels or channels} channel(s), 2 were expected "
                        "(the resident's voice must be on its own channel); it was kept at Twilio")
                part.replace(dest)
                log.info("downloaded recording %s of call %s (%d bytes)", rec.sid, sid, dest.stat().st_size)
                return dest
            except RecordingTooLarge:
                part.unlink(missing_ok=True)
                raise
            except (requests.RequestException, OSError, wave.Error, EOFError) as exc:
                last = exc
                part.unlink(missing_ok=True)
            if attempt < 3 + self._retry_attempts:
                self._sleep(delay)
                delay = min(delay * 2, 30.0)
        raise RetryableCallError(
            f"the recording of call {sid} could not be downloaded whole ({describe(last)}); "
            "the copy at Twilio was kept"
        )

    def _recording_cap(self, sid: str, rec) -> int:
        """The byte cap for this recording: by its own duration, else its call's, else the time
        limit this gateway placed it with, else Twilio's longest call (a dual-channel WAV at up to
        48 kHz, with margin)."""
        durations: list[object] = [getattr(rec, "duration", None)]
        if recording_seconds(*durations, fallback_s=-1.0) < 0:
            durations.append(self.poll(sid).duration_s)
        fallback = float(self._time_limit.get(sid, MAX_CALL_S))
        return max_recording_bytes(recording_seconds(*durations, fallback_s=fallback))

    @staticmethod
    def _too_large(sid: str, rec, cap: int, what: str) -> RecordingTooLarge:
        return RecordingTooLarge(
            f"the recording {rec.sid} of call {sid} is larger than a call of its length can be ({what}, "
            f"at most {cap} bytes expected); it was not downloaded and was kept at Twilio")

    def delete_recording(self, sid: str) -> None:
        check_call_sid(sid)
        for rec in self._recordings(sid):
            try:
                self._call(f"delete recording {rec.sid}", lambda r=rec: self._client.recordings(r.sid).delete())
            except TelephonyError as exc:
                if exc.code != 20404:
                    raise
        log.info("deleted the remote recording(s) of call %s", sid)

    # -- settings' "test connection" -----------------------------------------------------------

    def check_account(self) -> str:
        """Fetch the account: proves SID, token and base URL work. Returns its name and status."""
        acct = self._call("fetch the account", lambda: self._client.api.v2010.accounts(self.account_sid).fetch())
        return f"{acct.friendly_name} ({acct.status})"
