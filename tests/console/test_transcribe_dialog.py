"""The console's 'transcribe recordings' action on real speech: progress bar, results in order, a
bad file reported in its place, the access logged."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AuditEvent


def test_transcribe_files_from_the_console(qtbot, ctx, shared_speech_ko, tmp_path):
    from console.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    paths = [str(shared_speech_ko / "ned00201.wav"), str(broken)]
    seen = []
    labels = []  # the progress dialog's text at each stage (connected after the runner's own slot)
    window.transcriber.staged.connect(lambda _stage: labels.append(window.transcriber.progress.labelText()))
    window.transcriber.finished.connect(seen.append)
    with qtbot.waitSignal(window.transcriber.finished, timeout=120_000):
        window.transcriber.start(paths)
    results = seen[0]
    assert [r.file for r in results] == ["ned00201.wav", "broken.wav"]
    good, bad = results
    assert good.ok and "마음" in good.text.replace(" ", "") and good.duration_s > 3
    assert not bad.ok and "broken.wav" in bad.text
    assert window.transcriber.progress is None  # the progress dialog closed
    # issue 10 item 12: while the model loads (the long wait at 0 %) the dialog says so
    assert any("모델을 불러오는 중" in text for text in labels), labels
    with ctx.db.session() as s:
        detail = s.execute(select(AuditEvent.detail).where(AuditEvent.action == "transcribe")).scalar_one()
    assert detail == {"files": ["ned00201.wav", "broken.wav"]}
