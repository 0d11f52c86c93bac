"""Add or edit one household: inline validation messages under each field, keyholders in order."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from care.demo.seed import DONGS
from care.households import registry as households
from care.households.phones import display_phone
from console.common.context import ConsoleContext
from console.common.tasks import error_text, run_in_background

ERROR_STYLE = "color: #b00020;"
UNKNOWN_DATE = QDate(1900, 1, 1)  # shown as "모름": the consent date is not known
KEY_COLUMN, CONSENT_COLUMN = 3, 4  # check boxes: holds a key; consented to be notified by escalations


class HouseholdDialog(QDialog):
    saved = Signal(int)

    def __init__(self, ctx: ConsoleContext, household_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.setWindowTitle(self.tr("가구 추가") if household_id is None else self.tr("가구 정보 수정"))
        self.setMinimumWidth(560)

        self.name = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText("010-1234-5678")
        self.birth_year = QLineEdit(self)
        self.birth_year.setPlaceholderText("1945")
        self.birth_year.setMaxLength(4)
        self.address = QLineEdit(self)
        self.dong = QComboBox(self)
        self.dong.setEditable(True)
        self.dong.addItems(["", *DONGS])
        self.worker = QLineEdit(self)
        self.language = QComboBox(self)
        self.language.addItem(self.tr("한국어"), "ko")
        self.language.addItem(self.tr("영어"), "en")
        self.consent = QCheckBox(self.tr("통화 녹음에 동의함"), self)
        # an unknown consent date stays unknown: the minimum date shows as "모름" and saves as None
        self.consent_date = QDateEdit(self)
        self.consent_date.setCalendarPopup(True)
        self.consent_date.setDisplayFormat("yyyy-MM-dd")
        self.consent_date.setMinimumDate(UNKNOWN_DATE)
        self.consent_date.setSpecialValueText(self.tr("모름"))
        self.consent_date.setDate(UNKNOWN_DATE)
        self.consent_date.setEnabled(False)
        self.consent_today = QPushButton(self.tr("오늘"), self)
        self.consent_today.setEnabled(False)
        self.consent_today.clicked.connect(lambda: self.consent_date.setDate(QDate.currentDate()))
        self.consent.toggled.connect(self.consent_date.setEnabled)
        self.consent.toggled.connect(self.consent_today.setEnabled)
        self.active = QCheckBox(self.tr("안부 확인 대상 (사용 중)"), self)
        self.active.setChecked(True)
        self.notes = QPlainTextEdit(self)
        self.notes.setFixedHeight(60)

        self.contacts = QTableWidget(0, 5, self)  # a handful of keyholders, not a big table
        self.contacts.setHorizontalHeaderLabels([self.tr("이름"), self.tr("관계"), self.tr("전화번호"), self.tr("열쇠"),
                                                 self.tr("알림 동의")])
        self.contacts.horizontalHeaderItem(CONSENT_COLUMN).setToolTip(
            self.tr("응급 상황에 어르신과 연락이 닿지 않으면 이 사람에게 문자·전화로 알리는 데 동의했습니다"))
        self.contacts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.contacts.verticalHeader().setVisible(False)
        self.contacts.setFixedHeight(120)
        add_contact = QPushButton(self.tr("연락처 추가"), self)
        remove_contact = QPushButton(self.tr("선택 삭제"), self)
        self.move_up = QPushButton(self.tr("▲ 위로"), self)
        self.move_down = QPushButton(self.tr("▼ 아래로"), self)
        add_contact.clicked.connect(lambda: self._add_contact_row())
        remove_contact.clicked.connect(self._remove_contact_row)
        self.move_up.clicked.connect(lambda: self.move_contact(-1))
        self.move_down.clicked.connect(lambda: self.move_contact(1))

        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for key, label, widget in (
            ("name", self.tr("이름 *"), self.name),
            ("phone", self.tr("전화번호 *"), self.phone),
            ("birth_year", self.tr("출생연도"), self.birth_year),
            ("address", self.tr("주소"), self.address),
            ("dong", self.tr("동"), self.dong),
            ("worker", self.tr("담당자"), self.worker),
            ("language", self.tr("통화 언어"), self.language),
            ("consent_date", self.tr("녹음 동의"), self._row(self.consent, self.consent_date, self.consent_today)),
            ("active", self.tr("상태"), self.active),
            ("notes", self.tr("비고"), self.notes),
        ):
            error = QLabel(self)
            error.setStyleSheet(ERROR_STYLE)
            error.setVisible(False)
            error.setWordWrap(True)
            self.errors[key] = error
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(error)
            form.addRow(label, box)

        self.contacts_error = QLabel(self)
        self.contacts_error.setStyleSheet(ERROR_STYLE)
        self.contacts_error.setVisible(False)
        self.form_error = QLabel(self)
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.form_error.setVisible(False)
        self.form_error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("저장"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("취소"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("비상연락처 / 열쇠 보관자 (위에서부터 연락 순서)"), self))
        layout.addWidget(self.contacts)
        layout.addLayout(self._row(add_contact, remove_contact, self.move_up, self.move_down, stretch=True))
        layout.addWidget(self.contacts_error)
        layout.addWidget(self.form_error)
        layout.addWidget(self.buttons)

        if household_id is not None:
            self.setEnabled(False)
            run_in_background(self, households.get_household, ctx.db, household_id, ctx.actor,
                              on_success=self._fill, on_error=self._show_form_error)

    @staticmethod
    def _row(*widgets: QWidget, stretch: bool = False) -> QWidget | QHBoxLayout:
        box = QHBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        for w in widgets:
            box.addWidget(w)
        if stretch:
            box.addStretch(1)
            return box
        holder = QWidget()
        holder.setLayout(box)
        return holder

    def _add_contact_row(self, c: households.ContactInput | None = None) -> None:
        row = self.contacts.rowCount()
        self.contacts.insertRow(row)
        for col, text in enumerate((c.name, c.relation, display_phone(c.phone)) if c else ("", "", "")):
            self.contacts.setItem(row, col, QTableWidgetItem(text))
        for col, on in ((KEY_COLUMN, bool(c and c.has_key)), (CONSENT_COLUMN, bool(c and c.notify_consent))):
            box = QTableWidgetItem()
            box.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            box.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.contacts.setItem(row, col, box)

    def set_notify_consent(self, row: int, on: bool) -> None:
        """Ticks (or clears) keyholder `row`'s "알림 동의" box, as a click does."""
        item = self.contacts.item(row, CONSENT_COLUMN)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    @Slot()
    def _remove_contact_row(self) -> None:
        rows = sorted({i.row() for i in self.contacts.selectedIndexes()}, reverse=True)
        for r in rows:
            self.contacts.removeRow(r)

    def move_contact(self, step: int) -> None:
        """Moves the selected keyholder one place up (-1) or down (+1); the order is the call order."""
        row = self.contacts.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.contacts.rowCount():
            return
        for col in range(self.contacts.columnCount()):
            a, b = self.contacts.takeItem(row, col), self.contacts.takeItem(target, col)
            self.contacts.setItem(row, col, b)
            self.contacts.setItem(target, col, a)
        self.contacts.setCurrentCell(target, max(0, self.contacts.currentColumn()))

    def _fill(self, detail: households.HouseholdDetail) -> None:
        d = detail.data
        self.name.setText(d.name)
        self.phone.setText(display_phone(d.phone))
        self.birth_year.setText("" if d.birth_year is None else str(d.birth_year))
        self.address.setText(d.address)
        self.dong.setCurrentText(d.dong)
        self.worker.setText(d.worker)
        self.language.setCurrentIndex(max(0, self.language.findData(d.language)))
        self.consent.setChecked(d.consent_recording)
        if d.consent_date:
            self.consent_date.setDate(QDate(d.consent_date.year, d.consent_date.month, d.consent_date.day))
        self.active.setChecked(d.active)
        self.notes.setPlainText(d.notes)
        for c in detail.contacts:
            self._add_contact_row(c)
        self.setEnabled(True)

    def gather(self) -> households.HouseholdInput:
        """What the form says, as the service's input (no validation here)."""
        birth = self.birth_year.text().strip()
        contacts = []
        for r in range(self.contacts.rowCount()):
            cells = [self.contacts.item(r, c) for c in range(5)]
            name, relation, phone = ((cells[i].text() if cells[i] else "").strip() for i in range(3))
            if not (name or phone):
                continue
            key, consent = cells[KEY_COLUMN], cells[CONSENT_COLUMN]
            contacts.append(households.ContactInput(
                name=name, relation=relation, phone=phone, priority=len(contacts) + 1,
                has_key=bool(key and key.checkState() == Qt.CheckState.Checked),
                notify_consent=bool(consent and consent.checkState() == Qt.CheckState.Checked)))
        qd = self.consent_date.date()
        known = qd != UNKNOWN_DATE
        return households.HouseholdInput(
            name=self.name.text(), phone=self.phone.text(),
            birth_year=int(birth) if birth.isdigit() else (-1 if birth else None),
            address=self.address.text(), dong=self.dong.currentText(), worker=self.worker.text(),
            language=self.language.currentData(), consent_recording=self.consent.isChecked(),
            consent_date=date(qd.year(), qd.month(), qd.day()) if self.consent.isChecked() and known else None,
            notes=self.notes.toPlainText(), active=self.active.isChecked(), contacts=tuple(contacts))

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)
        contact_errors = [v for k, v in errors.items() if k.startswith("contact")]
        self.contacts_error.setText("\n".join(contact_errors))
        self.contacts_error.setVisible(bool(contact_errors))

    @Slot()
    def save(self) -> None:
        inp = self.gather()
        _, errors = households.validate(inp)
        self.show_errors(errors)
        self.form_error.setVisible(False)
        if errors:
            return
        self.buttons.setEnabled(False)
        if self.household_id is None:
            run_in_background(self, households.create_household, self.ctx.db, inp, self.ctx.actor,
                              on_success=self._saved, on_error=self._save_failed)
        else:
            run_in_background(self, households.update_household, self.ctx.db, self.household_id, inp, self.ctx.actor,
                              on_success=lambda _r: self._saved(self.household_id), on_error=self._save_failed)

    def _saved(self, household_id: int) -> None:
        self.saved.emit(household_id)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, households.HouseholdValidationError):
            self.show_errors(exc.errors)
        else:
            self._show_form_error(exc)

    def _show_form_error(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self.form_error.setText(error_text(exc))
        self.form_error.setVisible(True)
