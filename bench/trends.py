"""Benchmark (issue 17): learnt baselines, relative inactivity and decline trends against the fixed
24 h rules, on a seeded population of simulated homes (care/devices/lives.py: weekly rhythm, naps,
outings, trips away, visitors, national holidays, sensor dropouts) with planted declines (activity
-30..50 % over 2-4 weeks, or night-time activity rising, from a random day >= 60) and planted
falls. The product's own detectors run over each home's hourly series (care/devices/evaluation.py);
the fixed rules are measured on the same series in the same run.

    python bench/trends.py [--homes 200] [--changes 30] [--acute 25] [--days 120] [--seed 17]

Exit 1 when a target is missed. Last line: the JSON the issue asks for.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from care.devices.evaluation import run_population


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--homes", type=int, default=200)
    ap.add_argument("--changes", type=int, default=30, help="homes with a planted decline / night rise")
    ap.add_argument("--acute", type=int, default=25, help="ordinary homes with a planted fall")
    ap.add_argument("--days", type=int, default=120)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()
    t0 = time.perf_counter()
    s, _ = run_population(args.homes, args.changes, args.acute, args.days, args.seed)
    print(f"homes {s.homes} x {args.days} days (seed {args.seed}): {s.changes} planted changes, {s.acute} falls; "
          f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
    print(f"inactivity alarms per home-month on ordinary days: {s.alarms_per_home_month:.3f} "
          f"vs fixed 24 h rules {s.fixed_alarms_per_home_month:.3f} "
          f"(ratio {s.alarms_per_home_month / max(s.fixed_alarms_per_home_month, 1e-9):.3f}, target <= 0.5)",
          file=sys.stderr)
    print(f"falls found within the ceiling: {s.acute_recall:.0%} (fixed {s.fixed_acute_recall:.0%}); median hours "
          f"to the alarm {s.acute_median_hours} (fixed {s.fixed_acute_median_hours})", file=sys.stderr)
    print(f"median lead from change start to the first trend flag: {s.median_lead_days} days (target <= 10); "
          f"changes never flagged: {s.missed_changes}", file=sys.stderr)
    print(f"false trend flags per 20 home-months: {s.false_trends_per_20_home_months:.3f} (target <= 1)",
          file=sys.stderr)
    misses = s.meets_targets()
    for m in misses:
        print(f"MISSED: {m}", file=sys.stderr)
    print(json.dumps({"bench": "trends", "alarms_per_home_month": s.alarms_per_home_month,
                      "fixed_alarms_per_home_month": s.fixed_alarms_per_home_month,
                      "acute_recall": s.acute_recall, "median_lead_days": s.median_lead_days,
                      "false_trends_per_20_home_months": s.false_trends_per_20_home_months}))
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
