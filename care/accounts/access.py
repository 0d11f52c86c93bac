"""What each role may see and do, checked by the services (the console only hides what the
services would refuse anyway).

    social_worker  her assigned households (household.worker is her display name or username):
                   view, edit, follow-ups, plans, calls, and the flags of those households;
                   searching every household by name only where a supervisor allows it
                   (settings "access".workers_search_all)
    supervisor     every household, the review queue (assign, export), reports, the access log,
                   imports and exports
    admin          everything a supervisor may, plus users, settings, lexicon, devices, retention

Actors that are not users:
- "system:<name>" (the runner, ingest, device simulators) act as the system and are allowed.
- On a database with no users at all (before the first admin exists) every actor is allowed: a
  fresh install must be usable to create that admin, and single-PC setups upgraded from before
  accounts keep working until an admin is added. Once any user exists, an actor that is not an
  active user is refused.

A refusal raises AccessDenied after writing an access-log row with action "denied" (the unit of
work is rolled back first, so nothing else of it is kept).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from care import audit
from care.errors import AnbuError
from storage.models import AppUser, Household
from storage.vocabulary import Role

SYSTEM_PREFIX = "system:"
RUNNER = "system:runner"
INGEST = "system:ingest"
DEVICES = "system:devices"


class Permission(StrEnum):
    VIEW_HOUSEHOLD = "view_household"  # scoped: a social worker's own households
    EDIT_HOUSEHOLD = "edit_household"  # scoped
    CREATE_HOUSEHOLD = "create_household"
    SEARCH_ALL = "search_all"  # search every household by name
    EXPORT_HOUSEHOLDS = "export_households"
    IMPORT = "import"
    REVIEW_QUEUE = "review_queue"  # every flag (a social worker sees her households' flags)
    REVIEW_FLAG = "review_flag"  # scoped: view/acknowledge/resolve one flag
    ASSIGN_FLAG = "assign_flag"
    REPORTS = "reports"
    PAUSE_ALL = "pause_all"  # pause or resume every check-in call
    ACCESS_LOG = "access_log"
    LIST_USERS = "list_users"
    MANAGE_USERS = "manage_users"
    SETTINGS = "settings"
    DEVICES = "devices"
    RETENTION = "retention"
    LEXICON = "lexicon"
    DEMO_DATA = "demo_data"
    DUTY_ROSTER = "duty_roster"  # who is on call when (issue 15)


SCOPED = frozenset({Permission.VIEW_HOUSEHOLD, Permission.EDIT_HOUSEHOLD, Permission.REVIEW_FLAG})
_WORKER = frozenset({Permission.VIEW_HOUSEHOLD, Permission.EDIT_HOUSEHOLD, Permission.REVIEW_FLAG,
                     Permission.CREATE_HOUSEHOLD})
_SUPERVISOR = _WORKER | {Permission.SEARCH_ALL, Permission.EXPORT_HOUSEHOLDS, Permission.IMPORT,
                         Permission.REVIEW_QUEUE, Permission.ASSIGN_FLAG, Permission.REPORTS,
                         Permission.ACCESS_LOG, Permission.LIST_USERS, Permission.PAUSE_ALL,
                         Permission.DUTY_ROSTER}
_ADMIN = _SUPERVISOR | {Permission.MANAGE_USERS, Permission.SETTINGS, Permission.DEVICES,
                        Permission.RETENTION, Permission.LEXICON, Permission.DEMO_DATA}
GRANTS: dict[Role, frozenset[Permission]] = {Role.SOCIAL_WORKER: _WORKER, Role.SUPERVISOR: frozenset(_SUPERVISOR),
                                             Role.ADMIN: frozenset(_ADMIN)}

_WORDS = {  # what was refused, for the message
    Permission.VIEW_HOUSEHOLD: "이 가구의 기록 보기 (viewing this household)",
    Permission.EDIT_HOUSEHOLD: "이 가구의 기록 변경 (changing this household)",
    Permission.CREATE_HOUSEHOLD: "가구 등록 (adding a household)",
    Permission.SEARCH_ALL: "모든 가구 검색 (searching every household)",
    Permission.EXPORT_HOUSEHOLDS: "가구 내보내기 (exporting households)",
    Permission.IMPORT: "가져오기 (importing)",
    Permission.REVIEW_QUEUE: "전체 검토 대기열 (the whole review queue)",
    Permission.REVIEW_FLAG: "이 플래그 검토 (reviewing this flag)",
    Permission.ASSIGN_FLAG: "플래그 배정 (assigning flags)",
    Permission.REPORTS: "보고서 (reports)",
    Permission.PAUSE_ALL: "전체 안부전화 일시중지 (pausing every check-in call)",
    Permission.ACCESS_LOG: "접근 기록 검토 (reviewing the access log)",
    Permission.LIST_USERS: "사용자 목록 (the user list)",
    Permission.MANAGE_USERS: "사용자 관리 (managing users)",
    Permission.SETTINGS: "설정 변경 (changing settings)",
    Permission.DEVICES: "기기 등록·관리 (registering devices)",
    Permission.RETENTION: "보존 기간·삭제 (retention and purging)",
    Permission.LEXICON: "어휘 사전 (the lexicon)",
    Permission.DEMO_DATA: "데모 데이터 (demo data)",
    Permission.DUTY_ROSTER: "당직표 변경 (changing the duty roster)",
}


class AccessDenied(AnbuError):
    """A role may not do this (or the actor is not a user of this database)."""

    exit_code = 7

    def __init__(self, message: str, permission: Permission) -> None:
        super().__init__(message)
        self.permission = permission


def is_system(actor: str) -> bool:
    return actor.startswith(SYSTEM_PREFIX)


def has_users(s: Session) -> bool:
    return s.scalar(select(AppUser.id).limit(1)) is not None


def user_of(s: Session, actor: str) -> AppUser | None:
    return s.scalar(select(AppUser).where(AppUser.username == actor))


def role_of(s: Session, actor: str) -> Role | None:
    """The actor's role; None for the system and for anyone on a database with no users (both may
    do everything)."""
    if is_system(actor):
        return None
    u = user_of(s, actor)
    if u is not None and u.active:
        return Role(u.role)
    if u is None and not has_users(s):
        return None
    raise _refuse(s, actor, None, _not_a_user(actor, u))


def _not_a_user(actor: str, u: AppUser | None) -> str:
    if u is not None:
        return f"'{actor}' 계정은 사용 중지되었습니다 (the account '{actor}' is disabled)"
    return (f"'{actor}'은(는) 이 데이터베이스의 사용자가 아닙니다. 로그인하거나 --user 이름 --password-stdin 으로 "
            f"실행하세요 ('{actor}' is not a user of this database: sign in, or give --user NAME "
            f"--password-stdin)")


def worker_names(u: AppUser) -> tuple[str, ...]:
    return tuple(n for n in (u.display_name, u.username) if n)


def scope(s: Session, actor: str) -> tuple[str, ...] | None:
    """None: every household. A tuple: only households whose worker is one of these names."""
    if is_system(actor):
        return None
    u = user_of(s, actor)
    if u is None or not u.active or Role(u.role) != Role.SOCIAL_WORKER:
        role_of(s, actor)  # refuses a stranger once users exist
        return None
    return worker_names(u)


def scoped_household_ids(s: Session, actor: str) -> set[int] | None:
    """The ids of the households the actor may see (None: every household)."""
    names = scope(s, actor)
    if names is None:
        return None
    return set(s.scalars(select(Household.id).where(Household.worker.in_(names))))


def household_filter(names: tuple[str, ...] | None):
    """A WHERE clause for a scope (None: no restriction)."""
    return None if names is None else Household.worker.in_(names)


def search_scope(s: Session, actor: str) -> tuple[str, ...] | None:
    """The scope of a name search: everything for a social worker where a supervisor allows it."""
    names = scope(s, actor)
    if names is None:
        return None
    from care import settings

    return None if settings.load(s, settings.AccessSettings).workers_search_all else names


def allows(s: Session, actor: str, permission: Permission, *, household: Household | None = None) -> bool:
    """Whether the actor may (no log row; for hiding things)."""
    if is_system(actor):
        return True
    u = user_of(s, actor)
    if u is None:
        return not has_users(s)
    if not u.active:
        return False
    role = Role(u.role)
    if permission not in GRANTS[role]:
        return False
    if role == Role.SOCIAL_WORKER and permission in SCOPED and household is not None:
        return household.worker in worker_names(u)
    return True


def require(s: Session, actor: str, permission: Permission, *, household: Household | None = None,
            entity: str | None = None, entity_id: int | None = None) -> None:
    """Refuse (AccessDenied, logged as "denied") unless the actor may. Call it before the unit of
    work writes anything: a refusal rolls the session back, commits the log row, then raises."""
    role = role_of(s, actor)
    if role is None:
        return
    if permission not in GRANTS[role]:
        raise _refuse(s, actor, permission, _role_message(role, permission), household, entity, entity_id)
    if role == Role.SOCIAL_WORKER and permission in SCOPED and household is not None:
        u = user_of(s, actor)
        if u is None or household.worker not in worker_names(u):
            raise _refuse(s, actor, permission,
                          f"{household.ref or household.id} 가구는 담당 가구가 아닙니다: {_WORDS[permission]}은(는) "
                          f"담당자와 팀장만 할 수 있습니다 (household {household.ref or household.id} is not assigned "
                          f"to you; only its worker and supervisors may)", household, entity, entity_id)


def require_households(s: Session, actor: str, permission: Permission, households: Iterable[Household]) -> None:
    for h in households:
        require(s, actor, permission, household=h)


def _role_message(role: Role, permission: Permission) -> str:
    need = next(r for r in (Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.ADMIN) if permission in GRANTS[r])
    return (f"{_WORDS[permission]}: '{role}' 역할에는 권한이 없습니다 ('{need}' 이상 필요) "
            f"(the role '{role}' may not do this; it needs '{need}' or above)")


def _refuse(s: Session, actor: str, permission: Permission | None, message: str, household: Household | None = None,
            entity: str | None = None, entity_id: int | None = None) -> AccessDenied:
    s.rollback()
    ent = entity or ("household" if household is not None else "access")
    eid = entity_id if entity_id is not None else (household.id if household is not None else None)
    audit.record(s, actor, "denied", ent, eid, {"permission": str(permission) if permission else "sign_in"},
                 household_ref=household.ref if household is not None else None)
    s.commit()
    return AccessDenied(message, permission or Permission.VIEW_HOUSEHOLD)


def count_users(s: Session) -> int:
    return int(s.scalar(select(func.count(AppUser.id))) or 0)


__all__ = ["DEVICES", "GRANTS", "INGEST", "RUNNER", "AccessDenied", "Permission", "allows", "household_filter",
           "is_system", "require", "require_households", "role_of", "scope", "search_scope"]
