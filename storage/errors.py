"""Storage errors worded for the person at the keyboard (no tracebacks in dialogs or CLIs)."""


class StorageError(Exception):
    exit_code = 4


class DatabaseLockedError(StorageError):
    pass


class DatabaseCorruptError(StorageError):
    pass


class ConnectionFailedError(StorageError):
    """The database server refused or could not be reached. `kind` says which of the four ways
    (SERVER_DOWN, WRONG_PASSWORD, TLS, DATABASE_MISSING), so the console words it in its language
    while the CLI prints the English sentence."""

    SERVER_DOWN, WRONG_PASSWORD, TLS, DATABASE_MISSING = "server_down", "wrong_password", "tls", "database_missing"

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind
