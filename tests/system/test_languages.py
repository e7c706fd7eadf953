"""Proof that every supported language prints, as a clinic adding it would: `new-locale`, a
catalog of real text in the language's script, a build.

For each language of pipeline/i18n/data/languages.yaml (28 besides English, every one a clinic
asked for among them), in a copy of the project: `start_locale` (what `leaflets new-locale`
does) starts its catalogs from the templates, a translator's first catalog is simulated with
the language's sample text (tests/pseudo.py: repeated to each text's length, placeholders,
numbers and names kept), and the leaflet, the poster and the bilingual leaflet are built (every
edition for the scripts that need the most: Nastaliq, Burmese, Korean, Ethiopic, Japanese).
Then, as a reader and a print shop would check them: nothing failed or warned, the catalog
checks find nothing critical, the print preflight finds no missing glyph, broken cluster or
text off its box, each PDF says its language and reading direction, and the text a reader
extracts is in the language's own letters. No code, layout or font file is changed for any
language. About two minutes on two cores.
"""

from __future__ import annotations

import shutil
import unicodedata
from functools import cache

import pikepdf
import polib
import pytest
from conftest import copy_project
from pseudo import fill_catalog, samples
from pypdf import PdfReader

from pipeline.builder import build
from pipeline.checks.catalog import protected_names
from pipeline.i18n.exemplars import exemplars
from pipeline.i18n.locales import locale_info
from pipeline.i18n.maintain import start_locale
from pipeline.i18n.plurals import cldr_plural_forms
from pipeline.model.source import load_document
from pipeline.publish.gate import assess
from pipeline.render.editions import editions_for
from pipeline.render.fonts import choose_fonts
from testkit import DOC, ROOT, pdftotext

LANGUAGES = tuple(samples())
#: Every edition for these (the tallest marks, no spaces, joined words, a syllabary, no word
#: breaks in Pango, right to left); the leaflet, poster and bilingual leaflet for the rest.
EVERY_EDITION = ("ur", "my", "ko", "am", "ja")
SOME_EDITIONS = ("leaflet", "poster", "leaflet-bilingual")


@pytest.fixture(scope="module")
def proof(tmp_path_factory):
    """A copy of the project in which every language was started and translated, and built."""
    project = copy_project(ROOT, tmp_path_factory.mktemp("languages") / "project")
    for locale in LANGUAGES:  # the shipped translations too: every language starts from the templates
        shutil.rmtree(project.locales / locale, ignore_errors=True)
    names = protected_names(load_document(project.document_file(DOC), project.root))
    started = {}
    for locale in LANGUAGES:
        info = locale_info(locale)
        script = choose_fonts(project.layouts, locale).script
        started[locale] = start_locale(project, locale)
        for path in started[locale]:
            fill_catalog(path, samples()[locale], info.language, script, names)
    some = build(project, [DOC], [loc for loc in LANGUAGES if loc not in EVERY_EDITION], workers=2,
                 only=SOME_EDITIONS)
    every = build(project, [DOC], list(EVERY_EDITION), workers=2)
    return project, started, (*some.outcomes, *every.outcomes), (*some.failures, *every.failures)


@cache
def _reader_text(path) -> str:
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() or "" for page in PdfReader(path).pages))


def test_new_locale_starts_every_catalog_with_cldr_plural_forms(proof):
    project, started, _, _ = proof
    for locale, paths in started.items():
        assert {p.name for p in paths} == {"layouts.po", f"{DOC}.po"}, locale
        for path in paths:
            text = path.read_text(encoding="utf-8")
            assert f'"Language: {locale}\\n"' in text, (locale, path.name)
            assert f'"Plural-Forms: {cldr_plural_forms(locale)}\\n"' in text, (locale, path.name)


def test_the_catalog_checks_find_nothing_critical(proof):
    """Placeholders, numbers and names survive; every character has a glyph; Plural-Forms agrees
    with CLDR; GNU msgfmt -c accepts the catalogs; no poster text is over its limit or a word
    too wide for its column."""
    project = proof[0]
    assessment = assess(project, [DOC], list(LANGUAGES), posters=False)
    critical = [str(f) for report in assessment.leaflets for f in report.findings if f.severity == "critical"]
    assert not critical, critical[:10]


def test_every_edition_builds(proof):
    project, _, outcomes, failures = proof
    assert not failures, [f.message for f in failures]
    assert not [o.message for o in outcomes if not o.ok]
    built = {(o.job.locale, o.job.edition.name) for o in outcomes}
    for locale in LANGUAGES:
        wanted = [e.name for e in editions_for(locale)] if locale in EVERY_EDITION else SOME_EDITIONS
        assert {(locale, name) for name in wanted} <= built, locale


def test_the_print_preflight_finds_no_missing_glyph_broken_cluster_or_overflow(proof):
    """The preflight reads every PDF (shaping: a dotted circle or an empty box) and every laid-out
    page (geometry: text past its box, the page or the printer's safe area)."""
    critical = [f"{o.job.locale} {o.job.edition.name}: page {page}: {check}: {message}"
                for o in proof[2] if o.ok for severity, check, page, message in o.findings if severity == "critical"]
    assert not critical, critical[:10]


@pytest.mark.parametrize("locale", LANGUAGES)
def test_each_pdf_says_its_language_and_reading_direction(proof, locale):
    project, _, outcomes, _ = proof
    info = locale_info(locale)
    for outcome in (o for o in outcomes if o.job.locale == locale):
        with pikepdf.open(outcome.job.output) as pdf:
            assert str(pdf.Root.Lang) == info.lang_tag, outcome.job.output
            preferences = pdf.Root.get("/ViewerPreferences") or {}
            assert (str(preferences.get("/Direction", "/L2R")) == "/R2L") == (info.direction == "rtl")


@pytest.mark.parametrize("locale", LANGUAGES)
def test_a_reader_extracts_the_languages_own_letters(proof, locale):
    """The text a reader extracts from the leaflet and the poster holds nearly every letter of
    the language that its translations print (CLDR's letters of the language, in the catalog's
    texts for that edition), and none of the English that would stand in for a missing one."""
    project = proof[0]
    entries = [e for e in polib.pofile(str(project.catalog(locale, DOC))) if e.msgstr]
    for edition, keep in (("leaflet", lambda key: not key.startswith("poster.")),
                          ("poster", lambda key: key.startswith("poster."))):
        printed = unicodedata.normalize("NFC", " ".join(e.msgstr for e in entries if keep(e.msgctxt)))
        letters = {ch for ch in printed if ch in exemplars(locale).letters}
        text = _reader_text(project.output_pdf(locale, DOC, edition))
        found = {ch for ch in letters if ch in text}
        assert len(letters) >= 10 and len(found) >= 0.9 * len(letters), (edition, sorted(letters - found))
        assert "Muscle twitching is usually harmless" not in text
        # The marks that steer line breaking (Korean word joiners, Burmese zero-width spaces) are
        # not part of the words: neither pypdf nor poppler gives them to a reader.
        for extracted in (text, pdftotext(project.output_pdf(locale, DOC, edition))):
            assert "\u200b" not in extracted and "\u2060" not in extracted
