"""Rebuild the console's English translation: console/**/*.py -> anbu_en.ts -> anbu_en.qm.

Korean is the source language of every label in console/**/*.py, and en.toml (beside this file) is
the Korean -> English dictionary a person edits. This script

1. runs pyside6-lupdate over console/**/*.py into a fresh anbu_en.ts (source ko, target en); `_tr` is
   declared an alias of `tr` so module-level label helpers such as `_tr("양호")` are found too;
2. fills every message from en.toml and marks it finished (a %n string gets English's two plural
   forms; a [contexts.<Class>] table overrides an entry for one class), refusing an English
   text whose %1/%n/{0} placeholders or HTML tags differ from the Korean;
3. runs pyside6-lrelease to write anbu_en.qm (committed, so an install needs no Qt tools);
4. prints every Korean string that has no English yet, with where it is used, and exits 1.

    .venv/bin/python resources/i18n/update.py [--out-dir DIR]

The .ts keeps no source locations, so it only changes when a string does.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import tomllib
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DICTIONARY = HERE / "en.toml"
TS_NAME, QM_NAME = "anbu_en.ts", "anbu_en.qm"
MARKERS = re.compile(r"%\d+|%n|\{\d*\}|<[^>]*>")


def qt_tool(name: str) -> str:
    """The PySide6 tool installed next to this interpreter (the venv's, not whatever is on PATH)."""
    return str(Path(sys.executable).with_name(name))


def extract(ts_path: Path) -> None:
    sources = sorted(str(p) for p in (ROOT / "console").rglob("*.py"))
    subprocess.run([qt_tool("pyside6-lupdate"), "-silent", "-tr-function-alias", "tr+=_tr",
                    "-source-language", "ko", "-target-language", "en", "-locations", "absolute",
                    *sources, "-ts", str(ts_path)], check=True)


def where(message: ET.Element, ts_dir: Path) -> str:
    loc = message.find("location")
    if loc is None:
        return "?"
    path = (ts_dir / loc.get("filename", "")).resolve()
    return f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{loc.get('line')}"


def english_for(korean: str, entry: object, numerus: bool) -> list[str] | str:
    """The English form(s) for one message, or a sentence saying what is wrong with the entry."""
    if entry is None:
        return "no English yet"
    if numerus:
        if not (isinstance(entry, dict) and set(entry) == {"one", "other"}):
            return 'a %n string needs { one = "...", other = "..." }'
        forms = [entry["one"], entry["other"]]
    elif isinstance(entry, str):
        forms = [entry]
    else:
        return "needs a plain string (only %n strings take plural forms)"
    for form in forms:
        if Counter(MARKERS.findall(form)) != Counter(MARKERS.findall(korean)):
            return f"placeholders/tags differ from the Korean: {form!r}"
    return forms


def fill(root: ET.Element, dictionary: dict, ts_dir: Path) -> tuple[list[str], set[str]]:
    """Put the English into every message; return the problems and the Korean strings used.
    A [contexts.<Class>] table in en.toml overrides an entry for that class's messages only."""
    problems: list[str] = []
    used: set[str] = set()
    overrides = dictionary.get("contexts", {})
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            korean = message.findtext("source", "")
            used.add(korean)
            entry = overrides.get(name, {}).get(korean, dictionary.get(korean))
            problem = translate_message(message, korean, entry)
            if problem:
                problems.append(f"  {where(message, ts_dir)} [{name}]  {korean!r}: {problem}")
            for loc in message.findall("location"):
                message.remove(loc)
    return problems, used


def translate_message(message: ET.Element, korean: str, entry: object) -> str | None:
    """Fill one message and mark it finished, or say why it cannot be filled."""
    numerus = message.get("numerus") == "yes"
    forms = english_for(korean, entry, numerus)
    if isinstance(forms, str):
        return forms
    translation = message.find("translation")
    translation.attrib.pop("type", None)
    if numerus:
        for form in list(translation):
            translation.remove(form)
        for text in forms:
            ET.SubElement(translation, "numerusform").text = text
    else:
        translation.text = forms[0]
    return None


def write_ts(root: ET.Element, path: Path) -> None:
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=HERE, help="where to write anbu_en.ts/.qm")
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    dictionary = tomllib.loads(DICTIONARY.read_text(encoding="utf-8"))

    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / TS_NAME
        extract(fresh)
        root = ET.parse(fresh).getroot()
        problems, used = fill(root, dictionary, Path(tmp))
    ts_path, qm_path = args.out_dir / TS_NAME, args.out_dir / QM_NAME
    write_ts(root, ts_path)
    subprocess.run([qt_tool("pyside6-lrelease"), "-silent", str(ts_path), "-qm", str(qm_path)], check=True)

    unused = sorted(set(dictionary) - used - {"contexts"})
    if unused:
        print(f"note: {len(unused)} en.toml entries are no longer used: " + ", ".join(map(repr, unused)))
    print(f"{ts_path.name}: {len(used)} Korean strings, {len(problems)} without English")
    if problems:
        print(f"Add English for these to {DICTIONARY.relative_to(ROOT)}, then run this again:")
        print("\n".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
