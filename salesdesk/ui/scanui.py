"""File > Scan business cards… and card images dropped on the window (the review is
loaded on first use: salesdesk/ui/scanreview.py), so the window's start does not pay for it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QWidget

IMAGE_SUFFIXES = (
    ".png",
    ".jpg",
    ".jpeg",
    ".heic",
    ".heif",
    ".webp",
    ".bmp",
    ".tif",
    ".tiff",
    ".gif",
    ".pdf",
)


class ScanUi(QObject):
    """File > Scan business cards… and image drops, for the main window."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.review: Any = None  # the ScanReview open now
        self.scan_action = QAction(self.tr("&Scan business cards…"), window)
        self.scan_action.triggered.connect(lambda _checked=False: self.scan())
        self.paste_action = QAction(self.tr("Scan &a card from the clipboard"), window)
        self.paste_action.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.paste_action.triggered.connect(lambda _checked=False: self.scan_clipboard())
        self._pasted: Path | None = None  # the pasted image, in the private folder

    def menu_entries(self) -> dict[str, list[Any]]:
        return {"file.scan": [self.scan_action, self.paste_action]}

    def scan_clipboard(self) -> Any:
        """Scan the image on the clipboard (a screenshot, a photo copied from a phone app)."""
        import os
        import tempfile

        from PySide6.QtGui import QGuiApplication

        from salesdesk.models.private import owner_only, private_dir
        from salesdesk.ui import messages

        image = QGuiApplication.clipboard().image()
        if image.isNull():
            messages.show_error(
                self.window, self.tr("The clipboard holds no image: copy a card's photo first.")
            )
            return None
        self._forget_pasted()
        # The customer's card goes in the private folder (0700, the file 0600), where a
        # killed run's copy is removed at the next start.
        handle, name = tempfile.mkstemp(prefix="clipboard-", suffix=".png", dir=private_dir())
        os.close(handle)
        path = Path(name)
        owner_only(path)
        image.save(str(path), "PNG")
        self._pasted = path
        review = self.scan([path])
        if review is None:
            self._forget_pasted()
        else:
            review.destroyed.connect(lambda *_: self._forget_pasted())
        return review

    def _forget_pasted(self) -> None:
        if self._pasted is not None:
            self._pasted.unlink(missing_ok=True)
            self._pasted = None

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
        from salesdesk.io import ocr
        from salesdesk.ui import messages

        try:
            cards = ocr.sources(paths)  # a PDF of scans: a card a page
        except ocr.ScanError as error:
            messages.show_error(self.window, str(error))
            return None
        self.review = ScanReview(self.window, cards)
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
