"""The household registry: validation, create/update, search for the console table, detail with
keyholders. Every read of one resident's record and every change is written to the access log."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from care import audit
from care.accounts import access, view_scope
from care.errors import AnbuError
from care.households.phones import PhoneError, display_phone, normalize_phone, phone_search_patterns
from care.households.text_checks import bad_character, character_message
from storage.db import Database
from storage.models import Contact, Household

LANGUAGES = ("ko", "en")
MAX_NAME = 100
MAX_TEXT = {"address": 300, "dong": 50, "worker": 100, "notes": 4000}  # the columns' sizes


class HouseholdValidationError(AnbuError):
    """Field -> message, worded for the dialog's inline messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


class HouseholdNotFound(AnbuError):
    def __init__(self, household_id: int) -> None:
        super().__init__(f"가구 {household_id}을(를) 찾을 수 없습니다 (no household with id {household_id})")


@dataclass(frozen=True)
class ContactInput:
    name: str
    phone: str
    relation: str = ""
    priority: int = 1
    has_key: bool = False
    notify_consent: bool = False  # agreed to be told by SMS / call when the office cannot reach the resident


@dataclass(frozen=True)
class HouseholdInput:
    name: str
    phone: str
    birth_year: int | None = None
    address: str = ""
    dong: str = ""
    worker: str = ""
    language: str = "ko"
    consent_recording: bool = False
    consent_date: date | None = None
    notes: str = ""
    active: bool = True
    contacts: tuple[ContactInput, ...] = ()


@dataclass(frozen=True)
class HouseholdRow:
    """One row of the households table."""

    id: int
    ref: str
    name: str
    phone: str  # display form
    dong: str
    address: str
    worker: str
    birth_year: int | None
    consent_recording: bool
    active: bool
    is_demo: bool


@dataclass(frozen=True)
class HouseholdDetail:
    id: int
    ref: str
    data: HouseholdInput
    is_demo: bool
    contacts: tuple[ContactInput, ...] = field(default=())


def _text_errors(inp: HouseholdInput, name: str, errors: dict[str, str]) -> None:
    for key, value, ko, multiline in (("name", name, "이름", False), ("address", inp.address, "주소", False),
                                      ("dong", inp.dong, "동", False), ("worker", inp.worker, "담당자", False),
                                      ("notes", inp.notes, "비고", True)):
        code = bad_character(value, multiline=multiline)
        if code and key not in errors:
            errors[key] = character_message(ko, key, code)
        elif key in MAX_TEXT and len(value) > MAX_TEXT[key] and key not in errors:
            errors[key] = f"{ko}이(가) 너무 깁니다 ({key} longer than {MAX_TEXT[key]} characters)"


def validate(inp: HouseholdInput, *, this_year: int | None = None) -> tuple[HouseholdInput, dict[str, str]]:
    """Returns the input with the phone numbers normalised, and field -> message for what is wrong."""
    errors: dict[str, str] = {}
    this_year = this_year or date.today().year
    name = inp.name.strip()
    if not name:
        errors["name"] = "이름을 입력하세요 (name is required)"
    elif len(name) > MAX_NAME:
        errors["name"] = f"이름이 너무 깁니다 (name longer than {MAX_NAME} characters)"
    if (bad_character(name + inp.address + inp.dong + inp.worker) or bad_character(inp.notes, multiline=True)
            or len(inp.address) > MAX_TEXT["address"] or len(inp.dong) > MAX_TEXT["dong"]
            or len(inp.worker) > MAX_TEXT["worker"] or len(inp.notes) > MAX_TEXT["notes"]):
        _text_errors(inp, name, errors)  # rare: find which field and why
    phone = inp.phone
    try:
        phone = normalize_phone(inp.phone)
    except PhoneError as exc:
        errors["phone"] = str(exc)
    if inp.birth_year is not None and not (1900 <= inp.birth_year <= this_year):
        errors["birth_year"] = f"출생연도는 1900–{this_year} 사이여야 합니다 (birth year out of range)"
    if inp.language not in LANGUAGES:
        errors["language"] = f"언어는 {', '.join(LANGUAGES)} 중 하나입니다 (unknown language)"
    if inp.consent_date and not inp.consent_recording:
        errors["consent_date"] = "동의하지 않은 가구에 동의일이 있습니다 (consent date without consent)"
    contacts = []
    priorities = set()
    for i, c in enumerate(inp.contacts, start=1):
        key = f"contact{i}"
        if not c.name.strip():
            errors[key] = f"비상연락처 {i}: 이름을 입력하세요 (contact name is required)"
            continue
        code = bad_character(c.name) or bad_character(c.relation)
        if code:
            errors[key] = f"비상연락처 {i}: " + character_message("이름/관계", "contact name or relation", code)
            continue
        try:
            c = replace(c, name=c.name.strip(), phone=normalize_phone(c.phone))
        except PhoneError as exc:
            errors[key] = f"비상연락처 {i}: {exc}"
            continue
        if c.priority in priorities:
            errors[key] = f"비상연락처 {i}: 순위 {c.priority}이(가) 중복됩니다 (duplicate priority)"
        priorities.add(c.priority)
        contacts.append(c)
    cleaned = HouseholdInput(  # not dataclasses.replace: an import validates 100,000 of these
        name=name, phone=phone, birth_year=inp.birth_year, address=inp.address.strip(), dong=inp.dong.strip(),
        worker=inp.worker.strip(), language=inp.language, consent_recording=inp.consent_recording,
        consent_date=inp.consent_date, notes=inp.notes.strip(), active=inp.active, contacts=tuple(contacts))
    return cleaned, errors


def _phone_taken(session: Session, phone: str, except_id: int | None) -> bool:
    q = select(Household.id).where(Household.phone == phone)
    if except_id is not None:
        q = q.where(Household.id != except_id)
    return session.execute(q.limit(1)).first() is not None


def _apply(h: Household, inp: HouseholdInput) -> None:
    h.name, h.phone, h.birth_year = inp.name, inp.phone, inp.birth_year
    h.address, h.dong, h.worker, h.language = inp.address, inp.dong, inp.worker, inp.language
    h.consent_recording, h.consent_date = inp.consent_recording, inp.consent_date
    h.notes, h.active = inp.notes, inp.active


def _set_contacts(session: Session, h: Household, contacts: tuple[ContactInput, ...]) -> list[tuple[Contact, bool]]:
    """Keyholders in order, updated in place (ids kept). Priorities are unique per household and
    SQLite checks that per row, so existing rows first step aside to negative priorities (one
    flush), then take their final values; surplus rows are deleted before anything is inserted.

    Returns the keyholders whose notify consent changed (a new keyholder who consents counts),
    matched by phone number, for the access log."""
    existing = sorted(h.contacts, key=lambda c: c.priority)
    wanted = [(c.name, c.phone, c.relation, c.priority, c.has_key, c.notify_consent) for c in contacts]
    if [(c.name, c.phone, c.relation, c.priority, c.has_key, bool(c.notify_consent)) for c in existing] == wanted:
        return []
    consent_before = {c.phone: bool(c.notify_consent) for c in existing}
    kept, surplus = existing[: len(contacts)], existing[len(contacts):]
    for row in surplus:
        h.contacts.remove(row)  # delete-orphan
    for i, row in enumerate(kept, start=1):
        row.priority = -i
    if h.id is not None:
        session.flush()
    for row, c in zip(kept, contacts, strict=False):
        row.name, row.phone, row.relation, row.priority, row.has_key = c.name, c.phone, c.relation, c.priority, c.has_key
        row.notify_consent = c.notify_consent
    for c in contacts[len(kept):]:
        h.contacts.append(Contact(name=c.name, phone=c.phone, relation=c.relation, priority=c.priority,
                                  has_key=c.has_key, notify_consent=c.notify_consent))
    h.contacts.sort(key=lambda c: c.priority)
    return [(row, bool(row.notify_consent)) for row in h.contacts
            if bool(row.notify_consent) != consent_before.get(row.phone, False)]


def _audit_consent(session: Session, actor: str, h: Household, changed: list[tuple[Contact, bool]]) -> None:
    """One access-log row per keyholder whose consent to be notified changed: who changed it, in
    whose record (the household), which keyholder (its id and place in the calling order)."""
    if changed:
        session.flush()  # new keyholders get their ids
    for row, consent in changed:
        audit.record(session, actor, "notify_consent", "contact", row.id,
                     {"household_id": h.id, "priority": row.priority, "consent": consent}, household_ref=h.ref)


def assign_refs(session: Session, households: list[Household]) -> None:
    """Stable external references ('H000123') from the ids, once the ids exist."""
    session.flush()
    for h in households:
        if not h.ref:
            h.ref = f"H{h.id:06d}"


def create_household(db: Database, inp: HouseholdInput, actor: str, *, is_demo: bool = False) -> int:
    cleaned, errors = validate(inp)
    with db.session() as s:
        access.require(s, actor, access.Permission.CREATE_HOUSEHOLD)
        if "phone" not in errors and _phone_taken(s, cleaned.phone, None):
            errors["phone"] = f"이미 등록된 전화번호입니다 (phone {cleaned.phone} is already registered)"
        if errors:
            raise HouseholdValidationError(errors)
        h = Household(is_demo=is_demo)
        _apply(h, cleaned)
        changed = _set_contacts(s, h, cleaned.contacts)
        s.add(h)
        assign_refs(s, [h])
        audit.record(s, actor, "create", "household", h.id)
        _audit_consent(s, actor, h, changed)
        return h.id


def update_household(db: Database, household_id: int, inp: HouseholdInput, actor: str) -> None:
    cleaned, errors = validate(inp)
    with db.session() as s:
        h = s.get(Household, household_id)
        if h is None:
            raise HouseholdNotFound(household_id)
        access.require(s, actor, access.Permission.EDIT_HOUSEHOLD, household=h)
        if "phone" not in errors and _phone_taken(s, cleaned.phone, household_id):
            errors["phone"] = f"이미 등록된 전화번호입니다 (phone {cleaned.phone} is already registered)"
        if errors:
            raise HouseholdValidationError(errors)
        _apply(h, cleaned)
        changed = _set_contacts(s, h, cleaned.contacts)
        audit.record(s, actor, "update", "household", h.id)
        _audit_consent(s, actor, h, changed)


def get_household(db: Database, household_id: int, actor: str) -> HouseholdDetail:
    """One resident's record, for the edit dialog. Logged as a view."""
    with db.session() as s:
        h = s.get(Household, household_id)
        if h is None:
            raise HouseholdNotFound(household_id)
        access.require(s, actor, access.Permission.VIEW_HOUSEHOLD, household=h)
        contacts = tuple(
            ContactInput(name=c.name, phone=c.phone, relation=c.relation, priority=c.priority, has_key=c.has_key,
                         notify_consent=bool(c.notify_consent))
            for c in h.contacts
        )
        data = HouseholdInput(
            name=h.name, phone=h.phone, birth_year=h.birth_year, address=h.address, dong=h.dong,
            worker=h.worker, language=h.language, consent_recording=h.consent_recording,
            consent_date=h.consent_date, notes=h.notes, active=h.active, contacts=contacts,
        )
        audit.record(s, actor, "view", "household", h.id)
        return HouseholdDetail(id=h.id, ref=h.ref or "", data=data, is_demo=h.is_demo, contacts=contacts)


SORT_COLUMNS = {
    "id": Household.id,
    "name": Household.name,
    "phone": Household.phone,
    "dong": Household.dong,
    "address": Household.address,
    "worker": Household.worker,
    "birth_year": Household.birth_year,
    "consent": Household.consent_recording,
    "active": Household.active,
}


MAX_SEARCH = 100


class SearchTooLong(AnbuError):
    def __init__(self) -> None:
        super().__init__(f"검색어가 너무 깁니다. {MAX_SEARCH}자 이내로 입력하세요 "
                         f"(search text longer than {MAX_SEARCH} characters)")


def search_query(text: str = "", sort: str = "name", descending: bool = False):
    """The households table's query: filter by name, phone or 동, sorted in SQL. The text is
    matched literally (% and _ are not wildcards); longer than MAX_SEARCH raises SearchTooLong."""
    columns = (Household.id, Household.ref, Household.name, Household.phone, Household.dong,
               Household.address, Household.worker, Household.birth_year, Household.consent_recording,
               Household.active, Household.is_demo)
    q = select(*columns)
    text = text.strip()
    if len(text) > MAX_SEARCH:
        raise SearchTooLong()
    if text:
        conds = [col.contains(text, autoescape=True) for col in
                 (Household.name, Household.dong, Household.address, Household.worker, cast(Household.ref, String))]
        conds += [Household.phone.like(p) for p in phone_search_patterns(text)]
        q = q.where(or_(*conds))
    col = SORT_COLUMNS.get(sort, Household.name)
    order = col.desc() if descending else col.asc()
    return q.order_by(order, Household.id.desc() if descending else Household.id.asc())


def search_households(db: Database, text: str = "", sort: str = "name", descending: bool = False,
                      actor: str | None = None) -> list[HouseholdRow]:
    """The households table. With `actor`, a social worker sees her own households (every household
    by name where a supervisor allows it: settings "access")."""
    with db.session() as s:
        q = search_query(text, sort, descending)
        if actor is not None:
            names = access.search_scope(s, actor)
            if names is not None:
                q = q.where(Household.worker.in_(names))
            elif access.scope(s, actor) is None:  # above a social worker: the person's chosen view
                chosen = view_scope.effective(s, actor).clause()
                if chosen is not None:
                    q = q.where(chosen)
        rows = s.execute(q).all()
    return [
        HouseholdRow(id=r[0], ref=r[1] or "", name=r[2], phone=display_phone(r[3]), dong=r[4], address=r[5],
                     worker=r[6], birth_year=r[7], consent_recording=bool(r[8]), active=bool(r[9]),
                     is_demo=bool(r[10]))
        for r in rows
    ]


def count_households(db: Database) -> int:
    with db.session() as s:
        return s.execute(select(func.count(Household.id))).scalar_one()


