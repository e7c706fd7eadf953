"""The build as staff run it: failures name where, other locales still build, nothing stale."""

from __future__ import annotations

import shutil
import stat

import pytest
from pypdf import PdfReader

from pipeline.builder import build
from pipeline.cli import Progress, main
from pipeline.errors import LeafletError
from pipeline.files import FILE_MODE, write_atomically
from testkit import DOC, catalog, clinic_of, localized, pdf, renderer, set_translation


def test_broken_catalog_fails_its_locale_only_and_removes_its_old_pdfs(scratch, capsys):
    for locale in ("hi", "es"):
        for edition in ("leaflet", "poster"):
            write_atomically(pdf(scratch, locale, edition), b"%PDF-1.7 old build", scratch.root)
    po = catalog(scratch, "hi")
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgctxt "x"\nmsgid "unterminated\nmsgstr ""\n',
                  encoding="utf-8")
    status = main(["--root", str(scratch.root), "build", "--langs", "hi es", "-j", "2"])
    out, err = capsys.readouterr()
    assert status == 1
    assert "locales/hi/LC_MESSAGES/muscle-twitching.po:" in err and "syntax error" in err
    assert "Failed locales: hi" in err
    assert not pdf(scratch, "hi", "leaflet").exists() and not pdf(scratch, "hi", "poster").exists()
    for edition in ("leaflet", "poster"):
        assert len(PdfReader(pdf(scratch, "es", edition)).pages) >= 1
    assert "Staff overview: " in out and (scratch.output / "index.html").is_file()


def test_a_broken_shared_catalog_fails_its_locale_and_says_which_file(scratch, capsys):
    shared = catalog(scratch, "fr", "layouts")
    shared.write_text(shared.read_text(encoding="utf-8").replace('msgstr "', 'msgstr "\\a', 1), encoding="utf-8")
    assert main(["--root", str(scratch.root), "build", "--langs", "fr es", "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert "locales/fr/LC_MESSAGES/layouts.po:" in err and "the escape '\\a'" in err
    assert pdf(scratch, "es", "poster").is_file() and not pdf(scratch, "fr", "poster").exists()


def test_unknown_language_in_langs_is_refused_with_the_list(scratch, capsys):
    assert main(["--root", str(scratch.root), "build", "--langs", "xx"]) == 1
    assert "LANGS names xx, which has no catalog; available: en" in capsys.readouterr().err


def test_missing_translation_is_shown_as_untranslated_not_silently_english(scratch):
    set_translation(catalog(scratch, "fr"), "poster.headline", "")
    summary = build(scratch, [DOC], ["fr"], workers=1, only=("poster",))
    assert summary.ok
    (poster,) = summary.outcomes
    assert poster.missing == 1
    from pipeline.render.editions import edition_named
    html = renderer(scratch.layouts).html(edition_named("poster"), localized(scratch, "fr"), clinic_of(scratch))
    # A headline keeps its short words with the next (a no-break space after "is").
    assert '<span class="untranslated" lang="en">Muscle twitching is\u00a0usually harmless</span>' in html


def test_a_missing_layout_word_is_shown_in_english_and_counted(scratch):
    set_translation(catalog(scratch, "fr", "layouts"), "contact", "", "Questions? Call us")
    doc = localized(scratch, "fr")
    assert [(m.domain, m.key) for m in doc.missing] == [("layouts", "contact")]
    from pipeline.render.editions import edition_named
    html = renderer(scratch.layouts).html(edition_named("leaflet"), doc, clinic_of(scratch))
    assert '<span class="untranslated" lang="en">Questions? Call us</span>' in html


def test_translation_cannot_inject_markup(scratch):
    evil = '<img src="file:///etc/passwd"><a rel="attachment" href="file:///etc/passwd">x</a>'
    set_translation(catalog(scratch, "es"), "about.what", evil)
    summary = build(scratch, [DOC], ["es"], workers=1, only=("leaflet",))
    assert summary.ok, summary
    data = pdf(scratch, "es", "leaflet").read_bytes()
    assert b"root:x:0:0" not in data and b"/EmbeddedFile" not in data
    assert "<img" in "".join(p.extract_text() for p in PdfReader(pdf(scratch, "es", "leaflet")).pages)


def test_bad_clinic_file_names_the_line(scratch):
    scratch.clinic_file.write_text(scratch.clinic_file.read_text().replace('"#0B5D6B"', '"red; x: y"'))
    with pytest.raises(LeafletError) as info:
        build(scratch, [DOC], ["en"], workers=1)
    assert "clinic.yaml:" in str(info.value) and "must be a colour written #RRGGBB" in str(info.value)


def test_outputs_can_be_read_by_colleagues_and_the_web_server(scratch):
    assert build(scratch, [DOC], ["en"], workers=1, only=("poster",)).ok
    for path in (pdf(scratch, "en", "poster"), scratch.output / "en" / "thumbnails" / f"{DOC}-poster.png",
                 scratch.output / ".manifest.json"):
        assert stat.S_IMODE(path.stat().st_mode) == FILE_MODE and FILE_MODE & 0o044, path


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
    monkeypatch.setenv("TERM", "xterm")
    stream = _Terminal(tty)
    build(scratch, [DOC], ["hi"], workers=2, report=Progress(stream), only=("poster", "poster-tabloid"))
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


def test_preview_keeps_every_editions_pictures(scratch, capsys):
    assert main(["--root", str(scratch.root), "preview", "--langs", "hi", "--dpi", "30"]) == 0
    folder = scratch.output / "hi" / "preview"
    for edition in ("leaflet", "leaflet-large-print", "leaflet-letter", "leaflet-bilingual", "poster",
                    "poster-print", "poster-tabloid"):
        pages = len(PdfReader(pdf(scratch, "hi", edition)).pages)
        assert sorted(p.name for p in folder.glob(f"{DOC}-{edition}-[0-9]*.png")) == \
            sorted(f"{DOC}-{edition}-{n}.png" for n in range(1, pages + 1)), edition
    out = capsys.readouterr().out
    assert out.count("preview output/") == 7 or out.count(f"{DOC}-") >= 7


@pytest.mark.parametrize("dpi", ["0", "3000", "-5"])
def test_preview_refuses_a_resolution_that_makes_no_sense(scratch, capsys, dpi):
    assert main(["--root", str(scratch.root), "preview", "--langs", "hi", "--dpi", dpi]) == 1
    assert "give a resolution from 30 to 300" in capsys.readouterr().err
    assert not (scratch.output / "hi").exists(), "nothing is built for a refused request"


def test_the_approve_hint_is_a_command_staff_can_run(scratch, capsys):
    assert main(["--root", str(scratch.root), "check", "--no-render", "--langs", "fr"]) == 0
    assert main(["--root", str(scratch.root), "stats", "--langs", "fr"]) == 0
    out = capsys.readouterr().out
    assert "make approve LANGS=fr DOCS=muscle-twitching KEY=" in out
    assert "leaflets approve" not in out.replace(".venv/bin/leaflets approve", "")


def test_two_documents_in_one_output_folder_never_share_a_name(scratch):
    shutil.copy(scratch.document_file(DOC), scratch.sources / "copy-of-it.yaml")
    with pytest.raises(LeafletError, match="document.id is 'muscle-twitching' but the file is copy-of-it.yaml"):
        from pipeline.model.source import load_document
        load_document(scratch.sources / "copy-of-it.yaml", scratch.root)
