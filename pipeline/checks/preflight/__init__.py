"""Preflight: every rendered page inspected as a print shop's preflight and a typesetter would.

Two sources, each used where it is exact: the PDF file as written (`pdf`: fonts, glyphs drawn,
colour, boxes, tags) and WeasyPrint's laid-out boxes while the document is still in memory
(`boxes`: geometry, pagination, line breaks). Both return `PageFinding`s; the caller adds the
file's path, so a finding reads like a translation check's:
`output/hi/muscle-twitching-poster.pdf: page 1: critical: shaping: what and where, and what to do`.
"""

from __future__ import annotations

from dataclasses import dataclass

#: `critical`: the page must not be printed (a broken word, text off the page, a file a print
#: shop rejects); `functional`: it prints but reads worse than it should (a heading alone at the
#: foot of a page, a split short table); `cosmetic`: worth fixing.
SEVERITIES = ("critical", "functional", "cosmetic")


@dataclass(frozen=True)
class PageFinding:
    severity: str  # one of SEVERITIES
    check: str  # e.g. "shaping", "geometry", "pagination", "line-breaks", "pdfx", "accessibility"
    page: int | None  # 1-based page number; None for the file as a whole
    message: str  # what and where on the page, and what to do

    def format(self, path: str) -> str:
        where = f"{path}: page {self.page}" if self.page else path
        return f"{where}: {self.severity}: {self.check}: {self.message}"
