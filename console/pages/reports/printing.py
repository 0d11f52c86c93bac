"""Print preview of a report: the same PDF the export writes, its pages drawn onto the printer
(QtPdf renders each page at the printer's resolution), so paper and file never differ."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget


def paint_pdf(printer: QPrinter, pdf: bytes) -> int:
    """Draw every page of `pdf` on `printer`; returns the number of pages drawn."""
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc = QPdfDocument()
    doc.load(buffer)
    painter = QPainter()
    if not painter.begin(printer):
        doc.close()
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
        buffer.close()


def open_preview(parent: QWidget, pdf: bytes) -> QPrintPreviewDialog:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.paintRequested.connect(lambda p: paint_pdf(p, pdf))
    dialog.open()
    return dialog
