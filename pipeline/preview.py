"""PNG pictures of PDF pages, with poppler's pdftoppm: every page for translators, and a small
first-page thumbnail for the staff index, so nobody has to open a PDF to see what it is."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from .errors import LeafletError
from .tools import require_tool


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


def thumbnail(pdf: Path, png: Path, width: int = 240) -> Path:
    """The first page of `pdf` as a PNG `width` pixels wide; redrawn only when the PDF is newer."""
    if png.exists() and png.stat().st_mtime >= pdf.stat().st_mtime:
        return png
    png.parent.mkdir(parents=True, exist_ok=True)
    partial = png.with_name(f".{png.stem}.partial")  # pdftoppm adds .png; renamed once complete
    _run([_poppler("pdftoppm"), "-f", "1", "-l", "1", "-singlefile", "-scale-to-x", str(width),
          "-scale-to-y", "-1", "-png", str(pdf), str(partial)], pdf)
    partial.with_name(partial.name + ".png").replace(png)
    return png


def page_count(pdf: Path) -> int:
    """How many pages `pdf` has, from poppler's pdfinfo."""
    match = re.search(r"^Pages:\s+(\d+)", _run([_poppler("pdfinfo"), str(pdf)], pdf), re.MULTILINE)
    if match is None:
        raise LeafletError("pdfinfo did not report a page count", pdf)
    return int(match[1])
