"""Restore from backup: each backup's "Why" in the window's words, in English and Chinese."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from salesdesk.models import backup, cipher
from salesdesk.models.paths import backup_dir
from salesdesk.services.session import Session


@pytest.mark.skipif(not cipher.available(), reason="needs sqlcipher3")
def test_the_plain_copy_kept_by_encrypting_is_named_in_the_window_language(
    qtbot: Any, tmp_path: Path, lang: str
) -> None:
    """Encrypting keeps the plain original as a backup ("before-encrypt"): the list showed
    the file name's word as it is, 'before encrypt', in English beside 'Before an import'
    and in the Chinese window too (seen in a real window)."""
    from salesdesk.ui.backups import BackupModel, BackupsDialog

    path = tmp_path / "book.db"
    session = Session.open(path)
    session.create_card({"name": "Zebediah Quill"}, grade="E")
    session.close()
    cipher.convert_database(path, None, "tiger lily 9")
    found = backup.backups(path)
    # The plain original, and the encrypted book as it was made (newest first).
    assert sorted(b.reason for b in found) == ["before-encrypt", "encrypted"]
    dialog = BackupsDialog(None, found, backup_dir())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    model = dialog.findChild(BackupModel)
    whys = sorted(model.index(row, 1).data() for row in range(model.rowCount()))
    if lang == "en":
        assert whys == ["After the encryption", "Before the encryption (a plain copy)"]
    else:
        assert whys == ["加密前（未加密的副本）", "加密后"]
        assert not any(re.search("[A-Za-z]", why) for why in whys)
