"""Incremental, reproducible builds: which jobs run after which change, and what is left behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from pipeline.builder import TEMP_PREFIX, build, build_lock
from pipeline.errors import LeafletError
from pipeline.project import Project
from testkit import DOC, catalog, pdf, set_translation

TWO = ("leaflet", "poster")  # two editions are enough to show the logic, and faster


def rendered(summary) -> set[tuple[str, str]]:
    assert summary.ok, [o.message for o in summary.failed] + [f.message for f in summary.failures]
    return {(o.job.locale, o.job.edition.name) for o in summary.outcomes}


def snapshot(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def built_scratch(scratch):
    first = build(scratch, [DOC], ["en", "fr"], workers=1, only=TWO)
    assert rendered(first) == {("en", "leaflet"), ("en", "poster"), ("fr", "leaflet"), ("fr", "poster")}
    return scratch


def test_nothing_changed_renders_nothing_and_writes_no_file(built_scratch):
    before = snapshot(built_scratch.output)
    again = build(built_scratch, [DOC], ["en", "fr"], workers=1, only=TWO)
    assert rendered(again) == set() and len(again.skipped) == 4
    assert snapshot(built_scratch.output) == before


def test_editing_one_catalog_renders_only_that_locale(built_scratch):
    set_translation(catalog(built_scratch, "fr"), "poster.lead", "La plupart des secousses passent toutes seules.")
    assert rendered(build(built_scratch, [DOC], ["en", "fr"], workers=1, only=TWO)) == {("fr", "leaflet"), ("fr", "poster")}


def test_editing_a_layout_renders_only_the_editions_that_use_it(built_scratch):
    css = built_scratch.layouts / "leaflet.css"
    css.write_text(css.read_text() + "\n/* a print-shop tweak */\n")
    assert rendered(build(built_scratch, [DOC], ["en", "fr"], workers=1, only=TWO)) == {("en", "leaflet"), ("fr", "leaflet")}


def test_editing_the_clinic_file_renders_everything(built_scratch):
    clinic = built_scratch.clinic_file
    clinic.write_text(clinic.read_text().replace("020 7946 0321", "020 7946 0999"))
    assert len(rendered(build(built_scratch, [DOC], ["en", "fr"], workers=1, only=TWO))) == 4


def test_a_removed_or_replaced_pdf_is_rebuilt(built_scratch):
    pdf(built_scratch, "fr", "poster").unlink()
    pdf(built_scratch, "en", "leaflet").write_bytes(b"%PDF-1.7 not ours")
    assert rendered(build(built_scratch, [DOC], ["en", "fr"], workers=1, only=TWO)) == {("fr", "poster"), ("en", "leaflet")}


def test_two_clean_builds_are_byte_identical(scratch, tmp_path):
    first = Project(scratch.root, tmp_path / "one")
    second = Project(scratch.root, tmp_path / "two")
    rendered(build(first, [DOC], ["hi"], workers=2, only=TWO))
    rendered(build(second, [DOC], ["hi"], workers=1, only=TWO))
    for edition in ("leaflet", "poster"):
        assert pdf(first, "hi", edition).read_bytes() == pdf(second, "hi", edition).read_bytes()


def temp_folders() -> set[Path]:
    """This process's build folders (other builds on the machine may have their own)."""
    return set(Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}{os.getpid()}-*"))


def test_temporary_folders_are_removed_after_success_and_failure(scratch):
    before = temp_folders()
    assert before == set()
    rendered(build(scratch, [DOC], ["ta"], workers=2, only=TWO))
    assert temp_folders() == before
    (scratch.layouts / "poster.html.j2").write_text("{{ undefined_name }}")
    failing = build(scratch, [DOC], ["ta"], workers=2, force=True, only=TWO)
    assert not failing.ok and temp_folders() == before


def test_a_second_build_in_the_same_folder_is_refused(scratch):
    with build_lock(scratch):
        with pytest.raises(LeafletError, match="another build is writing to this folder"):
            build(scratch, [DOC], ["en"], workers=1, only=TWO)


def test_editing_the_shared_layouts_catalog_renders_that_locales_leaflets(built_scratch):
    set_translation(catalog(built_scratch, "fr", "layouts"), "contact", "Des questions ? Téléphonez-nous",
                    "Questions? Call us")
    assert rendered(build(built_scratch, [DOC], ["en", "fr"], workers=1, only=TWO)) == \
        {("fr", "leaflet"), ("fr", "poster")}


def test_editing_a_locales_terminology_or_list_of_words_renders_that_locale(built_scratch):
    """Their words are kept whole where Chinese lines break (builder.lexicon_of): inputs of the
    locale's jobs, as its catalogs are."""
    built_scratch.words_file("fr").write_text("# no word yet\n", encoding="utf-8")
    assert rendered(build(built_scratch, [DOC], ["en", "fr"], workers=1, only=TWO)) == \
        {("fr", "leaflet"), ("fr", "poster")}
    tbx = built_scratch.terminology_file("fr")
    tbx.write_text(tbx.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert rendered(build(built_scratch, [DOC], ["en", "fr"], workers=1, only=TWO)) == \
        {("fr", "leaflet"), ("fr", "poster")}


def test_a_chinese_word_added_to_the_list_changes_only_where_lines_break(scratch):
    """A word added to words.txt is kept whole in the next build (the PDF changes); the same
    inputs make the same bytes again (the lexicon's tokenizer is made the same way every time)."""
    words = scratch.words_file("zh_Hans")
    words.write_text("", encoding="utf-8")
    only = ("leaflet-bilingual",)
    build(scratch, [DOC], ["zh_Hans"], workers=1, only=only)
    before = pdf(scratch, "zh_Hans", "leaflet-bilingual").read_bytes()
    words.write_text("肌阵挛\n眼阵挛\n皮质类固醇\n促肾上腺皮质激素\n", encoding="utf-8")
    assert rendered(build(scratch, [DOC], ["zh_Hans"], workers=1, only=only)) == {("zh_Hans", "leaflet-bilingual")}
    after = pdf(scratch, "zh_Hans", "leaflet-bilingual").read_bytes()
    assert after != before
    pdf(scratch, "zh_Hans", "leaflet-bilingual").unlink()
    build(scratch, [DOC], ["zh_Hans"], workers=2, only=only)
    assert pdf(scratch, "zh_Hans", "leaflet-bilingual").read_bytes() == after


def test_a_signoff_appearing_renders_what_it_covers_again(built_scratch):
    built_scratch.signoff_file("fr", DOC).parent.mkdir(parents=True, exist_ok=True)
    built_scratch.signoff_file("fr", DOC).write_text("not even a sign-off\n")
    again = build(built_scratch, [DOC], ["en", "fr"], workers=1, only=TWO)
    assert rendered(again) == {("fr", "leaflet"), ("fr", "poster")}
    assert all(o.draft for o in again.outcomes), "a malformed sign-off leaves the leaflet a draft"
