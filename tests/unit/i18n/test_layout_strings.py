"""The layouts' own words are read from the templates as they are now, whatever was read before.

`layout_strings` keeps what it extracted for the templates' exact bytes (a build and a test
process ask many times): an edit of the same length, made in the same instant, is still seen.
"""

from pipeline.i18n.extract import layout_strings

CFG = "[jinja2: layouts/**.html.j2]\nextensions = jinja2.ext.i18n\ntrimmed = true\n"


def test_an_edited_template_is_read_again_and_an_unchanged_one_gives_the_same_words(tmp_path):
    (tmp_path / "babel.cfg").write_text(CFG, encoding="utf-8")
    template = tmp_path / "layouts" / "web" / "page.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text('<p>{{ pgettext("panel", "Call us") }}</p>\n', encoding="utf-8")
    (tmp_path / "layouts" / "_drafts").mkdir()
    (tmp_path / "layouts" / "_drafts" / "old.html.j2").write_text('{{ gettext("Ignored") }}', encoding="utf-8")

    first = layout_strings(tmp_path, tmp_path / "babel.cfg")
    assert [(s.msgctxt, s.msgid, s.file) for s in first] == [("panel", "Call us", "layouts/web/page.html.j2")]
    assert layout_strings(tmp_path, tmp_path / "babel.cfg") == first

    template.write_text('<p>{{ pgettext("panel", "Mail us") }}</p>\n', encoding="utf-8")  # same length
    assert [s.msgid for s in layout_strings(tmp_path, tmp_path / "babel.cfg")] == ["Mail us"]

    (tmp_path / "layouts" / "leaflet.html.j2").write_text('{{ gettext("Notes") }}', encoding="utf-8")
    assert {s.msgid for s in layout_strings(tmp_path, tmp_path / "babel.cfg")} == {"Mail us", "Notes"}
