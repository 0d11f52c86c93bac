"""Saving a household that has keyholders: unchanged, reordered, removed, added (issue 10 item 1)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from care.demo.seed import seed_demo
from care.households.registry import (
    ContactInput,
    HouseholdInput,
    create_household,
    get_household,
    update_household,
)
from storage.models import Contact

A = ContactInput(name="이철수", phone="+821022223333", relation="아들", priority=1, has_key=True)
B = ContactInput(name="박영희", phone="+821044445555", relation="딸", priority=2)
C = ContactInput(name="최민수", phone="+821066667777", relation="이웃", priority=3, has_key=True)


def numbered(*contacts: ContactInput) -> tuple[ContactInput, ...]:
    return tuple(replace(c, priority=i) for i, c in enumerate(contacts, start=1))


@pytest.fixture
def household(db):
    inp = HouseholdInput(name="김영희", phone="010-1234-5678", contacts=numbered(A, B, C))
    return create_household(db, inp, "tester"), inp


def names(db, hid):
    return [(c.name, c.priority, c.has_key) for c in get_household(db, hid, "tester").contacts]


@pytest.mark.parametrize("order", [
    (A, B, C),  # saved unchanged
    (C, B, A),  # reversed
    (B, A, C),  # two swapped
    (B, C),  # first removed
    (A,),  # two removed
    (A, B, C, ContactInput(name="새이웃", phone="010-8888-9999")),  # one added
    (ContactInput(name="새이웃", phone="010-8888-9999"), C, A),  # added first, reordered, one removed
    (),  # all removed
])
def test_keyholders_can_be_saved_in_any_order(db, household, order):
    hid, inp = household
    with db.session() as s:
        before = {c.name: c.id for c in s.execute(select(Contact)).scalars()}
    update_household(db, hid, replace(inp, contacts=numbered(*order)), "tester")
    assert names(db, hid) == [(c.name, i, c.has_key) for i, c in enumerate(order, start=1)]
    with db.session() as s:
        after = {c.name: c.id for c in s.execute(select(Contact)).scalars()}
    assert len(after) == len(order)
    # saving twice is as good as once
    update_household(db, hid, replace(inp, contacts=numbered(*order)), "tester")
    assert names(db, hid) == [(c.name, i, c.has_key) for i, c in enumerate(order, start=1)]
    if order == (A, B, C):
        assert after == before  # nothing changed, nothing rewritten


def test_every_demo_household_saves_unchanged(db):
    seed_demo(db, households=44)
    with db.session() as s:
        ids = sorted(set(s.execute(select(Contact.household_id)).scalars()))
    assert len(ids) > 20
    for hid in ids:
        detail = get_household(db, hid, "tester")
        update_household(db, hid, detail.data, "tester")
        assert get_household(db, hid, "tester").contacts == detail.contacts
