"""`python main.py users` — accounts (admins; the first admin of an empty database by anyone).

    users add --name kim --display "김주무관" --role social_worker [--dong 화곡1동] --password-stdin
    users list [--json]                       one JSON object per user per line with --json
    users disable NAME / users enable NAME
    users passwd NAME --password-stdin        change your own password: old and new on two lines
    users reset NAME [--password-stdin]       admin: new password (random, printed, unless given)
    users map-os NAME ACCOUNT                 admin: trust an OS account as NAME's sign-on ("" removes)
    users token NAME                          admin: issue a CLI sign-in token for NAME and keep it in
                                              this PC's OS keyring (then `--user NAME` needs no password)

The command acts as the OS account of this process (from its real user id, never LOGNAME/USER), or
as `--user NAME` with the password on stdin (`--password-stdin`, first line) or an admin-issued
token in the keyring. After the action, `--password-stdin` is the new (or own) password; an admin
signing in with a password puts `--user NAME --password-stdin` before the action:
    printf 'admin-pw\nnew-pw\n' | anbu users --user boss --password-stdin add --name kim ... --password-stdin
On a database with no users, `users add ... --role admin` creates the first admin."""

from __future__ import annotations

import argparse
import json
import sys

from care.accounts import users
from care.accounts.identity import store_token
from care.errors import AnbuError
from cli._actor import actor as command_actor
from cli._actor import read_password
from storage.db import open_database
from storage.vocabulary import Role

NAME = "users"
HELP = "accounts: add, list, disable, change or reset passwords (acts as the OS account unless --user)"


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add a user (admins; anyone for the first admin of an empty database)")
    add.add_argument("--name", required=True, help="username (a-z 0-9 . _ -), the name in the access log")
    add.add_argument("--display", default="", help='display name, e.g. "최민호 주무관" (what households\' worker holds)')
    add.add_argument("--role", required=True, choices=[r.value for r in Role], help="what the user may do")
    add.add_argument("--dong", default="", help="the 동 the user serves")
    add.add_argument("--os-account", default=None, help="an OS account trusted as this user's sign-on")
    add.add_argument("--password-stdin", dest="new_password_stdin", action="store_true", required=True,
                     help="read the new user's password from stdin (never on the command line)")
    lst = sub.add_parser("list", help="every user (supervisors and admins)")
    lst.add_argument("--json", action="store_true", help="one JSON object per line")
    for action, text in (("disable", "stop a user from signing in (admins)"), ("enable", "let a user sign in again")):
        p = sub.add_parser(action, help=text)
        p.add_argument("name", metavar="NAME")
    pw = sub.add_parser("passwd", help="change your own password: old and new password on stdin, one per line")
    pw.add_argument("name", metavar="NAME")
    pw.add_argument("--password-stdin", dest="new_password_stdin", action="store_true", required=True,
                    help="read the old and the new password from stdin (two lines)")
    reset = sub.add_parser("reset", help="admin: set a new password and unlock (random and printed, unless given)")
    reset.add_argument("name", metavar="NAME")
    reset.add_argument("--password-stdin", dest="new_password_stdin", action="store_true",
                       help="read the new password from stdin instead of making a random one")
    mapos = sub.add_parser("map-os", help="admin: trust an OS account as NAME's single sign-on ('' removes it)")
    mapos.add_argument("name", metavar="NAME")
    mapos.add_argument("account", metavar="ACCOUNT")
    token = sub.add_parser("token", help="admin: issue NAME a CLI sign-in token kept in this PC's OS keyring")
    token.add_argument("name", metavar="NAME")
    for p in (add, lst, pw, reset, mapos, token, *(sub.choices[a] for a in ("disable", "enable"))):
        _common(p)


def _common(p: argparse.ArgumentParser) -> None:
    """--db and --user after the action too (`users add ... --db X`); SUPPRESS keeps a value given
    before the action."""
    p.add_argument("--db", dest="sub_db", default=argparse.SUPPRESS, help="database URL or SQLite file path")
    p.add_argument("--user", dest="sub_user", metavar="NAME", default=argparse.SUPPRESS,
                   help="act as this user (an admin-issued token in the keyring; for a password give "
                        "`users --user NAME --password-stdin ACTION ...`: its password is stdin's first line)")


def _print(u: users.UserView, as_json: bool) -> None:
    if as_json:
        print(json.dumps(u.to_json(), ensure_ascii=False))
        return
    state = "" if u.active else " (사용 중지 disabled)"
    demo = " [demo]" if u.is_demo else ""
    print(f"{u.username:<16} {u.display_name:<12} {u.role:<14} {u.dong:<8}{state}{demo}")


def run(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        action = args.users_command
        if action == "add":
            actor = command_actor(args, db)
            u = users.add_user(db, actor, args.name, args.display, args.role, read_password(), dong=args.dong,
                               os_account=args.os_account)
            _print(u, False)
        elif action == "list":
            for u in users.list_users(db, command_actor(args, db)):
                _print(u, args.json)
        elif action in ("disable", "enable"):
            _print(users.set_active(db, command_actor(args, db), args.name, action == "enable"), False)
        elif action == "passwd":
            old, new = read_password(), read_password()
            _print(users.change_password(db, args.name, old, new), False)
        elif action == "reset":
            actor = command_actor(args, db)
            u, password = users.reset_password(db, actor, args.name,
                                               read_password() if args.new_password_stdin else None)
            _print(u, False)
            if not args.new_password_stdin:
                print(f"new password: {password}")
        elif action == "map-os":
            _print(users.set_os_account(db, command_actor(args, db), args.name, args.account.strip() or None), False)
        elif action == "token":
            token = users.issue_token(db, command_actor(args, db), args.name)
            store_token(args.name, token)
            print(f"a sign-in token for {args.name} is in this PC's OS keyring", file=sys.stderr)
        else:  # pragma: no cover - argparse refuses others
            raise AnbuError(f"unknown action {action}")
    finally:
        db.dispose()
    return 0
