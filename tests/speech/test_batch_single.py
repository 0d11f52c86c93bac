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
