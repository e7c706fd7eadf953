"""Catalogs are untrusted input: loaded strictly, or refused naming the file and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import LeafletError
from pipeline.i18n.catalogs import load_catalog

HERE = Path(__file__).parent
BAD_CATALOGS = sorted((HERE / "bad-catalogs").glob("*.po"))
HEADER = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')


@pytest.mark.parametrize("path", BAD_CATALOGS, ids=[p.stem for p in BAD_CATALOGS])
def test_bad_catalog_gets_file_line_and_specific_message(tmp_path, path):
    """Each file's first line says what to expect: `# expect <locale>:<line>: <message>`."""
    first = path.read_bytes().split(b"\n", 1)[0].decode()
    where, expected = first.removeprefix("# expect ").split(": ", 1)
    locale, line = where.split(":")
    target = tmp_path / "locales" / locale / "LC_MESSAGES" / "muscle-twitching.po"
    target.parent.mkdir(parents=True)
    shutil.copy(path, target)
    with pytest.raises(LeafletError) as info:
        load_catalog(target, locale, "muscle-twitching", tmp_path)
    assert (info.value.line, info.value.path) == (int(line), str(target))
    assert expected in info.value.message


def test_a_plain_catalog_loads_with_its_lines(tmp_path):
    path = tmp_path / "fr.po"
    path.write_text(HEADER + 'msgctxt "k"\nmsgid "x"\nmsgstr "y"\n', encoding="utf-8")
    catalog = load_catalog(path, "fr", "muscle-twitching", tmp_path)
    entry = catalog.lookup()[("k", "x")]
    assert entry.msgstr == "y" and entry.line == 7 and catalog.domain == "muscle-twitching"


def test_the_digest_covers_translations_flags_and_plural_forms_not_comments(tmp_path):
    path = tmp_path / "fr.po"
    path.write_text(HEADER + 'msgctxt "k"\nmsgid "x"\nmsgstr "y"\n', encoding="utf-8")

    def digest(text):
        path.write_text(text, encoding="utf-8")
        return load_catalog(path, "fr", "d", tmp_path).digest()

    base = digest(HEADER + 'msgctxt "k"\nmsgid "x"\nmsgstr "y"\n')
    assert digest(HEADER + '# a comment\n#: somewhere:3\nmsgctxt "k"\nmsgid "x"\nmsgstr "y"\n') == base
    assert digest(HEADER + 'msgctxt "k"\nmsgid "x"\nmsgstr "z"\n') != base
    assert digest(HEADER + '#, fuzzy\nmsgctxt "k"\nmsgid "x"\nmsgstr "y"\n') != base
    assert digest(HEADER.replace("(n > 1)", "(n != 1)") + 'msgctxt "k"\nmsgid "x"\nmsgstr "y"\n') != base


po_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(msgstr=po_text, tail=st.binary(max_size=300))
def test_catalog_loading_gives_a_catalog_or_a_located_error(tmp_path_factory, msgstr, tail):
    """Any bytes: either a catalog whose text round-trips, or a LeafletError naming the file."""
    root = tmp_path_factory.mktemp("fr")
    path = root / "muscle-twitching.po"
    escaped = msgstr.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") \
        .replace("\r", "\\r")
    path.write_bytes((HEADER + f'msgctxt "k"\nmsgid "x"\nmsgstr "{escaped}"\n').encode() + tail)
    try:
        catalog = load_catalog(path, "fr", "muscle-twitching", root)
    except LeafletError as exc:
        assert exc.path and exc.path.endswith("muscle-twitching.po")
        return
    if not tail.strip() and "\r" not in msgstr:
        assert catalog.lookup()[("k", "x")].msgstr == msgstr


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash_the_loader(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("hi")
    path = root / "muscle-twitching.po"
    path.write_bytes(data)
    try:
        load_catalog(path, "hi", "muscle-twitching", root)
    except LeafletError as exc:
        assert str(exc).startswith(str(Path(exc.path)))


def test_a_carriage_return_escape_is_refused_as_gettext_reads_it_otherwise(tmp_path):
    path = tmp_path / "fr.po"
    path.write_text(HEADER + 'msgctxt "k"\nmsgid "x"\nmsgstr "a\\rb"\n', encoding="utf-8")
    with pytest.raises(LeafletError, match=re.escape("the escape '\\r'")):
        load_catalog(path, "fr", "d", tmp_path)
