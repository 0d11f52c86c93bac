"""Anbu composition root.

`python main.py` opens the console (the default subcommand). Every other subcommand lives in its
own module under cli/ and is discovered here; a command module defines

    NAME = "import-households"          # the subcommand as typed
    HELP = "one line for --help"
    def register(parser: argparse.ArgumentParser) -> None: ...   # add its own arguments
    def run(args: argparse.Namespace) -> int: ...                # do the work, return the exit code

Command modules are Qt-free; only the GUI entry below imports console/.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys


def _command_modules():
    import cli as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"cli.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "run"):
            yield module


PAGES = ("overview", "households", "review", "schedule", "devices", "reports", "access_log", "settings")


def _page_arg(text: str) -> str:
    if text in PAGES or (text.startswith("household:") and text.partition(":")[2].strip()):
        return text
    raise argparse.ArgumentTypeError(f"unknown page {text!r}: one of {', '.join(PAGES)} or household:REF")


def build_parser() -> argparse.ArgumentParser:
    from cli._actor import add_identity_arguments

    parser = argparse.ArgumentParser(
        prog="anbu",
        description="Anbu (안부) — check-in calls, transcripts, risk flags and home sensors for welfare teams.",
    )
    parser.add_argument("--db", help="database URL or SQLite file path (default: ANBU_DB_URL, then the user data dir)")
    parser.add_argument("--screenshot", metavar="PATH", help="open the main window, save a PNG of it and exit")
    parser.add_argument("--page", type=_page_arg, default=None, metavar="PAGE",
                        help="open (or, with --screenshot, save) this page: overview|households|review|schedule|"
                             "devices|reports|access_log|settings, or household:REF (e.g. household:H000012)")
    parser.add_argument("--lang", choices=["ko", "en"], default=None, help="console language (default: setting, then ko)")
    parser.add_argument("--user", metavar="NAME", default=None,
                        help="act as this Anbu user (the console/--screenshot sign in as it; password from stdin with --password-stdin; "
                             "default on a demo database: the demo supervisor)")
    parser.add_argument("--password-stdin", action="store_true", help="read --user's password from stdin")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = sub.add_parser("gui", help="open the console (default)")
    gui.add_argument("--db", dest="sub_db", help=argparse.SUPPRESS)
    for module in _command_modules():
        p = sub.add_parser(module.NAME, help=getattr(module, "HELP", None))
        p.add_argument("--db", dest="sub_db", default=None, help="database URL or SQLite file path")
        add_identity_arguments(p, dest_prefix="sub_", user_option=not getattr(module, "OWN_USER_OPTION", False))
        module.register(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    from storage.files import owner_only_umask

    owner_only_umask()  # the database, recordings, logs and exports: readable by this user only
    parser = build_parser()
    args = parser.parse_args(argv)
    # `--db` may stand before or after the subcommand.
    if getattr(args, "sub_db", None):
        args.db = args.sub_db
    # `--user`/`--password-stdin` likewise
    if getattr(args, "sub_user", None):
        args.user = args.sub_user
    if getattr(args, "sub_password_stdin", None):
        args.password_stdin = True
    run = getattr(args, "_run", None)
    if run is not None:
        try:
            return int(run(args) or 0)
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:  # `anbu attempts --json | head`: the reader left; not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        except Exception as exc:  # errors a person can act on carry an exit code; others are bugs
            if not hasattr(exc, "exit_code"):
                raise
            print(f"anbu: {exc}", file=sys.stderr)
            return int(exc.exit_code)
    from console.app import run_console

    return run_console(db=args.db, screenshot=args.screenshot, lang=args.lang, user=args.user,
                       password_stdin=args.password_stdin, page=args.page)


if __name__ == "__main__":
    sys.exit(main())
