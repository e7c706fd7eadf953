"""Stage 6, the build, top to bottom: plan, skip what is up to date, load, render, write, record.

In: a project, the documents and locales asked for. Out: `output/<locale>/<document>-<edition>.pdf`
with a thumbnail each, the manifest, and a `Summary` of what was built, skipped and failed.

Every job is one (document, locale, edition) and becomes one PDF, a pure function of its
inputs. The manifest (`manifest.py`) says which jobs are up to date; only the rest are loaded
and rendered, in an executor (`executors.py`: this process, a local pool, or a Dask cluster)
whose workers import WeasyPrint once. A broken input fails what depends on it and nothing
else: a catalog that does not load fails its locale (or one document in it), a render that
fails fails its job; their old PDFs are removed, so nothing stale is left looking current,
and the rest is built. A PDF is written to a temporary file and renamed, so a reader sees the
old file or the new one, never half of one. One build at a time per output folder (a lock).
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import LeafletError, display_path
from ..files import make_folder, remove, write_atomically
from ..project import LAYOUTS_DOMAIN, SOURCE_LOCALE, Project
from ..render.editions import editions_for
from .executors import Executor, InlineExecutor, PoolExecutor, WorkerStartError, default_workers
from .jobs import Inputs, Job, Outcome
from .manifest import Manifest, combine

if TYPE_CHECKING:  # types only: a no-op build plans and skips without importing them
    from ..i18n.catalogs import Catalog
    from ..model.document import Document

__all__ = ["Job", "Outcome", "Summary", "build", "plan", "remove_stale", "thumbnail_path"]

TEMP_PREFIX = "leaflets-build-"
PACKAGE = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Failure:
    """Inputs that did not load: what they stopped, and why."""

    document: str
    locale: str
    message: str


@dataclass(frozen=True)
class Summary:
    outcomes: tuple[Outcome, ...]  # jobs rendered (successfully or not)
    skipped: tuple[Job, ...]  # jobs already up to date
    failures: tuple[Failure, ...]  # (document, locale) pairs whose inputs did not load
    seconds: float
    notices: tuple[str, ...] = ()  # things the person building should know (a manifest set aside)

    @property
    def ok(self) -> bool:
        return not self.failures and all(o.ok for o in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def failed_locales(self) -> list[str]:
        return sorted({o.job.locale for o in self.failed} | {f.locale for f in self.failures})


def thumbnail_path(pdf: Path) -> Path:
    """Where the staff index finds the first-page thumbnail of `pdf`."""
    return pdf.parent / "thumbnails" / f"{pdf.stem}.png"


# -- planning ---------------------------------------------------------------------------------

def plan(project: Project, documents: list[str], locales: list[str], only: tuple[str, ...] | None = None) -> list[Job]:
    """Every (document, locale, edition) job; `only` restricts the editions (tests, previews)."""
    return [Job(document, locale, edition, project.output_pdf(locale, document, edition.name))
            for locale in locales for document in documents for edition in editions_for(locale)
            if only is None or edition.name in only]


def pipeline_fingerprint(hashes: Callable[[Path], str | None]) -> str:
    """The code that renders: this package (its data too: each script's typography, CLDR's
    letters, which choose fonts) and WeasyPrint's version."""
    code = sorted(p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".yaml", ".json") and "__pycache__" not in p.parts)
    return combine(package_version("weasyprint"), *(f"{p.relative_to(PACKAGE)}:{hashes(p)}" for p in code))


def code_fingerprint(layouts: Path) -> str:
    """This package's code, WeasyPrint's version and every file under `layouts/`: what must be
    the same on two machines for them to make the same PDFs (a Dask worker checks it)."""
    def sha(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    files = sorted(p for p in layouts.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return combine(pipeline_fingerprint(sha), *(f"{p.relative_to(layouts)}:{sha(p)}" for p in files))


def job_inputs(project: Project, document: str, locale: str) -> list[Path]:
    """The input files a (document, locale)'s PDFs depend on, known before rendering (layout
    files are tracked as the render reads them): with the catalogs, the locale's terminology
    list and list of words, whose words line breaking keeps whole (`lexicon_of`)."""
    files = [project.document_file(document), project.clinic_file, project.reviewers_file]
    for domain in (document, LAYOUTS_DOMAIN):
        if locale != SOURCE_LOCALE:
            files.append(project.catalog(locale, domain))
        files += [project.signoff_file(locale, domain), project.signoff_file(SOURCE_LOCALE, domain)]
    if locale != SOURCE_LOCALE:
        files += [project.terminology_file(locale), project.words_file(locale)]
    return files


def lexicon_of(project: Project, document: Document, locale: str, catalog: Catalog | None,
               strict: bool = False) -> tuple[str, ...]:
    """The words a document defines in a locale, which line breaking keeps whole and the
    preflight holds it to (pipeline/i18n/segment.py: Chinese words, and words.txt's phrases in
    any script): the catalog's names of the document's medicines (term.<id>), the agreed terms
    of the locale's terminology list, and the locale's list of words (words.txt). A list that does not load adds nothing (`make
    check` and the build's checks report it), unless `strict`, when its LeafletError is raised."""
    from ..checks.catalog import local_names
    from ..checks.terminology import load_glossary
    from ..i18n import segment
    from ..i18n.locales import locale_info

    if locale == SOURCE_LOCALE or catalog is None:
        return ()
    names = [local for _, local in local_names(document, catalog)]
    agreed: list[str] = []
    listed: tuple[str, ...] = ()
    glossary, words = project.terminology_file(locale), project.words_file(locale)
    try:
        if glossary.exists() or glossary.is_symlink():
            agreed = [r.text for r in load_glossary(glossary, project.root, locale_info(locale).language).renderings
                      if not r.forbidden]
        if words.exists() or words.is_symlink():
            listed = segment.load_words(words, project.root)
    except LeafletError:
        if strict:
            raise
    return segment.lexicon(names, agreed, listed, phrases=listed)


def job_keys(project: Project, jobs: list[Job], hashes: Callable[[Path], str | None],
             fingerprint: str) -> dict[Job, str]:
    """Each job's key: the pipeline's fingerprint, the job, and its inputs' hashes (looked up
    once per document and locale, which all its editions share)."""
    inputs: dict[tuple[str, str], list[str]] = {}
    keys = {}
    for job in jobs:
        pair = (job.document, job.locale)
        if pair not in inputs:
            inputs[pair] = [f"{path.name}:{hashes(path)}" for path in job_inputs(project, *pair)]
        keys[job] = combine(fingerprint, job.document, job.locale, job.edition.name, *inputs[pair])
    return keys


# -- loading ----------------------------------------------------------------------------------

def load_inputs(project: Project, jobs: list[Job]) -> tuple[Inputs, list[Failure]]:
    """Load the sources, the branding, each catalog and each sign-off the jobs need. What does
    not load fails only the (document, locale) pairs that need it, with the reason."""
    from ..i18n.catalogs import load_catalog
    from ..i18n.extract import layout_strings
    from ..model.clinic import load_clinic
    from ..model.review import Review
    from ..model.source import load_document
    from ..review import check_signoff, leaflet_review, load_reviewers, subject_of

    clinic = load_clinic(project.clinic_file, project.layouts, project.root)
    strings = layout_strings(project.root, project.root / "babel.cfg")
    reviewers = load_reviewers(project.reviewers_file, project.root)
    documents: dict[str, Document] = {}
    unloaded: dict[str, LeafletError] = {}
    for name in sorted({job.document for job in jobs}):
        try:
            documents[name] = load_document(project.document_file(name), project.root)
        except LeafletError as exc:
            unloaded[name] = exc
    failures = [Failure(doc, loc, str(unloaded[doc])) for doc, loc in sorted({(j.document, j.locale) for j in jobs})
                if doc in unloaded]
    pairs = sorted({(job.document, job.locale) for job in jobs if job.document not in unloaded})

    catalogs: dict[tuple[str, str], Catalog | None] = {}
    broken: dict[tuple[str, str], LeafletError] = {}
    for domain, locale in sorted({(d, loc) for doc, loc in pairs for d in (doc, LAYOUTS_DOMAIN)}):
        if locale == SOURCE_LOCALE:
            catalogs[(domain, locale)] = None
            continue
        path = project.catalog(locale, domain)
        try:
            if not path.exists() and not path.is_symlink():
                raise LeafletError(f"no catalog for {domain} in {locale} yet; run `make update-po` to create it",
                                   display_path(path))
            catalogs[(domain, locale)] = load_catalog(path, locale, domain, project.root)
        except LeafletError as exc:
            broken[(domain, locale)] = exc

    signoffs: dict[tuple[str, str], Review] = {}
    reviews: dict[tuple[str, str], Review] = {}
    for document, locale in pairs:
        errors = [str(broken[(d, locale)]) for d in (document, LAYOUTS_DOMAIN) if (d, locale) in broken]
        if errors:
            failures.append(Failure(document, locale, "; ".join(errors)))
            continue
        for domain, where in ((document, locale), (LAYOUTS_DOMAIN, locale), (document, SOURCE_LOCALE),
                              (LAYOUTS_DOMAIN, SOURCE_LOCALE)):
            if (domain, where) not in signoffs:
                subject = subject_of(domain, where, documents[document] if domain != LAYOUTS_DOMAIN else None,
                                     strings, catalogs.get((domain, where)))
                signoffs[(domain, where)] = check_signoff(project, subject, reviewers)
        reviews[(document, locale)] = leaflet_review(signoffs, document, locale)
    words = {(document, locale): lexicon_of(project, documents[document], locale, catalogs[(document, locale)])
             for document, locale in pairs if (document, locale) in reviews}
    return Inputs(project.layouts, clinic, strings, documents, catalogs, reviews, words), failures


# -- housekeeping -----------------------------------------------------------------------------

@contextmanager
def build_lock(project: Project) -> Iterator[None]:
    """One build per output folder; a second one is refused at once.

    The lock is taken on the folder itself (flock), so a build that finds nothing to do
    writes no file, and a killed build's lock goes with its process.
    """
    make_folder(project.output, project.output_boundary)
    fd = os.open(project.output, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LeafletError("another build is writing to this folder; wait for it to finish, then "
                               "run make again", display_path(project.output)) from None
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
    """Clear what a killed build left: half-written files and its temporary folders.

    Called under the lock, so no live build owns these `.tmp` files; temporary folders are
    named after their build's process and removed only when that process is gone.
    """
    for tmp in (*output.glob(".*.tmp"), *output.glob("*/.*.tmp"), *output.glob("*/thumbnails/.*.tmp")):
        if tmp.is_file() or tmp.is_symlink():
            tmp.unlink(missing_ok=True)
    for folder in Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}*"):
        match = re.match(rf"{TEMP_PREFIX}(\d+)-", folder.name)
        if match and not _alive(int(match[1])):
            shutil.rmtree(folder, ignore_errors=True)


def remove_stale(project: Project, job: Job) -> str | None:
    """Remove a job's PDF and thumbnail; None, or why they could not be removed."""
    try:
        remove(job.output, project.output_boundary)
        remove(thumbnail_path(job.output), project.output_boundary)
    except LeafletError as exc:
        return str(exc)
    return None


# -- the build --------------------------------------------------------------------------------

def make_executor(workers: int, layouts: Path, temp_folder: str) -> Executor:
    from .worker import init_worker  # the renderer's imports, only for a build that renders

    if workers <= 1:
        return InlineExecutor(init_worker, (layouts,), temp_folder)
    return PoolExecutor(workers, init_worker, (layouts,), temp_folder)


def build(project: Project, documents: list[str], locales: list[str], workers: int | None = None,
          report: Callable[[Outcome], object] = lambda o: None, force: bool = False,
          executor: Executor | None = None, only: tuple[str, ...] | None = None) -> Summary:
    """Build every edition of the requested documents and locales that is not up to date.

    Failures are collected into the summary, not raised; a bad branding file, which every
    output needs, raises LeafletError before anything is written.
    """
    started = time.perf_counter()
    with build_lock(project):
        remove_leftovers(project.output)
        manifest = Manifest.load(project.output, project.output_boundary, (project.root, project.output_boundary))
        with manifest.hashes.steady():  # planning writes nothing: each file is looked at once
            fingerprint = pipeline_fingerprint(manifest.hashes)
            jobs = plan(project, documents, locales, only)
            keys = job_keys(project, jobs, manifest.hashes, fingerprint)
            stale = [job for job in jobs if force or not manifest.is_fresh(job.output, keys[job], project.root)]
        skipped = tuple(job for job in jobs if job not in stale)
        outcomes: list[Outcome] = []
        failures: list[Failure] = []
        if stale:
            inputs, failures = load_inputs(project, stale)
            broken = {(f.document, f.locale) for f in failures}
            for job in (j for j in stale if (j.document, j.locale) in broken):
                problem = remove_stale(project, job)
                manifest.forget(job.output)
                if problem:
                    failures.append(Failure(job.document, job.locale, problem))
            # Longest jobs first (as timed last time, else as typical for the edition), so no
            # core idles at the end of a build.
            todo = sorted((job for job in stale if (job.document, job.locale) not in broken),
                          key=lambda job: -(manifest.seconds(job.output) or job.edition.seconds))
            getattr(report, "start", lambda total: None)(len(todo))  # a progress display's total
            for outcome in _render(project, todo, inputs, workers or default_workers(), executor):
                outcome = _write(project, outcome)
                report(outcome)
                if outcome.ok:
                    manifest.record(outcome.job.output, keys[outcome.job], list(outcome.files), project.root,
                                    outcome.seconds, [list(f) for f in outcome.findings])
                else:
                    manifest.forget(outcome.job.output)
                outcomes.append(outcome)
        notices: tuple[str, ...] = (manifest.notice,) if manifest.notice else ()
        try:
            manifest.save()
        except LeafletError as exc:
            notices += (f"the build record was not saved ({exc}); the next build renders everything again",)
    order = {job: i for i, job in enumerate(jobs)}
    outcomes.sort(key=lambda o: order[o.job])
    return Summary(tuple(outcomes), skipped, tuple(failures), time.perf_counter() - started, notices)


def _write(project: Project, outcome: Outcome) -> Outcome:
    """Write a rendered PDF and its thumbnail into place; a failed job's old files are removed."""
    if outcome.ok:
        try:
            write_atomically(outcome.job.output, outcome.pdf, project.output_boundary)
            write_atomically(thumbnail_path(outcome.job.output), outcome.thumbnail, project.output_boundary)
        except LeafletError as exc:
            outcome = dataclasses.replace(outcome, ok=False, message=str(exc))
    if not outcome.ok:
        problem = remove_stale(project, outcome.job)
        if problem:
            outcome = dataclasses.replace(outcome, message=f"{outcome.message}; {problem}")
    return dataclasses.replace(outcome, pdf=b"", thumbnail=b"")


def _render(project: Project, jobs: list[Job], inputs: Inputs, workers: int,
            executor: Executor | None) -> Iterator[Outcome]:
    if not jobs:
        return
    temp_folder = tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-")
    try:
        executor = executor or make_executor(min(workers, len(jobs)), inputs.layouts, temp_folder)
        try:
            yield from executor.run(_Call(inputs), jobs)
        except WorkerStartError as exc:
            raise LeafletError(f"the render workers could not start ({exc}); the installation is "
                               "incomplete: run `make setup` (or delete .venv and run make again)") from None
    finally:
        shutil.rmtree(temp_folder, ignore_errors=True)  # WeasyPrint's temporary folders go with it


@dataclass(frozen=True)
class _Call:
    """The job function with the build's inputs bound: picklable, sent to each worker once."""

    inputs: Inputs

    def __call__(self, job: Job) -> Outcome:
        from .worker import render_job

        return render_job(job, self.inputs)


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
    serious = [f for f in outcome.findings if f[0] in ("critical", "functional")]
    if serious:
        notes.append(f"preflight: {len(serious)} finding(s)")
    return f"built  {where} ({', '.join(notes)})"
