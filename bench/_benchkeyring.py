"""A keychain for the benches: the window started on an encrypted book finds its passphrase
as it would in the system keychain (Remember ticked), so a start is timed without a dialog.

Chosen with PYTHON_KEYRING_BACKEND=_benchkeyring.BenchKeyring (bench/ on PYTHONPATH); the
entry (the passphrase and the key kept beside it, as keychain.put writes it) comes from
SALESDESK_BENCH_PASSPHRASE. Nothing is written anywhere.
"""

from __future__ import annotations

import os

from keyring.backend import KeyringBackend


class BenchKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return os.environ.get("SALESDESK_BENCH_PASSPHRASE")

    def set_password(self, service: str, username: str, password: str) -> None:
        pass

    def delete_password(self, service: str, username: str) -> None:
        pass
