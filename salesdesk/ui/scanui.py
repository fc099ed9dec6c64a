"""File > Scan business cards… and card images dropped on the window (the review is
loaded on first use: salesdesk/ui/scanreview.py), so the window's start does not pay for it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QWidget

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff", ".gif")


class ScanUi(QObject):
    """File > Scan business cards… and image drops, for the main window."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.review: Any = None  # the ScanReview open now
        self.scan_action = QAction(self.tr("Scan &business cards…"), window)
        self.scan_action.triggered.connect(lambda _checked=False: self.scan())

    def menu_entries(self) -> dict[str, list[Any]]:
        return {"file.scan": [self.scan_action]}

    @classmethod
    def choose_images(cls, parent: QWidget) -> list[str]:
        """The images the user picked, [] when cancelled (tests replace this)."""
        from PySide6.QtCore import QCoreApplication

        pattern = " ".join(f"*{s}" for s in IMAGE_SUFFIXES)
        paths, _ = QFileDialog.getOpenFileNames(
            parent,
            QCoreApplication.translate("ScanUi", "Scan business cards"),
            str(Path.home()),
            QCoreApplication.translate("ScanUi", "Card images ({0})").format(pattern),
        )
        return list(paths)

    def scan(self, paths: list[Path] | None = None) -> Any:
        """Open the review of these images (asked for when None); the review, or None."""
        from salesdesk.ui.scanreview import ScanReview

        if self.window.ops.read_only or (self.review is not None and self.review.isVisible()):
            return None
        if paths is None:
            paths = [Path(p) for p in self.choose_images(self.window)]
        if not paths:
            return None
        self.review = ScanReview(self.window, paths)
        self.review.destroyed.connect(lambda *_: setattr(self, "review", None))
        self.review.setWindowModality(Qt.WindowModality.WindowModal)
        self.review.show()
        return self.review

    @staticmethod
    def dropped_images(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [
            Path(url.toLocalFile())
            for url in mime.urls()
            if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in IMAGE_SUFFIXES
        ]

    def drag_enter(self, event: QDragEnterEvent) -> bool:
        """Accept a drag of card images; False leaves other files to the import and merge."""
        if not self.dropped_images(event) or self.window.ops.read_only:
            return False
        event.acceptProposedAction()
        return True

    def drop(self, event: QDropEvent) -> bool:
        images = self.dropped_images(event)
        if not images or self.window.ops.read_only:
            return False
        event.acceptProposedAction()
        # After the drop returns: the source application is not kept waiting on a dialog.
        QTimer.singleShot(0, lambda: self.scan(images))
        return True
