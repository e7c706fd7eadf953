"""Catalogs as translators meet them: templates, headers, merges, the translation memory,
a new language, and GNU msgfmt as the outside judge."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from pipeline.cli import main
from pipeline.i18n.catalogs import MEMORY_NOTE, update_catalog
from pipeline.i18n.extract import (
    creation_time,
    document_template,
    layout_strings,
    layouts_template,
    same_apart_from_date,
)
from pipeline.i18n.plurals import cldr_plural_forms
from pipeline.model.source import load_document
from testkit import DOC, ROOT, TRANSLATED, catalog


def templates(project) -> dict[str, bytes]:
    strings = layout_strings(project.root, project.root / "babel.cfg")
    now = creation_time()
    return {DOC: document_template(load_document(project.document_file(DOC), project.root), now),
            "layouts": layouts_template(strings, "1.0.0", now)}


def test_committed_templates_are_up_to_date(project):
    for domain, data in templates(project).items():
        assert same_apart_from_date(project.template(domain).read_bytes(), data), \
            f"locales/{domain}.pot is stale: run `make pot` and commit it"


def test_templates_are_byte_stable(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764115200")
    assert templates(project) == templates(project)


def test_templates_carry_context_notes_limits_and_references(project):
    pot = polib.pofile(str(project.template(DOC)))
    headline = pot.find("Muscle twitching is usually harmless", msgctxt="poster.headline")
    assert headline is not None
    assert "Length limit: 60 characters (poster)." in headline.comment
    assert headline.occurrences[0][0] == "sources/muscle-twitching.yaml"
    surgery = next(e for e in pot if e.msgctxt == "treatment.surgery.tumours.text")
    assert "%(prednisone)s" in surgery.msgid and "Keep %(acth)s, %(prednisone)s" in surgery.comment
    layouts = polib.pofile(str(project.template("layouts")))
    page = layouts.find("Page %(page)s of %(pages)s", msgctxt="footer")
    assert page is not None and "python-format" in page.flags and "Page 2 of 6" in page.comment
    assert layouts.find("Questions? Call us", msgctxt="contact") is not None
    assert not any(e.msgctxt.startswith("poster.") for e in layouts), "a document's text in the shared catalog"
    assert not pot.find("Questions? Call us", msgctxt="contact"), "a layout word in a document's catalog"


def test_pybabel_extract_uses_the_registered_extractor(tmp_path):
    pybabel = Path(sys.executable).with_name("pybabel")
    out = tmp_path / "x.pot"
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", "-c", "Translators:", "-o", str(out), "."],
                   cwd=ROOT, check=True)
    pot = polib.pofile(str(out))
    assert pot.find("Muscle twitching is usually harmless", msgctxt="poster.headline") is not None
    assert pot.find("Brand name", msgctxt="drug table") is not None
    assert pot.find("prednisone", msgctxt="term.prednisone") is not None


@pytest.mark.parametrize("domain", [DOC, "layouts"])
@pytest.mark.parametrize("locale", TRANSLATED)
def test_shipped_catalog_passes_msgfmt_check(project, locale, domain):
    result = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(catalog(project, locale, domain))],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stderr, result.stderr


@pytest.mark.parametrize("domain", [DOC, "layouts"])
@pytest.mark.parametrize("locale", TRANSLATED)
def test_shipped_catalog_headers_are_complete_and_follow_cldr(project, locale, domain):
    po = polib.pofile(str(catalog(project, locale, domain)))
    for header in ("Language", "Plural-Forms", "Language-Team", "Content-Type", "Last-Translator"):
        assert po.metadata.get(header), header
    assert po.metadata["Language"] == locale
    assert po.metadata["Plural-Forms"] == cldr_plural_forms(locale)
    assert not [h for h in po.metadata if h.startswith("X-Review")], "review status lives in signed sign-offs"
    assert "A draft until a qualified medical translator signs it off" in po.header


def test_update_po_marks_changed_english_fuzzy_and_keeps_translations(scratch):
    source = scratch.document_file(DOC)
    text = source.read_text()
    text = text.replace("title:\n    text: Muscle twitching\n", "title:\n    text: Muscle twitches\n")
    text = text.replace("      - id: unnoticed\n", "      - id: brand-new\n        p: A new paragraph.\n"
                        "      - id: unnoticed\n")
    text = text.replace("        - {id: stress, text: Manage stress, max: 40}\n", "")
    source.write_text(text)
    assert main(["--root", str(scratch.root), "pot"]) == 0
    assert main(["--root", str(scratch.root), "update-po", "--langs", "fr"]) == 0
    po = polib.pofile(str(catalog(scratch, "fr")))
    changed = po.find("Muscle twitches", msgctxt="document.title")
    assert changed is not None and "fuzzy" in changed.flags
    assert changed.previous_msgid == "Muscle twitching" and changed.msgstr
    new = po.find("A new paragraph.", msgctxt="about.brand-new")
    assert new is not None and new.msgstr == ""
    removed = [e for e in po.obsolete_entries() if e.msgctxt == "poster.prevention.stress"]
    assert removed and removed[0].msgstr, "a removed string must be kept as obsolete (#~)"
    kept = po.find("Muscle twitching is usually harmless", msgctxt="poster.headline")
    assert kept.msgstr and "fuzzy" not in kept.flags
    # Merging again changes nothing: no noise diff for translators.
    result = update_catalog(catalog(scratch, "fr"), scratch.template(DOC), "fr", scratch.root,
                            [catalog(scratch, "fr", "layouts")])
    assert result.changed is False


def test_the_translation_memory_offers_what_another_catalog_translates(scratch, capsys):
    """A new string whose English the locale's other catalogs already translate arrives filled
    in, fuzzy, with the English it came from and a note; the stats count it."""
    source = scratch.document_file(DOC)
    source.write_text(source.read_text().replace(
        "      - id: unnoticed\n", "      - id: call\n        p: Questions? Call us\n      - id: unnoticed\n"))
    assert main(["--root", str(scratch.root), "pot"]) == 0
    assert main(["--root", str(scratch.root), "update-po", "--langs", "es"]) == 0
    assert "1 string(s) from the translation memory, fuzzy" in capsys.readouterr().out
    po = polib.pofile(str(catalog(scratch, "es")))
    entry = po.find("Questions? Call us", msgctxt="about.call")
    layouts = polib.pofile(str(catalog(scratch, "es", "layouts"))).find("Questions? Call us", msgctxt="contact")
    assert entry.msgstr == layouts.msgstr and "fuzzy" in entry.flags and MEMORY_NOTE in entry.tcomment
    assert main(["--root", str(scratch.root), "stats", "--json", "--langs", "es"]) == 0
    import json
    (row,) = json.loads(capsys.readouterr().out)
    assert row["from_memory"] == 1 and row["fuzzy"] == 1


def test_new_locale_starts_every_catalog_with_cldr_headers(scratch, capsys):
    assert main(["--root", str(scratch.root), "new-locale", "pt_BR"]) == 0
    for domain in ("layouts", DOC):
        po = polib.pofile(str(catalog(scratch, "pt_BR", domain)))
        assert po.metadata["Language"] == "pt_BR" and po.metadata["Plural-Forms"] == cldr_plural_forms("pt_BR")
        assert len(po) > 10 and not po.translated_entries()
    assert main(["--root", str(scratch.root), "new-locale", "pt_BR"]) == 1
    assert "the language has catalogs already" in capsys.readouterr().err


@pytest.mark.parametrize("locale, message", [
    ("en", "English is the source language"), ("qq", "'qq' is not a locale CLDR knows"),
    ("zh_hans", "write the locale as CLDR does: 'zh_Hans'"),
])
def test_new_locale_refuses_what_is_not_a_new_language(scratch, capsys, locale, message):
    assert main(["--root", str(scratch.root), "new-locale", locale]) == 1
    assert message in capsys.readouterr().err
