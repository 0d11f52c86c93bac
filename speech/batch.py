"""Transcribing many recordings at once: a process pool sized to the CPU count, one model per worker.

Vosk decoding is CPU-bound and one recogniser serves one stream, so parallelism means processes.
Each worker loads the model once, in the pool initializer, and keeps it for every file it gets.
Workers come from a fork server (never a fork of the caller, which may hold Qt or scheduler
threads) that has the model loaded already (speech.preload), so all workers share the model's
memory pages (one bench run each on 2 shared cores: spawn 1.03x the single-stream RTF per worker,
fork server 0.99x). Where there is no fork server (Windows), workers are spawned.

- Results come back in the order of `paths`; a bad file gives its SpeechError in its place and
  never stops the batch; a crash of a worker becomes an error for the files it took.
- `progress(files_done, audio_seconds_done)` is called in the caller's process as files finish
  (the console turns it into a progress bar; the runner logs it).
- `should_cancel()` is polled a few times a second; on cancel, a shared event stops the workers
  between 4,000-frame chunks, and every unfinished file gets TranscriptionCancelled.
- Every file's header is checked first (speech.audio.check_wav, no samples decoded): a file we
  cannot read is reported at once (and counted in `progress`) before the model is loaded, and a
  batch of only bad files never loads it (the model takes up to ~40 s on a busy PC).
- `status(stage)` names what the batch is doing, for a progress dialog's text: STAGE_CHECKING,
  STAGE_LOADING_MODEL (before the model is loaded, the long silent part), STAGE_TRANSCRIBING.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from speech.errors import AudioFileError, SpeechError, TranscriptionCancelled

Progress = Callable[[int, float], None]
Status = Callable[[str], None]
STAGE_CHECKING, STAGE_LOADING_MODEL, STAGE_TRANSCRIBING = "checking", "loading_model", "transcribing"

_worker_model = None
_worker_cancel = None


def cpu_workers() -> int:
    """CPUs this process may use (the affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class FileOutcome:
    """What a worker sends back for one file."""

    result: object  # Transcript | SpeechError
    audio_s: float
    busy_s: float
    pid: int
    peak_rss_mb: float


def _init_worker(model_path, cancel_event) -> None:
    global _worker_model, _worker_cancel
    from speech.model import load_model

    _worker_cancel = cancel_event
    try:
        _worker_model = load_model(model_path)
    except SpeechError as exc:  # reported per file, so the caller still gets one error per path
        _worker_model = exc


def _peak_rss_mb() -> float:
    """Peak memory of this process in MB (0.0 where the OS gives no figure: `resource` is POSIX
    only, and district PCs are mostly Windows)."""
    try:
        import resource
    except ImportError:
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def transcribe_one(path: str, channel, expected_answers, model=None, cancel=None) -> FileOutcome:
    """Transcribe one file in this process; any failure comes back as a SpeechError, never raised."""
    from speech.audio import read_wav
    from speech.transcribe import transcribe_audio

    model = _worker_model if model is None else model
    cancel = _worker_cancel if cancel is None else cancel
    started = time.perf_counter()
    audio_s = 0.0
    try:
        if isinstance(model, SpeechError):
            raise model
        audio = read_wav(path)
        audio_s = audio.duration_s
        should_stop = cancel.is_set if cancel is not None else None
        result = transcribe_audio(audio, model, channel=channel, expected_answers=expected_answers, should_stop=should_stop)
    except SpeechError as exc:
        result = exc
    except Exception as exc:  # a bug or a decoder failure on one file must not sink the batch
        result = AudioFileError(path, f"could not be transcribed ({type(exc).__name__}: {exc})")
    return FileOutcome(result, audio_s, time.perf_counter() - started, os.getpid(), _peak_rss_mb())


def _ping() -> tuple[int, float]:
    time.sleep(0.05)
    return os.getpid(), _peak_rss_mb()


def _pool_context(start_method: str | None, model_path: Path | None):
    from speech.model import default_model_path, validate_model_dir
    from speech.preload import PRELOAD_ENV

    methods = multiprocessing.get_all_start_methods()
    method = start_method or ("forkserver" if "forkserver" in methods else "spawn")
    if method == "forkserver":
        # read by speech.preload when the fork server starts (once per process: a later pool
        # with another model loads it in its workers instead)
        resolved = validate_model_dir(Path(model_path) if model_path is not None else default_model_path())
        os.environ.setdefault(PRELOAD_ENV, str(resolved))
        multiprocessing.set_forkserver_preload(["speech.preload"])
    return multiprocessing.get_context(method)


class TranscriptionPool:
    """A reusable pool of model-holding workers (the runner keeps one for a night's recordings)."""

    def __init__(
        self, workers: int | None = None, *, model_path: Path | None = None, start_method: str | None = None
    ) -> None:
        from speech.model import default_model_path, validate_model_dir

        validate_model_dir(Path(model_path) if model_path is not None else default_model_path())
        self.workers = max(1, workers or cpu_workers())
        ctx = _pool_context(start_method, model_path)
        self._cancel = ctx.Event()
        self._executor = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=ctx, initializer=_init_worker, initargs=(model_path, self._cancel)
        )
        self.worker_peak_rss_mb: dict[int, float] = {}
        self.worker_busy_s: dict[int, float] = {}

    def warm_up(self, timeout_s: float = 120.0) -> None:
        """Start every worker and load its model now, so the first files do not pay for it."""
        deadline = time.monotonic() + timeout_s
        while len(self.worker_peak_rss_mb) < self.workers and time.monotonic() < deadline:
            for pid, rss in (f.result() for f in [self._executor.submit(_ping) for _ in range(self.workers * 2)]):
                self.worker_peak_rss_mb[pid] = max(rss, self.worker_peak_rss_mb.get(pid, 0.0))

    def transcribe(
        self,
        paths: Sequence[str | Path],
        *,
        channel: int | None = None,
        expected_answers: int | None = None,
        progress: Progress | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> list:
        self._cancel.clear()
        names = [str(p) for p in paths]
        results: list = [None] * len(names)
        pending = {
            self._executor.submit(transcribe_one, name, channel, expected_answers): i for i, name in enumerate(names)
        }
        done_count, audio_done = 0, 0.0
        while pending:
            finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in finished:
                i = pending.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool as exc:
                    results[i] = AudioFileError(names[i], f"the transcription worker died ({exc})")
                    continue
                except Exception as exc:  # cancelled futures and pickling failures
                    results[i] = AudioFileError(names[i], f"could not be transcribed ({type(exc).__name__})")
                    continue
                results[i] = outcome.result
                self.worker_peak_rss_mb[outcome.pid] = max(outcome.peak_rss_mb, self.worker_peak_rss_mb.get(outcome.pid, 0))
                self.worker_busy_s[outcome.pid] = self.worker_busy_s.get(outcome.pid, 0.0) + outcome.busy_s
                done_count += 1
                audio_done += outcome.audio_s
                if progress is not None:
                    progress(done_count, audio_done)
            if should_cancel is not None and pending and should_cancel():
                self._cancel.set()
                for future in pending:
                    future.cancel()
                wait(pending)
                for i in pending.values():
                    results[i] = TranscriptionCancelled(names[i])
                pending.clear()
        return results

    def close(self) -> None:
        self._cancel.set()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> TranscriptionPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def transcribe_batch(
    paths: Sequence[str | Path],
    *,
    workers: int | None = None,
    model_path: Path | None = None,
    channel: int | None = None,
    expected_answers: int | None = None,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
    status: Status | None = None,
) -> list:
    """Transcripts (or SpeechErrors) for `paths`, in order; see the module docstring."""
    from speech.audio import check_wav

    names = [str(p) for p in paths]
    say = status or (lambda _stage: None)
    say(STAGE_CHECKING)
    results: list = [None] * len(names)
    good: list[int] = []
    for i, name in enumerate(names):
        try:
            check_wav(name)
            good.append(i)
        except SpeechError as exc:
            results[i] = exc
    bad_count = len(names) - len(good)
    if progress is not None:
        for n in range(1, bad_count + 1):
            progress(n, 0.0)
    if not good:
        return results

    def shifted(done: int, audio_s: float) -> None:
        if progress is not None:
            progress(bad_count + done, audio_s)

    todo = [names[i] for i in good]
    count = min(max(1, workers or cpu_workers()), len(todo))
    if count == 1:
        done = _transcribe_here(todo, model_path, channel, expected_answers, shifted, should_cancel, say)
    else:
        say(STAGE_LOADING_MODEL)
        with TranscriptionPool(count, model_path=model_path) as pool:
            pool.warm_up()
            say(STAGE_TRANSCRIBING)
            done = pool.transcribe(
                todo, channel=channel, expected_answers=expected_answers, progress=shifted, should_cancel=should_cancel
            )
    for i, result in zip(good, done, strict=True):
        results[i] = result
    return results


def _transcribe_here(paths, model_path, channel, expected_answers, progress, should_cancel, say) -> list:
    """One worker: no pool to spawn, the model is loaded (once) in this process."""
    from speech.model import load_model

    say(STAGE_LOADING_MODEL)
    model = load_model(model_path)  # a ModelError here is a configuration error: raise it
    say(STAGE_TRANSCRIBING)
    stop = should_cancel or (lambda: False)

    class _Stop:  # what transcribe_one expects of a cancel event
        is_set = staticmethod(stop)

    results: list = []
    done, audio_done = 0, 0.0
    for path in paths:
        if stop():
            results.append(TranscriptionCancelled(str(path)))
            continue
        outcome = transcribe_one(str(path), channel, expected_answers, model=model, cancel=_Stop)
        results.append(outcome.result)
        done += 1
        audio_done += outcome.audio_s
        if progress is not None:
            progress(done, audio_done)
    return results
