"""What every console widget is given: the database handle and who is at the keyboard."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from care.accounts.identity import os_account
from care.accounts.users import UserView
from storage.db import Database
from storage.vocabulary import Role

LANG_KEY = "ui/language"  # QSettings key: the user's console language
# Times are shown in the district's zone (check-in windows are Korean local time), whatever the PC's.
DISPLAY_TZ = ZoneInfo(os.environ.get("ANBU_DISPLAY_TZ", "Asia/Seoul"))


@dataclass
class ConsoleContext:
    """`user` is the signed-in user (console/login_dialog.py); `actor` is her username, the name the
    access log records. Without a user (a database with no accounts yet, or a test that builds the
    context directly) `actor` names who acts and every page is shown; the services still decide."""

    db: Database
    actor: str = field(default_factory=os_account)
    lang: str = "ko"
    user: UserView | None = None

    def __post_init__(self) -> None:
        if self.user is not None:
            self.actor = self.user.username

    @property
    def role(self) -> Role | None:
        return self.user.role if self.user is not None else None

    @property
    def my_names(self) -> tuple[str, ...]:
        """What a flag's assignee or a household's worker holds when it is this person's."""
        return self.user.names if self.user is not None else (self.actor,)

    def at_least(self, role: Role) -> bool:
        """Whether pages for `role` are shown: always without a signed-in user."""
        order = (Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.ADMIN)
        return self.user is None or order.index(self.user.role) >= order.index(role)
