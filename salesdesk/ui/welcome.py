"""What an empty SalesDesk says: how to start, with a button for each way in.

The Today view and the card list show it while the file has no cards at all.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class Welcome(QWidget):
    """A heading, a few lines on how to start, and New card / Import / Demo buttons.

    Signals:
        new_card(): the user wants to type in a first card.
        import_list(): the user has a list (Excel, CSV, vCard) to bring in.
        try_demo(): the user wants to look around with made-up cards first.
        protect(): the user wants the database encrypted with a passphrase (issue 22).
    """

    new_card = Signal()
    import_list = Signal()
    try_demo = Signal()
    protect = Signal()

    def __init__(self, heading: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(heading, self)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.text = QLabel(text, self)
        self.text.setWordWrap(True)
        self.new_button = QPushButton(self.tr("&New card…"), self)
        self.import_button = QPushButton(self.tr("&Import a list…"), self)
        self.demo_button = QPushButton(self.tr("Try with &demo data"), self)
        self.new_button.setDefault(True)
        self.demo_button.setToolTip(
            self.tr("Opens made-up cards in a separate file; your own file stays empty.")
        )
        self.new_button.clicked.connect(self.new_card)
        self.import_button.clicked.connect(self.import_list)
        self.demo_button.clicked.connect(self.try_demo)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.import_button, self.demo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        # Issue 22: on first start, "protect this database with a passphrase?"
        self.protect_button = QPushButton(self.tr("Protect this database with a passphrase…"), self)
        self.protect_button.setFlat(True)
        self.protect_button.setToolTip(
            self.tr("Encrypts the file and its backups: a lost laptop shows nothing.")
        )
        self.protect_button.clicked.connect(self.protect)
        self.protect_button.hide()
        protect_row = QHBoxLayout()
        protect_row.addWidget(self.protect_button)
        protect_row.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(self.heading)
        column.addWidget(self.text)
        column.addSpacing(8)
        column.addLayout(buttons)
        column.addLayout(protect_row)
        column.addStretch(2)
        box = QWidget(self)
        box.setLayout(column)
        box.setMaximumWidth(560)
        layout = QHBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 4)
        layout.addStretch(1)
        self.setAutoFillBackground(True)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignLeft)

    def offer_protection(self, offer: bool) -> None:
        """Show the passphrase offer (a plain, writable file) or hide it."""
        self.protect_button.setVisible(offer)

    def set_read_only(self, read_only: bool) -> None:
        self.protect_button.setEnabled(not read_only)
        self.new_button.setEnabled(not read_only)
        self.import_button.setEnabled(not read_only)
