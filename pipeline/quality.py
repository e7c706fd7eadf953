"""Translation checks and statistics over the source and each catalog.

Each finding names the `.po` file and line, the msgctxt, the check and what to do.
Severities: `critical` blocks publishing; `functional` means the output is incomplete;
`cosmetic` is worth fixing. GNU `msgfmt -c` is run as the outside judge of every catalog.
A translator silences one check for one entry with a translator comment `# ignore-<check>`
(for example `# ignore-whitespace`), the way Weblate's `ignore-*` flags work. A `#,` flag
works too, but GNU msgmerge drops flags it does not know, so the comment is what lasts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

import polib

from .catalogs import Catalog, load_catalog, msgfmt_check
from .errors import LeafletError, display_path
from .localize import SOURCE_LOCALE, review_of
from .project import Project
from .source import PLACEHOLDER_RE, Document, load_document

SEVERITIES = ("critical", "functional", "cosmetic")
NUMBER_RE = re.compile(r"\d+")
IGNORE_RE = re.compile(r"\bignore-([a-z]+)")


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
class Report:
    findings: tuple[Finding, ...]

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "critical" for f in self.findings)


def ascii_digits(text: str) -> str:
    """Digits of any script (Devanagari, Arabic-Indic, Tamil...) as ASCII digits."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and unicodedata.digit(ch, None) is not None
                   else ch for ch in text)


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


def check_catalog(document: Document, catalog: Catalog, template: Path | None = None) -> list[Finding]:
    """Compare every string the outputs need with its translation in `catalog`."""
    findings: list[Finding] = []
    entries = catalog.lookup()

    def add(severity, entry_line, ctxt, check, message):
        entry = entries.get((text.key, text.english))
        if entry is not None and check in IGNORE_RE.findall(" ".join((*entry.flags, entry.translator_comment))):
            return  # silenced by the translator for this entry, as Weblate's ignore-* flags do
        findings.append(Finding(severity, catalog.path, entry_line, ctxt, check, message))

    for text in wanted_strings(document, template):
        entry = entries.get((text.key, text.english))
        if entry is None or not entry.msgstr:
            add("functional", entry.line if entry else None, text.key, "untranslated",
                "no translation; the English is shown, marked as untranslated. Translate it.")
            continue
        if entry.fuzzy:
            add("functional", entry.line, text.key, "fuzzy",
                "marked fuzzy (the English changed or the match is a guess), so it is not used. "
                "Check it against the English and remove the fuzzy flag.")
            continue
        source_ph = sorted(PLACEHOLDER_RE.findall(text.english))
        target_ph = sorted(PLACEHOLDER_RE.findall(entry.msgstr))
        if source_ph != target_ph:
            add("critical", entry.line, text.key, "placeholders",
                f"the English has {source_ph or 'no placeholders'} but the translation has "
                f"{target_ph or 'none'}; copy each %(name)s exactly as in the English")
        source_numbers = sorted(NUMBER_RE.findall(text.english))
        target_numbers = sorted(NUMBER_RE.findall(ascii_digits(PLACEHOLDER_RE.sub("", entry.msgstr))))
        if source_numbers != target_numbers:
            add("critical", entry.line, text.key, "numbers",
                f"numbers differ: the English has {', '.join(source_numbers) or 'none'}, the translation "
                f"{', '.join(target_numbers) or 'none'}; doses, hours and counts must stay the same")
        if text.max_chars and len(entry.msgstr) > text.max_chars:
            add("critical", entry.line, text.key, "length",
                f"{len(entry.msgstr)} characters, over the poster limit of {text.max_chars}; shorten it")
        source, target = text.english, entry.msgstr
        edges = [(source[:1].isspace(), target[:1].isspace()), (source[-1:].isspace(), target[-1:].isspace())]
        if any(has != wanted for wanted, has in edges) or "  " in target:
            add("cosmetic", entry.line, text.key, "whitespace",
                "leading or trailing space unlike the English, or a doubled space; match the English")
    return findings


def check_all(project: Project, locales: list[str]) -> Report:
    document = load_document(project.document_file)
    findings: list[Finding] = []
    for locale in locales:
        path = project.catalog(locale)
        for problem in msgfmt_check(path):
            match = re.match(r"^(.*?):(\d+): (.*)$", problem)
            findings.append(Finding("critical", display_path(path), int(match[2]) if match else None, "",
                                    "msgfmt", match[3] if match else problem))
        try:
            catalog = load_catalog(path, locale)
        except LeafletError as exc:
            findings.append(Finding("critical", exc.path or display_path(path), exc.line, "", "catalog",
                                    exc.message))
            continue
        findings.extend(check_catalog(document, catalog, project.template))
    return Report(tuple(findings))


def format_findings(report: Report) -> str:
    lines = [str(f) for f in report.findings]
    counts = {s: sum(f.severity == s for f in report.findings) for s in SEVERITIES}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items()) + " finding(s)")
    return "\n".join(lines)


@dataclass(frozen=True)
class LocaleStats:
    locale: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    source_words: int
    review: str
    critical: int

    def as_dict(self) -> dict:
        return asdict(self)


def statistics(project: Project, locales: list[str]) -> list[LocaleStats]:
    document = load_document(project.document_file)
    texts = wanted_strings(document, project.template)
    words = sum(len(t.english.split()) for t in texts)
    rows = []
    for locale in locales:
        if locale == SOURCE_LOCALE:
            review = review_of(document, None)
            rows.append(LocaleStats(locale, len(texts), len(texts), 0, 0, words, review.status, 0))
            continue
        catalog = load_catalog(project.catalog(locale), locale)
        findings = check_catalog(document, catalog, project.template)
        fuzzy = sum(f.check == "fuzzy" for f in findings)
        untranslated = sum(f.check == "untranslated" for f in findings)
        review = review_of(document, catalog)
        rows.append(LocaleStats(locale, len(texts), len(texts) - fuzzy - untranslated, fuzzy, untranslated,
                                words, "draft" if review.is_draft else "reviewed",
                                sum(f.severity == "critical" for f in findings)))
    return rows


def format_statistics(rows: list[LocaleStats]) -> str:
    head = f"{'locale':<8} {'translated':>10} {'fuzzy':>6} {'untransl.':>9} {'words':>6} {'critical':>8}  review"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r.locale:<8} {r.translated:>5}/{r.total:<4} {r.fuzzy:>6} {r.untranslated:>9} "
                     f"{r.source_words:>6} {r.critical:>8}  {r.review}")
    return "\n".join(lines)


def readiness(project: Project, document: Document, locale: str) -> list[str]:
    """Why a locale may not be published; empty when it is ready (complete, clean, signed off)."""
    if locale == SOURCE_LOCALE:
        review = review_of(document, None)
        return [] if not review.is_draft else [
            "the English source has no clinician sign-off (document.signoff in "
            f"{display_path(project.document_file)}: reviewer, role and date)"]
    try:
        catalog = load_catalog(project.catalog(locale), locale)
    except LeafletError as exc:
        return [f"the catalog does not load: {exc}"]
    findings = check_catalog(document, catalog, project.template)
    reasons = []
    for check, what in (("untranslated", "untranslated"), ("fuzzy", "fuzzy")):
        n = sum(f.check == check for f in findings)
        if n:
            reasons.append(f"{n} {what} string(s); run `make check LANGS={locale}` for the list")
    critical = [f for f in findings if f.severity == "critical"]
    if critical:
        reasons.append(f"{len(critical)} critical finding(s), first: {critical[0]}")
    if review_of(document, catalog).is_draft:
        reasons.append("not signed off by a qualified medical translator (X-Review-Status is not "
                       "'reviewed', or X-Reviewer, X-Reviewer-Role or X-Review-Date is empty)")
    return reasons
