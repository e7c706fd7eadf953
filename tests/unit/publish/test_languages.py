"""README's table of supported languages is the one the data makes, so it cannot drift."""

from __future__ import annotations

from pipeline.publish.languages import END, START, language_row, language_table, readme_with_table, supported_locales


def test_the_readmes_table_of_languages_is_up_to_date(project):
    readme = (project.root / "README.md").read_text(encoding="utf-8")
    assert readme_with_table(readme, language_table(project)) == readme, \
        "README's table of supported languages is stale: run `.venv/bin/leaflets languages --readme`"


def test_every_language_a_clinic_asked_for_is_supported():
    asked = ("pl ro pt ru uk so bn ur pa gu fa tr vi tl ht ko ja zh_Hant am ti ne my "
             "en es fr hi ta ar zh_Hans").split()
    assert set(asked) <= set(supported_locales()) and len(supported_locales()) >= 25


def test_a_row_says_what_a_reader_of_the_table_needs(project):
    row = language_row(project.layouts, "ur").cells()
    assert row[:5] == ("Urdu / اردو", "`ur`", "Aran (Nastaliq)", "Noto Nastaliq Urdu", "right to left")
    assert language_row(project.layouts, "bn").digits == "০-৯"
    assert language_row(project.layouts, "ru").plural.startswith("one (1, 21, 31, …), few (2-4, 22-24, 32-34, …)")
    assert language_row(project.layouts, "pa").hyphenation.startswith("no")


def test_the_table_is_replaced_between_its_markers_only():
    text = f"intro\n{START}\nold table\n{END}\noutro\n"
    assert readme_with_table(text, "| new |") == f"intro\n{START}\n| new |\n{END}\noutro\n"
