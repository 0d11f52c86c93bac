"""APScheduler 3.x wiring for the long-running runner.

The job store is a SQLAlchemyJobStore in the same database (table apscheduler_jobs, created by
the 0006_runner migration). Jobs in a persistent store must be importable module-level functions,
so the jobs below find the live Runner through `_ACTIVE`. coalesce=True folds a backlog of missed
ticks into one; max_instances=1 never runs two ticks at once; misfire_grace_time says how late a
tick may still run. None of that is trusted to remember the night: the slots are in our own
tables and every tick catches up from them (Vorta's lesson with APScheduler across sleep).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

log = logging.getLogger("anbu.runner")

TICK_JOB = "anbu-runner-tick"
_ACTIVE = None  # the Runner of this process (set by start_scheduler)


def runner_tick() -> None:
    """Plan, close ended windows, resume and dispatch (module level: the job store pickles a
    reference to it, never the Runner)."""
    runner = _ACTIVE
    if runner is None:
        log.warning("scheduler tick with no active runner in this process: ignored")
        return
    runner.tick_wake.set()


def start_scheduler(runner) -> BackgroundScheduler:
    global _ACTIVE
    _ACTIVE = runner
    settings = runner.settings
    scheduler = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=runner.db.engine, tablename="apscheduler_jobs")},
        executors={"default": ThreadPoolExecutor(1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": settings.misfire_grace_s},
        timezone=UTC,
    )
    scheduler.add_job(
        "care.checkins.runner.scheduling:runner_tick", "interval", seconds=settings.tick_s, id=TICK_JOB,
        name="plan and dispatch due check-ins", replace_existing=True, next_run_time=datetime.now(UTC),
    )
    scheduler.start()
    log.info("scheduler started: tick every %.0f s, misfire grace %d s", settings.tick_s, settings.misfire_grace_s)
    return scheduler
