"""Which editions each locale gets, and on which paper."""

from __future__ import annotations

import pytest

from pipeline.render.editions import ALL_EDITIONS, default_paper_set, edition_named, editions_for
from testkit import TRANSLATED


def test_every_locale_gets_every_edition_and_translations_a_bilingual_one():
    names = {e.name for e in ALL_EDITIONS}
    assert names == {"leaflet", "poster", "poster-print", "leaflet-large-print", "leaflet-letter",
                     "poster-tabloid", "leaflet-bilingual"}
    assert {e.name for e in editions_for("en")} == names - {"leaflet-bilingual"}
    for locale in TRANSLATED:
        assert editions_for(locale) == ALL_EDITIONS


def test_each_edition_names_its_template_and_stylesheets():
    assert edition_named("leaflet-large-print").stylesheets == ("common.css", "leaflet.css", "large-print.css")
    assert edition_named("poster-print").stylesheets == ("common.css", "poster.css", "poster-print.css")
    assert edition_named("leaflet-bilingual").template == "bilingual.html.j2"


@pytest.mark.parametrize("locale, clinic_territory, setting, expected", [
    ("en", "GB", "auto", "a4"), ("hi", "GB", "auto", "a4"), ("es_MX", "GB", "auto", "letter"),
    ("fr_CA", "GB", "auto", "letter"), ("es", "US", "auto", "letter"), ("fr", "FR", "letter", "letter"),
    ("es_MX", "US", "a4", "a4"), ("en_PH", "GB", "auto", "letter"),
])
def test_paper_follows_the_setting_then_the_locale_then_the_clinic(locale, clinic_territory, setting, expected):
    assert default_paper_set(locale, clinic_territory, setting) == expected
