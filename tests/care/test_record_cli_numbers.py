"""The household / device / contact commands have sub-actions (`household show`), whose options
tests/storage/test_cli_numbers.py does not reach (it walks one level). The same rule, one level
down: no bare int/float anywhere, and every checked option and positional of these commands
refuses the same hostile values with exit 2 naming it, or parses to a bounded value and runs."""

from __future__ import annotations

import argparse
import random

import pytest

import main
from care.households.registry import HouseholdInput, create_household
from tests.storage.test_cli_numbers import CASES_PER_OPTION, FIXED, SEED, _hostile

# what each sub-action needs besides the fuzzed argument (REF first when it is positional)
BASE = {
    ("household", "show"): (["1"], ["--json"]),
    ("household", "update"): (["1"], ["--json-file", "missing.json"]),
    ("contact", "add"): ([], ["--household", "1", "--channel", "phone", "--outcome", "reached_well"]),
    ("contact", "list"): ([], ["--household", "1", "--json"]),
    ("device", "add"): ([], ["--household", "1", "--kind", "motion", "--ref", "m-1"]),
    ("device", "retire"): ([], ["--household", "1", "--ref", "m-1"]),
    ("device", "list"): ([], ["--json"]),
    ("audit", "purge"): ([], []),
    ("escalation", "status"): ([], ["--json"]),
    ("duty", "clear"): ([], []),
}
# sub-actions that write: only their parsing is fuzzed here (their refusals are tested beside them)
PARSE_ONLY = {("device", "add"), ("device", "retire"), ("audit", "purge"), ("duty", "clear")}


def _subparsers(parser: argparse.ArgumentParser):
    return next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)


def nested_actions():
    top = _subparsers(main.build_parser())
    for name, cmd in top.choices.items():
        sub = _subparsers(cmd)
        if sub is None:
            continue
        for action_name, parser in sub.choices.items():
            for action in parser._actions:
                yield name, action_name, action


def test_no_nested_option_uses_bare_int_or_float():
    for name, sub, action in nested_actions():
        assert action.type not in (int, float), f"{name} {sub} {action.option_strings or action.dest}"
    assert {(n, s) for n, s, _ in nested_actions()} >= set(BASE)


def test_nested_numeric_arguments_refuse_hostile_values(db, capsys):
    create_household(db, HouseholdInput(name="김영희", phone="010-1234-5678"), "tester")
    path = db.url.removeprefix("sqlite:///")
    rng = random.Random(SEED)
    checked = [(n, s, a) for n, s, a in nested_actions() if getattr(a.type, "anbu_checked", False)]
    assert len(checked) >= 8
    refused = ran = 0
    for name, sub, action in checked:
        positional, rest = BASE[(name, sub)]
        for i in range(CASES_PER_OPTION):
            value = FIXED[i] if i < len(FIXED) // 2 else _hostile(rng)
            if action.option_strings:
                flag = action.option_strings[0]
                argv = [name, sub, *positional, *rest, f"{flag}={value}"]
            else:
                flag = action.metavar or action.dest
                argv = [name, sub, value, *rest]
            try:
                main.build_parser().parse_args(argv)
            except SystemExit as exc:
                assert exc.code == 2, (argv, exc.code)
                assert flag in capsys.readouterr().err, argv
                refused += 1
                continue
            if (name, sub) in PARSE_ONLY:
                continue  # writes; its refusals are tested beside it (e.g. tests/devices/test_device_command.py)
            code = main.main([*argv, "--db", path])  # an exception fails the test
            assert code in (0, 2), (argv, code)
            capsys.readouterr()
            ran += 1
    assert refused >= 100 and ran >= 20, (refused, ran)


@pytest.mark.parametrize("argv", [
    ["household", "show", "H000001", "--json", "--limit", "0"],
    ["household", "show", "H000001", "--json", "--limit", "1001"],
    ["contact", "add", "--household", "1", "--channel", "phone", "--outcome", "reached_well", "--resolves", "-1"],
])
def test_out_of_range_values_are_refused_by_name(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main.main(argv)
    assert exc.value.code == 2 and argv[-2] in capsys.readouterr().err
