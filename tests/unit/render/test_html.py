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
