"""PNG pictures of PDF pages: every page for translators (poppler's pdftoppm), and a small
first-page thumbnail for the staff index (PDFium, in process), so nobody has to open a PDF
to see what it is."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from .errors import LeafletError
from .files import write_atomically
from .tools import require_tool

THUMBNAIL_WIDTH = 240  # pixels


def _poppler(name: str) -> str:
    return require_tool(name, "poppler-utils")


def _run(command: list[str], pdf: Path) -> str:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise LeafletError(f"{Path(command[0]).name} could not read the PDF: {result.stderr.strip()}", pdf)
    return result.stdout


def pages_to_png(pdf: Path, folder: Path, dpi: int = 60) -> list[Path]:
    """Render every page of `pdf` to `folder/<stem>-<n>.png`."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{pdf.stem}-*.png"):
        old.unlink()
    _run([_poppler("pdftoppm"), "-r", str(dpi), "-png", str(pdf), str(folder / pdf.stem)], pdf)
    return sorted(folder.glob(f"{pdf.stem}-*.png"))


def thumbnail_path(pdf: Path) -> Path:
    """Where the staff index finds the first-page thumbnail of `pdf`."""
    return pdf.parent / "thumbnails" / f"{pdf.stem}.png"


def write_thumbnail(pdf_data: bytes, png: Path, width: int = THUMBNAIL_WIDTH, where: Path | None = None) -> None:
    """Draw the first page of a PDF (its bytes) `width` pixels wide into `png`, atomically.

    PDFium draws it in the calling process: the build's workers make each thumbnail right
    after the PDF, in about 15 ms, where a pdftoppm process took about 50 ms.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(pdf_data)
        try:
            page = document[0]
            image = page.render(scale=width / page.get_width()).to_pil()
        finally:
            document.close()
    except pdfium.PdfiumError as exc:
        raise LeafletError(f"the PDF cannot be drawn: {exc}", where or png) from None
    data = io.BytesIO()
    image.save(data, format="PNG")
    write_atomically(png, data.getvalue())


def thumbnail(pdf: Path, png: Path, width: int = THUMBNAIL_WIDTH) -> Path:
    """The first page of `pdf` as a PNG `width` pixels wide; redrawn only when the PDF is newer
    (the build draws it with the PDF; this catches one made by an older build, or deleted)."""
    if png.exists() and png.stat().st_mtime >= pdf.stat().st_mtime:
        return png
    write_thumbnail(pdf.read_bytes(), png, width, where=pdf)
    return png


def page_count(pdf: Path) -> int:
    """How many pages `pdf` has (PDFium, in process)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError as exc:
        raise LeafletError(f"the PDF cannot be read: {exc}", pdf) from None
    try:
        return len(document)
    finally:
        document.close()
