"""One household's whole record (registry fields, keyholders in order, devices, plan, whether it
is unreachable, and a page of its timeline), and its update from the same JSON object, so
"show, edit, update" works: `household_update` accepts exactly what `HouseholdRecord.to_json`
printed, ignores the read-only keys, and changes nothing unless every field is good.

Both are audited: a view of the record, an update of the household.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from care import audit
from care.accounts import access
from care.checkins.plans import PlanView, _view
from care.devices.registry import DeviceRow, _device_row
from care.households import timeline
from care.households.phones import PhoneError, normalize_phone
from care.households.reachability import Reachability, household_reachability
from care.households.registry import (
    ContactInput,
    HouseholdInput,
    HouseholdNotFound,
    HouseholdValidationError,
    update_household,
)
from storage.db import Database
from storage.models import CheckInPlan, Device, Household

# Keys `show` prints that `update` does not change.
READ_ONLY = frozenset({"id", "ref", "is_demo", "timeline", "devices", "plan", "reachability", "created_at",
                       "updated_at", "timeline_next"})
TEXT_FIELDS = ("name", "phone", "address", "dong", "worker", "language", "notes")
BOOL_FIELDS = ("consent_recording", "active")
EDITABLE = frozenset({*TEXT_FIELDS, *BOOL_FIELDS, "birth_year", "consent_date", "contacts"})
# priority: the list's order. notify_consent: absent keeps what the keyholder with that phone had (a new one: false)
CONTACT_KEYS = frozenset({"name", "phone", "relation", "has_key", "priority", "notify_consent"})


@dataclass(frozen=True)
class HouseholdRecord:
    id: int
    ref: str
    is_demo: bool
    data: HouseholdInput
    devices: tuple[DeviceRow, ...]
    plan: PlanView
    reachability: Reachability
    timeline: tuple[timeline.Entry, ...]

    def to_json(self) -> dict[str, Any]:
        d = self.data
        last = self.timeline[-1].cursor if self.timeline else None
        return {
            "id": self.id, "ref": self.ref, "name": d.name, "phone": d.phone, "birth_year": d.birth_year,
            "address": d.address, "dong": d.dong, "worker": d.worker, "language": d.language,
            "consent_recording": d.consent_recording,
            "consent_date": d.consent_date.isoformat() if d.consent_date else None, "notes": d.notes,
            "active": d.active, "is_demo": self.is_demo,
            "contacts": [{"priority": c.priority, "name": c.name, "phone": c.phone, "relation": c.relation,
                          "has_key": c.has_key, "notify_consent": c.notify_consent} for c in d.contacts],
            "devices": [x.to_json() for x in self.devices],
            "plan": {**self.plan.to_json(), "has_plan": self.plan.has_plan},
            "reachability": self.reachability.to_json(),
            "timeline": [e.to_json() for e in self.timeline],
            "timeline_next": {"at": last.at.isoformat(), "kind": last.kind, "id": last.id} if last else None,
        }


def find_household(session: Session, key: str | int) -> Household:
    """A household by id (12) or ref (H000012)."""
    text = str(key).strip()
    h = session.get(Household, int(text)) if text.isascii() and text.isdigit() else None
    if h is None and not (text.isascii() and text.isdigit()):
        h = session.scalar(select(Household).where(Household.ref == text.upper()))
    if h is None:
        raise HouseholdNotFound(text)  # type: ignore[arg-type]
    return h


def household_id(db: Database, key: str | int) -> int:
    with db.session() as s:
        return find_household(s, key).id


def _data(h: Household) -> HouseholdInput:
    contacts = tuple(ContactInput(name=c.name, phone=c.phone, relation=c.relation, priority=c.priority,
                                  has_key=c.has_key, notify_consent=bool(c.notify_consent)) for c in h.contacts)
    return HouseholdInput(name=h.name, phone=h.phone, birth_year=h.birth_year, address=h.address, dong=h.dong,
                          worker=h.worker, language=h.language, consent_recording=h.consent_recording,
                          consent_date=h.consent_date, notes=h.notes, active=h.active, contacts=contacts)


def household_record(db: Database, key: str | int, actor: str, *, limit: int = 50,
                     before: timeline.Cursor | None = None) -> HouseholdRecord:
    """The record and one page of its timeline, in one transaction; logged as a view."""
    with db.session() as s:
        h = find_household(s, key)
        access.require(s, actor, access.Permission.VIEW_HOUSEHOLD, household=h)
        devices = tuple(_device_row(d, h.ref) for d in s.scalars(
            select(Device).where(Device.household_id == h.id).order_by(Device.ref)))
        plan = _view(h, s.scalar(select(CheckInPlan).where(CheckInPlan.household_id == h.id)))
        entries = tuple(timeline.page(s, h.id, limit, before))
        audit.record(s, actor, "view", "household", h.id, {"what": "record", "timeline": len(entries)})
        return HouseholdRecord(h.id, h.ref or "", bool(h.is_demo), _data(h), devices, plan,
                               household_reachability(s, h.id), entries)


# ---- update from the JSON object ------------------------------------------------------------------
def _same_phone(phone: Any) -> str:
    try:
        return normalize_phone(phone) if isinstance(phone, str) else ""
    except PhoneError:
        return ""


def _contacts(value: Any, errors: dict[str, str], current: tuple[ContactInput, ...] = ()) -> tuple[ContactInput, ...]:
    consent_now = {_same_phone(c.phone): c.notify_consent for c in current}
    if not isinstance(value, list):
        errors["contacts"] = "비상연락처는 목록이어야 합니다 (contacts must be a list)"
        return ()
    out = []
    for i, c in enumerate(value):
        where = f"contacts[{i}]"
        if not isinstance(c, dict):
            errors[where] = "객체여야 합니다 (each contact must be an object)"
            continue
        for k in sorted(set(c) - CONTACT_KEYS):
            errors[f"{where}.{k}"] = "알 수 없는 항목 (unknown field)"
        for k in ("name", "phone", "relation"):
            if k in c and not isinstance(c[k], str):
                errors[f"{where}.{k}"] = "문자열이어야 합니다 (must be a string)"
        for k in ("name", "phone"):
            if k not in c:
                errors[f"{where}.{k}"] = "필수 항목입니다 (required)"
        for k in ("has_key", "notify_consent"):
            if k in c and not isinstance(c[k], bool):
                errors[f"{where}.{k}"] = "true 또는 false (must be true or false)"
        if not any(e.startswith(where) for e in errors):
            consent = c["notify_consent"] if "notify_consent" in c else consent_now.get(_same_phone(c["phone"]), False)
            out.append(ContactInput(name=c["name"], phone=c["phone"], relation=c.get("relation", ""),
                                    priority=i + 1, has_key=c.get("has_key", False), notify_consent=consent))
    return tuple(out)


def input_from_json(obj: Any, current: HouseholdInput, *, household: Household | None = None) -> HouseholdInput:
    """The object's editable fields over the current values; HouseholdValidationError names every
    bad or unknown field. Keyholders take the list's order (priority 1 = first)."""
    if not isinstance(obj, dict):
        raise HouseholdValidationError({"(file)": "JSON 객체가 아닙니다 (not a JSON object)"})
    errors: dict[str, str] = {}
    for k in sorted(set(obj) - EDITABLE - READ_ONLY):
        errors[k] = "알 수 없는 항목 (unknown field)"
    if household is not None:
        if "id" in obj and obj["id"] != household.id:
            errors["id"] = f"다른 가구의 기록입니다 (this record is household {obj['id']}, not {household.id})"
        if "ref" in obj and obj["ref"] != (household.ref or ""):
            errors["ref"] = f"다른 가구의 기록입니다 (this record is {obj['ref']}, not {household.ref})"
    values: dict[str, Any] = {}
    for k in TEXT_FIELDS:
        if k in obj:
            if isinstance(obj[k], str):
                values[k] = obj[k]
            else:
                errors[k] = "문자열이어야 합니다 (must be a string)"
    for k in BOOL_FIELDS:
        if k in obj:
            if isinstance(obj[k], bool):
                values[k] = obj[k]
            else:
                errors[k] = "true 또는 false (must be true or false)"
    if "birth_year" in obj:
        v = obj["birth_year"]
        if v is None or (isinstance(v, int) and not isinstance(v, bool)):
            values["birth_year"] = v
        else:
            errors["birth_year"] = "정수 또는 null (must be a whole number or null)"
    if "consent_date" in obj:
        v = obj["consent_date"]
        try:
            values["consent_date"] = None if v is None else date.fromisoformat(v)
        except (TypeError, ValueError):
            errors["consent_date"] = "YYYY-MM-DD 또는 null (must be a date YYYY-MM-DD or null)"
    if "contacts" in obj:
        values["contacts"] = _contacts(obj["contacts"], errors, current.contacts)
    if errors:
        raise HouseholdValidationError(errors)
    merged = {**{k: getattr(current, k) for k in HouseholdInput.__dataclass_fields__}, **values}
    return HouseholdInput(**merged)


def household_update(db: Database, key: str | int, obj: Any, actor: str) -> HouseholdRecord:
    """Apply the object (all or nothing) through care.households.registry.update_household (keyholders kept
    in place, audited) and return the record as it now is (without timeline)."""
    with db.session() as s:
        h = find_household(s, key)
        access.require(s, actor, access.Permission.EDIT_HOUSEHOLD, household=h)
        inp = input_from_json(obj, _data(h), household=h)
        hid = h.id
    update_household(db, hid, inp, actor)
    return household_record(db, hid, actor, limit=1)
