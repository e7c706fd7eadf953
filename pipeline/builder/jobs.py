"""The build's units of work, what they need, and what comes back.

A job is one (document, locale, edition) and becomes one PDF, a pure function of its inputs.
`Inputs` holds everything every job needs, loaded and checked once by the coordinator and
handed to each worker once (a local process, or a Dask worker on another machine); a job
carries only its name. What a worker returns is an `Outcome` with the PDF's bytes: the
coordinator writes them, so workers never need to see the output folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: a no-op build plans and skips without importing them
    from ..i18n.catalogs import Catalog
    from ..i18n.extract import LayoutString
    from ..model.clinic import Clinic
    from ..model.document import Document
    from ..model.review import Review
    from ..render.editions import Edition


@dataclass(frozen=True)
class Job:
    document: str
    locale: str
    edition: Edition
    output: Path

    def __str__(self) -> str:
        return f"{self.locale}/{self.document}-{self.edition.name}"


@dataclass(frozen=True)
class Inputs:
    """Everything the jobs need, loaded and validated once by the coordinator (picklable)."""

    layouts: Path
    clinic: Clinic
    strings: tuple[LayoutString, ...]  # the layouts' own words, as the templates hold them
    documents: dict[str, Document]
    catalogs: dict[tuple[str, str], Catalog | None]  # (domain, locale) -> catalog (None for English)
    reviews: dict[tuple[str, str], Review]  # (document, locale) -> what the leaflet prints about review
    #: (document, locale) -> the words line breaking keeps whole (builder.lexicon_of)
    words: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    job: Job
    ok: bool
    message: str = ""
    pages: int = 0
    seconds: float = 0.0
    missing: int = 0  # strings shown in English for want of a translation
    draft: bool = True
    body_pt: float | None = None  # the poster's fitted body size
    files: tuple[Path, ...] = ()  # files under layouts/ the render read
    peak_rss_kib: int = 0  # the worker's peak memory so far
    findings: tuple[tuple[str, str, int | None, str], ...] = ()  # preflight: (severity, check, page, message)
    timings: tuple[tuple[str, float], ...] = ()  # where the time went (seconds), for `make bench`
    pdf: bytes = field(default=b"", repr=False)  # until the coordinator has written it
    thumbnail: bytes = field(default=b"", repr=False)
