"""Catalogs: extraction, headers, merges, the outside judge (msgfmt -c), and bad catalogs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from pipeline import extract
from pipeline.catalogs import load_catalog, update_catalog
from pipeline.cli import main
from pipeline.errors import LeafletError
from pipeline.source import load_document

from .conftest import ROOT, TRANSLATED

HERE = Path(__file__).parent


def pot_bytes(project) -> bytes:
    document = load_document(project.document_file)
    return extract.build_template(project.root, project.root / "babel.cfg", document,
                                  extract.creation_time())


def test_committed_template_is_up_to_date(project):
    assert extract.same_apart_from_date(project.template.read_bytes(), pot_bytes(project)), \
        "locales/muscle-twitching.pot is stale: run `make pot` and commit it"


def test_template_is_byte_stable(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764115200")
    assert pot_bytes(project) == pot_bytes(project)


def test_template_carries_context_notes_limits_and_references(project):
    pot = polib.pofile(str(project.template))
    headline = pot.find("Muscle twitching is usually harmless", msgctxt="poster.headline")
    assert headline is not None
    assert "Length limit: 60 characters (poster)." in headline.comment
    assert headline.occurrences[0][0] == "sources/muscle-twitching.yaml"
    page = pot.find("Page %(page)s of %(pages)s", msgctxt="footer")
    assert page is not None and "python-format" in page.flags
    assert pot.find("Questions? Call us", msgctxt="contact") is not None
    surgery = next(e for e in pot if e.msgctxt == "treatment.surgery.tumours.text")
    assert "%(prednisone)s" in surgery.msgid and "Keep %(acth)s, %(prednisone)s" in surgery.comment


def test_pybabel_extract_uses_the_registered_extractor(tmp_path):
    pybabel = Path(sys.executable).with_name("pybabel")
    out = tmp_path / "x.pot"
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", "-c", "Translators:", "-o", str(out), "."],
                   cwd=ROOT, check=True)
    pot = polib.pofile(str(out))
    assert pot.find("Muscle twitching is usually harmless", msgctxt="poster.headline") is not None
    assert pot.find("Type of medicine", msgctxt="drug table") is not None


@pytest.mark.parametrize("locale", TRANSLATED)
def test_shipped_catalog_passes_msgfmt_check(project, locale):
    result = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(project.catalog(locale))],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stderr, result.stderr


@pytest.mark.parametrize("locale", TRANSLATED)
def test_shipped_catalog_headers_are_complete_and_honest(project, locale):
    catalog = load_catalog(project.catalog(locale), locale)
    for header in ("Language", "Plural-Forms", "Language-Team", "Content-Type", "Last-Translator"):
        assert catalog.header(header), header
    assert catalog.header("Language") == locale
    assert catalog.header("X-Review-Status") == "draft"
    assert not catalog.header("X-Reviewer")
    assert "not yet reviewed by a qualified medical translator" in project.catalog(locale).read_text()


def test_update_po_marks_changed_english_fuzzy_and_keeps_translations(scratch):
    source = scratch.document_file
    text = source.read_text()
    text = text.replace("title:\n    text: Muscle twitching\n", "title:\n    text: Muscle twitches\n")
    text = text.replace("      - id: unnoticed\n", "      - id: brand-new\n        p: A new paragraph.\n"
                        "      - id: unnoticed\n")
    text = text.replace("        - {id: stress, text: Manage stress, max: 40}\n", "")
    source.write_text(text)
    assert main(["--root", str(scratch.root), "pot"]) == 0
    assert main(["--root", str(scratch.root), "update-po", "--langs", "fr"]) == 0
    po = polib.pofile(str(scratch.catalog("fr")))
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
    assert update_catalog(scratch.catalog("fr"), scratch.template).changed is False


BAD_CATALOGS = sorted((HERE / "bad-catalogs").glob("*.po"))


@pytest.mark.parametrize("path", BAD_CATALOGS, ids=[p.stem for p in BAD_CATALOGS])
def test_bad_catalog_gets_file_line_and_specific_message(tmp_path, path):
    """Each file's first line says what to expect: `# expect <locale>:<line>: <message>`."""
    first = path.read_bytes().split(b"\n", 1)[0].decode()
    where, expected = first.removeprefix("# expect ").split(": ", 1)
    locale, line = where.split(":")
    target = tmp_path / "locales" / locale / "LC_MESSAGES" / "muscle-twitching.po"
    target.parent.mkdir(parents=True)
    shutil.copy(path, target)
    with pytest.raises(LeafletError) as info:
        load_catalog(target, locale)
    assert (info.value.line, info.value.path) == (int(line), str(target))
    assert expected in info.value.message


@pytest.mark.parametrize("path", BAD_CATALOGS[:3], ids=[p.stem for p in BAD_CATALOGS[:3]])
def test_check_reports_a_bad_catalog_as_critical_and_goes_on(scratch, capsys, path):
    locale = path.read_bytes().split(b"\n", 1)[0].decode().removeprefix("# expect ").split(":")[0]
    shutil.copy(path, scratch.catalog(locale))
    assert main(["--root", str(scratch.root), "check", "--no-render", "--langs", f"{locale} ta"]) == 1
    out = capsys.readouterr().out
    assert f"locales/{locale}/LC_MESSAGES/muscle-twitching.po:" in out and "critical: catalog" in out
    assert "ta       0 critical" in out
