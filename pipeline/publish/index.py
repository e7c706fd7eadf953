"""The staff page `index.html` in an output folder: every document and locale at a glance.

For each leaflet (a document in a locale): its readiness (draft, ready, released, and why not),
its findings, progress and reading grade, and for each edition a first-page thumbnail linking
to the PDF, with what the print preflight found on it. English-only staff UI, rendered with
Jinja (autoescape on, StrictUndefined) from `layouts/staff/index.html.jinja`, a name
`babel.cfg` does not extract for translators. Every link is relative, so the folder can be
copied or served as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ..builder import thumbnail_path
from ..builder.manifest import Manifest
from ..checks import SEVERITIES
from ..errors import LeafletError, display_path
from ..files import read_bytes, write_atomically
from ..i18n.locales import locale_info
from ..project import Project
from ..render.editions import editions_for
from .gate import Assessment
from .preview import MAX_PDF_BYTES, page_count
from .stats import LocaleStats

TEMPLATE = "staff/index.html.jinja"
MAX_FINDINGS_SHOWN = 200


@dataclass(frozen=True)
class EditionView:
    name: str
    pdf: str | None  # href relative to index.html; None when there is no PDF
    thumbnail: str | None
    pages: int
    size_kib: int
    built: str  # when the PDF was written, "" if there is none
    problem: str  # why the build of this edition failed, "" if it did not
    preflight: tuple[int, int, int]  # what the print preflight found: critical, functional, cosmetic
    findings: tuple[str, ...]


@dataclass(frozen=True)
class LeafletView:
    document: str
    locale: str
    name: str  # English name of the language
    native: str  # the language's own name
    lang_tag: str
    direction: str
    status: str  # "released", "ready" or "draft"
    reasons: tuple[str, ...]
    stats: LocaleStats
    findings: tuple[str, ...]
    editions: tuple[EditionView, ...]
    web: str = ""  # href of its page in the web edition (output/site/), "" if there is none

    @property
    def preflight(self) -> tuple[int, int, int]:
        return tuple(sum(e.preflight[i] for e in self.editions) for i in range(3))  # type: ignore[return-value]


def _href(path: Path, root: Path) -> str:
    return quote(path.relative_to(root).as_posix())


def _built(path: Path) -> str:
    return dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")


def _thumbnail(project: Project, pdf: Path) -> Path:
    """The first page's picture, which the build draws with the PDF; drawn here if it is missing."""
    from ..builder.worker import thumbnail

    png = thumbnail_path(pdf)
    if not png.is_file() or png.stat().st_mtime < pdf.stat().st_mtime:
        try:
            picture = thumbnail(read_bytes(pdf, project.output_boundary, MAX_PDF_BYTES, "PDF"))
        except Exception as exc:
            raise LeafletError(f"the PDF cannot be drawn: {exc}", str(pdf)) from None
        write_atomically(png, picture, project.output_boundary)
    return png


def edition_views(project: Project, document: str, locale: str, failures: dict[str, str],
                  manifest: Manifest) -> tuple[EditionView, ...]:
    """Every edition of the leaflet that has a PDF in the output folder or failed in this build."""
    views = []
    for edition in editions_for(locale):
        pdf = project.output_pdf(locale, document, edition.name)
        if not pdf.is_file():
            if edition.name in failures:
                views.append(EditionView(edition.name, None, None, 0, 0, "", failures[edition.name], (0, 0, 0), ()))
            continue
        found = manifest.findings(pdf)
        counts = tuple(sum(f[0] == s for f in found) for s in SEVERITIES)
        shown = tuple(f"page {f[2]}: {f[0]}: {f[1]}: {f[3]}" if f[2] else f"{f[0]}: {f[1]}: {f[3]}" for f in found)
        href = _href(pdf, project.output)
        size = max(1, pdf.stat().st_size // 1024)
        try:
            thumb = _thumbnail(project, pdf)
            pages = page_count(pdf)
        except LeafletError as exc:
            views.append(EditionView(edition.name, href, None, 0, size, _built(pdf),
                                     f"the PDF cannot be read: {exc.message}", counts, shown))  # type: ignore[arg-type]
            continue
        views.append(EditionView(edition.name, href, _href(thumb, project.output), pages, size, _built(pdf),
                                 failures.get(edition.name, ""), counts, shown))  # type: ignore[arg-type]
    return tuple(views)


def web_page(project: Project, document: str, locale: str) -> str:
    """The href of the leaflet's page in the web edition, if the folder holds one."""
    from ..model.clinic import load_clinic
    from .web import site_folder
    from .web.addresses import page_address

    try:
        clinic = load_clinic(project.clinic_file, project.layouts, project.root)
        page = site_folder(project) / page_address(clinic, locale, locale_info(locale).lang_tag, document).path
    except LeafletError:
        return ""
    return _href(page, project.output) if page.is_file() else ""


def leaflet_views(project: Project, assessment: Assessment, stats: list[LocaleStats],
                  failures: dict[tuple[str, str, str], str], released: bool) -> list[LeafletView]:
    by_key = {(s.document, s.locale): s for s in stats}
    manifest = Manifest.load(project.output, project.output_boundary, (project.root,))
    views = []
    for report in assessment.leaflets:
        info = locale_info(report.locale)
        status = ("released" if released else "ready") if report.ready else "draft"
        findings = tuple(str(f) for f in report.findings[:MAX_FINDINGS_SHOWN])
        if len(report.findings) > MAX_FINDINGS_SHOWN:
            findings += (f"... and {len(report.findings) - MAX_FINDINGS_SHOWN} more: run "
                         f"`make check LANGS={report.locale} DOCS={report.document}`",)
        mine = {edition: why for (document, locale, edition), why in failures.items()
                if (document, locale) == (report.document, report.locale)}
        views.append(LeafletView(
            report.document, report.locale, info.english_name, info.native_name, info.lang_tag, info.direction,
            status, tuple(str(r) for r in report.reasons), by_key[(report.document, report.locale)], findings,
            edition_views(project, report.document, report.locale, mine, manifest),
            web_page(project, report.document, report.locale)))
    return views


def code_spans(text: str) -> Markup:
    """Escape `text`, then show its `backticked` commands as <code>, as the terminal output means them."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def render_index(layouts_dir: Path, **context: object) -> str:
    env = Environment(loader=FileSystemLoader(layouts_dir), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["code_spans"] = code_spans
    return env.get_template(TEMPLATE).render(**context)


def write_index(project: Project, assessment: Assessment, stats: list[LocaleStats],
                failures: dict[tuple[str, str, str], str] | None = None, released: bool = False) -> Path:
    """Write `index.html` into the project's output folder and return its path.

    `failures` maps (document, locale, edition) to why that job failed in the build just run;
    `released` says the folder is `make release`'s, where a ready leaflet is published.
    """
    views = leaflet_views(project, assessment, stats, failures or {}, released)
    documents = {name: f"{doc.meta.id} {doc.meta.version}" for name, doc in assessment.documents.items()}
    html = render_index(
        project.layouts, leaflets=views, released=released, documents=documents,
        locales=sorted({v.locale for v in views}, key=lambda loc: (loc != "en", loc)),
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"), output=display_path(project.output),
        ready=sum(v.status != "draft" for v in views))
    target = project.output / "index.html"
    write_atomically(target, html.encode("utf-8"), project.output_boundary)
    return target
