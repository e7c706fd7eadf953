"""A library of leaflets: a second document beside muscle twitching, built in every locale,
sharing the layouts' words and the translation memory, with every target working per document."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest

from pipeline.builder import build
from pipeline.cli import main
from pipeline.i18n.catalogs import MEMORY_NOTE
from testkit import DOC, TRANSLATED, catalog, pdf, set_translation

SAMPLE = "sample-document"
FIXTURE = Path(__file__).parent.parent / "fixtures" / f"{SAMPLE}.yaml"
TWO = ("leaflet", "poster")


@pytest.fixture
def library(scratch, monkeypatch, capsys):
    """The project with the test document added as staff add one: a YAML file and `make update-po`
    (which runs `pot`, then `update-po`)."""
    monkeypatch.chdir(scratch.root)
    shutil.copy(FIXTURE, scratch.document_file(SAMPLE))
    assert main(["--root", str(scratch.root), "pot"]) == 0
    assert main(["--root", str(scratch.root), "update-po"]) == 0
    capsys.readouterr()
    return scratch


def rendered(summary) -> set[tuple[str, str, str]]:
    assert summary.ok, [o.message for o in summary.failed] + [f.message for f in summary.failures]
    return {(o.job.document, o.job.locale, o.job.edition.name) for o in summary.outcomes}


def test_adding_a_yaml_file_and_update_po_makes_a_document_in_every_locale(library, capsys):
    assert library.documents() == [DOC, SAMPLE]
    assert library.template(SAMPLE).is_file()
    for locale in TRANSLATED:
        po = polib.pofile(str(catalog(library, locale, SAMPLE)))
        # 18 texts, and term.example: every name in `terms` gets an entry for its local form.
        assert po.metadata["Language"] == locale and len(po) == 19
        assert po.find("example", msgctxt="term.example") is not None
        # The layouts' words are not asked again: they live in the shared catalog.
        assert not any(e.msgctxt in ("contact", "footer", "status") for e in po)


def test_a_string_another_catalog_translates_arrives_from_the_translation_memory(library, capsys):
    for locale in TRANSLATED:
        entry = polib.pofile(str(catalog(library, locale, SAMPLE))).find("Questions? Call us", msgctxt="about.ask")
        shared = polib.pofile(str(catalog(library, locale, "layouts"))).find("Questions? Call us", msgctxt="contact")
        assert entry.msgstr == shared.msgstr and "fuzzy" in entry.flags, locale
        assert MEMORY_NOTE in " ".join(entry.tcomment.split())
    assert main(["--root", str(library.root), "stats", "--json", "--docs", SAMPLE, "--langs", "es"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    # msgmerge also offers near matches ("What it shows" from "What helps"): fuzzy, for a translator to judge.
    assert row["document"] == SAMPLE and row["from_memory"] == row["fuzzy"] >= 1


def test_both_documents_build_in_every_locale_and_the_index_lists_them(library, capsys):
    assert main(["--root", str(library.root), "build", "-j", "2"]) == 0
    out = capsys.readouterr().out
    for locale in ("en", *TRANSLATED):
        for document in (DOC, SAMPLE):
            assert pdf(library, locale, "leaflet", document).is_file(), (locale, document)
        assert f"{locale:<8} {SAMPLE:<24}" in out
    page = (library.output / "index.html").read_text(encoding="utf-8")
    assert f'id="hi-{SAMPLE}"' in page and f'id="hi-{DOC}"' in page
    assert f'href="hi/{SAMPLE}-poster.pdf"' in page


def test_every_target_works_per_document(library, capsys):
    root = ["--root", str(library.root)]
    assert main([*root, "pot", "--docs", SAMPLE]) == 0
    out = capsys.readouterr().out
    assert f"locales/{SAMPLE}.pot" in out and f"locales/{DOC}.pot" not in out
    assert main([*root, "check", "--no-render", "--docs", SAMPLE, "--langs", "fr"]) == 0
    out = capsys.readouterr().out
    assert f"fr       {SAMPLE}" in out and f"fr       {DOC}" not in out
    assert main([*root, "preview", "--docs", SAMPLE, "--langs", "fr", "--dpi", "30", "-j", "1"]) == 0
    previews = {p.name for p in (library.output / "fr" / "preview").glob("*.png")}
    assert previews and all(name.startswith(SAMPLE) for name in previews)
    assert not pdf(library, "fr", "leaflet", DOC).exists(), "DOCS restricts the build too"
    assert main([*root, "release", "--docs", SAMPLE, "--langs", "fr"]) == 1
    err = capsys.readouterr().err
    assert f"fr {SAMPLE}: not ready to release" in err and f"fr {DOC}" not in err
    assert main([*root, "update-po", "--docs", SAMPLE, "--langs", "fr"]) == 0
    out = capsys.readouterr().out
    assert f"{SAMPLE}.po" in out and f"{DOC}.po" not in out


def test_one_documents_catalog_renders_only_that_document_and_a_shared_word_renders_both(library):
    rendered(build(library, [DOC, SAMPLE], ["en", "fr"], workers=1, only=TWO))
    set_translation(catalog(library, "fr", SAMPLE), "about.what", "Ce document ne sert qu'aux tests.")
    assert rendered(build(library, [DOC, SAMPLE], ["en", "fr"], workers=1, only=TWO)) == \
        {(SAMPLE, "fr", "leaflet"), (SAMPLE, "fr", "poster")}
    set_translation(catalog(library, "fr", "layouts"), "contact", "Des questions ? Appelez-nous", "Questions? Call us")
    assert rendered(build(library, [DOC, SAMPLE], ["en", "fr"], workers=1, only=TWO)) == \
        {(d, "fr", e) for d in (DOC, SAMPLE) for e in TWO}


def test_a_document_without_a_catalog_in_a_locale_says_to_run_update_po(scratch, monkeypatch, capsys):
    monkeypatch.chdir(scratch.root)
    shutil.copy(FIXTURE, scratch.document_file(SAMPLE))
    assert main(["--root", str(scratch.root), "build", "--langs", "fr", "--docs", SAMPLE, "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert f"locales/fr/LC_MESSAGES/{SAMPLE}.po: no catalog for {SAMPLE} in fr yet; run `make update-po`" in err
