"""Sweeps over all of CLDR's languages (some 1,000 locales, half a second each sweep): every
script a shipped font prints has its own typographic settings, every plural rule its gettext
expression. Out of the unit tier, which stays within seconds (`make test-fast`); the unit tests
check the supported languages one by one."""

from __future__ import annotations

import pickle

import babel.localedata
from babel import Locale

from pipeline.errors import LeafletError
from pipeline.i18n.exemplars import DATA, exemplars
from pipeline.i18n.plurals import _TAGS, SAMPLE_NUMBERS, cldr_plural_forms, parse_plural_forms
from pipeline.i18n.scripts import script_settings
from pipeline.render.fonts import choose_fonts
from testkit import ROOT

LAYOUTS = ROOT / "layouts"


def test_every_script_a_shipped_font_prints_a_language_in_has_its_own_settings():
    """Over every language CLDR lists letters for: where the fonts draw them, the script they are
    printed as has an entry in scripts.yaml (line heights, headline letter, line breaking...)."""
    import json

    from babel import UnknownLocaleError

    scripts = set()
    for cldr in json.loads(DATA.read_text(encoding="utf-8"))["locales"]:
        locale = cldr.replace("-", "_")
        try:
            exemplars(locale)
            scripts.add(choose_fonts(LAYOUTS, locale).script)
        except (LeafletError, UnknownLocaleError, ValueError):
            continue  # no font draws it, or Babel's CLDR does not know the locale
    assert {"Latn", "Cyrl", "Grek", "Deva", "Beng", "Arab", "Aran", "Ethi", "Mymr", "Hans", "Hant", "Jpan", "Kore"} <= scripts
    assert not [s for s in scripts if not script_settings(s).explicit]


def test_every_cldr_plural_rule_gets_an_expression_that_agrees_with_cldr_on_whole_numbers():
    """Each distinct rule of CLDR's 1,000-odd locales once (many locales share a rule). A locale
    that states no rule of its own inherits its parent's, so reading each locale's own data file
    (not merged with its parents') finds every rule in half the time. Read past Babel's loader,
    whose cache would keep the unmerged data for every later test."""
    rules = {}
    for name in babel.localedata.locale_identifiers():
        with open(babel.localedata.resolve_locale_filename(name), "rb") as file:
            own = pickle.load(file).get("plural_form")
        if own is not None and repr(own.abstract) not in rules:
            rules[repr(own.abstract)] = Locale.parse(name)
    checked = 0
    for locale in rules.values():
        rule = locale.plural_form
        tags = [t for t in _TAGS if t in rule.tags | {"other"}]
        count, function = parse_plural_forms(cldr_plural_forms(locale))
        assert count == len(tags)
        for n in SAMPLE_NUMBERS:
            assert tags[function(n)] == rule(n), (str(locale), n)
        checked += 1
    assert checked > 30  # CLDR 46 has 39 distinct rules
