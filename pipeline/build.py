"""The whole pipeline, top to bottom: plan, skip what is up to date, load, render, write.

Every job is one (locale, edition) pair and becomes one PDF, a pure function of its inputs.
The manifest (pipeline/manifest.py) says which jobs are up to date; only the rest are loaded
and rendered, in an executor (pipeline/executors.py) whose workers import WeasyPrint once.
A PDF is written to a temporary file and renamed, so a reader sees the old file or the new
one, never half of one; a job that fails removes its old PDF, so nothing stale is left
looking current. One build at a time per output folder (a lock); a second one is refused.
"""

from __future__ import annotations

import fcntl
import os
import re
import resource
import shutil
import signal
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from importlib.metadata import version as package_version
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from .editions import edition_named, editions_for
from .errors import LeafletError, display_path
from .files import write_atomically
from .executors import Executor, InlineExecutor, PoolExecutor, WorkerStartError, default_workers
from .manifest import Manifest, combine
from .preview import thumbnail_path, write_thumbnail
from .project import SOURCE_LOCALE, Project

if TYPE_CHECKING:  # the stages are imported only when something has to be built
    from .catalogs import Catalog
    from .source import Clinic, Document

TEMP_PREFIX = "leaflets-build-"


@dataclass(frozen=True)
class Job:
    locale: str
    edition: str
    output: Path


@dataclass(frozen=True)
class Inputs:
    """Everything a job needs, loaded and validated once in the parent (picklable)."""

    root: Path
    layouts: Path
    document: "Document"
    clinic: "Clinic"
    catalogs: tuple[tuple[str, "Catalog | None"], ...]

    def catalog(self, locale: str) -> "Catalog | None":
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
    files: tuple[Path, ...] = ()  # files under layouts/ the render read
    peak_rss_kib: int = 0  # the worker's peak memory so far


@dataclass(frozen=True)
class Summary:
    outcomes: tuple[Outcome, ...]  # jobs rendered (successfully or not)
    skipped: tuple[Job, ...]  # jobs already up to date
    failed_locales: tuple[tuple[str, str], ...]  # (locale, why) for catalogs that did not load
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.failed_locales and all(o.ok for o in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]


# -- planning ---------------------------------------------------------------------------------

def plan(project: Project, locales: list[str], only: tuple[str, ...] | None = None) -> list[Job]:
    """Every (locale, edition) job; `only` restricts the editions (tests, previews)."""
    return [Job(locale, edition, project.output_pdf(locale, edition))
            for locale in locales for edition in editions_for(locale) if only is None or edition in only]


def pipeline_fingerprint(hashes) -> str:
    """The code that renders: our package and WeasyPrint's version."""
    code = sorted(Path(__file__).parent.glob("*.py"))
    return combine(package_version("weasyprint"), *(f"{p.name}:{hashes(p)}" for p in code))


def job_key(project: Project, job: Job, hashes, fingerprint: str) -> str:
    """A hash of the inputs known before rendering; layout files are tracked separately."""
    catalog = "" if job.locale == SOURCE_LOCALE else str(hashes(project.catalog(job.locale)))
    return combine(fingerprint, job.locale, job.edition, str(hashes(project.document_file)),
                   str(hashes(project.clinic_file)), catalog)


# -- loading ----------------------------------------------------------------------------------

def load_inputs(project: Project, locales: list[str]) -> tuple[Inputs, list[tuple[str, str]]]:
    """Load the source, the branding and each catalog; a broken catalog fails only its locale."""
    from .catalogs import load_catalog
    from .source import load_clinic, load_document

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
    return Inputs(project.root, project.layouts, document, clinic, tuple(catalogs)), failed


# -- one job (runs in a worker) ---------------------------------------------------------------

_renderer = None


def init_worker(layouts: Path) -> None:
    """Import WeasyPrint once per worker and keep one Renderer (one FontConfiguration)."""
    global _renderer
    from .render import Renderer
    _renderer = Renderer(layouts)


#: No render of one document may take longer (seconds); a bilingual leaflet takes about 5.
RENDER_TIME_LIMIT = 120


class RenderTimeout(BaseException):
    """Raised by the alarm; a BaseException so no `except Exception` inside WeasyPrint eats it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop the job after `seconds` (an interval timer; this runs in a worker's main thread)."""
    def expire(signum, frame):
        raise RenderTimeout()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_job(job: Job, inputs: Inputs) -> Outcome:
    """Render one PDF and write it atomically; on failure remove the old one."""
    from .localize import localize

    started = time.perf_counter()
    try:
        assert _renderer is not None, "worker not initialised"
        with time_limit(RENDER_TIME_LIMIT):
            doc = localize(inputs.document, inputs.catalog(job.locale), job.locale)
            identifier = f"{inputs.document.meta.id}/{inputs.document.meta.version}/{job.locale}/{job.edition}"
            result = _renderer.pdf(job.edition, doc, inputs.clinic, identifier.encode())
        write_atomically(job.output, result.pdf)
        write_thumbnail(result.pdf, thumbnail_path(job.output), where=job.output)  # for the staff index
    except RenderTimeout:
        remove_stale(job.output)
        return Outcome(job, False, f"{job.locale}: the {job.edition} took longer than {RENDER_TIME_LIMIT} s to "
                       "render and was stopped; is a translation far too long?",
                       seconds=time.perf_counter() - started, peak_rss_kib=_peak_rss())
    except LeafletError as exc:
        remove_stale(job.output)
        return Outcome(job, False, str(exc), seconds=time.perf_counter() - started, peak_rss_kib=_peak_rss())
    except Exception as exc:  # a bug: report it against the job, keep building the others
        remove_stale(job.output)
        return Outcome(job, False, f"internal error: {type(exc).__name__}: {exc}",
                       seconds=time.perf_counter() - started, peak_rss_kib=_peak_rss())
    return Outcome(job, True, pages=result.pages, seconds=time.perf_counter() - started,
                   missing=len(doc.missing), draft=doc.review.is_draft, body_pt=result.body_pt,
                   files=tuple(sorted(_renderer.used_files)), peak_rss_kib=_peak_rss())


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def remove_stale(path: Path) -> None:
    path.unlink(missing_ok=True)


# -- housekeeping -----------------------------------------------------------------------------

@contextmanager
def build_lock(output: Path) -> Iterator[None]:
    """One build per output folder; a second one is refused at once.

    The lock is taken on the folder itself (flock), so a build that finds nothing to do
    writes no file, and a killed build's lock goes with its process.
    """
    output.mkdir(parents=True, exist_ok=True)
    fd = os.open(output, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LeafletError("another build is writing to this folder; wait for it to finish, then "
                               "run make again", display_path(output)) from None
        yield
    finally:
        os.close(fd)  # releases the lock


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(output: Path) -> None:
    """Clear what a killed build left: half-written PDFs and its temporary folders.

    Called under the lock, so no live build owns these `.tmp` files; temporary folders are
    named after their build's process and removed only when that process is gone.
    """
    for tmp in (*output.glob(".*.tmp"), *output.glob("*/.*.tmp"), *output.glob("*/thumbnails/.*.tmp")):
        tmp.unlink(missing_ok=True)
    for folder in Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}*"):
        match = re.match(rf"{TEMP_PREFIX}(\d+)-", folder.name)
        if match and not _alive(int(match[1])):
            shutil.rmtree(folder, ignore_errors=True)


# -- the build --------------------------------------------------------------------------------

def make_executor(workers: int, layouts: Path, temp_folder: str) -> Executor:
    if workers <= 1:
        return InlineExecutor(init_worker, (layouts,), temp_folder)
    return PoolExecutor(workers, init_worker, (layouts,), temp_folder)


def build(project: Project, locales: list[str], workers: int | None = None,
          report: Callable[[Outcome], object] = lambda o: None, force: bool = False,
          executor: Executor | None = None, only: tuple[str, ...] | None = None) -> Summary:
    """Build every edition of the requested locales that is not up to date.

    Failures are collected into the summary, not raised; bad source or branding files, which
    every output needs, raise LeafletError before anything is written.
    """
    started = time.perf_counter()
    with build_lock(project.output):
        remove_leftovers(project.output)
        manifest = Manifest.load(project.output)
        fingerprint = pipeline_fingerprint(manifest.hashes)
        jobs = plan(project, locales, only)
        keys = {job: job_key(project, job, manifest.hashes, fingerprint) for job in jobs}
        stale = [job for job in jobs if force or not manifest.is_fresh(job.output, keys[job], project.root)]
        skipped = tuple(job for job in jobs if job not in stale)
        outcomes: list[Outcome] = []
        failed: list[tuple[str, str]] = []
        if stale:
            inputs, failed = load_inputs(project, sorted({job.locale for job in stale}))
            broken = {locale for locale, _ in failed}
            for job in (j for j in stale if j.locale in broken):
                remove_stale(job.output)
                manifest.forget(job.output)
            # Longest jobs first (as timed last time, else as typical for the edition), so no
            # core idles at the end of a build.
            todo = sorted((job for job in stale if job.locale not in broken),
                          key=lambda job: -(manifest.seconds(job.output) or edition_named(job.edition).seconds))
            getattr(report, "start", lambda total: None)(len(todo))  # a progress display's total
            outcomes = _render(todo, inputs, workers or default_workers(), report, executor)
            for outcome in outcomes:
                if outcome.ok:
                    manifest.record(outcome.job.output, keys[outcome.job], list(outcome.files), project.root,
                                    outcome.seconds)
                else:
                    manifest.forget(outcome.job.output)
        manifest.save()
    order = {job: i for i, job in enumerate(jobs)}
    outcomes.sort(key=lambda o: order[o.job])
    return Summary(tuple(outcomes), skipped, tuple(failed), time.perf_counter() - started)


def _render(jobs: list[Job], inputs: Inputs, workers: int, report, executor: Executor | None) -> list[Outcome]:
    if not jobs:
        return []
    temp_folder = tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-")
    try:
        executor = executor or make_executor(min(workers, len(jobs)), inputs.layouts, temp_folder)
        outcomes = []
        try:
            for outcome in executor.run(partial(run_job, inputs=inputs), jobs):
                report(outcome)
                outcomes.append(outcome)
        except WorkerStartError as exc:
            raise LeafletError(f"the render workers could not start ({exc}); the installation is "
                               "incomplete: run `make setup` (or delete .venv and run make again)") from None
        return outcomes
    finally:
        shutil.rmtree(temp_folder, ignore_errors=True)  # WeasyPrint's temporary folders go with it


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
