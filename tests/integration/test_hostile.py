"""Hostile and broken translations: no injection, no file or network access, nothing lost.

Each case puts one hostile text into a paragraph of the French leaflet (or replaces the whole
catalog) and states the expected outcome: a safe rendering (the text printed literally, no
file embedded, no script) or a clear error naming the file and line. Renders run in this
process under an audit hook that records every file opened and every network attempt.
"""

from __future__ import annotations

import re
import shutil
import sys
import sysconfig
import tempfile
import zlib
from pathlib import Path

import polib
import pytest
from pypdf import PdfReader

import pipeline
from pipeline.builder import build
from pipeline.builder.executors import InlineExecutor
from pipeline.builder.worker import init_worker
from pipeline.cli import main
from pipeline.model.clinic import load_clinic
from testkit import DOC, catalog, pdf, set_translation

SAFE = "safe"

# (id, hostile headline, expected outcome: SAFE or a piece of the error message)
HOSTILE_TEXTS = [
    ("script-tag", "<script>alert('x')</script>Secousses", SAFE),
    ("img-file", '<img src="file:///etc/passwd">', SAFE),
    ("attachment", '<a rel="attachment" href="file:///etc/passwd">piece jointe</a>', SAFE),
    ("style-import", "</p><style>@import url(file:///etc/passwd); body { display: none }</style>", SAFE),
    ("css-url", "url(http://127.0.0.1:9/x.png) url(file:///etc/hostname)", SAFE),
    ("svg-image", '<svg><image href="file:///etc/passwd"/></svg>', SAFE),
    ("jinja", "{{ config }} {{ 7*7 }} {{ ''.__class__.__mro__ }}", SAFE),
    ("jinja-statement", "{% include '/etc/passwd' %}", "write a percent sign as %%"),
    ("entity", "&lt;b&gt; &#60;script&#62; &amp;", SAFE),
    ("object", '<object data="file:///etc/passwd"></object><iframe src="http://127.0.0.1:9"></iframe>', SAFE),
    ("huge-width-format", "Secousses %(x)999999999s", "placeholders are broken"),
    ("positional-format", "Secousses %s %d", "placeholders are broken"),
    ("long-string", "Secousses " + "x" * 1_000_000, "longer than"),
    ("stray-percent", "Secousses à 90% %(x)s", "placeholders are broken"),
    ("long-word", "Secousses " + "m" * 3_000, SAFE),
]


class Audit:
    """Records files opened and network use while `active`; an audit hook cannot be removed."""

    active = False
    opened: list[str] = []
    network: list[str] = []

    @classmethod
    def hook(cls, event, args):
        if not cls.active:
            return
        if event == "open" and args and isinstance(args[0], (str, bytes, Path)):
            cls.opened.append(str(args[0] if not isinstance(args[0], bytes) else args[0].decode(errors="replace")))
        elif event.startswith("socket.") or event in ("urllib.Request", "http.client.connect"):
            cls.network.append(f"{event} {args!r:.200}")


sys.addaudithook(Audit.hook)

ALLOWED_ROOTS = {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
# Python's own lazily imported modules and tables: fixed paths, never chosen by input.
ALLOWED_ROOTS |= {sys.prefix, sys.base_prefix, "/dev/null", "/etc/mime.types", str(Path(pipeline.__file__).parent)}


class AuditedExecutor(InlineExecutor):
    """Runs jobs in this process with the audit on only while a job renders."""

    def run(self, fn, jobs):
        def audited(job):
            Audit.active = True
            try:
                return fn(job)
            finally:
                Audit.active = False
        return super().run(audited, jobs)


def audited_build(project, locales):
    Audit.opened, Audit.network = [], []
    folder = tempfile.mkdtemp(prefix="audited-")
    try:
        executor = AuditedExecutor(init_worker, (project.layouts,), folder)
        return build(project, [DOC], locales, force=True, executor=executor, only=("leaflet",))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def outside(project, paths):
    """Files a render opened outside layouts/, the output folder, temporary files and Python."""
    roots = ALLOWED_ROOTS | {str(project.layouts), str(project.layouts.resolve()), str(project.output),
                             tempfile.gettempdir(), str((Path(__file__).parent.parent / "layouts").resolve())}
    return sorted({p for p in paths if not any(p == r or p.startswith(r.rstrip("/") + "/") for r in roots)})


@pytest.mark.parametrize("case, hostile, expected", HOSTILE_TEXTS, ids=[c[0] for c in HOSTILE_TEXTS])
def test_hostile_translation_is_rendered_safely_or_refused(scratch, case, hostile, expected):
    set_translation(catalog(scratch, "fr"), "about.what", hostile)
    summary = audited_build(scratch, ["fr"])
    assert not Audit.network, Audit.network
    assert outside(scratch, Audit.opened) == []
    leaflet = pdf(scratch, "fr", "leaflet")
    if expected != SAFE:
        messages = " ".join([o.message for o in summary.failed] + [f.message for f in summary.failures])
        assert not summary.ok and expected in messages
        assert "muscle-twitching.po" in messages, "the error must name the catalog"
        assert not leaflet.exists(), "a failed locale must not leave a leaflet behind"
        return
    assert summary.ok, [o.message for o in summary.failed]
    raw = leaflet.read_bytes()
    assert b"/EmbeddedFile" not in raw and b"/JavaScript" not in raw and b"/JS " not in raw
    assert b"root:x:0:0" not in raw and b"root:x:0:0" not in _inflate_all(raw)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(leaflet).pages)
    visible = hostile.split()[0][:12]
    assert visible in text, f"the hostile text should be printed literally, not interpreted: {visible!r}"


def _inflate_all(raw: bytes) -> bytes:
    """Every Flate stream of a PDF decompressed, to look for leaked file contents."""
    out = []
    start = 0
    while (i := raw.find(b"stream", start)) != -1:
        begin = raw.find(b"\n", i) + 1
        end = raw.find(b"endstream", begin)
        try:
            out.append(zlib.decompress(raw[begin:end]))
        except zlib.error:
            pass
        start = end + 9 if end != -1 else len(raw)
    return b"\n".join(out)


HOSTILE_CATALOGS = {
    "nul-bytes": (b'msgid ""\nmsgstr "\x00"\n', "NUL"),
    "binary": (bytes(range(256)) * 40, "not UTF-8"),
    "huge": (b'# x\n' + b'#. ' + b"y" * 6_000_000 + b"\n", "more than the 5,000,000 allowed"),
    "empty": (b"", "header"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_CATALOGS))
def test_hostile_catalog_file_is_refused_and_others_still_build(scratch, case):
    data, expected = HOSTILE_CATALOGS[case]
    catalog(scratch, "fr").write_bytes(data)
    summary = audited_build(scratch, ["fr", "es"])
    assert summary.failed_locales == ["fr"]
    (why,) = [f.message for f in summary.failures]
    assert expected in why and "locales/fr/LC_MESSAGES/muscle-twitching.po" in why
    assert not pdf(scratch, "fr", "leaflet").exists()
    assert pdf(scratch, "es", "leaflet").exists()
    assert not Audit.network and outside(scratch, Audit.opened) == []


# -- paths that lead outside, and inputs that would stop every locale -------------------------

@pytest.fixture
def at_root(scratch, monkeypatch):
    monkeypatch.chdir(scratch.root)
    return scratch


@pytest.mark.parametrize("target, reason", [("/etc/passwd", "it leads outside the project"),
                                            ("/dev/zero", "it leads outside the project")])
def test_a_catalog_that_links_outside_fails_its_locale_and_reveals_nothing(at_root, capsys, target, reason):
    scratch = at_root
    po = catalog(scratch, "fr")
    po.unlink()
    po.symlink_to(target)
    assert main(["--root", str(scratch.root), "build", "--langs", "fr es", "-j", "1"]) == 1
    out, err = capsys.readouterr()
    assert f"locales/fr/LC_MESSAGES/muscle-twitching.po: refused: {reason}" in err
    assert "root:" not in out + err and "root:" not in (scratch.output / "index.html").read_text()
    assert pdf(scratch, "es", "poster").is_file() and not pdf(scratch, "fr", "poster").exists()


def test_a_locale_folder_that_links_outside_is_neither_read_nor_rewritten(at_root, tmp_path, capsys):
    scratch = at_root
    elsewhere = tmp_path / "elsewhere-de"
    shutil.copytree(scratch.locales / "fr", elsewhere)
    for po in (elsewhere / "LC_MESSAGES").glob("*.po"):
        po.write_text(po.read_text().replace("Language: fr", "Language: de"))
    before = {p: p.read_bytes() for p in elsewhere.rglob("*.po")}
    (scratch.locales / "de").symlink_to(elsewhere)
    assert main(["--root", str(scratch.root), "update-po", "--langs", "de"]) == 1
    assert "refused: it leads outside" in capsys.readouterr().err
    assert main(["--root", str(scratch.root), "build", "--langs", "de", "-j", "1"]) == 1
    assert "refused: it leads outside" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in elsewhere.rglob("*.po")} == before


def test_a_planted_temporary_link_is_not_written_through_by_update_po(at_root, tmp_path):
    scratch = at_root
    victim = tmp_path / "victim"
    victim.write_text("precious")
    for name in ("muscle-twitching.po.tmp", ".muscle-twitching.po.tmp", "layouts.po.tmp"):
        (scratch.locales / "fr" / "LC_MESSAGES" / name).symlink_to(victim)
    source = scratch.document_file(DOC)
    source.write_text(source.read_text().replace("text: Muscle twitching\n", "text: Muscle twitches\n", 1))
    assert main(["--root", str(scratch.root), "pot"]) == 0
    assert main(["--root", str(scratch.root), "update-po", "--langs", "fr"]) == 0
    assert victim.read_text() == "precious"
    assert "Muscle twitches" in catalog(scratch, "fr").read_text()


def test_an_output_folder_that_links_elsewhere_is_refused(at_root, tmp_path, capsys):
    scratch = at_root
    elsewhere = tmp_path / "elsewhere-output"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not the build's")
    scratch.output.symlink_to(elsewhere)
    assert main(["--root", str(scratch.root), "build", "--langs", "en", "-j", "1"]) == 1
    assert "output: refused: it leads outside" in capsys.readouterr().err
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]


def test_a_catalog_path_that_is_a_folder_fails_its_locale_only(at_root, capsys):
    scratch = at_root
    po = catalog(scratch, "fr")
    po.unlink()
    po.mkdir()
    assert main(["--root", str(scratch.root), "build", "--langs", "fr es", "-j", "1"]) == 1
    assert "locales/fr/LC_MESSAGES/muscle-twitching.po: the catalog is a folder" in capsys.readouterr().err
    assert pdf(scratch, "es", "leaflet").is_file()


def test_a_plural_forms_header_of_5000_digits_is_a_finding_not_a_crash(at_root, capsys):
    scratch = at_root
    po = catalog(scratch, "fr")
    header = '"Plural-Forms: nplurals=' + "9" * 5000 + '; plural=0;\\n"'
    po.write_text(re.sub(r'"Plural-Forms: [^"]*"', lambda m: header, po.read_text()))
    status = main(["--root", str(scratch.root), "build", "--langs", "fr", "-j", "1"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and status == 0, err
    assert "fr       muscle-twitching         1 critical" in out
    assert main(["--root", str(scratch.root), "check", "--no-render", "--langs", "fr"]) == 1
    assert "critical: plural-forms: Plural-Forms is broken (the header is 5,020 characters long)" in \
        capsys.readouterr().out


def test_a_broken_build_record_is_set_aside_and_the_build_goes_on(at_root, capsys):
    scratch = at_root
    assert main(["--root", str(scratch.root), "build", "--langs", "en", "-j", "1"]) == 0
    (scratch.output / ".manifest.json").write_text("[]")
    capsys.readouterr()
    assert main(["--root", str(scratch.root), "build", "--langs", "en", "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert "could not be used" in err and "set aside as output/.manifest.json.broken-" in err
    assert main(["--root", str(scratch.root), "build", "--langs", "en", "-j", "1"]) == 0
    assert "Everything is up to date" in capsys.readouterr().out


def test_a_catalog_of_runaway_strings_is_stopped_at_the_page_limit_while_laid_out(scratch):
    po = polib.pofile(str(catalog(scratch, "fr")), wrapwidth=79)
    for entry in po:
        if not entry.msgctxt.startswith("poster."):
            entry.msgstr = ("Secousses musculaires involontaires. " * 140)[:4999]
    po.save()
    summary = build(scratch, [DOC], ["fr"], workers=1, only=("leaflet",))
    (outcome,) = summary.outcomes
    assert not outcome.ok and "passed 40 pages while being laid out" in outcome.message
    assert not pdf(scratch, "fr", "leaflet").exists()


def test_a_4999_letter_arabic_word_is_a_critical_finding(scratch):
    set_translation(catalog(scratch, "ar"), "about.what", "ب" * 4999)
    from pipeline.publish.gate import assess
    (report,) = assess(scratch, [DOC], ["ar"]).leaflets
    (finding,) = [f for f in report.findings if f.check == "unbreakable"]
    assert finding.severity == "critical" and finding.msgctxt == "about.what" and "4,999 characters" in finding.message


@pytest.mark.parametrize("case, hostile, expected", HOSTILE_TEXTS, ids=[c[0] for c in HOSTILE_TEXTS])
def test_hostile_translation_in_the_web_edition_is_printed_literally_or_refused(scratch, case, hostile, expected):
    """The same corpus in the web page: the text is the paragraph's text, nothing else appears
    (no element, attribute, style or file), or the language's page says it is not available."""
    import lxml.html

    from pipeline.checks.web import check_site
    from pipeline.publish.web import site_folder, write_site
    from pipeline.publish.web.addresses import origin
    from pipeline.publish.web.pages import PAGE_TEMPLATE

    set_translation(catalog(scratch, "fr"), "about.what", hostile)
    Audit.opened, Audit.network = [], []
    Audit.active = True
    try:
        result = write_site(scratch, [DOC], ["en", "es", "fr"], workers=1)
    finally:
        Audit.active = False
    assert not Audit.network, Audit.network
    project_files = {str(scratch.root / name) for name in ("sources", "locales", "babel.cfg")}
    assert [p for p in outside(scratch, Audit.opened) if not any(p.startswith(r) for r in project_files)] == []
    folder = site_folder(scratch)
    french = folder / "leaflets" / "fr" / DOC / "index.html"
    page = lxml.html.fromstring(french.read_bytes())
    (state,) = [p for p in result.pages if p.locale == "fr"]
    if expected != SAFE:
        assert not state.available and expected in state.why and "muscle-twitching.po" in state.why
        assert "not available in" in page.xpath("string(//p[@class='subtitle'])")
        return
    assert state.available and result.ok, [str(f) for f in result.findings]
    (paragraph,) = page.xpath("//section[@id='about']/p[1]")
    assert paragraph.text_content() == hostile and len(paragraph) == 0  # its text, and no element in it
    spanish = lxml.html.fromstring((folder / "leaflets" / "es" / DOC / "index.html").read_bytes())
    assert [e.tag for e in page.iter()] == [e.tag for e in spanish.iter()], f"{PAGE_TEMPLATE}: the markup changed"
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert check_site(files, origin(load_clinic(scratch.clinic_file, scratch.layouts, scratch.root)), "site") == []
    assert b"passwd" not in files["leaflets/fr/muscle-twitching/style.css"]
