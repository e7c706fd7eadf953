"""`make bench`: the build's speed and memory targets, measured side by side in one run.

Outside the package on purpose: editing the benchmark must not re-render every PDF (the build's
fingerprint hashes the package's code), and it may use the pipeline only through its public
stages.

Everything runs on a temporary copy of the project, so output/ is untouched. Figures are
ratios of measurements taken in the same run on the same machine, which is what can be
compared on a noisy machine; nothing here is a pass/fail test of wall-clock time.
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.build import build, load_inputs, plan
from pipeline.build.executors import default_workers
from pipeline.i18n.locales import locale_info
from pipeline.i18n.localize import localize
from pipeline.project import Project

DOC = "muscle-twitching"

#: Latin-script locales CLDR knows, for synthetic pseudo-translations (not committed).
SYNTHETIC_LOCALES = (
    "af ast az bs ca cs cy da de dsb et eu fi fil fo fur fy ga gd gl gsw ha hr hsb hu id ig is it "
    "kl ksh lb lt lv mg mt nb nl nn pl pt ro rm se sk sl sq sv sw tr uz vi wae yo zu".split()
)
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%%")
ACCENTED = str.maketrans("aeiouycnsAEIOUYCNS", "àéîõüÿçñšÀÉÎÕÜŸÇÑŠ")


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
    for font in (root / "layouts" / "fonts").glob("*.[ot]tf"):
        try:
            os.link(font, into / "layouts" / "fonts" / font.name)
        except OSError:
            shutil.copy2(font, into / "layouts" / "fonts" / font.name)
    shutil.copy(root / "babel.cfg", into / "babel.cfg")
    return Project(into)


def pseudo_translate(text: str) -> str:
    """Accented, 30% longer text that keeps placeholders and digits, like a real translation."""
    parts = PLACEHOLDER.split(text)
    tokens = PLACEHOLDER.findall(text)
    out = [p.translate(ACCENTED) for p in parts]
    result = "".join(a + b for a, b in zip(out, tokens + [""]))
    return result + " ~" * max(1, len(text.split()) // 3) if text.strip() else result


def add_synthetic_locales(project: Project, count: int) -> list[str]:
    import polib

    from pipeline.i18n.maintain import update_catalogs

    added = SYNTHETIC_LOCALES[:count]
    for result in update_catalogs(project, project.documents(), list(added)):
        po = polib.pofile(str(result.path), wrapwidth=79)
        for entry in po:
            entry.msgstr = pseudo_translate(entry.msgid)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save()
    return list(added)


def snapshot(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def timed_cli(project: Project, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "--root", str(project.root), *args], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def naive_and_bare(project: Project, locales: list[str], html_dir: Path) -> tuple[float, float, float, int]:
    """The naive way (one `weasyprint` command per document) and bare warm WeasyPrint, in one
    process and on every core (what WeasyPrint alone achieves here: the full build's bound).

    Both render the very HTML and CSS the pipeline renders for each document (the poster at
    its fitted size, the leaflet with its notes page if it needed one).
    """
    from weasyprint import CSS, HTML

    from pipeline.project import LAYOUTS_DOMAIN, SOURCE_LOCALE
    from pipeline.render.editions import paper_for
    from pipeline.render.printshop import print_shop_options
    from pipeline.render.renderer import Renderer

    jobs = plan(project, [DOC], locales)
    inputs, _ = load_inputs(project, jobs)
    renderer = Renderer(project.layouts)
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
        css = renderer.layouts.page_css(ed, doc, inputs.clinic, paper, result.body_pt, result.headline_pt)
        html = renderer.html(ed, doc, inputs.clinic, linked=True)
        # Bare WeasyPrint has no hook to drop the notes page: leave it out where the pipeline did.
        if not ed.is_poster and len(_bare_layout(renderer, html, css).pages) != result.pages:
            html = renderer.html(ed, doc, inputs.clinic, linked=True, notes_page=False)
        options = print_shop_options(inputs.clinic) if ed.print_shop else {"pdf_variant": "pdf/ua-1"}
        documents.append((job, html, css, options))

    base = project.layouts.resolve()
    commands = []
    for job, html, css, _ in documents:
        page = html_dir / f"{job.locale}-{job.edition.name}.html"
        page.write_text(html.replace("<head>", f'<head>\n<base href="{base.as_uri()}/">\n<style>{css}</style>', 1),
                        encoding="utf-8")
        commands.append(page)
    weasyprint = Path(sys.executable).with_name("weasyprint")
    env = dict(os.environ, FONTCONFIG_FILE=str(base / "fonts" / "fonts.conf"))
    started = time.perf_counter()
    for page in commands:
        subprocess.run([str(weasyprint), "--pdf-variant", "pdf/ua-1", "--pdf-tags", str(page),
                        str(page.with_suffix(".pdf"))],
                       check=True, env=env, stderr=subprocess.DEVNULL)
    naive = time.perf_counter() - started

    def bare_render(html, css, options):
        base_url = (base / "x.html").as_uri()
        document = HTML(string=html, base_url=base_url, url_fetcher=renderer.fetcher).render(
            font_config=renderer.font_config,
            stylesheets=[CSS(string=css, base_url=base_url, url_fetcher=renderer.fetcher,
                             font_config=renderer.font_config)])
        return document.write_pdf(pdf_tags=True, **options)

    for _, html, css, options in documents[:3]:  # warm-up, as the pipeline gets one
        bare_render(html, css, options)
    seconds = []
    for _, html, css, options in documents:
        started = time.perf_counter()
        bare_render(html, css, options)
        seconds.append(time.perf_counter() - started)
    bare = sum(seconds)

    # The same, on every core: forked workers inherit this warm process; longest first.
    global _BARE
    _BARE = (documents, bare_render)
    order = sorted(range(len(documents)), key=lambda i: -seconds[i])
    with multiprocessing.get_context("fork").Pool(default_workers()) as pool:
        started = time.perf_counter()
        list(pool.imap_unordered(_bare_job, order))
        parallel = time.perf_counter() - started
    _BARE = None
    return naive, bare, parallel, len(documents)


_BARE = None  # (documents, render function) for the parallel bare run, inherited by fork


def _bare_layout(renderer, html: str, css: str):
    """Lay the HTML out with WeasyPrint alone (no hooks), as the bare runs do."""
    from weasyprint import CSS, HTML

    base_url = (renderer.layouts_dir.resolve() / "x.html").as_uri()
    return HTML(string=html, base_url=base_url, url_fetcher=renderer.fetcher).render(
        font_config=renderer.font_config,
        stylesheets=[CSS(string=css, base_url=base_url, url_fetcher=renderer.fetcher, font_config=renderer.font_config)])


def _bare_job(index: int) -> int:
    _, html, css, options = _BARE[0][index]
    _BARE[1](html, css, options)
    return index


def pipeline_in_process(project: Project, locales: list[str]) -> tuple[float, int]:
    """The pipeline's own per-document cost, warm, in one process (no pool), like bare."""
    out = Project(project.root, project.root / "warm")
    build(out, [DOC], locales, workers=1, force=True)  # warm-up: imports, fonts, templates
    started = time.perf_counter()
    summary = build(out, [DOC], locales, workers=1, force=True)
    return time.perf_counter() - started, len(summary.outcomes)


def run(root: Path) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="leaflets-bench-") as tmp:
        project = copy_project(root, Path(tmp) / "project")
        locales = project.select_locales(None)
        docs = len(plan(project, [DOC], locales))

        full = timed_cli(project, "build")
        before = snapshot(project.output)
        noop = statistics.median(timed_cli(project, "build") for _ in range(5))
        wrote = snapshot(project.output) != before

        # Builds that fork workers come first, while this process is small: a worker's peak
        # memory counts the pages it shares with its parent.
        # One catalog edited: only that locale's outputs are rendered.
        import polib
        po = polib.pofile(str(project.catalog("fr", DOC)), wrapwidth=79)
        entry = next(e for e in po if e.msgctxt == "poster.lead")
        entry.msgstr += " "
        po.save()
        summary = build(project, [DOC], locales)
        redone = sorted({o.job.locale for o in summary.outcomes})
        edited = Row("one catalog (fr) edited: locales re-rendered", " ".join(redone) or "none", "fr only",
                     redone == ["fr"])

        # Peak memory per worker, Chinese included.
        summary = build(project, [DOC], locales, force=True)
        peak = max(o.peak_rss_kib for o in summary.outcomes) / 1024
        zh = max((o.peak_rss_kib for o in summary.outcomes if o.job.locale == "zh_Hans"), default=0) / 1024
        memory = Row("peak memory of a worker (any job / Chinese)", f"{peak:.0f} / {zh:.0f} MiB", "< 250 MiB",
                     peak < 250)
        scale = scaling(project, locales)

        html_dir = Path(tmp) / "html"
        html_dir.mkdir()
        naive, bare, parallel, bare_docs = naive_and_bare(project, locales, html_dir)
        warm, warm_docs = pipeline_in_process(project, locales)
        cores = default_workers()

        rows += [
            Row("documents (every edition of every locale)", f"{docs} in {len(locales)} locales"),
            Row("naive: one `weasyprint` command per document", f"{naive:.2f} s"),
            Row("pipeline: full build, clean (`leaflets build`)", f"{full:.2f} s"),
            Row("full build speed-up over naive", f"{naive / full:.1f}x", ">= 5x", naive / full >= 5),
            Row(f"  bound: bare WeasyPrint, warm, on all {cores} cores", f"{parallel:.2f} s = {naive / parallel:.1f}x"),
            Row(f"  bound if {cores} cores ran {cores}x one core's speed", f"{bare / cores:.2f} s = {naive / bare * cores:.1f}x"),
            Row("bare WeasyPrint per document, warm, one process", f"{bare / bare_docs * 1000:.0f} ms"),
            Row("pipeline per document, warm, one process", f"{warm / warm_docs * 1000:.0f} ms"),
            Row("pipeline cost / bare WeasyPrint", f"{(warm / warm_docs) / (bare / bare_docs):.2f}x", "<= 1.2x",
                (warm / warm_docs) / (bare / bare_docs) <= 1.2),
            Row("no-op build (median of 5)", f"{noop * 1000:.0f} ms", "< 300 ms", noop < 0.3),
            Row("full build / no-op build", f"{full / noop:.0f}x", ">= 20x", full / noop >= 20),
            Row("files written by no-op builds", "some" if wrote else "none", "none", not wrote),
            edited,
            memory,
        ]
        rows += scale
    return rows


def scaling(project: Project, real: list[str]) -> list[Row]:
    """Wall time for 10, 25 and 50 synthetic locales: grows linearly with the documents."""
    extra = add_synthetic_locales(project, 50)
    assert not set(extra) & set(real)
    rows, per_doc = [], []
    for count in (10, 25, 50):
        target = Project(project.root, project.root / f"scale-{count}")
        started = time.perf_counter()
        summary = build(target, [DOC], extra[:count])
        seconds = time.perf_counter() - started
        docs = len(summary.outcomes)
        peak = max(o.peak_rss_kib for o in summary.outcomes) / 1024
        per_doc.append(seconds / docs)
        rows.append(Row(f"scaling: {count} synthetic locales, {docs} documents",
                        f"{seconds:.1f} s, {docs / seconds:.1f} docs/s, peak {peak:.0f} MiB"))
    spread = max(per_doc) / min(per_doc)
    rows.append(Row("scaling: time per document, largest / smallest run", f"{spread:.2f}", "<= 1.25 (linear)",
                    spread <= 1.25))
    return rows


def format_rows(rows: list[Row]) -> str:
    width = max(len(r.name) for r in rows)
    head = f"{'measure':<{width}}  {'value':<34} {'target':<18} met"
    lines = [f"Machine: {platform.machine()}, {default_workers()} cores, Python {platform.python_version()}, "
             f"{platform.platform()}", head, "-" * len(head)]
    for r in rows:
        met = "" if r.met is None else ("yes" if r.met else "NO")
        lines.append(f"{r.name:<{width}}  {r.value:<34} {r.target:<18} {met}")
    return "\n".join(lines)


def main(root: Path) -> int:
    rows = run(root)
    print(format_rows(rows))
    return 0 if all(r.met is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(Path.cwd()))
