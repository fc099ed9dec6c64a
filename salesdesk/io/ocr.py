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
from salesdesk.models.plainfiles import NotPlainFile, open_plain_file, read_plain_file

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
    name: str = ""  # the file's name, and the page of a PDF ("cards.pdf p.2")

    def __post_init__(self) -> None:
        if not self.name:
            base, _, page = self.file.rpartition("#")  # str(Source): "cards.pdf#2"
            path = Path(base if page.isdigit() and base else self.file)
            self.name = f"{path.name} p.{page}" if page.isdigit() and base else path.name


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


PDF_PAGES = 50  # a PDF of scanned cards: more pages than this is not a stack of cards


@dataclass(frozen=True)
class Source:
    """One card to read: an image file, or one page of a PDF of scanned cards."""

    path: Path
    page: int = 0  # 1-based page of a PDF; 0 for an image file

    @property
    def name(self) -> str:
        return f"{self.path.name} p.{self.page}" if self.page else self.path.name

    def __str__(self) -> str:
        return f"{self.path}#{self.page}" if self.page else str(self.path)


def _read_bytes(path: Path) -> bytes:
    try:
        data = read_plain_file(path)
    except NotPlainFile:
        # The window says it as "cannot be read" (its words for an unreadable file).
        raise ScanError(
            f"{path} is not a plain file (a pipe or a device), not an image.",
            "unreadable",
            path.name,
        ) from None
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
    return data


def _is_pdf(path: Path) -> bool:
    """Whether a plain file starts as a PDF (a pipe or a device is not opened: reading it
    gives its message)."""
    try:
        with open_plain_file(path) as file:
            return file.read(5) == b"%PDF-"
    except OSError:
        return False


def _pdf(data: bytes, name: str) -> Any:
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        raise ScanError(
            f"{name} is a PDF SalesDesk cannot open (damaged or protected by a password).",
            "bad_pdf",
            name,
        ) from None


def sources(paths: list[Path]) -> list[Source]:
    """The cards in these files: each image once, each page of a PDF of scans once.

    A file that is neither is kept as it is, so reading it gives its one clear message.
    """
    found: list[Source] = []
    for path in paths:
        if not _is_pdf(path):
            found.append(Source(path))
            continue
        document = _pdf(_read_bytes(path), path.name)
        try:
            count = len(document)
        finally:
            document.close()
        if count == 0 or count > PDF_PAGES:
            raise ScanError(
                f"{path.name} has {count} pages: a PDF of scanned cards has 1 to {PDF_PAGES}.",
                "pdf_pages",
                path.name,
            )
        found.extend(Source(path, page) for page in range(1, count + 1))
    return found


def _pdf_page(source: Source) -> Any:
    """A PDF page rendered to an RGB image whose longest side is MAX_SIDE pixels."""
    document = _pdf(_read_bytes(source.path), source.path.name)
    try:
        if not 1 <= source.page <= len(document):
            raise ScanError(f"{source.name} does not exist.", "missing", source.name)
        page = document[source.page - 1]
        width, height = page.get_size()
        scale = MAX_SIDE / max(width, height, 1.0)
        return page.render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()


def _register_heif() -> None:
    """HEIC/HEIF photos (iPhones): Pillow reads them once pillow-heif has registered."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:  # pragma: no cover - a broken install
        return
    register_heif_opener()


def load_image(path: Path) -> tuple[Any, bytes, str]:
    """The image (RGB, upright by its EXIF tag, at most MAX_SIDE), its bytes and MIME type."""
    return load_source(Source(path))


def load_source(source: Source) -> tuple[Any, bytes, str]:
    """The card's image (RGB, upright by its EXIF tag, at most MAX_SIDE), the bytes kept with
    the card and their MIME type; a PDF page is kept as a JPEG of the rendered page."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    path, name = source.path, source.name
    if source.page:
        image = _pdf_page(source)
        data, kind = b"", "PDF"
    else:
        data = _read_bytes(path)
        _register_heif()
        try:
            with Image.open(io.BytesIO(data)) as opened:
                kind = opened.format or ""
                opened.load()
                image = ImageOps.exif_transpose(opened).convert("RGB")
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
            raise ScanError(
                f"{name} is not an image SalesDesk can read (PNG, JPEG, HEIC, WebP, BMP, TIFF, "
                "or a PDF of scanned cards).",
                "not_image",
                name,
            ) from None
    if min(image.size) < 32:
        raise ScanError(
            f"{name} is too small ({image.width} × {image.height}) to read a card from.",
            "too_small",
            name,
        )
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    mime = MIME.get(kind, "")
    if not mime or len(data) > 2_000_000:
        # Kept with the card and synced: a big photo, a HEIC or a PDF page is a JPEG.
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
    path: Path | Source,
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
    source = path if isinstance(path, Source) else Source(path)
    image, data, mime = load_source(source)
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
            f"No text was found on {source.name}: is it a business card?",
            "no_text",
            source.name,
        )
    if proposal.empty:
        raise ScanError(
            f"{source.name} has text but no name, company, phone or e-mail was found on it.",
            "no_fields",
            source.name,
        )
    return Reading(
        file=str(source),
        proposal=proposal,
        boxes=boxes,
        rotation=rotation,
        width=width,
        height=height,
        image=data,
        mime=mime,
        attempts=attempts,
        name=source.name,
    )
