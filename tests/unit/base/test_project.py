"""Documents and locales are found in the checkout; what LANGS and DOCS name must exist."""

from __future__ import annotations

import pytest

from pipeline.errors import LeafletError
from pipeline.project import Project


def make(tmp_path, documents=("muscle-twitching",), locales=("fr",)) -> Project:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "clinic.yaml").write_text("")
    (tmp_path / "sources" / "reviewers.yaml").write_text("")
    for document in documents:
        (tmp_path / "sources" / f"{document}.yaml").write_text("")
    for locale in locales:
        folder = tmp_path / "locales" / locale / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "layouts.po").write_text("")
    return Project(tmp_path)


def test_every_yaml_under_sources_but_the_clinics_own_is_a_document(tmp_path):
    project = make(tmp_path, ("muscle-twitching", "back-pain"))
    assert project.documents() == ["back-pain", "muscle-twitching"]
    assert project.select_documents("") == ["back-pain", "muscle-twitching"]
    assert project.select_documents("back-pain") == ["back-pain"]
    with pytest.raises(LeafletError, match="DOCS names nothing-here, which has no sources/<document>.yaml"):
        project.select_documents("nothing-here")


def test_paths_follow_the_document_and_the_domain(tmp_path):
    project = make(tmp_path)
    assert project.catalog("hi", "layouts") == tmp_path / "locales/hi/LC_MESSAGES/layouts.po"
    assert project.template("muscle-twitching") == tmp_path / "locales/muscle-twitching.pot"
    assert project.output_pdf("hi", "back-pain", "poster") == tmp_path / "output/hi/back-pain-poster.pdf"
    assert project.signoff_file("en", "layouts") == tmp_path / "locales/en/layouts.signoff"


def test_a_document_file_name_must_be_an_id(tmp_path):
    project = make(tmp_path, ("Back Pain",))
    with pytest.raises(LeafletError, match="'Back Pain.yaml' is not a document name"):
        project.documents()


def test_english_is_always_there_and_langs_is_checked(tmp_path):
    project = make(tmp_path, locales=("fr", "hi"))
    assert project.select_locales(None) == ["en", "fr", "hi"]
    assert project.select_locales("hi,en") == ["hi", "en"]
    with pytest.raises(LeafletError, match="LANGS names xx, which has no catalog; available: en fr hi"):
        project.select_locales("xx")


def test_an_english_catalog_folder_is_refused(tmp_path):
    project = make(tmp_path, locales=("en",))
    with pytest.raises(LeafletError, match="English is the source language"):
        project.translated_locales()


def test_a_folder_that_is_not_a_locale_id_is_named(tmp_path):
    project = make(tmp_path, locales=("french",))
    with pytest.raises(LeafletError, match="folder 'french' is not a locale identifier"):
        project.translated_locales()


def test_the_output_boundary_is_the_checkout_unless_the_output_is_chosen_elsewhere(tmp_path):
    assert Project(tmp_path).output_boundary == tmp_path
    assert Project(tmp_path, tmp_path / "output" / "release").output_boundary == tmp_path
    assert Project(tmp_path, tmp_path.parent / "elsewhere").output_boundary == tmp_path.parent / "elsewhere"
