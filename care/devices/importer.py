"""Vendor exports into the same ingest path as MQTT: `import-readings FILE.jsonl|FILE.csv`.

Policy: per row, not all-or-nothing. Good rows are written (in batches); each bad row goes to the
dead-letter table with its line number and reason, and is reported. A vendor export of weeks of
readings should not be thrown away for a few broken lines, and importing the same file again is
harmless (its rows come back as `duplicate`).

CSV: a header row with household_ref, device_ref (or external_id, the vendor's id registered on
the device), metric, ts, value, unit. Values: numbers, or true/false. UTF-8 (with or without BOM);
CP949, which Korean spreadsheet exports often use, is read too.
JSONL: one object per line, either {"topic": "anbu/v1/...", "ts", "value", "unit"} or
{"household_ref", "device_ref", "metric", "ts", "value", "unit"}.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from care.devices.ingest import Ingestor
from care.devices.schema import Rejection, topic_for
from care.errors import AnbuError
from storage.db import Database
from storage.models import Device, Household
from storage.types import utcnow

CSV_COLUMNS = ("household_ref", "metric", "ts", "value")
MAX_REPORTED = 50


@dataclass
class ReadingsImportReport:
    file: str
    rows: int = 0
    accepted: int = 0
    rejected: Counter = field(default_factory=Counter)
    bad_rows: list[tuple[int, str, str]] = field(default_factory=list)  # (line, reason, detail), first 50

    def to_json(self) -> dict:
        return {"file": self.file, "rows": self.rows, "accepted": self.accepted,
                "rejected": sum(self.rejected.values()), "reasons": dict(self.rejected)}


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AnbuError(f"{path}: 파일을 읽을 수 없습니다 (cannot read the file: {exc.strerror})") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp949")
        except UnicodeDecodeError as exc:
            raise AnbuError(f"{path}: UTF-8도 CP949도 아닌 파일입니다 (neither UTF-8 nor CP949)") from exc


def _csv_value(text: str):
    t = text.strip()
    if t.lower() in ("true", "false"):
        return t.lower() == "true"
    try:
        return int(t) if t.lstrip("+-").isdigit() else float(t)
    except ValueError:
        return t  # refused as wrong_type by the validator, like any other non-number


def _json_bytes(obj: object) -> bytes:
    """UTF-8 JSON; a string that UTF-8 cannot hold (a lone surrogate from a "\\ud800" escape) stays
    an escape, so the validator refuses that one row (bad_text) instead of the file aborting."""
    try:
        return json.dumps(obj, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return json.dumps(obj).encode()


def _csv_rows(text: str, path: Path, external: dict[tuple[str, str], str]) -> Iterator[tuple[int, str, Rejection | None, bytes]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing or not ({"device_ref", "external_id"} & set(header)):
        raise AnbuError(f"{path}: CSV 머리글에 {', '.join(missing or ['device_ref/external_id'])} 열이 없습니다 "
                        f"(the header needs household_ref, device_ref or external_id, metric, ts, value, unit)")
    for row in reader:
        line = reader.line_num
        h_ref = (row.get("household_ref") or "").strip()
        d_ref = (row.get("device_ref") or "").strip()
        if not d_ref and row.get("external_id"):
            d_ref = external.get((h_ref, row["external_id"].strip()), f"external:{row['external_id'].strip()}")
        if None in row:  # more cells than columns
            yield line, "", Rejection("bad_row", f"{len(header) + len(row[None])} cells, the header has {len(header)}"), \
                ",".join(str(v) for v in row.values()).encode()
            continue
        payload = {"ts": (row.get("ts") or "").strip(), "value": _csv_value(row.get("value") or ""),
                   "unit": (row.get("unit") or "").strip()}
        if not payload["ts"] or (row.get("value") or "").strip() == "":
            payload = {k: v for k, v in payload.items() if v != ""}
        yield line, topic_for(h_ref or "-", d_ref or "-", (row.get("metric") or "").strip() or "-"), None, \
            _json_bytes(payload)


def _jsonl_rows(text: str) -> Iterator[tuple[int, str, Rejection | None, bytes]]:
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except ValueError as exc:
            yield line, "", Rejection("bad_row", f"not a JSON line: {exc}"[:200]), raw.encode()
            continue
        if isinstance(obj, dict) and "topic" in obj:
            topic = str(obj.pop("topic"))
        elif isinstance(obj, dict):
            topic = topic_for(str(obj.pop("household_ref", "-")), str(obj.pop("device_ref", "-")),
                              str(obj.pop("metric", "-")))
        else:
            yield line, "", Rejection("bad_row", "a JSONL line must be an object"), raw.encode()
            continue
        yield line, topic, None, _json_bytes(obj)


def import_readings(db: Database, path: Path, *, now: Callable[[], datetime] = utcnow,
                    max_age: timedelta = timedelta(days=30), actor: str | None = None) -> ReadingsImportReport:
    """Readings from a vendor export through the ingest's checks; with `actor` (a person's import)
    one access-log row names the file and the counts."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".ndjson"):
        raise AnbuError(f"{path}: .csv 또는 .jsonl 파일만 가져올 수 있습니다 (only .csv and .jsonl files)")
    text = _read_text(path)
    with db.session() as s:
        external = {(h, e): d for h, e, d in s.execute(
            select(Household.ref, Device.external_id, Device.ref).join(Device, Device.household_id == Household.id)
            .where(Device.external_id != ""))}
    report = ReadingsImportReport(file=path.name)
    ingest = Ingestor(db, source=f"import:{path.name}", batch_size=2000, now=now, max_past=max_age)
    rows = _csv_rows(text, path, external) if suffix == ".csv" else _jsonl_rows(text)
    for line, topic, refused, payload in rows:
        report.rows += 1
        label = f"line {line}: {topic}" if topic else f"line {line}"
        result = ingest.reject(label, payload, refused) if refused else ingest.submit(topic, payload, label=label)
        if isinstance(result, Rejection) and len(report.bad_rows) < MAX_REPORTED:
            report.bad_rows.append((line, result.reason, result.detail))
    ingest.flush()
    report.accepted = ingest.stats.accepted
    report.rejected = ingest.stats.rejected
    if actor is not None:
        from care import audit

        audit.record_access(db, actor, "import", "sensor_reading",
                            {"file": path.name, "rows": report.rows, "accepted": report.accepted,
                             "rejected": sum(report.rejected.values())})
    return report
