"""PNG previews of PDF pages, so translators see an edit's result without opening a PDF viewer."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .errors import LeafletError


def pages_to_png(pdf: Path, folder: Path, dpi: int = 60) -> list[Path]:
    """Render every page of `pdf` to `folder/<stem>-<n>.png` with poppler's pdftoppm."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise LeafletError("pdftoppm is not installed; run `make setup` as root, or "
                           "`sudo apt-get install poppler-utils`")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{pdf.stem}-*.png"):
        old.unlink()
    result = subprocess.run([tool, "-r", str(dpi), "-png", str(pdf), str(folder / pdf.stem)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise LeafletError(f"pdftoppm could not render the pages: {result.stderr.strip()}", pdf)
    return sorted(folder.glob(f"{pdf.stem}-*.png"))
