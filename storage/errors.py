"""Storage errors worded for the person at the keyboard (no tracebacks in dialogs or CLIs)."""


class StorageError(Exception):
    exit_code = 4


class DatabaseLockedError(StorageError):
    pass


class DatabaseCorruptError(StorageError):
    pass
