"""The `leaflets` command. Each subcommand is a few lines that call the stages.

Expected problems (`LeafletError`) are printed as `file:line: message` without a traceback and
exit with status 1; anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import sys
from pathlib import Path

from . import build as build_stage
from .errors import LeafletError, display_path
from .project import SOURCE_LOCALE, Project


class _Lazy:
    """A stage module imported on first use, so a build with nothing to do starts fast."""

    def __init__(self, module: str):
        self._module = module

    def __getattr__(self, name):
        return getattr(importlib.import_module(f"pipeline.{self._module}"), name)


catalogs, extract, index, preview, quality, signoff, stats = (
    _Lazy(m) for m in ("catalogs", "extract", "index", "preview", "quality", "signoff", "stats"))


def load_document(path):
    from .source import load_document as load
    return load(path)


def _project(args) -> Project:
    root = Path(args.root).resolve()
    if not (root / "sources").is_dir():
        raise LeafletError(f"no sources/ folder in {root}; run the command from the project folder "
                           "or give --root")
    return Project(root)


def cmd_build(args) -> int:
    project = _project(args)
    locales = project.select_locales(args.langs)
    print(f"Building {len(locales)} locale(s): {' '.join(locales)}", flush=True)
    summary = build_stage.build(project, locales, args.jobs, report=_progress())
    status = _summarise(summary, project)
    if summary.outcomes or summary.failed_locales:  # nothing rendered: checks and index are current
        _report_and_index(project, locales, summary)
    return status


class _Progress:
    """One line per finished PDF, "[ 12/48] built ..." (plain lines in CI and in logs); on a
    terminal also a progress bar on the last line, redrawn under each new line."""

    WIDTH = 30

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.bar = self.stream.isatty() and os.environ.get("TERM") != "dumb"
        self.count = self.total = 0

    def start(self, total: int) -> None:
        self.total = total
        self._draw()

    def __call__(self, outcome) -> None:
        self.count += 1
        self._clear()
        print(f"[{self.count:>3}/{self.total}] {build_stage.describe(outcome)}", file=self.stream, flush=True)
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


def _progress() -> _Progress:
    return _Progress()


def _report_and_index(project: Project, built: list[str], summary, released: bool = False) -> None:
    """After a build: the checks' summary for the locales built, and the output folder's index.html.

    Findings never fail the build of a draft (the drafts are marked as such); `make release`
    refuses them. The poster fit is not re-checked here: the build just rendered every poster.
    """
    shown = project.select_locales(None) if not released else built
    reports = quality.assess(project, shown)
    print("\nChecks (`make check` lists every finding; drafts are built anyway, `make release` refuses them):")
    for report in reports:
        if report.locale in built:
            print(f"  {quality.summary_line(report)}")
    failures = {(o.job.locale, o.job.edition): o.message for o in summary.outcomes if not o.ok}
    target = index.write_index(project, reports, stats.statistics(project, reports), failures, released)
    print(f"Staff overview: {display_path(target)}")


def _summarise(summary, project: Project) -> int:
    """The one-screen summary: built, up to date, failed, and how long it took."""
    built = sum(o.ok for o in summary.outcomes)
    failed = summary.failed
    for locale, why in summary.failed_locales:
        print(f"FAILED {locale}: catalog not loaded, nothing built for it\n  {why}", file=sys.stderr)
    where = display_path(project.output)
    if not summary.outcomes and not summary.failed_locales:
        print(f"Everything is up to date ({len(summary.skipped)} PDFs in {where}/<locale>/), "
              f"checked in {summary.seconds:.2f} s.")
        return 0
    print(f"\n{built} PDF(s) built, {len(summary.skipped)} up to date, "
          f"{len(failed)} failed, {len(summary.failed_locales)} locale(s) not loaded, in {summary.seconds:.1f} s. "
          f"Outputs are in {where}/<locale>/.")
    if not summary.ok:
        names = sorted({o.job.locale for o in failed} | {loc for loc, _ in summary.failed_locales})
        print(f"Failed locales: {' '.join(names)}. Fix the problems named above and run `make` again.",
              file=sys.stderr)
        return 1
    return 0


def cmd_preview(args) -> int:
    """Build only the requested locales, then write PNG pages a translator can look at."""
    status = cmd_build(args)
    project = _project(args)
    for locale in project.select_locales(args.langs):
        for pdf in sorted((project.output / locale).glob("*.pdf")):
            pngs = preview.pages_to_png(pdf, project.output / locale / "preview", args.dpi)
            print(f"preview {display_path(pngs[0].parent)}/{pdf.stem}-*.png ({len(pngs)} page(s))")
    return status


def cmd_release(args) -> int:
    """Build only locales that are ready into output/release/; refuse, with every reason, if any is not."""
    project = _project(args)
    locales = project.select_locales(args.langs)
    reports = quality.assess(project, locales, posters=True)
    refused = [r for r in reports if not r.ready]
    for report in refused:
        print(f"{report.locale}: not ready to release", file=sys.stderr)
        for reason in report.reasons:
            print(f"  - {reason}", file=sys.stderr)
    if refused:
        raise LeafletError(f"release refused for {len(refused)} locale(s): {' '.join(r.locale for r in refused)}. "
                           "Drafts are built by `make` (marked DRAFT) but never released.")
    release = Project(project.root, project.output / "release")
    print(f"Releasing {len(locales)} locale(s) into {display_path(release.output)}/: {' '.join(locales)}",
          flush=True)
    summary = build_stage.build(release, locales, args.jobs, report=_progress())
    status = _summarise(summary, release)
    _report_and_index(release, locales, summary, released=True)
    return status


def cmd_approve(args) -> int:
    """Record a qualified reviewer's sign-off of one locale (English: the clinician's)."""
    project = _project(args)
    project.select_locales(args.locale)  # refuses a locale without a catalog, naming those there are
    written = signoff.approve(project, args.locale, args.reviewer, args.role, args.date)
    print(f"signed off {args.locale}: {written}")
    print("`make release` now publishes the English and every translation that is signed off too."
          if args.locale == SOURCE_LOCALE else
          f"`make release LANGS={args.locale}` now publishes it (once the English source is signed off too).")
    return 0


def cmd_pot(args) -> int:
    project = _project(args)
    document = load_document(project.document_file)
    new = extract.build_template(project.root, project.root / "babel.cfg", document, extract.creation_time())
    target = project.template
    if target.exists() and extract.same_apart_from_date(target.read_bytes(), new) \
            and "SOURCE_DATE_EPOCH" not in os.environ:
        print(f"{display_path(target)} is up to date")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    build_stage.write_atomically(target, new)
    print(f"wrote {display_path(target)}")
    return 0


def cmd_update_po(args) -> int:
    project = _project(args)
    if not project.template.exists():
        raise LeafletError("no template yet; run `make pot` first", display_path(project.template))
    for locale in project.select_locales(args.langs, include_source=False):
        result = catalogs.update_catalog(project.catalog(locale), project.template)
        print(f"{'updated' if result.changed else 'unchanged'} {display_path(result.path)}")
        if result.review_reset:
            print(f"  {locale}: the English changed since its sign-off, so X-Review-Status is back to draft; "
                  "have the changes reviewed, then `leaflets approve` it again")
    return 0


def cmd_new_locale(args) -> int:
    project = _project(args)
    catalogs.new_catalog(project.template, project.catalog(args.locale), args.locale, args.team)
    print(f"wrote {display_path(project.catalog(args.locale))}; translate it in Poedit, then `make preview "
          f"LANGS={args.locale}`")
    return 0


def cmd_check(args) -> int:
    project = _project(args)
    reports = quality.assess(project, project.select_locales(args.langs), posters=not args.no_render)
    print(quality.format_findings(reports))
    return 1 if any(r.count("critical") for r in reports) else 0


def cmd_stats(args) -> int:
    project = _project(args)
    reports = quality.assess(project, project.select_locales(args.langs), posters=True)
    rows = stats.statistics(project, reports)
    if args.json:
        print(json.dumps([row.as_dict() for row in rows], indent=2, ensure_ascii=False))
    else:
        print(stats.format_statistics(rows))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="leaflets", description="Multilingual patient leaflets and posters.")
    parser.add_argument("--root", default=".", help="project folder (default: the current one)")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name, func, help_text, langs=True):
        p = sub.add_parser(name, help=help_text)
        if langs:
            p.add_argument("--langs", default=os.environ.get("LANGS", ""),
                           help='locales to work on, e.g. "hi ar" (default: $LANGS, else all)')
        p.set_defaults(func=func)
        return p

    p = add("build", cmd_build, "render every edition of every locale into output/")
    p.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: all cores)")
    p = add("preview", cmd_preview, "build LANGS with PNG pages in output/<locale>/preview/")
    p.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--dpi", type=int, default=60, help="resolution of the PNG pages (default 60)")
    p = add("release", cmd_release, "build ready locales into output/release/, refusing drafts")
    p.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: all cores)")
    add("pot", cmd_pot, "extract the template locales/<domain>.pot", langs=False)
    add("update-po", cmd_update_po, "merge the template into every catalog")
    p = add("new-locale", cmd_new_locale, "start a catalog for a new language", langs=False)
    p.add_argument("locale", help="locale id as CLDR names it, e.g. de, pt_BR, zh_Hant")
    p.add_argument("--team", default="", help="Language-Team header, e.g. 'German <de@example.org>'")
    p = add("check", cmd_check, "check the catalogs for translation mistakes")
    p.add_argument("--no-render", action="store_true", help="skip rendering each poster to check it fits")
    p = add("approve", cmd_approve, "record a qualified reviewer's sign-off of one locale", langs=False)
    p.add_argument("locale", help="the locale signed off, e.g. hi (en: the clinician's sign-off of the source)")
    p.add_argument("--reviewer", required=True, help="the reviewer's name")
    p.add_argument("--role", required=True, help='e.g. "Medical translator, Hindi (ITI member)"')
    p.add_argument("--date", default=None, help="day of the review, YYYY-MM-DD (default: today)")
    p = add("stats", cmd_stats, "translation progress per locale")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    args = parser.parse_args(argv)
    # SIGTERM (a CI timeout, `kill`) ends the build like Ctrl-C: workers stop, temporary
    # folders are removed, and only complete PDFs are left.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return args.func(args)
    except LeafletError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; finished PDFs are complete, unfinished ones were not written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
