"""PNG pictures of PDF pages for translators (`make preview`), and page counts for the index.

Drawn in process by PDFium (pypdfium2), as the build's thumbnails are, and written through
`pipeline.files`, so a preview folder holds exactly one picture per page of each edition:
`<document>-<edition>-<page>.png`. Old pictures of an edition are removed by their exact name
pattern, never by a prefix that another edition's name shares.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ..errors import LeafletError, display_path
from ..files import read_bytes, remove, write_atomically

MIN_DPI, MAX_DPI = 30, 300
MAX_PDF_BYTES = 200_000_000


def check_dpi(dpi: int) -> int:
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise LeafletError(f"--dpi {dpi}: give a resolution from {MIN_DPI} to {MAX_DPI} (60 is a quick look, "
                           "150 shows marks and joins clearly)")
    return dpi


def pages_to_png(pdf: Path, folder: Path, boundary: Path, dpi: int = 60) -> list[Path]:
    """Draw every page of `pdf` to `folder/<pdf stem>-<n>.png`; returns the pictures, in order."""
    import pypdfium2 as pdfium

    check_dpi(dpi)
    mine = re.compile(rf"^{re.escape(pdf.stem)}-\d+\.png$")
    if folder.is_dir():
        for old in folder.iterdir():
            if mine.match(old.name):
                remove(old, boundary)
    try:
        document = pdfium.PdfDocument(read_bytes(pdf, boundary, MAX_PDF_BYTES, "PDF"))
    except pdfium.PdfiumError as exc:
        raise LeafletError(f"the PDF cannot be read: {exc}", display_path(pdf)) from None
    written = []
    try:
        for number in range(len(document)):
            image = document[number].render(scale=dpi / 72).to_pil()
            data = io.BytesIO()
            image.save(data, format="PNG")
            target = folder / f"{pdf.stem}-{number + 1}.png"
            write_atomically(target, data.getvalue(), boundary)
            written.append(target)
    finally:
        document.close()
    return written


def page_count(pdf: Path) -> int:
    """How many pages `pdf` has (PDFium, in process)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError as exc:
        raise LeafletError(f"the PDF cannot be read: {exc}", display_path(pdf)) from None
    try:
        return len(document)
    finally:
        document.close()
