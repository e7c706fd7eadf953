"""Property-based tests (Hypothesis) for the escaping path and for catalog loading."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from pipeline.catalogs import load_catalog
from pipeline.errors import LeafletError
from pipeline.render import css_string, isolate_ltr

HEADER = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')


@given(st.text())
def test_css_string_is_one_string_token_whatever_the_text(text):
    value = css_string(text)
    inner = value[1:-1]
    assert value.startswith('"') and value.endswith('"')
    # Nothing inside can end the string, start an escape we did not write, or break the line.
    assert '"' not in inner and "'" not in inner and "\n" not in inner and "<" not in inner
    assert all(m.group(0) for m in re.finditer(r"\\[0-9a-f]{6} ", inner))
    assert inner.count("\\") == len(re.findall(r"\\[0-9a-f]{6} ", inner))


@given(st.text())
def test_escaped_text_never_carries_markup(text):
    escaped = str(Markup.escape(isolate_ltr(text, "rtl")))
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped


po_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(msgstr=po_text, tail=st.binary(max_size=300))
def test_catalog_loading_gives_a_catalog_or_a_located_error(tmp_path_factory, msgstr, tail):
    """Any bytes: either a catalog whose text round-trips, or a LeafletError naming the file."""
    folder = tmp_path_factory.mktemp("fr") / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    path = folder / "muscle-twitching.po"
    escaped = msgstr.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") \
        .replace("\r", "\\r")
    path.write_bytes((HEADER + f'msgctxt "k"\nmsgid "x"\nmsgstr "{escaped}"\n').encode() + tail)
    try:
        catalog = load_catalog(path, "fr")
    except LeafletError as exc:
        assert exc.path and exc.path.endswith("muscle-twitching.po")
        return
    if not tail.strip():
        assert catalog.lookup()[("k", "x")].msgstr == msgstr


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash_the_loader(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("hi") / "hi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    path = folder / "muscle-twitching.po"
    path.write_bytes(data)
    try:
        load_catalog(path, "hi")
    except LeafletError as exc:
        assert str(exc).startswith(str(Path(exc.path)))
