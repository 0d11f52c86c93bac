"""What every console widget is given: the database handle and who is at the keyboard."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from storage.db import Database

LANG_KEY = "ui/language"  # QSettings key: the user's console language
# Times are shown in the district's zone (check-in windows are Korean local time), whatever the PC's.
DISPLAY_TZ = ZoneInfo(os.environ.get("ANBU_DISPLAY_TZ", "Asia/Seoul"))


@dataclass
class ConsoleContext:
    db: Database
    actor: str = field(default_factory=getpass.getuser)
    lang: str = "ko"
