"""Who a CLI command acts as (one function for every command).

Every subcommand takes `--user NAME [--password-stdin]` (added by main.py). Without `--user` the
command acts as the OS account of the process, taken from its real user id (never LOGNAME/USER),
or the user an admin mapped that OS account to. See care/accounts/identity.py."""

from __future__ import annotations

import argparse
import sys

from care.accounts.identity import command_actor
from care.errors import AnbuError
from storage.db import Database

USER_HELP = ("act as this Anbu user: the password is read from stdin with --password-stdin, otherwise an "
             "admin-issued token in this PC's OS keyring is used (default: the OS account of this process, "
             "from its real user id, never LOGNAME/USER)")
PASSWORD_HELP = "read --user's password from the first line of stdin"


def add_identity_arguments(parser: argparse.ArgumentParser, *, dest_prefix: str = "", user_option: bool = True) -> None:
    """`--user NAME [--password-stdin]` on a subcommand. A command whose own `--user` means something
    else (`audit --user NAME` filters rows) passes user_option=False: there the acting user is given
    before the subcommand (`anbu --user admin --password-stdin audit --user kim`)."""
    if user_option:
        parser.add_argument("--user", dest=f"{dest_prefix}user", metavar="NAME", default=None, help=USER_HELP)
    parser.add_argument("--password-stdin", dest=f"{dest_prefix}password_stdin", action="store_true",
                        default=None, help=PASSWORD_HELP)


def read_password() -> str:
    line = sys.stdin.readline()
    if not line:
        raise AnbuError("--password-stdin: stdin is empty (give the password on the first line)")
    return line.rstrip("\r\n")


def actor(args: argparse.Namespace, db: Database) -> str:
    """The actor of this command, signed in when --user is given."""
    user = getattr(args, "user", None)
    with_password = bool(getattr(args, "password_stdin", False))
    if with_password and not user:
        raise AnbuError("--password-stdin needs --user NAME")
    return command_actor(db, user=user, password=read_password() if with_password else None)
