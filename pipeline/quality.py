"""Translation checks over the source and each catalog, and whether a locale may be published.

Each finding names the `.po` file and line, the msgctxt, the check and what to do. Severities:
`critical` blocks publishing; `functional` means the output is incomplete or suspicious;
`cosmetic` is worth fixing. GNU `msgfmt -c` is run as the outside judge of every catalog.
The per-string checks live in `textchecks`; this module adds those that need the catalog as a
whole (untranslated, fuzzy), the source (length limits), the fonts (glyphs) and the layout
(poster fit), collects every finding, and decides readiness.

A translator silences one check for one entry with a translator comment `# ignore-<check>`
(for example `# ignore-identical`), the way Weblate's `ignore-*` flags work. A `#,` flag works
too, but GNU msgmerge drops flags it does not know, so the comment is what lasts. What blocks
publishing (critical findings, untranslated and fuzzy strings) cannot be silenced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib

from .catalogs import (REVIEW_DATE, REVIEW_DIGEST, REVIEW_HEADER, REVIEWER, REVIEWER_ROLE, Catalog, babel_locale,
                       content_digest, load_catalog, msgfmt_check)
from .errors import LeafletError, display_path
from .glyphs import Coverage, coverage
from .localize import SOURCE_LOCALE, Review, review_of, script_of
from .postercheck import PosterCheck
from .project import Project
from .source import Document, DrugTable, load_document
from .textchecks import CHECKS, Context

SEVERITIES = ("critical", "functional", "cosmetic")
IGNORE_RE = re.compile(r"\bignore-([a-z]+(?:-[a-z]+)*)")
SEVERITY = {name: severity for name, severity, _ in CHECKS} | {
    "msgfmt": "critical", "catalog": "critical", "length": "critical", "glyphs": "critical",
    "poster-fit": "critical", "untranslated": "functional", "fuzzy": "functional",
}
#: What a translator's `ignore-<check>` cannot silence: whatever blocks publishing.
UNSILENCEABLE = frozenset({name for name, severity in SEVERITY.items() if severity == "critical"}
                          | {"untranslated", "fuzzy"})


@dataclass(frozen=True)
class Finding:
    severity: str
    path: str
    line: int | None
    msgctxt: str
    check: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        context = f" [{self.msgctxt}]" if self.msgctxt else ""
        return f"{where}: {self.severity}: {self.check}{context}: {self.message}"


@dataclass(frozen=True)
class Wanted:
    """A string the outputs need: from the YAML source, or a layout string from the template."""

    key: str
    english: str
    max_chars: int | None = None


def wanted_strings(document: Document, template: Path | None) -> list[Wanted]:
    wanted = {(t.key, t.english): Wanted(t.key, t.english, t.max_chars) for t in document.texts()}
    if template is not None and template.exists():
        for entry in polib.pofile(str(template)):
            wanted.setdefault((entry.msgctxt or "", entry.msgid), Wanted(entry.msgctxt or "", entry.msgid))
    return list(wanted.values())


def protected_names(document: Document) -> tuple[str, ...]:
    """Names that are data, never translated: terms, the drug table's medicines, the publisher."""
    names = [value for _, value in document.terms] + [document.meta.publisher]
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, DrugTable):
                names += [n for row in block.rows for m in row.medicines for n in (m.generic, m.brand)]
    return tuple(sorted({n for n in names if n}, key=lambda n: (-len(n), n)))


def text_context(document: Document, locale: str) -> Context:
    parsed = babel_locale(locale)
    return Context(parsed.language, script_of(parsed), parsed.text_direction, protected_names(document),
                   document.terms)


def check_catalog(document: Document, catalog: Catalog, template: Path | None = None,
                  fonts: Coverage | None = None) -> list[Finding]:
    """Compare every string the outputs need with its translation in `catalog`.

    With `fonts`, every character of every translation is also checked against them.
    """
    findings: list[Finding] = []
    entries = catalog.lookup()
    context = text_context(document, catalog.locale)

    for text in wanted_strings(document, template):
        entry = entries.get((text.key, text.english))
        silenced = set(IGNORE_RE.findall(" ".join((*entry.flags, entry.translator_comment)))) if entry else set()

        def add(check: str, message: str) -> None:
            if check in silenced:
                if check not in UNSILENCEABLE:
                    return  # silenced by the translator for this entry, as Weblate's ignore-* flags do
                message += f" (ignore-{check} has no effect: this finding blocks publishing)"
            findings.append(Finding(SEVERITY[check], catalog.path, entry.line if entry else None, text.key,
                                    check, message))

        if entry is None:
            add("untranslated", "not in the catalog, so the English is shown, marked as untranslated; "
                "run `make update-po` to bring the catalog up to date, then translate it")
            continue
        if not entry.msgstr:
            add("untranslated", "no translation; the English is shown, marked as untranslated. Translate it.")
            continue
        if entry.fuzzy:
            add("fuzzy", "marked fuzzy (the English changed or the match is a guess), so it is not used. "
                "Check it against the English and remove the fuzzy flag.")
            continue
        for name, _, check in CHECKS:
            for message in check(text.english, entry.msgstr, context):
                add(name, message)
        if text.max_chars and len(entry.msgstr) > text.max_chars:
            add("length", f"{len(entry.msgstr)} characters, over the poster limit of {text.max_chars}; "
                "shorten it")
        for ch in fonts.missing(entry.msgstr) if fonts else ():
            add("glyphs", fonts.describe(ch))
    return findings


@dataclass(frozen=True)
class Reason:
    """Why a locale may not be published. `kind` lets a caller tell the sign-off apart from the rest."""

    kind: str  # "catalog", "incomplete", "fuzzy", "critical", "signoff" or "source-signoff"
    text: str

    def __str__(self) -> str:
        return self.text


SIGNOFF_KINDS = frozenset({"signoff", "source-signoff"})


@dataclass(frozen=True)
class LocaleReport:
    """Everything the checks found for one locale, and why it may not be published yet."""

    locale: str
    path: str  # the catalog, or the English source
    findings: tuple[Finding, ...]
    review: Review
    reasons: tuple[Reason, ...]  # empty when the locale is ready to publish
    catalog: Catalog | None = None  # None for English, or when the catalog did not load

    @property
    def ready(self) -> bool:
        return not self.reasons

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)


def assess(project: Project, locales: list[str], *, posters: bool = False) -> list[LocaleReport]:
    """Check every locale and decide its readiness; with `posters`, render each poster to see it fits."""
    document = load_document(project.document_file)
    english = review_of(document, None)
    fit = PosterCheck(project, document) if posters else None
    return [_assess_one(project, document, english, locale, fit) for locale in locales]


def _assess_one(project: Project, document: Document, english: Review, locale: str,
                fit: PosterCheck | None) -> LocaleReport:
    if locale == SOURCE_LOCALE:
        findings = _poster_findings(fit, locale, None, display_path(project.document_file))
        reasons = _source_reasons(project, english) + _finding_reasons(findings, locale)
        return LocaleReport(locale, display_path(project.document_file), tuple(findings), english,
                            tuple(reasons))
    path = project.catalog(locale)
    judged = [_msgfmt_finding(path, problem) for problem in msgfmt_check(path)]
    try:
        catalog = load_catalog(path, locale)
    except LeafletError as exc:
        findings = list(filter(None, judged)) + [Finding("critical", exc.path or display_path(path), exc.line, "", "catalog",
                                     exc.message)]
        reasons = [Reason("catalog", f"the catalog does not load: {exc}")]
        return LocaleReport(locale, display_path(path), tuple(findings), Review("draft", english.signoff),
                            tuple(reasons))
    script = text_context(document, locale).script
    try:
        fonts = coverage(project.layouts, script, catalog.path)
    except LeafletError as exc:
        fonts = None
        judged.append(Finding("critical", catalog.path, None, "", "glyphs", exc.message))
    findings = check_catalog(document, catalog, project.template, fonts)
    findings = _placed(judged, catalog, findings) + findings + _poster_findings(fit, locale, catalog, catalog.path)
    review = review_of(document, catalog)
    reasons = _finding_reasons(findings, locale) + _signoff_reasons(catalog, review)
    if english.is_draft:
        reasons.append(Reason("source-signoff", "the English source it translates has no clinician "
                              "sign-off yet (`leaflets approve en`)"))
    return LocaleReport(locale, catalog.path, tuple(findings), review, tuple(reasons), catalog)


def _msgfmt_finding(path: Path, problem: str) -> Finding | None:
    if re.search(r"found \d+ fatal errors?$", problem):
        return None  # msgfmt's own total, not a problem of its own
    match = re.match(r"^(.*?):(\d+): (.*)$", problem)
    return Finding("critical", display_path(path), int(match[2]) if match else None, "", "msgfmt",
                   f"{match[3] if match else problem} (GNU msgfmt -c)")


def _placed(judged: list[Finding | None], catalog: Catalog, ours: list[Finding]) -> list[Finding]:
    """msgfmt's findings moved to the start of their entry, with its msgctxt; those our own
    placeholder check already reported for that entry are left out."""
    starts = sorted((e.line, e.msgctxt) for e in catalog.entries)
    reported = {f.msgctxt for f in ours if f.check == "placeholders"}
    placed = []
    for finding in filter(None, judged):
        entry = max((s for s in starts if finding.line and s[0] <= finding.line), default=None)
        if entry is None:
            placed.append(finding)
        elif entry[1] not in reported:
            placed.append(Finding(finding.severity, finding.path, entry[0], entry[1], finding.check, finding.message))
    return placed


def _poster_findings(fit: PosterCheck | None, locale: str, catalog: Catalog | None, path: str) -> list[Finding]:
    problem = fit.problem(locale, catalog) if fit else None
    if problem is None:
        return []
    return [Finding("critical", path, problem.line, problem.msgctxt, "poster-fit",
                    f"{problem.message} (this entry is the longest poster text)")]


def _finding_reasons(findings: list[Finding], locale: str) -> list[Reason]:
    reasons = []
    for check, kind in (("untranslated", "incomplete"), ("fuzzy", "fuzzy")):
        n = sum(f.check == check for f in findings)
        if n:
            reasons.append(Reason(kind, f"{n} {check} string(s); run `make check LANGS={locale}` for the list"))
    reasons += [Reason("critical", f"critical finding: {f}") for f in findings if f.severity == "critical"]
    return reasons


def _source_reasons(project: Project, review: Review) -> list[Reason]:
    if not review.is_draft:
        return []
    signoff = review.signoff
    empty = [field for field, value in (("reviewer", signoff.reviewer), ("role", signoff.role),
                                        ("date", signoff.date)) if not value]
    return [Reason("source-signoff", f"the English source has no clinician sign-off (document.signoff in "
                   f"{display_path(project.document_file)}: {', '.join(empty)} empty); record it with "
                   "`leaflets approve en --reviewer NAME --role ROLE`")]


def _signoff_reasons(catalog: Catalog, review: Review) -> list[Reason]:
    """Why the sign-off recorded in the catalog's header does not count (yet)."""
    missing = []
    status = catalog.header(REVIEW_HEADER).strip()
    if status.lower() != "reviewed":
        missing.append(f"{REVIEW_HEADER} is '{status or 'empty'}', not 'reviewed'")
    missing += [f"{header} is empty" for header, value in (
        (REVIEWER, review.signoff.reviewer), (REVIEWER_ROLE, review.signoff.role), (REVIEW_DATE, review.signoff.date))
        if not value.strip()]
    if missing:
        return [Reason("signoff", f"not signed off by a qualified medical translator ({'; '.join(missing)}); "
                       f"once reviewed, record it with `leaflets approve {catalog.locale} --reviewer NAME "
                       "--role ROLE`")]
    recorded = catalog.header(REVIEW_DIGEST).strip()
    if recorded != content_digest(catalog):
        return [Reason("signoff", f"the translation changed after the sign-off of {review.signoff.date} "
                       f"({REVIEW_DIGEST} {'is missing' if not recorded else 'no longer matches'}); have the "
                       f"changes reviewed, then run `leaflets approve {catalog.locale}` again")]
    return []


def format_findings(reports: list[LocaleReport]) -> str:
    lines = [str(f) for r in reports for f in r.findings]
    if lines:
        lines.append("")
    lines += [summary_line(r) for r in reports]
    total = {s: sum(r.count(s) for r in reports) for s in SEVERITIES}
    lines.append(", ".join(f"{n} {s}" for s, n in total.items()) + " finding(s) in all")
    return "\n".join(lines)


def summary_line(report: LocaleReport) -> str:
    counts = ", ".join(f"{report.count(s)} {s}" for s in SEVERITIES)
    state = "ready to publish" if report.ready else ("draft" if report.review.is_draft else "not ready")
    return f"{report.locale:<8} {counts}; {state}"
