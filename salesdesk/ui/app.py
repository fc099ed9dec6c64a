"""Starting the window: the QApplication, translations, the crash dialog, one window per file."""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

_IMPORTED_AT = time.perf_counter()  # fallback start time where /proc is missing

from PySide6.QtCore import (  # noqa: E402
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QThreadPool,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QIcon  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from salesdesk import APP_NAME, ICON, ORG_NAME, __version__, resources_dir  # noqa: E402
from salesdesk.domain import messages as core_messages  # noqa: E402
from salesdesk.domain.errors import DatabaseLocked, UserError  # noqa: E402

if TYPE_CHECKING:
    from salesdesk.services.session import Session

log = logging.getLogger("salesdesk.ui")

RESOURCES = resources_dir()

# Chinese faces in Simplified glyph shapes, best first (Linux, Windows, macOS). Without
# them in the font's family list Qt takes the first CJK face fontconfig offers for a Han
# character, often Noto Sans CJK JP, whose 直, 今 and 户 are the Japanese shapes.
SIMPLIFIED_CHINESE_FACES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "Microsoft YaHei",
    "Microsoft YaHei UI",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Micro Hei",
)


def seconds_since_start() -> float:
    """How long this process has run, from the kernel's start time where it tells it."""
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of the line, counted after the name
        with open("/proc/uptime", encoding="ascii") as handle:
            uptime = float(handle.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _IMPORTED_AT


def peak_rss_mb() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, made on first use."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    if not os.environ.get("QT_QPA_PLATFORM") and sys.platform.startswith("linux"):
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication(argv or [sys.argv[0]])
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    icon = RESOURCES / ICON
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    prefer_simplified_chinese(app)
    return app


def simplified_chinese_faces() -> list[str]:
    """The Simplified Chinese faces of SIMPLIFIED_CHINESE_FACES installed here, best first."""
    installed = set(QFontDatabase.families())
    return [name for name in SIMPLIFIED_CHINESE_FACES if name in installed]


def prefer_simplified_chinese(app: QApplication) -> QFont:
    """Make the window's font draw Han characters with a Simplified Chinese face.

    The system's UI face stays first, for Latin text and digits; each glyph it lacks
    comes from the next family in the list before Qt's own fallback. Dialogs, tables
    and the day sheet's document all start from this font.
    """
    font = app.font()
    base = QFontInfo(font).family()  # the real face, not an alias such as "Sans Serif"
    faces = [name for name in simplified_chinese_faces() if name != base]
    if faces:
        font.setFamilies([base, *faces])
        app.setFont(font)
    return font


def install_translations(app: QApplication, lang: str | None) -> list[QTranslator]:
    """Load SalesDesk's and Qt's own translations for lang (default: the system's language).

    "pseudo" is English with every string of ours padded by scripts/translations.py, to find
    layouts that clip a longer language and strings that are not translatable.
    """
    pseudo = lang == "pseudo"
    if pseudo:
        lang = "en"
    locale = QLocale(lang) if lang else QLocale.system()
    if lang:
        QLocale.setDefault(locale)
    # The core's messages (errors, undo labels) in the same language, from its own catalog.
    chinese = locale.language() == QLocale.Language.Chinese
    core_messages.set_language("zh_CN" if chinese and not pseudo else "en")
    loaded: list[QTranslator] = []
    ours = QTranslator(app)
    folder = str(RESOURCES / "translations")
    found = ours.load("salesdesk_pseudo", folder) if pseudo else None
    if found or ours.load(locale, "salesdesk", "_", folder):
        app.installTranslator(ours)
        loaded.append(ours)
    qt = QTranslator(app)
    if any(qt.load(locale, "qtbase", "_", folder) for folder in qt_translation_folders()):
        app.installTranslator(qt)
        loaded.append(qt)
    # Kept on the application: a translator that Python collects stops translating.
    app._salesdesk_translators = loaded  # type: ignore[attr-defined]
    return loaded


# Qt's own words that qtbase_zh_CN.qm (Qt 6.11) lacks: the file dialog's labels gained
# mnemonics ("&Look in:") and lost their Chinese. Ours carries them, in Qt's own context;
# Qt asks every installed translator.
QT_WORDS_MISSING_FROM_QTBASE = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Directory"),
)


def qt_translation_folders() -> list[str]:
    """Where Qt's own translations (qtbase_zh_CN.qm: file dialogs, message box buttons) are:
    Qt's configured folder, then PySide6's, which a frozen app carries under its own path."""
    import PySide6

    package = Path(PySide6.__file__).parent
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    folders += [str(package / "Qt" / "translations"), str(package / "translations")]
    return list(dict.fromkeys(folders))


def _show_crash(text: str, details: str) -> None:
    from salesdesk.ui import messages

    parent = QApplication.activeWindow()
    messages.show_error(parent, text, details)


def excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """A slot that raised: log it and show a dialog, and keep the window running."""
    if issubclass(kind, KeyboardInterrupt):
        QApplication.quit()
        return
    if isinstance(error, UserError):
        # A message for the user that a code path forgot to catch: no traceback for it.
        _show_crash(str(error), "")
        return
    details = "".join(traceback.format_exception(kind, error, tb))
    from salesdesk.ui.logsafe import loggable

    log.error("Unexpected error\n%s", loggable(kind, error, tb))  # no customer data (issue 22)
    try:
        _show_crash(
            QCoreApplication.translate(
                "App",
                "Something went wrong inside SalesDesk. Your saved cards are safe;"
                " the last action may not have completed.",
            ),
            details,
        )
    except Exception:  # the dialog itself failed: the log has it, never recurse
        log.exception("Could not show the error dialog")


def _log_to_file() -> None:
    from salesdesk.models.paths import log_path

    try:
        log_path().parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(log_path(), encoding="utf-8")
    except OSError:
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger("salesdesk").addHandler(handler)


def open_session(db_path: Path) -> tuple[Session | None, str | None]:
    """(session, None) as the writer; (None, None) when a running window took over;
    (session, reason) read-only when another process has the file but nobody answered."""
    from salesdesk.models.cipher import looks_encrypted
    from salesdesk.services.session import Session
    from salesdesk.ui.single import ask_running_instance

    if db_path.exists() and looks_encrypted(db_path):  # issue 22: ask the passphrase
        return _open_encrypted_session(db_path)
    try:
        return Session.open(db_path), None
    except DatabaseLocked:
        if ask_running_instance(db_path):
            return None, None
    session = Session.open(db_path, read_only=True)
    reason = QCoreApplication.translate(
        "App", "Opened read-only: another SalesDesk window is using this file."
    )
    return session, reason


def _open_encrypted_session(db_path: Path) -> tuple[Session | None, str | None]:
    """An encrypted database: a running window that has it is brought forward before a
    passphrase is asked; then the keychain's passphrase or three tries (issue 22)."""
    from salesdesk.models.lock import DatabaseLock
    from salesdesk.services.session import Session
    from salesdesk.ui.privacy import open_encrypted
    from salesdesk.ui.single import ask_running_instance

    probe = DatabaseLock(db_path)
    free = probe.acquire()
    if free:
        probe.release()
    elif ask_running_instance(db_path):
        return None, None
    reason = None
    if not free:
        reason = QCoreApplication.translate(
            "App", "Opened read-only: another SalesDesk window is using this file."
        )
    session = open_encrypted(
        db_path, lambda key: Session.open(db_path, read_only=not free, passphrase=key)
    )
    if session is None:
        from salesdesk.models.cipher import PassphraseNeeded

        raise PassphraseNeeded(
            f"{db_path} is encrypted: SalesDesk needs its passphrase to open it."
        )
    return session, reason


def run_window(db_path: str | Path, lang: str | None = None) -> int:
    """Open the main window on this database (made if missing) and run until it closes."""
    from salesdesk.ui import messages

    path = Path(db_path).expanduser()
    app = application()
    if not lang:
        from salesdesk.ui.preferences import saved_language

        lang = saved_language()  # Edit > Preferences > Language
    install_translations(app, lang)
    _log_to_file()
    previous_hook = sys.excepthook
    sys.excepthook = excepthook
    try:
        try:
            session, reason = open_session(path)
        except UserError as error:
            print(f"salesdesk: {error}", file=sys.stderr)
            if not os.environ.get("SALESDESK_QUIT_WHEN_READY"):
                messages.show_error(None, str(error))
            return 1
        if session is None:
            brought = core_messages.localize("the window that has this file was brought forward")
            print(f"salesdesk: {brought}", file=sys.stderr)
            return 0
        # The cards' rows are read on a thread while the window's modules are imported
        # (0.2-0.3 s of the start) and its widgets made.
        session.read_card_list_ahead()
        from salesdesk.ui.mainwindow import MainWindow
        from salesdesk.ui.single import InstanceServer

        server = None
        if reason is None:
            server = InstanceServer(path, app)
            if not server.listen():
                log.warning("Could not listen for other starts on %s", path)
        window = MainWindow(session, read_only_reason=reason)
        if server is not None:
            server.activate_requested.connect(window.bring_forward)
        window.show()
        if os.environ.get("SALESDESK_QUIT_WHEN_READY") == "1":
            QTimer.singleShot(0, lambda: _report_ready(app))
        else:
            QTimer.singleShot(0, window.after_start)  # daily backup, sync on start
            QTimer.singleShot(0, window.day_plan.start)  # what is due: a reminder, then each minute
        try:
            return app.exec()
        finally:
            if server is not None:
                server.close()
            QThreadPool.globalInstance().waitForDone(30000)
            window.session.close()  # a restored backup replaced the session opened here
    finally:
        sys.excepthook = previous_hook


def _report_ready(app: QApplication) -> None:
    app.processEvents()  # let the first paint happen: "usable" means drawn
    print(f"ready {seconds_since_start():.3f} rss_mb={peak_rss_mb():.1f}", flush=True)
    app.quit()
