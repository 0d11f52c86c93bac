"""Errors a person can act on, raised by the speech package.

Every one carries an `exit_code`, so main.py and the console show the message instead of a
traceback. A bad file never stops a batch: the batch returns the error in the file's place.
"""

from __future__ import annotations

from pathlib import Path


class SpeechError(Exception):
    """Base of every speech problem; exit code 5 on the command line."""

    exit_code = 5


class AudioFileError(SpeechError):
    """The file is missing, empty, truncated, not a WAV, or in a WAV encoding we cannot read.

    The message always starts with the file's path so a batch report says which file failed.
    """

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")

    def __reduce__(self):  # picklable across the batch's process pool
        return (type(self), (self.path, self.problem))


class ModelError(SpeechError):
    """The Vosk model directory is missing or is not a Vosk model; exit code 3 (configuration)."""

    exit_code = 3


class TranscriptionCancelled(SpeechError):
    """Put in a batch's result list, in place of each file the cancelled batch did not finish."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        super().__init__(f"{self.path}: transcription cancelled")

    def __reduce__(self):
        return (type(self), (self.path,))
