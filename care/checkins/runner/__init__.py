"""The unattended check-in runner: plans due slots, dials within each household's window, retries
the unanswered, persists every pipeline step, and transcribes and assesses off the dialing path.

    care.checkins.runner.settings  the pause switch and the clock (its settings: care.settings "runner" section)
    care.checkins.runner.lease     one runner per database
    care.checkins.runner.slots     slot planning, catch-up after downtime, dispatch bookkeeping
    care.checkins.runner.attempts  the attempt state machine (one committed step at a time)
    care.checkins.runner.missed    missed check-ins: the flag, two-week escalation, activity cross-check
    care.checkins.runner.pipeline  the dial path and the speech path of one attempt
    care.checkins.runner.service   the runner process: threads, signals, APScheduler, --until-idle
"""
