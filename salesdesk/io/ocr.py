"""Reading a business card image: its text boxes by the bundled PP-OCR models, then its fields.

The OCR engine (rapidocr-onnxruntime: PP-OCR Chinese and English models inside
its wheel, run by onnxruntime on the CPU, offline) is loaded on the first scan,
never on import, so neither the window's start nor any other command pays for it.
A card photographed sideways or upside down is read again turned by 90°, 270°
or 180° when the first reading is poor, and the best reading is kept.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesdesk.domain.cardtext import Proposal, TextBox, parse_card
from salesdesk.domain.errors import UserError

# Photos are shrunk to this longest side first: the detector works at ~736 px anyway,
# and a 12-megapixel photo would only cost time.
MAX_SIDE = 1600
# A reading this sure with this many lines is kept without trying other rotations.
GOOD_SCORE = 0.88
MIN_LINES = 3
DET_SIDE = 960
MIME = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "WEBP": "image/webp",
    "BMP": "image/bmp",
    "TIFF": "image/tiff",
    "GIF": "image/gif",
}


class ScanError(UserError):
    """An image that cannot be read as a card: the one message the user sees.

    `kind` names the reason (missing, folder, unreadable, empty, not_image, too_small,
    no_text, no_fields, engine) so the window can say it in the user's language.
    """

    def __init__(self, message: str, kind: str = "", file: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.file = file


class Cancelled(Exception):
    pass


@dataclass
class Reading:
    """One image read: its fields, the boxes they came from, the turn that read best."""

    file: str
    proposal: Proposal
    boxes: list[TextBox]
    rotation: int  # degrees the image was turned (counter-clockwise) before reading
    width: int
    height: int
    image: bytes = b""  # the image as stored with the card (the original bytes, or a JPEG)
    mime: str = "image/jpeg"
    attempts: list[tuple[int, float]] = field(default_factory=list)  # (rotation, quality)


_engine: Any = None
_engine_lock = threading.Lock()


def engine() -> Any:
    """The OCR engine, loaded once per process (0.5 s); the models ship inside the wheel."""
    global _engine  # noqa: PLW0603 - one engine per process, loaded on first use
    with _engine_lock:
        if _engine is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as error:  # pragma: no cover - a broken install
                raise ScanError(
                    f"Card scanning needs the rapidocr-onnxruntime package ({error}).", "engine"
                ) from None
            # The detector at most 960 px on the long side (its default scales the short
            # side up to 736 px): a card's print is large, and this costs a fifth less.
            _engine = RapidOCR(
                print_verbose=False, det_limit_side_len=DET_SIDE, det_limit_type="max"
            )
        return _engine


def loaded() -> bool:
    return _engine is not None


def load_image(path: Path) -> tuple[Any, bytes, str]:
    """The image (RGB, upright by its EXIF tag, at most MAX_SIDE), its bytes and MIME type."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ScanError(f"{path} does not exist.", "missing", path.name) from None
    except IsADirectoryError:
        raise ScanError(f"{path} is a folder, not an image.", "folder", path.name) from None
    except OSError as error:
        raise ScanError(
            f"Cannot read {path}: {error.strerror or error}.", "unreadable", path.name
        ) from None
    if not data:
        raise ScanError(f"{path.name} is an empty file, not an image.", "empty", path.name)
    try:
        with Image.open(io.BytesIO(data)) as opened:
            kind = opened.format or ""
            opened.load()
            image = ImageOps.exif_transpose(opened).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ScanError(
            f"{path.name} is not an image SalesDesk can read (PNG, JPEG, WebP, BMP, TIFF).",
            "not_image",
            path.name,
        ) from None
    if min(image.size) < 32:
        raise ScanError(
            f"{path.name} is too small ({image.width} × {image.height}) to read a card from.",
            "too_small",
            path.name,
        )
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    mime = MIME.get(kind, "")
    if not mime or len(data) > 2_000_000:
        # Kept with the card and synced: a big photo is stored as a smaller JPEG.
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85)
        data, mime = buffer.getvalue(), "image/jpeg"
    return image, data, mime


def read_boxes(image: Any) -> list[TextBox]:
    """The text boxes of an RGB image, as the engine reads it (angle classifier off: the
    whole card is turned instead, which costs less and also finds 90° turns)."""
    import numpy as np

    array = np.asarray(image)[:, :, ::-1]  # RGB to the BGR the engine expects
    result, _ = engine()(array, use_cls=False)
    boxes = []
    for points, text, score in result or []:
        corners = tuple((float(x), float(y)) for x, y in points)
        boxes.append(TextBox(str(text), corners, float(score)))
    return boxes


def _mean_score(boxes: list[TextBox]) -> float:
    return sum(b.score for b in boxes) / len(boxes) if boxes else 0.0


def _quality(boxes: list[TextBox]) -> float:
    """How good a reading is: recognised characters weighted by their score."""
    return sum(b.score * len(b.text) for b in boxes)


def _flat_share(boxes: list[TextBox]) -> float:
    return sum(1 for b in boxes if b.width >= b.height) / len(boxes) if boxes else 0.0


def _turned_boxes(boxes: list[TextBox], width: int) -> list[TextBox]:
    """The boxes as they lie on the image turned 90° counter-clockwise: (x, y) -> (y, W - x)."""
    return [TextBox(b.text, tuple((y, width - x) for x, y in b.box), b.score) for b in boxes]


def read_card(
    path: Path,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> Reading:
    """Read one card image; raises ScanError with one clear message when there is no card.

    The first reading is of the image as it is. The engine turns a standing line
    by 90° before reading it, so a card photographed turned clockwise is read
    right at once, its lines all standing: only their places are turned then.
    Otherwise a poor first reading is tried again on the image turned by 180°,
    90° and 270° (a portrait photo: 270° first), and the best reading is kept.
    """
    image, data, mime = load_image(path)
    attempts: list[tuple[int, float]] = []  # (rotation, quality) of each reading

    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled

    def judged(boxes: list[TextBox], rotation: int, width: int, height: int) -> tuple[Any, ...]:
        proposal = parse_card(boxes)
        found = sum(
            bool(v) for v in (proposal.name, proposal.company, proposal.phones, proposal.email)
        )
        attempts.append((rotation, round(_quality(boxes), 2)))
        return (found, _quality(boxes)), rotation, boxes, width, height, proposal

    def complete(candidate: tuple[Any, ...]) -> bool:
        proposal, boxes = candidate[5], candidate[2]
        return (
            len(boxes) >= MIN_LINES
            and _mean_score(boxes) >= GOOD_SCORE
            and bool(proposal.name)
            and bool(proposal.phones or proposal.email)
        )

    check()
    boxes = read_boxes(image)
    if boxes and _flat_share(boxes) < 0.5 and _mean_score(boxes) >= GOOD_SCORE:
        # Every line standing and read well: the card lies turned clockwise.
        best = judged(_turned_boxes(boxes, image.width), 90, image.height, image.width)
    else:
        best = judged(boxes, 0, image.width, image.height)
    if not complete(best):
        turns = [270, 180, 90] if image.height > image.width else [180, 270, 90]
        for rotation in turns:
            if rotation == best[1]:
                continue
            check()
            turned = image.rotate(rotation, expand=True)
            candidate = judged(read_boxes(turned), rotation, turned.width, turned.height)
            if candidate[0] > best[0]:
                best = candidate
            if complete(candidate):
                break
    _, rotation, boxes, width, height, proposal = best
    if not boxes:
        raise ScanError(
            f"No text was found on {path.name}: is it a business card?", "no_text", path.name
        )
    if proposal.empty:
        raise ScanError(
            f"{path.name} has text but no name, company, phone or e-mail was found on it.",
            "no_fields",
            path.name,
        )
    return Reading(
        file=str(path),
        proposal=proposal,
        boxes=boxes,
        rotation=rotation,
        width=width,
        height=height,
        image=data,
        mime=mime,
        attempts=attempts,
    )
