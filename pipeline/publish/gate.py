"""The publish gate: every check over the catalogs, and whether each leaflet may be published.

A leaflet (a document in a locale) is ready when its catalog and the locale's catalog of the
layouts' words load, nothing is untranslated or fuzzy, nothing critical is found (the poster is
laid out to see it fits), and its sign-offs verify: the translation and the layouts' words by a
qualified medical translator, and the English both translate by a clinician
(pipeline.review). Otherwise the gate lists every reason. `make check`, `make stats`,
`make release`, `make approve` and the staff index all ask this one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..builder import lexicon_of
from ..checks import SEVERITIES, Finding, count
from ..checks.catalog import check_catalog, judge, text_context, wanted_strings
from ..checks.terminology import load_glossary
from ..errors import LeafletError, TranslationError, display_path
from ..i18n import segment
from ..i18n.catalogs import Catalog, load_catalog
from ..i18n.extract import LayoutString, layout_strings
from ..i18n.locales import locale_info
from ..i18n.localize import localize
from ..model.clinic import Clinic, load_clinic
from ..model.document import Document
from ..model.review import Review
from ..model.source import load_document
from ..project import LAYOUTS_DOMAIN, SOURCE_LOCALE, Project
from ..render.fonts import coverage
from ..review import check_signoff, leaflet_review, load_reviewers, subject_of


@dataclass(frozen=True)
class Reason:
    """Why a leaflet may not be published. `kind` tells the sign-off apart from the rest."""

    kind: str  # "catalog", "incomplete", "fuzzy", "critical" or "signoff"
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class DomainReport:
    """What the checks found in one catalog (a document's, or the layouts' words) of one locale."""

    domain: str
    locale: str
    path: str  # the catalog, or for English the source
    findings: tuple[Finding, ...]
    catalog: Catalog | None = None  # None for English, or when it did not load
    error: str = ""  # why it did not load


@dataclass(frozen=True)
class LeafletReport:
    """One document in one locale: everything found, its review, and why it is not ready."""

    document: str
    locale: str
    path: str  # the document's catalog, or its source for English
    findings: tuple[Finding, ...]  # its catalog's, the layouts' catalog's and the poster's
    review: Review
    reasons: tuple[Reason, ...]  # empty when ready to publish
    catalog: Catalog | None = None
    layouts: Catalog | None = None

    @property
    def ready(self) -> bool:
        return not self.reasons

    def count(self, severity: str) -> int:
        return count(self.findings, severity)


@dataclass(frozen=True)
class Assessment:
    domains: tuple[DomainReport, ...]
    leaflets: tuple[LeafletReport, ...]
    strings: tuple[LayoutString, ...] = field(default=(), repr=False)
    documents: dict[str, Document] = field(default_factory=dict, repr=False)

    def leaflet(self, document: str, locale: str) -> LeafletReport:
        return next(r for r in self.leaflets if (r.document, r.locale) == (document, locale))


class _Gate:
    """One assessment: the inputs loaded once, a poster renderer made only if asked for."""

    def __init__(self, project: Project, posters: bool):
        self.project = project
        self.clinic: Clinic = load_clinic(project.clinic_file, project.layouts, project.root)
        self.strings = layout_strings(project.root, project.root / "babel.cfg")
        self.reviewers = load_reviewers(project.reviewers_file, project.root)
        self.documents: dict[str, Document] = {}
        self.domains: dict[tuple[str, str], DomainReport] = {}
        self.signoffs: dict[tuple[str, str], Review] = {}
        self.fit = None
        if posters:
            from ..checks.poster import PosterCheck
            self.fit = PosterCheck(project.layouts, self.clinic)

    def document(self, name: str) -> Document:
        if name not in self.documents:
            self.documents[name] = load_document(self.project.document_file(name), self.project.root)
        return self.documents[name]

    def domain(self, domain: str, locale: str) -> DomainReport:
        key = (domain, locale)
        if key not in self.domains:
            self.domains[key] = self._check_domain(domain, locale)
        return self.domains[key]

    def _check_domain(self, domain: str, locale: str) -> DomainReport:
        document = self.document(domain) if domain != LAYOUTS_DOMAIN else None
        if locale == SOURCE_LOCALE:
            shown_source = display_path(self.project.document_file(domain)) if document else "layouts/"
            return DomainReport(domain, locale, shown_source, ())
        path = self.project.catalog(locale, domain)
        shown = display_path(path)
        try:
            if not path.exists() and not path.is_symlink():
                raise LeafletError(f"no catalog for {domain} in {locale} yet; run `make update-po` to create it", shown)
            catalog = load_catalog(path, locale, domain, self.project.root)
        except LeafletError as exc:
            finding = Finding("critical", "catalog", exc.message, exc.path or shown, exc.line)
            return DomainReport(domain, locale, shown, (finding,), None, str(exc))
        info = locale_info(locale, self.clinic.territory)
        findings: list[Finding] = []
        try:
            fonts = coverage(self.project.layouts, locale, catalog.path)
        except LeafletError as exc:
            fonts = None
            findings.append(Finding("critical", "glyphs", exc.message, catalog.path))
        glossary = None
        if self.project.terminology_file(locale).exists():
            try:
                glossary = load_glossary(self.project.terminology_file(locale), self.project.root, info.language)
            except LeafletError as exc:
                findings.append(Finding("functional", "terminology", f"the terminology list does not load, so "
                                        f"translations are not checked against it: {exc.message}",
                                        exc.path or display_path(self.project.terminology_file(locale)), exc.line))
        words = self.project.words_file(locale)
        if words.exists() or words.is_symlink():
            try:
                segment.load_words(words, self.project.root)
            except LeafletError as exc:
                findings.append(Finding("functional", "words", f"the list of words kept whole does not load, so "
                                        f"lines may break inside them: {exc.message}",
                                        exc.path or display_path(words), exc.line))
        findings += check_catalog(catalog, wanted_strings(document, self.strings),
                                  text_context(document, info, catalog, glossary), fonts)
        return DomainReport(domain, locale, catalog.path, tuple(judge(catalog, info, findings) + findings), catalog)

    def signoff(self, domain: str, locale: str) -> Review:
        key = (domain, locale)
        if key not in self.signoffs:
            document = self.document(domain) if domain != LAYOUTS_DOMAIN else None
            catalog = self.domain(domain, locale).catalog if locale != SOURCE_LOCALE else None
            if locale != SOURCE_LOCALE and catalog is None:
                self.signoffs[key] = Review(False, why_draft="its catalog does not load")
            else:
                self.signoffs[key] = check_signoff(self.project, subject_of(domain, locale, document, self.strings,
                                                                            catalog), self.reviewers)
        return self.signoffs[key]

    def leaflet(self, document: str, locale: str) -> LeafletReport:
        own, shared = self.domain(document, locale), self.domain(LAYOUTS_DOMAIN, locale)
        findings = list(own.findings) + list(shared.findings)
        for domain, where in ((document, locale), (LAYOUTS_DOMAIN, locale), (document, SOURCE_LOCALE),
                              (LAYOUTS_DOMAIN, SOURCE_LOCALE)):
            self.signoff(domain, where)
        review = leaflet_review(self.signoffs, document, locale)
        reasons = [Reason("catalog", f"the catalog does not load: {r.error}") for r in (own, shared) if r.error]
        if not reasons and self.fit is not None:
            info = locale_info(locale, self.clinic.territory)
            try:
                words = lexicon_of(self.project, self.document(document), locale, own.catalog)
                doc = localize(self.document(document), info, own.catalog, shared.catalog, self.strings, review,
                               words=words)
            except TranslationError as exc:
                findings.append(Finding("critical", "poster-fit", f"the poster cannot be put together: {exc.message}",
                                        exc.path or own.path, exc.line, exc.msgctxt))
            else:
                findings += self.fit.findings(doc, own.catalog, own.path)
        for check, kind in (("untranslated", "incomplete"), ("fuzzy", "fuzzy")):
            n = sum(f.check == check for f in findings)
            if n:
                reasons.append(Reason(kind, f"{n} {check} string(s); run `make check LANGS={locale}` for the list"))
        reasons += [Reason("critical", f"critical finding: {f}") for f in findings
                    if f.severity == "critical" and f.check != "catalog"]  # a catalog that does not load: said above
        if review.is_draft:
            reasons.append(Reason("signoff", f"not signed off: {review.why_draft}; once reviewed, sign it off with "
                                  f"`make approve LANGS={locale} DOCS={document} KEY=~/.ssh/id_ed25519`"))
        return LeafletReport(document, locale, own.path, tuple(findings), review, tuple(reasons),
                             own.catalog, shared.catalog)


def assess(project: Project, documents: list[str], locales: list[str], *, posters: bool = False) -> Assessment:
    """Check every catalog once and decide each leaflet's readiness; with `posters`, lay each
    poster out to see it fits."""
    gate = _Gate(project, posters)
    leaflets = [gate.leaflet(document, locale) for locale in locales for document in documents]
    domains = [gate.domains[key] for key in sorted(gate.domains, key=lambda k: (k[1] != SOURCE_LOCALE, k[1], k[0]))]
    return Assessment(tuple(domains), tuple(leaflets), gate.strings, gate.documents)


def format_findings(assessment: Assessment) -> str:
    """Every finding once (a layouts finding is not repeated per document), then a line per leaflet."""
    seen: set[str] = set()
    lines = []
    for report in assessment.leaflets:
        for finding in report.findings:
            text = str(finding)
            if text not in seen:
                seen.add(text)
                lines.append(text)
    if lines:
        lines.append("")
    lines += [summary_line(r) for r in assessment.leaflets]
    unique = [f for r in assessment.leaflets for f in r.findings]
    totals = {s: len({str(f) for f in unique if f.severity == s}) for s in SEVERITIES}
    lines.append(", ".join(f"{n} {s}" for s, n in totals.items()) + " finding(s) in all")
    return "\n".join(lines)


def summary_line(report: LeafletReport) -> str:
    counts = ", ".join(f"{report.count(s)} {s}" for s in SEVERITIES)
    state = "ready to publish" if report.ready else ("draft" if report.review.is_draft else "not ready")
    return f"{report.locale:<8} {report.document:<24} {counts}; {state}"

