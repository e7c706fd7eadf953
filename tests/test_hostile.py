"""Hostile and broken translations: no injection, no file or network access, nothing lost.

Each case puts one hostile text into a paragraph of the French leaflet (or replaces the whole
catalog) and states the expected outcome: a safe rendering (the text printed literally, no
file embedded, no script) or a clear error naming the file and line. Renders run in this
process under an audit hook that records every file opened and every network attempt.
"""

from __future__ import annotations

import shutil
import sys
import sysconfig
import tempfile
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

import pipeline
from pipeline.build import build, init_worker
from pipeline.executors import InlineExecutor

from .conftest import set_translation

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
        return build(project, locales, force=True, executor=executor, only=("leaflet",))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def outside(project, paths):
    """Files a render opened outside layouts/, the output folder, temporary files and Python."""
    roots = ALLOWED_ROOTS | {str(project.layouts), str(project.layouts.resolve()), str(project.output),
                             tempfile.gettempdir(), str((Path(__file__).parent.parent / "layouts").resolve())}
    return sorted({p for p in paths if not any(p == r or p.startswith(r.rstrip("/") + "/") for r in roots)})


@pytest.mark.parametrize("case, hostile, expected", HOSTILE_TEXTS, ids=[c[0] for c in HOSTILE_TEXTS])
def test_hostile_translation_is_rendered_safely_or_refused(scratch, case, hostile, expected):
    set_translation(scratch.catalog("fr"), "about.what", hostile)
    summary = audited_build(scratch, ["fr"])
    assert not Audit.network, Audit.network
    assert outside(scratch, Audit.opened) == []
    leaflet = scratch.output_pdf("fr", "leaflet")
    if expected != SAFE:
        messages = " ".join([o.message for o in summary.failed] + [why for _, why in summary.failed_locales])
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
    "huge": (b'# x\n' + b'#. ' + b"y" * 6_000_000 + b"\n", "larger than"),
    "empty": (b"", "header"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_CATALOGS))
def test_hostile_catalog_file_is_refused_and_others_still_build(scratch, case):
    data, expected = HOSTILE_CATALOGS[case]
    scratch.catalog("fr").write_bytes(data)
    summary = audited_build(scratch, ["fr", "es"])
    assert [locale for locale, _ in summary.failed_locales] == ["fr"]
    why = dict(summary.failed_locales)["fr"]
    assert expected in why and "locales/fr/LC_MESSAGES/muscle-twitching.po" in why
    assert not scratch.output_pdf("fr", "leaflet").exists()
    assert scratch.output_pdf("es", "leaflet").exists()
    assert not Audit.network and outside(scratch, Audit.opened) == []
