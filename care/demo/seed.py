"""Deterministic demo data: Gangseo-gu households with Korean names, numbers in the unassigned
010-0000-NNNN block, varied consent and keyholders, check-in plans. Everything is is_demo=True and
the console says so. Seeded only when the console first opens the default database, or on request
(`demo-data`); never implicitly by any other command.

Areas add their own history through their seed_demo(session, households, rng, now) functions
(devices: care.devices.demo); they are called from here in the same transaction."""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import func, select

from care import audit
from care.accounts import access
from care.households.registry import assign_refs
from storage.db import Database
from storage.models import AppSetting, CheckInPlan, Contact, Household
from storage.types import utcnow

DONGS = ("염창동", "등촌1동", "등촌2동", "등촌3동", "화곡본동", "화곡1동", "화곡2동", "화곡3동", "화곡4동",
         "화곡6동", "화곡8동", "우장산동", "가양1동", "가양2동", "가양3동", "발산1동", "공항동", "방화1동",
         "방화2동", "방화3동")
ROADS = ("화곡로", "강서로", "공항대로", "등촌로", "양천로", "가로공원로", "까치산로", "곰달래로", "방화대로", "허준로")
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ("영희", "순자", "정숙", "영자", "옥순", "말순", "춘자", "철수", "영수", "상철", "정호", "만복", "순덕",
         "복순", "경자", "명자", "광수", "종철", "기순", "점례")
WORKERS = ("박지은 주무관", "최민호 주무관", "이수진 주무관", "정해원 주무관", "한소영 주무관")
RELATIONS = ("아들", "딸", "며느리", "이웃", "통장", "조카", "사위")
NOTES = ("", "", "", "당뇨, 인슐린 투여", "고혈압약 복용", "보청기 사용 — 천천히 말하기", "무릎 수술 후 회복 중",
         "치매 초기, 보호자 연락 우선", "겨울철 난방비 지원 대상", "우울감 호소 이력")
PLANS = (("tue,fri", "18:30", "20:30", "twice_weekly"), ("mon,thu", "17:00", "19:00", "twice_weekly"),
         ("wed", "10:00", "12:00", "weekly"), ("mon,tue,wed,thu,fri", "18:00", "20:00", "daily"))

# modules providing seed_demo(session, households, rng, now); added as areas land
AREA_SEEDERS: tuple[str, ...] = ("care.demo.calls", "care.devices.demo")

DEMO_MARK = "demo_seeded"


def _area_seeders() -> list[Callable]:
    seeders = []
    for name in AREA_SEEDERS:
        seeders.append(importlib.import_module(name).seed_demo)
    return seeders


def make_households(n: int, rng: random.Random) -> list[Household]:
    today = date.today()
    out = []
    for i in range(n):
        consent = rng.random() < 0.85
        h = Household(
            name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            birth_year=rng.randint(1934, 1975),
            phone=f"+82100000{i:04d}" if n <= 10_000 else f"+8210{i:08d}",
            address=f"서울특별시 강서구 {rng.choice(ROADS)} {rng.randint(1, 399)}, {rng.randint(1, 12)}0{rng.randint(1, 9)}호",
            dong=rng.choice(DONGS),
            worker=rng.choice(WORKERS),
            language="en" if rng.random() < 0.03 else "ko",
            consent_recording=consent,
            consent_date=today - timedelta(days=rng.randint(10, 700)) if consent else None,
            notes=rng.choice(NOTES),
            active=rng.random() > 0.03,
            is_demo=True,
        )
        for p in range(1, rng.choice((0, 1, 1, 2, 2, 3)) + 1):
            h.contacts.append(Contact(name=rng.choice(SURNAMES) + rng.choice(GIVEN), relation=rng.choice(RELATIONS),
                                      phone=f"+82100001{(i * 3 + p) % 10_000:04d}", priority=p, has_key=rng.random() < 0.4))
        out.append(h)
    return out


BATCH_HOUSEHOLDS = 1000  # households per transaction (and per area seeder call)


def seed_demo(db: Database, households: int = 40, seed: int = 7, actor: str = "system:demo") -> int:
    """Adds `households` demo households (and whatever history the installed areas add).
    Deterministic for a seed. Returns the number of households added.

    Committed in batches of BATCH_HOUSEHOLDS, each with its own history (a district-sized demo in
    one transaction held the write lock for quarter of an hour and grew a 662 MB WAL). Up to a
    batch it is one transaction, as before. The demo mark and the access-log row come with the
    last batch; a run that stopped half way is finished by running it again (phones already
    taken are skipped, and they are the same for a seed)."""
    rng = random.Random(seed)
    now = utcnow()
    with db.session() as s:
        access.require(s, actor, access.Permission.DEMO_DATA, entity="household")
        taken = set(s.execute(select(Household.phone)).scalars())
    rows = [h for h in make_households(households, rng) if h.phone not in taken]
    batches = [rows[i:i + BATCH_HOUSEHOLDS] for i in range(0, len(rows), BATCH_HOUSEHOLDS)] or [[]]
    for n, batch in enumerate(batches, 1):
        with db.session() as s:
            _seed_batch(s, batch, rng, now)
            if n == len(batches):
                mark = s.get(AppSetting, DEMO_MARK)
                if mark is None:
                    s.add(AppSetting(key=DEMO_MARK, value={"at": now.isoformat(), "seed": seed}))
                audit.record(s, actor, "seed_demo", "household", None, {"households": len(rows), "seed": seed})
    return len(rows)


def _seed_batch(s, rows: list[Household], rng: random.Random, now) -> None:
    s.add_all(rows)
    assign_refs(s, rows)
    for h in rows:
        days, start, end, cadence = rng.choice(PLANS)
        s.add(CheckInPlan(household_id=h.id, weekdays=days, window_start=start, window_end=end, cadence=cadence,
                          paused=rng.random() < 0.05, pause_reason="입원 중 (hospital stay)" if rng.random() < 0.05 else ""))
    for seeder in _area_seeders():
        seeder(s, rows, rng, now)


def seed_if_first_open(db: Database) -> bool:
    """The console's first open of the default database gets demo data; any other database, or a
    default database that already holds households or was seeded before, does not."""
    if not db.is_default:
        return False
    with db.session() as s:
        if s.get(AppSetting, DEMO_MARK) is not None:
            return False
        if s.execute(select(func.count(Household.id))).scalar_one() > 0:
            return False
    seed_demo(db)
    from care.accounts.demo import seed_demo_accounts

    seed_demo_accounts(db, "system:demo")
    return True


def has_demo_data(db: Database) -> bool:
    with db.session() as s:
        return s.execute(select(Household.id).where(Household.is_demo.is_(True)).limit(1)).first() is not None


