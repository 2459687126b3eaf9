"""Text recognition of one scanned page: render, deskew, Tesseract, words with confidences.

A scanned notice is a PDF whose pages are images. Each page is rendered at 200 dpi in grey
(PDFium), turned straight (the skew is the angle whose row profile of ink is sharpest, so the
lines of the table lie flat), and read by the tesseract binary, whose TSV output gives every
word's box and confidence. The binary is called directly, not through pytesseract or
ocrmypdf: one subprocess call with a time limit is all we need, and TSV is Tesseract's own
format, so no dependency stands between us and it. OMP_THREAD_LIMIT=1 keeps Tesseract to one
thread, so a worker uses one core.

This runs in the PDF worker process (pdf_worker.py), one page per request, so a page that
makes Tesseract spin is killed at its time limit like any other PDF problem.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
from typing import TYPE_CHECKING

from .positional import PageWords, Word

if TYPE_CHECKING:  # Pillow is imported when a page is read, not when the parser loads
    from PIL.Image import Image

DPI = 200
PAGE_TIME_LIMIT = 60.0  # seconds for one page; a notice's page takes a few seconds
MIN_WORD_CONFIDENCE = 20.0  # Tesseract's short guesses below this are noise (specks)
_LONG_WORD = 6  # characters: a long word (a URL) is kept at any confidence, it is seldom noise
_SKEW_RANGE = 5.0  # degrees either way
_SKEW_STEP = 0.25
_PROFILE_WIDTH = 600  # pixels: the skew is measured on a smaller copy of the page
HOW_TO_ENABLE = "install Tesseract to read scans: apt-get install tesseract-ocr tesseract-ocr-eng"


class OcrProblem(Exception):
    """A scanned page that could not be read, with the reason in words."""


@functools.cache
def tesseract_path() -> str | None:
    """The tesseract binary, if it is installed with English; None when it is not."""
    path = shutil.which("tesseract")
    if path is None:
        return None
    try:
        done = subprocess.run(
            [path, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return path if "eng" in done.stdout.split() else None


def parse_tsv(tsv: str, *, width: float, height: float) -> PageWords:
    """Tesseract's TSV output as the page's words (level 5 rows), noise left out."""
    words: list[Word] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        text = cells[11].strip()
        try:
            left, top, w, h = (float(cells[n]) for n in range(6, 10))
            confidence = float(cells[10])
        except ValueError:
            continue
        if (
            text
            and confidence >= 0
            and (confidence >= MIN_WORD_CONFIDENCE or len(text) >= _LONG_WORD)
        ):
            words.append(Word(text, left, top, left + w, top + h, confidence))
    return PageWords(width, height, tuple(words))


def skew_angle(image: Image) -> float:
    """The angle (degrees, counter-clockwise) that turns the page's lines of text level."""
    from PIL import Image as Pillow

    scale = _PROFILE_WIDTH / image.width
    small = image.convert("L").resize((_PROFILE_WIDTH, max(1, round(image.height * scale))))
    ink = small.point(lambda p: 255 if p < 160 else 0)
    best_angle, best_score = 0.0, -1.0
    steps = round(_SKEW_RANGE / _SKEW_STEP)
    for step in range(-steps, steps + 1):
        angle = step * _SKEW_STEP
        turned = ink.rotate(angle, resample=Pillow.Resampling.NEAREST, fillcolor=0)
        profile = list(turned.resize((1, turned.height), Pillow.Resampling.BOX).tobytes())
        score = sum((b - a) ** 2 for a, b in zip(profile, profile[1:], strict=False))
        if score > best_score:
            best_angle, best_score = angle, score
    return best_angle


def deskewed(image: Image) -> Image:
    """The page turned straight (white where the turn uncovers the corners)."""
    from PIL import Image as Pillow

    angle = skew_angle(image)
    if angle == 0:
        return image
    return image.rotate(angle, resample=Pillow.Resampling.BICUBIC, fillcolor=255)


def recognise_image(image: Image, *, time_limit: float = PAGE_TIME_LIMIT) -> PageWords:
    """One page image read by Tesseract, after deskewing; raise OcrProblem if it cannot be."""
    binary = tesseract_path()
    if binary is None:
        raise OcrProblem(f"no text layer: the PDF looks scanned; {HOW_TO_ENABLE}")
    page = deskewed(image.convert("L"))
    png = io.BytesIO()
    page.save(png, format="PNG", compress_level=1)
    try:
        done = subprocess.run(
            [binary, "stdin", "stdout", "-l", "eng", "--psm", "3", "--dpi", str(DPI), "tsv"],
            input=png.getvalue(),
            capture_output=True,
            timeout=time_limit,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise OcrProblem(
            f"reading a scanned page took longer than {time_limit:g} seconds"
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise OcrProblem(f"Tesseract could not read a scanned page ({' '.join(message)})")
    return parse_tsv(done.stdout.decode("utf-8", "replace"), width=page.width, height=page.height)


def render_page(data: bytes, index: int) -> Image:
    """One page of a PDF as a grey image at DPI."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return document[index].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def recognise_page(data: bytes, index: int) -> PageWords:
    """Page `index` of a scanned PDF, rendered, deskewed and read (the worker's OCR job)."""
    return recognise_image(render_page(data, index))


def page_png(data: bytes, index: int, *, dpi: int = 100) -> bytes:
    """One page of a PDF as a PNG, for an admin to see beside the fields read from it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        if not 0 <= index < len(document):
            raise OcrProblem(f"the PDF has no page {index + 1}")
        image = document[index].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def page_count(data: bytes) -> int:
    """How many pages a PDF has (0 when it cannot be opened)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return 0
    try:
        return len(document)
    finally:
        document.close()
