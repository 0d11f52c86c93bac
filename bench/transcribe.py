"""Benchmark: the batch transcriber against Vosk's plain single-stream loop, in the same run.

(a) the plain loop: one model, files one after another, read 4,000 frames -> AcceptWaveform ->
    FinalResult (what Vosk's examples do);
(b) speech.batch.TranscriptionPool with one worker per CPU (model loaded once per worker, before
    timing: the runner keeps its pool for a night's recordings; the start-up is reported apart).

Clips: the 44 Korean clips of ../shared/speech/ko, repeated until there are >= 120 s of audio.
throughput_ratio = wall(a) / wall(b); plain_rtf = wall(a) / audio; batch_rtf_per_stream = the
workers' busy time summed over files / audio (what one stream costs per second of audio).
Targets on 2 cores: throughput_ratio >= 1.8 and batch_rtf_per_stream <= 1.05 x plain_rtf.
Last line: {"bench": "transcribe", "audio_s": ..., "plain_rtf": ..., "batch_rtf_per_stream": ...,
"throughput_ratio": ..., "workers": ...}
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from speech.batch import TranscriptionPool, cpu_workers  # noqa: E402
from speech.model import default_model_path, load_model  # noqa: E402

CLIPS = Path(os.environ.get("ANBU_SHARED_DIR", ROOT.parent / "shared")) / "speech" / "ko"


def clip_set(min_audio_s: float) -> tuple[list[Path], float]:
    clips = sorted(CLIPS.glob("*.wav"))
    if not clips:
        sys.exit(f"no clips in {CLIPS}")
    paths, total = [], 0.0
    while total < min_audio_s:
        for clip in clips:
            with wave.open(str(clip)) as w:
                total += w.getnframes() / w.getframerate()
            paths.append(clip)
    return paths, total


def plain_loop(model, paths: list[Path]) -> float:
    import vosk

    started = time.perf_counter()
    for path in paths:
        with wave.open(str(path)) as wf:
            rec = vosk.KaldiRecognizer(model, wf.getframerate())
            while True:
                data = wf.readframes(4000)
                if not data:
                    break
                rec.AcceptWaveform(data)
            json.loads(rec.FinalResult())
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-audio", type=float, default=120.0, help="seconds of audio at least (default 120)")
    parser.add_argument("--workers", type=int, default=None, help="batch workers (default: CPU count)")
    parser.add_argument("--start-method", default=None, help="pool start method (default: forkserver, else spawn)")
    args = parser.parse_args()
    paths, audio_s = clip_set(args.min_audio)
    workers = args.workers or cpu_workers()
    model_path = default_model_path()
    print(f"{len(paths)} files, {audio_s:.1f} s of audio, {workers} workers, {os.cpu_count()} CPUs", flush=True)

    t = time.perf_counter()
    model = load_model(model_path)
    print(f"(a) model load {time.perf_counter() - t:.1f} s", flush=True)
    wall_a = plain_loop(model, paths)
    print(f"(a) plain loop: {wall_a:.1f} s, RTF {wall_a / audio_s:.3f}", flush=True)
    rss_parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    t = time.perf_counter()
    with TranscriptionPool(workers, model_path=model_path, start_method=args.start_method) as pool:
        pool.warm_up()
        startup = time.perf_counter() - t
        t = time.perf_counter()
        results = pool.transcribe(paths)
        wall_b = time.perf_counter() - t
        busy = sum(pool.worker_busy_s.values())
        peaks = sorted(pool.worker_peak_rss_mb.values())
    failed = [r for r in results if isinstance(r, Exception)]
    print(f"(b) pool start-up incl. model loads: {startup:.1f} s (not in the timing)", flush=True)
    print(f"(b) batch: {wall_b:.1f} s wall, {busy:.1f} s busy in workers, {len(failed)} failed", flush=True)
    print(f"peak memory per worker (MB): {', '.join(f'{p:.0f}' for p in peaks)}; plain-loop process {rss_parent:.0f} MB")
    plain_rtf = wall_a / audio_s
    per_stream = busy / audio_s
    ratio = wall_a / wall_b
    print(
        f"targets: throughput {ratio:.2f} (>= 1.8), per-stream RTF {per_stream:.3f} vs {plain_rtf:.3f} "
        f"= {per_stream / plain_rtf:.2f}x (<= 1.05x)",
        flush=True,
    )
    print(
        json.dumps(
            {
                "bench": "transcribe",
                "audio_s": round(audio_s, 1),
                "plain_rtf": round(plain_rtf, 4),
                "batch_rtf_per_stream": round(per_stream, 4),
                "throughput_ratio": round(ratio, 3),
                "workers": workers,
            }
        )
    )
    missed = ratio < 1.8 or per_stream / plain_rtf > 1.05
    if missed:
        print("MISSED a target (see the 'targets:' line)", file=sys.stderr)
    return 1 if failed or missed else 0


if __name__ == "__main__":
    sys.exit(main())
