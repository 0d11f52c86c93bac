"""What every console widget is given: the database handle and who is at the keyboard."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field

from storage.db import Database

LANG_KEY = "ui/language"  # QSettings key: the user's console language


@dataclass
class ConsoleContext:
    db: Database
    actor: str = field(default_factory=getpass.getuser)
    lang: str = "ko"
