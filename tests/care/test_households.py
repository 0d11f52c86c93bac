from __future__ import annotations

import pytest
from sqlalchemy import select

from care.households.phones import display_phone, normalize_phone
from care.households.registry import (
    ContactInput,
    HouseholdInput,
    HouseholdValidationError,
    create_household,
    get_household,
    search_households,
    update_household,
    validate,
)
from storage.models import AuditEvent


@pytest.mark.parametrize("raw, e164", [
    ("010-1234-5678", "+821012345678"),
    ("01012345678", "+821012345678"),
    ("02-123-4567", "+8221234567"),
    ("02-1234-5678", "+82212345678"),
    ("+82 10 1234 5678", "+821012345678"),
])
def test_phone_forms_are_stored_as_e164(raw, e164):
    assert normalize_phone(raw) == e164
    assert normalize_phone(display_phone(e164)) == e164


def test_display_phone_matches_phonenumbers_for_korean_numbers():
    import phonenumbers

    for e164 in ("+821012345678", "+8221234567", "+82212345678", "+82311234567", "+827012345678"):
        expected = phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.NATIONAL)
        assert display_phone(e164) == expected


def test_validation_messages_name_each_field():
    _, errors = validate(HouseholdInput(name=" ", phone="010-12", birth_year=1800,
                                        contacts=(ContactInput(name="아들", phone="abc"),)))
    assert set(errors) == {"name", "phone", "birth_year", "contact1"}
    assert "이름" in errors["name"] and "전화번호" in errors["phone"]


def test_create_search_update_and_the_access_log(db):
    hid = create_household(db, HouseholdInput(
        name="김영희", phone="010-1234-5678", dong="화곡1동", birth_year=1942, consent_recording=True,
        contacts=(ContactInput(name="이철수", phone="010-2222-3333", relation="아들", priority=1, has_key=True),)),
        actor="tester")
    other = create_household(db, HouseholdInput(name="박민수", phone="02-123-4567", dong="염창동"), actor="tester")
    assert [r.id for r in search_households(db, "영희")] == [hid]
    assert [r.id for r in search_households(db, "010-1234")] == [hid]
    assert [r.id for r in search_households(db, "염창")] == [other]
    assert [r.name for r in search_households(db, "", sort="name", descending=True)] == ["박민수", "김영희"]
    rows = search_households(db, "")
    assert rows[0].phone == "010-1234-5678" and rows[0].ref == f"H{hid:06d}"

    detail = get_household(db, hid, actor="viewer")
    assert detail.contacts[0].has_key and detail.data.phone == "+821012345678"
    update_household(db, hid, HouseholdInput(name="김영희", phone="010-1234-5678", dong="화곡2동"), actor="tester")
    assert search_households(db, "화곡2동")[0].id == hid

    with pytest.raises(HouseholdValidationError) as exc:
        create_household(db, HouseholdInput(name="중복", phone="01012345678"), actor="tester")
    assert "phone" in exc.value.errors

    with db.session() as s:
        actions = s.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.entity_id)).all()
    assert ("viewer", "view", hid) in actions
    assert ("tester", "update", hid) in actions


def test_search_is_literal_and_length_capped(db):
    from care.households.registry import MAX_SEARCH, SearchTooLong
    from care.review.overview import household_overview

    a = create_household(db, HouseholdInput(name="100%_김", phone="010-1234-5678", dong="화곡1동"), actor="t")
    b = create_household(db, HouseholdInput(name="1009김", phone="010-2222-3333", dong="화곡1동"), actor="t")
    assert [r.id for r in search_households(db, "%")] == [a]
    assert [r.id for r in search_households(db, "0%_")] == [a]
    assert [r.id for r in search_households(db, "_")] == [a]
    assert {r.id for r in search_households(db, "100")} == {a, b}
    assert [r.id for r in household_overview(db, "%_")] == [a]
    assert len(search_households(db, "가" * MAX_SEARCH)) == 0
    for search in (search_households, household_overview):
        with pytest.raises(SearchTooLong) as exc:
            search(db, "x" * 50_000)
        assert "검색어가 너무 깁니다" in str(exc.value) and "database" not in str(exc.value)


def test_fast_mobile_path_agrees_with_phonenumbers():
    import random

    import phonenumbers

    from care.households.phones import _fast_korean_mobile

    rng = random.Random(11)
    checked = 0
    for _ in range(20_000):
        text = f"01{rng.randint(0, 9)}-{rng.randint(0, 9999):0{rng.choice((3, 4))}d}-{rng.randint(0, 9999):04d}"
        number = phonenumbers.parse(text, "KR")
        full = (phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                if phonenumbers.is_valid_number(number) else None)
        fast = _fast_korean_mobile(text)
        assert fast is None or fast == full, text  # fast says valid only when phonenumbers does
        assert fast is not None or full is None or not text.startswith("010"), text
        checked += fast is not None
    assert checked > 10_000
