"""The operating system's words inside the core's messages are in the user's language: a
Chinese message says 磁盘空间不足, not "(No space left on device)"."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from salesdesk.domain import messages
from salesdesk.domain.errors import DatabaseError
from salesdesk.domain.messages import OS_ERRORS_ZH_CN, localize
from salesdesk.services.session import Session
from salesdesk.sync.files import default_name
from salesdesk.sync.service import SyncService

COMMON = ("ENOSPC", "EACCES", "EPERM", "ENOENT", "EROFS", "EEXIST", "EISDIR", "EIO", "EBUSY")
PATH = "/home/li/坚果云/sync/laptop-b.salesdesk"


def test_the_common_faults_have_their_chinese() -> None:
    assert {getattr(errno, name) for name in COMMON} <= set(OS_ERRORS_ZH_CN)


@pytest.mark.parametrize("name", COMMON)
def test_a_fault_said_inside_a_message_is_in_chinese(name: str) -> None:
    number = getattr(errno, name)
    said = os.strerror(number)
    # As store.py and files.py say it: the strerror after the file.
    chinese = localize(f"Cannot read {PATH}: {said}.", "zh_CN")
    assert chinese == f"无法读取 {PATH}：{OS_ERRORS_ZH_CN[number]}。"
    # A whole OSError in brackets (a reason passed on): its words, its file kept.
    whole = str(OSError(number, said, "/tmp/x.db"))
    assert localize(f"{PATH} is damaged ({whole}); nothing was merged.", "zh_CN") == (
        f"{PATH} 已损坏（{OS_ERRORS_ZH_CN[number]}：'/tmp/x.db'）；没有合并任何内容。"
    )
    assert localize(str(OSError(number, said)), "zh_CN") == OS_ERRORS_ZH_CN[number]
    # English stays as the system says it.
    assert localize(f"Cannot read {PATH}: {said}.", "en") == f"Cannot read {PATH}: {said}."


def test_a_fault_the_catalog_does_not_know_stays_as_it_is() -> None:
    said = str(OSError(errno.EXDEV, os.strerror(errno.EXDEV), "/a", "/b"))
    assert localize(said, "zh_CN") == said


def test_a_sync_file_that_cannot_be_written_says_why_in_chinese_naming_it_once(
    tmp_path: Path,
) -> None:
    session = Session.open(tmp_path / "a.db")
    try:
        out = tmp_path / "out"
        out.mkdir()
        target = out / default_name(session.store)
        target.mkdir()  # a folder where the file goes
        messages.set_language("zh_CN")
        with pytest.raises(DatabaseError) as raised:
            SyncService(session).export(folder=out)
        said = str(raised.value)
        assert said == f"无法写入 {target}：这是文件夹，不是文件。"
        messages.set_language("en")
        said = str(raised.value)
        assert said == f"Cannot write {target}: {os.strerror(errno.EISDIR)}."
    finally:
        session.close()


def test_a_sync_file_that_cannot_be_read_says_why_in_chinese(tmp_path: Path) -> None:
    from salesdesk.sync.files import _copy_incoming

    messages.set_language("zh_CN")
    with pytest.raises(DatabaseError) as raised:
        _copy_incoming(tmp_path / "gone.salesdesk", tmp_path / "copy")
    assert str(raised.value) == f"无法读取 {tmp_path / 'gone.salesdesk'}：没有这个文件或文件夹。"
