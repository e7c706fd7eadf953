"""The whole pipeline, top to bottom: load and validate everything, plan jobs, render, write.

Every job is one (locale, edition) pair and becomes one PDF. Jobs run in a process pool whose
workers each import WeasyPrint once and keep one FontConfiguration. A PDF is written to a
temporary file and renamed, so a reader sees the old file or the new one, never half of one;
a job that fails removes its old PDF, so nothing stale is left looking current.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .catalogs import Catalog, load_catalog
from .errors import LeafletError, display_path
from .localize import SOURCE_LOCALE, localize
from .project import Project
from .render import EDITIONS, Renderer
from .source import Clinic, Document, load_clinic, load_document


@dataclass(frozen=True)
class Job:
    locale: str
    edition: str
    output: Path


@dataclass(frozen=True)
class Inputs:
    """Everything a job needs, loaded and validated once in the parent (picklable)."""

    layouts: Path
    document: Document
    clinic: Clinic
    catalogs: tuple[tuple[str, Catalog | None], ...]

    def catalog(self, locale: str) -> Catalog | None:
        return dict(self.catalogs)[locale]


@dataclass(frozen=True)
class Outcome:
    job: Job
    ok: bool
    message: str = ""
    pages: int = 0
    seconds: float = 0.0
    missing: int = 0
    draft: bool = True
    body_pt: float | None = None  # the poster's fitted body size


@dataclass(frozen=True)
class Summary:
    outcomes: tuple[Outcome, ...]
    failed_locales: tuple[tuple[str, str], ...]  # (locale, why) for catalogs that did not load
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.failed_locales and all(o.ok for o in self.outcomes)


def load_inputs(project: Project, locales: list[str]) -> tuple[Inputs, list[tuple[str, str]]]:
    """Load the source, the branding and each catalog; a broken catalog fails only its locale."""
    document = load_document(project.document_file)
    clinic = load_clinic(project.clinic_file, project.layouts)
    catalogs: list[tuple[str, Catalog | None]] = []
    failed: list[tuple[str, str]] = []
    for locale in locales:
        if locale == SOURCE_LOCALE:
            catalogs.append((locale, None))
            continue
        try:
            catalogs.append((locale, load_catalog(project.catalog(locale), locale)))
        except LeafletError as exc:
            failed.append((locale, str(exc)))
    return Inputs(project.layouts, document, clinic, tuple(catalogs)), failed


def plan(project: Project, inputs: Inputs) -> list[Job]:
    return [Job(locale, edition, project.output_pdf(locale, edition))
            for locale, _ in inputs.catalogs for edition in EDITIONS]


_renderer: Renderer | None = None


def _init_worker(layouts: Path, tmp: str) -> None:
    """Each worker imports WeasyPrint once, keeps one FontConfiguration, uses the build's tmp."""
    global _renderer
    tempfile.tempdir = tmp
    os.environ["TMPDIR"] = tmp
    _renderer = Renderer(layouts)


def run_job(job: Job, inputs: Inputs) -> Outcome:
    """Render one PDF and write it atomically; on failure remove the old one."""
    started = time.perf_counter()
    try:
        assert _renderer is not None, "worker not initialised"
        doc = localize(inputs.document, inputs.catalog(job.locale), job.locale)
        identifier = f"{inputs.document.meta.id}/{inputs.document.meta.version}/{job.locale}/{job.edition}"
        result = _renderer.pdf(job.edition, doc, inputs.clinic, identifier.encode())
        write_atomically(job.output, result.pdf)
    except LeafletError as exc:
        remove_stale(job.output)
        return Outcome(job, False, str(exc), seconds=time.perf_counter() - started)
    except Exception as exc:  # a bug: report it against the job, keep building the others
        remove_stale(job.output)
        return Outcome(job, False, f"internal error: {type(exc).__name__}: {exc}",
                       seconds=time.perf_counter() - started)
    return Outcome(job, True, pages=result.pages, seconds=time.perf_counter() - started,
                   missing=len(doc.missing), draft=doc.review.is_draft, body_pt=result.body_pt)


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale(path: Path) -> None:
    path.unlink(missing_ok=True)


def _run_all(jobs: list[Job], inputs: Inputs, workers: int, report) -> list[Outcome]:
    tmp = tempfile.mkdtemp(prefix="leaflets-build-")
    saved = tempfile.tempdir, os.environ.get("TMPDIR")
    try:
        if workers <= 1 or len(jobs) <= 1:
            _init_worker(inputs.layouts, tmp)  # in this process: restored below
            return [report(run_job(job, inputs)) for job in jobs]
        context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                                 initargs=(inputs.layouts, tmp)) as pool:
            futures = [pool.submit(run_job, job, inputs) for job in jobs]
            return [report(f.result()) for f in as_completed(futures)]
    finally:
        tempfile.tempdir = saved[0]
        if saved[1] is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved[1]
        shutil.rmtree(tmp, ignore_errors=True)  # WeasyPrint's temporary folders go with it


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def build(project: Project, locales: list[str], workers: int | None = None, report=lambda o: o) -> Summary:
    """Build every edition of every requested locale; failures are collected, not raised."""
    started = time.perf_counter()
    inputs, failed = load_inputs(project, locales)
    for locale, _ in failed:
        for edition in EDITIONS:
            remove_stale(project.output_pdf(locale, edition))
    jobs = plan(project, inputs)
    outcomes = _run_all(jobs, inputs, workers or default_workers(), report)
    order = {(j.locale, j.edition): i for i, j in enumerate(jobs)}
    outcomes.sort(key=lambda o: order[(o.job.locale, o.job.edition)])
    return Summary(tuple(outcomes), tuple(failed), time.perf_counter() - started)


def describe(outcome: Outcome) -> str:
    where = display_path(outcome.job.output)
    if not outcome.ok:
        return f"FAILED {where}\n  {outcome.message}"
    notes = [f"{outcome.pages} page{'s' if outcome.pages != 1 else ''}", f"{outcome.seconds:.2f} s"]
    if outcome.body_pt:
        notes.append(f"{outcome.body_pt:g}pt text")
    if outcome.draft:
        notes.append("draft")
    if outcome.missing:
        notes.append(f"{outcome.missing} strings untranslated, shown in English")
    return f"built  {where} ({', '.join(notes)})"
