"""Plural forms as CLDR states them, written as gettext expressions, and catalogs checked against them."""

from __future__ import annotations

import subprocess

import pytest

from pipeline.i18n.plurals import cldr_plural_forms, parse_plural_forms, plural_problem
from pipeline.publish.languages import supported_locales


@pytest.mark.parametrize("locale, expected", [
    ("hi", "nplurals=2; plural=n == 0 || n == 1 ? 0 : 1;"),  # Babel's legacy table says n != 1
    ("bn", "nplurals=2; plural=n == 0 || n == 1 ? 0 : 1;"),
    ("zh_Hans", "nplurals=1; plural=0;"),
    ("fr", "nplurals=3; plural=!(n == 0) && n % 1000000 == 0 ? 1 : n == 0 || n == 1 ? 0 : 2;"),
])
def test_known_rules(locale, expected):
    assert cldr_plural_forms(locale) == expected


def test_arabic_forms_four_and_five_are_in_cldr_order():
    _, function = parse_plural_forms(cldr_plural_forms("ar"))
    assert [function(n) for n in (0, 1, 2, 3, 11, 100, 102)] == [0, 1, 2, 3, 4, 5, 5]


@pytest.mark.parametrize("locale", sorted({"hi", "ar", "ru", "pl", "fr", "cy", "ga", "fil", *supported_locales()}))
def test_gnu_msgfmt_accepts_the_expressions(tmp_path, locale):
    header = cldr_plural_forms(locale)
    count, _ = parse_plural_forms(header)
    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                  f'"Plural-Forms: {header}\\n"\n\nmsgid "a"\nmsgid_plural "b"\n'
                  + "".join(f'msgstr[{i}] "x"\n' for i in range(count)), encoding="utf-8")
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("header, locale, problem", [
    ("nplurals=2; plural=(n != 1);", "hi", "puts 0 in form 1, CLDR in form 0"),
    ("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=0 && n%100<=2 ? 4 : 5);",
     "ar", "puts 11 in form 5, CLDR in form 4"),
    ("nplurals=" + "9" * 5000 + "; plural=0;", "hi", "is broken (the header is 5,020 characters long)"),
    ("nplurals=1; plural=__import__('os').system('x');", "zh_Hans", "is broken"),
    ("nplurals=2; plural=n / 0;", "hi", "fails for n = 0"),
    ("", "hi", "is broken"),
])
def test_a_catalog_header_that_disagrees_with_cldr_is_named_with_the_right_one(header, locale, problem):
    found = plural_problem(header, locale)
    assert found is not None and problem in found and cldr_plural_forms(locale) in found


def test_an_agreeing_header_written_differently_passes():
    assert plural_problem("nplurals=2; plural=(n > 1);", "hi") is None  # same forms for whole numbers
    assert plural_problem("nplurals=1; plural=0;", "zh_Hans") is None
