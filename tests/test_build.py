"""The build as staff run it: failures name where, other locales still build, nothing stale."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from pipeline.build import build, write_atomically
from pipeline.catalogs import load_catalog
from pipeline.localize import localize
from pipeline.source import load_clinic, load_document
from pipeline.cli import main
from pipeline.errors import LeafletError
from pipeline.render import Renderer, css_string, make_fetcher

from .conftest import set_translation


def test_broken_catalog_fails_its_locale_only_and_removes_its_old_pdfs(scratch, capsys):
    for locale in ("hi", "es"):
        for edition in ("leaflet", "poster"):
            write_atomically(scratch.output_pdf(locale, edition), b"%PDF-1.7 old build")
    po = scratch.catalog("hi")
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgctxt "x"\nmsgid "unterminated\nmsgstr ""\n',
                  encoding="utf-8")
    status = main(["--root", str(scratch.root), "build", "--langs", "hi es", "-j", "2"])
    out, err = capsys.readouterr()
    assert status == 1
    assert "locales/hi/LC_MESSAGES/muscle-twitching.po:" in err and "syntax error" in err
    assert "Failed locales: hi" in err
    assert not scratch.output_pdf("hi", "leaflet").exists() and not scratch.output_pdf("hi", "poster").exists()
    for edition in ("leaflet", "poster"):
        assert len(PdfReader(scratch.output_pdf("es", edition)).pages) >= 1


def test_unknown_language_in_langs_is_refused_with_the_list(scratch, capsys):
    assert main(["--root", str(scratch.root), "build", "--langs", "xx"]) == 1
    assert "LANGS names xx, which has no catalog; available: en" in capsys.readouterr().err


def test_missing_translation_is_shown_as_untranslated_not_silently_english(scratch):
    po = scratch.catalog("fr")
    set_translation(po, "poster.headline", "")
    summary = build(scratch, ["fr"], workers=1, only=("poster",))
    assert summary.ok
    poster = next(o for o in summary.outcomes if o.job.edition == "poster")
    assert poster.missing == 1
    doc = localize(load_document(scratch.document_file), load_catalog(po, "fr"), "fr")
    html = Renderer(scratch.layouts).html("poster", doc, load_clinic(scratch.clinic_file, scratch.layouts))
    assert '<span class="untranslated" lang="en">Muscle twitching is usually harmless</span>' in html


def test_translation_cannot_inject_markup(scratch):
    evil = '<img src="file:///etc/passwd"><a rel="attachment" href="file:///etc/passwd">x</a>'
    set_translation(scratch.catalog("es"), "about.what", evil)
    summary = build(scratch, ["es"], workers=1, only=("leaflet",))
    assert summary.ok, summary
    pdf = scratch.output_pdf("es", "leaflet").read_bytes()
    assert b"root:x:0:0" not in pdf and b"/EmbeddedFile" not in pdf
    assert "<img" in "".join(p.extract_text() for p in PdfReader(scratch.output_pdf("es", "leaflet")).pages)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://example.org/x.css", "data:text/css,p{}",
                                 "file:///work/../etc/hosts"])
def test_fetcher_serves_only_files_under_layouts(project, url):
    fetcher = make_fetcher(project.layouts)
    with pytest.raises(BaseException) as info:
        fetcher.fetch(url)
    assert "only files under layouts/ may be used" in str(info.value)
    assert fetcher.fetch((project.layouts / "common.css").as_uri()).read().startswith(b"/*")


def test_css_strings_cannot_escape_their_quotes():
    value = css_string('a"; } @import url(x); p { content: "\\')
    assert value.count('"') == 2 and "@import" not in value.replace("\\000040 ", "")


def test_bad_clinic_file_names_the_line(scratch):
    scratch.clinic_file.write_text(scratch.clinic_file.read_text().replace('"#0B5D6B"', '"red; x: y"'))
    with pytest.raises(LeafletError) as info:
        build(scratch, ["en"], workers=1)
    assert "sources/clinic.yaml:" in str(info.value) or "clinic.yaml:" in str(info.value)
    assert "must be a colour written #RRGGBB" in str(info.value)


class _Terminal:
    """A stand-in for stdout: a terminal or not."""

    def __init__(self, tty: bool):
        self.tty, self.text = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("tty", [False, True])
def test_progress_is_plain_lines_in_logs_and_a_bar_on_a_terminal(scratch, tty, monkeypatch):
    from pipeline.cli import _Progress

    monkeypatch.setenv("TERM", "xterm")
    stream = _Terminal(tty)
    build(scratch, ["hi"], workers=2, report=_Progress(stream), only=("poster", "poster-tabloid"))
    lines = [line for line in stream.text.replace("\r\033[K", "\n").splitlines() if line]
    finished = [line for line in lines if line.startswith("[  ")]
    assert [line[:7] for line in finished] == ["[  1/2]", "[  2/2]"]
    assert all("built" in line and "muscle-twitching-poster" in line for line in finished)
    bars = [line for line in lines if line.startswith("[#") or line.startswith("[.")]
    if tty:
        assert bars[0].endswith("0/2 PDFs") and bars[-1].endswith("1/2 PDFs")
        assert stream.text.endswith("\n")  # the bar is gone once the last PDF is reported
    else:
        assert not bars and "\033" not in stream.text
