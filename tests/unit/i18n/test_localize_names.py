"""The names a localized document prints whole (LocalizedDocument.names): its medicines in English
and in the language, their brands, and the people and places the English source names."""

from __future__ import annotations

from testkit import localized


def test_names_are_the_medicines_brands_and_the_sources_proper_names(project):
    french = localized(project, "fr", english=True)
    names = set(french.names)
    assert {"prednisone", "amphetamine", "Celestone", "Myobloc"} <= names  # English names and brands
    assert {str(name.text) for name in french.content.names} <= names  # the translators' own words for them
    assert {"Huntington", "Parkinson"} <= names  # capitalised inside an English sentence
    assert not names & {"Muscle", "Most", "See", "Your"}  # a sentence's first word is not a name
    assert list(french.names) == sorted(french.names, key=lambda n: (-len(n), n))  # longest first
    # Without the English beside it, a translation still knows its medicines.
    assert {"prednisone", "Celestone"} <= set(localized(project, "fr").names)
