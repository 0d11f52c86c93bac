"""Household CSV import benchmark: N valid rows (default 100,000) imported into a fresh, migrated
SQLite file through `care.households.csv_import.import_households`.

Reference, measured in the same run: the bare `executemany` of the same rows (already validated
and normalised) into the household table of another fresh database, in one transaction — the
floor for writing these rows at all. The ratio import/reference says how much parsing,
validation, the duplicate checks and the ORM-level statements cost on top of that floor. Each
measurement runs in its own child process, so peak memory (max RSS) is its own.

    .venv/bin/python bench/import_households.py [--rows 100000] [--repeat 3] [--compare-with /path/to/checkout]

Each measurement is repeated (fresh database and process each time) and the fastest run counts, so
a busy machine's noise does not decide the ratio.

--compare-with runs the same import with another checkout's code (e.g. the main branch before
this change) on the same file, for a before/after figure.

Last line: {"bench": "import_households", "rows": ..., "import_s": ..., "reference_s": ..., "ratio": ...}
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_csv(path: Path, rows: int) -> list[tuple]:
    """Distinct valid mobile numbers, Korean text; returns the normalised rows for the reference."""
    sys.path.insert(0, str(ROOT))
    import phonenumbers

    lines = ["이름,전화번호,주소,동,담당자,출생연도,녹음동의,비고"]
    out: list[tuple] = []
    n = 0
    candidate = 20_000_000
    while n < rows:
        candidate += 1
        e164 = f"+8210{candidate:08d}"
        if not phonenumbers.is_valid_number(phonenumbers.parse(e164)):
            continue
        d = "0" + e164[3:]
        name = f"김영희{n}"
        address = f"서울특별시 강서구 화곡로 {n % 400}, {n % 12 + 1}01호"
        lines.append(f"{name},{d[:3]}-{d[3:7]}-{d[7:]},\"{address}\",화곡1동,박주무관,{1930 + n % 45},예,당뇨 {n}")
        out.append((name, e164, address, "화곡1동", "박주무관", 1930 + n % 45, n))
        n += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def child_import(root: str, csv_path: str, db_path: str) -> None:
    sys.path.insert(0, root)
    try:
        from care.households.csv_import import import_households
    except ImportError:  # --compare-with a checkout from before care/ was grouped by area
        from care.household_csv import import_households  # type: ignore[no-redef]
    from storage.db import open_database

    db = open_database(db_path)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    report = import_households(db, csv_path, "bench")
    elapsed = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    db.dispose()
    print(json.dumps({"s": elapsed, "created": report.created, "rss_mb": peak / 1024, "rss_growth_mb": (peak - base) / 1024}))


def child_reference(root: str, rows_path: str, db_path: str) -> None:
    sys.path.insert(0, root)
    import sqlite3

    from storage.db import open_database

    open_database(db_path).dispose()  # migrated, like the import's database
    rows = json.loads(Path(rows_path).read_text(encoding="utf-8"))
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    t = time.perf_counter()
    with con:
        con.executemany(
            "INSERT INTO household (name, phone, address, dong, worker, birth_year, language, consent_recording,"
            " notes, active, is_demo, created_at, updated_at) VALUES (?,?,?,?,?,?,'ko',1,?,1,0,"
            " '2026-01-01 00:00:00','2026-01-01 00:00:00')",
            [(r[0], r[1], r[2], r[3], r[4], r[5], f"당뇨 {r[6]}") for r in rows])
        con.execute("UPDATE household SET ref = 'H' || printf('%06d', id)")
    elapsed = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    con.close()
    print(json.dumps({"s": elapsed, "rss_mb": peak / 1024, "rss_growth_mb": (peak - base) / 1024}))


def run_child(kind: str, root: Path, a: Path, b: Path, repeat: int = 1) -> dict:
    best: dict | None = None
    for i in range(repeat):
        db = b.with_name(f"{b.stem}-{i}{b.suffix}")
        r = subprocess.run([sys.executable, __file__, "--child", kind, str(root), str(a), str(db)],
                           capture_output=True, text=True, check=False)
        if r.returncode != 0:
            raise SystemExit(f"{kind} run failed:\n{r.stderr[-3000:]}")
        result = json.loads(r.stdout.strip().splitlines()[-1])
        if best is None or result["s"] < best["s"]:
            best = result
    return best


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, root, a, b = sys.argv[2:6]
        (child_import if kind == "import" else child_reference)(root, a, b)
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the fastest counts")
    ap.add_argument("--compare-with", type=Path, help="another checkout whose import to time on the same file")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        csv_path, rows_path = tmp / "households.csv", tmp / "rows.json"
        rows = make_csv(csv_path, args.rows)
        rows_path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        ref = run_child("reference", ROOT, rows_path, tmp / "ref.sqlite3", args.repeat)
        imp = run_child("import", ROOT, csv_path, tmp / "imp.sqlite3", args.repeat)
        assert imp["created"] == args.rows, imp
        result = {"bench": "import_households", "rows": args.rows, "repeat": args.repeat, "import_s": round(imp["s"], 2),
                  "import_rss_mb": round(imp["rss_mb"]), "reference_s": round(ref["s"], 2),
                  "reference_rss_mb": round(ref["rss_mb"]), "ratio": round(imp["s"] / ref["s"], 1),
                  "rows_per_s": round(args.rows / imp["s"])}
        print(f"import: {imp['s']:.2f} s, peak RSS {imp['rss_mb']:.0f} MB (+{imp['rss_growth_mb']:.0f} MB during import)")
        print(f"reference (bare executemany of the same rows): {ref['s']:.2f} s, peak RSS {ref['rss_mb']:.0f} MB")
        if args.compare_with:
            other = run_child("import", args.compare_with.resolve(), csv_path, tmp / "other.sqlite3", args.repeat)
            print(f"{args.compare_with}: {other['s']:.2f} s, peak RSS {other['rss_mb']:.0f} MB")
            result.update(compare_s=round(other["s"], 2), compare_rss_mb=round(other["rss_mb"]),
                          speedup=round(other["s"] / imp["s"], 1))
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
