"""The staff page `index.html` in an output folder: every locale and edition at a glance.

For each locale: its readiness (draft, ready, released, and why not), its findings, progress
and reading grade, and for each edition a first-page thumbnail linking to the PDF. It is
English-only staff UI, rendered with Jinja (autoescape on, StrictUndefined) from
`layouts/staff/index.html.jinja`, a name `babel.cfg` does not extract for translators. Every
link is relative, so the folder can be copied or served as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from babel import Locale
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .build import write_atomically
from .errors import LeafletError, display_path
from .preview import page_count, thumbnail, thumbnail_path
from .project import Project
from .quality import LocaleReport
from .source import load_document
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


@dataclass(frozen=True)
class LocaleView:
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


def _href(path: Path, root: Path) -> str:
    return quote(path.relative_to(root).as_posix())


def _built(path: Path) -> str:
    return dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")


def edition_views(project: Project, locale: str, failures: dict[str, str]) -> tuple[EditionView, ...]:
    """Every edition of `locale` that has a PDF in the output folder or failed in this build."""
    folder = project.output / locale
    prefix = f"{project.domain}-"
    pdfs = {p.stem[len(prefix):]: p for p in sorted(folder.glob(f"{prefix}*.pdf"))}
    views = []
    for edition in sorted(set(pdfs) | set(failures)):
        pdf = pdfs.get(edition)
        if pdf is None:
            views.append(EditionView(edition, None, None, 0, 0, "", failures[edition]))
            continue
        try:
            thumb = thumbnail(pdf, thumbnail_path(pdf))
            pages = page_count(pdf)
        except LeafletError as exc:
            views.append(EditionView(edition, _href(pdf, project.output), None, 0, pdf.stat().st_size // 1024,
                                     _built(pdf), f"the PDF cannot be read: {exc.message}"))
            continue
        views.append(EditionView(edition, _href(pdf, project.output), _href(thumb, project.output), pages,
                                 max(1, pdf.stat().st_size // 1024), _built(pdf), failures.get(edition, "")))
    return tuple(views)


def locale_views(project: Project, reports: list[LocaleReport], stats: list[LocaleStats],
                 failures: dict[tuple[str, str], str], released: bool) -> list[LocaleView]:
    by_locale = {s.locale: s for s in stats}
    views = []
    for report in reports:
        language = Locale.parse(report.locale)
        status = ("released" if released else "ready") if report.ready else "draft"
        findings = tuple(str(f) for f in report.findings[:MAX_FINDINGS_SHOWN])
        if len(report.findings) > MAX_FINDINGS_SHOWN:
            findings += (f"... and {len(report.findings) - MAX_FINDINGS_SHOWN} more: run "
                         f"`make check LANGS={report.locale}`",)
        mine = {edition: why for (locale, edition), why in failures.items() if locale == report.locale}
        views.append(LocaleView(
            report.locale, language.english_name, language.get_display_name(language) or report.locale,
            str(language).replace("_", "-"), language.text_direction, status,
            tuple(str(r) for r in report.reasons), by_locale[report.locale], findings,
            edition_views(project, report.locale, mine)))
    return views


def code_spans(text: str) -> Markup:
    """Escape `text`, then show its `backticked` commands as <code>, as the terminal output means them."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def render_index(layouts_dir: Path, **context) -> str:
    env = Environment(loader=FileSystemLoader(layouts_dir), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["code_spans"] = code_spans
    return env.get_template(TEMPLATE).render(**context)


def write_index(project: Project, reports: list[LocaleReport], stats: list[LocaleStats],
                failures: dict[tuple[str, str], str] | None = None, released: bool = False) -> Path:
    """Write `index.html` into the project's output folder and return its path.

    `failures` maps (locale, edition) to why that job failed in the build just run; `released`
    says the folder is `make release`'s, where a ready locale is published, not just ready.
    """
    views = locale_views(project, reports, stats, failures or {}, released)
    meta = load_document(project.document_file).meta
    html = render_index(
        project.layouts, locales=views, released=released, document_id=meta.id, version=meta.version,
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"), output=display_path(project.output),
        ready=sum(v.status != "draft" for v in views))
    target = project.output / "index.html"
    write_atomically(target, html.encode("utf-8"))
    return target
