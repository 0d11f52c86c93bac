"""Check-in calls over Twilio with no webhook: place with inline TwiML, poll, fetch, delete.

Uses the unmodified twilio client (ANBU_TWILIO_BASE_URL only swaps its API base URL, for an
on-premises proxy or the test server). Safety rules, from what was checked about Twilio:
- 429 / 20429 is always safe to retry (the request was not acted on);
- a timeout or 5xx on create is NOT: the call may exist, so recent calls to that number are listed
  first and an existing call is adopted instead of dialling twice;
- recordings are downloaded with requests + basic auth, following redirects (the twilio HTTP
  client decodes bodies as text and would corrupt audio), checked for length, written atomically.
"""

from __future__ import annotations

import logging
import time
import wave
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from .errors import PermanentCallError, RetryableCallError, TelephonyConfigError, TelephonyError
from .gateway import FINAL_STATUSES, CallRequest, CallState, wait_until_final
from .limiter import CallRateLimiter, process_limiter

log = logging.getLogger(__name__)

_STATUS = {"in-progress": "in_progress", "no-answer": "no_answer"}
_BAD_NUMBER = {
    21211: "is not a valid phone number",
    21214: "cannot be reached",
    13224: "is not a valid, dialable number",
    21217: "is not a valid phone number",
}
_RECORDING_GONE = {"absent", "deleted"}


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


class TwilioGateway:
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
    ) -> None:
        if not (account_sid and auth_token and from_number):
            raise TelephonyConfigError("Twilio needs an account SID, an auth token and a from-number")
        # A non-empty environment keeps TWILIO_EDGE/TWILIO_REGION in os.environ from rewriting the
        # host name (the client falls back to os.environ when the mapping is empty).
        self._client = Client(
            account_sid,
            auth_token,
            environment={"TWILIO_ACCOUNT_SID": account_sid},
            http_client=TwilioHttpClient(timeout=http_timeout_s),
        )
        if base_url:
            self._client.api.base_url = base_url.rstrip("/")
        self.account_sid = account_sid
        self.from_number = from_number
        self._basic_auth = (account_sid, auth_token)
        self._media = requests.Session()
        self._limiter = limiter or process_limiter()
        self._http_timeout_s = http_timeout_s
        self._poll_first_s, self._poll_max_s = poll_first_s, poll_max_s
        self._recording_wait_s = recording_wait_s
        self._retry_attempts, self._retry_first_s = retry_attempts, retry_first_s
        self._sleep = sleep
        self._recorded: dict[str, bool] = {}  # sid -> was recording requested

    def __repr__(self) -> str:  # never the token
        return f"TwilioGateway(account_sid={self.account_sid!r}, from={self.from_number!r})"

    @property
    def base_url(self) -> str:
        return self._client.api.base_url

    # -- errors and retries ---------------------------------------------------------------------

    def _map_error(self, exc: TwilioRestException, what: str, to: str | None = None) -> TelephonyError:
        code, msg = exc.code, exc.msg
        if code in _BAD_NUMBER and to:
            return PermanentCallError(f"Twilio refused the number {to}: it {_BAD_NUMBER[code]} ({code})", code=code)
        if code == 21215:
            return TelephonyConfigError(
                f"Twilio may not call {to or 'this number'}: the account's voice Geo Permissions do not "
                "allow it — enable Korea (+82) under Voice > Settings > Geo permissions in the Twilio "
                "Console (21215)",
                code=code,
            )
        if code == 20003 or exc.status == 401:
            return TelephonyConfigError(
                f"Twilio rejected the credentials for account {self.account_sid} ({code or 401}): check "
                "the account SID in Settings and the auth token (OS keyring or TWILIO_AUTH_TOKEN)",
                code=code,
            )
        if code in (21210, 21212, 21606):
            return TelephonyConfigError(
                f"Twilio will not call from {self.from_number} ({code}): set a from-number owned by or "
                "verified on the account in Settings",
                code=code,
            )
        if exc.status == 429 or code == 20429 or (exc.status or 0) >= 500:
            return RetryableCallError(f"Twilio could not {what} for now ({exc.status}, {code}): {msg}", code=code)
        return TelephonyError(f"Twilio refused to {what} ({exc.status}, {code}): {msg}", code=code)

    @staticmethod
    def _rate_limited(exc: TwilioRestException) -> bool:
        return exc.status == 429 or exc.code == 20429

    def _call(self, what: str, fn: Callable[[], object]) -> object:
        """An idempotent request (fetch, list, delete): retried on 429, 5xx and network errors."""
        delay, last = self._retry_first_s, None
        for attempt in range(1, self._retry_attempts + 1):
            try:
                return fn()
            except TwilioRestException as exc:
                if not (self._rate_limited(exc) or (exc.status or 0) >= 500):
                    raise self._map_error(exc, what) from exc
                last = exc
            except requests.RequestException as exc:
                last = exc
            if attempt < self._retry_attempts:
                self._sleep(delay)
                delay = min(delay * 2, 30.0)
        raise RetryableCallError(f"Twilio did not {what} after {self._retry_attempts} tries: {_describe(last)}")

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
        for attempt in range(1, self._retry_attempts + 1):
            self._limiter.acquire()
            since = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=2)
            try:
                call = self._client.calls.create(**kwargs)
            except TwilioRestException as exc:
                last = exc
                if not self._rate_limited(exc):
                    if (exc.status or 0) < 500:
                        raise self._map_error(exc, "place the call", req.to) from exc
                    sid = self._reconcile(req, since, exc)
                    if sid:
                        return sid
            except (requests.Timeout, requests.ConnectionError) as exc:
                last = exc
                sid = self._reconcile(req, since, exc)
                if sid:
                    return sid
            else:
                self._recorded[call.sid] = req.record
                log.info("placed call %s to %s (household %s, slot %s)", call.sid, mask_number(req.to),
                         req.household_id, req.slot)
                return call.sid
            if attempt < self._retry_attempts:
                self._sleep(delay)
                delay = min(delay * 2, 30.0)
        raise RetryableCallError(
            f"Twilio did not take the call to {req.to} after {self._retry_attempts} tries: {_describe(last)}"
        )

    def _reconcile(self, req: CallRequest, since: datetime, exc: Exception) -> str | None:
        """After an ambiguous create: adopt the call if Twilio made it; None means it is safe to
        dial again."""
        existing = [c for c in self._list_calls(req.to, since) if getattr(c, "_from", None) in (None, self.from_number)]
        if existing:
            sid = existing[-1].sid  # the oldest since `since` (Twilio lists newest first)
            log.warning("create for %s failed (%s) but call %s exists: adopted it, not re-dialled",
                        mask_number(req.to), _describe(exc), sid)
            self._recorded[sid] = req.record
            return sid
        log.warning("create for %s failed (%s); no call exists, dialling again", mask_number(req.to), _describe(exc))
        return None

    def _list_calls(self, to: str, since: datetime) -> list:
        calls = self._call("list calls", lambda: self._client.calls.list(to=to, limit=50))
        return [c for c in calls if c.date_created is None or c.date_created >= since]

    def find_calls(self, to: str, since: datetime) -> list[CallState]:
        return [self._state(c) for c in self._list_calls(to, since)]

    # -- polling ------------------------------------------------------------------------------

    @staticmethod
    def _state(call) -> CallState:  # noqa: ANN001 - twilio CallInstance
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
        return self._state(self._call(f"fetch call {sid}", lambda: self._client.calls(sid).fetch()))

    def wait(self, sid: str, timeout_s: float = 900, should_stop: Callable[[], bool] | None = None) -> CallState:
        return wait_until_final(self.poll, sid, timeout_s=timeout_s, should_stop=should_stop,
                                first_delay_s=self._poll_first_s, max_delay_s=self._poll_max_s, sleep=self._sleep)

    def cancel(self, sid: str) -> None:
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
        return self._call(f"list recordings of {sid}", lambda: self._client.recordings.list(call_sid=sid))

    def fetch_recording(self, sid: str, dest_dir: Path) -> Path | None:
        """Wait for the call's recording to be completed, download it to dest_dir/<sid>.wav.
        None when the call has no recording (not answered, or recording not requested)."""
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

    def _download(self, sid: str, rec, dest_dir: Path) -> Path:  # noqa: ANN001
        url = self.base_url.rstrip("/") + rec.uri.removesuffix(".json") + ".wav"
        dest_dir.mkdir(parents=True, exist_ok=True)
        dest, part = dest_dir / f"{sid}.wav", dest_dir / f"{sid}.wav.part"
        delay, last = self._retry_first_s, None
        for attempt in range(1, 4):
            try:
                with self._media.get(url, auth=self._basic_auth, stream=True, allow_redirects=True,
                                     timeout=self._http_timeout_s) as resp:
                    if resp.status_code == 401:
                        raise TelephonyConfigError(f"Twilio rejected the credentials downloading {rec.sid}")
                    resp.raise_for_status()
                    expected = resp.headers.get("Content-Length")
                    with part.open("wb") as fh:
                        for chunk in resp.iter_content(64 * 1024):
                            fh.write(chunk)
                size = part.stat().st_size
                if expected is not None and size != int(expected):
                    raise OSError(f"got {size} of {expected} bytes")
                _check_wav(part)
                part.replace(dest)
                log.info("downloaded recording %s of call %s (%d bytes)", rec.sid, sid, size)
                return dest
            except (requests.RequestException, OSError, wave.Error, EOFError) as exc:
                last = exc
                part.unlink(missing_ok=True)
            if attempt < 3:
                self._sleep(delay)
                delay *= 2
        raise RetryableCallError(
            f"the recording of call {sid} could not be downloaded whole ({_describe(last)}); "
            "the copy at Twilio was kept"
        )

    def delete_recording(self, sid: str) -> None:
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


def _check_wav(path: Path) -> None:
    """A whole WAV: readable header and as many frame bytes as it announces."""
    with wave.open(str(path), "rb") as w:
        needed = w.getnframes() * w.getnchannels() * w.getsampwidth()
    if path.stat().st_size < needed + 44:
        raise OSError(f"{path.name} is shorter than its header says")


def _describe(exc: BaseException | None) -> str:
    if isinstance(exc, TwilioRestException):
        return f"HTTP {exc.status}, error {exc.code}: {exc.msg}"
    return f"{type(exc).__name__}: {exc}" if exc else "no answer"
