"""The publish gate: drafts are refused with every reason, a signed-off catalog is released."""

from __future__ import annotations

import datetime as dt

import polib
import pytest
from pypdf import PdfReader

from pipeline.catalogs import load_catalog, set_headers
from pipeline.cli import main
from pipeline.errors import LeafletError
from pipeline.signoff import signoff_date
from pipeline.source import load_document

from .conftest import set_translation


def run(scratch, *args) -> int:
    return main(["--root", str(scratch.root), *args])


def approve(scratch, locale: str, date: str = "2026-11-20") -> int:
    return run(scratch, "approve", locale, "--reviewer", "Dr Asha Rao", "--role",
               "Medical translator, Hindi (ITI member)" if locale != "en" else "General practitioner",
               "--date", date)


def text_of(pdf) -> str:
    return " ".join(" ".join((page.extract_text() or "") for page in PdfReader(pdf).pages).split())


def test_release_refuses_the_shipped_drafts_naming_every_reason(scratch, capsys):
    set_translation(scratch.catalog("es"), "risks.heading", "")
    po = polib.pofile(str(scratch.catalog("es")), wrapwidth=79)
    next(e for e in po if e.msgctxt == "poster.prevention.sleep").msgstr = "Duerma 7-8 horas al día"
    po.save()
    assert run(scratch, "release", "--langs", "en hi es") == 1
    err = capsys.readouterr().err
    assert "en: not ready to release" in err and "the English source has no clinician sign-off" in err
    hi = err[err.index("hi: not ready"):err.index("es: not ready")]
    assert "X-Review-Status is 'draft', not 'reviewed'" in hi and "X-Reviewer is empty" in hi
    assert "the English source it translates has no clinician sign-off" in hi
    es = err[err.index("es: not ready"):]
    assert "1 untranslated string(s)" in es
    assert "critical finding: " in es and "numbers [poster.prevention.sleep]" in es
    assert "release refused for 3 locale(s): en hi es" in err
    assert not list((scratch.output / "release").glob("*/*.pdf"))


def test_signed_off_catalog_is_released_with_its_signoff_date_and_source_version(scratch, capsys):
    assert approve(scratch, "en", "2026-11-19") == 0
    assert approve(scratch, "hi", "2026-11-21") == 0
    capsys.readouterr()
    assert run(scratch, "release", "--langs", "en hi", "-j", "1") == 0
    out = capsys.readouterr().out
    assert "Releasing 2 locale(s)" in out
    release = scratch.output / "release"
    version = load_document(scratch.document_file).meta.version
    leaflet = text_of(release / "hi" / "muscle-twitching-leaflet.pdf")
    assert "2026-11-21" in leaflet and "Dr Asha Rao" in leaflet and version in leaflet
    assert "not yet reviewed" not in leaflet
    assert version in text_of(release / "hi" / "muscle-twitching-poster.pdf")
    assert "2026-11-19" in text_of(release / "en" / "muscle-twitching-leaflet.pdf")
    index = (release / "index.html").read_text(encoding="utf-8")
    assert 'class="badge released"' in index and "signed off by Dr Asha Rao (Medical translator, Hindi (ITI member)) on 2026-11-21" in index
    assert not (scratch.output / "hi").exists(), "a release writes only into output/release/"


def test_approve_writes_the_review_headers_and_nothing_else(scratch):
    po = scratch.catalog("fr")
    before = po.read_text(encoding="utf-8").splitlines()
    assert approve(scratch, "fr") == 0
    after = po.read_text(encoding="utf-8").splitlines()
    changed = [line for line in after if line not in before]
    assert sorted(changed) == sorted([
        '"X-Review-Status: reviewed\\n"', '"X-Reviewer: Dr Asha Rao\\n"',
        '"X-Reviewer-Role: Medical translator, Hindi (ITI member)\\n"', '"X-Review-Date: 2026-11-20\\n"',
        next(line for line in after if line.startswith('"X-Review-Digest: sha256:'))])
    assert len(after) == len(before) + 1  # only the digest line is new
    catalog = load_catalog(po, "fr")
    assert catalog.header("X-Reviewer-Role") == "Medical translator, Hindi (ITI member)"


def test_a_change_after_signoff_undoes_it(scratch, capsys):
    assert approve(scratch, "en") == 0 and approve(scratch, "fr") == 0
    set_translation(scratch.catalog("fr"), "risks.heading", "Facteurs de risque connus")
    capsys.readouterr()
    assert run(scratch, "release", "--langs", "fr") == 1
    assert "the translation changed after the sign-off of 2026-11-20" in capsys.readouterr().err


def test_a_change_after_signoff_prints_the_draft_mark_again(scratch):
    """`make` must not print an edited translation as reviewed: the digest no longer matches."""
    from pipeline.localize import localize
    assert approve(scratch, "en") == 0 and approve(scratch, "fr") == 0
    document = load_document(scratch.document_file)
    assert not localize(document, load_catalog(scratch.catalog("fr"), "fr"), "fr").review.is_draft
    set_translation(scratch.catalog("fr"), "risks.heading", "Facteurs de risque connus")
    assert localize(document, load_catalog(scratch.catalog("fr"), "fr"), "fr").review.is_draft


def test_approve_refuses_a_catalog_that_is_not_otherwise_ready(scratch, capsys):
    po = polib.pofile(str(scratch.catalog("ta")), wrapwidth=79)
    next(e for e in po if e.msgctxt == "about.heading").flags.append("fuzzy")
    po.save()
    assert approve(scratch, "ta") == 1
    err = capsys.readouterr().err
    assert "ta cannot be signed off yet" in err and "1 fuzzy string(s)" in err
    assert load_catalog(scratch.catalog("ta"), "ta").header("X-Review-Status") == "draft"


def test_update_po_returns_a_signed_off_catalog_to_draft_when_the_english_changes(scratch, capsys):
    assert approve(scratch, "es") == 0
    source = scratch.document_file
    source.write_text(source.read_text().replace("subtitle: What it is, common causes",
                                                 "subtitle: What it is, the common causes"))
    assert run(scratch, "pot") == 0 and run(scratch, "update-po", "--langs", "es") == 0
    assert "X-Review-Status is back to draft" in capsys.readouterr().out
    catalog = load_catalog(scratch.catalog("es"), "es")
    assert catalog.header("X-Review-Status") == "draft" and catalog.header("X-Reviewer") == "Dr Asha Rao"


def test_set_headers_wraps_long_values_and_adds_missing_fields(tmp_path, project):
    po = tmp_path / "x.po"
    po.write_text(project.catalog("hi").read_text(encoding="utf-8"), encoding="utf-8")
    role = "Medical translator and reviewer, Hindi, member of the Institute of Translation and Interpreting"
    set_headers(po, {"X-Reviewer-Role": role, "X-Extra": 'say "hi"'})
    catalog = load_catalog(po, "hi")
    assert catalog.header("X-Reviewer-Role") == role and catalog.header("X-Extra") == 'say "hi"'
    assert max(len(line) for line in po.read_text(encoding="utf-8").splitlines()[:40]) <= 79
    with pytest.raises(LeafletError, match="one line of text"):
        set_headers(po, {"X-Reviewer": "a\nb"})


def test_signoff_dates_are_checked():
    today = dt.date(2026, 11, 26)
    assert signoff_date(None, today) == "2026-11-26"
    assert signoff_date("2026-11-01", today) == "2026-11-01"
    with pytest.raises(LeafletError, match="in the future"):
        signoff_date("2026-12-01", today)
    with pytest.raises(LeafletError, match="YYYY-MM-DD"):
        signoff_date("26/11/2026", today)
