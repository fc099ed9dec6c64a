"""Render the app icon from its SVG into the PNG, .ico and .icns files installers need."""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render_pngs(svg: Path, out_dir: Path) -> list[Path]:
    """One PNG per size, drawn by Qt's SVG renderer (Pillow cannot read SVG)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: cannot read {svg}")
    pngs = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = out_dir / f"salesdesk-{size}.png"
        image.save(str(path))
        pngs.append(path)
    del app
    return pngs


def make_icons(svg: Path, out_dir: Path) -> dict[str, Path]:
    """salesdesk.png (256 px), salesdesk.ico (Windows) and salesdesk.icns (macOS) in out_dir."""
    from PIL import Image

    out_dir.mkdir(parents=True, exist_ok=True)
    pngs = render_pngs(svg, out_dir)
    largest = Image.open(pngs[-1])
    png = out_dir / "salesdesk.png"
    Image.open(out_dir / "salesdesk-256.png").save(png)
    ico = out_dir / "salesdesk.ico"
    largest.save(ico, sizes=[(s, s) for s in SIZES if s <= 256])
    icns = out_dir / "salesdesk.icns"
    largest.save(icns)
    return {"png": png, "ico": ico, "icns": icns}


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: make_icons.py ICON.svg OUT_DIR")
    for kind, path in make_icons(Path(sys.argv[1]), Path(sys.argv[2])).items():
        print(f"{kind} {path}")
