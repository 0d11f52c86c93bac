"""Which households the pages show: my households / one 동 / the whole district, chosen by each
person and remembered for them in the database (user_pref "view_scope", so it follows them from PC
to PC). Every page and counter that lists households reads it through `effective`.

The choice narrows, it never widens: a social worker's role already limits her to her own
households (care.accounts.access.scope), so "mine" is her only choice; supervisors and admins
choose among all three. "mine" for a supervisor is the households whose worker is her name;
"dong" is one 동 (her own `app_user.dong` unless she picked another).

System actors and a database with no users see everything and have no choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from care import audit
from care.accounts import access
from care.errors import AnbuError
from storage.db import Database
from storage.models import AppUser, Household, UserPref
from storage.vocabulary import Role

KEY = "view_scope"
MINE, DONG, DISTRICT = "mine", "dong", "district"
KINDS = (MINE, DONG, DISTRICT)


class ScopeRefused(AnbuError):
    """A choice the person's role does not allow, or a 동 nobody lives in."""

    exit_code = 2


@dataclass(frozen=True)
class ViewScope:
    """The person's choice."""

    kind: str = DISTRICT
    dong: str = ""


@dataclass(frozen=True)
class HouseholdView:
    """What a page may list: households whose worker is one of `workers` (None: any) and whose
    동 is `dong` (None: any)."""

    workers: tuple[str, ...] | None = None
    dong: str | None = None

    @property
    def everything(self) -> bool:
        return self.workers is None and self.dong is None

    def clause(self):
        """A WHERE clause on Household (None: no restriction)."""
        parts = []
        if self.workers is not None:
            parts.append(Household.worker.in_(self.workers))
        if self.dong is not None:
            parts.append(Household.dong == self.dong)
        return None if not parts else parts[0] if len(parts) == 1 else and_(*parts)

    def allows(self, worker: str | None, dong: str | None) -> bool:
        return ((self.workers is None or worker in self.workers)
                and (self.dong is None or dong == self.dong))


@dataclass(frozen=True)
class ScopeOptions:
    """What the selector offers this person: the current choice, the kinds the role allows and
    the district's 동 names."""

    current: ViewScope
    kinds: tuple[str, ...]
    dongs: tuple[str, ...]
    own_dong: str


def _user(s: Session, actor: str) -> AppUser | None:
    if access.is_system(actor):
        return None
    u = access.user_of(s, actor)
    return u if u is not None and u.active else None


def kinds_for(u: AppUser | None) -> tuple[str, ...]:
    if u is None:
        return ()
    return (MINE,) if Role(u.role) == Role.SOCIAL_WORKER else KINDS


def chosen(s: Session, actor: str) -> ViewScope:
    """The stored choice, narrowed to what the role allows (default: a social worker's own
    households, everyone else the district)."""
    u = _user(s, actor)
    kinds = kinds_for(u)
    if u is None:
        return ViewScope(DISTRICT)
    pref = s.get(UserPref, (u.id, KEY))
    value = pref.value if pref is not None and isinstance(pref.value, dict) else {}
    stored = str(value.get("kind") or "")
    kind = stored if stored in kinds else (MINE if kinds == (MINE,) else DISTRICT)
    dong = str(value.get("dong") or u.dong or "") if kind == DONG else ""
    if kind == DONG and not dong:
        kind = DISTRICT
    return ViewScope(kind, dong)


def effective(s: Session, actor: str) -> HouseholdView:
    """The role's scope and the person's choice together: what every list and counter shows."""
    workers = access.scope(s, actor)  # refuses a stranger once users exist
    u = _user(s, actor)
    if u is None:
        return HouseholdView(workers)
    choice = chosen(s, actor)
    if choice.kind == MINE:
        workers = access.worker_names(u) if workers is None else workers
    return HouseholdView(workers, choice.dong if choice.kind == DONG else None)


def household_ids(s: Session, actor: str) -> set[int] | None:
    """The ids of the households the pages show this person (None: every household)."""
    view = effective(s, actor)
    clause = view.clause()
    return None if clause is None else set(s.scalars(select(Household.id).where(clause)))


def dongs(s: Session) -> tuple[str, ...]:
    return tuple(d for d in s.scalars(select(Household.dong).where(Household.dong != "").distinct()
                                      .order_by(Household.dong)) if d)


def options(db: Database, actor: str) -> ScopeOptions:
    with db.session() as s:
        u = _user(s, actor)
        return ScopeOptions(chosen(s, actor), kinds_for(u), dongs(s) if DONG in kinds_for(u) else (),
                            (u.dong or "") if u is not None else "")


def choose(db: Database, actor: str, kind: str, dong: str = "") -> ViewScope:
    """Remember `kind` (and the 동 for "dong") for this person; refused (ScopeRefused, exit 2) when
    the role does not allow it or no household lives in that 동."""
    with db.session() as s:
        u = _user(s, actor)
        if u is None:
            raise ScopeRefused(f"'{actor}' 은(는) 보기 범위를 고를 수 있는 사용자가 아닙니다 "
                               f"('{actor}' is not a signed-in user who can choose a view scope)")
        kinds = kinds_for(u)
        if kind not in kinds:
            raise ScopeRefused(f"보기 범위 '{kind}'는 이 역할에서 고를 수 없습니다: {', '.join(kinds)} 중 하나 "
                               f"(the view scope '{kind}' is not open to the role '{u.role}'; one of {', '.join(kinds)})")
        dong = dong.strip() if kind == DONG else ""
        if kind == DONG and dong not in dongs(s):
            raise ScopeRefused(f"'{dong}'에 사는 가구가 없습니다 (no household lives in the 동 '{dong}')")
        value = {"kind": kind, "dong": dong}
        pref = s.get(UserPref, (u.id, KEY))
        if pref is None:
            s.add(UserPref(user_id=u.id, key=KEY, value=value))
        else:
            pref.value = value
        audit.record(s, actor, "view_scope", "user", u.id, value)
        return ViewScope(kind, dong)


__all__ = ["DISTRICT", "DONG", "KINDS", "MINE", "HouseholdView", "ScopeOptions", "ScopeRefused", "ViewScope",
           "choose", "chosen", "dongs", "effective", "household_ids", "options"]
