"""What the HTML and CSS a render writes can hold: escaping, isolation, the fetcher's limits."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from pipeline.render.fetcher import GENERATED, make_fetcher
from pipeline.render.html import css_string, isolate_ltr, keep_end_together
from pipeline.render.weasy.textmap import ClusterMap


@given(st.text())
def test_css_string_is_one_string_token_whatever_the_text(text):
    value = css_string(text)
    inner = value[1:-1]
    assert value.startswith('"') and value.endswith('"')
    # Nothing inside can end the string, start an escape we did not write, or break the line.
    assert '"' not in inner and "'" not in inner and "\n" not in inner and "<" not in inner
    assert inner.count("\\") == len(re.findall(r"\\[0-9a-f]{6} ", inner))


@given(st.text())
def test_escaped_text_never_carries_markup(text):
    escaped = str(Markup.escape(isolate_ltr(text, "rtl")))
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped


def test_css_strings_cannot_escape_their_quotes():
    value = css_string('a"; } @import url(x); p { content: "\\')
    assert value.count('"') == 2 and "@import" not in value.replace("\\000040 ", "")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://example.org/x.css", "data:text/css,p{}",
                                 "file:///work/../etc/hosts"])
def test_fetcher_serves_only_files_under_layouts(project, url):
    fetcher = make_fetcher(project.layouts)
    with pytest.raises(BaseException) as info:
        fetcher.fetch(url)
    assert "only files under layouts/ may be used" in str(info.value)
    assert fetcher.fetch((project.layouts / "common.css").as_uri()).read().startswith(b"/*")


def test_generated_images_are_served_only_by_name(project):
    fetcher = make_fetcher(project.layouts, generated={"qr.svg": b"<svg/>"})
    assert fetcher.fetch(f"{GENERATED}qr.svg").read() == b"<svg/>"
    for url in (f"{GENERATED}other.svg", f"{GENERATED}../common.css", "data:image/svg+xml,<svg/>"):
        with pytest.raises(BaseException, match="only files under layouts/"):
            fetcher.fetch(url)


def test_keep_end_together_escapes_and_never_wraps_part_of_a_word():
    """It used to wrap the last two characters in a nowrap <span>, which cut the Hindi
    "व्यायाम" inside a grapheme cluster (printed "व्याय◌ाम"); now it adds only word joiners
    (between the characters of a Chinese word) and no-break spaces, and escapes the rest."""
    from pipeline.i18n.segment import WJ

    # "无害" is a word, and the last two characters stay together: "无害的" cannot break.
    assert keep_end_together("肌肉跳动通常是无害的") == f"肌{WJ}肉跳{WJ}动通{WJ}常是无{WJ}害{WJ}的"
    assert keep_end_together("吸烟<b>及</b>其他烟草制品。") == \
        f"吸{WJ}烟&lt;b&gt;及&lt;/b&gt;其{WJ}他烟{WJ}草制{WJ}品。"  # "制品" whole, with its full stop
    assert keep_end_together("व्यायाम") == "व्यायाम"
    # A headline keeps its one- or two-letter words with the next word ("is usually").
    assert keep_end_together("Muscle twitching is usually harmless") == "Muscle twitching is\u00a0usually harmless"
    assert keep_end_together("Muscle twitching", end=False) == "Muscle twitching"
    assert keep_end_together("a<b") == "a&lt;b"
    # Arabic: a word joiner after the space, not a no-break space (pypdf extracted a line joined
    # so in reverse word order); the Arabic poster-tabloid's "عادةً" stood alone under its heading.
    assert str(keep_end_together("أسباب شائعة، بسيطة عادةً", True, "rtl")) == f"أسباب شائعة، بسيطة {WJ}عادةً"
    assert "\u00a0" not in str(keep_end_together("راجع الطبيب إذا", True, "rtl"))
    # The last word joins the word before it, measured as that word, not the group a short
    # word already joined it to ("-t-il tout": French large print left "seul ?" alone).
    assert keep_end_together("Pourquoi un muscle se contracte-t-il tout seul\u00a0?").endswith("tout\u00a0seul\u00a0?")


def test_cluster_map_gives_each_occurrence_its_own_text():
    class Font:
        glyph_count, type, bitmap = 100, "ttf", False
    clusters = ClusterMap(Font())
    clusters[7] = "क"
    clusters[7] = "कि"
    clusters[7] = "क"
    assert dict(clusters) == {7: "क"} and 7 not in clusters  # WeasyPrint keeps asking
    codes = [clusters.code_for(glyph, text) for glyph, text in clusters.pending]
    assert codes[0] == codes[2] == 7 and codes[1] >= 100 + 256
    assert clusters.code_for(7, "कि") == codes[1]



def test_a_run_whose_glyphs_keep_their_first_meaning_is_written_as_weasyprint_wrote_it():
    """The fast path: no glyph of the run means other text than its first mapping (Latin,
    Chinese), so the operand is returned as written; a glyph that does (Hindi's "कि" after "क")
    gets its alias; a run that does not match what was recorded is still an error."""
    import pytest

    from pipeline.render.weasy.textmap import TextMapError, _rewrite

    class Font:
        glyph_count, type, bitmap = 100, "ttf", False
    clusters = ClusterMap(Font())
    clusters[7], clusters[8] = "a", "b"
    clusters[7] = "a"
    text = b"<00070008>-12<0007>"
    assert _rewrite(text, clusters) is text and not clusters.pending and not clusters.differs
    clusters[7], clusters[8] = "कि", "b"
    assert clusters.differs
    assert _rewrite(b"<00070008>", clusters) == b"<%04x0008>" % (100 + 256)
    assert not clusters.pending and not clusters.differs
    clusters[8] = "b"
    with pytest.raises(TextMapError):
        _rewrite(b"<00070008>", clusters)  # two glyphs written, one recorded

def test_each_scripts_typography_becomes_rules_of_the_document_stylesheet():
    """Line heights, size and hyphenation come from scripts.yaml (none live in the layouts' CSS);
    English blocks of a poster and the bilingual's English column keep Latin's."""
    from pipeline.i18n.scripts import script_settings
    from pipeline.render.editions import edition_named
    from pipeline.render.html import script_rules

    latin = script_settings("Latn")
    urdu_poster = "\n".join(script_rules(edition_named("poster"), script_settings("Aran"), latin))
    assert "html { line-height: 1.4; }" in urdu_poster and "main h1 { line-height: 2; }" in urdu_poster
    assert "line-height: 1.6; }" in urdu_poster  # the small print: the footer's draft notice
    assert 'main h1[lang="en"] { line-height: 1.05; }' in urdu_poster
    assert 'main h1:not([lang="en"]) { padding-bottom: 0.5em; }' in urdu_poster
    arabic = "\n".join(script_rules(edition_named("leaflet-bilingual"), script_settings("Arab"), latin))
    assert "html body, html .col-local { font-size: 112.5%; }" in arabic
    assert '.col-en, .drugs td[lang="en"], .drugs th[lang="en"], .drugs .caption-en { line-height: 1.45; }' in arabic
    large = script_rules(edition_named("leaflet-large-print"), script_settings("Mymr"), latin)
    assert "html { line-height: 1.9; }" in large and any("hyphens: manual" in r for r in large)
    assert not any("hyphens" in r for r in script_rules(edition_named("leaflet"), latin, latin))


def test_no_layout_stylesheet_sets_a_scripts_line_height_itself(project):
    for sheet in project.layouts.glob("*.css"):
        assert not re.search(r"\.script-\w+[^{]*\{[^}]*line-height", sheet.read_text(encoding="utf-8")), sheet.name


def test_burmese_and_korean_layout_words_are_prepared_for_line_breaking_too():
    from pipeline.i18n.segment import WJ, ZWSP
    from pipeline.render.html import prepare_html

    html = prepare_html(Markup("<b>ဆေးရုံ</b> &amp; 천천히"), "syllables")
    assert str(html) == f"<b>ဆေး{ZWSP}ရုံ</b> &amp; 천천히"
    assert str(prepare_html(Markup("천천히 &amp;"), "words")) == f"천{WJ}천{WJ}히 &amp;"
    assert str(keep_end_together("ဆေးရုံသွားပါ", False, "ltr", "syllables")).count(ZWSP) == 2  # the last two kept
    assert ZWSP not in str(keep_end_together("ဆေးရုံသွားပါ", True, "ltr", "syllables"))  # a headline's short phrase


def test_the_margin_text_sizes_the_renderer_assumes_are_the_layouts(project):
    """editions.MARGIN_PT mirrors the margin texts' sizes in leaflet.css and large-print.css; the
    page counter's on both sides of the foot, since it stands at @bottom-left in right-to-left
    documents (Arabic large print kept the A4 leaflet's 8.5pt where only @bottom-right was set).
    Each is the Latin size times the script's (--script-size), as margin_rules assumes."""
    from pipeline.render.editions import MARGIN_PT

    size = r"font-size: calc\(([0-9.]+)pt \* var\(--script-size, 1\)\)"
    for large, sheet in ((False, "leaflet.css"), (True, "large-print.css")):
        css = (project.layouts / sheet).read_text(encoding="utf-8")
        for name, pattern in (("draft", r"^\.running-draft \{[^}]*" + size),
                              ("info", r"^\.running-info \{[^}]*" + size),
                              ("counter", r"@bottom-right \{[^}]*" + size),
                              ("counter", r"@bottom-left \{[^}]*" + size)):
            sizes = re.findall(pattern, css, re.M)
            assert sizes and float(sizes[0]) == MARGIN_PT[large][name], (sheet, name, pattern)


def test_names_are_marked_whole_in_any_case_and_never_inside_markup():
    from pipeline.i18n.segment import names_pattern
    from pipeline.render.html import keep_end_together

    names = names_pattern(("toxina botulínica tipo A", "prednisone", "Huntington"))
    text = keep_end_together("Prednisone or toxina botulínica tipo A; not prednisones. Huntington's.", False,
                             names=names)
    assert str(text).count('<span class="name">') == 3
    assert '<span class="name">Prednisone</span>' in text and "prednisones" in text and "name\">prednisones" not in text
    assert '<span class="name">Huntington</span>&#39;s' in text
    # In an English text of a right-to-left document the name is marked inside its Latin phrase;
    # in Arabic text never (two spans in one Latin phrase printed in reverse order); a name in a
    # tag is left alone.
    english = keep_end_together("such as prednisone", False, "rtl", names=names)
    assert '<span class="name">prednisone</span>' in english
    arabic = keep_end_together("مثل prednisone و Huntington", False, "rtl", names=names)
    assert 'class="name"' not in arabic and '<span class="latin">prednisone</span>' in arabic
    assert keep_end_together(Markup('<a title="prednisone">x</a>'), False, names=names) == '<a title="prednisone">x</a>'


def test_a_word_written_with_hyphens_is_kept_on_one_line_with_its_marks():
    from pipeline.i18n.segment import names_pattern
    from pipeline.render.html import keep_end_together

    wj = "\u2060"
    french = keep_end_together("Pourquoi un muscle se contracte-t-il tout seul", False)
    assert f"contracte-{wj}t-{wj}il" in french and "<span" not in french  # no box WeasyPrint breaks before
    hindi = keep_end_together("आँख के आस-पास", False)
    assert f"आस-{wj}पास" in hindi  # the joiner stands before a letter, never a vowel sign: no dotted circle
    assert wj not in keep_end_together("6-8 hours, B1-B6", False)  # numbers may break as they are
    assert 'class="name"' not in keep_end_together("مثل opsoclonus-myoclonus في", False, "rtl")
    named = keep_end_together("Creutzfeldt-Jakob disease", False, names=names_pattern(("Creutzfeldt-Jakob",)))
    assert named == f'<span class="name">Creutzfeldt-{wj}Jakob</span> disease'
    assert keep_end_together(Markup('<a title="a-b">x-y</a>'), False) == f'<a title="a-b">x-{wj}y</a>'  # never in a tag
    # Between Chinese characters a line may break after the hyphen: Chinese hyphenates no word,
    # and 眼阵挛-肌阵挛 moved down whole left the bilingual's line six characters short.
    chinese = keep_end_together("一种叫做眼阵挛-肌阵挛综合征的疾病", False, breaks="han-words")
    assert "挛-肌" in chinese and f"-{wj}" not in chinese


def test_half_width_pairs_marks_one_mark_of_each_pair_in_text_only():
    from pipeline.render.html import half_width_pairs

    # a closing mark before a pause, across a closing tag and a joiner; a pause before an opening mark
    assert half_width_pairs("<p>（电解质），以及（ALS）</strong>：x，（b）\u2060。</p>") == (
        '<p>（电解质<span class="halt">）</span>，以及（ALS<span class="halt">）</span></strong>：'
        'x，<span class="halt">（</span>b<span class="halt">）</span>\u2060。</p>')
    # two closing marks: each before another mark
    assert half_width_pairs("（a（b））。") == '（a（b<span class="halt">）</span><span class="halt">）</span>。'
    # never inside a tag or an attribute, never a mark alone or beside a letter
    assert half_width_pairs('<img alt="（a），（b）">（a）b （c） d') == '<img alt="（a），（b）">（a）b （c） d'
    # curly quotes, full-width in a Chinese font, beside a full-width mark; a Latin text's never
    assert half_width_pairs("称为“肌束颤动”。运动。“舞蹈病") == (
        '称为“肌束颤动<span class="halt">”</span>。运动。<span class="halt">“</span>舞蹈病')
    assert half_width_pairs("He said ‘no’”, “yes”. «oui»") == "He said ‘no’”, “yes”. «oui»"
    # only closing tags may stand between the two: an opening tag parts them
    assert half_width_pairs("（a）<b>，</b>") == "（a）<b>，</b>"
