"""The demo database's accounts, marked as demo: one social worker per demo worker name (the
households' `worker` field), a supervisor and an admin. They all share DEMO_PASSWORD, which is
published (docs/accounts.md): demo accounts are for trying Anbu, never for real residents."""

from __future__ import annotations

from sqlalchemy import select

from care import audit
from care.accounts.users import ENTITY, UserView, hash_password, view_of
from care.demo.seed import WORKERS
from storage.db import Database
from storage.models import AppUser
from storage.vocabulary import Role

DEMO_PASSWORD = "anbu-demo"
# username -> the demo worker's display name, in WORKERS' order
DEMO_WORKERS = dict(zip(("park.jieun", "choi.minho", "lee.sujin", "jung.haewon", "han.soyoung"), WORKERS, strict=True))
DEMO_SUPERVISOR = ("kim.supervisor", "김현정 팀장")
DEMO_ADMIN = ("admin", "관리자")


def seed_demo_accounts(db: Database, actor: str) -> list[UserView]:
    """Adds the demo accounts that are missing (none when they exist). One argon2 hash is shared:
    hashing is deliberately slow."""
    wanted = [(u, d, Role.SOCIAL_WORKER) for u, d in DEMO_WORKERS.items()]
    wanted += [(*DEMO_SUPERVISOR, Role.SUPERVISOR), (*DEMO_ADMIN, Role.ADMIN)]
    with db.session() as s:
        taken = set(s.scalars(select(AppUser.username)))
        missing = [w for w in wanted if w[0] not in taken]
        if not missing:
            return []
        digest = hash_password(DEMO_PASSWORD)
        rows = [AppUser(username=u, display_name=d, role=str(r), password_hash=digest, is_demo=True, active=True)
                for u, d, r in missing]
        s.add_all(rows)
        s.flush()
        audit.record(s, actor, "seed_demo", ENTITY, None, {"users": [r.username for r in rows]})
        return [view_of(r) for r in rows]
