"""The `leaflets` command: parse the options once, call one operation, print what it returns.

Expected problems (`LeafletError`) are printed as `file:line: message` without a traceback and
exit with status 1; anything else is a bug and shows its traceback. Every command a message
suggests is written as it can be run: a `make` target, or `.venv/bin/leaflets ...`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

from .errors import LeafletError, display_path
from .project import LAYOUTS_DOMAIN, Project

#: Preflight findings listed in the build summary; the rest are counted (and on the staff index).
PREFLIGHT_SHOWN = 10


def _stage(name: str) -> Any:
    """A stage imported on first use, so a build with nothing to do starts fast."""
    return importlib.import_module(f"pipeline.{name}")


def _project(args: argparse.Namespace) -> Project:
    root = Path(args.root).resolve()
    if not (root / "sources").is_dir():
        raise LeafletError(f"no sources/ folder in {root}; run the command from the project folder or give --root")
    return Project(root)


def _selection(args: argparse.Namespace, project: Project, include_source: bool = True) -> tuple[list[str], list[str]]:
    return project.select_documents(args.docs), project.select_locales(args.langs, include_source)


class Progress:
    """One line per finished PDF, "[ 12/48] built ..." (plain lines in CI and in logs); on a
    terminal also a progress bar on the last line, redrawn under each new line."""

    WIDTH = 30

    def __init__(self, stream: Any = None):
        self.stream = stream or sys.stdout
        self.bar = self.stream.isatty() and os.environ.get("TERM") != "dumb"
        self.count = self.total = 0

    def start(self, total: int) -> None:
        self.total = total
        self._draw()

    def __call__(self, outcome: Any) -> None:
        self.count += 1
        self._clear()
        print(f"[{self.count:>3}/{self.total}] {_stage('builder').describe(outcome)}", file=self.stream, flush=True)
        if self.count < self.total:
            self._draw()

    def _draw(self) -> None:
        if self.bar and self.total:
            done = self.WIDTH * self.count // self.total
            self.stream.write(f"[{'#' * done}{'.' * (self.WIDTH - done)}] {self.count}/{self.total} PDFs")
            self.stream.flush()

    def _clear(self) -> None:
        if self.bar:
            self.stream.write("\r\033[K")


def _summarise(summary: Any, project: Project) -> int:
    """The one-screen summary: built, up to date, failed, preflight, and how long it took."""
    for notice in summary.notices:
        print(f"note: {notice}", file=sys.stderr)
    for failure in summary.failures:
        print(f"FAILED {failure.locale} {failure.document}: not built\n  {failure.message}", file=sys.stderr)
    where = display_path(project.output)
    if not summary.outcomes and not summary.failures:
        print(f"Everything is up to date ({len(summary.skipped)} PDFs in {where}/<locale>/), "
              f"checked in {summary.seconds:.2f} s.")
        return 0
    built = sum(o.ok for o in summary.outcomes)
    print(f"\n{built} PDF(s) built, {len(summary.skipped)} up to date, {len(summary.failed)} failed, "
          f"{len(summary.failures)} leaflet(s) not loaded, in {summary.seconds:.1f} s. Outputs are in {where}/<locale>/.")
    if not summary.ok:
        print(f"Failed locales: {' '.join(summary.failed_locales)}. Fix the problems named above and run `make` "
              "again.", file=sys.stderr)
        return 1
    return 0


def _report_after_build(project: Project, documents: list[str], locales: list[str], summary: Any,
                        released: bool = False) -> None:
    publish = _stage("publish")
    shown = locales if released else project.select_locales(None)
    try:
        after = publish.after_build(project, documents if released else project.documents(), shown, summary, released)
    except LeafletError as exc:
        print(f"error: the checks and the staff index could not be written: {exc}", file=sys.stderr)
        return
    gate = _stage("publish.gate")
    print("\nChecks (`make check` lists every finding; drafts are built anyway, `make release` refuses them):")
    for report in after.assessment.leaflets:
        if report.locale in locales and report.document in documents:
            print(f"  {gate.summary_line(report)}")
    counts = _preflight_counts(summary)
    if counts:
        print("Print preflight of the PDFs built (shaping, geometry, pagination, line breaks, PDF/X, accessibility):")
        for (document, locale), (c, f, k) in sorted(counts.items(), key=lambda kv: (kv[0][1] != "en", kv[0][1])):
            print(f"  {locale:<8} {document:<24} {c} critical, {f} functional, {k} cosmetic")
        shown = [f"{display_path(o.job.output)}: page {page}: {severity}: {check}: {message}" if page else
                 f"{display_path(o.job.output)}: {severity}: {check}: {message}"
                 for o in summary.outcomes if o.ok for severity, check, page, message in o.findings
                 if severity != "cosmetic"]
        for line in shown[:PREFLIGHT_SHOWN]:
            print(f"    {line}")
        if len(shown) > PREFLIGHT_SHOWN:
            print(f"    ... and {len(shown) - PREFLIGHT_SHOWN} more: see output/index.html")
    print(f"Staff overview: {display_path(after.index)}")


def _preflight_counts(summary: Any) -> dict[tuple[str, str], tuple[int, int, int]]:
    counts: dict[tuple[str, str], list[int]] = {}
    for outcome in summary.outcomes:
        if outcome.ok:
            row = counts.setdefault((outcome.job.document, outcome.job.locale), [0, 0, 0])
            for finding in outcome.findings:
                row[("critical", "functional", "cosmetic").index(finding[0])] += 1
    return {key: (row[0], row[1], row[2]) for key, row in counts.items()}


# -- commands --------------------------------------------------------------------------------

def cmd_build(args: argparse.Namespace) -> int:
    project = _project(args)
    documents, locales = _selection(args, project)
    print(f"Building {len(documents)} document(s) in {len(locales)} locale(s): {' '.join(locales)}", flush=True)
    summary = _stage("builder").build(project, documents, locales, args.jobs, report=Progress(),
                                    executor=_executor(args))
    status = _summarise(summary, project)
    if not _write_site(project, args.jobs):
        status = 1
    if summary.outcomes or summary.failures:  # nothing rendered: checks and index are current
        _report_after_build(project, documents, locales, summary)
    return status


def _write_site(project: Project, jobs: int | None) -> bool:
    """The web edition of every document and locale (like the staff index), from the PDFs now
    in the output folder; False if it could not be written or its checks found a critical problem."""
    web = _stage("publish.web")
    try:
        result = web.write_site(project, project.documents(), project.select_locales(None), jobs)
    except LeafletError as exc:
        print(f"error: the web edition could not be written: {exc}", file=sys.stderr)
        return False
    for line in web.describe(result):
        print(line, file=sys.stdout if result.ok else sys.stderr)
    return bool(result.ok)


def _executor(args: argparse.Namespace) -> Any:
    if getattr(args, "executor", "local") != "dask":
        return None
    if not args.scheduler:
        raise LeafletError("--executor dask needs --scheduler tcp://HOST:8786 (the address `dask scheduler` prints)")
    return _stage("builder.executors").DaskExecutor(args.scheduler, _project(args).layouts)


def cmd_preview(args: argparse.Namespace) -> int:
    """Build only the requested locales, then write PNG pages a translator can look at."""
    preview = _stage("publish.preview")
    preview.check_dpi(args.dpi)
    status = cmd_build(args)
    project = _project(args)
    documents, locales = _selection(args, project)
    for locale in locales:
        for document in documents:
            for edition in _stage("render.editions").editions_for(locale):
                pdf = project.output_pdf(locale, document, edition.name)
                if not pdf.is_file():
                    continue
                pngs = preview.pages_to_png(pdf, project.output / locale / "preview", project.output_boundary, args.dpi)
                print(f"preview {display_path(pngs[0].parent)}/{pdf.stem}-*.png ({len(pngs)} page(s))")
    return status


def cmd_release(args: argparse.Namespace) -> int:
    """Build only leaflets that are ready into output/release/; refuse, with every reason, if any is not."""
    project = _project(args)
    documents, locales = _selection(args, project)
    print(f"Releasing into {display_path(project.output / 'release')}/: {' '.join(locales)}", flush=True)
    result = _stage("publish").release(project, documents, locales, args.jobs, report=Progress())
    status = _summarise(result.summary, result.project)
    for document, locale, why in result.refused:
        print(f"WITHDRAWN {locale} {document}: the print preflight found a critical problem\n  {why}", file=sys.stderr)
    print(f"Staff overview: {display_path(result.after.index)}")
    return 1 if result.refused else status


def cmd_approve(args: argparse.Namespace) -> int:
    """Sign off a translation (or, for en, the English) with the reviewer's own SSH key."""
    project = _project(args)
    locales = project.select_locales(args.langs)
    if not args.langs:
        raise LeafletError("name the language you reviewed: make approve LANGS=hi KEY=~/.ssh/id_ed25519")
    if args.layouts:
        domains = [LAYOUTS_DOMAIN]
    else:
        domains = project.select_documents(args.docs) + ([] if args.docs else [LAYOUTS_DOMAIN])
    approve = _stage("publish.approve").approve
    for locale in locales:
        for domain in domains:
            path = approve(project, domain, locale, Path(args.key).expanduser(), args.date)
            print(f"signed off {domain} in {locale}: {display_path(path)}")
    print("`make release` publishes a leaflet once its translation, the layouts' words and the English are all "
          "signed off.")
    return 0


def cmd_pot(args: argparse.Namespace) -> int:
    project = _project(args)
    for result in _stage("i18n.maintain").write_templates(project, project.select_documents(args.docs)):
        print(f"{'wrote' if result.changed else 'up to date:'} {display_path(result.path)}")
    return 0


def cmd_update_po(args: argparse.Namespace) -> int:
    project = _project(args)
    documents, locales = _selection(args, project, include_source=False)
    for result in _stage("i18n.maintain").update_catalogs(project, documents, locales):
        state = "created" if result.created else "updated" if result.changed else "unchanged"
        memory = f" ({result.from_memory} string(s) from the translation memory, fuzzy)" if result.from_memory else ""
        print(f"{state} {display_path(result.path)}{memory}")
    return 0


def cmd_new_locale(args: argparse.Namespace) -> int:
    project = _project(args)
    for path in _stage("i18n.maintain").start_locale(project, args.locale):
        print(f"wrote {display_path(path)}")
    print(f"Translate them in Poedit or Weblate, then `make preview LANGS={args.locale}`.")
    return 0


def cmd_fonts(args: argparse.Namespace) -> int:
    """Set-up: make the font faces that are not in the repository (layouts/fonts/fonts.yaml)."""
    made = [r for r in _stage("render.fontsetup").extract_faces(_project(args).layouts) if r.made]
    for result in made:
        print(f"extracted {display_path(result.path)} ({result.bytes / 2**20:.1f} MiB, {result.seconds:.1f} s)")
    return 0


def cmd_languages(args: argparse.Namespace) -> int:
    """The supported languages (the README's table), from the data; --readme writes it there."""
    project = _project(args)
    languages = _stage("publish.languages")
    if args.readme:
        changed = languages.write_readme_table(project)
        print(f"{'updated' if changed else 'up to date:'} the table of supported languages in README.md")
    else:
        print(languages.language_table(project))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    project = _project(args)
    documents, locales = _selection(args, project)
    gate = _stage("publish.gate")
    assessment = gate.assess(project, documents, locales, posters=not args.no_render)
    print(gate.format_findings(assessment))
    return 1 if any(r.count("critical") for r in assessment.leaflets) else 0


def cmd_stats(args: argparse.Namespace) -> int:
    project = _project(args)
    documents, locales = _selection(args, project)
    assessment = _stage("publish.gate").assess(project, documents, locales, posters=True)
    stats = _stage("publish.stats")
    rows = stats.statistics(assessment)
    if args.json:
        print(json.dumps([row.as_dict() for row in rows], indent=2, ensure_ascii=False))
    else:
        print(stats.format_statistics(rows))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="leaflets", description="Multilingual patient leaflets and posters.")
    parser.add_argument("--root", default=".", help="project folder (default: the current one)")
    sub = parser.add_subparsers(dest="command", required=True)
    selection = argparse.ArgumentParser(add_help=False)
    selection.add_argument("--langs", default=os.environ.get("LANGS", ""),
                           help='locales to work on, e.g. "hi ar" (default: $LANGS, else all)')
    selection.add_argument("--docs", default=os.environ.get("DOCS", ""),
                           help='documents to work on, e.g. "muscle-twitching" (default: $DOCS, else all)')
    workers = argparse.ArgumentParser(add_help=False)
    workers.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: all cores)")

    def add(name: str, func: Any, help_text: str, *parents: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, parents=list(parents))
        p.set_defaults(func=func)
        return p

    p = add("build", cmd_build, "render every edition of every document and locale into output/", selection, workers)
    p.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="where jobs run: this machine's cores, or a Dask cluster")
    p.add_argument("--scheduler", default=os.environ.get("DASK_SCHEDULER", ""),
                   help="the Dask scheduler's address, tcp://HOST:8786 (with --executor dask)")
    p = add("preview", cmd_preview, "build LANGS with PNG pages in output/<locale>/preview/", selection, workers)
    p.add_argument("--dpi", type=int, default=60, help="resolution of the PNG pages (30-300, default 60)")
    add("release", cmd_release, "build ready leaflets into output/release/, refusing drafts", selection, workers)
    add("pot", cmd_pot, "extract the templates locales/<domain>.pot", selection)
    add("update-po", cmd_update_po, "merge the templates into every catalog (with a translation memory)", selection)
    p = add("new-locale", cmd_new_locale, "start the catalogs of a new language")
    p.add_argument("locale", help="locale id as CLDR names it, e.g. de, pt_BR, zh_Hant")
    add("fonts", cmd_fonts, "set-up: extract the font faces not kept in the repository (CJK) into layouts/fonts/")
    p = add("languages", cmd_languages, "list the supported languages: locale, script, font, plural forms, digits")
    p.add_argument("--readme", action="store_true", help="write the table into README.md")
    p = add("check", cmd_check, "check the catalogs for translation mistakes", selection)
    p.add_argument("--no-render", action="store_true", help="skip laying out each poster to check it fits")
    p = add("approve", cmd_approve, "sign off a reviewed translation with your SSH key", selection)
    p.add_argument("--key", required=True, help="your SSH key: a private key file, or a .pub whose key ssh-agent holds")
    p.add_argument("--layouts", action="store_true", help="sign off only the layouts' words of the language")
    p.add_argument("--date", default=None, help="day of the review, YYYY-MM-DD (default: today)")
    p = add("stats", cmd_stats, "translation progress per document and locale", selection)
    p.add_argument("--json", action="store_true", help="machine-readable output")

    args = parser.parse_args(argv)
    if getattr(args, "jobs", None) is not None and not 1 <= args.jobs <= 256:
        parser.error("-j/--jobs must be from 1 to 256")
    # SIGTERM (a CI timeout, `kill`) ends the build like Ctrl-C: workers stop, temporary
    # folders are removed, and only complete PDFs are left.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return int(args.func(args))
    except LeafletError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; finished PDFs are complete, unfinished ones were not written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
