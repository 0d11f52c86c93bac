"""Print preview of a report: the same PDF the export writes, its pages drawn onto the printer
(QtPdf renders each page at the printer's resolution), so paper and file never differ."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QDir, QRect, QSize, Qt, QTemporaryFile
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget


def paint_pdf(printer: QPrinter, pdf: bytes) -> int:
    """Draw every page of `pdf` on `printer`; returns the number of pages drawn."""
    # QPdfDocument.load(QIODevice) loads asynchronously; a file loads before it returns
    tmp = QTemporaryFile(QDir.tempPath() + "/anbu-print-XXXXXX.pdf")
    if not tmp.open():
        return 0
    tmp.write(QByteArray(pdf))
    tmp.flush()
    doc = QPdfDocument()
    if doc.load(tmp.fileName()) != QPdfDocument.Error.None_:
        tmp.close()
        return 0
    painter = QPainter()
    if not painter.begin(printer):
        doc.close()
        tmp.close()
        return 0
    try:
        dpi = min(printer.resolution(), 200)  # enough for text on paper, light enough for a preview
        for i in range(doc.pageCount()):
            if i:
                printer.newPage()
            points = doc.pagePointSize(i)
            size = QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi))
            image = doc.render(i, size)
            area = painter.viewport()
            painter.drawImage(QRect(area.topLeft(), size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)),
                              image)
        return doc.pageCount()
    finally:
        painter.end()
        doc.close()
        tmp.close()


def open_preview(parent: QWidget, pdf: bytes) -> QPrintPreviewDialog:
    dialog = QPrintPreviewDialog(parent)  # owns its printer (a Python-owned one would die with this frame)
    dialog.printer().setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.paintRequested.connect(lambda p: paint_pdf(p, pdf))
    dialog.open()
    return dialog
