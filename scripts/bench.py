"""`make bench`: the build's speed and memory targets, measured side by side in one run.

Everything runs on a temporary copy of the project, so output/ is untouched. Figures are ratios
of measurements taken in the same run on the same machine, which is what can be compared on a
noisy machine; nothing here is a pass/fail test of wall-clock time.

Outside the package on purpose: editing the benchmark must not re-render every PDF (the build's
fingerprint hashes the package's code), and it uses the pipeline through its stages only.

Two parts:
- the project as it is (one document, every locale): the full build against its bound, bare
  WeasyPrint warm on all cores rendering the very same HTML; the pipeline's cost per document
  against bare WeasyPrint's; and where the difference goes;
- a library: the real document and 20 synthetic copies in every locale (about 1,000 PDFs):
  documents per second, peak memory per worker, the no-op build, one catalog edited, and the
  time per document across library sizes (linear or not).
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pipeline.builder import build, load_inputs, plan
from pipeline.builder.executors import default_workers
from pipeline.i18n.locales import locale_info
from pipeline.i18n.localize import localize
from pipeline.project import LAYOUTS_DOMAIN, SOURCE_LOCALE, Project

DOC = "muscle-twitching"
SYNTHETIC = 20  # documents added for the library run
ROUNDS = 2  # each timing that is compared is the least of this many, taken alternately


@dataclass(frozen=True)
class Row:
    name: str
    value: str
    target: str = ""
    met: bool | None = None


def copy_project(root: Path, into: Path) -> Project:
    """A working copy: sources, catalogs and layouts (fonts hard-linked, not copied)."""
    for name in ("sources", "locales"):
        shutil.copytree(root / name, into / name)
    shutil.copytree(root / "layouts", into / "layouts", ignore=shutil.ignore_patterns("*.ttf", "*.otf"))
    for font in (root / "layouts" / "fonts").glob("**/*.[ot]tf"):  # the CJK faces set-up made (cjk/) too
        target = into / font.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(font, target)
        except OSError:
            shutil.copy2(font, target)
    shutil.copy(root / "babel.cfg", into / "babel.cfg")
    return Project(into)


def add_synthetic_documents(project: Project, count: int) -> list[str]:
    """`count` more documents, each a copy of the real one under its own id with its own catalogs
    (the same words: what is measured is how the build scales with documents)."""
    source = project.document_file(DOC).read_text(encoding="utf-8")
    added = []
    for n in range(1, count + 1):
        name = f"synthetic-{n:02d}"
        project.document_file(name).write_text(source.replace(f"id: {DOC}", f"id: {name}", 1), encoding="utf-8")
        for locale in project.translated_locales():
            po = project.catalog(locale, DOC).read_text(encoding="utf-8")
            project.catalog(locale, name).write_text(po, encoding="utf-8")
        added.append(name)
    return added


def snapshot(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def timed_cli(project: Project, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "--root", str(project.root), *args], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


# -- bare WeasyPrint: the bound ----------------------------------------------------------------

def bare_documents(project: Project, locales: list[str]):
    """The HTML, CSS and PDF options of the layout the pipeline keeps for each job: the poster at
    its fitted size, the leaflet with the joins, the space between blocks and the notes under its
    text that its last layout had (the renderer's state when its second layout has decided), and
    its page of notes only where the pipeline kept one."""
    from pipeline.render.editions import paper_for
    from pipeline.render.printshop import print_shop_options
    from pipeline.render.renderer import Renderer

    jobs = plan(project, [DOC], locales)
    inputs, _ = load_inputs(project, jobs)
    renderer = Renderer(project.layouts)
    layouts = renderer.layouts
    kept: list[tuple] = []
    decide = Renderer._second_layout

    def second_layout(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        document = decide(self, *args, **kwargs)
        kept.append((layouts.joined_ends, layouts.notes_flow, layouts.space))
        return document

    renderer._second_layout = second_layout.__get__(renderer)  # type: ignore[method-assign]
    english = locale_info(SOURCE_LOCALE, inputs.clinic.territory)
    documents = []
    for job in jobs:
        doc = localize(inputs.documents[DOC], locale_info(job.locale, inputs.clinic.territory),
                       inputs.catalogs.get((DOC, job.locale)), inputs.catalogs.get((LAYOUTS_DOMAIN, job.locale)),
                       inputs.strings, inputs.reviews[(DOC, job.locale)],
                       english if job.edition.layout == "bilingual" else None)
        ed = job.edition
        result = renderer.render(ed, doc, inputs.clinic, b"bench")
        paper = paper_for(ed, job.locale, inputs.clinic.territory, inputs.clinic.paper)
        layouts.joined_ends, layouts.notes_flow, layouts.space = kept[-1]
        try:
            css = layouts.page_css(ed, doc, inputs.clinic, paper, result.body_pt, result.headline_pt)
            html = renderer.html(ed, doc, inputs.clinic, linked=True)
            # Bare WeasyPrint has no hook to drop the notes page: leave it out where the pipeline did.
            if not ed.is_poster and len(_bare_layout(renderer, html, css).pages) != result.pages:
                html = renderer.html(ed, doc, inputs.clinic, linked=True, notes_page=False)
        finally:
            layouts.joined_ends, layouts.notes_flow, layouts.space = frozenset(), None, 1.0
        options = print_shop_options(inputs.clinic) if ed.print_shop else {"pdf_variant": "pdf/ua-1"}
        documents.append((job, html, css, options))
    del renderer._second_layout
    return renderer, documents


def _bare_layout(renderer, html: str, css: str):
    """Lay the HTML out with WeasyPrint alone (no hooks), as the bare runs do."""
    from weasyprint import CSS, HTML

    base_url = (renderer.layouts_dir.resolve() / "x.html").as_uri()
    return HTML(string=html, base_url=base_url, url_fetcher=renderer.fetcher).render(
        font_config=renderer.font_config,
        stylesheets=[CSS(string=css, base_url=base_url, url_fetcher=renderer.fetcher, font_config=renderer.font_config)])


_BARE = None  # (renderer, documents) for the parallel bare run, inherited by fork


def _bare_render(index: int) -> float:
    renderer, documents = _BARE  # type: ignore[misc]
    _, html, css, options = documents[index]
    started = time.perf_counter()
    _bare_layout(renderer, html, css).write_pdf(pdf_tags=True, **options)
    return time.perf_counter() - started


def bound(documents) -> float:
    """Bare WeasyPrint, warm, on every core: the seconds for all `documents` (bare_documents)."""
    global _BARE
    _BARE = documents
    order = sorted(range(len(documents[1])), key=lambda i: -documents[1][i][0].edition.seconds)  # longest first
    try:
        with multiprocessing.get_context("fork").Pool(default_workers()) as pool:
            pool.map(_bare_render, order[:default_workers()])  # warm each worker
            started = time.perf_counter()
            list(pool.imap_unordered(_bare_render, order))
            return time.perf_counter() - started
    finally:
        _BARE = None


# -- the pipeline ------------------------------------------------------------------------------

def per_document(project: Project, locales: list[str], documents) -> tuple[float, float, int, dict[str, float]]:
    """Bare WeasyPrint and the pipeline's job (localize, fit, lay out, preflight, write, thumbnail)
    on each document in turn, warm, in this one process, each the least of ROUNDS tries: the two
    are measured side by side, so a machine that slows down for a minute slows both. Returns the
    seconds of each summed over the documents, their count, and where the pipeline's time goes."""
    global _BARE
    from pipeline.builder import worker

    jobs = plan(project, [DOC], locales)
    inputs, _ = load_inputs(project, jobs)
    worker.init_worker(project.layouts)
    by_job = {job: i for i, (job, *_) in enumerate(documents[1])}
    _BARE = documents
    try:
        for job in jobs[:3]:  # warm-up: imports, fonts, templates, as a worker's first jobs
            worker.render_job(job, inputs), _bare_render(by_job[job])
        bare_total = pipe_total = 0.0
        parts: dict[str, float] = defaultdict(float)
        for job in jobs:
            bare_best = pipe_best = float("inf")
            timings: dict[str, float] = {}
            for _ in range(ROUNDS):
                bare_best = min(bare_best, _bare_render(by_job[job]))
                started = time.perf_counter()
                outcome = worker.render_job(job, inputs)
                seconds = time.perf_counter() - started
                assert outcome.ok, outcome.message
                if seconds < pipe_best:
                    pipe_best, timings = seconds, dict(outcome.timings)
            bare_total += bare_best
            pipe_total += pipe_best
            for name, value in timings.items():
                parts[name] += value
        return bare_total, pipe_total, len(jobs), parts
    finally:
        _BARE = None


def after_build_seconds(project: Project, locales: list[str]) -> float:
    """The checks, statistics and staff index a build writes after its PDFs."""
    from pipeline.publish import after_build

    summary = build(project, [DOC], locales)  # nothing to do: the summary of a no-op build
    started = time.perf_counter()
    after_build(project, project.documents(), locales, summary)
    return time.perf_counter() - started


def real_project(project: Project) -> list[Row]:
    locales = project.select_locales(None)
    documents = bare_documents(project, locales)
    # The full build and its bound, alternately, each the least of ROUNDS: this machine's speed
    # drifts by a third over minutes, and a ratio of two runs minutes apart measured the drift.
    fulls, bounds = [], []
    for _ in range(ROUNDS):
        bounds.append(bound(documents))
        shutil.rmtree(project.output, ignore_errors=True)  # a clean build each time
        fulls.append(timed_cli(project, "build"))
    full, parallel = min(fulls), min(bounds)
    after = after_build_seconds(project, locales)
    one, warm, count, parts = per_document(project, locales, documents)
    cores = default_workers()
    per_bare, per_pipe = one / count, warm / count
    extra_layouts = parts["trials"] - count
    checks = (parts["inspect"] + parts["check-pdf"]) / count
    return [
        Row("documents (every edition of every locale)", f"{count} in {len(locales)} locales"),
        Row(f"bound: bare WeasyPrint, warm, same HTML, on all {cores} cores (least of {ROUNDS})", f"{parallel:.2f} s"),
        Row(f"full clean build (`leaflets build`, CLI start-up and index included; least of {ROUNDS})",
            f"{full:.2f} s"),
        Row("full build / bound", f"{full / parallel:.2f}x", "<= 1.1x", full / parallel <= 1.1),
        Row(f"bare WeasyPrint per document, warm, one process (least of {ROUNDS})", f"{per_bare * 1000:.0f} ms"),
        Row(f"the pipeline's job per document, the same process, alternately (least of {ROUNDS})",
            f"{per_pipe * 1000:.0f} ms"),
        Row("pipeline / bare WeasyPrint per document", f"{per_pipe / per_bare:.2f}x", "<= 1.1x",
            per_pipe / per_bare <= 1.1),
        # The least any job can cost: WeasyPrint's own layout and PDF, plus the preflight of every
        # page that the build must run before anyone prints it (no second layout, no thumbnail).
        Row("  floor: bare WeasyPrint + the required preflight, per document / bare",
            f"{(per_bare + checks) * 1000:.0f} ms, {(per_bare + checks) / per_bare:.2f}x"),
        Row("  where it goes: layout (poster trials included)", f"{parts['layout'] * 1000 / count:.0f} ms/doc"),
        Row("  extra layouts to fit posters (beyond one each)", f"{extra_layouts:.0f} for {count} documents"),
        Row("  preflight of the layout (boxes) / of the PDF",
            f"{parts['inspect'] * 1000 / count:.0f} / {parts['check-pdf'] * 1000 / count:.0f} ms/doc"),
        Row("  writing the PDF / thumbnail / localizing",
            f"{parts['write'] * 1000 / count:.0f} / {parts['thumbnail'] * 1000 / count:.0f} / "
            f"{parts['localize'] * 1000 / count:.0f} ms/doc"),
        Row("  checks, statistics and staff index after the build", f"{after:.2f} s"),
    ]


def library(project: Project) -> list[Row]:
    extra = add_synthetic_documents(project, SYNTHETIC)
    documents = project.documents()
    locales = project.select_locales(None)
    rows: list[Row] = []
    runs = []
    shutil.rmtree(project.output, ignore_errors=True)  # the whole library goes where `make` puts it
    for size in (5, 10, len(documents)):
        output = project.output if size == len(documents) else project.root / f"library-{size}"
        count, seconds, peak = library_build(project.root, output, size)
        runs.append((size, count, seconds, peak))
        rows.append(Row(f"library: {size} documents x {len(locales)} locales", f"{count} PDFs in "
                        f"{seconds:.0f} s, {count / seconds:.1f} PDFs/s, peak {peak:.0f} MiB"))
    peak = max(run[3] for run in runs)
    rows.append(Row("peak memory of a worker (any run)", f"{peak:.0f} MiB", "< 250 MiB", peak < 250))
    per_pdf = [run[2] / run[1] for run in runs]
    spread = max(per_pdf) / min(per_pdf)
    rows.append(Row("time per PDF, largest / smallest library", f"{spread:.2f}", "<= 1.15 (linear)", spread <= 1.15))

    # The whole library with nothing to do: the no-op build, as staff run it. The builds above
    # made the PDFs only; the first `leaflets build` writes the staff index and web edition.
    timed_cli(project, "build")
    before = snapshot(project.output)
    noop = statistics.median(timed_cli(project, "build") for _ in range(3))
    wrote = snapshot(project.output) != before
    rows += [Row(f"no-op build of the whole library ({runs[-1][1]} PDFs, median of 3)", f"{noop * 1000:.0f} ms",
                 "< 500 ms", noop < 0.5),
             Row("files written by no-op builds", "some" if wrote else "none", "none", not wrote)]

    # One catalog edited: only that document in that locale is rendered again.
    import polib
    po_path = project.catalog("fr", extra[0])
    po = polib.pofile(str(po_path), wrapwidth=79)
    next(e for e in po if e.msgctxt == "poster.lead").msgstr += " "
    po.save()
    summary = build(project, documents, locales)
    redone = sorted({(o.job.document, o.job.locale) for o in summary.outcomes})
    rows.append(Row("one catalog edited: leaflets rendered again", ", ".join(f"{d} {loc}" for d, loc in redone),
                    f"{extra[0]} fr only", redone == [(extra[0], "fr")]))
    return rows


def library_build(root: Path, output: Path, size: int) -> tuple[int, float, float]:
    """Build the first `size` documents in every locale, in a fresh process: its workers fork
    from a small coordinator, as `leaflets build` does (forked from this benchmark's process,
    whose bare renders made it large, a worker's peak would count pages it never touched).
    Returns the PDFs made, the seconds and the largest peak memory of a worker (MiB)."""
    result = subprocess.run([sys.executable, __file__, "--library-build", str(root), str(output), str(size)],
                            check=True, capture_output=True, text=True)
    count, seconds, peak = result.stdout.split()
    return int(count), float(seconds), float(peak)


def _library_build_here(root: str, output: str, size: str) -> int:
    project = Project(Path(root), Path(output))
    started = time.perf_counter()
    summary = build(project, project.documents()[:int(size)], project.select_locales(None))
    seconds = time.perf_counter() - started
    assert summary.ok, [o.message for o in summary.failed][:3]
    print(len(summary.outcomes), seconds, max(o.peak_rss_kib for o in summary.outcomes) / 1024)
    return 0


def format_rows(rows: list[Row]) -> str:
    width = max(len(r.name) for r in rows)
    head = f"{'measure':<{width}}  {'value':<44} {'target':<16} met"
    lines = [f"Machine: {platform.machine()}, {default_workers()} cores, Python {platform.python_version()}, "
             f"{platform.platform()}", head, "-" * len(head)]
    for r in rows:
        met = "" if r.met is None else ("yes" if r.met else "NO")
        lines.append(f"{r.name:<{width}}  {r.value:<44} {r.target:<16} {met}")
    return "\n".join(lines)


def main(root: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="leaflets-bench-") as tmp:
        project = copy_project(root, Path(tmp) / "project")
        rows = real_project(project)
        print(format_rows(rows), flush=True)
        rows += library(project)
    print()
    print(format_rows(rows))
    return 0 if all(r.met is not False for r in rows) else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--library-build"]:
        sys.exit(_library_build_here(*sys.argv[2:5]))
    sys.exit(main(Path.cwd()))
