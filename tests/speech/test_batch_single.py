"""transcribe_batch with one worker runs in this process (no pool to spawn, the session's model):
order, progress, errors in place and cancellation behave as with the pool."""

from __future__ import annotations

from speech.batch import transcribe_batch
from speech.errors import AudioFileError, ModelError, TranscriptionCancelled
from speech.transcribe import Transcript


def test_single_worker_batch_progress_errors_and_cancel(shared_speech_ko, vosk_model_path, tmp_path):
    clip = shared_speech_ko / "lmy02242.wav"
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    seen: list[tuple[int, float]] = []
    results = transcribe_batch(
        [clip, empty, clip, clip],
        workers=1,
        model_path=vosk_model_path,
        progress=lambda n, s: seen.append((n, s)),
        should_cancel=lambda: len(seen) >= 3,
    )
    assert isinstance(results[0], Transcript) and isinstance(results[2], Transcript)
    assert isinstance(results[1], AudioFileError) and "empty file" in str(results[1])
    assert isinstance(results[3], TranscriptionCancelled) and str(clip) in str(results[3])
    assert [n for n, _ in seen] == [1, 2, 3]
    assert abs(seen[-1][1] - 2 * results[0].duration_s) < 0.01


def test_a_bad_model_stops_the_batch_at_once(tmp_path, shared_speech_ko):
    try:
        transcribe_batch([shared_speech_ko / "lmy02242.wav"] * 3, workers=2, model_path=tmp_path)
    except ModelError as exc:
        assert "not a Vosk model directory" in str(exc)
    else:
        raise AssertionError("expected ModelError")


def test_bad_files_are_refused_before_the_model_is_loaded(shared_speech_ko, tmp_path):
    """Issue 10 item 12: a non-WAV file used to wait ~40 s for the model before being refused."""
    from speech.batch import STAGE_CHECKING, STAGE_LOADING_MODEL

    text = tmp_path / "notes.txt.wav"
    text.write_text("not a recording", encoding="utf-8")
    stages: list[str] = []
    seen: list[int] = []
    # a model directory that does not exist: loading it would raise ModelError
    results = transcribe_batch([text, tmp_path], workers=1, model_path=tmp_path / "no-model",
                               status=stages.append, progress=lambda n, s: seen.append(n))
    assert [type(r) for r in results] == [AudioFileError, AudioFileError]
    assert "not a WAV file" in str(results[0]) and "directory" in str(results[1])
    assert stages == [STAGE_CHECKING] and STAGE_LOADING_MODEL not in stages
    assert seen == [1, 2]


def test_the_stages_name_the_model_load_for_a_progress_dialog(shared_speech_ko, vosk_model_path, tmp_path, db):
    from care.checkins.transcription import (
        STAGE_CHECKING,
        STAGE_LOADING_MODEL,
        STAGE_TRANSCRIBING,
        transcribe_files,
    )

    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    stages: list[str] = []
    fractions: list[float] = []
    out = transcribe_files(db, [str(bad), str(shared_speech_ko / "lmy02242.wav")], status=stages.append,
                           progress=fractions.append)
    assert stages == [STAGE_CHECKING, STAGE_LOADING_MODEL, STAGE_TRANSCRIBING]
    assert fractions[0] == 0.5  # the bad file is reported before the model loads
    assert [r.ok for r in out] == [False, True] and "bad.wav" in out[0].text
