"""The structured source: complete, faithful to the article, and strict about bad input."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from pipeline.errors import LeafletError
from pipeline.model.clinic import load_clinic
from pipeline.model.document import content_digest
from pipeline.model.source import load_document, parse_document
from testkit import DOC

HERE = Path(__file__).parent

# Facts and terms of the article (sources/coverage/muscle-twitching-article.txt) that the leaflet
# must keep, in the plain words it says them with (the coverage map, tests/unit/model/test_coverage.py,
# checks every statement; this list spot-checks the words a patient looks for).
ARTICLE_FACTS = [
    "fasciculations", "arms", "legs", "feet", "fingers", "hands", "head", "stomach", "eye muscles",
    "child", "fibres", "nerve", "lactic acid", "arms, legs and back", "nervous tics", "caffeine",
    "eyelids, calves and hands", "vitamin D", "vitamin B", "calcium", "Dehydration", "trunk",
    "nicotine", "tobacco", "eyelid", "corticosteroids", "oestrogen", "within a few days",
    "lower the dose", "Muscular dystrophies", "inherited", "face and neck", "hips and shoulders",
    "Lou Gehrig's disease", "amyotrophic lateral sclerosis", "Spinal muscular atrophy", "tongue",
    "syndrome", "fall asleep", "Parkinson's disease", "Huntington's", "irritability",
    "apathy", "mania", "tender", "pain", "firm", "writer's cramp", "trouble walking",
    "magnesium", "potassium", "B1, B5 or B6", "past health", "electrolyte", "thyroid",
    "MRI scan", "CT scan", "electromyography", "long-term outlook", "no treatment",
    "opsoclonus-myoclonus", "(chemotherapy) and with radiation", "adrenocorticotropic hormone",
    "epilepsy", "photosensitive seizures", "flickering", "whole grains", "carbohydrates",
    "chicken and tofu", "6-8 hours", "yoga", "meditation", "tai chi", "3 times a week",
    "therapist", "central nervous system", "stimulant", "chronic or persistent",
    "at least 6-8 hours of undisturbed sleep", "Isaacs' syndrome",
]
DRUGS = ["betamethasone", "Celestone", "prednisone", "Rayos", "carisoprodol", "Soma", "cyclobenzaprine",
         "Amrix", "Xeomin", "Myobloc", "ACTH", "amphetamine"]


@pytest.fixture(scope="module")
def document(project):
    return load_document(project.document_file(DOC), project.root)


@pytest.fixture(scope="module")
def english(document) -> str:
    texts = [t.english % dict(document.terms) for t in document.texts()]
    table = [f"{m.generic} {m.brand}" for s in document.sections for b in s.blocks
             if b.kind == "drugs" for r in b.rows for m in r.medicines]
    return "\n".join(texts + table + [v for _, v in document.terms])


@pytest.mark.parametrize("fact", ARTICLE_FACTS + DRUGS)
def test_every_fact_of_the_article_is_in_the_english_source(english, fact):
    assert fact.lower() in english.lower()


def test_no_web_debris_or_ampersands(english):
    for debris in ("&", "id=", "class=", "Book ProHealth", "Request A Call Back", "ticks"):
        assert debris not in english


def test_metadata_and_credit(document):
    meta = document.meta
    assert meta.id == DOC and meta.version
    assert meta.created <= meta.published < meta.review_due
    assert meta.credit.english.startswith("Adapted from 'Muscle twitching', Apollo Hospitals askapollo")


def test_every_text_has_a_unique_key_and_line(document):
    texts = list(document.texts())
    assert len({t.key for t in texts}) == len(texts)
    assert all(t.line > 0 for t in texts)
    assert all(t.max_chars for t in texts if t.key.startswith("poster."))


def test_the_content_digest_changes_with_every_printed_word_and_nothing_else(project, scratch):
    path = scratch.document_file(DOC)
    before = content_digest(load_document(path, scratch.root))
    assert before == content_digest(load_document(project.document_file(DOC), project.root))
    text = path.read_text()
    path.write_text(text.replace("  title:\n    text: Muscle twitching\n    note: ",
                                 "  title:\n    text: Muscle twitching\n    note: Changed note. "))
    assert content_digest(load_document(path, scratch.root)) == before, "a translator's note is not printed"
    path.write_text(text.replace("usually harmless", "always harmless", 1))
    assert content_digest(load_document(path, scratch.root)) != before
    path.write_text(text.replace('version: "1.0.0"', 'version: "1.0.1"'))
    assert content_digest(load_document(path, scratch.root)) != before


def test_clinic_branding_loads(project):
    clinic = load_clinic(project.clinic_file, project.layouts, project.root)
    assert clinic.name and clinic.phone and clinic.website.startswith("https://")
    assert (project.layouts / clinic.logo).is_file()


BAD_SOURCES = sorted((HERE / "bad-sources").glob("*.yaml"))


@pytest.mark.parametrize("path", BAD_SOURCES, ids=[p.stem for p in BAD_SOURCES])
def test_bad_source_is_refused_with_file_and_line(path):
    expected = path.read_text().splitlines()[0].removeprefix("# expect: ")
    started = time.perf_counter()
    with pytest.raises(LeafletError) as info:
        parse_document(path.read_text(), f"sources/{path.name}")
    assert expected in str(info.value)
    assert time.perf_counter() - started < 5, "refused at once, not after expanding anything"


def test_a_document_must_be_named_like_its_file(scratch):
    path = scratch.document_file(DOC)
    path.write_text(path.read_text().replace(f"  id: {DOC}\n", "  id: another-id\n"))
    with pytest.raises(LeafletError, match="document.id is 'another-id' but the file is muscle-twitching.yaml"):
        load_document(path, scratch.root)


@pytest.mark.parametrize("field, value, problem", [
    ("name", "Riverside <b>Health</b>", "write plain text without '<' or '>'"),
    ("phone", "020 7946 \u202e0321", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("phone", "020\u200b7946 0321", "U+200B ZERO WIDTH SPACE"),
])
def test_markup_and_invisible_characters_in_the_clinic_file_are_refused(scratch, field, value, problem):
    text = scratch.clinic_file.read_text()
    scratch.clinic_file.write_text(re.sub(rf"(?m)^{field}: .*$", f'{field}: "{value}"', text))
    with pytest.raises(LeafletError) as info:
        load_clinic(scratch.clinic_file, scratch.layouts, scratch.root)
    assert re.search(rf"clinic\.yaml:\d+: {field}: ", str(info.value)) and problem in str(info.value)


def test_an_address_line_with_markup_is_refused(scratch):
    text = scratch.clinic_file.read_text().replace("  - 14 Mill Lane", "  - 14 Mill Lane <script>")
    scratch.clinic_file.write_text(text)
    with pytest.raises(LeafletError, match=r"clinic\.yaml:\d+: address: write plain text"):
        load_clinic(scratch.clinic_file, scratch.layouts, scratch.root)


@pytest.mark.parametrize("pattern, problem", [
    ("http://riverside-health.example/{locale}", "must be an https:// address"),
    ("https://riverside-health.example/leaflets", "must contain {locale} or {lang}"),
    ("https://riverside-health.example/{locale}/{user}", "unknown field {user}"),
    ('https://riverside-health.example/{locale}"><script>', "must be an https:// address"),
    ("https://riverside-health.example/{locale}/" + "x" * 5000, "at most 160"),
])
def test_bad_leaflet_url_is_refused_with_its_line(scratch, pattern, problem):
    text = scratch.clinic_file.read_text()
    scratch.clinic_file.write_text(re.sub(r"leaflet_url: .*", f"leaflet_url: '{pattern}'", text))
    with pytest.raises(LeafletError) as info:
        load_clinic(scratch.clinic_file, scratch.layouts, scratch.root)
    assert re.search(r"clinic\.yaml:\d+: leaflet_url: ", str(info.value)) and problem in str(info.value)


def test_yaml_alias_fan_out_in_the_clinic_file_is_refused_at_once(scratch):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(8))
    scratch.clinic_file.write_text(bomb + scratch.clinic_file.read_text())
    started = time.perf_counter()
    with pytest.raises(LeafletError, match=r"clinic\.yaml:2: not valid YAML: YAML aliases"):
        load_clinic(scratch.clinic_file, scratch.layouts, scratch.root)
    assert time.perf_counter() - started < 2


def test_key_points_are_texts_of_their_own_for_page_one(document):
    points = document.key_points
    assert points is not None and points.heading.key == "key_points.heading"
    assert [t.key for t in points.items] == ["key_points.harmless", "key_points.causes", "key_points.doctor",
                                             "key_points.helps"]
    keys = [t.key for t in document.texts()]
    assert keys.index("key_points.heading") < keys.index("about.heading"), "extracted before the first section"


def test_every_medicine_name_gets_a_local_form_for_translators_and_no_brand_does(document):
    """term.<id> for each `terms` value and each generic name of the drug table, once; the
    English name is its msgid, and a note tells translators what to write."""
    table = [m for s in document.sections for b in s.blocks if b.kind == "drugs" for r in b.rows for m in r.medicines]
    names = {n.english: n.text for n in document.names}
    assert set(names) == {m.generic for m in table} | {value for _, value in document.terms}
    assert names["prednisone"].key == "term.prednisone" and names["incobotulinumtoxinA"].key == "term.incobotulinumtoxina"
    assert all(t.english == english and "pharmacist" in t.note for english, t in names.items())
    assert not {m.brand for m in table} & set(names), "brand names never change"
    assert document.local_name("prednisone") is names["prednisone"] and document.local_name("Rayos") == "Rayos"


def test_the_issue_11_corrections_are_in_the_english(english, document):
    """Advice the article does not give is gone; its own words are back (issue #11)."""
    poster = " ".join(t.english for t in document.poster.groups[-1].items)
    assert "walking" not in poster and "grasping" not in poster, "not a reason the article gives to see a doctor"
    assert "harmless causes" not in english.lower(), "the article calls the causes minor, not harmless"
    assert "Isaac's" not in english
