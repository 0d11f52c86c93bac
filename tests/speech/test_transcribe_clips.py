"""The real clips, clean and through the telephone simulation, decoded ONCE by the batch pool
(module fixture); several tests read the results: CER against the plain-loop baseline in
manifest.tsv, order/progress/errors of the batch, words and texts, the confidence verdicts."""

from __future__ import annotations

import numpy as np
import pytest

from speech.audio import read_wav
from speech.batch import TranscriptionPool
from speech.errors import AudioFileError, TranscriptionCancelled
from speech.textnorm import is_junk
from speech.transcribe import Transcript
from tests.speech.phone import cer_chars, pooled_cer, simulate_telephone, write_wav

# Its own budget (issue 12): all 44 clips clean + telephone (88 files) took 150-300 s on a quiet
# 2-core machine and 704 s on a loaded one. Every second clip (22 + 22 files, ~205 s of audio) is
# decoded now: CER is still pooled over 540 reference characters per condition and compared with
# the plain-loop baseline of the same clips.
pytestmark = pytest.mark.timeout(900)
CLIP_STEP = 2


@pytest.fixture(scope="module")
def pool(vosk_model_path):
    with TranscriptionPool(2, model_path=vosk_model_path) as p:
        yield p


@pytest.fixture(scope="module")
def decoded(pool, speech_manifest, tmp_path_factory):
    from tests.conftest import require_shared

    folder = require_shared("speech", "ko")
    tel_dir = tmp_path_factory.mktemp("telephone")
    rows = speech_manifest[::CLIP_STEP]
    clean = [folder / row["file"] for row in rows]
    tel = []
    for path in clean:
        audio = read_wav(path)
        narrow, _ = simulate_telephone(audio.channel(0), audio.rate)
        tel.append(write_wav(tel_dir / path.name, narrow, 8000, mulaw=True))  # 8 kHz mu-law, like a phone
    bad = tel_dir / "not_audio.wav"
    bad.write_text("not a recording", encoding="utf-8")
    paths = clean + [bad] + tel
    calls: list[tuple[int, float]] = []
    results = pool.transcribe(paths, progress=lambda n, s: calls.append((n, s)))
    n = len(clean)
    return {
        "rows": rows,
        "paths": paths,
        "clean": results[:n],
        "bad": results[n],
        "tel": results[n + 1 :],
        "progress": calls,
        "audio_s": sum(read_wav(p).duration_s for p in clean + tel),
    }


def test_clean_cer_is_no_worse_than_the_plain_vosk_loop(decoded):
    rows = decoded["rows"]
    ours = pooled_cer((r["transcript"], t.text) for r, t in zip(rows, decoded["clean"], strict=True))
    plain = pooled_cer((r["transcript"], r["vosk"]) for r in rows)
    print(f"clean pooled CER: ours {ours:.4f}, plain loop {plain:.4f}")
    assert ours <= plain
    assert ours < 0.40  # a broken pipeline (wrong rate, wrong channel, empty text) lands far above


def test_telephone_cer_is_no_worse_than_the_plain_vosk_loop(decoded):
    rows = decoded["rows"]
    ours = pooled_cer((r["transcript"], t.text) for r, t in zip(rows, decoded["tel"], strict=True))
    plain = pooled_cer((r["transcript"], r["phone_sim_vosk"]) for r in rows)
    print(f"telephone pooled CER: ours {ours:.4f}, plain loop {plain:.4f}")
    assert ours <= plain
    assert ours < 0.80


def test_batch_keeps_order_reports_progress_and_puts_errors_in_place(pool, decoded):
    paths, results = decoded["paths"], decoded["clean"] + [decoded["bad"]] + decoded["tel"]
    for path, result in zip(paths, results, strict=True):
        if path.name == "not_audio.wav":
            assert isinstance(result, AudioFileError) and str(path) in str(result)
        else:
            assert isinstance(result, Transcript) and result.file == str(path)
    counts = [n for n, _ in decoded["progress"]]
    seconds = [s for _, s in decoded["progress"]]
    assert counts == list(range(1, len(paths) + 1))
    assert seconds == sorted(seconds) and seconds[-1] == pytest.approx(decoded["audio_s"], abs=0.01)
    # both workers took files; each reports its peak memory (the model is ~300 MB of it)
    assert len(pool.worker_busy_s) == 2
    assert all(200 < mb < 4000 for mb in pool.worker_peak_rss_mb.values())


def test_words_and_texts_are_consistent(decoded):
    for t in decoded["clean"] + decoded["tel"]:
        assert len(t.answers) == 1 and t.channel is None and t.channel_reason == "mono"
        answer = t.answers[0]
        assert answer.words == t.words
        pieces = [w.word for w in t.words]
        assert answer.text_raw == " ".join(pieces)
        assert not any(is_junk(p) for p in pieces)
        # the readable form only removes spaces between pieces
        assert answer.text.replace(" ", "") == answer.text_raw.replace(" ", "")
        assert len(answer.text.split()) <= len(pieces)
        starts = [w.start for w in t.words]
        assert starts == sorted(starts)
        assert all(0 <= w.start <= w.end <= t.duration_s + 0.01 and 0 <= w.conf <= 1 for w in t.words)
        assert 0 <= answer.silence_ratio < 0.7  # the window hugs the speech
        assert t.to_json()["answers"][0]["text"] == answer.text


def test_the_korean_pieces_are_joined_for_reading(decoded):
    joined = [t.text for t in decoded["clean"]]
    raw = [t.answers[0].text_raw for t in decoded["clean"]]
    assert sum(len(j.split()) for j in joined) < 0.9 * sum(len(r.split()) for r in raw)
    # where the model wrote a particle as its own piece, the readable text glued it (checked on the
    # pieces actually decoded, so it holds whatever words this machine's Vosk produced)
    glued = [t for t in decoded["clean"] if any(w.word in ("의", "가", "를", "에") for w in t.words[1:])]
    assert glued
    for t in glued:
        assert not any(f" {p} " in f" {t.text} " for p in ("의", "를", "에"))


def test_real_speech_is_mostly_intelligible(decoded):
    clean = [t.answers[0] for t in decoded["clean"]]
    tel = [t.answers[0] for t in decoded["tel"]]
    clean_ok = np.mean([a.intelligible for a in clean])
    tel_ok = np.mean([a.intelligible for a in tel])
    print(f"intelligible: clean {clean_ok:.2f}, telephone {tel_ok:.2f}")
    assert clean_ok >= 0.9 and tel_ok >= 0.8  # measured 0.95-0.98 and 0.89
    for a in clean + tel:
        assert a.confidence is not None and (a.intelligible == (a.reason == ""))
        assert a.reason in ("", "low_confidence", "too_short")


def test_the_telephone_copies_are_really_narrow_band(decoded):
    tel = decoded["tel"][0]
    audio = read_wav(tel.file)
    assert audio.rate == 8000
    assert cer_chars("안녕, 하세요!") == "안녕하세요"


def test_cancelling_a_batch_marks_the_unfinished_files(pool, decoded):
    paths = decoded["paths"][:8]
    seen: list[int] = []
    results = pool.transcribe(paths, progress=lambda n, s: seen.append(n), should_cancel=lambda: bool(seen))
    cancelled = [r for r in results if isinstance(r, TranscriptionCancelled)]
    finished = [r for r in results if isinstance(r, Transcript)]
    assert cancelled and finished and len(cancelled) + len(finished) == len(paths)
    assert all(str(p) in str(r) for p, r in zip(paths, results, strict=True) if isinstance(r, TranscriptionCancelled))
    # the pool is still usable after a cancel
    again = pool.transcribe(paths[:1])
    # (not compared word for word: Vosk is not bit-for-bit repeatable across processes, measured)
    assert isinstance(again[0], Transcript) and again[0].text
