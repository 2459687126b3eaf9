"""Scanned notices made from the PDF fixtures, as a council's scanner makes them: each page
rasterised by pdftoppm at 200 dpi in grey, turned by a degree or so, with speckle noise and
a grey paper tone, and saved as a PDF of JPEG images (no text layer).

Also the bad scans: blank pages, a photograph, a page that is not a notice, a 300-page scan.
Dev, test and bench only (poppler-utils' pdftoppm and Pillow).
"""

from __future__ import annotations

import io
import random
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

DPI = 200
A4_PIXELS = (1654, 2339)  # A4 at 200 dpi


def rasterise(pdf: bytes, *, dpi: int = DPI) -> list[Image.Image]:
    """Every page of a PDF as a grey image, by pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), f"{folder}/page"],
            check=True,
            capture_output=True,
        )
        pages = sorted(Path(folder).glob("page-*.png"))
        return [Image.open(page).convert("L") for page in pages]


def scanned(page: Image.Image, *, skew: float, noise: float, seed: int) -> Image.Image:
    """A page as a scanner gives it: turned by skew degrees, a grey tone, speckles."""
    turned = page.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False)
    rng = random.Random(seed)  # the same scan every time, for figures that can be compared
    spread = max(1, round(noise * 2))
    grain = Image.frombytes("L", turned.size, rng.randbytes(turned.width * turned.height))
    grain = grain.point(lambda p: 128 - spread + (p * 2 * spread) // 255)
    toned = Image.blend(turned, grain.filter(ImageFilter.GaussianBlur(0.6)), 0.12)
    draw = ImageDraw.Draw(toned)
    for _ in range(400):  # dust
        x, y = rng.randrange(toned.width), rng.randrange(toned.height)
        draw.point((x, y), fill=rng.randrange(40, 140))
    return toned


def images_pdf(pages: list[Image.Image], *, quality: int = 40) -> bytes:
    """Images as a PDF of JPEG pages at DPI: a scan, with no text layer."""
    out = io.BytesIO()
    first, *rest = pages
    first.save(
        out, format="PDF", save_all=True, append_images=rest, resolution=DPI, quality=quality
    )
    return out.getvalue()


def scan_pdf(pdf: bytes, *, skew: float = 1.0, noise: float = 30.0, seed: int = 0) -> bytes:
    """A born-digital PDF as a scan of its printout."""
    pages = [
        scanned(page, skew=skew * (1 if n % 2 == 0 else -0.7), noise=noise, seed=seed + n)
        for n, page in enumerate(rasterise(pdf))
    ]
    return images_pdf(pages)


def blank_scan(pages: int = 2) -> bytes:
    """Blank pages scanned: paper tone and dust, no text."""
    blank = Image.new("L", A4_PIXELS, 255)
    return images_pdf([scanned(blank, skew=0.5, noise=30, seed=n) for n in range(pages)])


def photo_scan(seed: int = 3) -> bytes:
    """A photograph (soft shapes and gradients, no text) saved as a one-page PDF."""
    rng = random.Random(seed)
    photo = Image.linear_gradient("L").resize(A4_PIXELS)
    draw = ImageDraw.Draw(photo)
    for _ in range(60):
        x, y = rng.randrange(A4_PIXELS[0]), rng.randrange(A4_PIXELS[1])
        r = rng.randrange(40, 400)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randrange(0, 255))
    photo = photo.filter(ImageFilter.GaussianBlur(8))
    return images_pdf([photo])


def long_scan(pages: int = 300) -> bytes:
    """A scan of many pages (small blank images, to keep it quick to make)."""
    page = Image.new("L", (165, 234), 250)
    return images_pdf([page] * pages, quality=20)


def text_page_scan(lines: list[str]) -> bytes:
    """A page of plain text (not a notice), rendered and scanned."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    canvas.setFont("Helvetica", 11)
    y = 780
    for line in lines:
        canvas.drawString(60, y, line)
        y -= 16
    canvas.save()
    return scan_pdf(out.getvalue(), seed=5)
