"""What a Korean social worker reads (issue 10 item 11): the CSV import report and the transcripts
dialog say it in Korean — no "line 3, column …" or English reasons in the Korean console — and in
English through the translation in the English one. The CLI keeps its English report."""

from __future__ import annotations

import pytest

from care.households.csv_import import HouseholdImportError, import_households
from console.app import install_translators
from console.pages.households.csv_import import ImportReportDialog

BAD = ("이름,전화번호,출생연도,녹음동의,동의일\n"
       "김영희,010-1234-5678,19x0,예,\n"
       "이철수,010-1234-5678,1950,몰라,어제\n")


def _report(db, tmp_path, raw: bytes):
    path = tmp_path / "bad.csv"
    path.write_bytes(raw)
    with pytest.raises(HouseholdImportError) as err:
        import_households(db, path, "tester")
    return err.value.report


def test_the_report_is_korean_in_the_korean_console(qtbot, db, tmp_path):
    report = _report(db, tmp_path, BAD.encode("utf-8"))
    dialog = ImportReportDialog(report)
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert "2행, 출생연도 열: '19x0'은(는) 연도가 아닙니다." in text
    assert "3행, 녹음동의 열: '몰라'은(는) 예/아니오가 아닙니다." in text
    assert "3행, 동의일 열: '어제'은(는) 날짜가 아닙니다" in text
    assert "3행, 전화번호 열: 전화번호 +821012345678이(가) 2행에도 있습니다 (전화번호 중복)." in text
    for english in ("line ", "column", "is not", "duplicate phone", "also on"):
        assert english not in text
    assert "line 2, column 출생연도: '19x0' is not a year" in report.summary()  # the CLI's words stay


def test_a_file_level_refusal_is_korean_too(qtbot, db, tmp_path):
    dialog = ImportReportDialog(_report(db, tmp_path, "이름,전화번호\n김,010\n".encode("utf-16")))
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert text.startswith("1행: UTF-16 형식의 파일입니다.") and "CSV UTF-8" in text and "the file" not in text


def test_the_report_in_english(qtbot, qapp, db, tmp_path):
    installed = install_translators(qapp, "en")
    try:
        dialog = ImportReportDialog(_report(db, tmp_path, BAD.encode("utf-8")))
        qtbot.addWidget(dialog)
        text = dialog.text.toPlainText()
        assert "Line 2, column 출생연도: '19x0' is not a year." in text  # the column as the file names it
        assert "Line 3, column Phone: Phone number +821012345678 is also on line 2" in text
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)


def test_a_file_that_cannot_be_transcribed_is_said_in_korean(qtbot):
    """The transcripts dialog (issue 10 item 11): a Korean sentence first, the speech layer's
    technical words only after it, for support."""
    from care.checkins.transcription import FileTranscript
    from console.transcribe_dialog import TranscriptsDialog

    results = [FileTranscript("broken.wav", False, "/tmp/x/broken.wav: not a WAV file (no RIFF/WAVE header)", 0.0, (), 0,
                              "audio_file", "not a WAV file (no RIFF/WAVE header)"),
               FileTranscript("good.wav", True, "네 잘 지내요", 42.0, ("네 잘 지내요",), 0)]
    dialog = TranscriptsDialog(results)
    qtbot.addWidget(dialog)
    lines = dialog.text.toPlainText().splitlines()
    assert lines[1] == "  읽을 수 없음: WAV 녹음 파일이 아니거나, 손상되었거나, 열 수 없는 파일입니다."
    assert lines[2] == "  (not a WAV file (no RIFF/WAVE header))"
    assert "/tmp/x" not in dialog.text.toPlainText()
    assert lines[3] == "■ good.wav (42초)"
