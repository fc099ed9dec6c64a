"""A font that shows Chinese in charts: found once on the system, with a clean fallback."""

from __future__ import annotations

import functools
import logging
import os

log = logging.getLogger(__name__)

# Best first: Simplified Chinese faces (Linux, Windows, macOS), then any CJK face. A
# Noto Sans CJK .ttc holds JP, KR, SC, TC and HK faces: its JP face draws 直, 今 and
# 户 in Japanese shapes, so the SC face is named before it.
SIMPLIFIED = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Source Han Sans CN",
    "SimHei",
    "Sarasa Gothic SC",
)
PREFERRED = (
    *SIMPLIFIED,
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Droid Sans Fallback",
    "Arial Unicode MS",
)
# File-name hints for fonts installed after matplotlib built its font cache.
_FILE_HINTS = (
    "cjk",
    "wqy",
    "msyh",
    "yahei",
    "pingfang",
    "simhei",
    "sourcehan",
    "droidsansfallback",
)


@functools.cache
def cjk_font() -> str | None:
    """The family name of a CJK font matplotlib can use, or None when there is none."""
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    for name in PREFERRED:
        if name in known:
            return name
    added = []
    for path in font_manager.findSystemFonts():
        if not any(hint in os.path.basename(path).lower() for hint in _FILE_HINTS):
            continue
        try:
            font_manager.fontManager.addfont(path)  # every face of a .ttc collection
            added.append(str(font_manager.FontProperties(fname=path).get_name()))
        except (OSError, RuntimeError, ValueError):  # an unreadable font file: try the next
            continue
    known = {f.name for f in font_manager.fontManager.ttflist}
    for name in PREFERRED:
        if name in known:
            return name
    if added:
        return added[0]
    log.info("No CJK font found: charts fall back to English text.")
    return None


@functools.cache
def configure() -> str | None:
    """Set matplotlib's fonts once: Latin from DejaVu Sans, Chinese from the CJK font.

    Text is drawn long after a figure is built (on every repaint), so the
    family list is set process-wide; matplotlib takes each glyph missing from
    the first family from the next one.
    """
    import matplotlib

    name = cjk_font()
    family = ["DejaVu Sans", *([name] if name else [])]
    matplotlib.rcParams["font.family"] = family
    matplotlib.rcParams["svg.fonttype"] = "path"  # an SVG shows right without the font
    return name


def has_cjk(text: str) -> bool:
    return any(ord(ch) >= 0x2E80 for ch in text)


def chart_lang(lang: str) -> str:
    """The language charts can really be written in: Chinese only with a CJK font."""
    if lang.startswith("zh") and configure() is None:
        return "en"
    return "zh_CN" if lang.startswith("zh") else "en"


def printable(text: str) -> str:
    """User text (a card's name) safe to draw: CJK characters become '?' without a CJK font,
    so matplotlib does not warn about a missing glyph for each one."""
    if configure() is not None or not has_cjk(text):
        return text
    return "".join("?" if ord(ch) >= 0x2E80 else ch for ch in text)
