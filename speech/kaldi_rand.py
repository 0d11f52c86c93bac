"""Making Vosk decoding a pure function of the audio (issue 11 item 7).

Kaldi adds dither (Gaussian noise of one 16-bit step) to every feature frame, from a generator it
seeds, frame by frame, from the C library's process-wide rand(). So the same recording decoded
twice in one process gave different words and confidences (measured: one clip, 5 decodes, 5
different confidence lists, words that came and went), while separate processes agreed.

Turning dither off makes decodes repeatable but costs accuracy on telephone audio, whose empty
band above 4 kHz the noise fills (measured on 20 shared clips through the 8 kHz mu-law
simulation, CER: dither 0.486, no dither 0.589, our own seeded noise before quantising 0.553).
So dither stays, and every decode starts from the same rand() state: `seeded()` calls srand()
with a fixed seed right before the recognizer is built and holds a lock while the decode runs,
so two threads of one process cannot interleave their rand() calls.

The C runtime is the process's own libc on Linux and macOS (verified on Linux); on Windows the
seed goes to both msvcrt and ucrtbase, whichever Vosk's DLL uses (not verified on a Windows PC).
"""

from __future__ import annotations

import ctypes
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SEED = 1
_lock = threading.RLock()


def _runtimes() -> list:
    """The C runtimes whose srand() to call (the process's own symbols on POSIX)."""
    names: list[str | None] = ["msvcrt", "ucrtbase"] if sys.platform == "win32" else [None]
    found = []
    for name in names:
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        if hasattr(lib, "srand"):
            found.append(lib)
    return found


_RUNTIMES = _runtimes()


def reseed() -> bool:
    """Put the C runtime's rand() back to SEED; False where no C runtime was found."""
    for lib in _RUNTIMES:
        lib.srand(ctypes.c_uint(SEED))
    return bool(_RUNTIMES)


@contextmanager
def seeded() -> Iterator[None]:
    """Hold the decode lock with rand() reseeded: build the recognizer and decode inside it."""
    with _lock:
        reseed()
        yield
