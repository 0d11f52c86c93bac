"""Who an acknowledgement is by — one place, so the accounts work (app_user) can check these
strings later. A duty slot with a user acknowledges as that username; a desk as "desk:<name>";
a keyholder (who is not a user) as "keyholder:<contact id>"."""

from __future__ import annotations

DESK_PREFIX = "desk:"
KEYHOLDER_PREFIX = "keyholder:"


def duty_actor(username: str | None, desk_name: str) -> str:
    return username.strip() if username and username.strip() else f"{DESK_PREFIX}{desk_name}"[:100]


def keyholder_actor(contact_id: int | None) -> str:
    return f"{KEYHOLDER_PREFIX}{contact_id if contact_id is not None else '?'}"


def is_user(actor: str) -> bool:
    """True for a username (to be checked against app_user), False for a desk or a keyholder."""
    return not actor.startswith((DESK_PREFIX, KEYHOLDER_PREFIX))
