"""`python main.py device-rules [--db URL] [--set NAME=VALUE ...] [--evaluate]` — show or change the
device rule thresholds and retention (kept in app_setting, shared by every PC), and optionally run
one rule evaluation and the retention step now. Prints one JSON object."""

from __future__ import annotations

import json
from dataclasses import asdict, fields

from care import settings as store
from care.devices import retention, rules
from care.errors import AnbuError
from care.settings import RetentionSettings, RuleThresholds
from cli._actor import actor as command_actor
from storage.db import open_database
from storage.types import utcnow

NAME = "device-rules"
HELP = "show or change sensor/robot rule thresholds and retention; --evaluate runs the rules now"


def register(parser) -> None:
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="e.g. no_motion_h=12 or raw_days=60 (repeatable)")
    parser.add_argument("--evaluate", action="store_true", help="evaluate every household now and run retention")


def _parse(items: list[str]) -> tuple[dict, dict]:
    rule_names = {f.name for f in fields(RuleThresholds)}
    retention_names = {f.name for f in fields(RetentionSettings)}
    rule_changes, retention_changes = {}, {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        try:
            number = float(value)
        except ValueError:
            number = None
        if not sep or number is None:
            raise AnbuError(f"--set {item!r}: expected NAME=NUMBER")
        if name in rule_names:
            rule_changes[name] = number
        elif name in retention_names:
            retention_changes[name] = number
        else:
            raise AnbuError(f"--set {name}: unknown; one of {', '.join(sorted(rule_names | retention_names))}")
    return rule_changes, retention_changes


def run(args) -> int:
    rule_changes, retention_changes = _parse(args.set)
    db = open_database(args.db)
    try:
        actor = command_actor(args, db)
        with db.session() as s:
            th = store.update(s, RuleThresholds, actor=actor, **rule_changes) if rule_changes \
                else store.load(s, RuleThresholds)
            ret = store.update(s, RetentionSettings, actor=actor, **retention_changes) if retention_changes \
                else store.load(s, RetentionSettings)
        out: dict[str, object] = {"rules": asdict(th), "retention": asdict(ret)}
        if args.evaluate:
            now = utcnow()
            result = rules.evaluate_pass(db, now)
            out["evaluated_households"] = result.households
            out["flags_raised"] = [{"household_id": d.household_id, "category": d.category, "severity": d.severity,
                                    "reason": d.reason} for d in result.raised]
            out["flags_closed_by_check_in"] = result.closed
            out["maintenance"] = asdict(retention.run_maintenance(db, now))
    finally:
        db.dispose()
    print(json.dumps(out, ensure_ascii=False))
    return 0
