"""Read queries shared by the console and the CLIs (no writes here)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import case, select

from .models import Device, Household, RiskFlag


def severity_rank(ranks: Mapping[str, int]):
    """A SQL expression ranking RiskFlag.severity by `ranks` (care.vocabulary.SEVERITY_RANK: the
    one ranking, higher = more urgent; storage sits below care, so the caller passes it in)."""
    return case(*((RiskFlag.severity == str(sev), n) for sev, n in ranks.items()), else_=0)


def counted_devices():
    """The devices every page counts: active devices of active households (one definition, so the
    overview and the devices page agree)."""
    return (select(Device.id).join(Household, Household.id == Device.household_id)
            .where(Device.active.is_(True), Household.active.is_(True)))
