"""Loading and saving the settings sections in app_setting, with one policy for everything.

- load(session, Section) -> the frozen section; types and ranges checked (an error names the field).
- save(session, section_value, actor=...) / update(session, Section, actor=..., **changes):
  fully validated, written in the caller's transaction, one audit row naming the changed keys
  (never values, and no secret ever reaches the store).
- Unknown keys: a save that names a field the section does not have is refused (the error lists
  the known ones); a stored key this version does not know (written by a newer Anbu, or by hand)
  is kept untouched in the row and logged as a warning on load, never used.
- Schema version: app_setting "settings.schema" {"version": N}. Older shapes are upgraded in memory
  on every load (readers never write) and persisted, audited, by the first save.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, fields, replace
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.orm import Session

from care import audit
from care.accounts import access
from care.errors import ConfigurationError
from care.settings import checks
from care.settings.sections import SECRET_NAMES, SECTIONS
from storage.models import AppSetting

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")
SCHEMA_KEY = "settings.schema"
SCHEMA_VERSION = 1
_warned: set[tuple[str, tuple[str, ...]]] = set()


def _v0_to_v1(raw: dict[str, Any]) -> dict[str, Any]:
    """Schema 0 (before the one store) kept a second call-back number in "runner"; the runner now
    reads telephony's. The runner's copy moves there unless the Settings page already set one."""
    runner = dict(raw.get("runner") or {})
    if "office_number" in runner:
        office = runner.pop("office_number")
        line = dict(raw.get("telephony") or {})
        if office and not line.get("office_number"):
            line["office_number"] = office
            raw["telephony"] = line
        raw["runner"] = runner
    return raw


UPGRADES = {0: _v0_to_v1}  # stored version -> the step to the next one


def stored_version(session: Session) -> int:
    row = session.get(AppSetting, SCHEMA_KEY)
    value = row.value if row is not None else None
    return int(value.get("version", 0)) if isinstance(value, dict) else 0


def _stored(session: Session, key: str) -> Any:
    row = session.get(AppSetting, key)
    return row.value if row is not None else None


def _upgraded(session: Session) -> tuple[int, dict[str, Any]]:
    """(the stored version, every section's stored value in the current shape)."""
    version = stored_version(session)
    raw = {key: _stored(session, key) for key in SECTIONS.values()}
    for step in range(version, SCHEMA_VERSION):
        raw = UPGRADES[step](raw)
    return version, raw


def _value(session: Session, key: str) -> Any:
    if stored_version(session) >= SCHEMA_VERSION:
        return _stored(session, key)
    return _upgraded(session)[1][key]


def _section(cls: type[T]) -> str:
    try:
        return SECTIONS[cls]
    except KeyError:
        raise TypeError(f"{cls.__name__} is not a settings section") from None


def _from_stored(key: str, cls: type[T], value: Any) -> T:
    if value is not None and not isinstance(value, dict):
        log.warning("setting %s is not a table of values (%r): using the defaults", key, type(value).__name__)
    value = value if isinstance(value, dict) else {}
    known = {f.name for f in fields(cls)}
    unknown = tuple(sorted(set(value) - known))
    if unknown and (key, unknown) not in _warned:
        _warned.add((key, unknown))
        log.warning("setting %s: unknown key(s) %s kept but not used (known: %s)", key, list(unknown), sorted(known))
    return checks.shape(key, cls(**{k: v for k, v in value.items() if k in known}))


def load(session: Session, cls: type[T]) -> T:
    """The section as stored (defaults for what is not), checked field by field."""
    key = _section(cls)
    return _from_stored(key, cls, _value(session, key))


def validated(section: T) -> T:
    """The section fully validated and normalised (E.164 numbers …) without saving it."""
    return checks.full(_section(type(section)), section)


def with_changes(session: Session, cls: type[T], **changes: Any) -> T:
    """The stored section with `changes` over it, validated, not saved (e.g. command-line flags)."""
    key = _section(cls)
    _refuse_unknown(key, cls, changes)
    return validated(replace(load(session, cls), **changes))  # a bad stored value is named, not replaced


def update(session: Session, cls: type[T], *, actor: str, **changes: Any) -> T:
    """Change some fields of one section (unknown names are refused); returns the stored section."""
    _refuse_unknown(_section(cls), cls, changes)
    return save(session, replace(_loaded_or_default(session, cls), **changes), actor=actor)


def save(session: Session, section: T, *, actor: str) -> T:
    """Validate and store a whole section in the caller's transaction, audited."""
    access.require(session, actor, access.Permission.SETTINGS, entity="app_setting")
    cls = type(section)
    key = _section(cls)
    version = stored_version(session)
    if version > SCHEMA_VERSION:
        raise ConfigurationError(f"settings were saved by a newer Anbu (schema {version}, this one knows "
                                 f"{SCHEMA_VERSION}): update Anbu on this PC before changing them")
    if version < SCHEMA_VERSION:
        upgrade(session, actor=actor)
    before = _loaded_or_default(session, cls)
    new = validated(section)
    stored = _stored(session, key)
    known = {f.name for f in fields(cls)}
    kept = {k: v for k, v in stored.items() if k not in known} if isinstance(stored, dict) else {}
    _write(session, key, {**kept, **asdict(new)})
    changed = sorted(f for f in known if getattr(before, f) != getattr(new, f))
    audit.record(session, actor, "update", "app_setting", detail={"key": key, "changed": changed})
    return new


def upgrade(session: Session, *, actor: str) -> list[str]:
    """Write the stored sections in the current schema (a no-op when they are); returns the keys
    rewritten. Audited (one row for "settings.schema") when a row changed."""
    version, raw = _upgraded(session)
    if version >= SCHEMA_VERSION:
        return []
    rewritten = sorted(k for k, v in raw.items() if v != _stored(session, k))
    for key in rewritten:
        _write(session, key, raw[key])
    _write(session, SCHEMA_KEY, {"version": SCHEMA_VERSION})
    if rewritten:  # a database with nothing in the old shape only gains the version mark
        audit.record(session, actor, "upgrade", "app_setting",
                     detail={"key": SCHEMA_KEY, "from": version, "to": SCHEMA_VERSION, "changed": rewritten})
    log.info("settings upgraded from schema %s to %s (%s)", version, SCHEMA_VERSION, ", ".join(rewritten) or "no rows")
    return rewritten


def _loaded_or_default(session: Session, cls: type[T]) -> T:
    """The stored section, or the defaults when what is stored is unusable (so a save can fix it)."""
    try:
        return load(session, cls)
    except ConfigurationError as exc:
        log.warning("%s; a save replaces it", exc)
        return cls()


def _refuse_unknown(key: str, cls: type, changes: dict[str, Any]) -> None:
    secret = sorted(set(changes) & SECRET_NAMES)
    if secret:
        raise ConfigurationError(f"{', '.join(secret)}: secrets are kept in the OS keyring only, never in the "
                                 f"shared settings ({key})")
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise checks.problem(f"설정 {key}에 없는 항목입니다 (unknown setting {key}.{unknown[0]}); "
                             f"known: {', '.join(sorted(known))}", "unknown_setting", f"{key}.{unknown[0]}")


def _write(session: Session, key: str, value: Any) -> None:
    row = session.get(AppSetting, key)
    if row is None:
        session.add(AppSetting(key=key, value=value))
    else:
        row.value = value
