"""The web edition: the pages the printed QR codes open, from the same source and catalogs.

In: the documents, their catalogs and sign-offs, `sources/clinic.yaml`, the web layouts
(`layouts/web/`), the vendored fonts, and the leaflets' PDFs just built in output/<locale>/.
Out: `output/site/`, a folder to copy as it is to the web root of the host `leaflet_url` names:

    output/site/sitemap.xml
    output/site/leaflets/muscle-twitching/index.html            the language index (x-default)
    output/site/leaflets/<locale>/muscle-twitching/index.html   the page a QR code opens
    output/site/leaflets/<locale>/muscle-twitching/style.css, fonts/*.woff2, the logo, the PDFs

(paths as today's `leaflet_url` gives them; `addresses.py` derives them from any pattern).

Built like the PDFs: every translation escaped; written only where a file's bytes changed,
each atomically; the same bytes from the same inputs; and checked before it is written
(`pipeline/checks/web.py`: links, images, markup, structure). Incremental: the site's inputs
and every file written are recorded in output/.manifest.json under `site/sitemap.xml`; when
none changed, nothing is read but their sizes and dates. A font subset whose characters did
not change is not made again. A language whose catalogs do not load gets a page saying it is
not available, listing those that are; its old PDFs and fonts go. Files in output/site/ the
pipeline did not make are removed: the folder is the build's.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import TYPE_CHECKING

from ...builder import TEMP_PREFIX, build_lock, pipeline_fingerprint
from ...builder.manifest import Manifest, combine
from ...errors import display_path
from ...files import confined, read_bytes, remove, remove_folder, write_atomically
from ...project import LAYOUTS_DOMAIN, SOURCE_LOCALE, Project

if TYPE_CHECKING:  # the rest is imported when the site is made: a build with nothing to do stays quick
    from ...checks import Finding
    from .edition import PageState, SiteFiles

__all__ = ["WEB_EDITIONS", "SiteResult", "describe", "site_folder", "write_site"]

SITE_FOLDER = "site"
#: The site's record in the build's manifest is kept under this file's name.
RECORD = "sitemap.xml"
#: Libraries whose output is in the site: CLDR's names, dates and units; the HTML; the fonts.
LIBRARIES = ("babel", "jinja2", "markupsafe", "fonttools", "brotli")
MAX_FONT_BYTES = 50_000_000
#: The editions a page links to, copied beside it: the leaflet, its large print, its bilingual.
WEB_EDITIONS = ("leaflet", "leaflet-large-print", "leaflet-bilingual")


@dataclass(frozen=True)
class SiteResult:
    folder: Path
    up_to_date: bool  # nothing changed since the last build: nothing was read or written
    pages: tuple[PageState, ...] = ()
    indexes: tuple[tuple[str, str], ...] = ()  # (document, language index under the folder)
    written: tuple[str, ...] = ()  # files (re)written, under the folder
    unchanged: int = 0
    removed: tuple[str, ...] = ()
    fonts: tuple[tuple[str, int], ...] = ()  # every font subset of the site and its size in bytes
    findings: tuple[Finding, ...] = ()
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not any(f.severity == "critical" for f in self.findings)


def describe(result: SiteResult) -> list[str]:
    """What the build prints about the web edition: where it is, what changed, what is missing."""
    where = display_path(result.folder)
    if result.up_to_date:
        return [f"Web edition: {where}/ is up to date."]
    available = [p for p in result.pages if p.available]
    kib = sum(size for _, size in result.fonts) // 1024
    lines = [f"Web edition: {len(available)} page(s) and {len(result.indexes)} language index(es) in {where}/ "
             f"({len(result.written)} file(s) written, {result.unchanged} unchanged, {len(result.removed)} removed; "
             f"font subsets {kib} KiB in all; {result.seconds:.1f} s). Publish it by copying the folder to the web root."]
    lines += [f"  not available: {p.locale} {p.document}: its page says so ({p.why.splitlines()[0][:160]})"
              for p in result.pages if not p.available]
    lines += [f"  {finding}" for finding in result.findings]
    return lines


def site_folder(project: Project) -> Path:
    return project.output / SITE_FOLDER


def site_inputs(project: Project, documents: list[str], locales: list[str]) -> list[Path]:
    """Every file the site is made from: what the PDFs are made from (sources, catalogs,
    sign-offs), every file under layouts/ (the web layouts, the fonts, the logo, and every
    template, whose words are the layouts' catalog), and the PDFs it copies. Known without
    reading any of them, so a build with nothing new compares sizes and dates only."""
    files = [project.clinic_file, project.reviewers_file, project.root / "babel.cfg"]
    files += [project.document_file(document) for document in documents]
    for locale in locales:
        for domain in (*documents, LAYOUTS_DOMAIN):
            if locale != SOURCE_LOCALE:
                files.append(project.catalog(locale, domain))
            files.append(project.signoff_file(locale, domain))
        if locale != SOURCE_LOCALE:  # their words are kept whole where lines break
            files += [project.terminology_file(locale), project.words_file(locale)]
        files += [project.output_pdf(locale, document, edition) for document in documents for edition in WEB_EDITIONS]
    files += sorted(p for p in project.layouts.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return list(dict.fromkeys(files))


def _versions() -> list[str]:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={package_version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=absent")
    return found


def write_site(project: Project, documents: list[str], locales: list[str], workers: int | None = None,
               force: bool = False) -> SiteResult:
    """Make the web edition of `documents` in `locales` and write what changed into output/site/;
    `force` makes it even when the record says nothing changed (what changed is still all it writes).

    Raises LeafletError only for what stops every page (the clinic file); a language whose
    inputs do not load is a page saying so, and a problem the checks find is a finding.
    """
    started = time.perf_counter()
    folder = site_folder(project)
    with build_lock(project):
        manifest = Manifest.load(project.output, project.output_boundary, (project.root, project.output_boundary))
        inputs = site_inputs(project, documents, locales)
        key = combine(pipeline_fingerprint(manifest.hashes), *_versions(), " ".join(documents), " ".join(locales),
                      *(_label(project, path) for path in inputs))
        record = folder / RECORD
        if not force and manifest.is_fresh(record, key, project.root):
            return SiteResult(folder, True, seconds=time.perf_counter() - started)
        from ...checks.web import check_site
        from ...model.clinic import load_clinic
        from .addresses import origin
        from .edition import make_site

        clinic = load_clinic(project.clinic_file, project.layouts, project.root)

        old = {project.root / name: sha for name, sha in manifest.entries.get(_name(project, record), {})
               .get("files", {}).items()}

        def digest(path: Path) -> str:
            return manifest.hashes(path) or "missing"

        site = make_site(project, clinic, documents, locales, digest)
        _make_fonts(site, folder, old, manifest, project.output_boundary, workers)
        findings = check_site(site.files, origin(clinic), display_path(folder))
        written, unchanged = _write(project, folder, site, manifest)
        removed = _prune(project, folder, site)
        seconds = time.perf_counter() - started
        if any(f.severity == "critical" for f in findings):
            manifest.forget(record)  # built again next time, and reported again
        else:
            outputs = [folder / path for path in sorted(site.files)]
            manifest.record(record, key, inputs + outputs, project.root, seconds)
        manifest.save()
    fonts = tuple((path, len(site.files[path])) for path in sorted({s.path for s in site.subsets}))
    return SiteResult(folder, False, tuple(site.pages), tuple(site.indexes), tuple(written), unchanged,
                      tuple(removed), fonts, tuple(findings), seconds)


def _label(project: Project, path: Path) -> str:
    """A file's name in the site's key: relative to the checkout, or to the output folder."""
    for base in (project.root, project.output):
        try:
            return str(path.relative_to(base))
        except ValueError:
            continue
    return str(path)


def _name(project: Project, path: Path) -> str:
    return str(path.relative_to(project.output))


def _make_fonts(site: SiteFiles, folder: Path, old: dict[Path, str | None], manifest: Manifest, boundary: Path,
                workers: int | None) -> None:
    """Put every font subset into the site's files: an unchanged one (its name is a digest of
    its font and characters) from the file the last build wrote, if that file is still the
    one recorded; the others made with fontTools, in a pool when there are several."""
    from ...builder.executors import InlineExecutor, PoolExecutor, default_workers
    from .edition import font_jobs

    jobs = font_jobs(site.subsets)
    todo = []
    for job, paths in jobs.items():
        existing = folder / paths[0]
        if existing in old and old[existing] is not None and manifest.hashes(existing) == old[existing]:
            data = read_bytes(existing, boundary, MAX_FONT_BYTES, "font")
            for path in paths:
                site.files[path] = data
        else:
            todo.append(job)
    if not todo:
        return
    from .webfonts import make_subset

    count = min(workers or default_workers(), len(todo))
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-") as temp:
        executor = (PoolExecutor(count, _no_init, (), temp) if count > 1 else InlineExecutor(_no_init, (), temp))
        # The largest (Chinese) first, so no core idles at the end.
        for job, data in executor.run(make_subset, sorted(todo, key=lambda j: -os.path.getsize(j[0]))):
            for path in jobs[job]:
                site.files[path] = data


def _no_init() -> None:
    """A font worker needs no start-up: fontTools is imported by its first job."""


def _write(project: Project, folder: Path, site: SiteFiles, manifest: Manifest) -> tuple[list[str], int]:
    """Write each file whose bytes changed (atomically); leave the others untouched."""
    written, unchanged = [], 0
    for path, data in sorted(site.files.items()):
        target = folder / path
        if target.is_file() and not target.is_symlink() and manifest.hashes(target) == hashlib.sha256(data).hexdigest():
            unchanged += 1
            continue
        write_atomically(target, data, project.output_boundary)
        written.append(path)
    return written, unchanged


def _prune(project: Project, folder: Path, site: SiteFiles) -> list[str]:
    """Remove what the site no longer holds (a language or document gone, an old font, a PDF
    that failed), and the folders left empty."""
    if not folder.is_dir():
        return []
    confined(folder, project.output_boundary)
    removed = []
    for current, dirs, files in os.walk(folder, topdown=False):
        here = Path(current)
        for name in files + [d for d in dirs if (here / d).is_symlink()]:
            relative = (here / name).relative_to(folder).as_posix()
            if relative not in site.files:
                remove(here / name, project.output_boundary)
                removed.append(relative)
        if here != folder:
            remove_folder(here, project.output_boundary)
    return sorted(removed)
