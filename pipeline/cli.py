"""The `leaflets` command. Each subcommand is a few lines that call the stages.

Expected problems (`LeafletError`) are printed as `file:line: message` without a traceback and
exit with status 1; anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import build as build_stage
from . import catalogs, extract, preview, quality
from .errors import LeafletError, display_path
from .project import Project
from .source import load_document


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
    summary = build_stage.build(project, locales, args.jobs,
                                report=lambda o: (print(build_stage.describe(o), flush=True), o)[1])
    return _summarise(summary)


def _summarise(summary) -> int:
    built = sum(o.ok for o in summary.outcomes)
    failed = [o for o in summary.outcomes if not o.ok]
    for locale, why in summary.failed_locales:
        print(f"FAILED {locale}: catalog not loaded, nothing built for it\n  {why}", file=sys.stderr)
    print(f"\n{built} PDF(s) built, {len(failed) + 2 * len(summary.failed_locales)} failed, "
          f"in {summary.seconds:.1f} s. Outputs are in output/<locale>/.")
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
    """Build only locales that are ready into output/release/; refuse, with reasons, if any is not."""
    project = _project(args)
    document = load_document(project.document_file)
    locales = project.select_locales(args.langs)
    refused = {locale: quality.readiness(project, document, locale) for locale in locales}
    refused = {locale: reasons for locale, reasons in refused.items() if reasons}
    if refused:
        for locale, reasons in refused.items():
            print(f"{locale}: not ready to release", file=sys.stderr)
            for reason in reasons:
                print(f"  - {reason}", file=sys.stderr)
        raise LeafletError(f"release refused for {len(refused)} locale(s): {' '.join(refused)}. "
                           "Drafts are built by `make` (marked DRAFT) but never released.")
    release = Project(project.root, project.output / "release")
    summary = build_stage.build(release, locales, args.jobs,
                                report=lambda o: (print(build_stage.describe(o), flush=True), o)[1])
    return _summarise(summary)


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
        changed = catalogs.update_catalog(project.catalog(locale), project.template)
        print(f"{'updated' if changed else 'unchanged'} {display_path(project.catalog(locale))}")
    return 0


def cmd_new_locale(args) -> int:
    project = _project(args)
    catalogs.new_catalog(project.template, project.catalog(args.locale), args.locale, args.team)
    print(f"wrote {display_path(project.catalog(args.locale))}; translate it in Poedit, then `make preview "
          f"LANGS={args.locale}`")
    return 0


def cmd_check(args) -> int:
    project = _project(args)
    report = quality.check_all(project, project.select_locales(args.langs, include_source=False))
    print(quality.format_findings(report))
    return 1 if report.has_errors else 0


def cmd_stats(args) -> int:
    project = _project(args)
    rows = quality.statistics(project, project.select_locales(args.langs))
    if args.json:
        import json
        print(json.dumps([row.as_dict() for row in rows], indent=2, ensure_ascii=False))
    else:
        print(quality.format_statistics(rows))
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
    add("check", cmd_check, "check the catalogs for translation mistakes")
    p = add("stats", cmd_stats, "translation progress per locale")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    args = parser.parse_args(argv)
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
