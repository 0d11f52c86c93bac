"""TwilioGateway under faults the fake can now play: failing and split list pages, a clock that
runs ahead or behind, refused cancels, odd recordings and a hostile endpoint. Every request is
also held against Twilio's OpenAPI description by the fake_twilio fixture."""

from __future__ import annotations

import pytest
import requests

from telephony.errors import RetryableCallError, TelephonyConfigError, TelephonyError
from telephony.twilio_gateway import TwilioGateway
from tests.fixtures.telephony import ACCOUNT_SID, API, AUTH_TOKEN
from tests.telephony.test_twilio_gateway import gateway, request


def answered_call(fake, gw: TwilioGateway, to: str, behaviour: str = "answered") -> str:
    fake.script(to, behaviour)
    sid = gw.place(request(to))
    assert gw.wait(sid, timeout_s=5).status == "completed"
    return sid


def test_a_429_then_a_500_on_the_recordings_list_is_retried_not_a_traceback(fake_twilio, tmp_path):
    gw = gateway(fake_twilio)
    sid = answered_call(fake_twilio, gw, "+821022220001")
    fake_twilio.fail_lists("recordings", 429, 500)
    path = gw.fetch_recording(sid, tmp_path)
    assert path is not None and path.read_bytes() == fake_twilio.media


def test_a_list_that_keeps_failing_is_a_retryable_error_naming_it(fake_twilio, tmp_path):
    gw = gateway(fake_twilio, retry_attempts=2)
    sid = answered_call(fake_twilio, gw, "+821022220002")
    fake_twilio.fail_lists("recordings", 503, 503)
    with pytest.raises(RetryableCallError, match="list recordings"):
        gw.fetch_recording(sid, tmp_path)


def test_a_401_on_a_list_page_is_a_configuration_error(fake_twilio):
    gw = gateway(fake_twilio)
    fake_twilio.fail_lists("calls", 401)
    with pytest.raises(TelephonyConfigError, match="credentials"):
        gw.find_calls("+821022220003", __import__("datetime").datetime.now(__import__("datetime").UTC))


def test_500_on_create_then_429_on_the_reconcile_list_adopts_the_call_once(fake_twilio):
    to = fake_twilio.script("+821022220004", "500-on-create")
    fake_twilio.fail_lists("calls", 429)
    gw = gateway(fake_twilio)
    sid = gw.place(request(to))
    assert [c.sid for c in fake_twilio.calls_to(to)] == [sid]


def test_500_on_create_and_the_list_never_answers_does_not_dial_again(fake_twilio):
    to = fake_twilio.script("+821022220005", "500-on-create")
    fake_twilio.fail_lists("calls", *[500] * 5)
    gw = gateway(fake_twilio)
    with pytest.raises(RetryableCallError, match="may have been placed"):
        gw.place(request(to))
    assert len(fake_twilio.calls_to(to)) == 1  # the one the 500 hid; never a second


@pytest.mark.parametrize("offset_s", [-300, -5, 5, 300])
def test_reconcile_finds_the_call_whatever_the_clock_skew(fake_twilio, offset_s):
    """The PC 5 s ahead of Twilio used to dial twice after one 500 (and 5 min either way)."""
    fake_twilio.clock_offset_s = offset_s
    to = fake_twilio.script(f"+8210222201{abs(offset_s) % 100:02d}{int(offset_s > 0)}", "500-on-create")
    gw = gateway(fake_twilio)
    sid = gw.place(request(to))
    assert [c.sid for c in fake_twilio.calls_to(to)] == [sid]


def test_reconcile_does_not_adopt_a_call_this_gateway_already_placed(fake_twilio):
    to = "+821022220006"
    gw = gateway(fake_twilio)
    first = answered_call(fake_twilio, gw, to)
    fake_twilio.script(to, "500-on-create")
    second = gw.place(request(to, attempt_no=2))
    assert second != first
    assert len(fake_twilio.calls_to(to)) == 2


def test_reconcile_matches_our_from_number_only(fake_twilio):
    to = fake_twilio.script("+821022220007", "500-on-create")
    requests.post(f"{fake_twilio.base_url}{API}/Calls.json", auth=(ACCOUNT_SID, AUTH_TOKEN),
                  data={"To": to, "From": "+15005550009", "Twiml": "<Response/>"}, timeout=5)
    fake_twilio.script(to, "500-on-create")
    gw = gateway(fake_twilio)
    sid = gw.place(request(to))
    assert fake_twilio.calls[sid].from_ == gw.from_number


def test_lists_split_over_pages_are_read_whole(fake_twilio):
    to = "+821022220008"
    fake_twilio.script(to, "busy")
    gw = gateway(fake_twilio)
    sids = {gw.place(request(to, attempt_no=n)) for n in range(1, 4)}
    fake_twilio.page_size = 1
    since = __import__("datetime").datetime.now(__import__("datetime").UTC).replace(year=2020)
    assert {c.sid for c in gw.find_calls(to, since)} == sids
    assert sum(1 for _, m, p in fake_twilio.requests if m == "GET" and p.endswith("/Calls.json")) >= 3


def test_cancel_of_a_call_that_already_ended_is_refused_and_that_is_fine(fake_twilio):
    gw = gateway(fake_twilio)
    sid = answered_call(fake_twilio, gw, "+821022220009")
    gw.cancel(sid)  # final: no update is sent
    with pytest.raises(TelephonyError, match="21220"):
        gw._call("end call", lambda: gw._client.calls(sid).update(status="canceled"))


def test_13224_is_retried_later_not_a_permanently_bad_number(fake_twilio):
    to = fake_twilio.script("+821022220010", "carrier-13224")
    with pytest.raises(RetryableCallError, match="13224") as err:
        gateway(fake_twilio).place(request(to))
    assert err.value.code == 13224


@pytest.mark.parametrize(("number", "country"), [("+14155550100", "United States (+1)"),
                                                 ("+821022220011", "South Korea (+82)")])
def test_21215_names_the_country_that_was_dialled(fake_twilio, number, country):
    to = fake_twilio.script(number, "geo")
    with pytest.raises(TelephonyConfigError, match=r"Geo") as err:
        gateway(fake_twilio).place(request(to))
    assert country in str(err.value)
    assert "Korea" not in str(err.value) or "Korea" in country


def test_a_gzip_compressed_download_is_whole(fake_twilio, tmp_path):
    gw = gateway(fake_twilio)
    sid = answered_call(fake_twilio, gw, "+821022220012", "gzip-media")
    path = gw.fetch_recording(sid, tmp_path)
    assert path.read_bytes() == fake_twilio.media


def test_a_mono_recording_is_refused_and_kept_at_twilio(fake_twilio, tmp_path):
    gw = gateway(fake_twilio)
    sid = answered_call(fake_twilio, gw, "+821022220013", "mono-recording")
    with pytest.raises(TelephonyError, match="1 channel"):
        gw.fetch_recording(sid, tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert not fake_twilio.recordings[fake_twilio.calls[sid].recording_sid].deleted


def test_a_recording_of_another_call_is_ignored(fake_twilio, tmp_path):
    gw = gateway(fake_twilio, recording_wait_s=0.2)
    sid = answered_call(fake_twilio, gw, "+821022220014", "foreign-recording")
    assert gw.fetch_recording(sid, tmp_path) is None
    assert list(tmp_path.iterdir()) == []


def test_external_media_url_is_used_without_sending_the_token(fake_twilio, tmp_path):
    gw = gateway(fake_twilio)
    sid = answered_call(fake_twilio, gw, "+821022220015", "external-media")
    path = gw.fetch_recording(sid, tmp_path)
    assert path.read_bytes() == fake_twilio.media
    assert fake_twilio.external_auth == [None]


def test_a_hostile_call_sid_is_refused_and_nothing_is_written(fake_twilio, tmp_path):
    to = fake_twilio.script("+821022220016", "hostile-sid")
    gw = gateway(fake_twilio)
    with pytest.raises(TelephonyConfigError, match="malformed call SID"):
        gw.place(request(to))
    with pytest.raises(TelephonyConfigError, match="malformed call SID"):
        gw.fetch_recording("CA../../../escaped", tmp_path)
    assert list(tmp_path.iterdir()) == []
    # the OpenAPI check saw it too: Twilio's description says ^CA[0-9a-fA-F]{32}$
    assert any("does not match" in p for p in fake_twilio.spec_problems)
    fake_twilio.spec_problems.clear()


def test_the_spec_check_catches_a_request_twilio_would_refuse(fake_twilio):
    requests.post(f"{fake_twilio.base_url}{API}/Calls.json", auth=(ACCOUNT_SID, AUTH_TOKEN),
                  data={"To": "+821022220017", "From": "+15005550006", "Twiml": "<Response/>",
                        "RecordingChannels": "stereo", "Bogus": "1"}, timeout=5)
    problems = list(fake_twilio.spec_problems)
    fake_twilio.spec_problems.clear()
    assert any("RecordingChannels" in p for p in problems) and any("Bogus" in p for p in problems)


# ---- a recording larger than its call can be (issue 11 item 10 follow-up) -------------------

def _refused_as_too_large(fake_twilio, gw, sid, tmp_path) -> None:
    with pytest.raises(TelephonyError, match="larger than a call of its length") as err:
        gw.fetch_recording(sid, tmp_path)
    assert "kept at Twilio" in str(err.value)
    assert not isinstance(err.value, RetryableCallError)  # the same bytes would come again
    assert list(tmp_path.iterdir()) == []  # nothing half written
    assert not fake_twilio.recordings[fake_twilio.calls[sid].recording_sid].deleted


def test_a_400_mb_recording_claimed_for_a_42_s_call_is_refused_before_reading(fake_twilio, tmp_path):
    gw = gateway(fake_twilio)
    sid = answered_call(fake_twilio, gw, "+821022220031", "oversized-media")
    _refused_as_too_large(fake_twilio, gw, sid, tmp_path)


@pytest.mark.parametrize("behaviour,options", [
    ("oversized-media", {"announce": False}),  # no Content-Length: counted while streaming
    ("gzip-bomb", {"claimed_bytes": 100 * 1024 * 1024}),  # a few kB that decode to 100 MB
])
def test_an_unannounced_oversized_recording_stops_at_the_cap(fake_twilio, tmp_path, behaviour, options):
    import resource

    gw = gateway(fake_twilio)
    sid = answered_call(fake_twilio, gw, "+821022220032", behaviour)
    fake_twilio.script("+821022220032", behaviour, **options)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _refused_as_too_large(fake_twilio, gw, sid, tmp_path)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024  # Linux: kB
    assert grown_mb < 64  # streamed: nothing near the claimed size was held


def test_the_download_cap_is_the_speech_layers_cap():
    from speech.audio import max_wav_bytes
    from telephony.twilio_media import max_recording_bytes

    for seconds in (0, 1, 42, 42.5, 300, 14400):
        assert max_recording_bytes(seconds) == max_wav_bytes(seconds)


def test_a_recording_of_its_calls_length_still_downloads(fake_twilio, tmp_path):
    gw = gateway(fake_twilio)
    sid = answered_call(fake_twilio, gw, "+821022220033", "gzip-media")
    assert gw.fetch_recording(sid, tmp_path).read_bytes() == fake_twilio.media


def test_without_any_duration_from_twilio_the_cap_is_the_calls_own_time_limit(fake_twilio, tmp_path):
    gw = gateway(fake_twilio)
    to = fake_twilio.script("+821022220034", "oversized-media", duration=None, claimed_bytes=80 * 1024 * 1024)
    sid = gw.place(request(to))  # time_limit 300 s: at most ~64 MB, so an 80 MB body is refused
    assert gw.wait(sid, timeout_s=5).status == "completed"
    _refused_as_too_large(fake_twilio, gw, sid, tmp_path)
