"""The structured source: complete, faithful to the article, and strict about bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import LeafletError
from pipeline.source import load_clinic, load_document, parse_document

HERE = Path(__file__).parent

# Facts and terms of shared/seed/muscle-twitching-article.txt that the leaflet must keep.
ARTICLE_FACTS = [
    "fasciculations", "arms", "legs", "feet", "fingers", "hands", "head", "stomach", "eye muscles",
    "child", "fibres", "nerve", "lactic acid", "arms, legs and back", "nervous tics", "caffeine",
    "eyelids, calves and hands", "vitamin D", "vitamin B", "calcium", "Dehydration", "trunk",
    "nicotine", "tobacco", "eyelid", "corticosteroids", "oestrogen", "within a few days",
    "lower the dose", "Muscular dystrophies", "inherited", "face and neck", "hips and shoulders",
    "Lou Gehrig's disease", "amyotrophic lateral sclerosis", "Spinal muscular atrophy", "tongue",
    "Isaac's syndrome", "falling asleep", "Parkinson's disease", "Huntington's", "irritability",
    "apathy", "mania", "tenderness", "pain", "firm", "writer's cramp", "difficulty walking",
    "magnesium", "potassium", "B1, B5 or B6", "medical history", "electrolyte", "thyroid",
    "MRI scan", "CT scan", "electromyography", "long-term outlook", "no treatment",
    "opsoclonus-myoclonus", "chemotherapy and radiation", "adrenocorticotropic hormone",
    "epilepsy", "photosensitive seizures", "flickering", "whole grains", "carbohydrates",
    "chicken and tofu", "6-8 hours", "yoga", "meditation", "tai chi", "3 times a week",
    "therapist", "central nervous system", "stimulant",
]
DRUGS = ["betamethasone", "Celestone", "prednisone", "Rayos", "carisoprodol", "Soma", "cyclobenzaprine",
         "Amrix", "Xeomin", "Myobloc", "ACTH", "amphetamine"]


@pytest.fixture(scope="module")
def english(project) -> str:
    document = load_document(project.document_file)
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


def test_metadata_and_credit(project):
    meta = load_document(project.document_file).meta
    assert meta.id == "muscle-twitching" and meta.version
    assert meta.review_due > meta.published
    assert meta.credit.english.startswith("Adapted from 'Muscle twitching', Apollo Hospitals askapollo")


def test_every_text_has_a_unique_key_and_line(project):
    texts = list(load_document(project.document_file).texts())
    assert len({t.key for t in texts}) == len(texts)
    assert all(t.line > 0 for t in texts)
    assert all(t.max_chars for t in texts if t.key.startswith("poster."))


def test_clinic_branding_loads(project):
    clinic = load_clinic(project.clinic_file, project.layouts)
    assert clinic.name and clinic.phone and clinic.website.startswith("https://")
    assert (project.layouts / clinic.logo).is_file()


BAD_SOURCES = sorted((HERE / "bad-sources").glob("*.yaml"))


@pytest.mark.parametrize("path", BAD_SOURCES, ids=[p.stem for p in BAD_SOURCES])
def test_bad_source_is_refused_with_file_and_line(path):
    expected = path.read_text().splitlines()[0].removeprefix("# expect: ")
    with pytest.raises(LeafletError) as info:
        parse_document(path.read_text(), f"sources/{path.name}")
    assert expected in str(info.value)
