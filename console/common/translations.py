"""The console's own translator (Korean source -> resources/i18n/anbu_<lang>.qm).

Label helpers that live outside a class (`_tr("양호")` in a *_model.py, calling
QCoreApplication.translate("ScheduleTableModel", text)) are found by lupdate without a class, so
their messages are filed under the empty context, while Qt asks under the helper's class name. A
plain QTranslator would then miss them; this one falls back to the empty context. en.toml gives
one English text per Korean string anyway, so the fallback cannot pick a different meaning."""

from __future__ import annotations

from PySide6.QtCore import QTranslator


class AnbuTranslator(QTranslator):
    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        found = super().translate(context, source_text, disambiguation, n)
        if not found and context:
            found = super().translate("", source_text, disambiguation, n)
        # None (a null QString), never "": Qt stops at the first translator that answers with a
        # non-null string, so "" would blank the label instead of letting Qt's own translator or
        # the Korean source text through.
        return found or None
